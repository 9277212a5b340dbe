"""How well and how fast `async-patterns check`'s own rules find asyncio bugs, against the standard linters alone.

Usage: ``.venv/bin/python benchmarks/bench_check.py [--runs N]``.

Quality is measured on ``benchmarks/data/check_corpus``: ``bug/*.py`` modules with one labelled
bug each and ``clean/*.py`` modules of correct code full of look-alike idioms (its README says
how files are labelled). Definitions, the same for every tool:

* a bug file is **caught** when a finding with the expected code lies within ±2 lines
  (``TOLERANCE``) of a line marked ``# expect: APxxx`` (a file may mark several lines for its
  one bug, e.g. the ``gather(`` call and the ``isinstance`` test: either place counts);
* a clean file is a **false alarm** when the own rules report any AP1xx code in it;
* the linters alone (ruff, flake8-async, mypy, each run once over all corpus files) catch a
  bug file when any of them reports anything within ±2 lines of a marked line (an upper bound:
  a missing-annotation error next to the bug counts); the stricter column counts only
  async-related codes (``ASYNC_CODES``);
* a clean file is a linter false alarm when any of them reports an async-related code in it
  (a second row leaves out ``STYLE_CODES``, async-related by prefix but style or library choice).

Speed: own rules in-process on one core (CPU affinity pinned), over the corpus and over the
installed aiohttp and anyio sources; the CLI over a generated package of at least 10,000 lines,
``--no-external`` against the 1 s target, and with external tools against ruff + flake8-async +
mypy run one after another by hand (ratio target ≤ 1.2×). Real code: every own-rule finding
over aiohttp and anyio, per 1,000 lines, printed for review.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "benchmarks" / "data" / "check_corpus"
BIN = Path(sys.executable).parent  # the venv's bin: not resolved, a venv's python is a symlink
TOLERANCE = 2
GENERATED_LINES = 10_000
NO_EXTERNAL_TARGET_S = 1.0
EXTERNAL_RATIO_TARGET = 1.2
RUFF_SELECT = "ASYNC,RUF006,B,BLE,TRY,S110,S112,PLE"
ASYNC_CODES = ("ASYNC", "TRY", "RUF006", "BLE001", "S110", "S112", "unused-coroutine", "unused-awaitable")
# Async-related by prefix but about style or library choice (long messages, logging.exception, an
# async def with no await, "use httpx2"): the second false-alarm row leaves them out.
STYLE_CODES = ("TRY003", "TRY400", "ASYNC124", "ASYNC127")
OWN_CODE = re.compile(r"AP1\d\d\Z")
EXPECT = re.compile(r"#\s*expect:\s*(AP\d{3})")
HEADER = re.compile(r"#\s*(bug|clean|near|target):\s*(.*)")


@dataclass(frozen=True)
class Hit:
    tool: str
    line: int
    code: str
    message: str


@dataclass
class Case:
    path: Path
    kind: str  # "bug" or "clean"
    code: str  # the bug's class; "" for a clean file
    description: str
    marked: tuple[int, ...]
    near: tuple[str, ...]  # for a clean file: the classes whose look-alikes it holds
    target: str
    source: str
    hits: dict[str, list[Hit]] = field(default_factory=dict)  # tool -> hits

    @property
    def lines(self) -> int:
        return len(self.source.splitlines())


def parse_case(path: Path, kind: str) -> Case:
    source = path.read_text(encoding="utf-8")
    headers: dict[str, str] = {}
    for line in source.splitlines()[:4]:
        if match := HEADER.match(line):
            headers[match[1]] = match[2].strip()
    marked = tuple(n for n, line in enumerate(source.splitlines(), 1) if EXPECT.search(line))
    codes = {m[1] for line in source.splitlines() if (m := EXPECT.search(line))}
    if kind not in headers:
        raise SystemExit(f"{path}: the first line must be '# {kind}: …'")
    code, _, description = headers[kind].partition(" ") if kind == "bug" else ("", "", headers[kind])
    if kind == "bug" and (not marked or codes != {code}):
        raise SystemExit(f"{path}: header says {code}, '# expect:' markers say {sorted(codes) or 'nothing'}")
    if kind == "clean" and marked:
        raise SystemExit(f"{path}: a clean file has '# expect:' markers")
    near = tuple(c.strip() for c in headers.get("near", "").split(",") if c.strip())
    target = headers.get("target", "3.11")
    return Case(path, kind, code, description, marked, near, target, source)


def load_corpus() -> list[Case]:
    return [parse_case(p, kind) for kind in ("bug", "clean") for p in sorted((CORPUS / kind).glob("*.py"))]


# ---------------------------------------------------------------- running the tools


@contextlib.contextmanager
def one_core() -> Iterator[None]:
    """Pin this process to one CPU for the duration (no-op where affinity is unsupported)."""
    if not hasattr(os, "sched_setaffinity"):
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def own_api() -> Any | None:
    """``async_patterns.check``, or None while it does not exist yet."""
    try:
        module = importlib.import_module("async_patterns.check")
    except ImportError:
        return None
    return module if hasattr(module, "check_source") else None


def run_own(api: Any, cases: list[Case]) -> None:
    for case in cases:
        findings = api.check_source(case.source, str(case.path), target_version=case.target)
        case.hits["async-patterns"] = [Hit("async-patterns", f.line, f.code, f.message) for f in findings]


def run_tool(command: list[str], cwd: Path) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0:3]} exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout, elapsed


def ruff_command(targets: Sequence[str]) -> list[str]:
    return [
        str(BIN / "ruff"), "check", "--isolated", "--no-cache", "--target-version", "py311",
        "--select", RUFF_SELECT, "--output-format", "json", *targets,
    ]  # fmt: skip


def flake8_command(targets: Sequence[str]) -> list[str]:
    form = "%(path)s\t%(row)d\t%(code)s\t%(text)s"
    select = "ASYNC1,ASYNC2,ASYNC3,ASYNC4"
    return [sys.executable, "-m", "flake8", "--isolated", "--select", select, "--asyncio", "--format", form, *targets]


def mypy_command(targets: Sequence[str], cache: Path) -> list[str]:
    return [
        sys.executable, "-m", "mypy", "--strict", "--enable-error-code", "unused-awaitable",
        "--ignore-missing-imports", "--no-error-summary", "--output", "json", "--cache-dir", str(cache), *targets,
    ]  # fmt: skip


def parse_ruff(out: str, cwd: Path) -> list[tuple[Path, Hit]]:
    rows: list[dict[str, Any]] = json.loads(out or "[]")
    return [
        (cwd / row["filename"], Hit("ruff", int(row["location"]["row"]), row["code"] or "syntax", row["message"]))
        for row in rows
    ]


def parse_flake8(out: str, cwd: Path) -> list[tuple[Path, Hit]]:
    hits = []
    for line in out.splitlines():
        path, row, code, text = line.split("\t", 3)
        hits.append((cwd / path, Hit("flake8-async", int(row), code, text)))
    return hits


def parse_mypy(out: str, cwd: Path) -> list[tuple[Path, Hit]]:
    hits = []
    for line in out.splitlines():
        if not line.startswith("{"):
            continue  # not a diagnostic (mypy prints crashes and notes about its run as text)
        row: dict[str, Any] = json.loads(line)
        if row.get("severity") == "error":
            hits.append((cwd / row["file"], Hit("mypy", int(row["line"]), row.get("code") or "error", row["message"])))
    return hits


LINTERS: dict[str, tuple[Callable[[Sequence[str], Path], list[str]], Callable[[str, Path], list[tuple[Path, Hit]]]]]
LINTERS = {
    "ruff": (lambda targets, _cache: ruff_command(targets), parse_ruff),
    "flake8-async": (lambda targets, _cache: flake8_command(targets), parse_flake8),
    "mypy": (mypy_command, parse_mypy),
}


def run_linters(cases: list[Case], scratch: Path) -> dict[str, float]:
    """Each linter once over every corpus file; their hits go into ``case.hits``. Returns seconds per tool."""
    by_path = {case.path.resolve(): case for case in cases}
    targets = [str(case.path) for case in cases]
    seconds = {}
    for tool, (command, parse) in LINTERS.items():
        out, seconds[tool] = run_tool(command(targets, scratch / "mypy-cache"), scratch)
        for case in cases:
            case.hits[tool] = []
        for path, hit in parse(out, scratch):
            if (owner := by_path.get(path.resolve())) is not None:
                owner.hits[tool].append(hit)
    return seconds


# ---------------------------------------------------------------- scoring


def is_async_code(code: str) -> bool:
    return code.startswith(ASYNC_CODES)


def near_mark(case: Case, hit: Hit) -> bool:
    return any(abs(hit.line - line) <= TOLERANCE for line in case.marked)


def own_caught(case: Case) -> bool:
    return any(h.code == case.code and near_mark(case, h) for h in case.hits.get("async-patterns", []))


def linter_hits(case: Case, *, async_only: bool) -> list[Hit]:
    hits = [h for tool in LINTERS for h in case.hits.get(tool, [])]
    return [h for h in hits if near_mark(case, h) and (is_async_code(h.code) or not async_only)]


def own_alarms(case: Case) -> list[Hit]:
    return [h for h in case.hits.get("async-patterns", []) if OWN_CODE.match(h.code)]


def linter_alarms(case: Case, *, style: bool = True) -> list[Hit]:
    hits = [h for tool in LINTERS for h in case.hits.get(tool, []) if is_async_code(h.code)]
    return hits if style else [h for h in hits if h.code not in STYLE_CODES]


def ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.3f}" if whole else "0/0"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in rows:
        print("| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |")
    print()


def classes(cases: list[Case]) -> list[str]:
    return sorted({c.code for c in cases if c.kind == "bug"})


def print_corpus(cases: list[Case]) -> None:
    bugs = [c for c in cases if c.kind == "bug"]
    clean = [c for c in cases if c.kind == "clean"]
    print(f"## Corpus: {len(bugs)} bug files, {len(clean)} clean files, {sum(c.lines for c in cases):,} lines\n")
    rows = []
    for code in classes(cases):
        near = sum(code in c.near for c in clean)
        rows.append((code, sum(c.code == code for c in bugs), near))
    rows.append(("(no class)", 0, sum(not c.near for c in clean)))
    table(("class", "bug files", "clean files holding its look-alikes"), rows)


def print_quality(cases: list[Case], own: bool) -> None:
    bugs = [c for c in cases if c.kind == "bug"]
    clean = [c for c in cases if c.kind == "clean"]
    rows: list[tuple[str, str, str, str]] = []
    linters_any = sum(bool(linter_hits(c, async_only=False)) for c in bugs)
    linters_async = sum(bool(linter_hits(c, async_only=True)) for c in bugs)
    own_text = ratio(sum(map(own_caught, bugs)), len(bugs)) if own else "not available yet"
    alarms_text = ratio(sum(bool(own_alarms(c)) for c in clean), len(clean)) if own else "not available yet"
    rows.append(("catch rate (bug files)", own_text, ratio(linters_any, len(bugs)), ratio(linters_async, len(bugs))))
    linter_fa = ratio(sum(bool(linter_alarms(c)) for c in clean), len(clean))
    rows.append(("false-alarm rate (clean files)", alarms_text, linter_fa, linter_fa))
    strict_fa = ratio(sum(bool(linter_alarms(c, style=False)) for c in clean), len(clean))
    rows.append((f"false-alarm rate without {', '.join(STYLE_CODES)}", alarms_text, strict_fa, strict_fa))
    print("## Quality on the corpus\n")
    table(("measure", "own rules", "linters alone: anything within ±2", "linters alone: async codes within ±2"), rows)
    print_per_class(cases, own)
    print_per_tool(cases)


def print_per_class(cases: list[Case], own: bool) -> None:
    rows = []
    for code in classes(cases):
        bugs = [c for c in cases if c.kind == "bug" and c.code == code]
        near_clean = [c for c in cases if c.kind == "clean" and code in c.near]
        caught = ratio(sum(map(own_caught, bugs)), len(bugs)) if own else "n/a"
        flagged = sum(any(h.code == code for h in own_alarms(c)) for c in cases if c.kind == "clean")
        alarms = str(flagged) if own else "n/a"
        any_hit = sum(bool(linter_hits(c, async_only=False)) for c in bugs)
        async_hit = sum(bool(linter_hits(c, async_only=True)) for c in bugs)
        codes = Counter(f"{h.tool}:{h.code}" for c in bugs for h in set(linter_hits(c, async_only=False)))
        top = ", ".join(f"{name}×{n}" for name, n in codes.most_common(4))
        rows.append((code, caught, alarms, len(near_clean), f"{any_hit}/{len(bugs)}", f"{async_hit}/{len(bugs)}", top))
    header = ("class", "own: caught", "own: clean files flagged with it", "look-alike clean files")
    table((*header, "linters: any", "linters: async codes", "linter codes near the marks"), rows)


def print_per_tool(cases: list[Case]) -> None:
    bugs = [c for c in cases if c.kind == "bug"]
    clean = [c for c in cases if c.kind == "clean"]
    rows = []
    for tool in LINTERS:
        near_any = sum(any(h.tool == tool for h in linter_hits(c, async_only=False)) for c in bugs)
        near_async = sum(any(h.tool == tool for h in linter_hits(c, async_only=True)) for c in bugs)
        alarms = sum(any(h.tool == tool for h in linter_alarms(c)) for c in clean)
        rows.append((tool, ratio(near_any, len(bugs)), ratio(near_async, len(bugs)), ratio(alarms, len(clean))))
    table(("linter alone", "bug files: anything near", "bug files: async code near", "clean files: async code"), rows)
    codes = Counter(h.code for c in clean for h in linter_alarms(c))
    files = Counter(h.code for c in clean for h in set(linter_alarms(c)))
    print("Async-related linter codes reported on clean files (findings / files): ", end="")
    print(", ".join(f"{code} {n}/{files[code]}" for code, n in codes.most_common()) or "none")
    print()


def print_own_details(cases: list[Case]) -> None:
    misses = [c for c in cases if c.kind == "bug" and not own_caught(c)]
    print(f"### Own rules: misses ({len(misses)})\n")
    for case in misses:
        got = ", ".join(f"{h.code}@{h.line}" for h in case.hits["async-patterns"]) or "nothing"
        print(f"- `{case.path.name}` expected {case.code} at {list(case.marked)}: got {got}")
    print()
    alarms = [(c, own_alarms(c)) for c in cases if c.kind == "clean" and own_alarms(c)]
    print(f"### Own rules: false alarms ({len(alarms)} files)\n")
    for case, hits in alarms:
        for hit in hits:
            print(f"- `{case.path.name}:{hit.line}` {hit.code} {hit.message}")
    print()
    extra = [(c, h) for c in cases if c.kind == "bug" for h in own_alarms(c) if h.code != c.code or not near_mark(c, h)]
    print(f"### Own rules: other AP1xx findings in bug files ({len(extra)}; not scored)\n")
    for case, hit in extra:
        print(f"- `{case.path.name}:{hit.line}` {hit.code} {hit.message}")
    print()


def print_linter_alarms(cases: list[Case]) -> None:
    print("### Linters alone: clean files with async-related codes\n")
    for case in cases:
        if case.kind == "clean" and (hits := linter_alarms(case)):
            print(f"- `{case.path.name}`: " + ", ".join(f"{h.tool} {h.code}@{h.line}" for h in hits))
    print()


# ---------------------------------------------------------------- speed


def site_packages() -> dict[str, Path]:
    import aiohttp
    import anyio

    return {module.__name__: Path(module.__file__ or "").parent for module in (aiohttp, anyio)}


def read_sources(roots: dict[str, Path]) -> list[tuple[str, str]]:
    """(display name, text) of every module under the roots, e.g. ``aiohttp/client.py``."""
    out = []
    for name, root in roots.items():
        for path in sorted(root.rglob("*.py")):
            out.append((f"{name}/{path.relative_to(root)}", path.read_text(encoding="utf-8")))
    return out


def own_seconds(api: Any, sources: list[tuple[str, str]], runs: int) -> list[float]:
    """Wall seconds of ``check_source`` over every source, pinned to one core, after one warm-up pass."""
    samples = []
    with one_core():
        for number in range(runs + 1):
            started = time.perf_counter()
            for name, text in sources:
                api.check_source(text, name)
            if number:
                samples.append(time.perf_counter() - started)
    return samples


def generate_package(folder: Path, cases: list[Case]) -> int:
    """A package of the corpus plus aiohttp modules (sorted, whole) until it has ``GENERATED_LINES``; its line count."""
    package = folder / "genpkg"
    (package / "corpus").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "corpus" / "__init__.py").write_text("", encoding="utf-8")
    lines = 0
    for case in cases:
        (package / "corpus" / f"{case.kind}_{case.path.name}").write_text(case.source, encoding="utf-8")
        lines += case.lines
    root = site_packages()["aiohttp"]
    for path in sorted(root.rglob("*.py")):
        if lines >= GENERATED_LINES:
            break
        target = package / "aiohttp_copy" / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
        lines += len(path.read_text(encoding="utf-8").splitlines())
    for sub in (package / "aiohttp_copy").rglob("*"):
        if sub.is_dir() and not (sub / "__init__.py").exists():
            (sub / "__init__.py").write_text("", encoding="utf-8")
    (package / "aiohttp_copy" / "__init__.py").touch()
    return lines


def pin_to_one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed(command: list[str], cwd: Path, *, pinned: bool = False) -> float | str:
    """Wall seconds of one run, or a short reason it failed (exit codes 0 and 1 are runs: 1 means findings)."""
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, preexec_fn=pin_to_one_core if pinned else None
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        return f"exit {done.returncode}: {(done.stderr or done.stdout).strip().splitlines()[-1:]}"
    return elapsed


def median_of(command: list[str], cwd: Path, runs: int, *, pinned: bool = False) -> float | str:
    """Median wall seconds over ``runs`` after one warm-up run (which fills caches such as mypy's)."""
    samples = []
    for _ in range(runs + 1):
        result = timed(command, cwd, pinned=pinned)
        if isinstance(result, str):
            return result
        samples.append(result)
    return statistics.median(samples[1:])


def cli_help() -> str | None:
    """``async-patterns check --help``, or None while the command does not exist."""
    exe = BIN / "async-patterns"
    if not exe.exists():
        return None
    done = subprocess.run([str(exe), "check", "--help"], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def seconds_text(value: float | str) -> str:
    return f"{value:.3f} s" if isinstance(value, float) else value


def print_speed(api: Any | None, cases: list[Case], runs: int, linter_seconds: dict[str, float]) -> None:
    print("## Speed\n")
    rows: list[tuple[str, str, str, str]] = []
    if api is not None:
        corpus = [(str(c.path.relative_to(REPO)), c.source) for c in cases]
        site = read_sources(site_packages())
        for label, sources in (("corpus", corpus), ("installed aiohttp + anyio sources", site)):
            lines = sum(len(text.splitlines()) for _, text in sources)
            best = statistics.median(own_seconds(api, sources, runs))
            rows.append((f"own rules in-process, one core: {label} ({lines:,} lines)", f"{best:.3f} s",
                         f"{lines / best:,.0f} lines/s", "(context)"))  # fmt: skip
    else:
        rows.append(("own rules in-process", "not available yet", "", ""))
    corpus_total = ", ".join(f"{tool} {seconds:.2f} s" for tool, seconds in linter_seconds.items())
    rows.append(("linters over the corpus, one process each, cold (quality run)", corpus_total, "", "(context)"))
    with tempfile.TemporaryDirectory(prefix="bench-check-") as scratch:
        folder = Path(scratch)
        lines = generate_package(folder, cases)
        rows.extend(cli_rows(api, folder, lines, runs))
    table(("measure", "time (median)", "rate / ratio", "target"), rows)
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"Load average (1, 5, 15 min) after the runs: {load}; {runs} timed runs after one warm-up each.\n")


def cli_rows(api: Any | None, folder: Path, lines: int, runs: int) -> list[tuple[str, str, str, str]]:
    package = str(folder / "genpkg")
    help_text = cli_help()
    exe = str(BIN / "async-patterns")
    rows = []
    label = f"generated package ({lines:,} lines)"
    if help_text is not None and "--no-external" in help_text:
        own = median_of([exe, "check", "--no-external", package], folder, runs, pinned=True)
        rate = f"{lines / own:,.0f} lines/s" if isinstance(own, float) else ""
        rows.append((f"`async-patterns check --no-external`, one core, {label}", seconds_text(own), rate, "≤ 1 s"))
    elif api is not None:
        with one_core():
            samples = []
            for _ in range(runs + 1):
                started = time.perf_counter()
                api.check_paths([package])
                samples.append(time.perf_counter() - started)
        own = statistics.median(samples[1:])
        rows.append((f"CLI not available yet: `check_paths` in-process, one core, {label}", f"{own:.3f} s",
                     f"{lines / own:,.0f} lines/s", "≤ 1 s (the CLI's figure adds start-up)"))  # fmt: skip
    else:
        rows.append((f"`async-patterns check --no-external`, {label}", "not available yet", "", "≤ 1 s"))
    by_hand = [median_of(cmd, folder, runs) for cmd in hand_commands(package, folder)]
    if all(isinstance(s, float) for s in by_hand):
        hand = sum(s for s in by_hand if isinstance(s, float))
        parts = " + ".join(f"{s:.2f}" for s in by_hand if isinstance(s, float))
        rows.append((f"ruff + flake8-async + mypy by hand, one after another, {label}", f"{hand:.3f} s",
                     f"({parts} s)", "baseline"))  # fmt: skip
    else:
        hand = None
        rows.append(("ruff + flake8-async + mypy by hand", "; ".join(map(seconds_text, by_hand)), "", "baseline"))
    if help_text is None:
        rows.append((f"`async-patterns check` with external tools, {label}", "not available yet", "", "≤ 1.2×"))
        return rows
    whole = median_of([exe, "check", package], folder, runs)
    versus = f"{whole / hand:.2f}× by hand" if isinstance(whole, float) and hand else ""
    rows.append((f"`async-patterns check` with external tools, {label}", seconds_text(whole), versus, "≤ 1.2×"))
    return rows


def hand_commands(package: str, folder: Path) -> list[list[str]]:
    return [ruff_command([package]), flake8_command([package]), mypy_command([package], folder / "mypy-cache")]


# ---------------------------------------------------------------- real code


def print_real_code(api: Any) -> None:
    print("## Real code: own rules over the installed aiohttp and anyio\n")
    rows = []
    listing: list[str] = []
    for name, root in site_packages().items():
        sources = read_sources({name: root})
        lines = sum(len(text.splitlines()) for _, text in sources)
        found = [(path, f) for path, text in sources for f in api.check_source(text, path)]
        own = [(path, f) for path, f in found if OWN_CODE.match(f.code)]
        codes = Counter(f.code for _, f in own)
        by_code = ", ".join(f"{code}×{n}" for code, n in sorted(codes.items())) or "none"
        version = importlib.import_module(name).__dict__.get("__version__", "")
        per_k = f"{1000 * len(own) / lines:.2f}"
        rows.append((f"{name} {version}".strip(), len(sources), f"{lines:,}", len(own), per_k, by_code,
                     len(found) - len(own)))  # fmt: skip
        listing.extend(f"- `{path}:{f.line}` {f.code} {f.message}" for path, f in found)
    header = ("package", "files", "lines", "AP1xx findings", "per 1,000 lines", "by code", "diagnostics")
    table(header, rows)
    print("Every finding, for review:\n")
    print("\n".join(listing) or "(none)")
    print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per speed measure, after a warm-up (default 3)")
    parser.add_argument("--skip-speed", action="store_true", help="quality and real-code figures only")
    args = parser.parse_args(argv)
    cases = load_corpus()
    print_corpus(cases)
    api = own_api()
    if api is None:
        print("Own rules (`async_patterns.check.check_source`): not available yet; linter baseline only.\n")
    else:
        run_own(api, cases)
    with tempfile.TemporaryDirectory(prefix="bench-check-lint-") as scratch:
        linter_seconds = run_linters(cases, Path(scratch))
    print_quality(cases, own=api is not None)
    if api is not None:
        print_own_details(cases)
    print_linter_alarms(cases)
    if not args.skip_speed:
        print_speed(api, cases, args.runs, linter_seconds)
    if api is not None:
        print_real_code(api)
    return 0


if __name__ == "__main__":
    sys.exit(main())
