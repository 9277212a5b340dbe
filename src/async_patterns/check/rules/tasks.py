"""Rules about tasks' outcomes: results misread, cancelled tasks never waited for.

AP102 ``isinstance(r, Exception)`` on ``gather(return_exceptions=True)`` results, AP117
tasks cancelled and never awaited.
"""

from __future__ import annotations

import ast

from ..names import dotted, is_true, keyword
from ..registry import rule
from .cancellation import CATCHES_CANCELLATION

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context

GATHER = frozenset({"asyncio.gather"})
TASK_FACTORIES = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
ALL_TASKS = frozenset({"asyncio.all_tasks"})
WAITERS = frozenset({"asyncio.gather", "asyncio.wait", "asyncio.wait_for", "asyncio.shield", "asyncio.timeout"})


@rule(
    "AP102",
    "gather-result-isinstance-exception",
    summary="Results of gather(..., return_exceptions=True) are sorted with isinstance(x, Exception).",
    why="A cancelled child's result is a CancelledError, which is not an Exception, so it is treated as a successful value.",
    fix="Test isinstance(x, BaseException) (or handle CancelledError first); better, use a TaskGroup.",
    versions="3.8+ (CancelledError left Exception in 3.8)",
    covered_by="mypy --strict flags it only when the results are annotated (arg-type); no linter rule.",
)
def gather_isinstance_exception(ctx: Context) -> Iterator[Finding]:
    for call in ctx.calls(*GATHER):
        if not is_true(getattr(keyword(call, "return_exceptions"), "value", None)):
            continue
        scope = ctx.scope(call)
        results = _result_names(ctx, call)
        if not results:
            continue
        elements, subscripted = _element_names(ctx, scope, results)
        checks = [
            node
            for node in ctx.walk(getattr(scope, "body", []) if scope is not ctx.tree else ctx.tree.body)
            if type(node) is ast.Call
            and type(node.func) is ast.Name
            and node.func.id == "isinstance"
            and len(node.args) == 2
        ]
        tested = [node for node in checks if _is_element(node.args[0], elements, subscripted)]
        if any(_names_base_exception(ctx, node.args[1]) for node in tested):
            continue  # CancelledError handled somewhere: trust the code
        for node in tested:
            if _names_only_exception(ctx, node.args[1]) and _used_as_success(ctx, node):
                yield ctx.finding(
                    node,
                    "AP102",
                    "isinstance(..., Exception) on a gather(return_exceptions=True) result treats a CancelledError as a success",
                )


def _used_as_success(ctx: Context, check: ast.Call) -> bool:
    """Whether the value ``check`` tests is used where it is taken not to be an exception.

    ``if isinstance(r, Exception): log(r)`` with no ``else`` and nothing after it uses no
    result as a success, so a CancelledError there is merely not logged: not reported.
    """
    subject = ast.dump(check.args[0])
    node: ast.AST = check
    parent = ctx.parents.get(node)
    negated = isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not)
    if negated and parent is not None:
        node, parent = parent, ctx.parents.get(parent)

    def mentions(nodes: list[ast.AST]) -> bool:
        return any(ast.dump(part) == subject for item in nodes for part in ast.walk(item))

    if type(parent) is ast.If and parent.test is node:
        if negated:
            return mentions(parent.body)  # type: ignore[arg-type]
        return mentions(parent.orelse) or mentions(ctx.following(parent))  # type: ignore[arg-type]
    if type(parent) is ast.IfExp and parent.test is node:
        return mentions([parent.body if negated else parent.orelse])
    if type(parent) is ast.comprehension and any(node is test for test in parent.ifs) and negated:
        comp = ctx.parents.get(parent)
        parts = [getattr(comp, field) for field in ("elt", "key", "value") if hasattr(comp, field)]
        return mentions(parts)
    return False


def _result_names(ctx: Context, call: ast.Call) -> set[str]:
    """Names holding the results of ``call`` (``r = await gather(...)``) or its direct loop variables."""
    parent = ctx.parents.get(call)
    if type(parent) is not ast.Await:
        return set()
    holder = ctx.parents.get(parent)
    if isinstance(holder, (ast.Assign, ast.AnnAssign)):
        targets = holder.targets if isinstance(holder, ast.Assign) else [holder.target]
        return {t.id for t in targets if type(t) is ast.Name}
    if isinstance(holder, (ast.For, ast.comprehension)):
        return {"\0loop:" + name for name in _target_names(holder.target)}
    return set()


