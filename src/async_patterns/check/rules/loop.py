"""Running the event loop, signals, and deprecated or removed asyncio APIs.

AP109 a nested event loop run inside a coroutine, AP110 get_event_loop(), AP116
signal.signal() in an asyncio program, AP119 APIs deprecated or removed by the target version.
"""

from __future__ import annotations

import ast

from ..names import dotted, keyword, normalise
from ..registry import rule
from .flow import argument, callers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context

RUNNERS = frozenset({"asyncio.run", "anyio.run", "trio.run"})
LOOP_RUNS = frozenset({"run_until_complete", "run_forever"})


@rule(
    "AP109",
    "nested-event-loop",
    summary="asyncio.run(), loop.run_until_complete()/run_forever() or Runner().run() inside a coroutine.",
    why="A loop is already running in this thread: these raise RuntimeError ('cannot be called from a running event loop').",
    fix="await the coroutine (or asyncio.create_task it); start the loop once, with asyncio.run(main()) at the program's entry point.",
    covered_by="No linter rule.",
)
def nested_event_loop(ctx: Context) -> Iterator[Finding]:
    for call in [*ctx.calls(*RUNNERS), *ctx.method_calls(*LOOP_RUNS, "run")]:
        if not ctx.in_coroutine(call) or ctx.expects_error(call):
            continue
        name = ctx.callee(call)
        func = call.func
        if name in RUNNERS:
            yield ctx.finding(
                call,
                "AP109",
                f"{name}() inside a coroutine raises RuntimeError: a loop is already running; await the coroutine instead",
            )
        elif type(func) is ast.Attribute and func.attr in LOOP_RUNS and type(ctx.parents.get(call)) is not ast.Await:
            yield ctx.finding(
                call,
                "AP109",
                f"{func.attr}() inside a coroutine raises RuntimeError: this thread's loop is already running",
            )
        elif type(func) is ast.Attribute and func.attr == "run" and _is_runner(ctx, func.value, call):
            yield ctx.finding(
                call,
                "AP109",
                "asyncio.Runner().run() inside a coroutine raises RuntimeError: a loop is already running",
            )


def _is_runner(ctx: Context, receiver: ast.AST, at: ast.AST) -> bool:
    if ctx.callee(receiver) == "asyncio.Runner":
        return True
    return ctx.bound_to_call(receiver, at, frozenset({"asyncio.Runner"}))


def _get_event_loop_text(target: tuple[int, int]) -> str:
    if target >= (3, 14):
        return f"raises RuntimeError on {target[0]}.{target[1]} when no event loop is set"
    if target >= (3, 12):
        return f"emits DeprecationWarning on {target[0]}.{target[1]} when no event loop is set, and raises RuntimeError from 3.14"
    return "is deprecated when no event loop is set (DeprecationWarning on 3.12-3.13) and raises RuntimeError from 3.14"


@rule(
    "AP110",
    "get-event-loop",
    summary="asyncio.get_event_loop() in a coroutine, at import time, or to start a program.",
    why="Without a running loop, get_event_loop() warns on 3.12-3.13 and raises RuntimeError on 3.14; in a coroutine it hides that a loop is required.",
    fix="In async code call asyncio.get_running_loop(); to start a program use asyncio.run(main()) or asyncio.Runner.",
    versions="3.12+ DeprecationWarning, 3.14+ RuntimeError (message follows the target version)",
    covered_by="No linter rule.",
)
def get_event_loop(ctx: Context) -> Iterator[Finding]:
    if "asyncio" not in ctx.modules:
        return
    for call in ctx.calls("asyncio.get_event_loop"):
        scope = ctx.scope(call)
        if type(scope) is ast.AsyncFunctionDef:
            yield ctx.finding(
                call,
                "AP110",
                "use asyncio.get_running_loop() inside a coroutine, not asyncio.get_event_loop()",
                severity="warning",
            )
        elif scope is ctx.tree:
            yield ctx.finding(
                call,
                "AP110",
                f"asyncio.get_event_loop() at import time {_get_event_loop_text(ctx.target)}; use asyncio.run()",
            )
        elif type(scope) is ast.FunctionDef and _starts_loop(ctx, call, scope):
            yield ctx.finding(
                call,
                "AP110",
                f"starting the program with asyncio.get_event_loop() {_get_event_loop_text(ctx.target)}; use asyncio.run()",
            )


def _starts_loop(ctx: Context, call: ast.Call, scope: ast.FunctionDef) -> bool:
    parent = ctx.parents.get(call)
    if type(parent) is ast.Attribute and parent.attr in LOOP_RUNS:
        return True
    if type(parent) is not ast.Assign or len(parent.targets) != 1:
        return False
    name = dotted(parent.targets[0])
    return any(
        type(node) is ast.Call
        and type(node.func) is ast.Attribute
        and node.func.attr in LOOP_RUNS
        and dotted(node.func.value) == name
        for node in ctx.walk(scope.body)
    )


