"""async-patterns: an Agent Skill and toolkit for writing correct Python asyncio code.

The public API is re-exported here lazily: ``import async_patterns`` stays cheap, so the
prompt hook (which runs on every message a person sends) never pays for jsonschema or
Jinja2 unless it needs them.
"""

from __future__ import annotations

# Not a plain ``from typing import Any``: typing costs milliseconds that the prompt hook
# would pay on every prompt. Type checkers treat TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "AsyncPatternsError": "errors",
    "ManifestError": "errors",
    "ParameterError": "errors",
    "TemplateNotFoundError": "errors",
    "OutputExistsError": "errors",
    "ToolMissingError": "errors",
    "UsageError": "errors",
    "Manifest": "skill.manifest",
    "load_manifest": "skill.manifest",
    "bundled_skill_dir": "layout",
    "Problem": "findings",
    "validate_skill": "validate",
    "validate_manifest": "validate.manifest",
    "Match": "triggers.matcher",
    "Matcher": "triggers.matcher",
    "Reason": "triggers.matcher",
    "match": "triggers.matcher",
    "render": "scaffold.rendering",
    "render_files": "scaffold.rendering",
    "RenderedFile": "scaffold.rendering",
    "validate_params": "scaffold.params",
}

__all__ = [
    "AsyncPatternsError",
    "Manifest",
    "ManifestError",
    "Match",
    "Matcher",
    "OutputExistsError",
    "ParameterError",
    "Problem",
    "Reason",
    "RenderedFile",
    "TemplateNotFoundError",
    "ToolMissingError",
    "UsageError",
    "__version__",
    "bundled_skill_dir",
    "load_manifest",
    "match",
    "render",
    "render_files",
    "validate_manifest",
    "validate_params",
    "validate_skill",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'async_patterns' has no attribute {name!r}")
    import importlib  # here, not at the top: importing it (and warnings) would slow the prompt hook

    return getattr(importlib.import_module(f".{module}", __name__), name)
