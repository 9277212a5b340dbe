"""Except clauses that cannot see what they mean to catch.

AP103 TimeoutError caught inside the timeout block that raises it, AP104 a plain except
around a task group (which raises an ExceptionGroup), AP105 TimeoutError around httpx
calls (which raise httpx.TimeoutException).
"""

from __future__ import annotations

import ast

from ..registry import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context

TIMEOUT_ERRORS = frozenset(
    {"TimeoutError", "asyncio.TimeoutError", "concurrent.futures.TimeoutError", "socket.timeout"}
)
TIMEOUT_BLOCKS = frozenset({"asyncio.timeout", "asyncio.timeout_at"})
# Calls whose own expiry raises TimeoutError: a handler inside an outer timeout may mean these.
OWN_TIMEOUTS = frozenset(
    {
        "asyncio.timeout",
        "asyncio.timeout_at",
        "asyncio.wait_for",
        "anyio.fail_after",
        "anyio.move_on_after",
        "async_timeout.timeout",
        "trio.fail_after",
    }
)
TASK_GROUPS = frozenset({"asyncio.TaskGroup", "anyio.create_task_group", "trio.open_nursery"})
# Handlers that do see what a task group raises (or that it re-raises ungrouped).
GROUP_SAFE = frozenset(
    {
        "Exception",
        "BaseException",
        "ExceptionGroup",
        "BaseExceptionGroup",
        "exceptiongroup.ExceptionGroup",
        "exceptiongroup.BaseExceptionGroup",
        "KeyboardInterrupt",
        "SystemExit",
        "GeneratorExit",
        "asyncio.CancelledError",
    }
)
HTTPX_CLIENTS = frozenset({"httpx.AsyncClient", "httpx.Client"})
# httpx exceptions that are not (and do not contain) httpx.TimeoutException: catching one of
# these next to TimeoutError still lets an httpx timeout through.
HTTPX_NOT_TIMEOUTS = frozenset(
    {
        "httpx.ConnectError",
        "httpx.ReadError",
        "httpx.WriteError",
        "httpx.CloseError",
        "httpx.NetworkError",
        "httpx.ProtocolError",
        "httpx.LocalProtocolError",
        "httpx.RemoteProtocolError",
        "httpx.ProxyError",
        "httpx.UnsupportedProtocol",
        "httpx.DecodingError",
        "httpx.TooManyRedirects",
        "httpx.HTTPStatusError",
        "httpx.InvalidURL",
        "httpx.CookieConflict",
        "httpx.StreamError",
        "httpx.StreamConsumed",
        "httpx.StreamClosed",
        "httpx.ResponseNotRead",
        "httpx.RequestNotRead",
    }
)
HTTPX_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream"})


def _own_timeout_inside(ctx: Context, body: list[ast.stmt]) -> bool:
    """Whether ``body`` itself starts a timeout, or calls something with a ``timeout=`` argument."""
    for node in ctx.walk(body):
        if type(node) is ast.Call and (
            ctx.callee(node) in OWN_TIMEOUTS or any(item.arg == "timeout" for item in node.keywords)
        ):
            return True
    return False


def _timeout_block(ctx: Context, node: ast.AST) -> ast.AsyncWith | None:
    """The ``async with asyncio.timeout()`` whose body (in the same function) holds ``node``."""
    for child, parent in ctx.ancestors(node):
        if (
            type(parent) is ast.AsyncWith
            and any(child is stmt for stmt in parent.body)
            and any(ctx.callee(item.context_expr) in TIMEOUT_BLOCKS for item in parent.items)
        ):
            return parent
    return None


@rule(
    "AP103",
    "timeout-caught-inside-block",
    summary="except TimeoutError inside the async with asyncio.timeout() block whose expiry it means to catch.",
    why="At expiry the block's body is cancelled (CancelledError, not TimeoutError); TimeoutError is raised only at the block's exit, so the handler never runs.",
    fix="Put the try/except TimeoutError around the async with asyncio.timeout() block.",
    versions="3.11+ (asyncio.timeout)",
    covered_by="No linter rule (ruff ASYNC100 only checks that the block has an await).",
)
def timeout_caught_inside(ctx: Context) -> Iterator[Finding]:
    if not ctx.each(ast.AsyncWith):
        return
    for node in ctx.either(ast.Try, ast.TryStar):
        if not ctx.in_coroutine(node):
            continue
        handlers = [h for h in node.handlers if any(n in TIMEOUT_ERRORS for n in ctx.exception_names(h.type) if h.type)]
        if not handlers:
            continue
        block = _timeout_block(ctx, node)
        if block is None or _own_timeout_inside(ctx, node.body):
            continue
        for handler in handlers:
            yield ctx.finding(
                handler,
                "AP103",
                f"this except TimeoutError never sees the expiry of the asyncio.timeout() block at line {block.lineno}: catch it outside the block",
            )


def _group_body(ctx: Context, body: list[ast.stmt]) -> ast.AsyncWith | None:
    """The ``async with`` task group that is all of ``body`` (through single-statement with blocks)."""
    while len(body) == 1 and type(body[0]) in (ast.AsyncWith, ast.With):
        block = body[0]
        for item in block.items:  # type: ignore[attr-defined]
            call = item.context_expr
            if ctx.callee(call) in TASK_GROUPS and not _lenient_nursery(call):
                return block  # type: ignore[return-value]
        body = block.body  # type: ignore[attr-defined]
    return None


