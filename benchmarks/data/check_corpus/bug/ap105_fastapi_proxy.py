# bug: AP105 a FastAPI proxy endpoint maps asyncio.TimeoutError to 504, but the httpx call raises httpx.ReadTimeout
"""Proxy endpoint that forwards search queries to an upstream service."""

import asyncio as aio

import httpx
from fastapi import FastAPI, HTTPException, Request

app = FastAPI()

UPSTREAM = "http://search.internal:9200"


@app.on_event("startup")
async def startup() -> None:
    app.state.http = httpx.AsyncClient(base_url=UPSTREAM, timeout=httpx.Timeout(5.0))


@app.on_event("shutdown")
async def shutdown() -> None:
    await app.state.http.aclose()


@app.get("/search")
async def search(request: Request, q: str) -> dict[str, object]:
    client: httpx.AsyncClient = request.app.state.http
    try:
        upstream = await client.get("/_search", params={"q": q})
    except aio.TimeoutError:  # expect: AP105
        raise HTTPException(status_code=504, detail="search timed out") from None
    if upstream.status_code >= 500:
        raise HTTPException(status_code=502, detail="search unavailable")
    body: dict[str, object] = upstream.json()
    return body
