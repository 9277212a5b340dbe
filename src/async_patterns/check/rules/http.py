"""aiohttp and httpx client misuse.

AP106 aiohttp timeouts without an overall deadline, AP107 a client session per call (or at
import time), AP111 an aiohttp response body read after its ``async with`` block closed it.
"""

from __future__ import annotations

import ast

from ..names import dotted, has_kwargs_splat, keyword
from ..registry import rule
from .flow import instance_methods, repeats

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context, Function

SESSIONS = frozenset({"aiohttp.ClientSession", "httpx.AsyncClient"})
REQUEST_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "ws_connect"})
BODY_READS = frozenset({"json", "text", "read"})
HTTPX_STREAM_READS = frozenset({"aread", "aiter_bytes", "aiter_text", "aiter_lines", "aiter_raw", "json", "text"})


@rule(
    "AP106",
    "aiohttp-no-deadline",
    summary="aiohttp.ClientTimeout without total=, or a ClientSession/aiohttp.request without timeout=.",
    why="ClientTimeout's total defaults to None (no overall deadline: a slow server can trickle forever); a session without timeout= waits up to aiohttp's default 300 s.",
    fix="Pass ClientSession(timeout=aiohttp.ClientTimeout(total=..., sock_connect=...)); total=None only for deliberate unbounded streams.",
    versions="all (aiohttp 3.x)",
    covered_by="No linter rule (ruff S113 covers requests/httpx only).",
)
def aiohttp_no_deadline(ctx: Context) -> Iterator[Finding]:
    if "aiohttp" not in ctx.modules:
        return
    for call in ctx.calls("aiohttp.ClientTimeout", "aiohttp.ClientSession", "aiohttp.request"):
        name = ctx.callee(call)
        if name == "aiohttp.ClientTimeout":
            if call.args or has_kwargs_splat(call) or keyword(call, "total") is not None:
                continue
            given = ", ".join(f"{k.arg}=" for k in call.keywords)
            message = (
                f"ClientTimeout({given}) has no total=, so there is no overall deadline (total defaults to None)"
                if given
                else "ClientTimeout() sets no timeout at all (every field defaults to None)"
            )
            yield ctx.finding(call, "AP106", message)
        elif name in ("aiohttp.ClientSession", "aiohttp.request"):
            if has_kwargs_splat(call):
                continue
            timeout = keyword(call, "timeout")
            if timeout is not None and not (type(timeout.value) is ast.Constant and timeout.value.value is None):
                continue
            if name == "aiohttp.ClientSession" and _requests_pass_timeout(ctx, call):
                continue
            what = "ClientSession()" if name == "aiohttp.ClientSession" else "aiohttp.request()"
            how = "without timeout=" if timeout is None else "with timeout=None"
            yield ctx.finding(
                call,
                "AP106",
                f"{what} {how} uses aiohttp's default ClientTimeout(total=300): a stuck request waits 5 minutes",
                severity="warning",
            )


def _bound_name(ctx: Context, call: ast.Call) -> str | None:
    """The name a created object is bound to: ``x = Call()`` or ``with Call() as x``."""
    parent = ctx.parents.get(call)
    if type(parent) is ast.withitem:
        return dotted(parent.optional_vars)
    if type(parent) is ast.Assign and len(parent.targets) == 1:
        return dotted(parent.targets[0])
    if type(parent) is ast.AnnAssign:
        return dotted(parent.target)
    return None


def _requests_pass_timeout(ctx: Context, call: ast.Call) -> bool:
    name = _bound_name(ctx, call)
    if name is None:
        return False
    for other in ctx.method_calls(*REQUEST_METHODS):
        func = other.func
        if (
            type(func) is ast.Attribute
            and func.attr in REQUEST_METHODS
            and dotted(func.value) == name
            and keyword(other, "timeout") is not None
        ):
            return True
    return False


@rule(
    "AP107",
    "session-per-call",
    summary="A ClientSession/httpx.AsyncClient created per call of a function that runs in a loop, or at import time.",
    why="Each session has its own connection pool: no keep-alive or TLS reuse, and no connection limit across calls; one made at import time is created outside a running loop.",
    fix="Create one session per application (in main() or a lifespan hook) and pass it to the functions that make requests.",
    versions="all (aiohttp 3.x, httpx)",
    covered_by="No linter rule.",
)
def session_per_call(ctx: Context) -> Iterator[Finding]:
    if not ctx.modules & {"aiohttp", "httpx"}:
        return
    calls_by_name: dict[str, list[ast.Call]] | None = None
    for call in ctx.calls(*SESSIONS):
        name = ctx.callee(call) or ""
        scope = ctx.scope(call)
        short = name.rpartition(".")[2]
        if scope is ctx.tree:
            if name == "aiohttp.ClientSession":
                yield ctx.finding(
                    call, "AP107", "ClientSession() created at import time, outside any running event loop"
                )
            else:
                yield ctx.finding(
                    call,
                    "AP107",
                    "httpx.AsyncClient() created at import time: it binds to the first event loop that uses it (a second asyncio.run or a per-test loop breaks it)",
                    severity="warning",
                )
            continue
        if type(scope) is not ast.AsyncFunctionDef or scope in ctx.generators or not _local_session(ctx, call, scope):
            continue
        if calls_by_name is None:
            calls_by_name = _calls_by_name(ctx)
        site = _call_in_loop(ctx, scope, calls_by_name.get(scope.name, []))
        if site is not None:
            yield ctx.finding(
                call,
                "AP107",
                f"{short}() is created on every call of {scope.name}(), which runs in a loop at line {site.lineno}: one pool per call",
            )


