# clean: asyncio.run(main()) under if __name__ == "__main__"
# near: AP109, AP110
"""Print the number of open tickets per queue."""

import argparse
import asyncio
from collections import Counter

TICKETS = [("support", "open"), ("billing", "open"), ("support", "closed"), ("support", "open")]


async def load_tickets() -> list[tuple[str, str]]:
    await asyncio.sleep(0)
    return list(TICKETS)


async def main(only_open: bool) -> int:
    tickets = await load_tickets()
    counts = Counter(queue for queue, state in tickets if state == "open" or not only_open)
    for queue, count in counts.most_common():
        print(f"{queue:<10} {count}")
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--all", action="store_true", help="count closed tickets too")
    return parser.parse_args()


if __name__ == "__main__":
    args = parse_args()
    raise SystemExit(asyncio.run(main(only_open=not args.all)))
