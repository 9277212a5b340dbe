# clean: inspect.iscoroutinefunction to dispatch sync and async callbacks
# near: AP119
"""Middleware chain that accepts both plain and async hooks."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

Hook = Callable[[dict[str, Any]], Any]


class HookChain:
    def __init__(self) -> None:
        self.hooks: list[Hook] = []

    def add(self, hook: Hook) -> Hook:
        self.hooks.append(hook)
        return hook

    async def run(self, request: dict[str, Any]) -> dict[str, Any]:
        for hook in self.hooks:
            if inspect.iscoroutinefunction(hook):
                request = await hook(request)
            else:
                request = await asyncio.to_thread(hook, request)
            if inspect.isawaitable(request):
                request = await request
        return request
