"""``validate`` and ``sync``: checking a skill folder and regenerating SKILL.md's frontmatter."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..fileio import write_text_atomic


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check a skill folder (spec, manifest, drift, files, templates)",
        description="Report every problem of a skill folder, one per line as file:line: where: message.",
    )
    validate.add_argument("directory", nargs="?", type=Path, help="skill folder (default: the bundled skill)")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(handler=run_validate)

    sync = subparsers.add_parser(
        "sync",
        help="regenerate SKILL.md's frontmatter (and derived files) from skill.yaml",
        description="Rewrite the frontmatter block of SKILL.md from skill.yaml; the body is left alone.",
    )
    sync.add_argument("directory", nargs="?", type=Path, help="skill folder (default: the bundled skill)")
    sync.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    sync.set_defaults(handler=run_sync)


def _skill_dir(directory: Path | None) -> Path:
    from ..manifest import bundled_skill_dir

    if directory is None:
        return bundled_skill_dir()
    if not directory.is_dir():
        raise UsageError(f"directory: {directory} is not a folder")
    return directory


def run_validate(args: argparse.Namespace) -> int:
    from ..problems import has_errors
    from ..validate import validate_skill

    skill_dir = _skill_dir(args.directory)
    problems = validate_skill(skill_dir)
    if args.format == "json":
        print(json.dumps([p.as_dict() for p in problems], indent=2))
    else:
        for problem in problems:
            print(problem.format())
        errors = sum(p.severity == "error" for p in problems)
        verdict = "invalid" if errors else "valid"
        print(f"{skill_dir}: {verdict} ({errors} errors, {len(problems) - errors} warnings)", file=sys.stderr)
    return 1 if has_errors(problems) else 0


def run_sync(args: argparse.Namespace) -> int:
    from ..derived import outdated_files
    from ..manifest import load_manifest

    skill_dir = _skill_dir(args.directory)
    outdated = outdated_files(load_manifest(skill_dir))
    if not outdated:
        print(f"{skill_dir}: derived files are up to date", file=sys.stderr)
        return 0
    for path, text in outdated.items():
        if args.check:
            print(f"{path}: out of date; run `async-patterns sync`", file=sys.stderr)
        else:
            write_text_atomic(path, text)
            print(f"{path}: regenerated from skill.yaml", file=sys.stderr)
    return 1 if args.check else 0
