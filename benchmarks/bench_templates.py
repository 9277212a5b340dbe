"""Figures for the template catalogue (issue 4), each against a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_templates.py [--quick] [--format json]

Rows:

* ``new`` end to end: the console script as a subprocess (``async-patterns new … -o DIR
  --force``), median wall time; baseline: the same interpreter starting with ``-c pass``.
  Target: at most 150 ms. A second row gives the child's CPU time (user + sys), which
  waiting for a busy CPU does not inflate. The package is byte-compiled first, as pip does
  when it installs a wheel: an editable checkout under ``PYTHONDONTWRITEBYTECODE=1`` (set on
  some machines, this one included) would otherwise recompile every module on every run.
* render all templates in-process, warm (compiled templates cached): median of rounds;
  baseline: the first, cold call in the same process. Target: at most 50 ms.
* concurrent-fetch: the generated ``fetch_all`` doing 10,000 GETs at concurrency 100
  against a local aiohttp server (a child process on 127.0.0.1), throughput vs a minimal
  hand-written loop (one session, a semaphore, gather). Target: at least 0.9x.
* retry, success path: ``policy.call(op)`` vs ``await op()``, where ``op`` is one GET to
  the same server. Target: at most 1.05x. A no-op coroutine row shows the absolute
  per-call overhead, which no real operation is that cheap to hide.
* background-tasks: the generated supervisor starting and finishing 100,000 trivial
  tasks vs plain ``create_task`` + ``gather``. Target: at most 1.3x.

Paired rows run baseline and candidate in ABBA order; they show the median of each and,
as the ratio, the median of per-pair ratios, so drift on a shared machine hits both alike.
The supervisor spawns every task under one name (``name=`` is required; names need not be
unique), as a pool of identical workers would. Generated modules are rendered into a temporary
folder and imported from there, exactly as a user would get them.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import async_patterns
from async_patterns import render
from async_patterns.skill.manifest import bundled_manifest

CONSOLE_SCRIPT = Path(sys.executable).with_name("async-patterns")
SERVER_LIFETIME_SECONDS = 600  # the child server exits by itself after this, whatever happens
BODY = b"x" * 64


@dataclass(frozen=True)
class Figure:
    """One row: measured value, baseline value, their ratio, and the target on that ratio or value."""

    name: str
    measured: float
    baseline: float
    unit: str
    target: str
    met: bool | None  # None: informational, no target
    paired_ratio: float | None = None  # median of per-pair ratios, when rounds were paired

    @property
    def ratio(self) -> float:
        if self.paired_ratio is not None:
            return self.paired_ratio
        return self.measured / self.baseline if self.baseline else float("nan")


# --- helpers -----------------------------------------------------------------------------------


def median_of(rounds: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(rounds))


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def import_generated(folder: Path, template_id: str, params: dict[str, Any]) -> ModuleType:
    """Render ``template_id`` into ``folder`` and import its module as a user would."""
    files = render(template_id, params)
    for relative, text in files.items():
        (folder / relative).write_text(text, encoding="utf-8")
    module_file = folder / f"{params['name']}.py"
    spec = importlib.util.spec_from_file_location(params["name"], module_file)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {module_file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[params["name"]] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def template_ids() -> list[str]:
    return [template.id for template in bundled_manifest().templates]


# --- the local HTTP server, in a child process -------------------------------------------------


def serve() -> None:
    """Child process: a minimal aiohttp server on 127.0.0.1; prints its port, exits on stdin EOF."""
    from aiohttp import web

    async def handler(_request: web.Request) -> web.Response:
        return web.Response(body=BODY)

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/{tail:.*}", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port = runner.addresses[0][1]
        print(port, flush=True)
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(SERVER_LIFETIME_SECONDS):
                await loop.run_in_executor(None, sys.stdin.read)
        finally:
            await runner.cleanup()

    asyncio.run(main())


@contextmanager
def local_server() -> Iterator[str]:
    """Start the child server; yield its base URL; stop it (closing its stdin) afterwards."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        assert child.stdin is not None
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


# --- figures ---------------------------------------------------------------------------------


