# bug: AP104 `from asyncio import TaskGroup`; except (httpx.HTTPError, OSError) around the group
"""Mirror a few files from an artifact server into a local folder."""

from __future__ import annotations

import logging
from asyncio import TaskGroup
from pathlib import Path

import httpx

log = logging.getLogger("mirror")


async def download(client: httpx.AsyncClient, name: str, dest: Path) -> None:
    resp = await client.get(f"/artifacts/{name}")
    resp.raise_for_status()
    (dest / name).write_bytes(resp.content)


async def mirror(base_url: str, names: tuple[str, ...], dest: Path) -> bool:
    dest.mkdir(parents=True, exist_ok=True)
    async with httpx.AsyncClient(base_url=base_url, timeout=20.0) as client:
        try:
            async with TaskGroup() as tg:
                for name in names:
                    tg.create_task(download(client, name, dest))
        except (httpx.HTTPError, OSError) as exc:  # expect: AP104
            log.error("mirror failed: %s", exc)
            return False
    return True
