"""Every rule of ``check``, registered on import: :data:`RULES` maps a code to its :class:`Rule`.

One module per concern; each declares its rules with ``registry.rule`` (``flow`` holds shared
control-flow helpers and declares none):

- ``diagnostics``: AP0xx, a file that could not be read, decoded or parsed;
- ``cancellation``: AP101, AP113, AP114 (cancellation swallowed);
- ``tasks``: AP102 (task results misread);
- ``shutdown``: AP117 (cancelled tasks never awaited);
- ``exceptions``: AP103, AP104, AP105 (an except clause that cannot see what it means to catch);
- ``http``: AP106, AP107, AP111 (aiohttp and httpx clients);
- ``concurrency``: AP108, AP115 (fan-out limits, waiting);
- ``locks``: AP112 (a lock a cancellation can leave held);
- ``generators``: AP118;
- ``loop``: AP109, AP110, AP116, AP119 (running the event loop, deprecated APIs).
"""

from __future__ import annotations

from ..registry import CHECKERS, RULES, Rule
from . import cancellation, concurrency, diagnostics, exceptions, generators, http, locks, loop, shutdown, tasks

__all__ = ["CHECKERS", "RULES", "Rule"]
_MODULES = (diagnostics, cancellation, tasks, shutdown, exceptions, http, concurrency, locks, generators, loop)

# Registration follows module order; readers (SARIF, docs, --list) want code order.
_ORDERED = dict(sorted(RULES.items()))
RULES.clear()
RULES.update(_ORDERED)