def _target_names(target: ast.AST) -> set[str]:
    if type(target) is ast.Name:
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return {name for element in target.elts for name in _target_names(element)}
    return set()


def _element_names(ctx: Context, scope: ast.AST, results: set[str]) -> tuple[set[str], set[str]]:
    """(names bound to single results, names of the result lists) in ``scope``."""
    elements = {name.removeprefix("\0loop:") for name in results if name.startswith("\0loop:")}
    lists = {name for name in results if not name.startswith("\0loop:")}
    loops = ctx.either(ast.For, ast.comprehension)
    for loop in loops:
        if ctx.scope(loop) is not scope:
            continue
        source = loop.iter
        if (
            type(source) is ast.Call
            and type(source.func) is ast.Name
            and source.func.id in ("enumerate", "zip", "reversed", "list")
        ):
            sources = source.args
        else:
            sources = [source]
        if any(type(item) is ast.Name and item.id in lists for item in sources):
            target = loop.target
            if type(target) is ast.Tuple and type(source) is ast.Call and getattr(source.func, "id", "") == "enumerate":
                target = target.elts[-1]
            elements |= _target_names(target)
    return elements, lists


def _is_element(node: ast.AST, elements: set[str], lists: set[str]) -> bool:
    if type(node) is ast.Name:
        return node.id in elements
    return type(node) is ast.Subscript and type(node.value) is ast.Name and node.value.id in lists


def _classes(ctx: Context, node: ast.AST) -> list[str | None]:
    items = node.elts if type(node) is ast.Tuple else [node]
    return [ctx.qualname(item) for item in items]


def _names_base_exception(ctx: Context, node: ast.AST) -> bool:
    return any(name in CATCHES_CANCELLATION for name in _classes(ctx, node))


def _names_only_exception(ctx: Context, node: ast.AST) -> bool:
    names = _classes(ctx, node)
    return "Exception" in names and not any(name in CATCHES_CANCELLATION for name in names)


@rule(
    "AP117",
    "cancelled-tasks-not-awaited",
    summary="Tasks are cancelled in a loop (t.cancel() for each) and never awaited afterwards.",
    why="cancel() only requests cancellation: the tasks' cleanup has not run when the caller goes on, and closing the loop logs 'Task was destroyed but it is pending'.",
    fix="After cancelling, await asyncio.gather(*tasks, return_exceptions=True) (or asyncio.wait(tasks)).",
    covered_by="No linter rule.",
)
def cancelled_not_awaited(ctx: Context) -> Iterator[Finding]:
    if "asyncio" not in ctx.modules:
        return
    for loop in ctx.either(ast.For, ast.AsyncFor):
        var = dotted(loop.target)
        if var is None or not _cancels(ctx, loop, var) or _handed_over(ctx, loop, var):
            continue
        collection = _task_collection(ctx, loop)
        if collection is None:
            continue
        scope = ctx.scope(loop)
        watched = {var, collection}
        if _awaited_in(ctx, getattr(scope, "body", []), watched, loop):
            continue
        shared = collection.partition(".")[0] in ("self", "cls") or scope is ctx.tree
        if (shared or type(scope) is not ast.AsyncFunctionDef) and _awaited_in(
            ctx, [], watched, loop, whole_module=True
        ):
            continue
        yield ctx.finding(loop, "AP117", f"the tasks cancelled here ({collection}) are never awaited in this function")


def _cancels(ctx: Context, loop: ast.For | ast.AsyncFor, var: str) -> bool:
    for node in ctx.walk(loop.body):
        if (
            type(node) is ast.Call
            and type(node.func) is ast.Attribute
            and node.func.attr == "cancel"
            and dotted(node.func.value) == var
        ):
            return True
    return False


def _handed_over(ctx: Context, loop: ast.For | ast.AsyncFor, var: str) -> bool:
    """Whether the loop passes each task on (``waiters.append(t)``, ``yield t``…): someone else awaits it."""
    for node in ctx.walk(loop.body):
        if type(node) is ast.Name and node.id == var:
            parent = ctx.parents.get(node)
            if isinstance(parent, (ast.Call, ast.keyword, ast.Starred, ast.List, ast.Tuple, ast.Set, ast.Dict)):
                return True
            if (
                isinstance(parent, (ast.Assign, ast.Return, ast.Yield, ast.Await))
                and getattr(parent, "value", None) is node
            ):
                return True
    return False


