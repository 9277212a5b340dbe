"""What every rule asks about one module, gathered in one pass over its tree.

:class:`Context` indexes the tree once (each node's parent and enclosing function, and the
nodes of each type), so a rule visits only the node types it cares about and answers
"where am I" questions by walking a few parents up, never by rescanning the module. The
rest (imports, name bindings, function definitions) is computed on first use.

Names are resolved through the module's imports: with ``import asyncio as aio`` and
``from asyncio import gather``, both ``aio.gather`` and ``gather`` resolve to
``asyncio.gather``; ``asyncio.tasks.gather`` is normalised to the same name and ``httpx2``
to ``httpx``. A name the module binds itself resolves to itself.
"""

from __future__ import annotations

import ast
from functools import cached_property

from async_patterns.findings import Finding

from .names import ASYNCIO_COROUTINE_FUNCTIONS, dotted, normalise
from .registry import RULES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import TypeVar

    from async_patterns.findings import Severity

    N = TypeVar("N", bound=ast.AST)
    M = TypeVar("M", bound=ast.AST)
    Function = ast.FunctionDef | ast.AsyncFunctionDef
    # (kind, value, node): kind is assign | with | for | param | other; value is the bound
    # expression (the context manager for ``with``, the iterable for ``for``, the annotation
    # for ``param``), node the statement or argument that binds.
    Binding = tuple[str, ast.AST | None, ast.AST]

TOOL = "async-patterns"
SCOPE_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_SCOPE_KINDS = frozenset(SCOPE_TYPES)
_EXPECTS_ERROR = frozenset({"raises", "assertRaises", "assertRaisesRegex"})
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_ignores"})


