# clean: one ClientSession created in main and passed to helpers called in a loop
# near: AP107
"""Sync a local list of tags with a remote registry."""

from __future__ import annotations

import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)

REGISTRY = "https://registry.example.com/v2"


async def tag_exists(session: aiohttp.ClientSession, repo: str, tag: str) -> bool:
    async with session.head(f"{REGISTRY}/{repo}/manifests/{tag}") as resp:
        return resp.status == 200


async def missing_tags(session: aiohttp.ClientSession, repo: str, tags: list[str]) -> list[str]:
    missing = []
    for tag in tags:
        if not await tag_exists(session, repo, tag):
            missing.append(tag)
    return missing


async def main(repo: str, tags: list[str]) -> None:
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout, raise_for_status=False) as session:
        missing = await missing_tags(session, repo, tags)
    log.info("%d of %d tags missing", len(missing), len(tags))
    for tag in missing:
        print(tag)


if __name__ == "__main__":
    asyncio.run(main("team/api", ["1.0.0", "1.1.0", "latest"]))
