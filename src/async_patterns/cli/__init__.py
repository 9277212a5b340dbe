"""The ``async-patterns`` command: a thin layer over the library.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its parsers and sets ``handler``; handlers return an exit code. This module only
assembles the parser and maps the library's typed errors to one-line messages and exit
codes: 0 success, 1 invalid input or a failed check, 2 usage error. Heavy imports stay
inside handlers so that ``async-patterns hook`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from .. import __version__
from ..errors import AsyncPatternsError, UsageError
from . import install, skill, templates, triggers, verify

COMMAND_MODULES = (
    skill,
    install,
    templates,
    verify,
    triggers,
)
PROG = "async-patterns"


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (no usage dump) and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Generate, validate, match and verify correct asyncio code.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.handler(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except AsyncPatternsError as exc:
        return _fail(str(exc), 1)
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    return code


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
