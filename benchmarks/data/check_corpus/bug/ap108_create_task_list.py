# bug: AP108 one task per path of a caller-sized directory listing, gathered with no bound
"""Compute checksums for every file under a folder."""

from __future__ import annotations

import asyncio
import hashlib
from asyncio import gather
from pathlib import Path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


async def checksum(path: Path) -> tuple[Path, str]:
    return path, await asyncio.to_thread(_sha256, path)


async def checksums(root: Path) -> dict[Path, str]:
    paths = [p for p in root.rglob("*") if p.is_file()]
    tasks = [asyncio.create_task(checksum(p)) for p in paths]
    pairs = await gather(*tasks)  # expect: AP108
    return dict(pairs)


if __name__ == "__main__":
    for path, digest in asyncio.run(checksums(Path("."))).items():
        print(digest, path)
