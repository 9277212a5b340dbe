"""One finding of a check, located in a file, in the shape every reporter prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """A located finding.

    Attributes:
        file: path as given to the check (relative to the skill folder where possible).
        line: 1-based line, or 0 when the problem concerns the whole file.
        path: where inside the file, e.g. ``templates[2].parameters.timeout.default``.
        code: stable kebab-case identifier, for filtering and tests.
        severity: errors make the skill invalid; warnings do not.
        message: one line, saying what is wrong and, where possible, what to do.
    """

    file: str
    line: int
    path: str
    code: str
    severity: Severity
    message: str

    def format(self) -> str:
        """``file:line: where: message [code]`` on one line, whatever the message holds."""
        where = self.path or "-"
        prefix = "" if self.severity == "error" else "warning: "
        message = " ".join(self.message.splitlines())
        return f"{self.file}:{self.line}: {where}: {prefix}{message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        """The JSON shape ``validate --format json`` prints: file, line, path, code, severity, message."""
        return asdict(self)


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error (warnings alone leave a skill valid)."""
    return any(p.severity == "error" for p in problems)
