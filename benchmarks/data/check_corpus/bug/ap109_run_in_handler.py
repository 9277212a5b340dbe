# bug: AP109 asyncio.run() inside a FastAPI async endpoint (RuntimeError: called from a running event loop)
"""Report endpoint that recomputes statistics on demand."""

import asyncio
from typing import Any

from fastapi import FastAPI

app = FastAPI()


async def compute_stats(days: int) -> dict[str, Any]:
    await asyncio.sleep(0.1)
    return {"days": days, "orders": 1200, "revenue": 35120.5}


@app.get("/reports/stats")
async def stats(days: int = 7) -> dict[str, Any]:
    if not 1 <= days <= 90:
        return {"error": "days must be between 1 and 90"}
    result = asyncio.run(compute_stats(days))  # expect: AP109
    return {"ok": True, **result}


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
