"""The package's public API: ``__all__`` is exactly the lazily exported names, and each one resolves."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import async_patterns


def test_all_is_exactly_the_exports() -> None:
    """__all__ lists every name in the lazy export table plus __version__, once each, and nothing private."""
    assert sorted(async_patterns.__all__) == sorted([*async_patterns._EXPORTS, "__version__"])
    assert len(set(async_patterns.__all__)) == len(async_patterns.__all__)
    assert not [name for name in async_patterns.__all__ if name.startswith("_") and name != "__version__"]


@pytest.mark.parametrize("name", sorted(async_patterns._EXPORTS))
def test_each_name_resolves_to_its_module(name: str) -> None:
    """Each exported name is defined in the module the export table names, and documented."""
    value = getattr(async_patterns, name)
    module = importlib.import_module(f"async_patterns.{async_patterns._EXPORTS[name]}")
    assert getattr(module, name) is value
    assert getattr(value, "__module__", None) == module.__name__
    assert value.__doc__


def test_star_import_gives_all() -> None:
    """``from async_patterns import *`` binds exactly the names in __all__."""
    namespace: dict[str, object] = {}
    exec("from async_patterns import *", namespace)
    assert sorted(set(namespace) - {"__builtins__"}) == sorted(async_patterns.__all__)


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A name that is not exported raises AttributeError naming it."""
    with pytest.raises(AttributeError, match="no attribute 'validate_everything'"):
        _ = async_patterns.validate_everything


def test_import_is_lazy() -> None:
    """Importing the package does not import jsonschema, Jinja2 or PyYAML (the prompt hook stays fast)."""
    code = "import sys, async_patterns; print(sorted(m for m in ('jsonschema', 'jinja2', 'yaml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_version_matches_the_distribution() -> None:
    """__version__ equals the installed distribution's version."""
    from importlib.metadata import version

    assert async_patterns.__version__ == version("async-patterns")
