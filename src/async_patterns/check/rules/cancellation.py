"""Rules about cancellation: swallowed, misclassified, or never waited for.

AP101 swallowed cancellation, AP113 ``__aexit__`` returning True, AP114 jumps out of
``finally``. (AP102 and AP117, about task results and cancelled tasks, are in ``tasks``.)
"""

from __future__ import annotations

import ast

from ..names import dotted, is_true
from ..registry import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context

# What catches asyncio's cancellation: CancelledError itself or BaseException (bare except too).
CATCHES_CANCELLATION = frozenset({"BaseException", "asyncio.CancelledError", "trio.Cancelled"})


def cancellation_names(ctx: Context, expr: ast.AST | None, at: ast.AST, depth: int = 0) -> tuple[list[str], bool]:
    """(the cancellation-catching classes ``expr`` names, whether a variable had to be followed).

    ``expr`` is an ``except`` clause's type or an argument of ``suppress()``: a name, a tuple,
    or a variable the module binds once to one of those.
    """
    if expr is None or depth > 3:
        return [], False
    if type(expr) is ast.Tuple:
        found: list[str] = []
        indirect = False
        for element in expr.elts:
            names, via = cancellation_names(ctx, element, at, depth + 1)
            found += names
            indirect = indirect or (via and bool(names))
        return found, indirect
    if type(expr) is ast.Call:
        return (
            (["anyio.get_cancelled_exc_class()"], False)
            if ctx.callee(expr) == "anyio.get_cancelled_exc_class"
            else ([], False)
        )
    name = ctx.qualname(expr)
    if name in CATCHES_CANCELLATION:
        return [name], False
    if type(expr) is ast.Name and name == expr.id:
        bound = ctx.lookup(expr, at)
        if len(bound) == 1 and bound[0][0] == "assign":
            names, _ = cancellation_names(ctx, bound[0][1], bound[0][2], depth + 1)
            return names, bool(names)
    return [], False


def _has_checkpoint(ctx: Context, body: list[ast.stmt]) -> bool:
    return any(isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)) for node in ctx.walk(body))


def _cancelled_before(ctx: Context, scope: ast.AST, line: int) -> set[str]:
    """Dotted names whose ``.cancel()`` is called in ``scope`` before ``line`` (loops: their iterable too)."""
    names: set[str] = set()
    for node in ctx.walk(getattr(scope, "body", [])):
        if (
            type(node) is ast.Call
            and type(node.func) is ast.Attribute
            and node.func.attr == "cancel"
            and node.lineno < line
            and (target := dotted(node.func.value)) is not None
        ):
            names.add(target)
            for _, parent in ctx.ancestors(node):
                if isinstance(parent, (ast.For, ast.AsyncFor)) and dotted(parent.target) == target:
                    loop_iter = dotted(parent.iter)
                    if loop_iter:
                        names.add(loop_iter)
    return names


def _awaits_cancelled_task(ctx: Context, block: ast.With) -> bool:
    """Whether the block is ``await task`` (or gather/wait of tasks) for tasks cancelled just above."""
    if len(block.body) != 1 or type(block.body[0]) is not ast.Expr or type(block.body[0].value) is not ast.Await:
        return False
    awaited = {name for node in ctx.walk([block.body[0].value]) if (name := dotted(node)) is not None}
    return bool(awaited & _cancelled_before(ctx, ctx.scope(block), block.lineno))


