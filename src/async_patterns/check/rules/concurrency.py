"""Concurrency limits and waiting.

AP108 unbounded fan-out (and a semaphore that bounds nothing), AP115 coroutines passed to
asyncio.wait. (AP112, a lock acquired without try/finally, is in ``locks``; AP118, about
async generators, in ``generators``.)
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
FAN_INS = frozenset({"asyncio.gather", "asyncio.wait", "asyncio.as_completed"})
SIZED_BY = frozenset({"enumerate", "zip", "list", "set", "sorted", "reversed", "tuple", "iter"})
SIZED_METHODS = frozenset({"items", "values", "keys", "copy", "split", "splitlines"})


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
    for call in ctx.calls(*FAN_INS, *LOCAL_LOCKS):
        name = ctx.callee(call) or ""
        if name in FAN_INS:
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
    name = ctx.callee(call)
    if name == "asyncio.gather":
        given = [arg.value for arg in call.args if type(arg) is ast.Starred]
    else:  # asyncio.wait(tasks) / as_completed(tasks): the tasks already run, all at once
        given = call.args[:1] or [k.value for k in call.keywords if k.arg in ("fs", "aws")]
    for value in given:
        element, iterable = _fan_out(ctx, value, call, fn)
        if element is None or iterable is None or not _caller_sized(ctx, iterable, fn, call):
            continue
        element = _started(ctx, element, fn, name != "asyncio.gather")
        if type(element) is not ast.Call:
            continue
        workers = ctx.resolve(element.func, call)
        if not workers or not all(type(w) is ast.AsyncFunctionDef and not w.decorator_list for w in workers):
            continue  # not a coroutine defined here: cannot tell whether it is bounded
        if _bounded(ctx, fn, 0) or any(_bounded(ctx, w, 0) for w in workers):
            continue
        worker = workers[0].name
        short = (name or "").rpartition(".")[2]
        return ctx.finding(
            call,
            "AP108",
            f"{short}() runs one {worker}() per item of a caller-sized iterable at once, with no Semaphore or queue bounding how many",
            severity="warning",
        )
    return None


def _started(ctx: Context, element: ast.AST, fn: Function, tasks_only: bool) -> ast.AST | None:
    """The coroutine call a per-item expression starts: ``work(x)``, ``create_task(work(x))``,
    or a name bound once in ``fn`` to one of those (``task = create_task(work(x))``)."""
    if type(element) is ast.Name:
        bound = [b for b in ctx.lookup(element, element) if ctx.scope(b[2]) is fn]
        if len(bound) != 1 or bound[0][0] != "assign":
            return None
        element = bound[0][1]  # type: ignore[assignment]
    if (
        type(element) is ast.Call
        and (ctx.callee(element) in TASK_WRAPPERS or _is_create_task(element))
        and element.args
    ):
        return element.args[0]
    return None if tasks_only else element


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
    """Whether ``expr`` is a parameter of ``fn`` (or a plain transformation of one) whose size the caller chooses."""
    if depth > 3:
        return False
    kind = type(expr)
    if kind is ast.Name:
        bound = [b for b in ctx.lookup(expr, at) if ctx.scope(b[2]) is fn or b[2] in _args(fn)]
        params = [annotation for k, annotation, _ in bound if k == "param"]
        if params:
            return expr.id not in ("self", "cls") and not _fixed_size(ctx, params[0])  # type: ignore[attr-defined]
        if len(bound) == 1 and bound[0][0] == "assign" and bound[0][1] is not None:
            return _caller_sized(ctx, bound[0][1], fn, bound[0][2], depth + 1)
        return False
    if kind in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
        return _caller_sized(ctx, expr.generators[0].iter, fn, at, depth + 1)  # type: ignore[attr-defined]
    if kind is ast.Subscript and type(expr.slice) is ast.Slice:  # type: ignore[attr-defined]
        open_ended = expr.slice.upper is None  # type: ignore[attr-defined]  # items[:10], urls[i : i + n]: a chunk
        return open_ended and _caller_sized(ctx, expr.value, fn, at, depth + 1)  # type: ignore[attr-defined]
    if kind is ast.BinOp and type(expr.op) is ast.Add:  # type: ignore[attr-defined]
        return any(_caller_sized(ctx, side, fn, at, depth + 1) for side in (expr.left, expr.right))  # type: ignore[attr-defined]
    if kind in (ast.List, ast.Tuple, ast.Set):
        return any(
            type(e) is ast.Starred and _caller_sized(ctx, e.value, fn, at, depth + 1)
            for e in expr.elts  # type: ignore[attr-defined]
        )
    if kind is not ast.Call:
        return False
    func = expr.func  # type: ignore[attr-defined]
    args = expr.args  # type: ignore[attr-defined]
    if type(func) is ast.Name and func.id in SIZED_BY:
        return any(_caller_sized(ctx, arg, fn, at, depth + 1) for arg in args)
    if type(func) is ast.Name and func.id in ("filter", "map") and len(args) >= 2:
        return any(_caller_sized(ctx, arg, fn, at, depth + 1) for arg in args[1:])
    if type(func) is ast.Name and func.id == "range" and len(args) == 1:
        inner = args[0]
        if type(inner) is ast.Call and type(inner.func) is ast.Name and inner.func.id == "len" and inner.args:
            return _caller_sized(ctx, inner.args[0], fn, at, depth + 1)
        return _caller_sized(ctx, inner, fn, at, depth + 1)
    if type(func) is ast.Attribute and func.attr in SIZED_METHODS:
        return _caller_sized(ctx, func.value, fn, at, depth + 1)
    return False


def _fixed_size(ctx: Context, annotation: ast.AST | None) -> bool:
    """Whether a parameter's annotation fixes its length: ``tuple[int, int]`` (not ``tuple[int, ...]``), an int."""
    if type(annotation) is ast.Constant and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return False
    if type(annotation) is ast.Name and annotation.id in ("int", "bool"):
        return False  # range(n): the caller chooses n
    if type(annotation) is not ast.Subscript or ctx.qualname(annotation.value) not in ("tuple", "typing.Tuple"):
        return False
    items = annotation.slice.elts if type(annotation.slice) is ast.Tuple else [annotation.slice]
    return not any(type(item) is ast.Constant and item.value is Ellipsis for item in items)


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
