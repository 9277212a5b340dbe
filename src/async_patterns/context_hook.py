"""The code-context hook: note, once per session, that the skill applies to the code at hand.

Claude Code runs it after a Read, Edit, Write or MultiEdit (``PostToolUse``; the tool has
already run, so the hook cannot hold anything up, whatever it answers). When the file is
Python that uses asyncio (it imports asyncio or an asyncio library, or defines or awaits
coroutines), it prints ``additionalContext`` naming the skill, as a plain fact, and records
in a small state file keyed by the session id that it has done so; every later call in
that session is silent. A file of another kind, a session already told, and every problem
(malformed stdin, an unreadable file, a state folder it cannot write) end in exit 0: a
problem is one line on stderr.

The state file is ``$XDG_STATE_HOME/async-patterns/sessions/<session>.json`` (without
``XDG_STATE_HOME``: ``~/.cache/async-patterns/sessions/``), a few hundred bytes, written to
a temporary name and then linked into place (an atomic, exclusive create: two racing calls
tell the model once), replaced instead where the file system has no hard links. Files
older than STATE_DAYS are removed when a new session is recorded.

Standard library only, and few modules (``json``, ``os``, ``re``, ``sys``, ``time``,
``hookio``, ``layout``): it runs after every file the agent reads or edits.
"""

# os.path on purpose: importing pathlib would slow the hook on every tool call.
# ruff: noqa: PTH103, PTH105, PTH108, PTH110, PTH111, PTH117, PTH118, PTH123
from __future__ import annotations

import json
import os
import re
import time

from async_patterns.errors import HookInputError
from async_patterns.hookio import json_object, read_stdin, tool_file_path, write_answer
from async_patterns.layout import SKILL_FILE, SKILL_NAME, bundled_skill_path

HOOK_EVENT = "PostToolUse"
TOOLS = frozenset({"Read", "Edit", "Write", "MultiEdit"})
PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")
MAX_FILE_BYTES = 1024 * 1024  # only the start of a bigger file is looked at
MAX_SESSION_KEY = 100
STATE_DAYS = 7
# What makes a Python file asyncio code: each a fact worth telling, in the order looked for.
_EVIDENCE = (
    (
        "it imports asyncio",
        re.compile(rb"^[ \t]*(?:import[ \t]+asyncio\b|from[ \t]+asyncio\b)", re.MULTILINE),
    ),
    (
        "it imports an asyncio library",
        re.compile(
            rb"^[ \t]*(?:import|from)[ \t]+(?:aiohttp|anyio|trio|uvloop|aiofiles|asyncpg|aiosqlite|aiomysql|aioredis"
            rb"|aiokafka|aiogram|aio_pika|motor|pytest_asyncio|httpx)\b",
            re.MULTILINE,
        ),
    ),
    ("it defines coroutines (async def)", re.compile(rb"^[ \t]*async[ \t]+def[ \t]", re.MULTILINE)),
    ("it awaits", re.compile(rb"\bawait[ \t]+[A-Za-z_(]|\basync[ \t]+(?:with|for)[ \t]")),
)
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def asyncio_evidence(source: bytes) -> tuple[str, int] | None:
    """Why ``source`` (Python) is asyncio code, and the line that shows it; None if it is not."""
    for reason, pattern in _EVIDENCE:
        found = pattern.search(source)
        if found is not None:
            return reason, source.count(b"\n", 0, found.start()) + 1
    return None


def is_python(path: str, head: bytes) -> bool:
    """A Python source file: by its suffix, or a ``#!`` line naming python."""
    if path.lower().endswith(PYTHON_SUFFIXES):
        return True
    first = head.split(b"\n", 1)[0]
    return first.startswith(b"#!") and b"python" in first


def session_key(session_id: str) -> str:
    """A file name for ``session_id``: safe characters kept, anything else replaced and hashed.

    Raises:
        HookInputError: the session id is empty.
    """
    if not session_id:
        raise HookInputError("stdin JSON has an empty 'session_id'")
    key = _UNSAFE.sub("_", session_id)
    if key != session_id or len(key) > MAX_SESSION_KEY or key.startswith("."):
        import zlib  # only for odd ids; a C module

        key = f"{key[:40].lstrip('.')}-{zlib.crc32(session_id.encode('utf-8', 'surrogatepass')):08x}"
    return key


