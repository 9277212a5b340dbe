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

from async_patterns.errors import YamlLoadError

MAX_YAML_BYTES = 1024 * 1024
MAX_EXPANDED_NODES = 100_000
BOM = b"\xef\xbb\xbf"

PathKey = tuple[Any, ...]  # mapping keys and sequence indexes, from the root


@dataclass(frozen=True)
class LoadedYaml:
    """Parsed data plus the source line of every mapping key and sequence item.

    Attributes:
        data: the document, as ``yaml.safe_load`` would return it.
        lines: 1-based line of each data path; paths use the keys as loaded (``1`` for
            ``1:``), so they match the paths of the data itself.
        non_string_keys: path and line of each key that YAML reads as something other
            than a string (``1:``, ``yes:``, ``null:``), which JSON Schema cannot check.
    """

    data: Any
    lines: dict[PathKey, int]
    non_string_keys: tuple[tuple[PathKey, int], ...] = ()

    def line_of(self, path: PathKey) -> int:
        """Line of the deepest known prefix of ``path`` (schema errors may point below a leaf)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster
# than the pure-Python one, with the same safe constructor and the same node marks.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that rejects duplicate mapping keys.

    Keys are compared as loaded, so ``1`` and ``yes`` (true) collide just as they would in
    the resulting dict. Merge keys (``<<: *base``) are not duplicates: YAML lets a
    mapping's own keys override the merged ones.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = first_lines.get(key)
            except TypeError:  # unhashable key: let the base class report it
                break
            line = key_node.start_mark.line + 1
            if first is not None:
                raise YamlLoadError(
                    f"duplicate key {key_node.value!r} (first on line {first}; YAML keeps only the last one)",
                    line=line,
                    code="yaml-duplicate-key",
                )
            first_lines[key] = line
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


_MERGE_TAG = "tag:yaml.org,2002:merge"


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
        index = _LineIndex(loader)
        index.visit(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = ", ".join(part for part in (exc.context, exc.problem) if part)
        code = "too-large" if "nesting depth" in what else "yaml-syntax"  # libyaml's own depth limit
        raise YamlLoadError(f"invalid YAML: {what}", line=line, code=code) from exc
    except yaml.YAMLError as exc:
        raise YamlLoadError(f"invalid YAML: {' '.join(str(exc).split())}") from exc
    except RecursionError as exc:
        raise YamlLoadError("YAML nesting is too deep", code="too-large") from exc
    finally:
        loader.dispose()
    return LoadedYaml(data, index.lines, tuple(index.non_string_keys))


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
        if total > MAX_EXPANDED_NODES:
            raise YamlLoadError(
                f"this node holds over {MAX_EXPANDED_NODES:,} nodes once aliases are expanded; refusing an expansion bomb",
                line=node.start_mark.line + 1,
                code="too-large",
            )
        sizes[id(node)] = total
        return total

    expanded(root)


class _LineIndex:
    """Walks the composed node graph, recording the line of every data path.

    Scalar keys are constructed with the document's own loader, so a path holds the key
    as the data does (``1`` for ``1:``, ``True`` for ``yes:``) and jsonschema's error
    paths find their line.
    """

    def __init__(self, loader: _StrictLoader) -> None:
        self.loader = loader
        self.lines: dict[PathKey, int] = {}
        self.non_string_keys: list[tuple[PathKey, int]] = []

    def visit(self, node: yaml.Node, path: PathKey) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _MERGE_TAG:
                    continue
                key = self.loader.construct_object(key_node)
                child = (*path, key)
                self.visit(value_node, child)
                self.lines[child] = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    self.non_string_keys.append((child, key_node.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.visit(item, (*path, index))


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
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
