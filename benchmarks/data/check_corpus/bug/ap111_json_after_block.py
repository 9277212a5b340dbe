# bug: AP111 resp.json() awaited after the `async with session.get(...) as resp` block has released the connection
"""GitHub-style API helper: list the open issues of a repository."""

from typing import Any

import aiohttp


async def open_issues(session: aiohttp.ClientSession, owner: str, repo: str) -> list[dict[str, Any]]:
    url = f"https://git.example.com/api/repos/{owner}/{repo}/issues"
    async with session.get(url, params={"state": "open"}) as resp:
        resp.raise_for_status()
        remaining = resp.headers.get("X-RateLimit-Remaining")
    issues: list[dict[str, Any]] = await resp.json()  # expect: AP111
    if remaining is not None and int(remaining) < 10:
        print(f"warning: only {remaining} API calls left")
    return issues


async def issue_titles(session: aiohttp.ClientSession, owner: str, repo: str) -> list[str]:
    return [issue["title"] for issue in await open_issues(session, owner, repo)]
