"""AP118: a resource-holding async generator left early without ``contextlib.aclosing()``."""

from __future__ import annotations

import ast

from ..names import dotted
from ..registry import rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from async_patterns.findings import Finding

    from ..context import Context


@rule(
    "AP118",
    "async-generator-not-closed",
    summary="A break/return leaves async for over a resource-holding async generator of this module without contextlib.aclosing().",
    why="The generator's finally / async with cleanup does not run at the break: it runs later from the loop's asyncgen hook, in another task, or not at all.",
    fix="async with contextlib.aclosing(gen(...)) as items: async for item in items: ...",
    versions="3.10+ (contextlib.aclosing)",
    covered_by="ruff ASYNC119 (preview) / flake8-async ASYNC119 flag the yield inside the with in the generator; nothing flags the consumer.",
)
def async_generator_not_closed(ctx: Context) -> Iterator[Finding]:
    if not ctx.each(ast.AsyncFor):
        return
    holders = _resource_generators(ctx)
    if not holders:
        return
    for loop in ctx.each(ast.AsyncFor):
        call = loop.iter
        if type(call) is ast.Name:
            bound = ctx.lookup(call, loop)
            if len(bound) != 1 or bound[0][0] != "assign" or _closed_explicitly(ctx, call.id, loop):
                continue
            call = bound[0][1]  # type: ignore[assignment]
        if type(call) is not ast.Call:
            continue
        defs = ctx.resolve(call.func, loop)
        if not defs or not all(fn in holders for fn in defs):
            continue
        for exit_node in _early_exits(ctx, loop):
            word = type(exit_node).__name__.lower()
            yield ctx.finding(
                exit_node,
                "AP118",
                f"this {word} leaves the async for over {defs[0].name}() (line {loop.lineno}) with the generator open: its cleanup runs later, not here; wrap it in contextlib.aclosing()",
            )


def _resource_generators(ctx: Context) -> set[ast.AST]:
    holders: set[ast.AST] = set()
    for node in ctx.either(ast.Yield, ast.YieldFrom):
        fn = ctx.scope(node)
        if type(fn) is not ast.AsyncFunctionDef or fn in holders:
            continue
        for child, parent in ctx.ancestors(node):
            if isinstance(parent, (ast.With, ast.AsyncWith)) and any(child is s for s in parent.body):
                holders.add(fn)
                break
            if (
                isinstance(parent, (ast.Try, ast.TryStar))
                and parent.finalbody
                and not any(child is s for s in parent.finalbody)
            ):
                holders.add(fn)
                break
    return holders


def _closed_explicitly(ctx: Context, name: str, loop: ast.AST) -> bool:
    for node in ctx.walk(getattr(ctx.scope(loop), "body", [])):
        if type(node) is ast.Call:
            if ctx.callee(node) == "contextlib.aclosing" and any(
                type(a) is ast.Name and a.id == name for a in node.args
            ):
                return True
            if type(node.func) is ast.Attribute and node.func.attr == "aclose" and dotted(node.func.value) == name:
                return True
    return False


def _early_exits(ctx: Context, loop: ast.AsyncFor) -> list[ast.stmt]:
    """The break and return statements that leave ``loop`` early, in source order."""
    found: list[ast.stmt] = []
    stack: list[ast.AST] = list(loop.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Break, ast.Return)):
            found.append(node)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            found += [
                n
                for part in node.body
                for n in ast.walk(part)
                if type(n) is ast.Return and ctx.scope(n) is ctx.scope(loop)
            ]
            stack.extend(node.orelse)  # a break in a nested loop leaves that loop only; its else is ours
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))
    return sorted(found, key=lambda node: (node.lineno, node.col_offset))
