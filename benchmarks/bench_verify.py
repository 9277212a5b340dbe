"""How long the full ``verify`` matrix takes, per check, against the time the same cases take one after another.

Usage: ``python benchmarks/bench_verify.py [verify options …]``, for example
``python benchmarks/bench_verify.py --python .venv-3.11/bin/python .venv-3.12/bin/python .venv-3.13/bin/python``.

The baseline is measured in the same run: the sum of every case's own duration, which is
what a sequential run (``--jobs 1``) would cost. The table shows the wall time, that sum,
their ratio (the speed-up from ``--jobs``), the time spent in each check summed over all
cases, and the machine's load average, because other work on the machine changes all of it.
"""

from __future__ import annotations

import os
import sys
import time

from async_patterns.cli import build_parser
from async_patterns.cli.verify import options_from_args
from async_patterns.verify import CHECKS, verify


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(["verify", *argv])
    options = options_from_args(args)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    report = verify(options)
    wall = time.perf_counter() - started
    sequential = sum(case.seconds for case in report.cases)
    per_check = report.check_seconds()
    rows = [
        ("cases", f"{len(report.cases)}"),
        ("jobs", f"{report.jobs}"),
        ("Pythons", ", ".join(i.version for i in report.interpreters)),
        ("wall time", f"{wall:.1f} s"),
        ("sum of case times (sequential baseline)", f"{sequential:.1f} s"),
        ("speed-up (baseline / wall)", f"{sequential / wall:.2f}x"),
        *((f"  {check} (sum over cases)", f"{per_check[check]:.1f} s") for check in CHECKS),
        ("load average before / after", f"{load_before:.1f} / {os.getloadavg()[0]:.1f}"),
        ("verdict", "pass" if report.ok else "FAIL"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    for case in report.cases:
        if not case.ok:
            failed = ", ".join(f"{c.check} {c.target}".strip() for c in case.failures())
            print(f"failed: {case.case.template} ({case.case.label}): {failed}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
