# clean: `except Exception` in a worker loop (CancelledError is a BaseException and still propagates)
# near: AP101
"""Email worker that keeps going after a bad message but stops when cancelled."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Email:
    to: str
    subject: str
    body: str


async def send(email: Email) -> None:
    if "@" not in email.to:
        raise ValueError(f"bad address {email.to!r}")
    await asyncio.sleep(0.01)


async def email_worker(queue: asyncio.Queue[Email]) -> None:
    while True:
        email = await queue.get()
        try:
            await send(email)
        except Exception:
            log.exception("could not send %r to %s", email.subject, email.to)
        finally:
            queue.task_done()
