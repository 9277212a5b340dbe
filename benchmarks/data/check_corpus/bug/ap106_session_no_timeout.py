# bug: AP106 ClientSession() created without a timeout in a bot's client class
"""Telegram-style bot API client."""

import logging
from typing import Any

import aiohttp

log = logging.getLogger(__name__)


class BotAPI:
    def __init__(self, token: str) -> None:
        self._base = f"https://api.telegram.example/bot{token}"
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> "BotAPI":
        self._session = aiohttp.ClientSession(  # expect: AP106
            headers={"User-Agent": "weatherbot/1.0"},
            raise_for_status=True,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def call(self, method: str, **params: Any) -> Any:
        assert self._session is not None, "use `async with BotAPI(...)`"
        async with self._session.post(f"{self._base}/{method}", json=params) as resp:
            payload = await resp.json()
        if not payload.get("ok"):
            log.warning("%s failed: %s", method, payload)
        return payload.get("result")

    async def send_message(self, chat_id: int, text: str) -> Any:
        return await self.call("sendMessage", chat_id=chat_id, text=text)
