# clean: a fixed pool of N workers over a queue (gather over range(concurrency), not over the items)
# near: AP108, AP117
"""Resize every image in a folder with a bounded number of concurrent jobs."""

from __future__ import annotations

import asyncio
from pathlib import Path


def _resize(path: Path) -> int:
    data = path.read_bytes()
    path.with_suffix(".small" + path.suffix).write_bytes(data[: len(data) // 2])
    return len(data)


async def worker(queue: asyncio.Queue[Path], totals: list[int]) -> None:
    while True:
        path = await queue.get()
        try:
            totals.append(await asyncio.to_thread(_resize, path))
        finally:
            queue.task_done()


async def resize_folder(folder: Path, concurrency: int = 4) -> int:
    queue: asyncio.Queue[Path] = asyncio.Queue()
    for path in sorted(await asyncio.to_thread(lambda: list(folder.glob("*.jpg")))):
        queue.put_nowait(path)
    totals: list[int] = []
    workers = [asyncio.create_task(worker(queue, totals)) for _ in range(concurrency)]
    await queue.join()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return sum(totals)