def _calls_by_name(ctx: Context) -> dict[str, list[ast.Call]]:
    table: dict[str, list[ast.Call]] = {}
    for call in ctx.each(ast.Call):
        func = call.func
        name = func.id if type(func) is ast.Name else func.attr if type(func) is ast.Attribute else None
        if name is not None:
            table.setdefault(name, []).append(call)
    return table


def _local_session(ctx: Context, call: ast.Call, scope: Function) -> bool:
    """Whether the session lives and dies in this call (not returned, stored or handed out)."""
    parent = ctx.parents.get(call)
    if type(parent) is ast.withitem:
        name = dotted(parent.optional_vars)
        if name is None:
            return True
    elif type(parent) is ast.Assign and len(parent.targets) == 1 and type(parent.targets[0]) is ast.Name:
        name = parent.targets[0].id
    else:
        return False  # returned, stored on self, passed to a call…
    for node in ctx.walk(scope.body):
        if isinstance(node, (ast.Return, ast.Yield)) and node.value is not None:
            value = node.value
            parts = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
            if any(type(part) is ast.Name and part.id == name for part in parts):
                return False
        elif (type(node) is ast.Assign and type(node.value) is ast.Name and node.value.id == name) or (
            isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names
        ):
            return False
    return True


def _call_in_loop(ctx: Context, fn: Function, calls: list[ast.Call]) -> ast.Call | None:
    """A call of ``fn`` (``fn()``, ``self.fn()``, ``obj.fn()`` on an instance of its class) that a loop repeats."""
    for call in calls:
        if ctx.scope(call) is fn or repeats(ctx, call) is None:
            continue
        if fn in ctx.resolve(call.func, call) or fn in instance_methods(ctx, call.func, call):
            return call
    return None


@rule(
    "AP111",
    "response-read-after-close",
    summary="An aiohttp response body (or an httpx stream) is read after the async with block that owned it closed.",
    why="Leaving `async with session.get() as resp` releases the connection; reading the body afterwards fails (ClientConnectionError: Connection closed) or returns nothing.",
    fix="Read the body (await resp.json() / resp.text() / resp.read()) inside the async with block.",
    versions="all (aiohttp 3.x, httpx)",
    covered_by="No linter rule.",
)
def response_read_after_close(ctx: Context) -> Iterator[Finding]:
    http = ctx.modules & {"aiohttp", "httpx"}
    if not http:
        return
    for block in ctx.each(ast.AsyncWith):
        for item in block.items:
            call = item.context_expr
            if type(call) is not ast.Call or type(item.optional_vars) is not ast.Name:
                continue
            stream = _response_kind(ctx, call, http)
            if stream is None:
                continue
            name = item.optional_vars.id
            reads = HTTPX_STREAM_READS if stream == "httpx" else BODY_READS
            if stream == "aiohttp" and _reads_body(block.body, name):
                continue  # the body is cached: reading it again after the block is fine
            yield from _reads_after(ctx, block, name, reads)


def _response_kind(ctx: Context, call: ast.Call, http: frozenset[str]) -> str | None:
    func = call.func
    if ctx.qualname(func) == "aiohttp.request":
        return "aiohttp"
    if type(func) is not ast.Attribute:
        return None
    if func.attr == "stream" and "httpx" in http:
        return "httpx"
    if func.attr in REQUEST_METHODS and func.attr != "ws_connect" and "aiohttp" in http:
        return "aiohttp"
    return None


def _reads_body(body: list[ast.stmt], name: str) -> bool:
    for node in ast.walk(ast.Module(body=body, type_ignores=[])):
        if (
            type(node) is ast.Call
            and type(node.func) is ast.Attribute
            and node.func.attr in BODY_READS
            and type(node.func.value) is ast.Name
            and node.func.value.id == name
        ):
            return True
    return False


def _reads_after(ctx: Context, block: ast.AsyncWith, name: str, reads: frozenset[str]) -> Iterator[Finding]:
    scope = ctx.scope(block)
    end = block.end_lineno or block.lineno
    rebound = [
        getattr(node, "lineno", 0)
        for kind, _, node in ctx.bindings.get((scope, name), [])
        if getattr(node, "lineno", 0) > end and node is not block
    ]
    for node in ctx.walk(getattr(scope, "body", [])):
        if type(node) is not ast.Call or type(node.func) is not ast.Attribute or node.lineno <= end:
            continue
        receiver = node.func.value
        content = type(receiver) is ast.Attribute and receiver.attr == "content" and reads is BODY_READS
        if content:
            receiver = receiver.value  # type: ignore[attr-defined]
        if type(receiver) is not ast.Name or receiver.id != name or not (content or node.func.attr in reads):
            continue
        if any(end < line <= node.lineno for line in rebound):
            continue
        what = f"{name}.content.{node.func.attr}()" if content else f"{name}.{node.func.attr}()"
        yield ctx.finding(
            node, "AP111", f"{what} reads the response after its async with block (line {block.lineno}) closed it"
        )
