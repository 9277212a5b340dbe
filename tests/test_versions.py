"""One version everywhere it is written."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import yaml

import async_patterns

REPO = Path(__file__).resolve().parents[1]


def test_versions_agree() -> None:
    """pyproject.toml, skill.yaml, the package and plugin.json carry the same version."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    manifest = yaml.safe_load((REPO / "skill.yaml").read_text(encoding="utf-8"))["version"]
    plugin = json.loads((REPO / ".claude-plugin" / "plugin.json").read_text(encoding="utf-8"))["version"]
    assert pyproject == manifest == async_patterns.__version__ == plugin
