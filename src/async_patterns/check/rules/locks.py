"""AP112: a lock acquired with ``await x.acquire()`` whose release a cancellation can skip."""

from __future__ import annotations

import ast

from ..names import dotted
from ..registry import rule
from .cancellation import CATCHES_CANCELLATION

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context


@rule(
    "AP112",
    "acquire-without-finally",
    summary="await lock.acquire() (Lock, Semaphore, Condition…) released later in the same function but not by a try/finally (or an except BaseException) right after it.",
    why="An exception or cancellation between acquire() and release() leaves the lock held forever; every later acquire() deadlocks. except Exception does not see CancelledError.",
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
            if _is_release(n, target)
            and getattr(n, "lineno", 0)
            > node.lineno  # a release before the acquire (Condition.wait) is another pairing
            and not any(isinstance(parent, ast.ExceptHandler) for _, parent in ctx.ancestors(n))
        ]  # releases only on error paths: the lock is meant to stay held after the function
        if not releases:
            continue
        protection = _protection(ctx, statement, target)
        if protection == "full":
            continue
        if protection == "exception":
            message = f"{target}.acquire() is released in an except handler that does not catch CancelledError, and not in a finally: a cancellation leaves it held"
        else:
            message = f"{target}.acquire() is not followed by try/finally {target}.release(): an exception in between leaves it held"
        yield ctx.finding(node, "AP112", message)


def _is_release(node: ast.AST, target: str) -> bool:
    return (
        type(node) is ast.Call
        and type(node.func) is ast.Attribute
        and node.func.attr == "release"
        and dotted(node.func.value) == target
    )


def _releases(ctx: Context, body: list[ast.stmt], target: str) -> bool:
    return any(_is_release(n, target) for n in ctx.walk(body))


def _try_protection(ctx: Context, block: ast.Try | ast.TryStar, target: str) -> str:
    """full: its finally (or a handler that sees cancellation) releases; exception: only an
    ``except Exception``-like handler does; none."""
    if _releases(ctx, block.finalbody, target):
        return "full"
    found = "none"
    for handler in block.handlers:
        if _releases(ctx, handler.body, target):
            names = ctx.exception_names(handler.type)
            if any(name is None or name in CATCHES_CANCELLATION for name in names):
                return "full"  # a bare except, BaseException, CancelledError (or a name we cannot read)
            found = "exception"
    return found


def _protection(ctx: Context, statement: ast.stmt, target: str) -> str:
    """How the acquire ``statement`` is protected: full | exception | none."""
    found = "none"
    following = ctx.following(statement)
    if following and isinstance(following[0], (ast.Try, ast.TryStar)):
        found = _try_protection(ctx, following[0], target)
        if found == "full":
            return found
    for child, ancestor in ctx.ancestors(statement):
        if isinstance(ancestor, (ast.Try, ast.TryStar)) and any(child is s for s in ancestor.body):
            inner = _try_protection(ctx, ancestor, target)
            if inner == "full":
                return inner
            if inner == "exception":
                found = inner
    return found
