# clean: CancelledError caught for cleanup and re-raised with a bare raise
# near: AP101
"""Upload worker that removes its temp file when cancelled."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path

import httpx

log = logging.getLogger(__name__)


async def upload_report(client: httpx.AsyncClient, rows: list[str]) -> str:
    tmp = Path(tempfile.mkstemp(suffix=".csv")[1])
    try:
        await asyncio.to_thread(tmp.write_text, "\n".join(rows), "utf-8")
        body = await asyncio.to_thread(tmp.read_bytes)
        resp = await client.post("/reports", content=body)
        resp.raise_for_status()
        return str(resp.json()["id"])
    except asyncio.CancelledError:
        log.info("upload of %d rows cancelled", len(rows))
        raise
    finally:
        await asyncio.to_thread(tmp.unlink, missing_ok=True)
