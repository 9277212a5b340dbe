"""The rule table: what each code means, and the function that finds it.

A rule module declares its rules with :func:`rule`, which records the metadata in
:data:`RULES` and the checker in :data:`CHECKERS`. Diagnostics (``AP0xx``: the file could
not be read, decoded or parsed) have metadata but no checker; the engine emits them.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from async_patterns.findings import Finding, Severity

    from .context import Context

    Checker = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule of ``check``.

    Attributes:
        code: stable identifier (``AP101``), used by select, ignore and ``# noqa``.
        name: kebab-case name (``cancellation-swallowed``).
        summary: one line: what the rule finds.
        why: one line: the consequence, for readers who do not know the rule.
        fix: one line: what to write instead.
        versions: the Python versions the rule applies to (``3.11+``).
        severity: the usual severity of its findings (a finding may be a warning when unsure).
        covered_by: what the standard linters already report of this bug class ("" if nothing).
    """

    code: str
    name: str
    summary: str
    why: str
    fix: str
    versions: str = "3.11+"
    severity: Severity = "error"
    covered_by: str = ""

    @property
    def diagnostic(self) -> bool:
        """Whether this code reports a file that could not be checked rather than a bug."""
        return self.code.startswith("AP0")


RULES: dict[str, Rule] = {}
CHECKERS: dict[str, Checker] = {}


def rule(
    code: str,
    name: str,
    *,
    summary: str,
    why: str,
    fix: str,
    versions: str = "3.11+",
    severity: Severity = "error",
    covered_by: str = "",
) -> Callable[[Checker], Checker]:
    """Register the decorated function as the checker of a new rule."""

    def register(check: Checker) -> Checker:
        declare(Rule(code, name, summary, why, fix, versions, severity, covered_by))
        CHECKERS[code] = check
        return check

    return register


def declare(entry: Rule) -> None:
    """Add ``entry`` to :data:`RULES`; a code is declared once."""
    if entry.code in RULES:
        raise RuntimeError(f"rule {entry.code} declared twice")
    RULES[entry.code] = entry
