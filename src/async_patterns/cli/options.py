"""Options that several commands share, so each is spelled and checked the same way everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_skill_option(parser: Any, what: str = "skill folder to read") -> None:
    """``--skill DIR`` on a command that reads a skill (default: the skill bundled with async-patterns)."""
    parser.add_argument("--skill", type=Path, metavar="DIR", help=f"{what} (default: the bundled skill)")
