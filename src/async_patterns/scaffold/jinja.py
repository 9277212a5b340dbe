"""The one Jinja2 environment the templates are rendered with, and parsed with by ``validate``.

Sandboxed, strict about undefined names, no autoescaping (the output is Python, not HTML), and
two filters that turn any parameter value into an inert Python literal: a value can never end
a string early or inject code.
"""

from __future__ import annotations

import json
import math
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from jinja2 import BaseLoader
    from jinja2.sandbox import SandboxedEnvironment

NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")


def template_environment(loader: BaseLoader | None = None) -> SandboxedEnvironment:
    """A fresh environment with the templates' syntax options and filters."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    environment.filters["pystr"] = pystr
    environment.filters["pyval"] = pyval
    return environment


def pystr(value: object) -> str:
    """An ASCII-only Python string literal equal to ``value`` (double-quoted unless ruff would not).

    JSON string syntax is a subset of Python's, so ``json.dumps`` escapes quotes,
    backslashes and control characters and no text can end the literal early. Every other
    character outside printable ASCII is escaped by code point (``\\u00e9``, ``\\U0001f600``):
    JSON's surrogate pairs would read back in Python as two lone surrogates. Text
    with more double than single quotes gets single quotes, as ``ruff format`` would.
    """
    if not isinstance(value, str):
        raise TypeError(f"pystr expects a string, got {type(value).__name__}")
    literal = NOT_PRINTABLE_ASCII.sub(_escape_code_point, json.dumps(value, ensure_ascii=False))
    if value.count("'") >= value.count('"'):
        return literal
    # ruff format picks the quote needing fewer escapes; match it so output stays format-clean.
    body = literal[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{body}'"


def pyval(value: object) -> str:
    """The Python literal of a parameter value: None, bool, int, finite float, str or list of them."""
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"pyval cannot write the non-finite float {value!r}")
        return repr(value)
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, list | tuple):
        items = ", ".join(pyval(item) for item in value)
        if isinstance(value, list):
            return f"[{items}]"
        return f"({items},)" if len(value) == 1 else f"({items})"
    raise TypeError(f"pyval cannot write a {type(value).__name__}")


def _escape_code_point(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
