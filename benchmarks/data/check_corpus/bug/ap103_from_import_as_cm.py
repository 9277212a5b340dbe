# bug: AP103 `from asyncio import timeout`; (TimeoutError, OSError) caught inside the very block
"""Open a TCP connection to a Redis-like server and send PING, with a deadline."""

from asyncio import open_connection, timeout


async def ping(host: str, port: int = 6379, seconds: float = 1.0) -> bool:
    async with timeout(seconds) as cm:
        try:
            reader, writer = await open_connection(host, port)
            writer.write(b"PING\r\n")
            await writer.drain()
            line = await reader.readline()
            writer.close()
            await writer.wait_closed()
        except (TimeoutError, OSError):  # expect: AP103
            return False
    if cm.expired():
        return False
    return line.strip() == b"+PONG"


async def ping_all(hosts: list[str]) -> dict[str, bool]:
    status: dict[str, bool] = {}
    for host in hosts:
        status[host] = await ping(host)
    return status
