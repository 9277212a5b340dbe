# bug: AP109 `from asyncio import run as run_async` called from a coroutine inside a bot command
"""Slash-command handler that looks up a package's latest version."""

from asyncio import run as run_async

import aiohttp

INDEX = "https://pypi.example.org/pypi/{name}/json"


async def latest_version(session: aiohttp.ClientSession, name: str) -> str:
    async with session.get(INDEX.format(name=name)) as resp:
        resp.raise_for_status()
        data = await resp.json()
        return str(data["info"]["version"])


async def on_command(session: aiohttp.ClientSession, command: str, args: list[str]) -> str:
    if command != "version" or not args:
        return "usage: /version <package>"
    version = run_async(latest_version(session, args[0]))  # expect: AP109
    return f"{args[0]} {version}"