def _task_collection(ctx: Context, loop: ast.For | ast.AsyncFor) -> str | None:
    """The dotted name of the collection of tasks the loop walks, if it clearly holds tasks."""
    source: ast.AST = loop.iter
    if (
        type(source) is ast.Call
        and type(source.func) is ast.Name
        and source.func.id in ("list", "tuple", "set", "sorted")
        and source.args
    ):
        source = source.args[0]
    elif (
        type(source) is ast.Call
        and type(source.func) is ast.Attribute
        and source.func.attr in ("copy", "values")
        and not source.args
    ):
        source = source.func.value
    if type(source) is ast.Call and ctx.callee(source) in ALL_TASKS:
        return "asyncio.all_tasks()"
    name = dotted(source)
    if name is None:
        return None
    for kind, value, node in ctx.lookup(source, loop):
        if kind == "assign" and value is not None and _makes_tasks(ctx, value, loop):
            return name
        if kind == "param" and value is not None and _mentions_task(value):
            return name
        if (  # done, pending = await asyncio.wait(...)
            kind == "other"
            and isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Await)
            and ctx.callee(node.value.value) == "asyncio.wait"
        ):
            return name
    for call in ctx.method_calls("append", "add"):
        if (
            type(call.func) is ast.Attribute
            and call.func.attr in ("append", "add")
            and len(call.args) == 1
            and dotted(call.func.value) == name
            and _makes_tasks(ctx, call.args[0], call)
        ):
            return name
    return None


def _mentions_task(annotation: ast.AST) -> bool:
    for node in ast.walk(annotation):
        if (type(node) is ast.Name and node.id == "Task") or (type(node) is ast.Attribute and node.attr == "Task"):
            return True
        if type(node) is ast.Constant and isinstance(node.value, str) and "Task[" in node.value:
            return True
    return False


def _makes_tasks(ctx: Context, value: ast.AST, at: ast.AST, depth: int = 0) -> bool:
    """Whether ``value`` is a task, or a list/set/comprehension of tasks, or all_tasks()."""
    if depth > 4:
        return False
    if type(value) is ast.Call:
        name = ctx.callee(value)
        if name in TASK_FACTORIES or name in ALL_TASKS:
            return True
        if type(value.func) is ast.Attribute and value.func.attr == "create_task":
            receiver = value.func.value
            return ctx.bound_to_call(
                receiver,
                at,
                frozenset({"asyncio.get_running_loop", "asyncio.get_event_loop", "asyncio.new_event_loop"}),
            )
        if type(value.func) is ast.Name and value.func.id in ("list", "set") and value.args:
            return _makes_tasks(ctx, value.args[0], at, depth + 1)
        return False
    if isinstance(value, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return _makes_tasks(ctx, value.elt, at, depth + 1) or _makes_tasks(ctx, value.generators[0].iter, at, depth + 1)
    if isinstance(value, (ast.List, ast.Set, ast.Tuple)):
        return bool(value.elts) and all(_makes_tasks(ctx, element, at, depth + 1) for element in value.elts)
    if type(value) is ast.Name:
        return any(
            kind == "assign" and v is not None and _makes_tasks(ctx, v, node, depth + 1)
            for kind, v, node in ctx.lookup(value, at)
        )
    return False


def _awaited_in(
    ctx: Context, body: list[ast.stmt], watched: set[str], loop: ast.AST, *, whole_module: bool = False
) -> bool:
    """Whether some await, gather/wait call or return in ``body`` mentions one of ``watched``."""
    nodes = ast.walk(ctx.tree) if whole_module else ctx.walk(body)
    for node in nodes:
        if (
            type(node) is ast.Await
            or type(node) is ast.Return
            or (
                type(node) is ast.Call
                and (
                    ctx.callee(node) in WAITERS
                    or (type(node.func) is ast.Attribute and node.func.attr == "run_until_complete")
                )
            )
        ):
            inner = node.value if isinstance(node, (ast.Await, ast.Return)) else node
            if inner is None:
                continue
            for part in ast.walk(inner):
                name = dotted(part) if isinstance(part, (ast.Name, ast.Attribute)) else None
                if name in watched or (
                    type(part) is ast.Call and "asyncio.all_tasks()" in watched and ctx.callee(part) in ALL_TASKS
                ):
                    return True
    return False
