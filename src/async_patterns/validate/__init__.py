"""Validate a skill folder: every problem at once, each located as ``file:line: where``.

The SKILL.md rules are the union of the Agent Skills spec, ``agentskills validate``
(skills-ref, strictyaml) and skill-creator's ``quick_validate.py``, plus what neither checks
(value types, body size, links). A folder with a ``skill.yaml`` also gets the manifest checks:
schema, frontmatter drift, declared files, template variables. A folder with only SKILL.md
(any third-party skill) gets the SKILL.md and link checks and nothing that needs a manifest.

Folder name: the spec requires it to equal the skill's name. A *source checkout* (a folder
that also holds ``pyproject.toml``) may be cloned under any name, so there the mismatch is a
warning; an installed or packaged copy has no ``pyproject.toml`` and must match exactly.

A ``---`` anywhere inside the frontmatter is read correctly here (the block ends only at a
line that is exactly ``---``) but is an error all the same: ``agentskills validate`` and other
loaders split the file on the first ``---`` and would silently cut the value there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from async_patterns.errors import FrontmatterError, YamlLoadError
from async_patterns.findings import Problem, Severity
from async_patterns.layout import MANIFEST_NAME, SKILL_FILE, TEMPLATES_FOLDER
from async_patterns.scaffold.params import PLACEHOLDER
from async_patterns.skill.manifest import Manifest, check_manifest, from_data
from async_patterns.skill.schemaerrors import yaml_type
from async_patterns.skill.skillmd import DELIMITER, SPEC_KEYS, SkillDocument, render_frontmatter, split
from async_patterns.skill.yamlsafe import (
    LoadedYaml,
    PathKey,
    decode_utf8,
    format_path,
    load_yaml,
    strictyaml_incompatibilities,
)

NAME_RULE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_NAME = 64
MAX_DESCRIPTION = 1024
MAX_COMPATIBILITY = 500
MAX_BODY_LINES = 500
MAX_BODY_TOKENS = 5000
RESERVED_WORDS = ("anthropic", "claude")
# Jinja2 names every template may use without declaring them: render() provides them.
RENDER_EXTRAS = frozenset({"template_id", "package_version"})
_INLINE_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)")
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_FENCE = re.compile(r"^\s*(```|~~~)")

Report = Callable[..., None]


def estimate_tokens(text: str) -> int:
    """Token estimate for size budgets: the larger of chars/4 and words*4/3.

    Both are common rules of thumb for English prose and code with BPE tokenizers; taking
    the larger errs on the side of warning early. No tokenizer download is needed.
    """
    return max(len(text) // 4, len(text.split()) * 4 // 3)


def validate_skill(skill_dir: Path) -> list[Problem]:
    """Every problem of the skill folder ``skill_dir``; an empty list means valid.

    File names in the problems are relative to ``skill_dir``.
    """
    problems: list[Problem] = []
    document = _check_skill_md(skill_dir, problems)
    if (skill_dir / MANIFEST_NAME).is_file():
        checked = _check_manifest(skill_dir / MANIFEST_NAME, problems)
        if checked is not None:
            manifest, loaded = checked
            _check_drift(manifest, loaded, document, problems)
            _check_declared_files(manifest, loaded, problems)
            _check_templates(manifest, loaded, problems)
    _check_links(skill_dir, problems)
    return problems


# --- SKILL.md -------------------------------------------------------------------------


def _check_skill_md(skill_dir: Path, problems: list[Problem]) -> SkillDocument | None:
    path = skill_dir / SKILL_FILE
    if not path.is_file():
        other = "; found skill.md, rename it to SKILL.md" if (skill_dir / "skill.md").is_file() else ""
        problems.append(Problem(SKILL_FILE, 0, "", "missing-skill-md", "error", f"no SKILL.md in the folder{other}"))
        return None
    try:
        document = split(decode_utf8(path.read_bytes()))
    except OSError as exc:
        problems.append(Problem(SKILL_FILE, 0, "", "unreadable", "error", f"cannot read: {exc.strerror or exc}"))
        return None
    except (YamlLoadError, FrontmatterError) as exc:
        problems.append(Problem(SKILL_FILE, exc.line, "", exc.code, "error", str(exc)))
        return None
    _check_frontmatter(skill_dir, document, problems)
    _check_body(document, problems)
    return document


def _check_frontmatter(skill_dir: Path, document: SkillDocument, problems: list[Problem]) -> None:
    def report(line: int, where: str, code: str, message: str, severity: Severity = "error") -> None:
        problems.append(Problem(SKILL_FILE, line, where, code, severity, message))

    for number, line in enumerate(document.frontmatter.splitlines(), start=2):
        if DELIMITER in line:
            report(
                number,
                "frontmatter",
                "frontmatter-dashes",
                "'---' inside the frontmatter: agentskills validate and other loaders split on it and cut the block here",
            )
    for number, what in strictyaml_incompatibilities(document.frontmatter):
        report(
            number + 1,
            "frontmatter",
            "frontmatter-strictyaml",
            f"{what} is refused by agentskills validate (strictyaml)",
        )
    try:
        loaded = load_yaml(document.frontmatter)
    except YamlLoadError as exc:
        report(exc.line + 1 if exc.line else 1, "frontmatter", exc.code, str(exc))
        return
    data = loaded.data
    if not isinstance(data, dict):
        kind = yaml_type(data) if data is not None else "empty"
        report(
            2, "frontmatter", "frontmatter-mapping", f"frontmatter must be a YAML mapping of the spec keys, not {kind}"
        )
        return

    def line_of(*path: Any) -> int:
        return loaded.line_of(path) + 1  # +1: the opening delimiter line

    for key in data:
        if key not in SPEC_KEYS:
            report(
                line_of(key),
                str(key),
                "frontmatter-key",
                f"unexpected key; only {', '.join(SPEC_KEYS)} are allowed (put custom data under metadata)",
            )
    for key in ("name", "description"):
        if key not in data:
            report(1, key, "frontmatter-required", f"missing required key {key!r}")
    if "name" in data:
        _check_name(skill_dir, data["name"], line_of("name"), report)
    if "description" in data:
        _check_description(data["description"], line_of("description"), report)
    for key in ("license", "compatibility", "allowed-tools"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            report(line_of(key), key, "frontmatter-type", f"must be a non-empty string, not {_kind(data[key])}")
    compatibility = data.get("compatibility")
    if isinstance(compatibility, str) and len(compatibility) > MAX_COMPATIBILITY:
        message = f"{len(compatibility)} characters; the limit is {MAX_COMPATIBILITY}"
        report(line_of("compatibility"), "compatibility", "compatibility-length", message)
    if "metadata" in data:
        _check_metadata(data["metadata"], line_of, report)


def _kind(value: object) -> str:
    return "an empty string" if value == "" else yaml_type(value)


def _check_name(skill_dir: Path, name: object, line: int, report: Report) -> None:
    if not isinstance(name, str) or not name:
        report(line, "name", "name-format", f"must be a non-empty string, not {_kind(name)}")
        return
    if len(name) > MAX_NAME:
        report(line, "name", "name-format", f"{len(name)} characters; the limit is {MAX_NAME}")
    if not NAME_RULE.match(name):
        report(
            line,
            "name",
            "name-format",
            f"{name!r}: use lowercase ASCII letters, digits and single hyphens, not at either end",
        )
    for word in RESERVED_WORDS:
        if word in name:
            message = f"contains the reserved word {word!r}; uploads to claude.ai and the Skills API refuse it"
            report(line, "name", "name-reserved", message, "warning")
    folder = skill_dir.resolve().name
    if folder != name:
        checkout = (skill_dir / "pyproject.toml").is_file()
        severity = "warning" if checkout else "error"
        note = " (a source checkout may use any folder name; installed copies must match)" if checkout else ""
        report(line, "name", "name-folder", f"folder {folder!r} does not match the skill name {name!r}{note}", severity)


def _check_description(description: object, line: int, report: Report) -> None:
    if not isinstance(description, str) or not description.strip():
        report(line, "description", "description-empty", f"must be a non-empty string, not {_kind(description)}")
        return
    if len(description) > MAX_DESCRIPTION:
        message = f"{len(description)} characters; the limit is {MAX_DESCRIPTION}"
        report(line, "description", "description-length", message)
    if "<" in description or ">" in description:
        message = "must not contain '<' or '>' (refused by skill-creator and uploads)"
        report(line, "description", "description-angle", message)


def _check_metadata(metadata: object, line_of: Callable[..., int], report: Report) -> None:
    if not isinstance(metadata, dict):
        message = f"must be a mapping of string keys to string values, not {_kind(metadata)}"
        report(line_of("metadata"), "metadata", "metadata-type", message)
        return
    for key, value in metadata.items():
        where = f"metadata.{key}"
        if not isinstance(key, str):
            report(
                line_of("metadata", key),
                where,
                "metadata-type",
                f"keys must be strings; quote it (got {yaml_type(key)})",
            )
        if not isinstance(value, str):
            message = f"values must be strings; quote it (got {yaml_type(value)})"
            report(line_of("metadata", key), where, "metadata-type", message)


def _check_body(document: SkillDocument, problems: list[Problem]) -> None:
    lines = len(document.body.splitlines())
    if lines > MAX_BODY_LINES:
        message = f"body is {lines} lines; keep it to {MAX_BODY_LINES} and move depth to references/"
        problems.append(Problem(SKILL_FILE, document.body_start_line, "body", "body-lines", "error", message))
    tokens = estimate_tokens(document.body)
    if tokens > MAX_BODY_TOKENS:
        message = f"body is about {tokens:,} tokens (estimate); keep it under {MAX_BODY_TOKENS:,}"
        problems.append(Problem(SKILL_FILE, document.body_start_line, "body", "body-tokens", "warning", message))


# --- skill.yaml -----------------------------------------------------------------------


def validate_manifest(path: Path) -> list[Problem]:
    """Every problem of one skill.yaml on its own: YAML, schema, unique ids, template declarations.

    The checks that need the rest of the folder (drift, declared files, template variables)
    are :func:`validate_skill`'s.
    """
    problems: list[Problem] = []
    _check_manifest(path, problems)
    return problems


def _check_manifest(path: Path, problems: list[Problem]) -> tuple[Manifest, LoadedYaml] | None:
    loaded, found = check_manifest(path)
    problems.extend(found)
    if loaded is None or found:
        return None
    manifest = from_data(path.parent.resolve(), loaded.data)
    _check_unique_ids(loaded, problems)
    _check_template_declarations(manifest, loaded, problems)
    return manifest, loaded


def _manifest_problem(loaded: LoadedYaml, path: PathKey, code: str, message: str) -> Problem:
    return Problem(MANIFEST_NAME, loaded.line_of(path), format_path(path), code, "error", message)


def _check_unique_ids(loaded: LoadedYaml, problems: list[Problem]) -> None:
    """Ids and paths that name one thing each: the schema cannot say "unique by key"."""
    data = loaded.data
    for items, section, key in (
        (data["templates"], ("templates",), "id"),
        (data["references"], ("references",), "path"),
        (data["scripts"], ("scripts",), "path"),
        (data["triggers"]["signals"], ("triggers", "signals"), "id"),
    ):
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            value = item[key]
            if value in first:
                message = f"{key} {value!r} is already used by item [{first[value]}]"
                problems.append(_manifest_problem(loaded, (*section, index, key), "duplicate-id", message))
            first.setdefault(value, index)


def _check_template_declarations(manifest: Manifest, loaded: LoadedYaml, problems: list[Problem]) -> None:
    """What rendering relies on beyond the schema: folder, output names, valid defaults."""
    from async_patterns.errors import ParameterError
    from async_patterns.scaffold.params import validate_params

    for index, template in enumerate(manifest.templates):
        base: PathKey = ("templates", index)
        if not template.path.startswith(f"{TEMPLATES_FOLDER}/"):
            message = f"template folder {template.path!r} must be inside {TEMPLATES_FOLDER}/"
            problems.append(_manifest_problem(loaded, (*base, "path"), "template-path", message))
        for number, spec in enumerate(template.files):
            for name in PLACEHOLDER.findall(spec.output):
                parameter = template.parameters.get(name)
                if parameter is None or parameter.type not in ("identifier", "class_name"):
                    message = f"{{{name}}} must name an identifier or class_name parameter of {template.id}"
                    problems.append(
                        _manifest_problem(loaded, (*base, "files", number, "output"), "template-output", message)
                    )
        try:
            validate_params(template)
        except ParameterError as exc:
            problems.append(_manifest_problem(loaded, (*base, "parameters"), "parameter-default", str(exc)))


def _check_drift(
    manifest: Manifest, loaded: LoadedYaml, document: SkillDocument | None, problems: list[Problem]
) -> None:
    from async_patterns.derived import outdated_files
    from async_patterns.errors import AsyncPatternsError, TableError

    skill_md = manifest.root / SKILL_FILE
    if document is not None and document.frontmatter != render_frontmatter(manifest):
        message = "frontmatter differs from skill.yaml; run `async-patterns sync`"
        problems.append(Problem(SKILL_FILE, 2, "frontmatter", "drift", "error", message))
    try:
        outdated = outdated_files(manifest)
    except (OSError, UnicodeDecodeError):
        return  # SKILL.md cannot be read; reported above as unreadable or encoding
    except TableError as exc:  # a trigger term or pattern the matcher refuses, located by its path
        message = f"cannot generate the trigger table: {exc}"
        problems.append(_manifest_problem(loaded, exc.path or ("triggers",), "derived-error", message))
        return
    except AsyncPatternsError as exc:
        message = f"cannot generate the derived files: {exc}"
        problems.append(_manifest_problem(loaded, ("triggers",), "derived-error", message))
        return
    for path in outdated:
        if path != skill_md:  # SKILL.md's drift is located precisely above
            message = "differs from what skill.yaml generates; run `async-patterns sync`"
            problems.append(Problem(path.relative_to(manifest.root).as_posix(), 0, "", "drift", "error", message))


def _check_declared_files(manifest: Manifest, loaded: LoadedYaml, problems: list[Problem]) -> None:
    root = manifest.root
    declared: set[Path] = set()
    for index, reference in enumerate(manifest.references):
        declared.add(root / reference.path)
        _require(root, reference.path, loaded, ("references", index, "path"), problems)
    for index, script in enumerate(manifest.scripts):
        _require(root, script.path, loaded, ("scripts", index, "path"), problems)
    for index, template in enumerate(manifest.templates):
        if not _require(root, template.path, loaded, ("templates", index, "path"), problems, folder=True):
            continue
        for number, spec in enumerate(template.files):
            relative = f"{template.path}/{spec.source}"
            declared.add(root / relative)
            _require(root, relative, loaded, ("templates", index, "files", number, "source"), problems)
    for folder in ("references", TEMPLATES_FOLDER):
        for path in _visible_files(root / folder):
            if path not in declared:
                message = f"not declared in {MANIFEST_NAME}; declare it or remove it"
                problems.append(Problem(path.relative_to(root).as_posix(), 0, "", "undeclared-file", "error", message))


def _visible_files(folder: Path) -> list[Path]:
    """Files under ``folder``, leaving out hidden ones and Python caches."""
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(folder).parts)
    ]


def _require(
    root: Path, relative: str, loaded: LoadedYaml, path: PathKey, problems: list[Problem], *, folder: bool = False
) -> bool:
    target = root / relative
    if target.is_dir() if folder else target.is_file():
        return True
    kind = "folder" if folder else "file"
    state = f"is not a {kind}" if target.exists() else "does not exist"
    problems.append(_manifest_problem(loaded, path, "missing-file", f"declared {kind} {relative!r} {state}"))
    return False


def _check_templates(manifest: Manifest, loaded: LoadedYaml, problems: list[Problem]) -> None:
    """Each template file parses, and the variables it uses are exactly its declared parameters."""
    for index, template in enumerate(manifest.templates):
        used: dict[str, tuple[str, int]] = {}
        complete = True  # False when a file could not be read or parsed: its uses are unknown
        for spec in template.files:
            relative = f"{template.path}/{spec.source}"
            variables = _template_variables(manifest.root, relative, problems)
            complete = complete and variables is not None
            for name, line in variables or ():
                used.setdefault(name, (relative, line))
            for name in PLACEHOLDER.findall(spec.output):
                used.setdefault(name, (MANIFEST_NAME, 0))
        for name, (file, line) in sorted(used.items()):
            if name not in template.parameters and name not in RENDER_EXTRAS:
                message = f"uses {name!r}, which is not a parameter of template {template.id!r} in {MANIFEST_NAME}"
                problems.append(Problem(file, line, name, "template-variables", "error", message))
        for name in template.parameters if complete else ():
            if name not in used:
                path: PathKey = ("templates", index, "parameters", name)
                message = f"{template.id} declares {name!r}, which no file of it uses"
                problems.append(_manifest_problem(loaded, path, "template-variables", message))


def _template_variables(root: Path, relative: str, problems: list[Problem]) -> list[tuple[str, int]] | None:
    """Undeclared (context) variables of one template file with the line of first use; None if unparsable."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    path = root / relative
    if not path.is_file():
        return None  # reported as missing-file
    try:
        tree = _template_environment().parse(decode_utf8(path.read_bytes()))
    except TemplateSyntaxError as exc:
        problems.append(Problem(relative, exc.lineno, "", "template-syntax", "error", f"Jinja2: {exc.message}"))
        return None
    except YamlLoadError as exc:  # decode_utf8's encoding and size errors
        problems.append(Problem(relative, exc.line, "", exc.code, "error", str(exc)))
        return None
    names = meta.find_undeclared_variables(tree)
    first_lines: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.name in names and node.ctx == "load":
            first_lines.setdefault(node.name, node.lineno)
    return [(name, first_lines.get(name, 0)) for name in sorted(names)]


