"""``FaultServer``: the aiohttp server on its own thread and loop that plays the scripted replies."""

from __future__ import annotations

import asyncio
import concurrent.futures
import math
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Self

from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy, MultiDict, MultiDictProxy

from async_patterns.errors import UsageError
from async_patterns.testing.replies import Handler, RecordedRequest, Reply, check_path

# How long closing waits for custom handlers before cancelling them; scripted replies
# never need it because they watch the closing event themselves.
_SHUTDOWN_GRACE = 0.2


@dataclass
class _Script:
    steps: tuple[Reply, ...]
    served: int = 0

    def next_step(self) -> Reply:
        """The step for the next request: each step ``times`` times, then the last forever."""
        index = self.served
        self.served += 1
        for step in self.steps:
            if index < step.times:
                return step
            index -= step.times
        return self.steps[-1]


@dataclass
class _Routes:
    """Scripts, handlers and the request log, shared by the test thread and the server thread."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    scripts: dict[str, _Script | Handler] = field(default_factory=dict)
    log: list[RecordedRequest] = field(default_factory=list)
    waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = field(default_factory=list)


class FaultServer:
    """An aiohttp server on 127.0.0.1 (ephemeral port) whose replies are scripted per path.

    Unscripted paths answer 404 with a JSON body naming the path. Every request is recorded,
    whatever the path. Use as ``async with FaultServer() as server``.
    """

    def __init__(self) -> None:
        self._routes = _Routes()
        self._port: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._started: concurrent.futures.Future[None] = concurrent.futures.Future()
        self._finished: concurrent.futures.Future[None] = concurrent.futures.Future()

    # -- lifecycle -------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        if self._thread is not None:
            raise RuntimeError("FaultServer is not reentrant; create one per test")
        self._thread = threading.Thread(target=self._thread_main, name="FaultServer", daemon=True)
        self._thread.start()
        try:
            # shielded: a cancelled start must not cancel the future the thread still sets
            await asyncio.shield(asyncio.wrap_future(self._started))
        except BaseException:
            await self.aclose()
            raise
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Drop every pending reply, close all connections and stop the server thread."""
        if self._thread is None:
            return
        # Startup may still be running (a cancelled __aenter__); let it settle first.
        await asyncio.wait([asyncio.wrap_future(self._started)])
        if self._loop is not None and not self._finished.done():
            self._loop.call_soon_threadsafe(self._begin_shutdown)
        finished = asyncio.wrap_future(self._finished)
        await asyncio.wait([finished])
        self._thread.join()  # the thread has returned from asyncio.run: this does not block
        self._thread = None
        finished.result()  # re-raise a failure of the server thread here, in the test

    # -- the test-facing API ---------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self._port is None:
            raise RuntimeError("FaultServer is not running; use it as 'async with FaultServer() as server'")
        return f"http://127.0.0.1:{self._port}"

    def url(self, path: str) -> str:
        """``base_url`` joined with ``path`` (which must start with ``/``)."""
        return self.base_url + check_path(path)

    def script(self, path: str, *steps: Reply) -> None:
        """Answer requests to ``path`` with ``steps`` in order; the last step repeats forever.

        Scripting a path again replaces its script and starts it from the first step.
        """
        if not steps:
            raise UsageError(f"script({path!r}) needs at least one Reply")
        for step in steps:
            if not isinstance(step, Reply):
                raise UsageError(f"script({path!r}) takes Reply steps, got {type(step).__name__}")
        with self._routes.lock:
            self._routes.scripts[check_path(path)] = _Script(steps)

    def handle(self, path: str, handler: Handler) -> None:
        """Answer requests to ``path`` with a custom aiohttp handler (run on the server's loop)."""
        if not callable(handler):
            raise UsageError(f"handle({path!r}) needs an async handler function")
        with self._routes.lock:
            self._routes.scripts[check_path(path)] = handler

    def requests(self, path: str | None = None) -> list[RecordedRequest]:
        """Requests received so far, oldest first: for ``path``, or all of them."""
        with self._routes.lock:
            return [r for r in self._routes.log if path is None or r.path == path]

    def hits(self, path: str | None = None) -> int:
        """How many requests ``path`` (or the whole server) has received."""
        return len(self.requests(path))

    async def wait_for_hits(self, path: str | None = None, count: int = 1, within: float = 2.0) -> None:
        """Wait until ``path`` (or the server) has received ``count`` requests in all.

        For tests that must act while a request is in flight (cancel it, close the
        server); it replaces a polling loop. Raises ``TimeoutError`` after ``within`` seconds.
        """
        arrived = asyncio.Event()
        waiter = (asyncio.get_running_loop(), arrived)
        with self._routes.lock:
            self._routes.waiters.append(waiter)
        try:
            async with asyncio.timeout(within):
                while self.hits(path) < count:
                    await arrived.wait()
                    arrived.clear()
        except TimeoutError:
            where = path or "the server"
            raise TimeoutError(f"{where} got {self.hits(path)} of {count} requests within {within} s") from None
        finally:
            with self._routes.lock:
                self._routes.waiters.remove(waiter)

    # -- the server thread -----------------------------------------------------------

    def _thread_main(self) -> None:
        """Run the server loop; every outcome goes into the futures the test loop awaits."""
        try:
            # Never in debug mode: its slow-callback warnings (GIL waits under load) would
            # be blamed on the code under test, which runs in debug mode with -X dev.
            asyncio.run(self._serve(), debug=False)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread, which re-raises it
            if not self._started.done():
                self._started.set_exception(exc)
            self._finished.set_exception(exc)
        else:
            if not self._started.done():
                self._started.set_exception(RuntimeError("FaultServer stopped before it started"))
            self._finished.set_result(None)

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=_SHUTDOWN_GRACE)
        await runner.setup()
        try:
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            self._port = _bound_port(runner)
            self._started.set_result(None)
            await self._closing.wait()
        finally:
            await runner.cleanup()

    def _begin_shutdown(self) -> None:
        assert self._closing is not None
        self._closing.set()

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        body = await request.read()
        record = RecordedRequest(
            method=request.method,
            path=request.path,
            query=MultiDictProxy(MultiDict(request.query)),
            headers=CIMultiDictProxy(CIMultiDict(request.headers)),
            body=body,
            at=arrived,
        )
        with self._routes.lock:
            self._routes.log.append(record)
            for loop, event in self._routes.waiters:
                loop.call_soon_threadsafe(event.set)
            route: _Script | Handler | Reply | None = self._routes.scripts.get(request.path)
            if isinstance(route, _Script):
                route = route.next_step()
        if isinstance(route, Reply):
            return await self._reply(request, route)
        if route is None:
            return web.json_response({"error": "no script for this path", "path": request.path}, status=404)
        return await route(request)

    async def _reply(self, request: web.Request, step: Reply) -> web.StreamResponse:
        if step.kind == "hang":
            await self._pause(math.inf)
            return _drop(request)
        if step.kind == "reset":
            return _drop(request, reset=True)
        if await self._pause(step.delay):
            return _drop(request)
        if step.kind == "body":
            return web.Response(
                status=step.code, body=step.body, content_type=step.content_type, headers=CIMultiDict(step.headers)
            )
        return await self._stream(request, step)

    async def _stream(self, request: web.Request, step: Reply) -> web.StreamResponse:
        """Drip ``chunks`` slowly, or (abort_mid_body) send a part of a longer declared body."""
        response = web.StreamResponse(status=step.code)
        response.content_type = step.content_type or "application/octet-stream"
        if step.kind == "abort_mid_body":
            response.content_length = 2 * len(step.body)
            await response.prepare(request)
            await response.write(step.body)
            return _drop(request)
        response.content_length = sum(len(c) for c in step.chunks)
        await response.prepare(request)
        for index, chunk in enumerate(step.chunks):
            if index and await self._pause(step.interval):
                return _drop(request)
            try:
                await response.write(chunk)
            except ConnectionError:  # the client gave up; aiohttp ignores the rest
                return response
        await response.write_eof()
        return response

    async def _pause(self, seconds: float) -> bool:
        """Wait ``seconds``; return True at once if the server starts closing meanwhile."""
        assert self._closing is not None
        if seconds <= 0:
            return self._closing.is_set()
        try:
            async with asyncio.timeout(None if math.isinf(seconds) else seconds):
                await self._closing.wait()
        except TimeoutError:
            return False
        return True


def _drop(request: web.Request, *, reset: bool = False) -> web.StreamResponse:
    """Close the connection under the handler; aiohttp then treats it as a client disconnect."""
    transport = request.transport
    if transport is not None:
        if reset:
            sock = transport.get_extra_info("socket")
            if sock is not None:  # linger 0: close() sends RST instead of FIN
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    return web.Response()


def _bound_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        return int(address[1])
    raise RuntimeError("FaultServer did not bind a port")
