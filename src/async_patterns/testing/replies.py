"""What a test scripts (``Reply``) and what the server records (``RecordedRequest``)."""

from __future__ import annotations

import email.utils
import json as jsonlib
import math
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web
from multidict import CIMultiDictProxy, MultiDictProxy

from async_patterns.errors import UsageError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_Kind = Literal["body", "hang", "reset", "abort_mid_body", "drip"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it; ``at`` is ``time.monotonic()`` on arrival."""

    method: str
    path: str
    query: MultiDictProxy[str]
    headers: CIMultiDictProxy[str]
    body: bytes
    at: float


@dataclass(frozen=True)
class Reply:
    """One scripted step; build it with the class methods, not the constructor."""

    kind: _Kind
    times: int = 1
    code: int = 200
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    chunks: tuple[bytes, ...] = ()
    interval: float = 0.0

    def __post_init__(self) -> None:
        if not _is_int(self.times, 1, 1_000_000_000):
            raise UsageError(f"Reply times must be an int >= 1, got {self.times!r}")
        if not _is_int(self.code, 100, 599):
            raise UsageError(f"Reply status must be an HTTP status code 100..599, got {self.code!r}")
        for name, value in (("delay", self.delay), ("interval", self.interval)):
            if not _is_seconds(value):
                raise UsageError(f"Reply {name} must be a finite number of seconds >= 0, got {value!r}")

    @classmethod
    def json(
        cls,
        data: Any,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> Reply:
        """``data`` as ``application/json``, after ``delay`` seconds."""
        return cls(
            "body",
            times,
            status,
            _json_bytes(data),
            "application/json",
            _header_pairs(headers),
            delay,
        )

    @classmethod
    def text(
        cls,
        body: str,
        status: int = 200,
        content_type: str = "text/plain",
        headers: Mapping[str, str] | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> Reply:
        """``body`` as UTF-8 text with the given content type, after ``delay`` seconds."""
        return cls("body", times, status, body.encode(), content_type, _header_pairs(headers), delay)

    @classmethod
    def status(
        cls,
        code: int,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
    ) -> Reply:
        """A bare status code (``503``, ``404`` …), with a JSON body when ``json`` is given."""
        if json is None:
            return cls("body", times, code, headers=_header_pairs(headers))
        return cls("body", times, code, _json_bytes(json), "application/json", _header_pairs(headers))

    @classmethod
    def retry_after(cls, seconds: float, as_http_date: bool = False, status: int = 429, times: int = 1) -> Reply:
        """A 429 (or ``status``) with ``Retry-After`` as delay-seconds or as an HTTP date.

        An HTTP date has one-second resolution; it is rounded up, so a client that honours
        it waits at least ``seconds`` (and under ``seconds + 1``).
        """
        if not _is_seconds(seconds):
            raise UsageError(f"Reply.retry_after seconds must be a finite number >= 0, got {seconds!r}")
        if as_http_date:
            value = email.utils.formatdate(math.ceil(time.time() + seconds), usegmt=True)
        elif float(seconds).is_integer():
            value = str(int(seconds))
        else:
            value = repr(float(seconds))
        return cls("body", times, status, headers=(("Retry-After", value),))

    @classmethod
    def hang(cls, times: int = 1) -> Reply:
        """Never answer; the connection is dropped when the server closes.

        Let the client's timeout fire: that is what this step is for.
        """
        return cls("hang", times)

    @classmethod
    def reset(cls, times: int = 1) -> Reply:
        """Reset the connection (TCP RST) without sending any response.

        aiohttp (3.14) silently retries an idempotent request (GET, HEAD, PUT, DELETE …)
        once when the connection drops; use ``times=2`` to make such a request fail.
        """
        return cls("reset", times)

    @classmethod
    def abort_mid_body(cls, body: bytes = b'{"partial": "response', times: int = 1) -> Reply:
        """Declare twice ``len(body)`` as Content-Length, send ``body``, then drop the connection."""
        if not body:
            raise UsageError("Reply.abort_mid_body needs a non-empty body")
        return cls("abort_mid_body", times, body=body, content_type="application/json")

    @classmethod
    def truncated(cls, data: Any, times: int = 1) -> Reply:
        """The first half of ``data``'s JSON, with a Content-Length that matches what is sent."""
        encoded = _json_bytes(data)
        return cls("body", times, body=encoded[: max(1, len(encoded) // 2)], content_type="application/json")

    @classmethod
    def malformed_json(cls, times: int = 1) -> Reply:
        """A body labelled ``application/json`` that is not JSON."""
        return cls("body", times, body=b'{"items": [1, 2,', content_type="application/json")

    @classmethod
    def wrong_content_type(cls, data: Any, times: int = 1) -> Reply:
        """Valid JSON bytes labelled ``text/html``."""
        return cls("body", times, body=_json_bytes(data), content_type="text/html")

    @classmethod
    def drip(
        cls,
        chunks: Iterable[bytes | str],
        interval: float,
        content_type: str = "application/octet-stream",
        times: int = 1,
    ) -> Reply:
        """Send headers at once, then one chunk every ``interval`` seconds (a slow body)."""
        encoded = tuple(c.encode() if isinstance(c, str) else bytes(c) for c in chunks)
        if not encoded:
            raise UsageError("Reply.drip needs at least one chunk")
        return cls("drip", times, content_type=content_type, chunks=encoded, interval=interval)


def _is_int(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_seconds(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def check_path(path: object) -> str:
    if not isinstance(path, str) or not path.startswith("/"):
        raise UsageError(f"path must be a string starting with '/', got {path!r}")
    return path


def _json_bytes(data: Any) -> bytes:
    try:
        return jsonlib.dumps(data).encode()
    except (TypeError, ValueError) as exc:
        raise UsageError(f"Reply data is not JSON-serialisable: {exc}") from exc


def _header_pairs(headers: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple((headers or {}).items())
