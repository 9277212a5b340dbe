"""AP0xx: a file that could not be checked. Reported whatever ``select`` says; ``ignore`` drops them."""

from __future__ import annotations

from ..registry import Rule, declare

CANNOT_PARSE = "AP000"
CANNOT_DECODE = "AP001"
CANNOT_READ = "AP002"
TOO_LARGE = "AP003"
INTERNAL_ERROR = "AP009"

declare(
    Rule(
        CANNOT_PARSE,
        "cannot-parse",
        summary="The file is not valid Python for the parser running the check.",
        why="No rule can look at a file that does not parse, so none of its bugs are reported.",
        fix="Fix the syntax error (or run the check with the interpreter the code targets).",
        versions="all",
    )
)
declare(
    Rule(
        CANNOT_DECODE,
        "cannot-decode",
        summary="The file is not valid UTF-8 (or not valid in the encoding its coding cookie declares).",
        why="Python refuses to import a file it cannot decode; no rule looked at it.",
        fix="Save the file as UTF-8, or declare its real encoding with a PEP 263 coding comment.",
        versions="all",
    )
)
declare(
    Rule(
        CANNOT_READ,
        "cannot-read",
        summary="A path could not be read: missing, unreadable, or not a regular file.",
        why="The file or folder was skipped, so the check did not cover it.",
        fix="Check the path and its permissions; FIFOs and devices are never read.",
        versions="all",
    )
)
declare(
    Rule(
        TOO_LARGE,
        "too-large",
        summary="The file is larger than 5 MB and was not checked.",
        why="Files this large are generated or data; reading them would stall an editor hook.",
        fix="Exclude the file (.gitignore or per-file-ignores), or split it.",
        versions="all",
        severity="warning",
    )
)
declare(
    Rule(
        INTERNAL_ERROR,
        "internal-error",
        summary="A rule crashed on this file; the other rules still ran.",
        why="The crashed rule's findings for this file are missing.",
        fix="Report the message and the smallest file that reproduces it.",
        versions="all",
    )
)