def _lenient_nursery(call: ast.AST) -> bool:
    return type(call) is ast.Call and any(
        k.arg == "strict_exception_groups" and type(k.value) is ast.Constant and k.value.value is False
        for k in call.keywords
    )


@rule(
    "AP104",
    "except-around-task-group",
    summary="A plain except SomeError directly around async with TaskGroup() (or anyio/trio task groups).",
    why="A task group raises an ExceptionGroup (even for a single failure, and for errors in its own body), so except SomeError never matches.",
    fix="Use except* SomeError (or catch ExceptionGroup and inspect .exceptions).",
    versions="3.11+ (TaskGroup, except*)",
    covered_by="No linter rule (flake8-async ASYNC400 covers ExceptionGroup misuse inside except*, not this).",
)
def except_around_task_group(ctx: Context) -> Iterator[Finding]:
    if not ctx.each(ast.AsyncWith):
        return
    for node in ctx.each(ast.Try):
        group = _group_body(ctx, node.body)
        if group is None:
            continue
        for handler in node.handlers:
            names = ctx.exception_names(handler.type)
            if any(name is None or name in GROUP_SAFE for name in names):
                continue
            shown = ", ".join(name.rpartition(".")[2] for name in names if name)
            yield ctx.finding(
                handler,
                "AP104",
                f"except {shown} around the task group at line {group.lineno} never matches: the group raises an ExceptionGroup; use except*",
            )


@rule(
    "AP105",
    "httpx-timeout-not-timeouterror",
    summary="except TimeoutError around httpx calls.",
    why="httpx raises httpx.TimeoutException (a TransportError), which is not a TimeoutError, so the handler never runs on an httpx timeout.",
    fix="Catch httpx.TimeoutException (or httpx.TransportError / httpx.HTTPError).",
    versions="all (httpx 0.28, httpx2)",
    covered_by="No linter rule.",
)
def httpx_timeout(ctx: Context) -> Iterator[Finding]:
    if "httpx" not in ctx.modules:
        return
    for node in ctx.either(ast.Try, ast.TryStar):
        handlers = [
            h for h in node.handlers if h.type and any(n in TIMEOUT_ERRORS for n in ctx.exception_names(h.type))
        ]
        if not handlers:
            continue
        caught = [name for h in node.handlers for name in ctx.exception_names(h.type)]
        if any(name is None or name in ("Exception", "BaseException") or _httpx_timeout(name) for name in caught):
            continue  # httpx.ConnectError and friends beside TimeoutError still miss the timeouts
        call = _httpx_call(ctx, node.body)
        if call is None or _own_timeout_inside(ctx, node.body):
            continue
        for handler in handlers:
            yield ctx.finding(
                handler,
                "AP105",
                f"except TimeoutError does not catch httpx timeouts from the call at line {call.lineno}: they raise httpx.TimeoutException",
            )


def _httpx_timeout(name: str) -> bool:
    """Whether catching the httpx exception ``name`` may catch an httpx timeout (unknown names: yes)."""
    return name.startswith("httpx.") and name not in HTTPX_NOT_TIMEOUTS


def _httpx_call(ctx: Context, body: list[ast.stmt]) -> ast.Call | None:
    for node in ctx.walk(body):
        if type(node) is ast.Call and type(node.func) is ast.Name:
            imported = ctx.qualname(node.func) or ""
            if imported.startswith("httpx.") and imported[6:] in HTTPX_METHODS:
                return node  # from httpx import get; get(url)
            continue
        if type(node) is not ast.Call or type(node.func) is not ast.Attribute or node.func.attr not in HTTPX_METHODS:
            continue
        receiver = node.func.value
        name = ctx.qualname(node.func)
        if name is not None and name.startswith("httpx.") and name.count(".") == 1:
            return node  # httpx.get(...)
        if ctx.callee(receiver) in HTTPX_CLIENTS or _is_httpx_client(ctx, receiver, node):
            return node
    return None


def _is_httpx_client(ctx: Context, receiver: ast.AST, at: ast.AST, depth: int = 0) -> bool:
    for kind, value, node in ctx.lookup(receiver, at):
        if kind in ("assign", "with") and ctx.callee(value) in HTTPX_CLIENTS:
            return True
        if kind == "param" and value is not None and _annotation_names_client(ctx, value):
            return True
        if type(node) is ast.AnnAssign and _annotation_names_client(ctx, node.annotation):
            return True
        if kind == "assign" and type(value) is ast.Name and depth < 2 and _is_httpx_client(ctx, value, node, depth + 1):
            return True  # self._client = client, where client is an httpx client
    return _field_is_client(ctx, receiver, at)


def _field_is_client(ctx: Context, receiver: ast.AST, at: ast.AST) -> bool:
    """``self.client`` where the class body declares ``client: httpx.AsyncClient`` (a dataclass field)."""
    if type(receiver) is not ast.Attribute or type(receiver.value) is not ast.Name or receiver.value.id != "self":
        return False
    owner = ctx.enclosing_class(at)
    return owner is not None and any(
        type(item) is ast.AnnAssign
        and type(item.target) is ast.Name
        and item.target.id == receiver.attr
        and _annotation_names_client(ctx, item.annotation)
        for item in owner.body
    )


def _annotation_names_client(ctx: Context, annotation: ast.AST) -> bool:
    if type(annotation) is ast.Constant and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return False
    for node in ast.walk(annotation):
        if isinstance(node, (ast.Name, ast.Attribute)) and ctx.qualname(node) in HTTPX_CLIENTS:
            return True
    return False
