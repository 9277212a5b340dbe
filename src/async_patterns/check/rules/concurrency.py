"""Concurrency limits, locks, waiting and async generators.

AP108 unbounded gather fan-out (and a semaphore that bounds nothing), AP112 a lock acquired
without try/finally, AP115 coroutines passed to asyncio.wait. (AP118, about async
generators, is in ``generators``.)
"""

from __future__ import annotations

import ast

from ..names import dotted
from ..registry import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context, Function

# Constructing one of these (or acquiring anything) somewhere on the path counts as a bound.
BOUNDS = frozenset(
    {
        "asyncio.Semaphore",
        "asyncio.BoundedSemaphore",
        "asyncio.Lock",
        "asyncio.Condition",
        "asyncio.Queue",
        "asyncio.LifoQueue",
        "asyncio.PriorityQueue",
        "anyio.Semaphore",
        "anyio.Lock",
        "anyio.CapacityLimiter",
        "trio.Semaphore",
        "trio.CapacityLimiter",
    }
)
LOCAL_LOCKS = frozenset(
    {
        "asyncio.Semaphore",
        "asyncio.BoundedSemaphore",
        "asyncio.Lock",
        "asyncio.Condition",
        "anyio.Semaphore",
        "anyio.Lock",
    }
)
TASK_WRAPPERS = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
SIZED_BY = frozenset({"enumerate", "zip", "list", "set", "sorted", "reversed", "tuple", "iter"})


@rule(
    "AP108",
    "unbounded-gather",
    summary="asyncio.gather(*...) fans out over a caller-sized iterable with no Semaphore or queue bounding it; or a Semaphore/Lock is created inside the coroutine that acquires it.",
    why="N inputs start N coroutines at once (sockets, memory, rate limits); a semaphore created per call is a new one each time and bounds nothing.",
    fix="Create one asyncio.Semaphore(limit) outside the workers and `async with sem:` in each (or use a fixed pool of workers reading an asyncio.Queue).",
    covered_by="No linter rule.",
)
def unbounded_gather(ctx: Context) -> Iterator[Finding]:
    if "asyncio" not in ctx.modules:
        return
    for call in ctx.calls("asyncio.gather", *LOCAL_LOCKS):
        name = ctx.callee(call) or ""
        if name == "asyncio.gather":
            finding = _fan_out_finding(ctx, call)
            if finding is not None:
                yield finding
        elif name in LOCAL_LOCKS and _lock_bounds_nothing(ctx, call):
            short = name.rpartition(".")[2]
            yield ctx.finding(
                call,
                "AP108",
                f"{short}() created inside the coroutine that acquires it: every call gets a new one, so it bounds nothing",
            )


def _fan_out_finding(ctx: Context, call: ast.Call) -> Finding | None:
    fn = ctx.scope(call)
    if not isinstance(fn, (ast.AsyncFunctionDef, ast.FunctionDef)):
        return None
    for arg in call.args:
        if type(arg) is not ast.Starred:
            continue
        element, iterable = _fan_out(ctx, arg.value, call, fn)
        if element is None or iterable is None or not _caller_sized(ctx, iterable, fn, call):
            continue
        if (
            type(element) is ast.Call
            and (ctx.callee(element) in TASK_WRAPPERS or _is_create_task(element))
            and element.args
        ):
            element = element.args[0]
        if type(element) is not ast.Call:
            continue
        workers = ctx.resolve(element.func, call)
        if not workers or not all(type(w) is ast.AsyncFunctionDef and not w.decorator_list for w in workers):
            continue  # not a coroutine defined here: cannot tell whether it is bounded
        if _bounded(ctx, fn, 0) or any(_bounded(ctx, w, 0) for w in workers):
            continue
        worker = workers[0].name
        return ctx.finding(
            call,
            "AP108",
            f"gather() starts one {worker}() per item of a caller-sized iterable with no Semaphore or queue bounding how many run at once",
            severity="warning",
        )
    return None


def _is_create_task(call: ast.Call) -> bool:
    return type(call.func) is ast.Attribute and call.func.attr == "create_task"


