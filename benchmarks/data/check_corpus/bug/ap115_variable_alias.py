# bug: AP115 coroutines built into a variable first, then handed to aio.wait()
"""Start N simulated clients for a load smoke test against a local server."""

import asyncio as aio
import time


async def client(n: int, host: str, port: int) -> float:
    started = time.perf_counter()
    reader, writer = await aio.open_connection(host, port)
    writer.write(f"hello {n}\n".encode())
    await writer.drain()
    await reader.readline()
    writer.close()
    await writer.wait_closed()
    return time.perf_counter() - started


async def smoke(clients: int = 20, host: str = "127.0.0.1", port: int = 8888) -> float:
    coros = [client(n, host, port) for n in range(clients)]
    done, _ = await aio.wait(coros)  # expect: AP115
    timings = [t.result() for t in done]
    return max(timings)


if __name__ == "__main__":
    print(f"slowest client: {aio.run(smoke()):.3f}s")
