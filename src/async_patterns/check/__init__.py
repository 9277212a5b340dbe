"""``check``: find asyncio bugs the standard linters miss, with ``ast`` and the standard library only.

- :func:`check_source` checks one module's text and returns its findings;
- :func:`check_paths` discovers the ``.py`` files under some paths (honouring ``.gitignore``
  and ``[tool.async-patterns.check]`` in the nearest ``pyproject.toml``) and checks each;
- :data:`RULES` describes every code (``AP0xx`` diagnostics, ``AP1xx`` rules).

Reporters (text, JSON, SARIF) are in :mod:`async_patterns.check.report`. Names are loaded
on first use, so a hook that only calls ``check_source`` never imports file discovery,
configuration or pathlib.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .engine import check_source
    from .rules import RULES, Rule
    from .runner import CheckResult, check_paths

# public name -> module that defines it (``rules`` registers every rule on import)
_EXPORTS = {
    "check_source": "engine",
    "RULES": "rules",
    "Rule": "rules",
    "check_paths": "runner",
    "CheckResult": "runner",
}

__all__ = ["RULES", "CheckResult", "Rule", "check_paths", "check_source"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'async_patterns.check' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
