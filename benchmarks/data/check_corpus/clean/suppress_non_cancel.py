# clean: contextlib.suppress of ordinary exceptions (FileNotFoundError, ProcessLookupError) in coroutines
# near: AP101
"""Clean up a worker's pid file and process on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path


async def stop_worker(pid_file: Path, grace: float = 5.0) -> None:
    with contextlib.suppress(FileNotFoundError):
        pid = int((await asyncio.to_thread(pid_file.read_text)).strip())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
            for _ in range(int(grace * 10)):
                await asyncio.sleep(0.1)
                os.kill(pid, 0)
            os.kill(pid, signal.SIGKILL)
        await asyncio.to_thread(pid_file.unlink)


async def main() -> None:
    await stop_worker(Path("/tmp/worker.pid"))


if __name__ == "__main__":
    asyncio.run(main())
