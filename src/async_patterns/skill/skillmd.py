"""SKILL.md: splitting frontmatter from body, and generating the frontmatter from the manifest.

The frontmatter must hold only the six keys of the Agent Skills spec; everything else the
manifest knows stays in skill.yaml. ``render_frontmatter`` writes YAML that both PyYAML and
the reference validator's strictyaml read identically (block style, no flow collections),
and ``sync_text`` replaces only the frontmatter block, never the body.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

import yaml

from async_patterns.errors import FrontmatterError, YamlLoadError
from async_patterns.skill.manifest import Manifest
from async_patterns.skill.yamlsafe import load_yaml

DELIMITER = "---"
SPEC_KEYS = ("name", "description", "license", "compatibility", "metadata", "allowed-tools")
GENERATED_NOTE = "# Generated from skill.yaml by `async-patterns sync`: edit skill.yaml, not this block."
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/+()-]*$")


@dataclass(frozen=True)
class SkillDocument:
    """SKILL.md split at its frontmatter delimiters.

    Attributes:
        frontmatter: the text between the delimiter lines, each line ending in a newline.
        body: everything after the closing delimiter line.
        body_start_line: 1-based line number of the body's first line.
    """

    frontmatter: str
    body: str
    body_start_line: int


def split(text: str) -> SkillDocument:
    """Split SKILL.md text; the closing delimiter is the first line that is exactly ``---``.

    A ``---`` inside a value (on a line with other text, or indented in a block scalar)
    does not end the block, unlike a plain ``str.split("---")``.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != DELIMITER:
        raise FrontmatterError(
            "SKILL.md must start with a '---' line opening the frontmatter", line=1, code="frontmatter-start"
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == DELIMITER:
            return SkillDocument("".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2)
    raise FrontmatterError("frontmatter is not closed by a '---' line", line=1, code="frontmatter-unclosed")


def frontmatter_data(manifest: Manifest) -> dict[str, object]:
    """The six spec keys, in spec order, as SKILL.md should carry them."""
    metadata = {"version": manifest.version, **manifest.metadata}
    data: dict[str, object] = {
        "name": manifest.name,
        "description": manifest.description,
        "license": manifest.license,
        "compatibility": manifest.compatibility,
        "metadata": metadata,
    }
    if manifest.allowed_tools:
        data["allowed-tools"] = manifest.allowed_tools
    return data


def render_frontmatter(manifest: Manifest) -> str:
    """Frontmatter text (without delimiters) that ``sync`` writes and ``validate`` expects."""
    out = [GENERATED_NOTE + "\n"]
    for key, value in frontmatter_data(manifest).items():
        if isinstance(value, dict):
            out.append(f"{key}:\n")
            out.extend(f"  {sub}: {_scalar(str(item), indent=4)}\n" for sub, item in value.items())
        else:
            out.append(f"{key}: {_scalar(str(value), indent=2)}\n")
    text = "".join(out)
    _assert_round_trip(text, frontmatter_data(manifest))
    return text


def _scalar(value: str, *, indent: int) -> str:
    """A YAML scalar for ``value``: plain when unambiguous, folded when long, else quoted."""
    if _PLAIN_SAFE.match(value) and len(value) <= 80 and not value.endswith(" ") and _reads_as_string(value):
        return value
    if "\n" not in value and "  " not in value and value == value.strip() and len(value) > 80:
        wrapped = textwrap.wrap(value, width=96 - indent, break_long_words=False, break_on_hyphens=False)
        if " ".join(wrapped) == value and not any(line.startswith(("#", "- ")) for line in wrapped):
            pad = " " * indent
            return ">-\n" + "".join(f"{pad}{line}\n" for line in wrapped).rstrip("\n")
    return json.dumps(value, ensure_ascii=False)


_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "~", "y", "n"}


def _reads_as_string(plain: str) -> bool:
    """Whether YAML reads ``plain`` unquoted as a string, not a number, boolean or null.

    PyYAML decides ``0``, ``1.0`` or ``1e3``; the word list adds YAML 1.1 words
    (``y``, ``n``) that other loaders may still read as booleans.
    """
    return isinstance(yaml.safe_load(plain), str) and plain.lower() not in _YAML_WORDS


def _assert_round_trip(text: str, expected: dict[str, object]) -> None:
    """Guard the generator itself: the YAML written must read back as exactly the data."""
    try:
        parsed = load_yaml(text).data
    except YamlLoadError as exc:  # pragma: no cover - a bug in _scalar, not user input
        raise AssertionError(f"generated frontmatter does not parse: {exc}") from exc
    if parsed != expected:  # pragma: no cover - same
        raise AssertionError("generated frontmatter does not round-trip")


def sync_text(text: str, manifest: Manifest) -> str:
    """SKILL.md text with its frontmatter regenerated; the body is kept byte for byte.

    A file without frontmatter gets one prepended, so ``sync`` can also bootstrap a SKILL.md.
    """
    block = f"{DELIMITER}\n{render_frontmatter(manifest)}{DELIMITER}\n"
    try:
        body = split(text).body
    except FrontmatterError:
        body = text
    return block + body
