# bug: AP112 acquire() then release only in `except Exception` and on the happy path: CancelledError skips both
"""Serialise writes to an append-only journal file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._write_lock = asyncio.Lock()

    async def append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, separators=(",", ":")) + "\n"
        await self._write_lock.acquire()  # expect: AP112
        try:
            await asyncio.to_thread(self._write, line)
        except Exception:
            self._write_lock.release()
            raise
        self._write_lock.release()

    def _write(self, line: str) -> None:
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)