def _fan_out(
    ctx: Context, value: ast.AST, at: ast.AST, fn: Function, depth: int = 0
) -> tuple[ast.AST | None, ast.AST | None]:
    """(per-item expression, iterable) of ``*value`` in a gather call, when it is clear."""
    if isinstance(value, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
        return value.elt, value.generators[0].iter
    if type(value) is ast.Call and type(value.func) is ast.Name and value.func.id == "map" and len(value.args) == 2:
        return ast.Call(func=value.args[0], args=[], keywords=[]), value.args[1]
    if type(value) is not ast.Name or depth > 2:
        return None, None
    bound = [b for b in ctx.lookup(value, at) if ctx.scope(b[2]) is fn]
    if len(bound) != 1 or bound[0][0] != "assign" or bound[0][1] is None:
        return None, None
    source = bound[0][1]
    if type(source) is ast.List and not source.elts:
        return _appended(ctx, value.id, fn)
    return _fan_out(ctx, source, bound[0][2], fn, depth + 1)


def _appended(ctx: Context, name: str, fn: Function) -> tuple[ast.AST | None, ast.AST | None]:
    """(appended expression, loop iterable) for ``name.append(x)`` inside ``for … in iterable``."""
    for node in ctx.walk(fn.body):
        if (
            (
                type(node) is ast.Call
                and type(node.func) is ast.Attribute
                and node.func.attr == "append"
                and len(node.args) == 1
            )
            and type(node.func.value) is ast.Name
            and node.func.value.id == name
        ):
            for _, parent in ctx.ancestors(node):
                if isinstance(parent, (ast.For, ast.AsyncFor)):
                    return node.args[0], parent.iter
    return None, None


def _caller_sized(ctx: Context, expr: ast.AST, fn: Function, at: ast.AST, depth: int = 0) -> bool:
    """Whether ``expr`` is a parameter of ``fn`` (or a plain transformation of one)."""
    if depth > 3:
        return False
    if type(expr) is ast.Name:
        bound = [b for b in ctx.lookup(expr, at) if ctx.scope(b[2]) is fn or b[2] in _args(fn)]
        if any(kind == "param" for kind, _, _ in bound):
            return expr.id not in ("self", "cls")
        if len(bound) == 1 and bound[0][0] == "assign" and bound[0][1] is not None:
            return _caller_sized(ctx, bound[0][1], fn, bound[0][2], depth + 1)
        return False
    if type(expr) is ast.Call:
        func = expr.func
        if type(func) is ast.Name and func.id in SIZED_BY:
            return any(_caller_sized(ctx, arg, fn, at, depth + 1) for arg in expr.args)
        if type(func) is ast.Name and func.id == "range" and len(expr.args) == 1:
            inner = expr.args[0]
            if type(inner) is ast.Call and type(inner.func) is ast.Name and inner.func.id == "len" and inner.args:
                return _caller_sized(ctx, inner.args[0], fn, at, depth + 1)
            return _caller_sized(ctx, inner, fn, at, depth + 1)
        if type(func) is ast.Attribute and func.attr in ("items", "values", "keys") and not expr.args:
            return _caller_sized(ctx, func.value, fn, at, depth + 1)
    return False


def _args(fn: Function) -> set[ast.arg]:
    a = fn.args
    return {*a.posonlyargs, *a.args, *a.kwonlyargs, *(x for x in (a.vararg, a.kwarg) if x is not None)}


def _bounded(ctx: Context, fn: Function, depth: int) -> bool:
    """Whether ``fn`` (or a function of this module it calls, two levels deep) limits concurrency."""
    for node in ctx.walk(fn.body):
        if type(node) is ast.AsyncWith:
            if any(isinstance(item.context_expr, (ast.Name, ast.Attribute)) for item in node.items):
                return True  # async with sem / self._limiter
        elif type(node) is ast.Call:
            if ctx.callee(node) in BOUNDS or (type(node.func) is ast.Attribute and node.func.attr == "acquire"):
                return True
            if depth < 2:
                for callee in ctx.resolve(node.func, node):
                    if callee is not fn and _bounded(ctx, callee, depth + 1):
                        return True
    return False


def _lock_bounds_nothing(ctx: Context, call: ast.Call) -> bool:
    fn = ctx.scope(call)
    parent = ctx.parents.get(call)
    if type(fn) is not ast.AsyncFunctionDef or type(parent) is not ast.Assign or len(parent.targets) != 1:
        return False
    target = parent.targets[0]
    if type(target) is not ast.Name:
        return False
    uses = [node for node in ast.walk(fn) if type(node) is ast.Name and node.id == target.id and node is not target]
    if not uses:
        return False
    for use in uses:
        item = ctx.parents.get(use)
        if type(item) is not ast.withitem or item.context_expr is not use or ctx.scope(use) is not fn:
            return False  # passed on, stored, used by a nested function…
        if type(ctx.parents.get(item)) is not ast.AsyncWith:
            return False
    return not any(isinstance(node, (ast.Global, ast.Nonlocal)) for node in ctx.walk(fn.body))


@rule(
    "AP112",
    "acquire-without-finally",
    summary="await lock.acquire() (Lock, Semaphore, Condition…) released later in the same function but not by a try/finally right after it.",
    why="An exception or cancellation between acquire() and release() leaves the lock held forever; every later acquire() deadlocks.",
    fix="Use `async with lock:`; or put a try: right after the acquire() with lock.release() in its finally.",
    covered_by="No linter rule.",
)
def acquire_without_finally(ctx: Context) -> Iterator[Finding]:
    for node in ctx.each(ast.Await):
        call = node.value
        if (
            type(call) is not ast.Call
            or type(call.func) is not ast.Attribute
            or call.func.attr != "acquire"
            or call.args
        ):
            continue
        statement = ctx.parents.get(node)
        target = dotted(call.func.value)
        if type(statement) is not ast.Expr or target is None:
            continue
        scope = ctx.scope(node)
        releases = [
            n
            for n in ctx.walk(getattr(scope, "body", []))
            if type(n) is ast.Call
            and type(n.func) is ast.Attribute
            and n.func.attr == "release"
            and dotted(n.func.value) == target
            and n.lineno > node.lineno  # a release before the acquire (Condition.wait) is another pairing
            and not any(isinstance(parent, ast.ExceptHandler) for _, parent in ctx.ancestors(n))
        ]  # releases only on error paths: the lock is meant to stay held after the function
        if not releases or _protected(ctx, statement, target):
            continue
        yield ctx.finding(
            node,
            "AP112",
            f"{target}.acquire() is not followed by try/finally {target}.release(): an exception in between leaves it held",
        )


def _releases(ctx: Context, body: list[ast.stmt], target: str) -> bool:
    return any(
        type(n) is ast.Call
        and type(n.func) is ast.Attribute
        and n.func.attr == "release"
        and dotted(n.func.value) == target
        for n in ctx.walk(body)
    )


def _protected(ctx: Context, statement: ast.stmt, target: str) -> bool:
    parent = ctx.parents.get(statement)
    for field in ("body", "orelse", "finalbody"):
        block = getattr(parent, field, None)
        if isinstance(block, list) and any(s is statement for s in block):
            index = next(i for i, s in enumerate(block) if s is statement)
            following = block[index + 1] if index + 1 < len(block) else None
            if isinstance(following, (ast.Try, ast.TryStar)) and (
                _releases(ctx, following.finalbody, target)
                or any(_releases(ctx, h.body, target) for h in following.handlers)
            ):
                return True
    for child, ancestor in ctx.ancestors(statement):
        if (
            isinstance(ancestor, (ast.Try, ast.TryStar))
            and any(child is s for s in ancestor.body)
            and _releases(ctx, ancestor.finalbody, target)
        ):
            return True
    return False


@rule(
    "AP115",
    "wait-given-coroutines",
    summary="asyncio.wait() is given coroutines (calls of async def functions) instead of tasks.",
    why="Since 3.11 asyncio.wait() raises TypeError for coroutines (deprecated since 3.8).",
    fix="Wrap each in asyncio.create_task() first (and keep the tasks to read their results).",
    versions="3.11+ (TypeError); deprecated 3.8-3.10",
    covered_by="mypy reports it (type-var: a coroutine is not a Future) where the call is type-checked; no linter rule.",
)
def wait_given_coroutines(ctx: Context) -> Iterator[Finding]:
    if "asyncio" not in ctx.modules:
        return
    for call in ctx.calls("asyncio.wait"):
        if ctx.expects_error(call):
            continue
        argument = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "fs"), None)
        coroutine = _coroutine_element(ctx, argument, call)
        if isinstance(coroutine, ast.Call):
            shown = dotted(coroutine.func) or "…"
            yield ctx.finding(
                call,
                "AP115",
                f"asyncio.wait() is given coroutines ({shown}()): TypeError since 3.11; wrap them in asyncio.create_task()",
            )


def _coroutine_element(ctx: Context, value: ast.AST | None, at: ast.AST, depth: int = 0) -> ast.AST | None:
    if value is None or depth > 2:
        return None
    if isinstance(value, (ast.List, ast.Set, ast.Tuple)):
        return next((e for e in value.elts if ctx.is_coroutine_call(e, at)), None)
    if isinstance(value, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return value.elt if ctx.is_coroutine_call(value.elt, at) else None
    if type(value) is ast.Name:
        bound = ctx.lookup(value, at)
        if len(bound) == 1 and bound[0][0] == "assign":
            return _coroutine_element(ctx, bound[0][1], bound[0][2], depth + 1)
    return None
