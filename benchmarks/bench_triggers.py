"""Trigger matching figures, all measured in one run: accuracy, throughput, big prompts, hook start-up.

Run: ``.venv/bin/python benchmarks/bench_triggers.py [--runs N]``

- Precision and recall on ``tests/data/trigger_cases.yaml`` (train, held-out, all), beside
  the naive baseline community keyword hooks use: fire when any of the seed's eight trigger
  words appears as a case-insensitive substring.
- Precision and recall on the generalisation corpus
  (``tests/data/triggers/generalisation/``): its tuning part and its held-out part, each
  also as recall (and false alarms) per style.
- Matcher throughput on one core, as CPU time of this process (less disturbed than wall
  time when other work shares the machine): on the corpus prompts (all <= 500 characters);
  on realistic prompts of 300-500 characters (``benchmarks/data/realistic_prompts.txt``,
  asyncio and other topics as people write them); and on prompts of exactly 500
  characters made of corpus prompts joined, dense in asyncio vocabulary (a worst case).
- CPU time for a 1 MB prompt, for realistic text and for adversarial shapes.
- The hooks' whole-process time (the registered ``scripts/hook.py`` and ``async-patterns
  hook``, and the code-context hook ``scripts/context_hook.py`` on a PostToolUse payload for an
  asyncio file, each run a new session so it answers) beside ``python -c pass`` of the same interpreter, interleaved so load on the
  machine hits every command alike. Measured twice: with the package installed as pip
  installs a wheel (a copy laid out like the wheel, byte-compiled as pip does), and from
  this source checkout with no byte code (``PYTHONDONTWRITEBYTECODE=1``, as this machine
  sets it), where every run compiles the package's modules from source.
- A CPU calibration figure and the load average, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

from async_patterns.layout import BUNDLED_FOLDER, SKILL_NAME
from async_patterns.triggers.evaluation import Case, evaluate, load_cases
from async_patterns.triggers.matcher import Matcher

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "trigger_cases.yaml"
REALISTIC = Path(__file__).resolve().parent / "data" / "realistic_prompts.txt"
GENERALISATION = REPO / "tests" / "data" / "triggers" / "generalisation"
SEED_WORDS = ("async", "await", "asyncio", "concurrent", "aiohttp", "gather", "create_task", "timeout")
HOOK_PAYLOAD = {
    "session_id": "bench",
    "transcript_path": "/tmp/transcript.jsonl",
    "cwd": "/tmp",
    "permission_mode": "default",
    "hook_event_name": "UserPromptSubmit",
    "prompt": "My asyncio.gather call hangs and a coroutine was never awaited, how do I fix it?",
}


def naive_fires(case: Case) -> bool:
    text = case.query.lower()
    return any(word in text for word in SEED_WORDS)


def rates(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    """(precision, recall) of (expected, fired) pairs."""
    tp = sum(1 for expected, fired in pairs if expected and fired)
    fp = sum(1 for expected, fired in pairs if not expected and fired)
    fn = sum(1 for expected, fired in pairs if expected and not fired)
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def accuracy_rows(matcher: Matcher, cases: list[Case]) -> list[tuple[str, str, float, float]]:
    rows = []
    for name, subset in (
        ("train", [c for c in cases if c.split == "train"]),
        ("held-out", [c for c in cases if c.split == "holdout"]),
        ("all", [c for c in cases if c.should_trigger is not None]),
    ):
        result = evaluate(matcher, subset)
        naive = rates([(bool(c.should_trigger), naive_fires(c)) for c in subset])
        rows.append((f"precision / recall, {name} ({len(subset)})", "matcher", result.precision, result.recall))
        rows.append((f"precision / recall, {name} ({len(subset)})", "naive baseline", *naive))
    return rows


def generalisation_rows(matcher: Matcher) -> list[tuple[str, str, str, str]]:
    """(measure, what, value, target) rows for both parts of the generalisation corpus, overall and per style."""
    from async_patterns.skill.yamlsafe import load_yaml

    rows = []
    for part, label in (("tuning", "tuning"), ("heldout", "held-out")):
        path = GENERALISATION / f"{part}.yaml"
        styles = [row["style"] for row in load_yaml(path.read_text(encoding="utf-8")).data["cases"]]
        result = evaluate(matcher, load_cases(path))
        target = ">= 0.95 / >= 0.92" if part == "heldout" else "(tuned on)"
        value = f"{result.precision:.3f} / {result.recall:.3f}"
        rows.append((f"precision / recall, generalisation {label} ({len(styles)})", "matcher", value, target))
        counts: dict[str, list[int]] = {}
        for style, outcome in zip(styles, result.outcomes, strict=True):
            tally = counts.setdefault(style, [0, 0, 0, 0])  # positives, found, negatives, false alarms
            if outcome.case.should_trigger:
                tally[0] += 1
                tally[1] += outcome.match.activate
            else:
                tally[2] += 1
                tally[3] += outcome.match.activate
        for style, (positives, found, negatives, alarms) in sorted(counts.items()):
            rows.append(
                (
                    f"generalisation {label}, style {style}",
                    "recall; false alarms",
                    f"{found}/{positives} = {found / positives if positives else 1:.3f}; {alarms}/{negatives}",
                    "(context)",
                )
            )
    return rows


def throughput(matcher: Matcher, prompts: list[str], seconds: float = 2.0) -> float:
    """Prompts per CPU second, matching the list over and over for about ``seconds``."""
    for prompt in prompts:
        matcher.match(prompt)  # warm the per-token cache, as a long-lived process would be
    count, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        for prompt in prompts:
            matcher.match(prompt)
        count += len(prompts)
    return count / (time.process_time() - start)


def padded(prompts: list[str], length: int = 500) -> list[str]:
    out = []
    for index, prompt in enumerate(prompts):
        text = prompt
        step = 1
        while len(text) < length:
            text += " " + prompts[(index + step) % len(prompts)]
            step += 1
        out.append(text[:length])
    return out


def realistic_prompts() -> list[str]:
    """The realistic prompts, one a line (lines starting with # are comments)."""
    lines = REALISTIC.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def megabyte_prompts(prompts: list[str]) -> dict[str, str]:
    size = 1_000_000
    realistic = ("\n".join(prompts) * (size // len("\n".join(prompts)) + 1))[:size]
    return {
        "1 MB of corpus prompts": realistic,
        "1 MB of 'a'": "a" * size,
        "1 MB of 'await '": ("await " * (size // 6 + 1))[:size],
        "1 MB of 'fetch ' (pattern openers)": ("fetch the urls " * (size // 15 + 1))[:size],
        "1 MB of CJK": ("异步代码卡住了" * (size // 7 + 1))[:size],
    }


def time_once(matcher: Matcher, text: str) -> float:
    """CPU seconds to match ``text`` once."""
    start = time.process_time()
    matcher.match(text)
    return time.process_time() - start


BARE = "python -c pass"
CONTEXT_HOOK = "python scripts/context_hook.py (PostToolUse, first call of a session)"
HOOK_COMMANDS = {
    BARE: [sys.executable, "-c", "pass"],
    "python scripts/hook.py (registered hook)": [sys.executable, str(REPO / "scripts" / "hook.py")],
    "async-patterns hook (console script)": [str(Path(sys.executable).with_name("async-patterns")), "hook"],
    CONTEXT_HOOK: [sys.executable, str(REPO / "scripts" / "context_hook.py")],
}
ASYNCIO_FILE = "import asyncio\n\n\nasync def main() -> None:\n    await asyncio.sleep(1)\n\n\nasyncio.run(main())\n"


def context_payload(session: str, path: Path) -> bytes:
    return json.dumps(
        {
            "session_id": session,
            "transcript_path": "/tmp/transcript.jsonl",
            "cwd": str(path.parent),
            "permission_mode": "default",
            "hook_event_name": "PostToolUse",
            "tool_name": "Read",
            "tool_input": {"file_path": str(path)},
            "tool_response": {"type": "text"},
        }
    ).encode()


def compiled_copy(folder: Path) -> Path:
    """The package copied into ``folder`` as a wheel lays it out, byte-compiled as pip does at install."""
    package = folder / "async_patterns"
    shutil.copytree(REPO / "src" / "async_patterns", package, ignore=shutil.ignore_patterns("__pycache__"))
    skill = package / BUNDLED_FOLDER / SKILL_NAME  # as pyproject's force-include lays it out
    skill.mkdir(parents=True)
    for name in ("SKILL.md", "skill.yaml", "triggers.json"):
        shutil.copy(REPO / name, skill / name)
    compileall.compile_dir(package, quiet=1)
    return folder


def hook_medians(runs: int, installed: Path | None) -> dict[str, float]:
    """Median wall time of each hook command and of the bare interpreter, interleaved.

    With ``installed`` (a ``compiled_copy``), the hook imports the package from there, with
    its byte code; without, from the source checkout, compiling it on every run. Nothing
    writes byte code (``PYTHONDONTWRITEBYTECODE``), so every run is alike.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    payload = json.dumps(HOOK_PAYLOAD).encode()
    samples: dict[str, list[float]] = {name: [] for name in HOOK_COMMANDS}
    with tempfile.TemporaryDirectory(prefix="bench-context-") as scratch:
        source = Path(scratch) / "service.py"
        source.write_text(ASYNCIO_FILE, encoding="utf-8")
        env["XDG_STATE_HOME"] = str(Path(scratch) / "state")
        for number in range(runs):
            for name, command in HOOK_COMMANDS.items():
                hook_env = env if installed is None or name == BARE else {**env, "PYTHONPATH": str(installed)}
                stdin = context_payload(f"bench-{number}", source) if name == CONTEXT_HOOK else payload
                start = time.perf_counter()
                done = subprocess.run(command, input=stdin, capture_output=True, check=False, env=hook_env)
                samples[name].append(time.perf_counter() - start)
                if done.returncode != 0 or (name != BARE and not done.stdout):
                    raise SystemExit(f"{name} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="hook process runs per command (default 40)")
    args = parser.parse_args()

    matcher = Matcher.from_manifest(REPO)
    cases = load_cases(CORPUS)
    prompts = [c.query for c in cases]
    print("| measure | what | value | target |")
    print("| --- | --- | --- | --- |")
    for measure, what, precision, recall in accuracy_rows(matcher, cases):
        print(f"| {measure} | {what} | {precision:.3f} / {recall:.3f} | >= 0.95 / >= 0.90 (matcher) |")
    for row in generalisation_rows(matcher):
        print("| " + " | ".join(row) + " |")
    longest = max(map(len, prompts))
    realistic = [prompt for prompt in realistic_prompts() if 300 <= len(prompt) <= 500]
    shortest, longest_realistic = min(map(len, realistic)), max(map(len, realistic))
    corpus_rate = throughput(matcher, prompts)
    realistic_rate = throughput(matcher, realistic)
    padded_rate = throughput(matcher, padded(prompts))
    print(f"| throughput, corpus prompts (<= {longest} chars) | matcher | {corpus_rate:,.0f} prompts/s | >= 20,000 |")
    print(
        f"| throughput, {len(realistic)} realistic prompts ({shortest}-{longest_realistic} chars) | matcher "
        f"| {realistic_rate:,.0f} prompts/s | >= 20,000 |"
    )
    print(
        f"| throughput, prompts of exactly 500 chars (corpus prompts joined: dense) | matcher "
        f"| {padded_rate:,.0f} prompts/s | >= 20,000 |"
    )
    for name, text in megabyte_prompts(prompts).items():
        print(f"| {name} | matcher | {time_once(matcher, text):.3f} s | <= 0.2 s |")
    calibration = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"| CPU calibration: sum(range(1000)) | this machine now | {calibration * 1e6:.1f} us | (context) |")
    print(f"| load average (1, 5, 15 min) | this machine now | {load} | (context) |")
    with tempfile.TemporaryDirectory(prefix="bench-installed-") as folder:
        installed = compiled_copy(Path(folder))
        for label, place in (("installed, byte-compiled", installed), ("source checkout, no byte code", None)):
            medians = hook_medians(args.runs, place)
            bare = medians[BARE]
            for name, median in medians.items():
                ratio = median / bare
                target = "<= bare + 100 ms" if name == CONTEXT_HOOK else "<= 2x bare"
                print(
                    f"| hook process median, {args.runs} runs, {label} | {name} "
                    f"| {median * 1000:.1f} ms ({ratio:.2f}x, +{(median - bare) * 1000:.1f} ms) | {target} |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