# Calls a signal handler must not make: they touch the event loop or wake its futures.
LOOP_CALLS = frozenset(
    {"cancel", "stop", "create_task", "call_soon", "set_result", "set_exception", "put_nowait", "close"}
)


@rule(
    "AP116",
    "signal-signal-in-asyncio",
    summary="signal.signal() in a coroutine, or where the program starts its event loop (asyncio.run/Runner).",
    why="A signal.signal handler runs between bytecodes, outside the event loop: calling loop or task methods from it is not safe, and it replaces asyncio.run's own SIGINT handling.",
    fix="loop.add_signal_handler(signal.SIGTERM, callback) (Unix), from inside the running loop.",
    covered_by="No linter rule.",
)
def signal_in_asyncio(ctx: Context) -> Iterator[Finding]:
    if "signal" not in ctx.modules or "asyncio" not in ctx.modules:
        return
    # Where the program starts its loop: a signal.signal() there or in a coroutine is asyncio's business.
    starters = {ctx.scope(c) for c in ctx.calls("asyncio.run", "asyncio.Runner")}
    for call in ctx.calls("signal.signal"):
        if not (ctx.scope(call) in starters or ctx.in_coroutine(call) or _run_by_program(ctx, call, starters)):
            continue
        handler = call.args[1] if len(call.args) > 1 else getattr(keyword(call, "handler"), "value", None)
        if (
            handler is None
            or type(handler) is ast.Constant
            or _restores(ctx, handler, call)
            or _windows_fallback(ctx, call)
        ):
            continue
        scope = ctx.scope(call)
        if scope is not ctx.tree and any(
            type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in LOOP_RUNS
            for node in ctx.walk(scope.body)  # type: ignore[attr-defined]
        ):
            continue  # a loop runner installing its SIGINT handler, as asyncio.Runner itself does
        bodies = _handler_bodies(ctx, handler, call)
        if not bodies:
            continue  # not a handler written here (one saved earlier being restored, one from elsewhere…)
        touches = [
            node.func.attr
            for body in bodies
            for node in ctx.walk(body)
            if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in LOOP_CALLS
        ]
        if touches:
            yield ctx.finding(
                call,
                "AP116",
                f"the signal.signal() handler calls .{touches[0]}() outside the event loop; use loop.add_signal_handler()",
            )
        else:
            yield ctx.finding(
                call,
                "AP116",
                "signal.signal() in an asyncio program runs its handler outside the event loop; use loop.add_signal_handler()",
                severity="warning",
            )


def _run_by_program(ctx: Context, call: ast.AST, starters: set[ast.AST], depth: int = 0) -> bool:
    """Whether the plain function holding ``call`` is called (two calls deep at most) from a
    coroutine or from where the program starts its loop: ``install_handlers()`` from ``main()``."""
    fn = ctx.scope(call)
    if type(fn) is not ast.FunctionDef or depth > 1:
        return False
    for site in callers(ctx, fn):
        if ctx.in_coroutine(site) or ctx.scope(site) in starters or _run_by_program(ctx, site, starters, depth + 1):
            return True
    return False


def _handler_bodies(ctx: Context, handler: ast.AST, at: ast.AST, depth: int = 0) -> list[list[ast.AST]]:
    """The code the handler runs, when it is written in this module: a function, a method, a
    lambda, ``functools.partial`` of one, or a parameter every caller passes one of these to."""
    if type(handler) is ast.Call and ctx.callee(handler) == "functools.partial" and handler.args:
        handler = handler.args[0]
    if type(handler) is ast.Lambda:
        return [[handler]]
    if not isinstance(handler, (ast.Name, ast.Attribute)):
        return []
    defs = ctx.resolve(handler, at)
    if defs:
        return [list(fn.body) for fn in defs]
    fn = ctx.scope(at)
    if depth or type(handler) is not ast.Name or not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    if not any(kind == "param" for kind, _, _ in ctx.bindings.get((fn, handler.id), [])):
        return []  # install(handler): the handler is what the callers pass
    bodies: list[list[ast.AST]] = []
    for site in callers(ctx, fn):
        passed = argument(site, fn, handler.id)
        found = _handler_bodies(ctx, passed, site, depth + 1) if passed is not None else []
        if not found or passed is None or _restores(ctx, passed, site):
            return []  # one caller passes something unknown (or SIG_DFL): trust the code
        bodies += found
    return bodies


def _restores(ctx: Context, handler: ast.AST, at: ast.AST) -> bool:
    name = ctx.qualname(handler)
    if name in ("signal.SIG_DFL", "signal.SIG_IGN", "signal.default_int_handler"):
        return True
    return isinstance(handler, (ast.Name, ast.Attribute)) and any(
        kind == "assign" and (ctx.callee(value) or "").startswith("signal.")
        for kind, value, _ in ctx.lookup(handler, at)
    )


def _windows_fallback(ctx: Context, call: ast.AST) -> bool:
    """Inside ``except NotImplementedError`` or an ``if`` on the platform (add_signal_handler is Unix-only)."""
    for _, parent in ctx.ancestors(call):
        if type(parent) is ast.ExceptHandler and "NotImplementedError" in ast.dump(parent.type or ast.Pass()):
            return True
        if type(parent) is ast.If and any(
            word in ast.dump(parent.test) for word in ("platform", "win32", "'nt'", "os.name", "'name'")
        ):
            return True
    return False


