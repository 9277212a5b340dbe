# clean: asyncio.run() in a plain function run in a worker thread via asyncio.to_thread (its own loop)
# near: AP109
"""Call a library that insists on running its own event loop, from async code."""

from __future__ import annotations

import asyncio
import threading


async def _legacy_export(name: str) -> str:
    await asyncio.sleep(0.01)
    return f"{name} exported by {threading.current_thread().name}"


def export_blocking(name: str) -> str:
    """Synchronous facade: safe only where no loop runs in this thread."""
    return asyncio.run(_legacy_export(name))


async def export_all(names: list[str]) -> list[str]:
    results = []
    for name in names:
        results.append(await asyncio.to_thread(export_blocking, name))
    return results


if __name__ == "__main__":
    for line in asyncio.run(export_all(["users", "orders"])):
        print(line)
