# bug: AP106 `async with aiohttp.ClientSession() as s` with no timeout in a CLI entry point
"""Print the HTTP status of every URL given on the command line."""

import argparse
import asyncio

import aiohttp


async def status_of(session: aiohttp.ClientSession, url: str) -> str:
    try:
        async with session.head(url, allow_redirects=True) as resp:
            return f"{resp.status} {url}"
    except aiohttp.ClientError as exc:
        return f"ERR {url} ({exc.__class__.__name__})"


async def main(urls: list[str]) -> None:
    async with aiohttp.ClientSession() as session:  # expect: AP106
        for url in urls:
            print(await status_of(session, url))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="+")
    asyncio.run(main(parser.parse_args().urls))