def state_dir() -> str:
    """Where session records live: ``$XDG_STATE_HOME/async-patterns/sessions`` or ``~/.cache/...``."""
    base = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, SKILL_NAME, "sessions")


def _tool_file(payload: dict[str, object]) -> tuple[str, bytes] | None:
    """The file the tool used (path, its first MAX_FILE_BYTES), or None when there is none."""
    tool = payload.get("tool_name")
    if tool is not None and tool not in TOOLS:
        return None
    path = tool_file_path(payload)
    try:
        with open(path, "rb") as handle:
            return path, handle.read(MAX_FILE_BYTES)
    except OSError:
        tool_input = payload.get("tool_input")
        content = (
            tool_input.get("content") if isinstance(tool_input, dict) else None
        )  # a Write the file system no longer shows: judge what was written
        if isinstance(content, str):
            return path, content.encode("utf-8", "replace")[:MAX_FILE_BYTES]
        raise


def claim(folder: str, key: str, record: dict[str, object]) -> bool:
    """Record ``key`` in ``folder``; False when it was already recorded (by this call's race too).

    Raises:
        OSError: the folder cannot be created or written.
    """
    final = os.path.join(folder, f"{key}.json")
    if os.path.exists(final):
        return False
    os.makedirs(folder, mode=0o700, exist_ok=True)
    temporary = os.path.join(folder, f".{key}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(record)[:2000])
        try:
            os.link(temporary, final)  # atomic and exclusive: fails if another call got there first
        except FileExistsError:
            return False
        except OSError:  # no hard links here: a plain atomic replace
            os.replace(temporary, final)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    _prune(folder)
    return True


def _prune(folder: str) -> None:
    """Remove session records older than STATE_DAYS (best effort)."""
    limit = time.time() - STATE_DAYS * 86400
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
    except OSError:
        pass


def context_for(payload: dict[str, object], skill_dir: str, folder: str) -> str | None:
    """The hook's stdout for a PostToolUse payload, or None (not asyncio, or already said).

    Raises:
        HookInputError: the payload lacks what the hook needs.
        OSError: the file cannot be read, or the state cannot be recorded.
    """
    session = payload.get("session_id")
    if not isinstance(session, str):
        raise HookInputError("stdin JSON has no string 'session_id'")
    key = session_key(session)
    if os.path.exists(os.path.join(folder, f"{key}.json")):
        return None  # this session was told already: nothing else to do
    found = _tool_file(payload)
    if found is None:
        return None
    path, source = found
    evidence = asyncio_evidence(source) if is_python(path, source) else None
    if evidence is None:
        return None
    reason, line = evidence
    record = {"session_id": session[:200], "file": path[:1000], "time": int(time.time())}
    if not claim(folder, key, record):
        return None
    skill_md = os.path.join(skill_dir, SKILL_FILE)
    text = (
        f"The {SKILL_NAME} skill applies to {path}: it is Python asyncio code ({reason}, line {line}). "
        f"The skill's instructions are in {skill_md}. This note is given once per session."
    )
    return json.dumps({"hookSpecificOutput": {"hookEventName": HOOK_EVENT, "additionalContext": text}})


def run(raw: bytes, skill_dir: str, folder: str) -> tuple[str | None, str | None]:
    """(stdout, stderr line) for the stdin bytes ``raw``; never raises for any input."""
    try:
        return context_for(json_object(raw), skill_dir, folder), None
    except HookInputError as exc:
        return None, f"async-patterns context hook: {exc}"
    except OSError as exc:
        return None, f"async-patterns context hook: {type(exc).__name__}: {exc}"


def main(skill_dir: str | None = None) -> int:
    """Run the hook on this process's stdin and stdout; always returns 0."""
    try:
        out, err = run(read_stdin(), skill_dir or bundled_skill_path(), state_dir())
    except (OSError, TimeoutError) as exc:
        out, err = None, f"async-patterns context hook: cannot read stdin ({exc})"
    except Exception as exc:  # noqa: BLE001  # a hook must never fail the agent's tool call, whatever happens
        out, err = None, f"async-patterns context hook: internal error ({type(exc).__name__}: {exc}); please report it"
    return write_answer(out, err)
