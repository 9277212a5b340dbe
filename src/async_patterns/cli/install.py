"""``install``, ``uninstall`` and ``package``: getting the skill to the agents that use it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from async_patterns.cli.options import add_skill_option


def register(subparsers: Any) -> None:
    for name, verb in (("install", "install the skill"), ("uninstall", "remove what install added")):
        parser = subparsers.add_parser(
            name,
            help=f"{verb} for Claude Code (user or project scope)",
            description=f"{verb.capitalize()}: the skill folder under .claude/skills/ and its Claude Code hooks "
            "(UserPromptSubmit: prompts; PostToolUse on Read|Edit|Write: the code in front of the agent).",
        )
        parser.add_argument("--scope", choices=("user", "project"), default="user", help="default: user (~/.claude)")
        parser.add_argument("--project-dir", type=Path, help="project root for --scope project (default: cwd)")
        parser.add_argument("--agents-dir", action="store_true", help="also use the cross-agent .agents/skills/")
        parser.add_argument(
            "--hook", action=argparse.BooleanOptionalAction, default=True, help="register the hooks (default: yes)"
        )
        parser.add_argument("--dry-run", action="store_true", help="print the plan and change nothing")
        if name == "install":
            add_skill_option(parser, "skill folder to install")
        parser.set_defaults(handler=run_install if name == "install" else run_uninstall)

    package = subparsers.add_parser(
        "package",
        help="write the skill folder and a reproducible .skill archive",
        description="Write OUT/async-patterns/ and OUT/async-patterns.skill (a zip with one top-level folder).",
    )
    package.add_argument("-o", "--output", type=Path, default=Path("dist"), help="output folder (default: dist)")
    package.add_argument("--force", action="store_true", help="replace existing outputs")
    add_skill_option(package, "skill folder to package")
    package.add_argument("--format", choices=("text", "json"), default="text")
    package.set_defaults(handler=run_package)


def _plan(args: argparse.Namespace) -> Any:
    from async_patterns.distribute.install import plan
    from async_patterns.errors import UsageError

    if args.project_dir is not None and args.scope != "project":
        raise UsageError("--project-dir: only meaningful with --scope project")
    if args.project_dir is not None and not args.project_dir.is_dir():
        raise UsageError(f"--project-dir: {args.project_dir} is not a folder")
    return plan(args.scope, project_dir=args.project_dir, agents_dir=args.agents_dir, hook=args.hook)


def _report(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def run_install(args: argparse.Namespace) -> int:
    from async_patterns.distribute.install import install

    install_plan = _plan(args)
    if args.dry_run:
        _report(["dry run, nothing changed:", *install_plan.describe("would install")])
        return 0
    _report(install(install_plan, _skill_folder(args.skill)))
    return 0


def run_uninstall(args: argparse.Namespace) -> int:
    from async_patterns.distribute.install import uninstall

    install_plan = _plan(args)
    if args.dry_run:
        _report(["dry run, nothing changed:", *install_plan.describe("would remove")])
        return 0
    _report(uninstall(install_plan))
    return 0


def run_package(args: argparse.Namespace) -> int:
    from async_patterns.distribute.package import UPLOAD_LIMIT_BYTES, package

    result = package(_skill_folder(args.skill), args.output, force=args.force)
    if args.format == "json":
        summary = {
            "folder": str(result.folder),
            "archive": str(result.archive),
            "files": result.files,
            "uncompressed_bytes": result.uncompressed_bytes,
            "archive_bytes": result.archive_bytes,
            "upload_limit_bytes": UPLOAD_LIMIT_BYTES,
        }
        print(json.dumps(summary, indent=2))
    else:
        print(f"{result.folder}/ ({result.files} files, {result.uncompressed_bytes:,} bytes uncompressed)")
        print(f"{result.archive} ({result.archive_bytes:,} bytes; upload limit {UPLOAD_LIMIT_BYTES:,} uncompressed)")
    if result.uncompressed_bytes > UPLOAD_LIMIT_BYTES:
        print("async-patterns: error: the skill exceeds the 30 MB upload limit", file=sys.stderr)
        return 1
    return 0


def _skill_folder(skill: Path | None) -> Path:
    from async_patterns.errors import UsageError
    from async_patterns.layout import bundled_skill_dir

    if skill is None:
        return bundled_skill_dir()
    if not skill.is_dir():
        raise UsageError(f"--skill {skill}: not a folder")
    return skill
