"""Control-flow and call questions several rules share (not a rule module: it registers nothing).

``after``: the statements that may run after a node in its function; ``repeats``: whether a
node runs once per iteration of an enclosing loop; ``callers``: the call sites of a function
of this module; ``instance_methods``: the methods ``obj.name(...)`` runs when ``obj`` is an
instance of a class of this module.
"""

from __future__ import annotations

import ast

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..context import Context, Function

_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _holds(block: list[ast.stmt], node: ast.AST) -> bool:
    return any(node is item for item in block)


def after(ctx: Context, node: ast.AST) -> list[ast.AST]:
    """What may run after ``node`` in its function: the statements following it in each
    enclosing block, the ``finally`` (and, from a ``try`` body, the ``else`` and handlers) of
    each enclosing ``try``, and the body of each enclosing loop (its next iteration)."""
    scope = ctx.scope(node)
    parents = ctx.parents
    found: list[ast.AST] = []
    child = node
    while child is not scope:
        parent = parents.get(child)
        if parent is None:
            break
        if isinstance(child, ast.stmt):
            found.extend(ctx.following(child))
        if isinstance(parent, _LOOPS) and _holds(parent.body, child):
            found.extend(parent.body)
        elif isinstance(parent, (ast.Try, ast.TryStar)) and not _holds(parent.finalbody, child):
            found.extend(parent.finalbody)
            if _holds(parent.body, child):
                found.extend([*parent.orelse, *parent.handlers])
        child = parent
    return found


def repeats(ctx: Context, node: ast.AST) -> ast.AST | None:
    """The loop or comprehension of ``node``'s function that runs ``node`` once per item, if any.

    A ``for`` repeats its body (not its iterable, evaluated once); a ``while`` its test and body;
    a comprehension everything but the iterable of its first ``for``."""
    parents = ctx.parents
    for child, parent in ctx.ancestors(node):
        if isinstance(parent, (ast.For, ast.AsyncFor)):
            if _holds(parent.body, child):
                return parent
        elif isinstance(parent, ast.While):
            if child is parent.test or _holds(parent.body, child):
                return parent
        elif isinstance(parent, ast.comprehension):
            comp = parents.get(parent)
            first = comp.generators[0] if isinstance(comp, _COMPREHENSIONS) else None
            if parent is not first or child is not parent.iter:
                return comp
        elif isinstance(parent, _COMPREHENSIONS) and not any(child is g for g in parent.generators):
            return parent
    return None


def callers(ctx: Context, fn: Function) -> list[ast.Call]:
    """The calls of this module that run ``fn``: ``fn(...)``, ``self.fn(...)``, ``obj.fn(...)``
    on an instance of its class."""
    found: list[ast.Call] = []
    for call in [*ctx.calls(fn.name), *ctx.method_calls(fn.name)]:
        if fn in ctx.resolve(call.func, call) or fn in instance_methods(ctx, call.func, call):
            found.append(call)
    return found


def argument(call: ast.Call, fn: Function, name: str) -> ast.AST | None:
    """The expression ``call`` passes for the parameter ``name`` of ``fn``, if it is clear."""
    for item in call.keywords:
        if item.arg == name:
            return item.value
    positional = [*fn.args.posonlyargs, *fn.args.args]
    if positional and positional[0].arg in ("self", "cls") and type(call.func) is ast.Attribute:
        positional = positional[1:]
    for index, arg in enumerate(positional):
        if arg.arg == name:
            if index < len(call.args) and not any(type(a) is ast.Starred for a in call.args[: index + 1]):
                return call.args[index]
            return None
    return None


def _classes(ctx: Context) -> dict[str, list[ast.ClassDef]]:
    table: dict[str, list[ast.ClassDef]] = {}
    for cls in ctx.each(ast.ClassDef):
        table.setdefault(cls.name, []).append(cls)
    return table


def _class_named(ctx: Context, node: ast.AST | None) -> list[ast.ClassDef]:
    """The module's classes ``node`` names: ``Fetcher``, ``"Fetcher"``, ``Fetcher | None``."""
    if type(node) is ast.Constant and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return []
    if type(node) is ast.BinOp:
        return _class_named(ctx, node.left) or _class_named(ctx, node.right)
    if type(node) is ast.Name and ctx.qualname(node) == node.id:
        return _classes(ctx).get(node.id, [])
    return []


def instance_methods(ctx: Context, func: ast.AST, at: ast.AST) -> list[Function]:
    """The methods ``obj.name`` finds when ``obj`` is an instance of a class of this module:
    created from it (``obj = Fetcher(...)``, ``Fetcher(...).name``) or annotated with it."""
    if type(func) is not ast.Attribute:
        return []
    receiver = func.value
    classes: list[ast.ClassDef] = []
    if type(receiver) is ast.Call:
        classes = _class_named(ctx, receiver.func)
    elif isinstance(receiver, (ast.Name, ast.Attribute)):
        for kind, value, node in ctx.lookup(receiver, at):
            if kind in ("assign", "with") and type(value) is ast.Call:
                classes = _class_named(ctx, value.func)
            elif kind == "param":
                classes = _class_named(ctx, value)
            elif type(node) is ast.AnnAssign:
                classes = _class_named(ctx, node.annotation)
            if classes:
                break
    return [
        item
        for cls in classes
        for item in cls.body
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name == func.attr
    ]
