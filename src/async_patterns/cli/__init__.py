"""The ``async-patterns`` command: a thin layer over the library.

Each command group lives in its own module (named in COMMAND_MODULES) with a
``register(subparsers)`` function that adds its parsers and sets ``handler``; handlers
return an exit code. This module only assembles the parser and maps the library's typed
errors to one-line messages and exit codes: 0 success, 1 invalid input or a failed
check, 2 usage error.

``async-patterns hook`` runs on every prompt a person sends, so its start-up is kept
close to the bare interpreter's: this module imports nothing heavy at the top, the
command modules (and argparse) are imported only when the parser is built, and ``main``
runs the bare ``hook`` command without building the parser at all. Heavy imports inside
command modules stay inside their handlers.
"""

from __future__ import annotations

import sys

from async_patterns.errors import AsyncPatternsError, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import NoReturn

# command-group modules of this package, in --help order; imported when the parser is built
COMMAND_MODULES = (
    "validate",
    "install",
    "new",
    "verify",
    "check",
    "match",
)
PROG = "async-patterns"


def build_parser() -> argparse.ArgumentParser:
    from importlib import import_module

    from async_patterns import __version__
    from async_patterns.cli.parser import Parser

    parser = Parser(prog=PROG, description="Generate, validate, match and verify correct asyncio code.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subparsers.required = True
    for name in COMMAND_MODULES:
        import_module(f"{__name__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["hook"]:  # the prompt hook: no parser, no command modules (see the module docstring)
        from async_patterns.hook import main as run_hook

        return run_hook()
    args = build_parser().parse_args(arguments)
    try:
        code: int = args.handler(args)
    except UsageError as exc:
        return _fail(str(exc), 2)
    except AsyncPatternsError as exc:
        return _fail(str(exc), 1)
    except BrokenPipeError:
        return _reader_gone()
    except OSError as exc:
        return _fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    return code


def _reader_gone() -> int:
    """The reader of stdout went away (``… | head``): say nothing, as other tools do.

    stdout is pointed at /dev/null so the interpreter's final flush cannot fail again.
    """
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def run() -> NoReturn:
    """Console-script entry point."""
    sys.exit(main())