class Context:
    """One parsed module and the facts about it that rules share.

    Attributes:
        tree: the module's AST.
        source: the decoded source text.
        filename: the name findings carry.
        target: the target Python version, as ``(3, 12)``.
        parents: each node's parent (the module has none).
        scopes: each node's innermost enclosing function or lambda, or the module.
        nodes: every node of the tree, by type.
    """

    def __init__(self, tree: ast.Module, source: str, filename: str, target: tuple[int, int]) -> None:
        self.tree = tree
        self.source = source
        self.filename = filename
        self.target = target
        self.parents: dict[ast.AST, ast.AST] = {}
        self.scopes: dict[ast.AST, ast.AST] = {}
        self.nodes: dict[type[ast.AST], list[ast.AST]] = {}
        self._index()

    def _index(self) -> None:
        parents, scopes, nodes = self.parents, self.scopes, self.nodes
        stack: list[tuple[ast.AST, ast.AST]] = [(self.tree, self.tree)]
        pop, push = stack.pop, stack.append
        while stack:
            node, scope = pop()
            kind = type(node)
            bucket = nodes.get(kind)
            if bucket is None:
                nodes[kind] = [node]
            else:
                bucket.append(node)
            opens_scope = kind in _SCOPE_KINDS
            for field in node._fields:
                if field in _SKIPPED_FIELDS:
                    continue
                value = getattr(node, field, None)
                if value is None:
                    continue
                inner = node if opens_scope and field == "body" else scope
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast.AST):
                            parents[item] = node
                            scopes[item] = inner
                            push((item, inner))
                elif isinstance(value, ast.AST):
                    parents[value] = node
                    scopes[value] = inner
                    push((value, inner))

    def each(self, kind: type[N]) -> list[N]:
        """Every node of type ``kind`` (exact type, not subclasses), in no particular order."""
        return self.nodes.get(kind, [])  # type: ignore[return-value]

    def either(self, first: type[N], second: type[M]) -> list[N | M]:
        """Every node of either type (exact types), in no particular order."""
        return [*self.each(first), *self.each(second)]

    def scope(self, node: ast.AST) -> ast.AST:
        """The innermost function or lambda whose body holds ``node``, or the module."""
        return self.scopes.get(node, self.tree)

    def in_coroutine(self, node: ast.AST) -> bool:
        """Whether ``node`` runs in the body of an ``async def`` (not a nested def or lambda)."""
        return type(self.scopes.get(node)) is ast.AsyncFunctionDef

    def ancestors(self, node: ast.AST) -> Iterator[tuple[ast.AST, ast.AST]]:
        """(child, parent) pairs from ``node`` up to its scope (the scope node not included)."""
        scope = self.scope(node)
        parents = self.parents
        child = node
        parent = parents.get(child)
        while parent is not None and parent is not scope:
            yield child, parent
            child = parent
            parent = parents.get(child)

    def enclosing_class(self, node: ast.AST) -> ast.ClassDef | None:
        """The class whose method (possibly through nested functions) holds ``node``."""
        scope = self.scope(node)
        while scope is not self.tree:
            parent = self.parents.get(scope)
            if isinstance(parent, ast.ClassDef):
                return parent
            scope = self.scope(scope)
        return None

    @staticmethod
    def walk(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
        """``roots`` and everything under them, without entering nested functions, lambdas or classes."""
        stack = list(roots)
        while stack:
            node = stack.pop()
            yield node
            if not isinstance(node, _NESTED):
                stack.extend(ast.iter_child_nodes(node))

    def expects_error(self, node: ast.AST) -> bool:
        """Whether ``node`` runs in a ``with pytest.raises(...)`` / ``self.assertRaises(...)`` block."""
        for _, parent in self.ancestors(node):
            if isinstance(parent, (ast.With, ast.AsyncWith)):
                for item in parent.items:
                    func = item.context_expr.func if isinstance(item.context_expr, ast.Call) else None
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    if name in _EXPECTS_ERROR:
                        return True
        return False

    def following(self, statement: ast.stmt) -> list[ast.stmt]:
        """The statements after ``statement`` in the block (body, orelse…) that holds it."""
        parent = self.parents.get(statement)
        for field in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(parent, field, None)
            if isinstance(block, list):
                for index, item in enumerate(block):
                    if item is statement:
                        return block[index + 1 :]
        return []

    @cached_property
    def imports(self) -> dict[str, str]:
        """Local name -> the qualified name it was imported as (absolute imports only)."""
        names: dict[str, str] = {}
        for node in self.each(ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.partition(".")[0]
                    names[top] = top
        for found in self.each(ast.ImportFrom):
            if found.level or not found.module:
                continue
            for alias in found.names:
                if alias.name != "*":
                    names[alias.asname or alias.name] = f"{found.module}.{alias.name}"
        return names

    @cached_property
    def modules(self) -> frozenset[str]:
        """Top-level packages the module imports from (``asyncio``, ``httpx``…; httpx2 counts as httpx)."""
        return frozenset(normalise(name).partition(".")[0] for name in self.imports.values())

    def qualname(self, node: ast.AST | None) -> str | None:
        """The qualified name ``node`` refers to, through the imports; None if not a name chain."""
        chain = dotted(node)
        if chain is None:
            return None
        first, dot, rest = chain.partition(".")
        return normalise(self.imports.get(first, first) + dot + rest)

    @cached_property
    def _call_index(self) -> tuple[dict[str, list[ast.Call]], dict[str, list[ast.Call]]]:
        by_name: dict[str, list[ast.Call]] = {}
        by_attr: dict[str, list[ast.Call]] = {}
        for call in self.each(ast.Call):
            func = call.func
            if type(func) is ast.Attribute:
                by_attr.setdefault(func.attr, []).append(call)
            name = self.qualname(func)
            if name is not None:
                by_name.setdefault(name, []).append(call)
        return by_name, by_attr

    def calls(self, *names: str) -> list[ast.Call]:
        """Every call of one of the qualified ``names`` (``asyncio.gather``), resolved once per module."""
        index = self._call_index[0]
        return [call for name in names for call in index.get(name, ())]

    def method_calls(self, *attrs: str) -> list[ast.Call]:
        """Every call of the form ``<anything>.attr(...)`` for one of ``attrs``."""
        index = self._call_index[1]
        return [call for attr in attrs for call in index.get(attr, ())]

    def callee(self, node: ast.AST | None) -> str | None:
        """The qualified name of the function ``node`` calls, if it is a call of a name chain."""
        return self.qualname(node.func) if type(node) is ast.Call else None

    def exception_names(self, handler_type: ast.expr | None) -> list[str | None]:
        """The qualified names an ``except`` clause catches (None for an entry that is not a name)."""
        if handler_type is None:
            return ["BaseException"]
        items = handler_type.elts if type(handler_type) is ast.Tuple else [handler_type]
        return [self.qualname(item) for item in items]

    @cached_property
    def bindings(self) -> dict[tuple[ast.AST, str], list[Binding]]:
        """(scope or class, dotted target) -> every binding of it in the module."""
        table: dict[tuple[ast.AST, str], list[Binding]] = {}

        def bind(target: ast.AST, kind: str, value: ast.AST | None, node: ast.AST) -> None:
            if isinstance(target, (ast.Tuple, ast.List)):
                for element in target.elts:
                    bind(element, "other", None, node)
                return
            key = self.binding_key(target, node)
            if key is not None:
                table.setdefault(key, []).append((kind, value, node))

        for assign in self.each(ast.Assign):
            for target in assign.targets:
                bind(target, "assign", assign.value, assign)
        for ann in self.each(ast.AnnAssign):
            bind(ann.target, "assign" if ann.value is not None else "other", ann.value, ann)
        for aug in self.each(ast.AugAssign):
            bind(aug.target, "other", None, aug)
        for walrus in self.each(ast.NamedExpr):
            bind(walrus.target, "assign", walrus.value, walrus)
        for loop in self.either(ast.For, ast.AsyncFor):
            bind(loop.target, "for", loop.iter, loop)
        for comp in self.each(ast.comprehension):
            bind(comp.target, "for", comp.iter, comp)
        for block in self.either(ast.With, ast.AsyncWith):
            for item in block.items:
                if item.optional_vars is not None:
                    bind(item.optional_vars, "with", item.context_expr, block)
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda] = [
            *self.either(ast.FunctionDef, ast.AsyncFunctionDef),
            *self.each(ast.Lambda),
        ]
        for fn in functions:
            args = fn.args
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
                if arg is not None:
                    table.setdefault((fn, arg.arg), []).append(("param", arg.annotation, arg))
        return table

    def binding_key(self, target: ast.AST, at: ast.AST) -> tuple[ast.AST, str] | None:
        """The key of :attr:`bindings` for the name or attribute chain ``target`` used at ``at``."""
        if type(target) is ast.Name:
            return self.scope(at), target.id
        name = dotted(target)
        if name is None:
            return None
        if name.partition(".")[0] in ("self", "cls"):
            owner = self.enclosing_class(at)
            return (owner, name) if owner is not None else None
        return self.scope(at), name

    def lookup(self, target: ast.AST, at: ast.AST) -> list[Binding]:
        """The bindings of ``target`` visible at ``at``: its own scope's, else the enclosing scopes'."""
        table = self.bindings
        if type(target) is ast.Name:
            scope = self.scope(at)
            while True:
                found = table.get((scope, target.id))
                if found or scope is self.tree:
                    return found or []
                scope = self.scope(scope)
        key = self.binding_key(target, at)
        return table.get(key, []) if key is not None else []

    def bound_to_call(self, target: ast.AST, at: ast.AST, names: frozenset[str]) -> bool:
        """Whether ``target`` is bound (assigned or ``with … as``) to a call of one of ``names``."""
        for kind, value, _ in self.lookup(target, at):
            if kind in ("assign", "with") and self.callee(value) in names:
                return True
        return False

    @cached_property
    def functions(self) -> dict[str, list[Function]]:
        """Every ``def`` and ``async def`` of the module, by name."""
        table: dict[str, list[Function]] = {}
        for fn in self.either(ast.FunctionDef, ast.AsyncFunctionDef):
            table.setdefault(fn.name, []).append(fn)
        return table

    @cached_property
    def generators(self) -> frozenset[ast.AST]:
        """The functions whose body yields."""
        return frozenset(self.scope(node) for kind in (ast.Yield, ast.YieldFrom) for node in self.each(kind))

    def resolve(self, func: ast.AST, at: ast.AST) -> list[Function]:
        """The definitions in this module that calling ``func`` at ``at`` may run.

        A plain name finds module-level functions and those of enclosing functions;
        ``self.name`` / ``cls.name`` finds methods of the enclosing class. Anything else
        (an imported function, a method of another object) finds nothing.
        """
        if type(func) is ast.Name:
            visible = set()
            scope = self.scope(at)
            while True:
                visible.add(scope)
                if scope is self.tree:
                    break
                scope = self.scope(scope)
            return [fn for fn in self.functions.get(func.id, []) if self.scope(fn) in visible]
        if type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id in ("self", "cls"):
            owner = self.enclosing_class(at)
            if owner is None:
                return []
            return [fn for fn in self.functions.get(func.attr, []) if self.parents.get(fn) is owner]
        return []

    def is_coroutine_call(self, call: ast.AST, at: ast.AST) -> bool:
        """Whether ``call`` calls a coroutine function defined here (every definition found is an
        ``async def`` without ``yield``) or a coroutine function of asyncio."""
        if type(call) is not ast.Call:
            return False
        if self.qualname(call.func) in ASYNCIO_COROUTINE_FUNCTIONS:
            return True
        defs = self.resolve(call.func, at)
        return bool(defs) and all(
            type(fn) is ast.AsyncFunctionDef and fn not in self.generators and not fn.decorator_list for fn in defs
        )

    @cached_property
    def lines(self) -> list[str]:
        """The source split into lines the way the parser numbers them."""
        return self.source.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def column(self, node: ast.AST) -> int:
        """1-based column of ``node`` in characters (the AST counts UTF-8 bytes)."""
        offset: int = getattr(node, "col_offset", 0)
        lineno: int = getattr(node, "lineno", 1)
        lines = self.lines
        if lineno > len(lines):
            return offset + 1
        text = lines[lineno - 1]
        if text.isascii():
            return offset + 1
        return len(text.encode("utf-8")[:offset].decode("utf-8", "replace")) + 1

    def finding(self, node: ast.AST, code: str, message: str, *, severity: Severity | None = None) -> Finding:
        """A finding of rule ``code`` at ``node``, with the rule's why and fix."""
        rule = RULES[code]
        return Finding(
            file=self.filename,
            line=getattr(node, "lineno", 1),
            path="",
            code=code,
            severity=severity or rule.severity,
            message=message,
            column=self.column(node),
            tool=TOOL,
            why=rule.why,
            fix=rule.fix,
        )
