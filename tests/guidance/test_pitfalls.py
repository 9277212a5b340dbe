"""Mistakes no linter catches, demonstrated by running the very code the guidance shows as bad.

Each test loads the bad block whose marker names it (``<!-- example: bad test_pitfalls.py::NAME -->``)
and shows the failure happening; where the guidance gives the fix, the test shows the fix working
under the same conditions. Servers are real aiohttp servers on 127.0.0.1 with an ephemeral port.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from typing import Any

import aiohttp
import httpx
import pytest
import pytest_asyncio
from aiohttp import web

from tests.guidance.blocks import demonstrated_by, load

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def bad_example(name: str) -> Any:
    """The bad guidance block that names this test, executed as a module."""
    return load(demonstrated_by(f"test_pitfalls.py::{name}"))


class LocalServer:
    """An aiohttp server on 127.0.0.1 that records which client connections it saw."""

    def __init__(self, runner: web.AppRunner, port: int, peers: list[tuple[str, int]]) -> None:
        self.runner = runner
        self.port = port
        self.peers = peers

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


async def _hang(request: web.Request) -> web.StreamResponse:
    await asyncio.Event().wait()  # released when the server shuts down
    return web.Response()


async def _html(request: web.Request) -> web.StreamResponse:
    return web.Response(text="<html>maintenance</html>", content_type="text/html")


async def _ok(request: web.Request) -> web.StreamResponse:
    return web.json_response({"ok": True})


@pytest_asyncio.fixture
async def server() -> AsyncGenerator[LocalServer, None]:
    peers: list[tuple[str, int]] = []

    @web.middleware
    async def record_peer(request: web.Request, handler: Handler) -> web.StreamResponse:
        peername = request.transport.get_extra_info("peername") if request.transport else None
        if peername is not None:
            peers.append(peername)
        return await handler(request)

    app = web.Application(middlewares=[record_peer])
    app.router.add_get("/hang", _hang)
    app.router.add_get("/html", _html)
    app.router.add_get("/ok", _ok)
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield LocalServer(runner, port, peers)
    finally:
        await runner.cleanup()


@pytest.mark.asyncio
async def test_suppress_cancelled_error_defeats_timeout() -> None:
    """contextlib.suppress(CancelledError) makes asyncio.timeout return normally instead of raising."""
    wait_for_signal = bad_example("test_suppress_cancelled_error_defeats_timeout").wait_for_signal
    async with asyncio.timeout(0.05) as window:
        await wait_for_signal(asyncio.Event())
    assert window.expired()  # the deadline passed, yet no TimeoutError reached the caller
    task = asyncio.current_task()
    assert task is not None
    assert task.cancelling() == 0


@pytest.mark.asyncio
async def test_except_valueerror_misses_taskgroup_failure() -> None:
    """`except ValueError` around a TaskGroup never matches: an ExceptionGroup escapes instead."""
    parse_or_none = bad_example("test_except_valueerror_misses_taskgroup_failure").parse_or_none
    assert await parse_or_none(["1", "2"]) == [1, 2]
    with pytest.RaisesGroup(ValueError):
        await parse_or_none(["1", "x"])


@pytest.mark.asyncio
async def test_gather_failure_leaves_siblings_running() -> None:
    """With default arguments, gather re-raises the first error while the sibling keeps running."""
    both = bad_example("test_gather_failure_leaves_siblings_running").both
    finished = asyncio.Event()

    async def fail() -> int:
        await asyncio.sleep(0)
        raise ValueError("first")

    async def slow() -> int:
        await asyncio.sleep(0.05)
        finished.set()
        return 2

    sibling = asyncio.create_task(slow())
    with pytest.raises(ValueError, match="first"):
        await both(fail(), sibling)
    assert not sibling.done()  # orphaned: nobody awaits or cancels it
    async with asyncio.timeout(1):
        await finished.wait()  # and it runs to completion after the caller has failed
    await sibling


@pytest.mark.asyncio
async def test_gather_return_exceptions_counts_cancelled_child_as_success() -> None:
    """Filtering gather's results on Exception lets a cancelled child's CancelledError through."""
    successes = bad_example("test_gather_return_exceptions_counts_cancelled_child_as_success").successes

    async def one() -> int:
        await asyncio.sleep(0)
        return 1

    victim = asyncio.create_task(asyncio.sleep(10))
    asyncio.get_running_loop().call_soon(victim.cancel)
    results = await successes([one(), victim])
    assert results[0] == 1
    assert isinstance(results[1], asyncio.CancelledError)  # reported as a success


@pytest.mark.asyncio
async def test_done_callback_that_only_discards_hides_failures() -> None:
    """A failed background task is reported only when its last reference goes, not when it fails."""
    module = bad_example("test_done_callback_that_only_discards_hides_failures")
    reported: list[str] = []
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _, context: reported.append(str(context.get("message"))))
    try:

        async def fails() -> None:
            await asyncio.sleep(0)
            raise ValueError("lost")

        module.spawn(fails())
        elsewhere = set(module.background)  # a registry, a traceback, a debugger…
        for _ in range(5):
            await asyncio.sleep(0)
        assert not module.background  # failed, done and discarded…
        assert reported == []  # …and nobody has heard of the failure
        elsewhere.clear()
        gc.collect()
        assert reported == ["Task exception was never retrieved"]  # only when the last reference goes
    finally:
        loop.set_exception_handler(None)


@pytest.mark.asyncio
async def test_aiohttp_session_without_timeout_waits_300_seconds(server: LocalServer) -> None:
    """A session with aiohttp's default timeout (300 s total) keeps waiting on a silent server."""
    module = bad_example("test_aiohttp_session_without_timeout_waits_300_seconds")
    session = module.open_session()
    try:
        assert session.timeout.total == 300
        request = asyncio.create_task(module.fetch_text(session, server.url("/hang")))
        done, _ = await asyncio.wait([request], timeout=0.5)
        assert not done  # still waiting; it would for five minutes
        request.cancel()
        await asyncio.wait([request])
    finally:
        await session.close()


