"""The package's error tree: every exception it raises on purpose, under one root.

Library functions raise these; only the CLI (and the hooks) turn them into messages and exit
codes. Each subclass also inherits the builtin it refines, so callers that do not know this
package can still catch ``ValueError`` or ``FileExistsError``::

    AsyncPatternsError
    ├── UsageError (ValueError)             bad argument or option: exit 2
    ├── ManifestError (ValueError)          skill.yaml cannot be loaded or is invalid
    ├── ParameterError (ValueError)         a template parameter breaks its rule
    ├── TemplateNotFoundError (LookupError)
    ├── OutputExistsError (FileExistsError) refusing to overwrite without --force
    ├── ToolMissingError (RuntimeError)     a checker or interpreter is not installed
    ├── InstallError (ValueError)           an install cannot proceed as asked
    ├── TableError (ValueError)             a trigger vocabulary entry breaks the matcher's rules
    ├── EvalSetError (ValueError)           a labelled trigger corpus is malformed
    ├── HookInputError (ValueError)         a hook's stdin is not the payload it expects
    └── LocatedError (ValueError)           a file's content is wrong at a known line, with a stable code
        ├── YamlLoadError                   not acceptable YAML
        └── FrontmatterError                SKILL.md has no well-formed frontmatter

Standard library only: the hooks import this.
"""

from __future__ import annotations


class AsyncPatternsError(Exception):
    """Root of every error this package raises on purpose."""


class UsageError(AsyncPatternsError, ValueError):
    """A command-line argument or API argument is malformed."""


class ManifestError(AsyncPatternsError, ValueError):
    """skill.yaml could not be read, parsed or validated.

    Attributes:
        problems: every problem found, when there is more than one to tell.
    """

    def __init__(self, message: str, problems: list[object] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ParameterError(AsyncPatternsError, ValueError):
    """A template parameter value (from a flag, a params file or a default) is invalid."""


class TemplateNotFoundError(AsyncPatternsError, LookupError):
    """No template with the requested id is declared in the manifest."""


class OutputExistsError(AsyncPatternsError, FileExistsError):
    """A file would be overwritten and --force was not given."""


class ToolMissingError(AsyncPatternsError, RuntimeError):
    """An external checker or interpreter needed for verification is not installed."""


class InstallError(AsyncPatternsError, ValueError):
    """The install cannot proceed as asked (e.g. an existing settings.json is malformed)."""


class TableError(AsyncPatternsError, ValueError):
    """A trigger table or one of its signals is malformed; the message names the signal.

    Attributes:
        path: where the bad entry is in skill.yaml, e.g. ``("triggers", "signals", 3,
            "patterns", 1)``; empty when the table as a whole is wrong.
    """

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.path = path


class EvalSetError(AsyncPatternsError, ValueError):
    """An eval set cannot be read or a case in it is malformed; the message locates it."""


class HookInputError(AsyncPatternsError, ValueError):
    """A hook's stdin is not the payload it expects; the message is the diagnostic."""


class LocatedError(AsyncPatternsError, ValueError):
    """Wrong content at a known place: ``line`` is 1-based (0: the whole file), ``code`` is stable.

    ``file`` is empty when the text was not read from a file (the caller knows the name).
    """

    default_code = "invalid"

    def __init__(self, message: str, *, line: int = 0, code: str | None = None, file: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.code = code or self.default_code
        self.file = file


class YamlLoadError(LocatedError):
    """The text is not acceptable YAML."""

    default_code = "yaml-syntax"


class FrontmatterError(LocatedError):
    """SKILL.md has no well-formed frontmatter block."""

    default_code = "frontmatter"
