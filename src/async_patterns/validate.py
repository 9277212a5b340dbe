"""Validate a skill folder: every problem at once, each located as ``file:line: where``.

The SKILL.md rules are the union of the Agent Skills spec, ``agentskills validate``
(skills-ref, strictyaml) and skill-creator's ``quick_validate.py``, plus what neither checks
(value types, body size, links). A folder with a ``skill.yaml`` also gets the manifest checks:
schema, frontmatter drift, declared files, template variables.

Folder name: the spec requires it to equal the skill's name. A *source checkout* (a folder
that also holds ``pyproject.toml``) may be cloned under any name, so there the mismatch is a
warning; an installed or packaged copy has no ``pyproject.toml`` and must match exactly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .manifest import MANIFEST_NAME, Manifest, check_manifest, from_data
from .problems import Problem
from .skillmd import SPEC_KEYS, FrontmatterError, SkillDocument, render_frontmatter, split
from .yamlsafe import YamlLoadError, decode_utf8, load_yaml, strictyaml_incompatibilities

SKILL_FILE = "SKILL.md"
NAME_RULE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_NAME = 64
MAX_DESCRIPTION = 1024
MAX_COMPATIBILITY = 500
MAX_BODY_LINES = 500
MAX_BODY_TOKENS = 5000
RESERVED_WORDS = ("anthropic", "claude")
# Jinja2 names every template may use without declaring them: render() provides them.
RENDER_EXTRAS = frozenset({"template_id", "package_version"})
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def estimate_tokens(text: str) -> int:
    """Token estimate for size budgets: the larger of chars/4 and words*4/3.

    Both are common rules of thumb for English prose and code with BPE tokenizers; taking
    the larger errs on the side of warning early. No tokenizer download is needed.
    """
    return max(len(text) // 4, len(text.split()) * 4 // 3)


def validate_skill(skill_dir: Path) -> list[Problem]:
    """Every problem of the skill folder ``skill_dir``; an empty list means valid."""
    problems: list[Problem] = []
    document = _check_skill_md(skill_dir, problems)
    manifest_path = skill_dir / MANIFEST_NAME
    if manifest_path.is_file():
        manifest = _check_manifest(skill_dir, problems)
        if manifest is not None:
            _check_drift(manifest, document, problems)
            _check_declared_files(manifest, problems)
            _check_templates(manifest, problems)
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
        text = decode_utf8(path.read_bytes())
        document = split(text)
    except YamlLoadError as exc:
        code = "frontmatter-start" if exc.code == "encoding" and exc.line == 1 else exc.code
        problems.append(Problem(SKILL_FILE, exc.line, "", code, "error", str(exc)))
        return None
    except FrontmatterError as exc:
        problems.append(Problem(SKILL_FILE, exc.line, "", exc.code, "error", str(exc)))
        return None
    _check_frontmatter(skill_dir, document, problems)
    _check_body(document, problems)
    return document


def _check_frontmatter(skill_dir: Path, document: SkillDocument, problems: list[Problem]) -> None:
    def report(line: int, where: str, code: str, message: str, severity: Any = "error") -> None:
        problems.append(Problem(SKILL_FILE, line, where, code, severity, message))

    for line, what in strictyaml_incompatibilities(document.frontmatter):
        report(
            line + 1, "frontmatter", "frontmatter-strictyaml", f"{what} is refused by agentskills validate (strictyaml)"
        )
    try:
        loaded = load_yaml(document.frontmatter)
    except YamlLoadError as exc:
        report(exc.line + 1 if exc.line else 1, "frontmatter", exc.code, str(exc))
        return
    data = loaded.data
    if not isinstance(data, dict):
        report(2, "frontmatter", "frontmatter-mapping", "frontmatter must be a YAML mapping of the spec keys")
        return

    def line_of(key: str) -> int:
        return loaded.line_of((key,)) + 1  # +1: the opening delimiter line

    for key in data:
        if key not in SPEC_KEYS:
            report(
                line_of(str(key)),
                str(key),
                "frontmatter-key",
                f"unexpected key; only {', '.join(SPEC_KEYS)} are allowed (put custom data under metadata)",
            )
    for key in ("name", "description"):
        if key not in data:
            report(1, key, "frontmatter-required", f"missing required key {key!r}")
    for key, value in data.items():
        if isinstance(value, str) and "---" in value:
            report(
                line_of(str(key)),
                str(key),
                "frontmatter-dashes",
                "value contains '---', which splits the frontmatter for agentskills validate and other parsers",
            )
    if "name" in data:
        _check_name(skill_dir, data["name"], line_of("name"), report)
    if "description" in data:
        _check_description(data["description"], line_of("description"), report)
    for key in ("license", "allowed-tools"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            report(line_of(key), key, "frontmatter-type", "must be a non-empty string")
    if "compatibility" in data:
        value = data["compatibility"]
        if not isinstance(value, str) or not value.strip():
            report(line_of("compatibility"), "compatibility", "frontmatter-type", "must be a non-empty string")
        elif len(value) > MAX_COMPATIBILITY:
            report(
                line_of("compatibility"),
                "compatibility",
                "compatibility-length",
                f"{len(value)} characters; the limit is {MAX_COMPATIBILITY}",
            )
    if "metadata" in data:
        _check_metadata(data["metadata"], loaded.lines, report)


def _check_name(skill_dir: Path, name: object, line: int, report: Any) -> None:
    if not isinstance(name, str) or not name:
        report(line, "name", "name-format", "must be a non-empty string")
        return
    if len(name) > MAX_NAME:
        report(line, "name", "name-format", f"{len(name)} characters; the limit is {MAX_NAME}")
    if not NAME_RULE.match(name):
        report(line, "name", "name-format", "use lowercase letters, digits and single hyphens, not at either end")
    for word in RESERVED_WORDS:
        if word in name:
            report(line, "name", "name-reserved", f"contains the reserved word {word!r}, refused by Anthropic's upload")
    folder = skill_dir.resolve().name
    if folder != name:
        checkout = (skill_dir / "pyproject.toml").is_file()
        severity = "warning" if checkout else "error"
        note = " (a source checkout may use any folder name; installed copies must match)" if checkout else ""
        report(line, "name", "name-folder", f"folder {folder!r} does not match the skill name {name!r}{note}", severity)


def _check_description(description: object, line: int, report: Any) -> None:
    if not isinstance(description, str) or not description.strip():
        report(line, "description", "description-empty", "must be a non-empty string")
        return
    if len(description) > MAX_DESCRIPTION:
        report(
            line, "description", "description-length", f"{len(description)} characters; the limit is {MAX_DESCRIPTION}"
        )
    if "<" in description or ">" in description:
        report(
            line,
            "description",
            "description-angle",
            "must not contain '<' or '>' (refused by skill-creator and uploads)",
        )


def _check_metadata(metadata: object, lines: dict[Any, int], report: Any) -> None:
    base = lines.get(("metadata",), 1) + 1
    if not isinstance(metadata, dict):
        report(base, "metadata", "metadata-type", "must be a mapping of string keys to string values")
        return
    for key, value in metadata.items():
        if not isinstance(key, str) or not isinstance(value, str):
            line = lines.get(("metadata", key), base - 1) + 1
            report(
                line,
                f"metadata.{key}",
                "metadata-type",
                f"values must be strings; quote it (got {type(value).__name__})",
            )


def _check_body(document: SkillDocument, problems: list[Problem]) -> None:
    lines = document.body.count("\n") + (0 if document.body.endswith("\n") or not document.body else 1)
    if lines > MAX_BODY_LINES:
        message = f"body is {lines} lines; keep it under {MAX_BODY_LINES} and move depth to references/"
        problems.append(Problem(SKILL_FILE, document.body_start_line, "body", "body-lines", "error", message))
    tokens = estimate_tokens(document.body)
    if tokens > MAX_BODY_TOKENS:
        message = f"body is about {tokens:,} tokens (estimate); keep it under {MAX_BODY_TOKENS:,}"
        problems.append(Problem(SKILL_FILE, document.body_start_line, "body", "body-tokens", "warning", message))


# --- skill.yaml -----------------------------------------------------------------------


def _check_manifest(skill_dir: Path, problems: list[Problem]) -> Manifest | None:
    loaded, found = check_manifest(skill_dir / MANIFEST_NAME)
    problems.extend(found)
    if loaded is None or found:
        return None
    return from_data(skill_dir.resolve(), loaded.data)


def _check_drift(manifest: Manifest, document: SkillDocument | None, problems: list[Problem]) -> None:
    from .derived import outdated_files

    if document is not None and document.frontmatter != render_frontmatter(manifest):
        message = "frontmatter differs from skill.yaml; run `async-patterns sync`"
        problems.append(Problem(SKILL_FILE, 2, "frontmatter", "drift", "error", message))
    for path in outdated_files(manifest):
        if path.name != SKILL_FILE:  # SKILL.md's drift is located precisely above
            rel = path.relative_to(manifest.root).as_posix()
            problems.append(
                Problem(
                    rel, 0, "", "drift", "error", "differs from what skill.yaml generates; run `async-patterns sync`"
                )
            )


def _check_declared_files(manifest: Manifest, problems: list[Problem]) -> None:
    root = manifest.root
    declared: set[Path] = set()
    for index, reference in enumerate(manifest.references):
        declared.add(root / reference.path)
        _require_file(root, reference.path, f"references[{index}].path", problems)
    for index, script in enumerate(manifest.scripts):
        _require_file(root, script.path, f"scripts[{index}].path", problems)
    for index, template in enumerate(manifest.templates):
        if not (root / template.path).is_dir():
            problems.append(
                Problem(
                    MANIFEST_NAME,
                    0,
                    f"templates[{index}].path",
                    "missing-file",
                    "error",
                    f"template folder {template.path!r} does not exist",
                )
            )
            continue
        for number, spec in enumerate(template.files):
            relative = f"{template.path}/{spec.source}"
            declared.add(root / relative)
            _require_file(root, relative, f"templates[{index}].files[{number}].source", problems)
    for folder in ("references", "templates"):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else ():
            hidden = any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts)
            if path.is_file() and not hidden and path not in declared:
                rel = path.relative_to(root).as_posix()
                problems.append(
                    Problem(
                        rel,
                        0,
                        "",
                        "undeclared-file",
                        "error",
                        f"not declared in {MANIFEST_NAME}; declare it or remove it",
                    )
                )


def _require_file(root: Path, relative: str, where: str, problems: list[Problem]) -> None:
    if not (root / relative).is_file():
        problems.append(
            Problem(MANIFEST_NAME, 0, where, "missing-file", "error", f"declared file {relative!r} does not exist")
        )


def _check_templates(manifest: Manifest, problems: list[Problem]) -> None:
    from jinja2 import TemplateSyntaxError, meta  # slow import kept off the hook's path
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment()
    for index, template in enumerate(manifest.templates):
        used: set[str] = set()
        for spec in template.files:
            relative = f"{template.path}/{spec.source}"
            path = manifest.root / relative
            if not path.is_file():
                continue  # reported as missing-file
            try:
                used |= meta.find_undeclared_variables(environment.parse(path.read_text(encoding="utf-8")))
            except TemplateSyntaxError as exc:
                problems.append(Problem(relative, exc.lineno, "", "template-syntax", "error", f"Jinja2: {exc.message}"))
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(Problem(relative, 0, "", "unreadable", "error", str(exc)))
            used |= set(re.findall(r"\{(\w+)\}", spec.output))
        declared = set(template.parameters)
        where = f"templates[{index}].parameters"
        for name in sorted(used - declared - RENDER_EXTRAS):
            problems.append(
                Problem(
                    MANIFEST_NAME,
                    0,
                    where,
                    "template-variables",
                    "error",
                    f"{template.id} uses {name!r}, which is not a declared parameter",
                )
            )
        for name in sorted(declared - used):
            problems.append(
                Problem(
                    MANIFEST_NAME,
                    0,
                    where,
                    "template-variables",
                    "error",
                    f"{template.id} declares {name!r}, which no file of it uses",
                )
            )


# --- links ------------------------------------------------------------------------------


def _check_links(skill_dir: Path, problems: list[Problem]) -> None:
    files = [skill_dir / SKILL_FILE] if (skill_dir / SKILL_FILE).is_file() else []
    if (skill_dir / "references").is_dir():
        files += sorted((skill_dir / "references").rglob("*.md"))
    root = skill_dir.resolve()
    for path in files:
        rel = path.relative_to(skill_dir).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # SKILL.md's encoding is reported above; a reference's is below
        for line_number, target in _links(text):
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(root):
                problems.append(
                    Problem(
                        rel, line_number, "link", "link-outside", "error", f"link {target!r} leaves the skill folder"
                    )
                )
            elif not resolved.exists():
                problems.append(
                    Problem(rel, line_number, "link", "broken-link", "error", f"link {target!r} does not resolve")
                )


def _links(text: str) -> list[tuple[int, str]]:
    """Relative link targets outside code fences, with their lines."""
    found: list[tuple[int, str]] = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for match in _LINK.finditer(re.sub(r"`[^`]*`", "", line)):
            target = match.group(1).split("#", 1)[0]
            if target and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                found.append((number, target))
    return found
