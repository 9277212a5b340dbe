# bug: AP119 asyncio.set_event_loop_policy(uvloop.EventLoopPolicy()) (policy API deprecated from 3.14)
# target: 3.14
"""High-throughput TCP echo server."""

import asyncio

import uvloop


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def main(host: str = "127.0.0.1", port: int = 9000) -> None:
    server = await asyncio.start_server(handle, host, port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())  # expect: AP119
    asyncio.run(main())
