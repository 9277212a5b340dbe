"""AP117: tasks cancelled (at shutdown, in a ``finally``, in ``stop()``/``close()``) and never awaited after.

A cancel site is a loop or comprehension calling ``.cancel()`` on each task of a collection
this module fills with tasks, or ``task.cancel()`` on a task a coroutine created itself. It
is reported when nothing that runs *after* it waits for those tasks: the statements that
follow, an enclosing ``finally``, the next iteration of an enclosing loop, the functions
called from there, and the callers of the function (``await self.stop()`` then a gather).
"""

from __future__ import annotations

import ast

from ..names import dotted
from ..registry import rule
from .flow import after, argument, callers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from async_patterns.findings import Finding

    from ..context import Context, Function

TASK_FACTORIES = frozenset({"asyncio.create_task", "asyncio.ensure_future"})
ALL_TASKS = frozenset({"asyncio.all_tasks"})
LOOP_GETTERS = frozenset({"asyncio.get_running_loop", "asyncio.get_event_loop", "asyncio.new_event_loop"})
LOOP_TYPES = frozenset({"asyncio.AbstractEventLoop", "asyncio.BaseEventLoop"})
WAITERS = frozenset({"asyncio.gather", "asyncio.wait", "asyncio.wait_for", "asyncio.shield", "asyncio.timeout"})
# Calls that take the tasks without waiting for them (anything else given them is trusted to).
LOOKS_ONLY = frozenset(
    {"len", "list", "set", "tuple", "sorted", "print", "repr", "str", "bool", "any", "all", "enumerate", "zip", "iter"}
)
LOGS = frozenset({"debug", "info", "warning", "error", "exception", "critical", "log"})
# Task methods that read the outcome: called after cancel(), they show the code expects it done.
OUTCOMES = frozenset({"cancelled", "result", "exception"})  # not done(): the usual guard before cancel()
_SOURCES = frozenset({"list", "tuple", "set", "sorted", "reversed", "enumerate"})
_ALL = "asyncio.all_tasks()"


@rule(
    "AP117",
    "cancelled-tasks-not-awaited",
    summary="Tasks are cancelled (t.cancel() for each, or a task the coroutine started) and not awaited after the cancel.",
    why="cancel() only requests cancellation: the tasks' cleanup has not run when the caller goes on, and closing the loop logs 'Task was destroyed but it is pending'.",
    fix="After cancelling, await asyncio.gather(*tasks, return_exceptions=True) (or asyncio.wait(tasks)); better, use a TaskGroup.",
    covered_by="No linter rule.",
)
def cancelled_not_awaited(ctx: Context) -> Iterator[Finding]:
    if "asyncio" not in ctx.modules:
        return
    seen: set[ast.AST] = set()
    for call in ctx.method_calls("cancel"):
        site = _site(ctx, call)
        if site is None or site[0] in seen:
            continue
        node, var, collection = site
        seen.add(node)
        fn = ctx.scope(node)
        watched = {var, collection}
        following = after(ctx, node)
        if isinstance(node, (ast.For, ast.AsyncFor)):
            following += node.body  # for t in tasks: t.cancel(); await t
        if _handed_over(ctx, node, var) or _waits(ctx, following, watched, 0):
            continue
        owner = "single" if collection == var and type(node) is ast.Call else _owner(ctx, collection, node, fn)
        if owner == "single" and not _at_shutdown(ctx, node, following):
            continue
        if (
            owner in ("param", "shared")
            and isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
            and _callers_wait(ctx, fn, collection)
        ):
            continue
        finding = _finding(ctx, node, fn, owner, collection, watched)
        if finding is not None:
            yield finding


def _at_shutdown(ctx: Context, call: ast.AST, following: list[ast.AST]) -> bool:
    """Whether a single task's cancel() is on the way out: in a ``finally`` or an ``except``
    handler, or with no await after it (a cancel amid further awaits is a race, not a shutdown)."""
    for child, parent in ctx.ancestors(call):
        if type(parent) is ast.ExceptHandler or (
            isinstance(parent, (ast.Try, ast.TryStar)) and any(child is s for s in parent.finalbody)
        ):
            return True
    return not any(isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)) for node in ctx.walk(following))