@rule(
    "AP101",
    "cancellation-swallowed",
    summary="A coroutine suppresses CancelledError (contextlib.suppress, or an except whose class comes from a variable) without re-raising or uncancel().",
    why="The task keeps running after cancel(); asyncio.timeout() and TaskGroup then misbehave (a timeout can return normally).",
    fix="Let CancelledError propagate: catch Exception, or re-raise after cleanup; call uncancel() only if suppression is intended.",
    versions="3.11+ (CancelledError is a BaseException since 3.8; uncancel() since 3.11)",
    covered_by="flake8-async ASYNC103/104 report except CancelledError/BaseException/bare except that does not re-raise; this rule covers suppress() and exception classes held in variables, which it misses.",
)
def cancellation_swallowed(ctx: Context) -> Iterator[Finding]:
    if not ctx.each(ast.AsyncFunctionDef):
        return
    for block in ctx.each(ast.With):
        if not ctx.in_coroutine(block):
            continue
        for item in block.items:
            call = item.context_expr
            if type(call) is not ast.Call or ctx.callee(call) != "contextlib.suppress":
                continue
            caught = [name for arg in call.args for name in cancellation_names(ctx, arg, block)[0]]
            if not caught or not _has_checkpoint(ctx, block.body):
                continue
            what = caught[0].rpartition(".")[2]
            if _awaits_cancelled_task(ctx, block):
                yield ctx.finding(
                    call,
                    "AP101",
                    f"suppress({what}) around awaiting a task cancelled above also swallows a cancel() of this coroutine that arrives while it waits",
                    severity="warning",
                )
            else:
                yield ctx.finding(
                    call, "AP101", f"suppress({what}) in a coroutine swallows the task's own cancellation"
                )
    for node in ctx.either(ast.Try, ast.TryStar):
        if not ctx.in_coroutine(node):
            continue
        for handler in node.handlers:
            names, indirect = cancellation_names(ctx, handler.type, handler)
            if not names or not indirect or _reraises(ctx, handler):
                continue
            what = names[0].rpartition(".")[2]
            yield ctx.finding(
                handler, "AP101", f"this except catches {what} (through a variable) and never re-raises it"
            )


def _reraises(ctx: Context, handler: ast.ExceptHandler) -> bool:
    for node in ctx.walk(handler.body):
        if type(node) is ast.Raise:
            return True
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "uncancel":
            return True
    return False


@rule(
    "AP113",
    "aexit-returns-true",
    summary="An __aexit__ returns True unconditionally.",
    why="Returning True suppresses every exception leaving the block, CancelledError and KeyboardInterrupt included.",
    fix="Return None (or False); return True only for the specific exceptions meant to be suppressed.",
    covered_by="No linter rule.",
)
def aexit_returns_true(ctx: Context) -> Iterator[Finding]:
    for fn in ctx.each(ast.AsyncFunctionDef):
        if fn.name != "__aexit__":
            continue
        returns = [node for node in ctx.walk(fn.body) if type(node) is ast.Return]
        if not returns or not all(is_true(node.value) for node in returns):
            continue  # some path returns something else: the suppression is conditional
        for node in returns:
            if _unconditional(ctx, node):
                yield ctx.finding(
                    node,
                    "AP113",
                    "__aexit__ returns True unconditionally: every exception in the block is swallowed, cancellation included",
                )


def _unconditional(ctx: Context, node: ast.AST) -> bool:
    for child, parent in ctx.ancestors(node):
        if isinstance(parent, (ast.With, ast.AsyncWith)):
            continue
        if type(parent) is ast.Try and any(child is stmt for stmt in (*parent.body, *parent.finalbody)):
            continue
        return False
    return True


@rule(
    "AP114",
    "jump-in-finally",
    summary="return, break or continue in a finally block of a coroutine.",
    why="The jump discards the exception in flight, CancelledError included, so the task cannot be cancelled; SyntaxWarning since 3.14 (PEP 765).",
    fix="Move the return/break/continue after the try statement; keep finally for cleanup only.",
    versions="all; SyntaxWarning from 3.14 (PEP 765)",
    covered_by="ruff B012 reports the same jumps in any function; this rule reports them in coroutines, where they also swallow cancellation.",
)
def jump_in_finally(ctx: Context) -> Iterator[Finding]:
    for kind in (ast.Return, ast.Break, ast.Continue):
        for node in ctx.each(kind):
            if not ctx.in_coroutine(node):
                continue
            for child, parent in ctx.ancestors(node):
                if (
                    kind is not ast.Return
                    and isinstance(parent, (ast.For, ast.AsyncFor, ast.While))
                    and any(child is stmt for stmt in parent.body)
                ):
                    break  # the jump stays inside a loop nested in the finally
                if isinstance(parent, (ast.Try, ast.TryStar)) and any(child is stmt for stmt in parent.finalbody):
                    word = kind.__name__.lower()
                    yield ctx.finding(
                        node, "AP114", f"{word} in finally discards any exception in flight, including CancelledError"
                    )
                    break
