# bug: AP116 a helper installs handlers with signal.signal for a loop it was given, instead of loop.add_signal_handler
"""Shared start-up helpers for our asyncio daemons."""

from __future__ import annotations

import asyncio
import signal


def install_shutdown_handlers(loop: asyncio.AbstractEventLoop, main_task: asyncio.Task[None]) -> None:
    def handler(signum: int, frame: object) -> None:
        loop.call_soon_threadsafe(main_task.cancel)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)  # expect: AP116


async def serve() -> None:
    while True:
        await asyncio.sleep(3600)


async def main() -> None:
    task = asyncio.create_task(serve())
    install_shutdown_handlers(asyncio.get_running_loop(), task)
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
        print("shut down cleanly")


if __name__ == "__main__":
    asyncio.run(main())
