"""A one-line why and fix for the gate set's codes, so every finding ``check`` prints has both.

The own rules carry theirs in the registry; these are the other tools' async-relevant codes.
A code not listed here gets a pointer to the tool's own documentation.
"""

from __future__ import annotations

BLOCKING = "a blocking call inside async def stops every other task until it returns"
TO_THREAD = "await asyncio.to_thread(...) for the sync call, or use the async library's API"

ADVICE: dict[str, tuple[str, str]] = {
    "ASYNC100": ("the timeout block has no await, so its deadline can never fire", "put the awaits inside the block"),
    "ASYNC102": ("an await in finally or a cancel handler can be cancelled itself", "shield it with a short timeout"),
    "ASYNC103": (
        "a CancelledError caught and not re-raised ends cancellation silently",
        "re-raise it (bare raise) after cleanup",
    ),
    "ASYNC104": (
        "a CancelledError caught and not re-raised ends cancellation silently",
        "re-raise it (bare raise) after cleanup",
    ),
    "ASYNC109": (
        "a timeout parameter hides the deadline from the caller",
        "let the caller wrap the call in asyncio.timeout()",
    ),
    "ASYNC110": ("polling with sleep wastes time and wakes late", "wait on an asyncio.Event or Condition instead"),
    "ASYNC111": ("a TaskGroup outside another context manager can outlive it", "make the TaskGroup the innermost"),
    "ASYNC112": ("a TaskGroup with one task only adds overhead", "await the call directly"),
    "ASYNC119": (
        "yield inside a context manager in an async generator delays cleanup (PEP 533)",
        "restructure, or consume with contextlib.aclosing",
    ),
    "ASYNC124": (
        "an async function that never awaits costs a coroutine and a task for nothing",
        "make it a plain def, unless an interface requires async",
    ),
    "ASYNC127": ("httpx is no longer maintained, so it gets no security fixes", "use httpx2, its maintained fork"),
    "ASYNC210": (BLOCKING, "use an async HTTP client (aiohttp, httpx.AsyncClient)"),
    "ASYNC212": (BLOCKING, "use httpx.AsyncClient"),
    "ASYNC220": (BLOCKING, "use asyncio.create_subprocess_exec"),
    "ASYNC221": (BLOCKING, "use asyncio.create_subprocess_exec and await proc.wait()"),
    "ASYNC222": (BLOCKING, "await proc.wait() on an asyncio subprocess"),
    "ASYNC230": (BLOCKING, TO_THREAD),
    "ASYNC240": (BLOCKING, TO_THREAD),
    "ASYNC250": (BLOCKING, TO_THREAD),
    "ASYNC251": (BLOCKING, "await asyncio.sleep(...)"),
    "ASYNC300": (
        "the event loop keeps only a weak reference: the task can vanish mid-run",
        "keep the task (a set, or a TaskGroup)",
    ),
    "RUF006": (
        "the event loop keeps only a weak reference: the task can vanish mid-run",
        "keep the task (a set, or a TaskGroup)",
    ),
    "B012": ("a jump in finally discards the exception, CancelledError included", "move it out of finally"),
    "B904": ("the original traceback is lost", "raise ... from err"),
    "BLE001": ("catching everything also catches bugs", "catch the exceptions you expect"),
    "S110": ("the error vanishes without a trace", "log it, or let it propagate"),
    "S112": ("the error vanishes without a trace", "log it, or let it propagate"),
    "S113": ("a request with no timeout can hang forever", "pass a timeout"),
    "unused-coroutine": ("a coroutine that is never awaited never runs", "await it, or pass it to create_task"),
    "unused-awaitable": ("an awaitable that is dropped never runs or loses its result", "await it, or keep it"),
    "deprecated": (
        "the API is deprecated for this target version and will be removed",
        "use the replacement the message names",
    ),
    "func-returns-value": ("the call returns None, so its value means nothing", "drop the use of the result"),
}


def advice_for(tool: str, code: str) -> tuple[str, str]:
    """(why, fix) for a code of ``tool``; a pointer to the tool's docs when there is no entry."""
    known = ADVICE.get(code)
    if known is not None:
        return known
    if tool == "mypy":
        return (f"mypy's {code} check failed", f"see mypy's error code docs for [{code}]")
    return (f"{tool} rule {code}", f"see `ruff rule {code}` or the flake8-async docs for {code}")
