"""The pytest setting generated tests need, written or merged by ``new`` beside them.

Generated tests must pass under the command SKILL.md recommends, ``python -X dev -W error -m
pytest``, in any folder. pytest-asyncio 1.x warns at start-up when
``asyncio_default_fixture_loop_scope`` is unset, and ``-W error`` turns that warning into an
INTERNALERROR before a single test runs. So ``new`` makes sure the configuration file pytest
reads for the output folder sets it, and never changes a setting the user made:

- no configuration file governs the folder (none in it or in a folder above it): ``new``
  writes a ``pytest.ini`` into the output folder with that setting and ``asyncio_mode = strict``;
- the governing file sets it (to any value): nothing is written;
- it lacks it: one line is added at the top of its pytest section, and nothing else in the file
  changes (``pytest.ini``, ``.pytest.ini`` or ``tox.ini`` ``[pytest]``, ``setup.cfg``
  ``[tool:pytest]``, ``pyproject.toml`` ``[tool.pytest.ini_options]`` or ``[tool.pytest]``);
- a section that cannot be found as a plain header line (a dotted or inline TOML table, say):
  ``new`` stops before writing anything and names the line to add.

The file is found as pytest finds it (its "rootdir and configfile" rules): in the output folder
and then each folder above it, the first ``pytest.ini`` or ``.pytest.ini``, or ``pyproject.toml``,
``tox.ini`` or ``setup.cfg`` that has a pytest section, in that order within a folder.
"""

from __future__ import annotations

import configparser
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from async_patterns.errors import AsyncPatternsError

KEY = "asyncio_default_fixture_loop_scope"
NEW_FILE = "pytest.ini"
NEW_TEXT = f"""\
# Written by async-patterns new: what the generated tests need to run under
# python -X dev -W error -m pytest (pytest-asyncio warns, an error there, when {KEY} is unset).
[pytest]
asyncio_mode = strict
{KEY} = function
"""
_INI_SECTIONS = {"pytest.ini": "pytest", ".pytest.ini": "pytest", "tox.ini": "pytest", "setup.cfg": "tool:pytest"}
_TOML_TABLES = (("tool", "pytest", "ini_options"), ("tool", "pytest"))


@dataclass(frozen=True)
class ConfigChange:
    """What ``new`` writes so that pytest reads the setting: a new file, or a file with one line added.

    Attributes:
        path: the configuration file.
        text: its whole new text.
        creates: a new file (True) or a line added to an existing one (False).
        summary: one line for the report, such as ``added asyncio_default_fixture_loop_scope under [pytest]``.
    """

    path: Path
    text: str
    creates: bool
    summary: str


def config_change(folder: Path) -> ConfigChange | None:
    """The change that makes tests written into ``folder`` run under ``-W error``; None when none is needed.

    Raises:
        AsyncPatternsError: the governing file cannot be read, or its section cannot be merged safely.
    """
    found = governing_file(folder)
    if found is None:
        return ConfigChange(folder / NEW_FILE, NEW_TEXT, True, f"written so pytest sets {KEY}")
    path, data = found
    if KEY in data:
        return None
    merged, header = _merge(path, _read(path))
    if merged is None or KEY not in (_settings(path, merged) or {}):
        raise AsyncPatternsError(
            f"{path}: its pytest settings lack {KEY} and cannot be merged safely; "
            f"add {_line(path)} to them, then run new again"
        )
    return ConfigChange(path, merged, False, f"added {_line(path)} under {header}")


def governing_file(folder: Path) -> tuple[Path, dict[str, Any]] | None:
    """The configuration file pytest reads for ``folder`` and its pytest settings, or None."""
    start = folder.resolve()
    for directory in (start, *start.parents):
        for name in ("pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg"):
            path = directory / name
            if not path.is_file():
                continue
            settings = _settings(path, _read(path))
            if settings is not None or name in ("pytest.ini", ".pytest.ini"):
                return path, settings or {}
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AsyncPatternsError(f"{path}: cannot read the pytest configuration: {exc}") from exc


def _settings(path: Path, text: str) -> dict[str, Any] | None:
    """The pytest section of one file's text, or None when it has none."""
    try:
        if path.name == "pyproject.toml":
            data: Any = tomllib.loads(text)
            for table in _TOML_TABLES:
                node = data
                for part in table:
                    node = node.get(part) if isinstance(node, dict) else None
                if isinstance(node, dict):
                    return node
            return None
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read_string(text, source=str(path))
    except (tomllib.TOMLDecodeError, configparser.Error) as exc:
        raise AsyncPatternsError(f"{path}: cannot read the pytest configuration: {exc}") from exc
    section = _INI_SECTIONS[path.name]
    return dict(parser[section]) if parser.has_section(section) else None


def _merge(path: Path, text: str) -> tuple[str | None, str]:
    """``text`` with the setting's line added right below its pytest section's header line."""
    if path.name == "pyproject.toml":
        headers = [r"tool\.pytest\.ini_options", r"tool\.pytest"]
    else:
        headers = [re.escape(_INI_SECTIONS[path.name])]
    newline = "\r\n" if "\r\n" in text else "\n"
    for header in headers:
        match = re.search(rf"^[ \t]*\[[ \t]*{header}[ \t]*\][ \t]*(#.*)?$", text, flags=re.MULTILINE)
        if match is not None:
            end = match.end()
            return text[:end] + newline + _line(path) + text[end:], match.group(0).strip().split("#")[0].strip()
    return None, ""


def _line(path: Path) -> str:
    return f'{KEY} = "function"' if path.name == "pyproject.toml" else f"{KEY} = function"
