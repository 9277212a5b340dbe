# clean: asyncio.new_event_loop() + run_until_complete in a dedicated thread with no running loop
# near: AP109, AP110
"""A background thread that owns its event loop and serves requests from sync code."""

from __future__ import annotations

import asyncio
import queue
import threading


async def work(n: int) -> int:
    await asyncio.sleep(0)
    return n * n


def thread_main(requests: queue.Queue[int | None], answers: queue.Queue[int]) -> None:
    loop = asyncio.new_event_loop()
    try:
        while (n := requests.get()) is not None:
            answers.put(loop.run_until_complete(work(n)))
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def compute(values: list[int]) -> list[int]:
    requests: queue.Queue[int | None] = queue.Queue()
    answers: queue.Queue[int] = queue.Queue()
    thread = threading.Thread(target=thread_main, args=(requests, answers), daemon=True)
    thread.start()
    out = []
    for v in values:
        requests.put(v)
        out.append(answers.get())
    requests.put(None)
    thread.join()
    return out
