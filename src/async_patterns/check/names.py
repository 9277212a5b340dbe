"""Small helpers on names and calls that every rule uses, and the name tables they share."""

from __future__ import annotations

import ast

__all__ = ["ASYNCIO_COROUTINE_FUNCTIONS", "dotted", "has_kwargs_splat", "is_true", "keyword", "normalise"]

_ASYNCIO_SUBMODULES = frozenset(
    {
        "base_events",
        "coroutines",
        "events",
        "exceptions",
        "futures",
        "locks",
        "queues",
        "runners",
        "streams",
        "taskgroups",
        "tasks",
        "threads",
        "timeouts",
        "unix_events",
        "windows_events",
    }
)


def normalise(dotted: str) -> str:
    """``asyncio.tasks.gather`` -> ``asyncio.gather``; ``httpx2.X`` -> ``httpx.X``."""
    head, _, rest = dotted.partition(".")
    if head == "httpx2":
        return "httpx." + rest if rest else "httpx"
    if head == "asyncio" and rest:
        sub, _, tail = rest.partition(".")
        if tail and sub in _ASYNCIO_SUBMODULES:
            return "asyncio." + tail
    return dotted


def dotted(node: ast.AST | None) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, without resolving imports; else None."""
    attrs: list[str] = []
    while type(node) is ast.Attribute:
        attrs.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    attrs.append(node.id)
    return ".".join(reversed(attrs))


def is_true(node: ast.AST | None) -> bool:
    """Whether ``node`` is the literal ``True``."""
    return type(node) is ast.Constant and node.value is True


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    """The keyword argument ``name=`` of ``call``, if given."""
    for item in call.keywords:
        if item.arg == name:
            return item
    return None


def has_kwargs_splat(call: ast.Call) -> bool:
    """Whether ``call`` passes ``**mapping`` (so any keyword may be among them)."""
    return any(item.arg is None for item in call.keywords)


# asyncio functions that are coroutine functions (calling one makes a coroutine, not a task).
ASYNCIO_COROUTINE_FUNCTIONS = frozenset(
    {
        "asyncio.sleep",
        "asyncio.open_connection",
        "asyncio.open_unix_connection",
        "asyncio.start_server",
        "asyncio.start_unix_server",
        "asyncio.create_subprocess_exec",
        "asyncio.create_subprocess_shell",
        "asyncio.to_thread",
        "asyncio.wait_for",
    }
)
