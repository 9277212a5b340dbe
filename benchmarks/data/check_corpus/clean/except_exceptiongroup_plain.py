# clean: a plain `except ExceptionGroup` around a TaskGroup (the group's own type, so it matches)
# near: AP104
"""Run the checks of a deployment pre-flight concurrently and list every failure."""

from __future__ import annotations

import asyncio
import shutil


async def disk_space(path: str, minimum: int) -> None:
    free = (await asyncio.to_thread(shutil.disk_usage, path)).free
    if free < minimum:
        raise RuntimeError(f"only {free} bytes free on {path}")


async def port_free(port: int) -> None:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    writer.close()
    await writer.wait_closed()
    raise RuntimeError(f"port {port} already in use")


async def preflight() -> list[str]:
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(disk_space("/", 1 << 30))
            tg.create_task(port_free(8080))
    except ExceptionGroup as group:
        return [str(exc) for exc in group.exceptions]
    return []


if __name__ == "__main__":
    print(asyncio.run(preflight()) or "all checks passed")
