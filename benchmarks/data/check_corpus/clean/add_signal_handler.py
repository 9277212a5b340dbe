# clean: loop.add_signal_handler for graceful shutdown of an asyncio server
# near: AP116
"""TCP line server that stops accepting on SIGTERM/SIGINT and drains."""

import asyncio
import signal


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while line := await reader.readline():
            writer.write(line.upper())
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def main(host: str = "127.0.0.1", port: int = 7000) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncio.start_server(handle, host, port)
    async with server:
        await stop.wait()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.remove_signal_handler(sig)


if __name__ == "__main__":
    asyncio.run(main())
