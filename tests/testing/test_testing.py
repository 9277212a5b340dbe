"""The fault-injection server: each scripted behaviour, seen through real aiohttp and httpx clients."""

from __future__ import annotations

import asyncio
import email.utils
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import pytest
import pytest_asyncio
from aiohttp import web

from async_patterns.errors import UsageError
from async_patterns.testing import FaultServer, Reply

pytestmark = pytest.mark.asyncio

FAST = aiohttp.ClientTimeout(total=2)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FaultServer]:
    async with FaultServer() as running:
        yield running


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=FAST) as client:
        yield client


async def _get(session: aiohttp.ClientSession, url: str) -> tuple[int, bytes, aiohttp.ClientResponse]:
    async with session.get(url) as response:
        return response.status, await response.read(), response


async def test_base_url_is_loopback_with_an_ephemeral_port(server: FaultServer) -> None:
    """base_url is http://127.0.0.1:PORT with a real port, and url() appends the path."""
    host, port = server.base_url.removeprefix("http://").split(":")
    assert host == "127.0.0.1"
    assert 0 < int(port) < 65536
    assert server.url("/items?a=1") == server.base_url + "/items?a=1"


async def test_base_url_before_start_is_an_error() -> None:
    """Asking for the URL of a server that is not running raises instead of returning a dead address."""
    with pytest.raises(RuntimeError, match="not running"):
        _ = FaultServer().base_url