# qualified name -> (deprecated in, removed in or None, replacement)
DEPRECATED: dict[str, tuple[tuple[int, int], tuple[int, int] | None, str]] = {
    **dict.fromkeys(
        (
            "asyncio.get_event_loop_policy",
            "asyncio.set_event_loop_policy",
            "asyncio.AbstractEventLoopPolicy",
            "asyncio.BaseDefaultEventLoopPolicy",
            "asyncio.DefaultEventLoopPolicy",
            "asyncio.WindowsSelectorEventLoopPolicy",
            "asyncio.WindowsProactorEventLoopPolicy",
        ),
        ((3, 14), (3, 16), "asyncio.run(main(), loop_factory=...) or asyncio.Runner(loop_factory=...)"),
    ),
    "asyncio.iscoroutinefunction": ((3, 14), (3, 16), "inspect.iscoroutinefunction()"),
    **dict.fromkeys(
        (
            "asyncio.get_child_watcher",
            "asyncio.set_child_watcher",
            "asyncio.AbstractChildWatcher",
            "asyncio.SafeChildWatcher",
            "asyncio.FastChildWatcher",
            "asyncio.MultiLoopChildWatcher",
            "asyncio.ThreadedChildWatcher",
            "asyncio.PidfdChildWatcher",
        ),
        ((3, 12), (3, 14), "nothing: asyncio's subprocess support needs no child watcher"),
    ),
    "asyncio.coroutine": ((3, 8), (3, 11), "async def"),
    "asyncio.Task.all_tasks": ((3, 7), (3, 9), "asyncio.all_tasks()"),
    "asyncio.Task.current_task": ((3, 7), (3, 9), "asyncio.current_task()"),
}
_DEPRECATED_ATTRS = frozenset(name.rpartition(".")[2] for name in DEPRECATED)
# asyncio functions and classes whose loop= parameter was removed in 3.10.
LOOP_PARAMETER_REMOVED = frozenset(
    f"asyncio.{name}"
    for name in [
        "sleep",
        "gather",
        "shield",
        "wait_for",
        "wait",
        "as_completed",
        "open_connection",
        "start_server",
        "open_unix_connection",
        "start_unix_server",
        "create_subprocess_exec",
        "create_subprocess_shell",
        "Queue",
        "PriorityQueue",
        "LifoQueue",
        "Lock",
        "Event",
        "Condition",
        "Semaphore",
        "BoundedSemaphore",
    ]
)


def _version(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


@rule(
    "AP119",
    "deprecated-asyncio-api",
    summary="An asyncio API deprecated or removed at or below the target version.",
    why="Removed APIs fail with AttributeError/TypeError on that version; deprecated ones warn (an error under -W error) and are going away.",
    fix="Use the replacement the message names (event-loop policies -> loop_factory, asyncio.iscoroutinefunction -> inspect's, no child watchers).",
    versions="follows target-version: only what is deprecated or removed at or below it is reported",
    covered_by="mypy reports APIs its stubs no longer have (attr-defined, call-overload) and, with the deprecated error code, typeshed's markers; no linter rule.",
)
def deprecated_api(ctx: Context) -> Iterator[Finding]:
    if "asyncio" not in ctx.modules:
        return
    target = ctx.target
    for node in ctx.each(ast.Attribute):
        if node.attr in _DEPRECATED_ATTRS:
            name = ctx.qualname(node)
            if name in DEPRECATED and not ctx.expects_error(node):
                finding = _deprecation(ctx, node, name, target)
                if finding is not None:
                    yield finding
    for found in ctx.each(ast.ImportFrom):
        if found.level or not found.module:
            continue
        for alias in found.names:
            name = normalise(f"{found.module}.{alias.name}")
            if name in DEPRECATED:
                finding = _deprecation(ctx, alias, name, target)
                if finding is not None:
                    yield finding
    for call in ctx.calls(*LOOP_PARAMETER_REMOVED):
        if keyword(call, "loop") is not None:
            name = ctx.callee(call)
            if not ctx.expects_error(call):
                yield ctx.finding(
                    call, "AP119", f"{name}() lost its loop= parameter in 3.10: TypeError on {_version(target)}"
                )


def _deprecation(ctx: Context, node: ast.AST, name: str, target: tuple[int, int]) -> Finding | None:
    deprecated, removed, replacement = DEPRECATED[name]
    if removed is not None and removed <= target:
        message = f"{name} was removed in {_version(removed)} (target {_version(target)}); use {replacement}"
        return ctx.finding(node, "AP119", message)
    if deprecated <= target:
        until = f", removal planned for {_version(removed)}" if removed else ""
        message = f"{name} is deprecated since {_version(deprecated)}{until}; use {replacement}"
        return ctx.finding(node, "AP119", message, severity="warning")
    return None
