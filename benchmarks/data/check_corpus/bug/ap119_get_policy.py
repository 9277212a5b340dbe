# bug: AP119 asyncio.get_event_loop_policy() used to build a loop for a worker thread (policy API deprecated from 3.14)
# target: 3.14
"""Run a private event loop in a background thread for a sync library."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
    def __init__(self) -> None:
        self.loop = asyncio.get_event_loop_policy().new_event_loop()  # expect: AP119
        self._thread = threading.Thread(target=self.loop.run_forever, name="loop", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()
