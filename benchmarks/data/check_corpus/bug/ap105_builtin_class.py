# bug: AP105 an API client class catches builtin TimeoutError around self._client.post (an httpx.AsyncClient)
"""Thin client for a payments API."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import httpx

log = logging.getLogger("payments")


class PaymentTimeout(Exception):
    """The payment provider did not answer in time; the charge may or may not exist."""


class PaymentsClient:
    def __init__(self, api_key: str) -> None:
        self._client = httpx.AsyncClient(
            base_url="https://payments.example.com/v2",
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=httpx.Timeout(10.0, connect=3.0),
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def charge(self, customer: str, cents: int) -> dict[str, Any]:
        key = str(uuid.uuid4())
        try:
            resp = await self._client.post(
                "/charges",
                json={"customer": customer, "amount": cents},
                headers={"Idempotency-Key": key},
            )
        except TimeoutError as exc:  # expect: AP105
            log.error("charge %s timed out", key)
            raise PaymentTimeout(key) from exc
        resp.raise_for_status()
        result: dict[str, Any] = resp.json()
        return result
