# bug: AP102 results filtered through filter(lambda r: not isinstance(r, Exception), …)
"""Resize a fixed set of thumbnails in parallel worker threads."""

import asyncio as aio
from pathlib import Path

SIZES = (64, 128, 256)


def _resize(src: Path, size: int) -> Path:
    dest = src.with_name(f"{src.stem}_{size}{src.suffix}")
    dest.write_bytes(src.read_bytes())
    return dest


async def make_thumbnails(src: Path) -> list[Path]:
    jobs = [aio.to_thread(_resize, src, size) for size in SIZES]
    results = await aio.gather(*jobs, return_exceptions=True)  # expect: AP102
    made = list(filter(lambda r: not isinstance(r, Exception), results))  # expect: AP102
    return [p for p in made if isinstance(p, Path)]


async def main() -> None:
    for path in await make_thumbnails(Path("avatar.png")):
        print(path)


if __name__ == "__main__":
    aio.run(main())