async def test_json_reply_repeats_forever(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """A single JSON step answers every request with the same body and content type."""
    server.script("/items", Reply.json({"a": 1}, headers={"X-Trace": "t1"}))
    for _ in range(3):
        async with session.get(server.url("/items")) as response:
            assert response.status == 200
            assert response.content_type == "application/json"
            assert response.headers["X-Trace"] == "t1"
            assert await response.json() == {"a": 1}
    assert server.hits("/items") == 3


async def test_steps_run_in_order_and_the_last_repeats(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """times=N repeats a step N times before the next; the last step repeats forever."""
    server.script("/flaky", Reply.status(503, times=2), Reply.json({"ok": True}))
    statuses = [(await _get(session, server.url("/flaky")))[0] for _ in range(5)]
    assert statuses == [503, 503, 200, 200, 200]
    assert server.hits("/flaky") == 5


async def test_concurrent_requests_take_consecutive_steps(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """Steps are assigned on arrival, so concurrent requests each get a different step."""
    server.script("/c", Reply.status(500), Reply.status(502), Reply.status(200))
    results = await asyncio.gather(*(_get(session, server.url("/c")) for _ in range(3)))
    assert sorted(status for status, _, _ in results) == [200, 500, 502]


async def test_rescripting_a_path_starts_from_its_first_step(
    server: FaultServer, session: aiohttp.ClientSession
) -> None:
    """script() on a path again replaces the script and restarts it; the request log is kept."""
    server.script("/r", Reply.status(503), Reply.status(200))
    assert (await _get(session, server.url("/r")))[0] == 503
    server.script("/r", Reply.status(404), Reply.status(201))
    assert [(await _get(session, server.url("/r")))[0] for _ in range(2)] == [404, 201]
    assert server.hits("/r") == 3


async def test_text_reply_has_its_content_type_status_and_headers(
    server: FaultServer, session: aiohttp.ClientSession
) -> None:
    """Reply.text sends the body with the given status, content type and extra headers."""
    server.script("/t", Reply.text("<p>hi</p>", status=201, content_type="text/html", headers={"X-A": "b"}))
    async with session.get(server.url("/t")) as response:
        assert (response.status, response.content_type, response.headers["X-A"]) == (201, "text/html", "b")
        assert await response.text() == "<p>hi</p>"


async def test_status_reply_with_and_without_json(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """Reply.status sends a bare status, or a JSON error body when json= is given."""
    server.script("/bare", Reply.status(404))
    server.script("/body", Reply.status(422, json={"error": "bad"}, headers={"X-Why": "field"}))
    status, body, _ = await _get(session, server.url("/bare"))
    assert (status, body) == (404, b"")
    async with session.get(server.url("/body")) as response:
        assert (response.status, response.headers["X-Why"]) == (422, "field")
        assert await response.json() == {"error": "bad"}


@pytest.mark.parametrize(("seconds", "header"), [(2, "2"), (0.25, "0.25"), (3.0, "3")])
async def test_retry_after_in_seconds(
    server: FaultServer, session: aiohttp.ClientSession, seconds: float, header: str
) -> None:
    """Reply.retry_after sends 429 with Retry-After as delay-seconds."""
    server.script("/limited", Reply.retry_after(seconds))
    async with session.get(server.url("/limited")) as response:
        assert response.status == 429
        assert response.headers["Retry-After"] == header


async def test_retry_after_as_http_date(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """With as_http_date, Retry-After is an HTTP date at least `seconds` ahead, under seconds + 1 (+ slack)."""
    server.script("/limited", Reply.retry_after(5, as_http_date=True, status=503))
    async with session.get(server.url("/limited")) as response:
        assert response.status == 503
        when = email.utils.parsedate_to_datetime(response.headers["Retry-After"]).timestamp()
    assert 5 - 0.5 <= when - time.time() <= 6.0


async def test_delay_holds_the_reply(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """delay= postpones the reply, long enough for a client timeout shorter than it to fire."""
    server.script("/slow", Reply.json({"late": True}, delay=0.3))
    started = time.monotonic()
    status, _, _ = await _get(session, server.url("/slow"))
    assert status == 200
    assert time.monotonic() - started >= 0.3
    with pytest.raises(asyncio.TimeoutError):
        async with session.get(server.url("/slow"), timeout=aiohttp.ClientTimeout(total=0.1)) as response:
            await response.read()


async def test_hang_never_answers_and_close_releases_it(session: aiohttp.ClientSession) -> None:
    """A hung request gets no reply; closing the server drops it at once instead of waiting."""
    async with FaultServer() as server:
        server.script("/hang", Reply.hang())
        with pytest.raises(asyncio.TimeoutError):
            async with session.get(server.url("/hang"), timeout=aiohttp.ClientTimeout(total=0.2)) as response:
                await response.read()
        pending = asyncio.create_task(_get(session, server.url("/hang")))
        await server.wait_for_hits("/hang", 2)
        started = time.monotonic()
    closed_in = time.monotonic() - started
    with pytest.raises(aiohttp.ClientConnectionError):  # dropped (aiohttp may retry once, and then find it closed)
        await pending
    assert closed_in < 0.5


async def test_close_is_prompt_with_a_slow_custom_handler(session: aiohttp.ClientSession) -> None:
    """A custom handler that never finishes is cancelled after a short grace period when the server closes."""

    async def forever(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(3600)
        return web.Response()

    async with FaultServer() as server:
        server.handle("/forever", forever)
        pending = asyncio.create_task(_get(session, server.url("/forever")))
        await server.wait_for_hits("/forever")
        started = time.monotonic()
    closed_in = time.monotonic() - started
    with pytest.raises(aiohttp.ClientConnectionError):
        await pending
    assert closed_in < 1.0


async def test_close_is_prompt_with_delays_and_drips_in_flight(session: aiohttp.ClientSession) -> None:
    """Long delays and slow drips in progress are dropped as soon as the server closes."""
    async with FaultServer() as server:
        server.script("/late", Reply.json({}, delay=60))
        server.script("/drip", Reply.drip([b"a", b"b"], interval=60))
        pending = [asyncio.create_task(_get(session, server.url(p))) for p in ("/late", "/drip")]
        await server.wait_for_hits(count=2)
        await asyncio.sleep(0.05)
        started = time.monotonic()
    closed_in = time.monotonic() - started
    outcomes = await asyncio.gather(*pending, return_exceptions=True)
    assert all(isinstance(o, aiohttp.ClientError) for o in outcomes), outcomes
    assert closed_in < 0.5


async def test_reset_is_a_connection_error_for_aiohttp(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """Reply.reset drops the connection unanswered: aiohttp retries a GET once by itself, then raises."""
    server.script("/reset", Reply.reset(times=2), Reply.json({"ok": 1}))
    with pytest.raises(aiohttp.ClientConnectionError):
        await _get(session, server.url("/reset"))
    assert server.hits("/reset") == 2
    assert (await _get(session, server.url("/reset")))[0] == 200
    server.script("/reset-post", Reply.reset())
    with pytest.raises(aiohttp.ClientConnectionError):
        await session.post(server.url("/reset-post"), json={})
    assert server.hits("/reset-post") == 1


async def test_reset_is_a_transport_error_for_httpx(server: FaultServer) -> None:
    """Reply.reset surfaces in httpx as a TransportError (not an HTTP status)."""
    server.script("/reset", Reply.reset())
    async with httpx.AsyncClient(timeout=2) as client:
        with pytest.raises(httpx.TransportError):
            await client.get(server.url("/reset"))


async def test_abort_mid_body(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """abort_mid_body sends headers and part of a longer declared body, then drops the connection."""
    server.script("/abort", Reply.abort_mid_body(b"0123456789"))
    async with session.get(server.url("/abort")) as response:
        assert response.status == 200
        assert response.content_length == 20
        with pytest.raises(aiohttp.ClientPayloadError):
            await response.read()
    async with httpx.AsyncClient(timeout=2) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(server.url("/abort"))


async def test_truncated_json_has_a_matching_length(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """truncated() sends half of the JSON with a Content-Length that matches, so only decoding fails."""
    data = {"items": list(range(20))}
    server.script("/cut", Reply.truncated(data))
    async with session.get(server.url("/cut")) as response:
        body = await response.read()
        assert response.content_length == len(body)
        assert json.dumps(data).encode().startswith(body)
        assert len(body) < len(json.dumps(data))
        with pytest.raises(json.JSONDecodeError):
            await response.json()


async def test_malformed_json(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """malformed_json() is labelled application/json but does not decode."""
    server.script("/bad", Reply.malformed_json())
    async with session.get(server.url("/bad")) as response:
        assert response.content_type == "application/json"
        with pytest.raises(json.JSONDecodeError):
            await response.json()
    async with httpx.AsyncClient(timeout=2) as client:
        with pytest.raises(json.JSONDecodeError):
            (await client.get(server.url("/bad"))).json()


async def test_wrong_content_type(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """wrong_content_type() sends valid JSON as text/html, which aiohttp's json() refuses."""
    server.script("/html", Reply.wrong_content_type({"a": 1}))
    async with session.get(server.url("/html")) as response:
        assert response.content_type == "text/html"
        with pytest.raises(aiohttp.ContentTypeError):
            await response.json()
        assert json.loads(await response.read()) == {"a": 1}


async def test_drip_sends_chunks_slowly(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """drip() sends every chunk, interval seconds apart, with the full Content-Length declared up front."""
    server.script("/drip", Reply.drip([b"ab", "cd", b"ef"], interval=0.1, content_type="text/plain"))
    started = time.monotonic()
    async with session.get(server.url("/drip")) as response:
        assert response.content_length == 6
        assert await response.read() == b"abcdef"
    assert time.monotonic() - started >= 0.2


async def test_drip_trips_a_read_timeout(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """A drip slower than the client's sock_read timeout makes the read time out."""
    server.script("/drip", Reply.drip([b"a", b"b"], interval=1.0))
    timeout = aiohttp.ClientTimeout(total=2, sock_read=0.2)
    with pytest.raises(asyncio.TimeoutError):
        async with session.get(server.url("/drip"), timeout=timeout) as response:
            await response.read()


async def test_custom_handler_and_request_log(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """handle() serves a path with a custom handler; every request is recorded with its details."""

    async def page(request: web.Request) -> web.StreamResponse:
        return web.json_response({"page": int(request.query.get("page", "1"))})

    server.handle("/pages", page)
    before = time.monotonic()
    async with session.post(
        server.url("/pages?page=2&page=3"), data=b"payload", headers={"Authorization": "Bearer t"}
    ) as response:
        assert await response.json() == {"page": 2}
    (recorded,) = server.requests("/pages")
    assert (recorded.method, recorded.path, recorded.body) == ("POST", "/pages", b"payload")
    assert recorded.query.getall("page") == ["2", "3"]
    assert recorded.headers["authorization"] == "Bearer t"
    assert before <= recorded.at <= time.monotonic()


async def test_server_loop_is_never_in_debug_mode(server: FaultServer, session: aiohttp.ClientSession) -> None:
    """The server's own loop runs without debug mode, so its slow callbacks are never blamed on the test."""

    async def debug(request: web.Request) -> web.StreamResponse:
        return web.json_response({"debug": asyncio.get_running_loop().get_debug()})

    server.handle("/debug", debug)
    asyncio.get_running_loop().set_debug(True)
    async with session.get(server.url("/debug")) as response:
        assert await response.json() == {"debug": False}


async def test_unscripted_paths_answer_404_and_are_recorded(
    server: FaultServer, session: aiohttp.ClientSession
) -> None:
    """A path with no script gets a JSON 404 naming it, and still counts as a hit."""
    async with session.get(server.url("/nowhere")) as response:
        assert response.status == 404
        assert await response.json() == {"error": "no script for this path", "path": "/nowhere"}
    assert server.hits("/nowhere") == 1
    assert server.hits() == 1
    assert [r.path for r in server.requests()] == ["/nowhere"]


async def test_wait_for_hits_returns_on_arrival_or_times_out(
    server: FaultServer, session: aiohttp.ClientSession
) -> None:
    """wait_for_hits wakes when the request arrives, and raises TimeoutError naming the path when none does."""
    server.script("/hang", Reply.hang())
    pending = asyncio.create_task(_get(session, server.url("/hang")))
    async with asyncio.timeout(1):
        await server.wait_for_hits("/hang")
    pending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await pending
    with pytest.raises(TimeoutError, match="/other got 0 of 1 requests"):
        await server.wait_for_hits("/other", within=0.05)


async def test_server_tasks_are_invisible_to_the_test_loop(session: aiohttp.ClientSession) -> None:
    """The server runs on its own thread and loop: the test loop sees no extra tasks, and no thread outlives it."""
    tasks_before = asyncio.all_tasks()
    threads_before = threading.active_count()
    async with FaultServer() as server:
        server.script("/hang", Reply.hang())
        with pytest.raises(asyncio.TimeoutError):
            await session.get(server.url("/hang"), timeout=aiohttp.ClientTimeout(total=0.1))
        assert asyncio.all_tasks() == tasks_before
    assert asyncio.all_tasks() == tasks_before
    assert threading.active_count() == threads_before


async def test_cancelled_start_leaves_no_thread() -> None:
    """Cancelling `async with FaultServer()` while it starts still stops the server thread."""
    threads_before = threading.active_count()

    async def enter() -> None:
        async with FaultServer():
            await asyncio.sleep(3600)

    task = asyncio.create_task(enter())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert threading.active_count() == threads_before


INVALID_REPLIES: list[tuple[str, Any]] = [
    ("times", lambda: Reply.json({}, times=0)),
    ("times", lambda: Reply.hang(times=True)),
    ("status", lambda: Reply.status(99)),
    ("status", lambda: Reply.status(600)),
    ("delay", lambda: Reply.json({}, delay=-1)),
    ("delay", lambda: Reply.text("x", delay=float("nan"))),
    ("seconds", lambda: Reply.retry_after(-1)),
    ("JSON-serialisable", lambda: Reply.json({1, 2})),
    ("chunk", lambda: Reply.drip([], interval=0.1)),
    ("interval", lambda: Reply.drip([b"a"], interval=float("inf"))),
    ("non-empty", lambda: Reply.abort_mid_body(b"")),
]


@pytest.mark.parametrize(("field", "build"), INVALID_REPLIES)
async def test_invalid_replies_are_rejected(field: str, build: Any) -> None:
    """A Reply with an impossible value fails at construction with a message naming the field."""
    with pytest.raises(UsageError, match=field):
        build()


async def test_script_arguments_are_checked(server: FaultServer) -> None:
    """script() and handle() reject a path without a leading slash, no steps, and non-Reply steps."""
    with pytest.raises(UsageError, match="path"):
        server.script("items", Reply.json({}))
    with pytest.raises(UsageError, match="at least one"):
        server.script("/items")
    with pytest.raises(UsageError, match="Reply steps"):
        server.script("/items", {"a": 1})  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="handler"):
        server.handle("/items", "nope")  # type: ignore[arg-type]
