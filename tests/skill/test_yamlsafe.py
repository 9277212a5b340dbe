"""Strict YAML loading: what PyYAML's safe loader lets through silently is refused or located here."""

from __future__ import annotations

import pytest

from async_patterns.errors import YamlLoadError
from async_patterns.skill.yamlsafe import (
    MAX_YAML_BYTES,
    decode_utf8,
    format_path,
    load_yaml,
    strictyaml_incompatibilities,
)


def refusal(text: str) -> YamlLoadError:
    with pytest.raises(YamlLoadError) as caught:
        load_yaml(text)
    return caught.value


def test_duplicate_key_names_both_lines() -> None:
    """A repeated key is refused at its second line, and the message says where the first one is."""
    error = refusal("a: 1\nb: 2\na: 3\n")
    assert (error.code, error.line) == ("yaml-duplicate-key", 3)
    assert "first on line 1" in str(error)


def test_keys_equal_once_loaded_are_duplicates() -> None:
    """``1`` and ``yes`` (true) collapse into one dict key, so they are refused like a repeated key."""
    assert refusal("1: one\nyes: two\n").code == "yaml-duplicate-key"


def test_duplicate_in_flow_mapping() -> None:
    """Duplicates on one line, in a flow mapping, are caught too."""
    assert refusal("{a: 1, a: 2}\n").code == "yaml-duplicate-key"


def test_merge_keys_are_not_duplicates() -> None:
    """``<<: *base`` merges a mapping, and a key of the mapping itself overrides the merged one."""
    loaded = load_yaml("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n")
    assert loaded.data["child"] == {"x": 1, "y": 3}


def test_alias_bomb_is_refused_before_expansion() -> None:
    """A billion-laughs document (10^10 nodes once expanded) is refused at the first node over the limit.

    Expanding it would never finish, so the test completing at all shows the refusal comes first.
    """
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    error = refusal("\n".join(levels) + "\n")
    assert (error.code, error.line) == ("too-large", 5)  # a4 holds 111,111 nodes; a3 only 11,111


def test_shared_aliases_below_the_limit_load() -> None:
    """Aliases used sensibly (a few reuses) load normally."""
    assert load_yaml("a: &a [1, 2]\nb: *a\nc: *a\n").data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_recursive_alias_is_refused() -> None:
    """A node containing its own alias is refused instead of building an infinite structure."""
    error = refusal("loop: &self\n  - *self\n")
    assert error.code == "too-large"


def test_deep_nesting_is_refused() -> None:
    """Nesting deeper than the interpreter can recurse is a located refusal, not a RecursionError."""
    assert refusal("[" * 3000 + "]" * 3000).code == "too-large"


def test_syntax_error_is_located() -> None:
    """A YAML syntax error keeps PyYAML's line and its explanation, on one line."""
    error = refusal("a: 1\nb: [1, 2\nc: 3\n")
    assert error.code == "yaml-syntax"
    assert error.line == 3
    assert "\n" not in str(error)


def test_several_documents_are_refused() -> None:
    """A file holding two documents is an error (a manifest is one mapping)."""
    assert refusal("a: 1\n---\nb: 2\n").code == "yaml-syntax"


def test_decode_refuses_bom_invalid_utf8_and_size() -> None:
    """A byte-order mark, invalid UTF-8 (located by line) and oversized input are refused before parsing."""
    with pytest.raises(YamlLoadError, match="byte-order mark") as bom:
        decode_utf8(b"\xef\xbb\xbfa: 1\n")
    assert (bom.value.code, bom.value.line) == ("encoding", 1)
    with pytest.raises(YamlLoadError, match="not valid UTF-8") as bad:
        decode_utf8(b"a: 1\nb: caf\xe9\n")
    assert (bad.value.code, bad.value.line) == ("encoding", 2)
    with pytest.raises(YamlLoadError, match="the limit is") as big:
        decode_utf8(b"x" * (MAX_YAML_BYTES + 1))
    assert big.value.code == "too-large"
    assert decode_utf8("naïve: ✓\n".encode()) == "naïve: ✓\n"


def test_line_map_uses_loaded_keys() -> None:
    """Paths in the line map hold keys as loaded (so jsonschema's paths find them) and sequence indexes."""
    loaded = load_yaml("top:\n  items:\n    - a\n    - b: 1\n  1: one\n")
    assert loaded.lines[("top", "items", 1, "b")] == 4
    assert loaded.lines[("top", 1)] == 5
    assert loaded.line_of(("top", "items", 1, "b", "deeper")) == 4  # deepest known prefix
    assert loaded.non_string_keys == ((("top", 1), 5),)


def test_empty_document() -> None:
    """An empty or comment-only document loads as None."""
    assert load_yaml("# nothing\n").data is None


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("templates", 2, "parameters", "timeout", "default"), "templates[2].parameters.timeout.default"),
        ((0, "a"), "[0].a"),
        (("metadata", True), "metadata.True"),
    ],
)
def test_format_path(path: tuple[object, ...], text: str) -> None:
    """Data paths print as in the issue's example; a boolean key is a key, not an index."""
    assert format_path(path) == text


def test_strictyaml_incompatibilities() -> None:
    """Flow collections, tags, anchors and aliases are listed with their lines; plain block YAML is not."""
    text = "a: {b: 1}\nc: [1]\nd: !!str 5\ne: &x 1\nf: *x\ng: plain\n"
    assert [line for line, _ in strictyaml_incompatibilities(text)] == [1, 2, 3, 4, 5]
    assert strictyaml_incompatibilities("a: 1\nb:\n  - x\nc: >-\n  folded {not flow}\n") == []
