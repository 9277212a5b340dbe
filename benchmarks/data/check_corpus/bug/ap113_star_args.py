# bug: AP113 `async def __aexit__(self, *exc_info)` closes the socket and returns True
"""A small line-protocol client for a metrics daemon."""

import asyncio


class MetricsClient:
    def __init__(self, host: str = "127.0.0.1", port: int = 8125) -> None:
        self.host = host
        self.port = port
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> "MetricsClient":
        _, self._writer = await asyncio.open_connection(self.host, self.port)
        return self

    async def __aexit__(self, *exc_info: object) -> bool:
        if self._writer is not None:
            self._writer.close()
            await self._writer.wait_closed()
            self._writer = None
        return True  # expect: AP113

    async def gauge(self, name: str, value: float) -> None:
        assert self._writer is not None
        self._writer.write(f"{name}:{value}|g\n".encode())
        await self._writer.drain()
