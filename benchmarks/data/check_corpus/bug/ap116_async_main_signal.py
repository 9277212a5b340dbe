# bug: AP116 signal.signal() installed in the main coroutine; the handler touches loop objects off-loop
"""Web-hook receiver that drains gracefully on SIGTERM."""

import asyncio
import signal
import types

from aiohttp import web


async def hook(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(text="ok")


async def main() -> None:
    stop = asyncio.Event()

    def on_term(signum: int, frame: types.FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_term)  # expect: AP116
    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 8080)
    await site.start()
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
