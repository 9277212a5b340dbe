# clean: 3.11 target: set_event_loop_policy(WindowsSelectorEventLoopPolicy()) (deprecated only from 3.14)
# near: AP119
# target: 3.11
"""Entry point of a small async database tool that also runs on Windows."""

import asyncio
import sys


async def main() -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", 5432)
    writer.close()
    await writer.wait_closed()
    del reader
    return 0


if __name__ == "__main__":
    if sys.platform == "win32":
        asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
    raise SystemExit(asyncio.run(main()))
