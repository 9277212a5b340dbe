# bug: AP104 plain `except ValueError` around asyncio.TaskGroup: the group raises ExceptionGroup, so it never matches
"""Parse a batch of uploaded CSV files concurrently."""

import asyncio
import csv
import io
import logging

log = logging.getLogger(__name__)


async def parse_one(name: str, blob: bytes) -> list[dict[str, str]]:
    text = await asyncio.to_thread(blob.decode, "utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise ValueError(f"{name}: empty file")
    return rows


async def parse_batch(files: dict[str, bytes]) -> dict[str, list[dict[str, str]]]:
    try:
        async with asyncio.TaskGroup() as tg:
            tasks = {name: tg.create_task(parse_one(name, blob)) for name, blob in files.items()}
    except ValueError as exc:  # expect: AP104
        log.error("rejected upload: %s", exc)
        return {}
    return {name: task.result() for name, task in tasks.items()}
