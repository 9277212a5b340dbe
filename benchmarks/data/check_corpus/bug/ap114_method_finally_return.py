# bug: AP114 a method closes the connection in finally and returns the status from there
"""Send a one-shot command to a device over TCP."""

import asyncio


class Device:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port

    async def command(self, text: str) -> str:
        status = "error"
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(text.encode() + b"\n")
            await writer.drain()
            status = (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()
            return status  # expect: AP114
