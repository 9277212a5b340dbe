# bug: AP107 httpx.AsyncClient created per call in get_user, awaited inside a list comprehension
"""Resolve the authors of a list of commits to user records."""

from __future__ import annotations

from typing import Any

import httpx

USERS_API = "https://git.example.com/api/users"


async def get_user(login: str) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10.0) as client:  # expect: AP107
        resp = await client.get(f"{USERS_API}/{login}")
        resp.raise_for_status()
        user: dict[str, Any] = resp.json()
        return user


async def authors(commits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    logins = sorted({c["author"] for c in commits})
    return [await get_user(login) for login in logins]
