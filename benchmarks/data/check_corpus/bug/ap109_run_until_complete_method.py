# bug: AP109 loop.run_until_complete() inside a coroutine method, on the loop that is already running it
"""Plugin loader that initialises each plugin before serving."""

from __future__ import annotations

import asyncio
import importlib
import logging
from types import ModuleType

log = logging.getLogger(__name__)


class PluginHost:
    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.plugins: dict[str, ModuleType] = {}

    async def _init_plugin(self, module: ModuleType) -> None:
        setup = getattr(module, "setup", None)
        if setup is not None:
            await setup()

    async def load(self) -> None:
        loop = asyncio.get_running_loop()
        for name in self.names:
            module = importlib.import_module(name)
            loop.run_until_complete(self._init_plugin(module))  # expect: AP109
            self.plugins[name] = module
            log.info("loaded plugin %s", name)
