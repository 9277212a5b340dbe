"""``check``: find the asyncio bugs in any code, with the own rules and the project's gate set."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from async_patterns.errors import ToolMissingError, UsageError

FORMATS = ("text", "json", "sarif")
TARGETS = ("3.11", "3.12", "3.13", "3.14")


def register(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check",
        help="find asyncio bugs in Python files: own rules plus ruff, flake8-async and mypy",
        description=(
            "Check files and folders (default: .) for asyncio bugs, honouring .gitignore and skipping "
            "virtual environments and caches. Exit 0 when clean, 1 with findings, 2 on a usage error "
            "or a missing checker. Suppress a finding with '# noqa: CODE' on its line, or per project "
            "in [tool.async-patterns.check] of pyproject.toml (select, ignore, target-version, per-file-ignores)."
        ),
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: .)")
    check.add_argument("--format", choices=FORMATS, default="text", help="sarif: SARIF 2.1.0 for code scanning")
    check.add_argument("--select", type=_codes, default=(), metavar="CODES", help="only these codes or prefixes")
    check.add_argument("--ignore", type=_codes, default=(), metavar="CODES", help="never these codes or prefixes")
    check.add_argument("--target-version", choices=TARGETS, help="the oldest Python the code supports")
    check.add_argument(
        "--no-external", action="store_true", help="only the own rules: fast, and needs no checker installed"
    )
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE (atomically)")
    check.set_defaults(handler=run_check)


def _codes(text: str) -> tuple[str, ...]:
    codes = tuple(code.strip() for code in text.split(",") if code.strip())
    if not codes:
        raise argparse.ArgumentTypeError("give one or more codes, separated by commas")
    return codes


def run_check(args: argparse.Namespace) -> int:
    from async_patterns.check import check_paths
    from async_patterns.check.external import merge, require_tools, run_tools
    from async_patterns.check.report import format_json, format_sarif, format_text

    paths = args.paths or [Path()]
    own_select = tuple(code for code in args.select if code.startswith("AP"))
    own_ignore = tuple(code for code in args.ignore if code.startswith("AP"))
    if args.select and not own_select:
        own_select = ("AP0",)  # only other tools' codes asked for: the own rules stay quiet but diagnostics show
    result = check_paths(paths, select=own_select, ignore=own_ignore, target_version=args.target_version)
    findings = result.findings
    if not args.no_external:
        try:
            require_tools()
        except ToolMissingError as exc:
            print(f"async-patterns check: {exc} (or run with --no-external)", file=sys.stderr)
            return 2
        target = args.target_version or _configured_target(paths) or "3.11"
        external = run_tools(result.files, target_version=target, select=args.select)
        findings = merge(findings, [f for f in external if _wanted(f.code, args.select, args.ignore)])
    if args.format == "json":
        text = format_json(findings)
    elif args.format == "sarif":
        text = format_sarif(findings, base=Path.cwd())
    else:
        text = format_text(findings, files_checked=result.files_checked)
    _emit(text, args.output)
    return 1 if findings else 0


def _wanted(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """An external code passes the same select/ignore prefixes as the own ones."""
    if any(code.startswith(prefix) for prefix in ignore):
        return False
    other = [prefix for prefix in select if not prefix.startswith("AP")]
    return not select or any(code.startswith(prefix) for prefix in other) or code == "tool-error"


def _configured_target(paths: list[Path]) -> str | None:
    from async_patterns.check.config import load_config

    return load_config(paths[0]).target_version


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from async_patterns.fileio import write_text_atomic

    if output.is_dir():
        raise UsageError(f"--output {output}: is a folder; name a file")
    write_text_atomic(output, text if text.endswith("\n") else text + "\n")