def figures_new(rounds: int, folder: Path) -> list[Figure]:
    """Wall time (the target) and CPU time of the child (what a loaded machine inflates less)."""
    template_id = "retry" if "retry" in template_ids() else template_ids()[0]
    command = [str(CONSOLE_SCRIPT), "new", template_id, "--name", "bench_new", "-o", str(folder), "--force"]
    startup = [sys.executable, "-c", "pass"]

    def run(argv: list[str]) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = timed(lambda: subprocess.run(argv, check=True, capture_output=True))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    compileall.compile_dir(Path(async_patterns.__file__).parent, quiet=1)  # what a wheel install has
    run(command)  # warm the file cache
    measured, baseline = [], []
    for _ in range(rounds):
        baseline.append(run(startup))
        measured.append(run(command))
    wall = statistics.median(wall for wall, _ in measured) * 1000
    cpu = statistics.median(cpu for _, cpu in measured) * 1000
    name = f"`new {template_id}` end to end"
    return [
        Figure(name, wall, statistics.median(wall for wall, _ in baseline) * 1000, "ms", "<= 150 ms", wall <= 150),
        Figure(f"{name}, CPU time", cpu, statistics.median(cpu for _, cpu in baseline) * 1000, "ms", "info", None),
    ]


def figure_render(rounds: int) -> Figure:
    """Warm rendering (the per-process caches filled) against the first, cold round."""
    ids = template_ids()

    def render_all() -> None:
        for template_id in ids:
            render(template_id)

    cold = timed(render_all) * 1000
    warm = median_of(rounds, lambda: timed(render_all)) * 1000
    return Figure(
        f"render all {len(ids)} templates in-process (vs first call)", warm, cold, "ms", "<= 50 ms", warm <= 50
    )


async def handwritten_fetch(session: Any, urls: list[str], concurrency: int) -> list[bytes]:
    """The baseline the issue names: one session and a semaphore."""
    slots = asyncio.Semaphore(concurrency)

    async def one(url: str) -> bytes:
        async with slots, session.get(url) as response:
            response.raise_for_status()
            body: bytes = await response.read()
            return body

    return await asyncio.gather(*(one(url) for url in urls))


async def figure_concurrent_fetch(module: ModuleType, base_url: str, requests: int, rounds: int) -> Figure:
    import aiohttp

    concurrency = 100
    urls = [f"{base_url}/item/{index}" for index in range(requests)]
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def generated() -> None:
            outcomes = await module.fetch_all(session, urls, concurrency=concurrency)
            failures = [outcome for outcome in outcomes if not isinstance(outcome, module.Ok)]
            if failures:
                raise RuntimeError(f"generated fetch_all: {len(failures)} failures, first {failures[0]}")

        async def baseline() -> None:
            bodies = await handwritten_fetch(session, urls, concurrency)
            if len(bodies) != requests:
                raise RuntimeError("baseline lost responses")

        await baseline()  # warm the connection pool
        timing = await paired(baseline, generated, rounds)
    speed = 1 / timing.slowdown
    return Figure(
        f"concurrent-fetch: {requests:,} GETs at concurrency {concurrency}",
        requests / timing.candidate,
        requests / timing.baseline,
        "req/s",
        ">= 0.9x",
        speed >= 0.9,
        speed,
    )


