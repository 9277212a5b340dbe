# bug: AP119 asyncio.get_child_watcher() (deprecated in 3.12, removed in 3.14)
# target: 3.12
"""Run a build command as a subprocess and stream its output."""

import asyncio
import sys


async def run_build(cmd: list[str]) -> int:
    watcher = asyncio.get_child_watcher()  # expect: AP119
    watcher.attach_loop(asyncio.get_running_loop())
    proc = await asyncio.create_subprocess_exec(*cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    assert proc.stdout is not None
    async for line in proc.stdout:
        sys.stdout.write(line.decode(errors="replace"))
    return await proc.wait()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(run_build(sys.argv[1:] or ["make", "-n"])))
