# bug: AP110 `from asyncio import get_event_loop` as the way a CLI starts its coroutine
# target: 3.12
"""Command-line tool: bulk-rename keys in a key/value service."""

import argparse
from asyncio import get_event_loop, sleep


async def rename_keys(prefix: str, new_prefix: str, dry_run: bool) -> int:
    renamed = 0
    for key in (f"{prefix}:a", f"{prefix}:b"):
        target = new_prefix + key[len(prefix) :]
        if not dry_run:
            await sleep(0)
        print(f"{key} -> {target}")
        renamed += 1
    return renamed


def cli() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("prefix")
    parser.add_argument("new_prefix")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    count = get_event_loop().run_until_complete(  # expect: AP110
        rename_keys(args.prefix, args.new_prefix, args.dry_run)
    )
    print(f"{count} keys")
    return 0


if __name__ == "__main__":
    raise SystemExit(cli())
