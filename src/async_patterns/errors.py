"""The package's error tree.

Library functions raise these; only the CLI turns them into messages and exit codes.
Each subclass also inherits the builtin it refines, so callers that do not know this
package can still catch ``ValueError`` or ``FileExistsError``::

    AsyncPatternsError
    ├── UsageError (ValueError)            bad argument or option: exit 2
    ├── ManifestError (ValueError)         skill.yaml cannot be loaded or is invalid
    ├── ParameterError (ValueError)        a template parameter breaks its rule
    ├── TemplateNotFoundError (LookupError)
    ├── OutputExistsError (FileExistsError) refusing to overwrite without --force
    └── ToolMissingError (RuntimeError)    a checker or interpreter is not installed
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