@pytest.mark.asyncio
async def test_session_per_request_opens_a_connection_per_request(server: LocalServer) -> None:
    """A session per call opens a new connection every time; one shared session reuses one."""
    fetch_status = bad_example("test_session_per_request_opens_a_connection_per_request").fetch_status
    for _ in range(5):
        assert await fetch_status(server.url("/ok")) == 200
    assert len(set(server.peers)) == 5
    server.peers.clear()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        for _ in range(5):
            async with session.get(server.url("/ok")) as response:
                assert response.status == 200
    assert len(set(server.peers)) == 1


@pytest.mark.asyncio
async def test_httpx_timeout_is_not_builtin_timeout_error(server: LocalServer) -> None:
    """`except TimeoutError` does not catch httpx's ReadTimeout, so the 'handled' timeout escapes."""
    body_or_none = bad_example("test_httpx_timeout_is_not_builtin_timeout_error").body_or_none
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.1)) as client:
        with pytest.raises(httpx.ReadTimeout):
            await body_or_none(client, server.url("/hang"))
    assert not issubclass(httpx.TimeoutException, TimeoutError)


@pytest.mark.asyncio
async def test_content_type_error_is_not_a_value_error(server: LocalServer) -> None:
    """An HTML error page raises ContentTypeError, which `except ValueError` does not catch."""
    module = bad_example("test_content_type_error_is_not_a_value_error")
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        with pytest.raises(aiohttp.ContentTypeError) as caught:
            await module.get_json(session, server.url("/html"))
    assert not isinstance(caught.value, module.DecodeError)
    assert not isinstance(caught.value, ValueError)


async def _numbers(cleaned_up: asyncio.Event) -> AsyncGenerator[int, None]:
    try:
        for number in range(100):
            await asyncio.sleep(0)
            yield number
    finally:
        cleaned_up.set()


@pytest.mark.asyncio
async def test_break_without_aclosing_delays_generator_cleanup() -> None:
    """Returning out of `async for` leaves the generator's finally unrun; aclosing runs it at once."""
    first_over = bad_example("test_break_without_aclosing_delays_generator_cleanup").first_over
    cleaned_up = asyncio.Event()
    items = _numbers(cleaned_up)
    assert await first_over(3, items) == 4
    await asyncio.sleep(0)
    assert not cleaned_up.is_set()  # the connection, file or lock is still held
    await items.aclose()

    cleaned_up.clear()
    async with aclosing(_numbers(cleaned_up)) as closing:
        assert await first_over(3, closing) == 4
    assert cleaned_up.is_set()


async def _count_ticks(ticks: list[float], stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        ticks.append(loop.time())
        await asyncio.sleep(0.002)


@pytest.mark.asyncio
async def test_cpu_bound_work_blocks_the_event_loop() -> None:
    """While CPU work runs inside a coroutine no other task runs; moved to a thread, they do."""
    store_password = bad_example("test_cpu_bound_work_blocks_the_event_loop").store_password
    ticks: list[float] = []
    stop = asyncio.Event()
    db: asyncio.Queue[bytes] = asyncio.Queue()
    async with asyncio.TaskGroup() as tg:
        tg.create_task(_count_ticks(ticks, stop))
        await asyncio.sleep(0.01)
        before = len(ticks)
        await store_password("secret", b"salt", db)
        assert len(ticks) == before  # not a single tick while hashing: the loop was stopped

        work = asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", b"secret", b"salt", 400_000)
        before = len(ticks)
        await work
        assert len(ticks) > before  # the loop kept running during the threaded hash
        stop.set()
