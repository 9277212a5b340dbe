# clean: `from contextlib import aclosing` around a class's paginating generator, with return inside the loop
# near: AP118
"""Look up the first overdue invoice in a paginated billing API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import httpx


class Billing:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def invoices(self) -> AsyncIterator[dict[str, Any]]:
        cursor: str | None = ""
        while cursor is not None:
            resp = await self.client.get("/invoices", params={"cursor": cursor})
            resp.raise_for_status()
            page = resp.json()
            for invoice in page["data"]:
                yield invoice
            cursor = page.get("next_cursor")

    async def first_overdue(self) -> dict[str, Any] | None:
        async with aclosing(self.invoices()) as invoices:
            async for invoice in invoices:
                if invoice["status"] == "overdue":
                    return invoice
        return None