def _template_environment() -> Any:
    """An environment that parses like the renderer's: same syntax options and filters."""
    from jinja2.sandbox import SandboxedEnvironment

    from async_patterns.scaffold.rendering import pystr, pyval

    environment = SandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters.update(pystr=pystr, pyval=pyval)
    return environment


# --- links ------------------------------------------------------------------------------


def _check_links(skill_dir: Path, problems: list[Problem]) -> None:
    """Every relative link in SKILL.md and the Markdown files under references/ resolves."""
    files = [skill_dir / SKILL_FILE] if (skill_dir / SKILL_FILE).is_file() else []
    files += [path for path in _visible_files(skill_dir / "references") if path.suffix == ".md"]
    root = skill_dir.resolve()
    for path in files:
        rel = path.relative_to(skill_dir).as_posix()
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            problems.append(Problem(rel, 0, "", "unreadable", "error", f"cannot read: {exc.strerror or exc}"))
            continue
        except UnicodeDecodeError:
            if path.name != SKILL_FILE:  # SKILL.md's encoding is reported by its own check
                problems.append(Problem(rel, 0, "", "encoding", "error", "not valid UTF-8"))
            continue
        for line_number, target in _links(text):
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(root):
                message = f"link {target!r} leaves the skill folder"
                problems.append(Problem(rel, line_number, "link", "link-outside", "error", message))
            elif not resolved.exists():
                problems.append(
                    Problem(rel, line_number, "link", "broken-link", "error", f"link {target!r} does not resolve")
                )


def _links(text: str) -> list[tuple[int, str]]:
    """Relative link targets (inline and reference definitions) outside code, with their lines."""
    found: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening is not None and (fence is None or opening.group(1) == fence):
            fence = None if fence else opening.group(1)
            continue
        if fence is not None:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        targets = [match.group(1) for match in _INLINE_LINK.finditer(prose)]
        targets += [match.group(1) for match in _REFERENCE_DEFINITION.finditer(prose)]
        found.extend((number, target) for target in _relative_targets(targets))
    return found


def _relative_targets(targets: Iterable[str]) -> Iterable[str]:
    for raw in targets:
        target = unquote(raw.removeprefix("<").removesuffix(">").split("#", 1)[0])
        if target and not _URL_SCHEME.match(target):
            yield target
