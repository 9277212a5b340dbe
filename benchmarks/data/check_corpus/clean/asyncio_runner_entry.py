# clean: asyncio.Runner as the program entry point (3.11), with a debug flag
# near: AP110, AP109
"""Entry point for a migrations tool."""

from __future__ import annotations

import argparse
import asyncio
import logging

log = logging.getLogger("migrate")


async def apply(step: str, dry_run: bool) -> None:
    await asyncio.sleep(0)
    log.info("%s %s", "would apply" if dry_run else "applied", step)


async def migrate(steps: list[str], dry_run: bool) -> int:
    for step in steps:
        await apply(step, dry_run)
    return len(steps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("steps", nargs="*", default=["0001_init", "0002_users"])
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    with asyncio.Runner(debug=args.debug) as runner:
        count = runner.run(migrate(args.steps, args.dry_run))
    print(f"{count} steps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
