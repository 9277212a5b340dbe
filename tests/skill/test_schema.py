"""The manifest's JSON Schema: valid Draft 2020-12, shipped with the package, and met by skill.yaml."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from async_patterns.layout import bundled_skill_dir
from async_patterns.skill.manifest import schema
from async_patterns.skill.yamlsafe import decode_utf8, load_yaml
from tests.paths import REPO

SCHEMA_FILE = REPO / "src" / "async_patterns" / "skill" / "schema" / "skill.schema.json"


def test_schema_is_valid_draft_2020_12() -> None:
    """The schema declares Draft 2020-12 and passes that draft's metaschema."""
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema())


def test_schema_is_the_shipped_file() -> None:
    """The schema loaded as package data is the file in the source tree."""
    assert schema() == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _strings_under(node: Any, key: str) -> list[str]:
    """Every string value of ``key`` anywhere in the schema (a property named ``key`` is a mapping, skipped)."""
    if isinstance(node, dict):
        own = [node[key]] if isinstance(node.get(key), str) else []
        return own + [found for value in node.values() for found in _strings_under(value, key)]
    if isinstance(node, list):
        return [found for item in node for found in _strings_under(item, key)]
    return []


def test_every_ref_resolves() -> None:
    """Each $ref points at a definition that exists."""
    refs = set(_strings_under(schema(), "$ref"))
    assert refs
    assert all(ref.startswith("#/$defs/") for ref in refs)
    assert {ref.removeprefix("#/$defs/") for ref in refs} <= set(schema()["$defs"])


def test_every_pattern_compiles() -> None:
    """Every regular expression in the schema compiles under Python's re (jsonschema uses it)."""
    found = _strings_under(schema(), "pattern")
    assert found
    for pattern in found:
        re.compile(pattern)


def test_bundled_skill_yaml_passes_the_schema() -> None:
    """The repository's skill.yaml satisfies the schema."""
    path = bundled_skill_dir() / "skill.yaml"
    data = load_yaml(decode_utf8(path.read_bytes())).data
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in Draft202012Validator(schema()).iter_errors(data)]
    assert errors == []


def test_skill_yaml_points_editors_at_the_schema() -> None:
    """skill.yaml starts with a yaml-language-server comment naming the schema file, which exists."""
    path = bundled_skill_dir() / "skill.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match is not None
    if (path.parent / "pyproject.toml").is_file():  # in a checkout the relative path resolves
        assert (path.parent / match.group(1)).resolve() == SCHEMA_FILE.resolve()


@pytest.mark.parametrize("key", ["name", "description", "license", "compatibility"])
def test_frontmatter_limits_match_the_spec(key: str) -> None:
    """The schema's limits for the keys copied into SKILL.md are no looser than the Agent Skills spec."""
    limits = {"name": 64, "description": 1024, "license": 100, "compatibility": 500}
    assert schema()["properties"][key]["maxLength"] <= limits[key]
    assert schema()["properties"][key]["minLength"] == 1
