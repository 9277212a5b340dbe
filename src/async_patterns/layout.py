"""Facts about a skill folder's layout, and where this package keeps its own skill.

Standard library only, ``os.path`` rather than ``pathlib``: the hooks import this on every
prompt and every edit, where each millisecond of start-up is paid again.
"""

# ruff: noqa: PTH100, PTH111, PTH113, PTH118, PTH120
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

SKILL_NAME = "async-patterns"
SKILL_FILE = "SKILL.md"
MANIFEST_NAME = "skill.yaml"
TABLE_NAME = "triggers.json"
TEMPLATES_FOLDER = "templates"
REFERENCES_FOLDER = "references"
SCRIPTS_FOLDER = "scripts"
# The folders a skill ships beside SKILL.md and skill.yaml; everything else is development.
SHIPPED_FOLDERS = (REFERENCES_FOLDER, TEMPLATES_FOLDER, SCRIPTS_FOLDER)
# Where an installed wheel keeps the skill, inside the package (see pyproject's force-include).
BUNDLED_FOLDER = "bundled"


def bundled_skill_path() -> str:
    """The skill folder this package carries: the wheel's copy, else the source checkout's root."""
    package_dir = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(package_dir, BUNDLED_FOLDER, SKILL_NAME)
    if os.path.isfile(os.path.join(installed, MANIFEST_NAME)):
        return installed
    checkout = os.path.dirname(os.path.dirname(package_dir))
    if os.path.isfile(os.path.join(checkout, MANIFEST_NAME)):
        return checkout
    from async_patterns.errors import ManifestError

    raise ManifestError(f"no bundled skill found beside {package_dir}; reinstall async-patterns")


def bundled_skill_dir() -> Path:
    """:func:`bundled_skill_path` as a ``Path``, for everything but the hooks."""
    from pathlib import Path

    return Path(bundled_skill_path())


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/async-patterns`` (default ``~/.cache/async-patterns``): caches that only save time."""
    from pathlib import Path

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / SKILL_NAME
