"""A misbehaving HTTP server for tests: real sockets, scripted faults, no mocks.

Generated tests and ``verify`` need a server that fails the way real ones do (slow, hung,
reset, cut short, lying about content) and does so deterministically. ``FaultServer`` is an
aiohttp web server on 127.0.0.1 with an ephemeral port, scripted per path::

    async with FaultServer() as server:
        server.script("/flaky", Reply.status(503, times=2), Reply.json({"ok": True}))
        ...  # 503, 503, then 200 forever (the last step repeats)
        assert server.hits("/flaky") == 3

The server runs its own event loop in a background thread. That is deliberate: the code
under test can compare ``asyncio.all_tasks()`` before and after, and run with asyncio debug
mode's slow-callback detection, without ever seeing the server's own connection tasks or
being slowed by them. Custom handlers (``handle``) therefore run on the server's loop and
must not share asyncio objects with the test's loop.

Closing the server releases every hung or delayed reply at once (their connections are
dropped), so a test never waits for a ``Reply.hang()`` it has already given up on.
"""

from __future__ import annotations

try:
    import aiohttp  # noqa: F401  (the server is built on it; say how to get it rather than fail deep inside)
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "async_patterns.testing needs aiohttp; install it with: pip install 'async-patterns[testing]'"
    ) from exc

from async_patterns.testing.replies import Handler, RecordedRequest, Reply
from async_patterns.testing.server import FaultServer

__all__ = ["FaultServer", "Handler", "RecordedRequest", "Reply"]
