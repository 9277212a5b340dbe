"""YAML loading that refuses what PyYAML's safe loader lets through silently.

PyYAML keeps the last of two duplicate keys, expands aliases without limit and accepts any
size; a manifest edited by hand deserves better. Everything here uses ``yaml.SafeLoader``
underneath (no object construction) and adds:

* a size limit and strict UTF-8 without a byte-order mark;
* duplicate keys reported with the line of the second occurrence;
* alias expansion measured on the composed node graph *before* construction, so a
  "billion laughs" document is refused in time linear in its text;
* a map from each data path to its source line, so schema errors can be located.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .errors import AsyncPatternsError

MAX_YAML_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 100_000
BOM = b"\xef\xbb\xbf"

PathKey = tuple[str | int, ...]


class YamlLoadError(AsyncPatternsError, ValueError):
    """The text is not acceptable YAML; ``line`` is 1-based (0: the whole file)."""

    def __init__(self, message: str, *, line: int = 0, code: str = "yaml-syntax") -> None:
        super().__init__(message)
        self.line = line
        self.code = code


@dataclass(frozen=True)
class LoadedYaml:
    """Parsed data plus the source line of every mapping key and sequence item."""

    data: Any
    lines: dict[PathKey, int]

    def line_of(self, path: PathKey) -> int:
        """Line of the deepest known prefix of ``path`` (schema errors may point below a leaf)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # unhashable key: let the base class report it
                break
            if duplicate:
                raise YamlLoadError(
                    f"duplicate key {key!r} (YAML keeps only the last one)",
                    line=key_node.start_mark.line + 1,
                    code="yaml-duplicate-key",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def decode_utf8(raw: bytes, *, max_bytes: int = MAX_YAML_BYTES) -> str:
    """Return the text of ``raw`` or raise: oversized, BOM and invalid UTF-8 are refused."""
    if len(raw) > max_bytes:
        raise YamlLoadError(f"file is {len(raw):,} bytes; the limit is {max_bytes:,}", code="too-large")
    if raw.startswith(BOM):
        raise YamlLoadError("file starts with a UTF-8 byte-order mark; save it without one", line=1, code="encoding")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlLoadError(f"not valid UTF-8 at byte {exc.start}", line=line, code="encoding") from exc


def load_yaml(text: str) -> LoadedYaml:
    """Parse one YAML document strictly, returning data and a path-to-line map."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return LoadedYaml(None, {(): 1})
        _check_expansion(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlLoadError(f"invalid YAML: {exc.problem or exc.context}", line=line) from exc
    except yaml.YAMLError as exc:
        raise YamlLoadError(f"invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise YamlLoadError("YAML nesting is too deep", code="too-large") from exc
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    _index_lines(node, (), lines)
    return LoadedYaml(data, lines)


def _check_expansion(root: yaml.Node) -> None:
    """Refuse documents whose aliases expand to more than MAX_EXPANDED_NODES nodes."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()

    def expanded(node: yaml.Node) -> int:
        if id(node) in on_path:
            raise YamlLoadError(
                "recursive alias (a node that contains itself)", line=node.start_mark.line + 1, code="too-large"
            )
        known = sizes.get(id(node))
        if known is not None:
            return known
        on_path.add(id(node))
        total = 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                total += expanded(key) + expanded(value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(expanded(item) for item in node.value)
        on_path.discard(id(node))
        sizes[id(node)] = total
        return total

    count = expanded(root)
    if count > MAX_EXPANDED_NODES:
        raise YamlLoadError(
            f"aliases expand to {count:,} nodes (limit {MAX_EXPANDED_NODES:,}); refusing an expansion bomb",
            line=root.start_mark.line + 1,
            code="too-large",
        )


def _index_lines(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = (*path, key_node.value)
                _index_lines(value_node, child, lines)
                lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines)


def strictyaml_incompatibilities(text: str) -> list[tuple[int, str]]:
    """Constructs the reference validator's strictyaml parser refuses, with their lines.

    ``agentskills validate`` parses frontmatter with strictyaml, which rejects flow style,
    tags, anchors and aliases. A frontmatter that PyYAML reads but strictyaml does not
    would pass here and fail there, so these are reported too.
    """
    refused = {
        yaml.FlowMappingStartToken: "flow-style mapping ({...})",
        yaml.FlowSequenceStartToken: "flow-style sequence ([...])",
        yaml.TagToken: "explicit tag (!...)",
        yaml.AnchorToken: "anchor (&...)",
        yaml.AliasToken: "alias (*...)",
    }
    found: list[tuple[int, str]] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            what = refused.get(type(token))
            if what is not None:
                found.append((token.start_mark.line + 1, what))
    except yaml.YAMLError:
        pass  # syntax errors are reported by load_yaml
    return found


def format_path(path: PathKey) -> str:
    """``('templates', 2, 'parameters')`` -> ``templates[2].parameters``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
