"""``verify``: run every gate on every scaffold the skill can generate, and say what failed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from async_patterns.verify import CaseResult, CheckResult, Report, VerifyOptions

MAX_FINDINGS_SHOWN = 8


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="prove every template renders, compiles, lints, type-checks and passes its tests",
        description=(
            "Render each template with its defaults and a covering set of parameter values, then run "
            "compile, ruff, ruff format, flake8-async, mypy --strict and the generated tests "
            "(python -X dev -W error) on every Python >= 3.11 found. Exit 0 only when everything passes."
        ),
    )
    parser.add_argument("templates", nargs="*", metavar="TEMPLATE", help="template ids (default: all)")
    parser.add_argument(
        "--python",
        nargs="+",
        default=["auto"],
        metavar="SPEC",
        help=(
            "'auto' (default: the Pythons found on PATH, in pyenv and /usr/bin that can run generated tests; "
            "the others are named in a note), versions such as 3.11,3.12, or interpreter paths, used even when "
            "they cannot (put TEMPLATEs before this option)"
        ),
    )
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="cases run in parallel (default: cores)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep each case's folder under DIR (new or empty)")
    parser.add_argument("--skill", type=Path, metavar="DIR", help="skill folder to verify (default: the bundled skill)")
    parser.add_argument(
        "--test-timeout", type=float, default=10.0, metavar="S", help="seconds before a generated test counts as hung"
    )
    parser.add_argument("--mypy-cache", type=Path, metavar="DIR", help="mypy cache kept between runs")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.set_defaults(handler=run_verify)


def options_from_args(args: argparse.Namespace) -> VerifyOptions:
    """The library's options from parsed arguments (``VerifyOptions`` refuses bad values)."""
    from async_patterns.verify import VerifyOptions

    return VerifyOptions(
        templates=tuple(args.templates),
        skill_dir=args.skill,
        python=tuple(args.python),
        jobs=args.jobs,
        keep=args.keep,
        test_timeout=args.test_timeout,
        mypy_cache=args.mypy_cache,
    )


def run_verify(args: argparse.Namespace) -> int:
    from async_patterns.verify import verify

    options = options_from_args(args)
    report = verify(options, progress=None if args.quiet else _progress)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(format_report(report))
    return 0 if report.ok else 1


def _progress(result: CaseResult, done: int, total: int) -> None:
    failed = ", ".join(_name(c) for c in result.failures())
    verdict = "ok" if result.ok else f"FAIL ({failed})"
    print(
        f"[{done}/{total}] {result.case.template} ({result.case.label}): {verdict} in {result.seconds:.1f} s",
        file=sys.stderr,
        flush=True,
    )


def format_report(report: Report) -> str:
    """The template × check table, then every failure with its findings, then the verdict."""
    from async_patterns.verify import CHECKS

    templates = list(dict.fromkeys(c.case.template for c in report.cases))
    header = ["template", "cases", *CHECKS]
    rows = [header]
    for template in templates:
        cases = [c for c in report.cases if c.case.template == template]
        rows.append(
            [
                template,
                str(len(cases)),
                *(_cell([r for c in cases for r in c.checks if r.check == check]) for check in CHECKS),
            ]
        )
    totals = report.check_seconds()
    rows.append(["time (sum)", str(len(report.cases)), *(f"{totals[check]:.1f}s" for check in CHECKS)])
    lines = _table(rows)
    lines += _failures(report.cases)
    pythons = ", ".join(f"{i.version} ({i.executable})" for i in report.interpreters) or "none"
    lines.append(f"Pythons: {pythons}")
    lines += _target_lines(report.targets())
    lines += [f"note: {note}" for note in report.notes]
    lines += [f"problem: {problem}" for problem in report.problems]
    failed = sum(not c.ok for c in report.cases)
    verdict = "PASS" if report.ok else "FAIL"
    lines.append(
        f"{verdict}: {len(report.cases)} cases, {failed} failed, in {report.seconds:.1f} s with {report.jobs} jobs"
    )
    return "\n".join(lines)


def _target_lines(targets: dict[str, str]) -> list[str]:
    """Which target versions ran and which were only checked statically: no figure claims a run that did not happen."""
    ran = [version for version, how in targets.items() if how == "run"]
    static = [version for version, how in targets.items() if how == "static"]
    lines = [f"Targets run (compile and tests on that interpreter, plus static checks): {', '.join(ran) or 'none'}"]
    for version in static:
        lines.append(
            f"Target {version}: static checks only (mypy --strict --python-version {version}, "
            f"ruff --target-version py{version.replace('.', '')}); no {version} interpreter in this run, so no test ran on it"
        )
    return lines


def _cell(results: Sequence[CheckResult]) -> str:
    if not results:
        return "-"
    seconds = sum(r.seconds for r in results)
    statuses = {r.status for r in results}
    if "error" in statuses:
        word = "ERROR"
    elif "fail" in statuses:
        word = "FAIL"
    elif statuses == {"skip"}:
        return "skip"
    else:
        word = "pass"
    return f"{word} {seconds:.1f}s"


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]


def _failures(cases: Sequence[CaseResult]) -> list[str]:
    lines = []
    for case in cases:
        for check in case.failures():
            where = f"  [{case.folder}]" if Path(case.folder).exists() else ""
            lines.append(f"\n{case.case.template} ({case.case.label}) {_name(check)}: {check.status}{where}")
            lines += [f"  {finding.format()}" for finding in check.findings[:MAX_FINDINGS_SHOWN]]
            if len(check.findings) > MAX_FINDINGS_SHOWN:
                lines.append(f"  … and {len(check.findings) - MAX_FINDINGS_SHOWN} more")
            if check.detail and (check.status == "error" or not check.findings):
                lines += [f"  {line}" for line in check.detail.strip().splitlines()[-12:]]
    if lines:
        lines.append("")
    return lines


def _name(check: CheckResult) -> str:
    return f"{check.check} {check.target}".strip()
