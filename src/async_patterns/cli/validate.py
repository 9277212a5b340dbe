"""``validate`` and ``sync``: checking a skill folder and regenerating SKILL.md's frontmatter."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from async_patterns.cli.options import add_skill_option
from async_patterns.errors import AsyncPatternsError, UsageError
from async_patterns.fileio import write_text_atomic


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check skill folders (spec, manifest, drift, files, templates)",
        description=(
            "Report every problem of one or more skill folders, one per line as file:line: where: message. "
            "Exit 0 when valid (warnings allowed), 1 when a folder has an error, 2 on a usage error."
        ),
    )
    validate.add_argument(
        "directories",
        nargs="*",
        type=Path,
        metavar="DIR",
        help="skill folder, or its SKILL.md (default: the skill bundled with async-patterns)",
    )
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="json: a list of {file, line, path, code, ...}"
    )
    validate.add_argument(
        "--profile",
        choices=("spec", "claude-code"),
        default="spec",
        help=(
            "spec (default): only the six keys of the Agent Skills spec, as agentskills validate; "
            "claude-code: also the frontmatter keys Claude Code documents, each with its type"
        ),
    )
    add_skill_option(validate, "another skill folder to check, as DIR does")
    validate.set_defaults(handler=run_validate)

    sync = subparsers.add_parser(
        "sync",
        help="regenerate SKILL.md's frontmatter (and derived files) from skill.yaml",
        description="Rewrite the frontmatter block of SKILL.md from skill.yaml; the body is left alone.",
    )
    sync.add_argument("directory", nargs="?", type=Path, help="skill folder (default: the bundled skill)")
    add_skill_option(sync, "skill folder, as DIRECTORY does")
    sync.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    sync.set_defaults(handler=run_sync)


def _skill_dir(directory: Path) -> Path:
    """The folder named by ``directory``; a path to a SKILL.md means its folder, as for agentskills."""
    if directory.is_file() and directory.name.lower() == "skill.md":
        return directory.parent
    if not directory.exists():
        raise UsageError(f"directory: {directory} does not exist")
    if not directory.is_dir():
        raise UsageError(f"directory: {directory} is not a folder")
    return directory


def _bundled_dir() -> Path:
    """The bundled skill, shown relative to the working directory when it is below it."""
    from async_patterns.layout import bundled_skill_dir

    bundled = bundled_skill_dir()
    try:
        return bundled.relative_to(Path.cwd())
    except ValueError:
        return bundled


def run_validate(args: argparse.Namespace) -> int:
    from async_patterns.findings import Problem, has_errors
    from async_patterns.validate import validate_skill

    named = [*args.directories, *([args.skill] if args.skill is not None else [])]
    folders = [_skill_dir(directory) for directory in named] or [_bundled_dir()]
    folders = list({folder.resolve(): folder for folder in folders}.values())  # each folder once
    problems: list[Problem] = []
    for folder in folders:
        found = [replace(p, file=str(folder / p.file)) for p in validate_skill(folder, profile=args.profile)]
        problems += found
        if args.format == "text":
            for problem in found:
                print(problem.format())
            errors = sum(p.severity == "error" for p in found)
            verdict = "invalid" if errors else "valid"
            print(f"{folder.resolve()}: {verdict} ({errors} errors, {len(found) - errors} warnings)", file=sys.stderr)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2))
    return 1 if has_errors(problems) else 0


def run_sync(args: argparse.Namespace) -> int:
    from async_patterns.derived import outdated_files
    from async_patterns.skill.manifest import load_manifest

    directory = args.directory if args.directory is not None else args.skill
    skill_dir = _skill_dir(directory) if directory is not None else _bundled_dir()
    _require_readable(skill_dir / "SKILL.md")
    outdated = outdated_files(load_manifest(skill_dir))
    if not outdated:
        print(f"{skill_dir.resolve()}: derived files are up to date", file=sys.stderr)
        return 0
    for path, text in outdated.items():
        if args.check:
            print(f"{path}: out of date; run `async-patterns sync`", file=sys.stderr)
        else:
            write_text_atomic(path, text)
            print(f"{path}: regenerated from skill.yaml", file=sys.stderr)
    return 1 if args.check else 0


def _require_readable(skill_md: Path) -> None:
    """Refuse to sync over a SKILL.md that is not plain UTF-8: its body could not be kept intact."""
    from async_patterns.errors import YamlLoadError
    from async_patterns.skill.yamlsafe import decode_utf8

    if not skill_md.is_file():
        return  # sync creates it
    try:
        decode_utf8(skill_md.read_bytes())
    except YamlLoadError as exc:
        raise AsyncPatternsError(f"{skill_md}:{exc.line}: {exc}") from exc
