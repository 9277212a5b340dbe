"""skill.yaml: loading, schema validation and the typed view the rest of the package uses.

The manifest is the single source of truth: SKILL.md's frontmatter, the trigger table and
the template catalogue are all derived from it. Loading goes through ``yamlsafe`` (no
duplicate keys, no alias bombs) and the JSON Schema shipped in ``schema/``; every schema
error is reported with its data path and source line, using jsonschema's own error paths.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from async_patterns.errors import ManifestError, TemplateNotFoundError, YamlLoadError
from async_patterns.findings import Problem
from async_patterns.layout import MANIFEST_NAME, bundled_skill_dir, cache_dir
from async_patterns.skill.schemaerrors import article, describe, yaml_type
from async_patterns.skill.yamlsafe import LoadedYaml, decode_utf8, format_path, load_yaml


@dataclass(frozen=True)
class Parameter:
    """One typed template parameter, as declared in the manifest."""

    name: str
    type: str
    help: str
    default: Any
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    items: str | None = None


@dataclass(frozen=True)
class TemplateFile:
    source: str
    output: str
    kind: str  # "module" or "test"


@dataclass(frozen=True)
class Template:
    id: str
    path: str
    summary: str
    parameters: Mapping[str, Parameter]
    files: tuple[TemplateFile, ...]


@dataclass(frozen=True)
class Reference:
    path: str
    title: str
    when: str


@dataclass(frozen=True)
class Script:
    path: str
    summary: str


@dataclass(frozen=True)
class Manifest:
    """The validated manifest of one skill folder."""

    root: Path
    name: str
    version: str
    description: str
    license: str
    compatibility: str
    use_cases: tuple[str, ...]
    triggers: Mapping[str, Any]
    templates: tuple[Template, ...]
    references: tuple[Reference, ...]
    scripts: tuple[Script, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)
    allowed_tools: str | None = None
    core_integration: Mapping[str, Any] = field(default_factory=dict)

    def template(self, template_id: str) -> Template:
        for template in self.templates:
            if template.id == template_id:
                return template
        known = ", ".join(t.id for t in self.templates)
        raise TemplateNotFoundError(f"unknown template {template_id!r}; known: {known}")


@cache
def schema() -> dict[str, Any]:
    """The manifest's JSON Schema (Draft 2020-12), shipped as package data."""
    text = resources.files("async_patterns").joinpath("skill/schema/skill.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def check_manifest(path: Path, display: str = MANIFEST_NAME) -> tuple[LoadedYaml | None, list[Problem]]:
    """Read and schema-check ``path``; return the parsed document (if any) and every problem."""
    try:
        loaded = load_yaml(decode_utf8(path.read_bytes()))
    except OSError as exc:
        return None, [Problem(display, 0, "", "unreadable", "error", f"cannot read: {exc.strerror or exc}")]
    except YamlLoadError as exc:
        return None, [Problem(display, exc.line, "", exc.code, "error", str(exc))]
    if not isinstance(loaded.data, dict):
        kind = article(yaml_type(loaded.data)) if loaded.data is not None else "an empty document"
        return None, [Problem(display, 1, "", "not-a-mapping", "error", f"top level must be a mapping, not {kind}")]
    key_problems = [
        Problem(
            display,
            line,
            format_path(key_path),
            "key-type",
            "error",
            f"key must be a string; quote it (got {yaml_type(key_path[-1])})",
        )
        for key_path, line in loaded.non_string_keys
    ]
    return loaded, sorted(key_problems + schema_problems(loaded, display), key=_document_order)


def schema_problems(loaded: LoadedYaml, display: str) -> list[Problem]:
    """Every schema violation of ``loaded.data``, located, in document order."""
    from jsonschema import Draft202012Validator  # slow import kept off the hook's path

    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for error in validator.iter_errors(loaded.data):
        for path, message in describe(error):
            where = format_path(path) or "(top level)"
            problems.append(Problem(display, loaded.line_of(path), where, "schema", "error", message))
    return sorted(problems, key=_document_order)


def _document_order(problem: Problem) -> tuple[int, str, str]:
    return problem.line, problem.path, problem.message


def load_manifest(skill_dir: Path | None = None) -> Manifest:
    """Load and validate ``skill_dir/skill.yaml`` (default: the bundled skill).

    Raises:
        ManifestError: the file is missing, unreadable or invalid; ``problems`` lists all.
    """
    root = (skill_dir or bundled_skill_dir()).resolve()
    path = root / MANIFEST_NAME
    if not path.is_file():
        raise ManifestError(f"{path}: no {MANIFEST_NAME} in this folder")
    cache_file = _cache_file(path)
    cached = _read_cached(cache_file)
    if cached is not None:
        return from_data(root, cached)
    loaded, problems = check_manifest(path, str(path))
    if loaded is None or problems:
        first = problems[0].format() if problems else f"{path}: invalid"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ManifestError(first + more, list(problems))
    _write_cached(cache_file, loaded.data)
    return from_data(root, loaded.data)


def bundled_manifest() -> Manifest:
    """The bundled skill's manifest, kept in memory and loaded again only when skill.yaml changes.

    The one in-process cache in front of the on-disk one that ``load_manifest`` keeps.
    """
    path = bundled_skill_dir() / MANIFEST_NAME
    stat = path.stat()
    return _load_in_memory(path.parent, stat.st_mtime_ns, stat.st_size)


@cache
def _load_in_memory(root: Path, _mtime_ns: int, _size: int) -> Manifest:
    return load_manifest(root)


def _cache_file(path: Path) -> Path | None:
    """Where a manifest already proven valid is kept as JSON, keyed by everything that decides validity.

    Parsing and schema-checking a 40 KB manifest costs more than the rest of ``new``; the
    key covers the manifest's bytes, the schema's and the package version, so any change
    to one of them misses the cache. ``ASYNC_PATTERNS_NO_CACHE=1`` turns it off.
    """
    from async_patterns import __version__

    if os.environ.get("ASYNC_PATTERNS_NO_CACHE"):
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    schema_bytes = resources.files("async_patterns").joinpath("skill/schema/skill.schema.json").read_bytes()
    digest = hashlib.sha256(b"\0".join((raw, schema_bytes, __version__.encode()))).hexdigest()
    return cache_dir() / "manifests" / f"{digest}.json"


def _read_cached(cache_file: Path | None) -> dict[str, Any] | None:
    if cache_file is None:
        return None
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_cached(cache_file: Path | None, data: dict[str, Any]) -> None:
    """Best effort: a read-only or full disk only means the next run validates again."""
    from async_patterns.fileio import write_text_atomic

    if cache_file is None:
        return
    try:
        write_text_atomic(cache_file, json.dumps(data))
    except (OSError, TypeError, ValueError):
        return


def from_data(root: Path, data: dict[str, Any]) -> Manifest:
    """The typed view of schema-valid manifest data."""
    return Manifest(
        root=root,
        name=data["name"],
        version=data["version"],
        description=data["description"],
        license=data["license"],
        compatibility=data["compatibility"],
        use_cases=tuple(data["use_cases"]),
        triggers=data["triggers"],
        templates=tuple(_build_template(t) for t in data["templates"]),
        references=tuple(Reference(**r) for r in data["references"]),
        scripts=tuple(Script(**s) for s in data["scripts"]),
        metadata=dict(data.get("metadata", {})),
        allowed_tools=data.get("allowed_tools"),
        core_integration=data.get("core_integration", {}),
    )


def _build_template(data: dict[str, Any]) -> Template:
    parameters = {
        name: Parameter(name=name, **{**spec, "choices": tuple(spec.get("choices", ()))})
        for name, spec in data["parameters"].items()
    }
    return Template(
        id=data["id"],
        path=data["path"],
        summary=data["summary"],
        parameters=parameters,
        files=tuple(TemplateFile(**f) for f in data["files"]),
    )
