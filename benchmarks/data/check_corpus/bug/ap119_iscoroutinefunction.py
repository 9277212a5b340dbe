# bug: AP119 asyncio.iscoroutinefunction() in a dispatcher (deprecated from 3.14: inspect.iscoroutinefunction)
# target: 3.14
"""Dispatch events to handlers that may be sync or async."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(self) -> None:
        self._handlers: defaultdict[str, list[Callable[..., Any]]] = defaultdict(list)

    def on(self, event: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            self._handlers[event].append(fn)
            return fn

        return register

    async def emit(self, event: str, payload: dict[str, Any]) -> None:
        for handler in self._handlers[event]:
            if asyncio.iscoroutinefunction(handler):  # expect: AP119
                await handler(payload)
            else:
                await asyncio.to_thread(handler, payload)