def _owner(ctx: Context, collection: str, node: ast.AST, fn: ast.AST) -> str:
    """Who holds the collection: local | param | closure | shared (an attribute, a global, all_tasks())."""
    if collection == _ALL or "." in collection:
        return "shared"
    bound = ctx.lookup(ast.Name(id=collection), node)
    if any(kind == "param" for kind, _, _ in bound):
        return "param"
    scope = ctx.scope(bound[0][2]) if bound else ctx.tree
    return "local" if scope is fn else "shared" if scope is ctx.tree else "closure"


def _finding(
    ctx: Context, node: ast.AST, fn: ast.AST, owner: str, collection: str, watched: set[str]
) -> Finding | None:
    if type(fn) is not ast.AsyncFunctionDef:
        if _awaited_anywhere(ctx, watched, node):  # a plain function cannot await: someone else may
            return None
        return ctx.finding(node, "AP117", f"the tasks cancelled here ({collection}) are never awaited")
    name = fn.name
    if owner == "single":
        return ctx.finding(
            node, "AP117", f"task {collection} is cancelled here and never awaited after: {name}() goes on first"
        )
    if owner == "closure":
        holder = ctx.scope(ctx.lookup(ast.Name(id=collection), node)[0][2])
        if _waits(ctx, list(getattr(holder, "body", [])), watched, 1, anywhere=True):
            return None  # the function that owns the tasks waits for them
    elif owner == "shared" and _awaited_anywhere(ctx, watched, node):
        return ctx.finding(
            node,
            "AP117",
            f"the tasks cancelled here ({collection}) are awaited elsewhere but not after this cancel: {name}() returns before their cleanup has run",
            severity="warning",
        )
    return ctx.finding(
        node, "AP117", f"the tasks cancelled here ({collection}) are never awaited after: {name}() goes on first"
    )


def _site(ctx: Context, call: ast.Call) -> tuple[ast.AST, str, str] | None:
    """(reported node, cancelled variable, collection) for a ``.cancel()`` call on a task."""
    var = dotted(call.func.value) if type(call.func) is ast.Attribute else None
    if var is None:
        return None
    parent = ctx.parents.get(call)
    if isinstance(parent, (ast.ListComp, ast.SetComp, ast.GeneratorExp)) and parent.elt is call:
        for generator in parent.generators:
            if var in _names(generator.target):
                collection = _task_collection(ctx, generator.iter, parent)
                return (parent, var, collection) if collection else None
        return None
    for _, ancestor in ctx.ancestors(call):
        if isinstance(ancestor, (ast.For, ast.AsyncFor)) and var in _names(ancestor.target):
            collection = _task_collection(ctx, ancestor.iter, ancestor)
            return (ancestor, var, collection) if collection else None
    if type(parent) is ast.Expr and type(call.func.value) is ast.Name and _local_task(ctx, call.func.value, call):  # type: ignore[attr-defined]
        return call, var, var
    return None


def _names(target: ast.AST) -> set[str]:
    if type(target) is ast.Name:
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return {name for element in target.elts for name in _names(element)}
    return set()


def _local_task(ctx: Context, name: ast.Name, at: ast.AST) -> bool:
    """Whether ``name`` is a task this coroutine started (every binding in it is a task factory call)."""
    fn = ctx.scope(at)
    if type(fn) is not ast.AsyncFunctionDef:
        return False
    bound = ctx.bindings.get((fn, name.id), [])
    return bool(bound) and all(
        kind == "assign" and type(value) is ast.Call and _makes_tasks(ctx, value, node) for kind, value, node in bound
    )


def _task_collection(ctx: Context, source: ast.AST, at: ast.AST) -> str | None:
    """The dotted name of the collection of tasks ``source`` walks, if it clearly holds tasks."""
    while type(source) is ast.Call and source.args and type(source.func) is ast.Name and source.func.id in _SOURCES:
        source = source.args[0]
    if (
        type(source) is ast.Call
        and type(source.func) is ast.Attribute
        and source.func.attr in ("copy", "values", "items")
    ):
        source = source.func.value
    if type(source) is ast.Call and ctx.callee(source) in ALL_TASKS:
        return _ALL
    name = dotted(source)
    if name is None:
        return None
    bound = ctx.lookup(source, at)
    for kind, value, node in bound:
        if kind == "assign" and value is not None and _makes_tasks(ctx, value, at):
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
    return name if _filled_with_tasks(ctx, name, bound) else None


