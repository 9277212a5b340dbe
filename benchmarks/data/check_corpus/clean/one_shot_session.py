# clean: a ClientSession created inside a function that is called once per program run
# near: AP107
"""Download one release asset named on the command line."""

import argparse
import asyncio
from pathlib import Path

import aiohttp


async def download(url: str, dest: Path) -> int:
    timeout = aiohttp.ClientTimeout(total=300, sock_read=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(url) as resp:
            resp.raise_for_status()
            size = 0
            with dest.open("wb") as fh:
                async for chunk in resp.content.iter_chunked(1 << 16):
                    fh.write(chunk)
                    size += len(chunk)
    return size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("dest", type=Path)
    args = parser.parse_args()
    size = asyncio.run(download(args.url, args.dest))
    print(f"wrote {size} bytes to {args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
