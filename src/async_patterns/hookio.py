"""What both Claude Code hooks share: reading stdin within limits, parsing it, answering.

Standard library only (``json``, ``os``, ``select``, ``sys``, ``time``): the prompt hook and
the code-context hook import this on every prompt and every file they see.
"""

# os.path on purpose: importing pathlib would slow the hooks on every call.
# ruff: noqa: PTH117, PTH118
from __future__ import annotations

import json
import os
import select
import sys
import time

from async_patterns.errors import HookInputError

MAX_STDIN_BYTES = 16 * 1024 * 1024
STDIN_SECONDS = 10
MAX_ERROR_LINE = 500


def json_object(raw: bytes | str, what: str = "stdin") -> dict[str, object]:
    """The JSON object in ``raw`` (a hook's stdin, or one line of ``match --stdin``).

    Raises:
        HookInputError: empty, not JSON, or not an object; the message starts with ``what``.
    """
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    if not text.strip():
        raise HookInputError(f"empty {what}; expected a JSON object")
    try:
        payload = json.loads(text)
    except ValueError as exc:
        raise HookInputError(f"{what} is not JSON ({exc})") from None
    if not isinstance(payload, dict):
        raise HookInputError(f"{what} JSON is not an object")
    return payload


def tool_file_path(payload: dict[str, object]) -> str:
    """The file a Read/Edit/Write tool call used, from ``tool_input.file_path``, made absolute with ``cwd``.

    Raises:
        HookInputError: no ``tool_input`` object or no string ``file_path`` in it.
    """
    tool_input = payload.get("tool_input")
    if not isinstance(tool_input, dict):
        raise HookInputError("stdin JSON has no object 'tool_input'")
    path = tool_input.get("file_path")
    if not isinstance(path, str) or not path:
        raise HookInputError("stdin JSON has no string 'tool_input.file_path'")
    cwd = payload.get("cwd")
    if not os.path.isabs(path) and isinstance(cwd, str):
        path = os.path.join(cwd, path)
    return path


def read_stdin() -> bytes:
    """Stdin's bytes, at most MAX_STDIN_BYTES, giving up after STDIN_SECONDS.

    ``select`` (not ``signal.alarm``, whose import builds enums on every prompt) bounds the
    wait where it works on pipes; elsewhere (Windows) a plain read is all there is.
    """
    stream = sys.stdin.buffer if sys.stdin is not None else None
    if stream is None or stream.isatty():
        return b""
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a real file (an in-memory stream)
        descriptor = -1
    if os.name == "nt" or descriptor < 0:
        return stream.read(MAX_STDIN_BYTES)
    deadline = time.monotonic() + STDIN_SECONDS
    chunks: list[bytes] = []
    size = 0
    while size < MAX_STDIN_BYTES:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
            raise TimeoutError(f"no end of stdin after {STDIN_SECONDS} s")
        chunk = os.read(descriptor, min(1 << 20, MAX_STDIN_BYTES - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def write_answer(out: str | None, err: str | None) -> int:
    """Print the hook's answer (stdout) and its one diagnostic line (stderr); always 0.

    Exit 2 would block the person's prompt or feed stderr to the model, so a hook never
    returns anything else, even when nobody is listening any more (a closed pipe).
    """
    try:
        if out is not None:
            sys.stdout.write(out + "\n")
            sys.stdout.flush()
        if err is not None:
            sys.stderr.write(err.replace("\n", " ")[:MAX_ERROR_LINE] + "\n")
    except (OSError, ValueError):
        return 0
    return 0
