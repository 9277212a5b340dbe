"""One located finding, whoever found it: the skill validator, a code checker or ``check``'s own rules.

Every reporter (text, JSON, SARIF, the hooks) prints this one type, so a finding keeps its
location, code and advice however it travels.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """A located finding.

    Attributes:
        file: path as given to the check (relative to the checked folder where possible).
        line: 1-based line, or 0 when the finding concerns the whole file.
        path: where inside the file, e.g. ``templates[2].parameters.timeout.default`` ("" for code).
        code: stable identifier, for filtering and suppression (``broken-link``, ``ASYNC251``, ``APC101``).
        severity: errors fail the check; warnings do not.
        message: one line, saying what is wrong.
        column: 1-based column, or 0 when unknown.
        tool: who reported it for code findings (``ruff``, ``mypy``, ``async-patterns``); "" for skill files.
        why: one line on the consequence, for readers who do not know the rule.
        fix: one line on what to write instead.
    """

    file: str
    line: int
    path: str
    code: str
    severity: Severity
    message: str
    column: int = 0
    tool: str = ""
    why: str = ""
    fix: str = ""

    def format(self) -> str:
        """One line: ``file:line[:col]: CODE message [tool]`` for code, ``file:line: where: message [code]`` else."""
        location = f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")
        prefix = "" if self.severity == "error" else "warning: "
        message = " ".join(self.message.splitlines())
        if self.tool:
            return f"{location}: {self.code} {prefix}{message} [{self.tool}]"
        return f"{location}: {self.path or '-'}: {prefix}{message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        """The JSON shape every ``--format json`` prints; the optional fields only when known."""
        data = asdict(self)
        return {key: value for key, value in data.items() if key in _ALWAYS or value}


def code_finding(tool: str, code: str, file: str, line: int, message: str, column: int = 0) -> Finding:
    """A finding an external checker (or a test run) reported about code."""
    return Finding(file, line, "", code, "error", message, column=column, tool=tool)


_ALWAYS = frozenset({"file", "line", "path", "code", "severity", "message"})

# The name the public API has always exported for a skill-validation finding.
Problem = Finding


def has_errors(findings: list[Finding]) -> bool:
    """Whether any finding is an error (warnings alone leave a skill valid)."""
    return any(f.severity == "error" for f in findings)