def _filled_with_tasks(ctx: Context, name: str, bound: list[tuple[str, ast.AST | None, ast.AST]]) -> bool:
    """Whether the module adds tasks to ``name``: ``name.append(task)``, ``name[key] = task``."""

    def same(holder: ast.AST, at: ast.AST) -> bool:
        return dotted(holder) == name and (not bound or ctx.lookup(holder, at) is bound)

    for call in ctx.method_calls("append", "add"):
        func = call.func
        if len(call.args) == 1 and same(func.value, call) and _makes_tasks(ctx, call.args[0], call):  # type: ignore[attr-defined]
            return True
    for assign in ctx.each(ast.Assign):
        for target in assign.targets:
            if type(target) is ast.Subscript and same(target.value, assign) and _makes_tasks(ctx, assign.value, assign):
                return True
    return False


def _mentions_task(annotation: ast.AST) -> bool:
    for node in ast.walk(annotation):
        if (type(node) is ast.Name and node.id == "Task") or (type(node) is ast.Attribute and node.attr == "Task"):
            return True
        if type(node) is ast.Constant and isinstance(node.value, str) and "Task[" in node.value:
            return True
    return False


def _is_loop(ctx: Context, receiver: ast.AST, at: ast.AST) -> bool:
    """Whether ``receiver`` is an event loop: ``get_running_loop()``, bound to one, or annotated as one."""
    if ctx.callee(receiver) in LOOP_GETTERS or ctx.bound_to_call(receiver, at, LOOP_GETTERS):
        return True
    for kind, value, node in ctx.lookup(receiver, at):
        annotation = value if kind == "param" else getattr(node, "annotation", None)
        if annotation is not None and any(ctx.qualname(part) in LOOP_TYPES for part in ast.walk(annotation)):
            return True
    return False


