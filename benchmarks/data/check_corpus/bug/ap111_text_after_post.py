# bug: AP111 the error body is read with r.text() after the async with block closed the response
"""Submit form data to a legacy endpoint and surface its error messages."""

from __future__ import annotations

import logging

import aiohttp

log = logging.getLogger(__name__)


class SubmitError(Exception):
    pass


async def submit(session: aiohttp.ClientSession, url: str, form: dict[str, str]) -> None:
    async with session.post(url, data=form) as r:
        status = r.status
        ok = r.ok
    if not ok:
        detail = await r.text()  # expect: AP111
        log.error("submit failed with %d: %s", status, detail[:200])
        raise SubmitError(detail)
    log.info("submitted %d fields", len(form))
