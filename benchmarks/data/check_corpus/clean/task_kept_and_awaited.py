# clean: a background task started early, kept in a variable and awaited before returning
# near: AP117
"""Prefetch a user's settings while authenticating them."""

from __future__ import annotations

import asyncio
from typing import Any


async def authenticate(token: str) -> int:
    await asyncio.sleep(0.01)
    if not token:
        raise PermissionError("no token")
    return 7


async def load_settings(user_hint: str) -> dict[str, Any]:
    await asyncio.sleep(0.02)
    return {"theme": "dark", "hint": user_hint}


async def login(token: str, user_hint: str) -> tuple[int, dict[str, Any]]:
    settings_task = asyncio.create_task(load_settings(user_hint))
    try:
        user_id = await authenticate(token)
    except BaseException:
        settings_task.cancel()
        await asyncio.gather(settings_task, return_exceptions=True)
        raise
    return user_id, await settings_task


if __name__ == "__main__":
    print(asyncio.run(login("t", "ada")))
