# bug: AP116 signal.signal(SIGINT, lambda: stop.set()) before asyncio.run: Event.set is not signal-safe
"""Poll a queue service until Ctrl-C."""

import asyncio
import signal

stop_event = asyncio.Event()


async def poll_forever() -> None:
    polls = 0
    while not stop_event.is_set():
        polls += 1
        try:
            async with asyncio.timeout(1.0):
                await stop_event.wait()
        except TimeoutError:
            pass
    print(f"stopped after {polls} polls")


def main() -> None:
    signal.signal(signal.SIGINT, lambda signum, frame: stop_event.set())  # expect: AP116
    asyncio.run(poll_forever())


if __name__ == "__main__":
    main()
