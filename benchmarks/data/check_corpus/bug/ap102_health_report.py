# bug: AP102 gather(return_exceptions=True) results split with isinstance(r, Exception): CancelledError = result
"""Check the health endpoint of every service in a small fixed fleet."""

import asyncio

import aiohttp

SERVICES = {
    "auth": "http://auth.internal:8080/healthz",
    "billing": "http://billing.internal:8080/healthz",
    "search": "http://search.internal:8080/healthz",
}


async def probe(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as resp:
        return resp.status


async def health_report() -> dict[str, str]:
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        results = await asyncio.gather(  # expect: AP102
            *(probe(session, url) for url in SERVICES.values()),
            return_exceptions=True,
        )
    report: dict[str, str] = {}
    for name, result in zip(SERVICES, results):
        if isinstance(result, Exception):  # expect: AP102
            report[name] = f"down ({type(result).__name__})"
        else:
            report[name] = "up" if result == 200 else f"degraded ({result})"
    return report


if __name__ == "__main__":
    print(asyncio.run(health_report()))
