"""skill.yaml beside SKILL.md: schema, unique ids, declared files, and drift from the derived files."""

from __future__ import annotations

from pathlib import Path

from async_patterns.findings import Problem
from async_patterns.layout import MANIFEST_NAME, SKILL_FILE, TEMPLATES_FOLDER
from async_patterns.scaffold.params import PLACEHOLDER
from async_patterns.skill.files import skill_files
from async_patterns.skill.manifest import Manifest, check_manifest, from_data
from async_patterns.skill.skillmd import SkillDocument, render_frontmatter
from async_patterns.skill.yamlsafe import (
    LoadedYaml,
    PathKey,
    format_path,
)


def validate_manifest(path: Path) -> list[Problem]:
    """Every problem of one skill.yaml on its own: YAML, schema, unique ids, template declarations.

    The checks that need the rest of the folder (drift, declared files, template variables)
    are :func:`validate_skill`'s.
    """
    problems: list[Problem] = []
    check_manifest_file(path, problems)
    return problems


def check_manifest_file(path: Path, problems: list[Problem]) -> tuple[Manifest, LoadedYaml] | None:
    loaded, found = check_manifest(path)
    problems.extend(found)
    if loaded is None or found:
        return None
    manifest = from_data(path.parent.resolve(), loaded.data)
    _check_unique_ids(loaded, problems)
    _check_template_declarations(manifest, loaded, problems)
    return manifest, loaded


def manifest_problem(loaded: LoadedYaml, path: PathKey, code: str, message: str) -> Problem:
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
                problems.append(manifest_problem(loaded, (*section, index, key), "duplicate-id", message))
            first.setdefault(value, index)


def _check_template_declarations(manifest: Manifest, loaded: LoadedYaml, problems: list[Problem]) -> None:
    """What rendering relies on beyond the schema: folder, output names, valid defaults."""
    from async_patterns.errors import ParameterError
    from async_patterns.scaffold.params import validate_params

    for index, template in enumerate(manifest.templates):
        base: PathKey = ("templates", index)
        if not template.path.startswith(f"{TEMPLATES_FOLDER}/"):
            message = f"template folder {template.path!r} must be inside {TEMPLATES_FOLDER}/"
            problems.append(manifest_problem(loaded, (*base, "path"), "template-path", message))
        for number, spec in enumerate(template.files):
            for name in PLACEHOLDER.findall(spec.output):
                parameter = template.parameters.get(name)
                if parameter is None or parameter.type not in ("identifier", "class_name"):
                    message = f"{{{name}}} must name an identifier or class_name parameter of {template.id}"
                    problems.append(
                        manifest_problem(loaded, (*base, "files", number, "output"), "template-output", message)
                    )
        try:
            validate_params(template)
        except ParameterError as exc:
            problems.append(manifest_problem(loaded, (*base, "parameters"), "parameter-default", str(exc)))


def check_drift(
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
        problems.append(manifest_problem(loaded, exc.path or ("triggers",), "derived-error", message))
        return
    except AsyncPatternsError as exc:
        message = f"cannot generate the derived files: {exc}"
        problems.append(manifest_problem(loaded, ("triggers",), "derived-error", message))
        return
    for path in outdated:
        if path != skill_md:  # SKILL.md's drift is located precisely above
            message = "differs from what skill.yaml generates; run `async-patterns sync`"
            problems.append(Problem(path.relative_to(manifest.root).as_posix(), 0, "", "drift", "error", message))


def check_declared_files(manifest: Manifest, loaded: LoadedYaml, problems: list[Problem]) -> None:
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
        for path in skill_files(root / folder):
            if path not in declared:
                message = f"not declared in {MANIFEST_NAME}; declare it or remove it"
                problems.append(Problem(path.relative_to(root).as_posix(), 0, "", "undeclared-file", "error", message))


def _require(
    root: Path, relative: str, loaded: LoadedYaml, path: PathKey, problems: list[Problem], *, folder: bool = False
) -> bool:
    target = root / relative
    if target.is_dir() if folder else target.is_file():
        return True
    kind = "folder" if folder else "file"
    state = f"is not a {kind}" if target.exists() else "does not exist"
    problems.append(manifest_problem(loaded, path, "missing-file", f"declared {kind} {relative!r} {state}"))
    return False
