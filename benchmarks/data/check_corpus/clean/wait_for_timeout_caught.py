# clean: asyncio.wait_for(...) with TimeoutError caught around it (wait_for raises TimeoutError itself)
# near: AP103, AP105
"""Read one reply from a device, giving up after a few seconds."""

import asyncio


async def read_reply(reader: asyncio.StreamReader, seconds: float = 3.0) -> bytes | None:
    try:
        return await asyncio.wait_for(reader.readuntil(b"\r\n"), timeout=seconds)
    except TimeoutError:
        return None
    except asyncio.IncompleteReadError as exc:
        return exc.partial or None


async def query(host: str, port: int, command: bytes) -> bytes | None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(command + b"\r\n")
        await writer.drain()
        return await read_reply(reader)
    finally:
        writer.close()
        await writer.wait_closed()
