# clean: except* around asyncio.TaskGroup
# near: AP104
"""Validate a set of uploaded documents concurrently, reporting every failure."""

from __future__ import annotations

import asyncio
import json
import logging

log = logging.getLogger(__name__)


async def validate(name: str, blob: bytes) -> dict[str, object]:
    doc = await asyncio.to_thread(json.loads, blob)
    if not isinstance(doc, dict) or "id" not in doc:
        raise ValueError(f"{name}: missing id")
    return doc


async def validate_all(files: dict[str, bytes]) -> list[str]:
    problems: list[str] = []
    try:
        async with asyncio.TaskGroup() as tg:
            for name, blob in files.items():
                tg.create_task(validate(name, blob))
    except* json.JSONDecodeError as group:
        problems.extend(f"not JSON: {exc}" for exc in group.exceptions)
    except* ValueError as group:
        problems.extend(str(exc) for exc in group.exceptions)
    if problems:
        log.warning("%d invalid documents", len(problems))
    return problems
