# bug: AP117 `[t.cancel() for t in self.tasks]` in an aiohttp on_cleanup hook without awaiting the tasks
"""Background jobs attached to an aiohttp web application."""

from __future__ import annotations

import asyncio

from aiohttp import web

TASKS = web.AppKey("tasks", list)


async def refresh_prices(app: web.Application) -> None:
    while True:
        await asyncio.sleep(30)


async def expire_carts(app: web.Application) -> None:
    while True:
        await asyncio.sleep(60)


async def start_background(app: web.Application) -> None:
    app[TASKS] = [asyncio.create_task(refresh_prices(app)), asyncio.create_task(expire_carts(app))]


async def stop_background(app: web.Application) -> None:
    [t.cancel() for t in app[TASKS]]  # expect: AP117


def make_app() -> web.Application:
    app = web.Application()
    app.on_startup.append(start_background)
    app.on_cleanup.append(stop_background)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=8080)
