# clean: gather over a fixed handful of different calls (not a caller-sized iterable), no return_exceptions
# near: AP108
"""Build a dashboard from three independent backend calls."""

import asyncio
from typing import Any

import httpx


async def get_json(client: httpx.AsyncClient, path: str) -> Any:
    resp = await client.get(path)
    resp.raise_for_status()
    return resp.json()


async def dashboard(client: httpx.AsyncClient, user_id: int) -> dict[str, Any]:
    profile, orders, notifications = await asyncio.gather(
        get_json(client, f"/users/{user_id}"),
        get_json(client, f"/users/{user_id}/orders?limit=5"),
        get_json(client, f"/users/{user_id}/notifications?unread=1"),
    )
    return {"profile": profile, "orders": orders, "unread": len(notifications)}


async def main() -> None:
    async with httpx.AsyncClient(base_url="https://api.example.com", timeout=10.0) as client:
        print(await dashboard(client, 42))


if __name__ == "__main__":
    asyncio.run(main())
