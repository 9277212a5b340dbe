"""SKILL.md frontmatter: splitting at the real delimiter, and generating YAML every loader reads alike."""

from __future__ import annotations

from typing import Any

import pytest
import strictyaml  # type: ignore[import-untyped]  # skills-ref's parser, untyped
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from async_patterns.errors import FrontmatterError
from async_patterns.skill.manifest import Manifest, from_data
from async_patterns.skill.skillmd import (
    GENERATED_NOTE,
    SPEC_KEYS,
    frontmatter_data,
    render_frontmatter,
    split,
    sync_text,
)
from tests.paths import DATA

MANIFEST = DATA / "manifests" / "valid" / "minimal" / "skill.yaml"


def manifest(**changes: Any) -> Manifest:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    data.update(changes)
    return from_data(MANIFEST.parent, data)


def test_split_reads_a_value_containing_dashes_whole() -> None:
    """A '---' inside a value (not alone on its line) does not end the frontmatter."""
    document = split("---\nname: x\ndescription: a --- b\nnote: |\n  ---\n---\nbody\n")
    assert yaml.safe_load(document.frontmatter) == {"name": "x", "description": "a --- b", "note": "---\n"}
    assert (document.body, document.body_start_line) == ("body\n", 7)


def test_split_accepts_crlf() -> None:
    """Windows line endings split at the same places."""
    document = split("---\r\nname: x\r\n---\r\nbody\r\n")
    assert (document.frontmatter, document.body) == ("name: x\r\n", "body\r\n")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "frontmatter-start"),
        ("# Title\n", "frontmatter-start"),
        ("--- \nname: x\n---\n", "frontmatter-start"),
        ("---\nname: x\n", "frontmatter-unclosed"),
        ("---\nname: x\n----\n", "frontmatter-unclosed"),
    ],
)
def test_split_refuses_malformed_delimiters(text: str, code: str) -> None:
    """The file must open with a line that is exactly '---' and close with another."""
    with pytest.raises(FrontmatterError) as caught:
        split(text)
    assert (caught.value.code, caught.value.line) == (code, 1)


def test_frontmatter_has_only_spec_keys_and_string_metadata() -> None:
    """The generated frontmatter holds spec keys only; version and custom data go under metadata as strings."""
    data = frontmatter_data(manifest(metadata={"author": "me"}, allowed_tools="Read Bash"))
    assert list(data) == ["name", "description", "license", "compatibility", "metadata", "allowed-tools"]
    assert set(data) <= set(SPEC_KEYS)
    assert data["metadata"] == {"version": "0.0.1", "author": "me"}


def test_render_starts_with_the_generated_note() -> None:
    """The block says it is generated, so people edit skill.yaml instead."""
    assert render_frontmatter(manifest()).startswith(GENERATED_NOTE + "\n")


# Text a description may hold: printable, no angle brackets (the schema refuses them), no
# leading/trailing space or line breaks (YAML folding would not keep them).
descriptions = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters="<>\ufeff"
        ),
        min_size=1,
        max_size=300,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=150, deadline=None)
@given(description=descriptions, compatibility=descriptions)
def test_rendered_frontmatter_reads_the_same_in_pyyaml_and_strictyaml(description: str, compatibility: str) -> None:
    """Whatever the text, the generated YAML reads back as exactly the data under PyYAML and strictyaml."""
    m = manifest(description=description, compatibility=compatibility)
    text = render_frontmatter(m)
    expected = frontmatter_data(m)
    assert yaml.safe_load(text) == expected
    assert strictyaml.load(text).data == expected


@pytest.mark.parametrize(
    "value", ["yes", "null", "1.0", "- item", "# hash", "a: b", "'quoted'", '"dq"', "tab\there", "x" * 200]
)
def test_tricky_scalars_round_trip(value: str) -> None:
    """Values YAML would read as something else (booleans, numbers, comments, mappings) stay strings."""
    m = manifest(license=value)
    assert yaml.safe_load(render_frontmatter(m))["license"] == value


def test_sync_text_keeps_the_body() -> None:
    """sync_text swaps the frontmatter block and keeps the body byte for byte, '---' rules included."""
    body = "\n# Title\n\n---\n\nText with trailing spaces   \n"
    synced = sync_text("---\nname: old\n---\n" + body, manifest())
    assert split(synced).body == body
    assert split(synced).frontmatter == render_frontmatter(manifest())