def _makes_tasks(ctx: Context, value: ast.AST, at: ast.AST, depth: int = 0) -> bool:
    """Whether ``value`` is a task, or a list/set/dict/comprehension of tasks, or all_tasks()."""
    if depth > 4:
        return False
    if type(value) is ast.Call:
        name = ctx.callee(value)
        if name in TASK_FACTORIES or name in ALL_TASKS:
            return True
        if type(value.func) is ast.Attribute and value.func.attr == "create_task":
            return _is_loop(ctx, value.func.value, at)
        if type(value.func) is ast.Name and value.func.id in ("list", "set") and value.args:
            return _makes_tasks(ctx, value.args[0], at, depth + 1)
        return False
    if isinstance(value, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return _makes_tasks(ctx, value.elt, at, depth + 1) or _makes_tasks(ctx, value.generators[0].iter, at, depth + 1)
    if type(value) is ast.DictComp:
        return _makes_tasks(ctx, value.value, at, depth + 1)
    if isinstance(value, (ast.List, ast.Set, ast.Tuple)):
        return bool(value.elts) and all(_makes_tasks(ctx, element, at, depth + 1) for element in value.elts)
    if type(value) is ast.Dict:
        return bool(value.values) and all(_makes_tasks(ctx, item, at, depth + 1) for item in value.values)
    if type(value) is ast.Name:
        return any(
            kind == "assign" and v is not None and _makes_tasks(ctx, v, node, depth + 1)
            for kind, v, node in ctx.lookup(value, at)
        )
    return False


def _handed_over(ctx: Context, site: ast.AST, var: str) -> bool:
    """Whether the tasks are passed on (``waiters.append(t)``, ``yield t``…): someone else awaits them.

    A loop: anywhere in its body. A single task: anywhere in its coroutine, nested functions
    included, except into a gather/wait/shield (which waits for it, before the cancel)."""
    single = type(site) is ast.Call
    fn = ctx.scope(site)
    if single:
        nodes: Iterable[ast.AST] = ast.walk(fn)
    else:
        nodes = ctx.walk(site.body if isinstance(site, (ast.For, ast.AsyncFor)) else [site.elt])  # type: ignore[attr-defined]
    for node in nodes:
        if type(node) is not ast.Name or node.id != var:
            continue
        if single and ctx.scope(node) is not fn:
            return True  # a nested function or lambda uses the task
        child, parent = _container(ctx, node)
        if type(parent) is ast.Call and any(child is arg for arg in (*parent.args, *parent.keywords)):
            if not single or ctx.callee(parent) not in WAITERS:
                return True
        elif isinstance(parent, (ast.Assign, ast.AnnAssign, ast.Return, ast.Yield, ast.YieldFrom)) and (
            getattr(parent, "value", None) is child
        ):
            return True
    return False


def _container(ctx: Context, node: ast.AST) -> tuple[ast.AST, ast.AST | None]:
    """(outermost display, starred or keyword holding ``node``, what holds that)."""
    parent = ctx.parents.get(node)
    while isinstance(parent, (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred, ast.keyword)):
        node, parent = parent, ctx.parents.get(parent)
    return node, parent


def _mentions(ctx: Context, node: ast.AST, watched: set[str]) -> bool:
    for part in ast.walk(node):
        if isinstance(part, (ast.Name, ast.Attribute)) and dotted(part) in watched:
            return True
        if type(part) is ast.Call and _ALL in watched and ctx.callee(part) in ALL_TASKS:
            return True
    return False


def _waits(ctx: Context, body: list[ast.AST], watched: set[str], depth: int, *, anywhere: bool = False) -> bool:
    """Whether ``body`` awaits, gathers, waits for, returns or hands on one of ``watched``
    (or a loop over them awaits each), itself or in a function of this module it calls."""
    nodes = list(ctx.walk(body))
    watched = set(watched)
    for node in nodes:  # for t in tasks: await t
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)) and _mentions(ctx, node.iter, watched):
            watched |= _names(node.target)
    for node in nodes:
        kind = type(node)
        if kind in (ast.Await, ast.Return, ast.Yield, ast.YieldFrom):
            if node.value is not None and _mentions(ctx, node.value, watched):  # type: ignore[attr-defined]
                return True
        elif kind is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            waiter = ctx.callee(node) in WAITERS or (type(func) is ast.Attribute and func.attr == "run_until_complete")
            if waiter and _mentions(ctx, node, watched):
                return True
            if type(func) is ast.Attribute and func.attr in OUTCOMES and dotted(func.value) in watched:
                return True  # t.cancelled(), t.result(): the code expects the task to have finished
            if _given(ctx, node, watched) and not anywhere:  # type: ignore[arg-type]
                return True
            if depth < 2:
                for callee in ctx.resolve(func, node):
                    if _waits(ctx, list(callee.body), watched, depth + 1, anywhere=True):
                        return True
    return False


def _given(ctx: Context, call: ast.Call, watched: set[str]) -> bool:
    """Whether ``call`` is given the tasks (``drain(tasks)``), other than to look at or log them."""
    func = call.func
    if (type(func) is ast.Name and func.id in LOOKS_ONLY) or (
        type(func) is ast.Attribute and (func.attr in LOGS or dotted(func.value) in watched)
    ):
        return False  # len(tasks), log.debug(tasks), tasks.remove(t)
    values = [*call.args, *(item.value for item in call.keywords)]
    return any(dotted(value.value if type(value) is ast.Starred else value) in watched for value in values)


def _callers_wait(ctx: Context, fn: Function, collection: str) -> bool:
    """Whether a caller of ``fn`` waits for the tasks after the call (a parameter: for what it passed)."""
    params = {arg.arg for arg in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
    for call in callers(ctx, fn):
        watched = {collection}
        if collection in params:
            passed = dotted(argument(call, fn, collection))
            if passed is None:
                continue
            watched = {passed}
        if _waits(ctx, after(ctx, call), watched, 1):
            return True
    return False


def _awaited_anywhere(ctx: Context, watched: set[str], at: ast.AST) -> bool:
    """Whether any function of the module (of the same class, for ``self.x``) waits for ``watched``."""
    owner = ctx.enclosing_class(at) if any(name.startswith(("self.", "cls.")) for name in watched) else None
    functions = [
        fn
        for fn in ctx.either(ast.FunctionDef, ast.AsyncFunctionDef)
        if owner is None or ctx.enclosing_class(fn.body[0]) is owner
    ]
    bodies: list[list[ast.AST]] = [[ctx.tree]]
    bodies += [list(fn.body) for fn in functions]
    return any(_waits(ctx, body, watched, 2, anywhere=True) for body in bodies)
