"""AP102: ``isinstance(r, Exception)`` on ``gather(return_exceptions=True)`` results.

(AP117, tasks cancelled and never awaited, is in ``shutdown``.)
"""

from __future__ import annotations

import ast

from ..names import is_true, keyword
from ..registry import rule
from .cancellation import CATCHES_CANCELLATION

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context

GATHER = frozenset({"asyncio.gather"})


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
        filtered = _filter_checks(ctx, scope, elements | subscripted)
        if any(_names_base_exception(ctx, node.args[1]) for node in [*tested, *filtered]):
            continue  # CancelledError handled somewhere: trust the code
        for node in [*tested, *filtered]:
            if _names_only_exception(ctx, node.args[1]) and (node in filtered or _used_as_success(ctx, node)):
                yield ctx.finding(
                    node,
                    "AP102",
                    "isinstance(..., Exception) on a gather(return_exceptions=True) result treats a CancelledError as a success",
                )


def _filter_checks(ctx: Context, scope: ast.AST, sources: set[str]) -> list[ast.Call]:
    """isinstance tests in ``filter(lambda r: not isinstance(r, Exception), results)`` (and
    ``filterfalse(lambda r: isinstance(r, Exception), ...)``) that keep the non-exceptions."""
    found: list[ast.Call] = []
    for call in [*ctx.calls("filter"), *ctx.calls("itertools.filterfalse")]:
        if ctx.scope(call) is not scope or len(call.args) != 2:
            continue
        function, iterable = call.args
        if type(function) is not ast.Lambda or not function.args.args:
            continue
        if not (type(iterable) is ast.Name and iterable.id in sources):
            continue
        param = function.args.args[0].arg
        keeps_negated = ctx.callee(call) == "filter"
        terms = function.body.values if type(function.body) is ast.BoolOp else [function.body]
        for term in terms:
            negated = type(term) is ast.UnaryOp and type(term.op) is ast.Not
            test = term.operand if type(term) is ast.UnaryOp and negated else term
            if (
                negated == keeps_negated
                and type(test) is ast.Call
                and type(test.func) is ast.Name
                and test.func.id == "isinstance"
                and len(test.args) == 2
                and type(test.args[0]) is ast.Name
                and test.args[0].id == param
            ):
                found.append(test)
    return found


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
