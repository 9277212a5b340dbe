# bug: AP112 await sem.acquire() … sem.release() without try/finally in a crawler's fetch helper
"""Polite crawler: never more than N requests in flight."""

import asyncio

import aiohttp

MAX_IN_FLIGHT = 8


async def fetch(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str) -> str:
    await sem.acquire()  # expect: AP112
    async with session.get(url) as resp:
        text = await resp.text()
    sem.release()
    return text


async def crawl(urls: list[str]) -> list[str]:
    sem = asyncio.Semaphore(MAX_IN_FLIGHT)
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with asyncio.TaskGroup() as tg:
            tasks = [tg.create_task(fetch(session, sem, u)) for u in urls]
    return [t.result() for t in tasks]
