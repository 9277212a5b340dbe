#!/usr/bin/env python3
"""Verify the templates of the skill folder this script sits in, from an installed skill.

``python <skill>/scripts/verify.py [TEMPLATE ...] [--python auto|3.11,3.12|PATH ...] [--jobs N]
[--format json] [--keep DIR]`` does what ``async-patterns verify --skill <skill>`` does: every
template rendered with its defaults and a covering set of parameters, compiled, linted (ruff,
flake8-async), type-checked (mypy --strict) and its generated tests run under
``python -X dev -W error``. Exit 0 only when everything passes. The checking itself lives in
the ``async-patterns`` package; without it this prints a one-line install hint and exits 2.
"""

import sys
from pathlib import Path

INSTALL_HINT = "verify.py: error: the async-patterns package is not installed; run: pip install 'async-patterns[check]'"


def main(argv: list[str]) -> int:
    try:
        from async_patterns.cli import main as run_cli
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    skill_dir = Path(__file__).resolve().parent.parent
    if "--skill" not in argv:
        argv = ["--skill", str(skill_dir), *argv]
    return run_cli(["verify", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