async def atimed(action: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await action()
    return time.perf_counter() - started


@dataclass(frozen=True)
class Paired:
    """Median seconds of a baseline and a candidate, and the median of their per-pair ratios."""

    baseline: float
    candidate: float
    slowdown: float  # median of candidate / baseline over the pairs


async def paired(
    baseline: Callable[[], Awaitable[object]], candidate: Callable[[], Awaitable[object]], pairs: int
) -> Paired:
    """Run both ``pairs`` times in ABBA order, so that drift and warm-up favour neither side.

    The ratio is taken per pair, then the median: on a shared machine a slow stretch hits
    both halves of a pair and cancels out, where a ratio of overall medians would not.
    """
    baseline_times: list[float] = []
    candidate_times: list[float] = []
    for pair in range(pairs):
        order = ((baseline, baseline_times), (candidate, candidate_times))
        for action, times in order if pair % 2 == 0 else reversed(order):
            times.append(await atimed(action))
    ratios = [c / b for b, c in zip(baseline_times, candidate_times, strict=True)]
    return Paired(statistics.median(baseline_times), statistics.median(candidate_times), statistics.median(ratios))


async def figures_retry(module: ModuleType, class_name: str, base_url: str, pairs: int) -> list[Figure]:
    import aiohttp

    policy = getattr(module, class_name)()

    async def noop() -> int:
        return 1

    async with aiohttp.ClientSession() as session:

        async def get() -> bytes:
            async with session.get(f"{base_url}/retry") as response:
                response.raise_for_status()
                body: bytes = await response.read()
                return body

        results = []
        for label, operation, count, target in (
            ("one local GET", get, 100, 1.05),
            ("a no-op coroutine", noop, 10_000, None),
        ):

            async def direct(operation: Callable[[], Awaitable[object]] = operation, count: int = count) -> None:
                for _ in range(count):
                    await operation()

            async def retried(operation: Callable[[], Awaitable[object]] = operation, count: int = count) -> None:
                for _ in range(count):
                    await policy.call(operation)

            await direct()
            timing = await paired(direct, retried, pairs)
            per_call = 1e6 / count
            results.append(
                Figure(
                    f"retry success path: {label}",
                    timing.candidate * per_call,
                    timing.baseline * per_call,
                    "us/call",
                    f"<= {target}x" if target else "info",
                    None if target is None else timing.slowdown <= target,
                    timing.slowdown,
                )
            )
    return results


async def figure_background_tasks(supervisor_class: Any, tasks: int, rounds: int) -> Figure:
    """Start ``tasks`` trivial tasks and wait for all: the supervisor vs create_task + gather."""

    async def trivial() -> None:
        return None

    async def baseline() -> None:
        await asyncio.gather(*(asyncio.create_task(trivial()) for _ in range(tasks)))

    async def generated() -> None:
        # The template's documented use: spawn (a name is required), then join.
        async with supervisor_class() as supervisor:
            for _ in range(tasks):
                supervisor.spawn(trivial(), name="trivial")
            await supervisor.join()

    await baseline()
    timing = await paired(baseline, generated, rounds)
    return Figure(
        f"background-tasks: {tasks:,} trivial tasks",
        timing.candidate * 1000,
        timing.baseline * 1000,
        "ms",
        "<= 1.3x",
        timing.slowdown <= 1.3,
        timing.slowdown,
    )


# --- report ----------------------------------------------------------------------------------


def print_table(figures: list[Figure]) -> None:
    header = ("figure", "measured", "baseline", "ratio", "target", "met")
    rows = [
        (
            figure.name,
            f"{figure.measured:,.1f} {figure.unit}",
            f"{figure.baseline:,.1f} {figure.unit}",
            f"{figure.ratio:.2f}x",
            figure.target,
            "-" if figure.met is None else "yes" if figure.met else "NO",
        )
        for figure in figures
    ]
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    for row in (header, tuple("-" * width for width in widths), *rows):
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |")


async def async_figures(folder: Path, args: argparse.Namespace) -> list[Figure]:
    ids = set(template_ids())
    figures: list[Figure] = []
    manifest = bundled_manifest()
    with local_server() as base_url:
        if "concurrent-fetch" in ids:
            module = import_generated(folder, "concurrent-fetch", {"name": "bench_fetch", "mode": "collect"})
            figures.append(await figure_concurrent_fetch(module, base_url, args.requests, args.rounds))
        if "retry" in ids:
            class_name = str(manifest.template("retry").parameters["class_name"].default)
            module = import_generated(folder, "retry", {"name": "bench_retry"})
            figures += await figures_retry(module, class_name, base_url, args.rounds * 10)
    if "background-tasks" in ids:
        class_name = str(manifest.template("background-tasks").parameters["class_name"].default)
        module = import_generated(folder, "background-tasks", {"name": "bench_supervisor"})
        figures.append(await figure_background_tasks(getattr(module, class_name), args.tasks, args.rounds))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="Measure the template catalogue's figures (issue 4).")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer rounds (a smoke run)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return 0
    args.rounds = 3 if args.quick else 7
    args.requests = 1_000 if args.quick else 10_000
    args.tasks = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-templates-") as temporary:
        folder = Path(temporary)
        figures = [*figures_new(5 if args.quick else 21, folder), figure_render(args.rounds * 3)]
        figures += asyncio.run(async_figures(folder, args))
    if args.format == "json":
        print(json.dumps([{**figure.__dict__, "ratio": figure.ratio} for figure in figures], indent=2))
    else:
        print_table(figures)
    missing = {"concurrent-fetch", "retry", "background-tasks"} - set(template_ids())
    if missing:
        print(f"not measured (template not in skill.yaml yet): {', '.join(sorted(missing))}", file=sys.stderr)
    return 0 if all(figure.met is not False for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
