# bug: AP108 a worker method gathers one coroutine per item of an arbitrarily large batch
"""Process a batch of image-moderation requests against a model server."""

from __future__ import annotations

import asyncio as aio
import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)


class Moderator:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def classify(self, item: dict[str, Any]) -> dict[str, Any]:
        resp = await self.client.post("/v1/classify", json={"image_url": item["url"]})
        resp.raise_for_status()
        verdict: dict[str, Any] = resp.json()
        return {"id": item["id"], **verdict}

    async def process_batch(self, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        log.info("classifying %d images", len(batch))
        return await aio.gather(*[self.classify(item) for item in batch])  # expect: AP108
