# clean: one httpx.AsyncClient created in a FastAPI lifespan, closed on shutdown, shared by handlers
# near: AP107, AP105
"""Gateway service that forwards requests to a pricing backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, HTTPException, Request


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with httpx.AsyncClient(base_url="http://pricing.internal", timeout=httpx.Timeout(3.0)) as client:
        app.state.pricing = client
        yield


app = FastAPI(lifespan=lifespan)


@app.get("/price/{sku}")
async def price(sku: str, request: Request) -> dict[str, Any]:
    client: httpx.AsyncClient = request.app.state.pricing
    try:
        resp = await client.get(f"/v1/prices/{sku}")
    except httpx.TimeoutException:
        raise HTTPException(status_code=504, detail="pricing timed out") from None
    except httpx.TransportError:
        raise HTTPException(status_code=502, detail="pricing unreachable") from None
    if resp.status_code == 404:
        raise HTTPException(status_code=404, detail="unknown sku")
    data: dict[str, Any] = resp.json()
    return data
