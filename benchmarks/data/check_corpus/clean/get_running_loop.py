# clean: asyncio.get_running_loop() inside coroutines for executors, futures and timing
# near: AP110
"""Hash passwords in a process pool without blocking request handling."""

from __future__ import annotations

import asyncio
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor

_pool: ProcessPoolExecutor | None = None


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 200_000)


async def hash_password(password: str) -> tuple[bytes, bytes]:
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=2)
    loop = asyncio.get_running_loop()
    salt = os.urandom(16)
    digest = await loop.run_in_executor(_pool, _hash, password, salt)
    return salt, digest


async def timed_hash(password: str) -> float:
    loop = asyncio.get_running_loop()
    started = loop.time()
    await hash_password(password)
    return loop.time() - started


async def wait_for_signal() -> str:
    fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.1, fut.set_result, "ready")
    return await fut
