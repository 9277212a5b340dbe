"""The trigger matcher, its safety rules, the compiled table, and the match / eval-triggers commands."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import async_patterns
from async_patterns.errors import EvalSetError, TableError
from async_patterns.layout import TABLE_NAME
from async_patterns.skill.manifest import load_manifest
from async_patterns.triggers.evaluation import evaluate, load_cases
from async_patterns.triggers.matcher import Matcher, bundled_matcher
from async_patterns.triggers.rules import check_pattern, pattern_anchors, term_tokens
from async_patterns.triggers.vocabulary import build_table, table_text
from tests.paths import REPO

DATA = REPO / "tests" / "data"
CORPUS = DATA / "trigger_cases.yaml"
IDENTIFIER_CASES = yaml.safe_load((DATA / "triggers" / "identifier_cases.yaml").read_text(encoding="utf-8"))


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "async_patterns", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO,
    )


# --- the corpus ----------------------------------------------------------------------------


def test_corpus_meets_the_targets() -> None:
    """On the labelled corpus the matcher reaches precision >= 0.95 and recall >= 0.90."""
    cases = [case for case in load_cases(CORPUS) if case.should_trigger is not None]
    result = evaluate(bundled_matcher(), cases)
    assert result.precision >= 0.95, [o.case.query for o in result.misclassified]
    assert result.recall >= 0.90, [o.case.query for o in result.misclassified]


def test_corpus_has_the_promised_shape() -> None:
    """The corpus holds >= 250 cases: >= 100 positives (context-only ones too), >= 100 negatives, borderline ones."""
    cases = load_cases(CORPUS)
    positives = [c for c in cases if c.should_trigger is True]
    negatives = [c for c in cases if c.should_trigger is False]
    seed_words = ("async", "await", "asyncio", "concurrent", "aiohttp", "gather", "create_task", "timeout")
    assert len(cases) >= 250
    assert len(positives) >= 100
    assert len(negatives) >= 100
    assert any(c.should_trigger is None for c in cases)
    assert sum(1 for c in positives if c.context) >= 5
    assert sum(1 for c in positives if not any(w in c.query.lower() for w in seed_words)) >= 40
    assert {c.split for c in cases if c.should_trigger is not None} == {"train", "holdout"}


# --- matching rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", IDENTIFIER_CASES, ids=[c["prompt"][:30] for c in IDENTIFIER_CASES])
def test_identifier_aware_matching(case: dict[str, str]) -> None:
    """Code names match as whole identifier tokens, case-insensitively, even inside other scripts."""
    result = async_patterns.match(case["prompt"])
    fired = {reason.signal: reason for reason in result.reasons}
    assert case["signal"] in fired
    reason = fired[case["signal"]]
    assert reason.text == case["text"]
    assert case["prompt"][reason.span[0] : reason.span[1]] == reason.text


def test_words_inside_other_identifiers_do_not_match() -> None:
    """'await' is not found inside 'awaitable', nor 'asyncio' inside 'myasyncio'."""
    signals = {reason.signal for reason in async_patterns.match("awaitable myasyncio").reasons}
    assert "await-word" not in signals
    assert "asyncio-api" not in signals


def test_context_alone_can_activate() -> None:
    """A vague prompt activates when the context is asyncio code, and not when it is JavaScript."""
    python = "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n"
    javascript = "const r = await fetch(url);\nfunction go() { return r; }\n"
    assert not async_patterns.match("why does this hang?").activate
    assert async_patterns.match("why does this hang?", python).activate
    assert not async_patterns.match("why does this hang?", javascript).activate


def test_result_is_frozen_and_consistent() -> None:
    """The result is a frozen dataclass whose score is the sum of its reasons' weights."""
    result = async_patterns.match("asyncio.gather in JavaScript?")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 9
    assert result.score == pytest.approx(sum(reason.weight for reason in result.reasons))
    assert result.activate == (result.score >= result.threshold)
    assert any(reason.kind == "negative" for reason in result.reasons)


def test_matching_is_deterministic_across_matchers() -> None:
    """Two matchers built separately give identical results, reasons and order included."""
    prompts = [case.query for case in load_cases(CORPUS)]
    first, second = Matcher.from_manifest(REPO), Matcher.from_table_file(REPO / TABLE_NAME)
    assert [first.match(p) for p in prompts] == [second.match(p) for p in prompts]


# --- safety of the vocabulary --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(a+)+b", "unbounded"),
        (r"(\w+\s?)*$", "unbounded"),
        (r"x.*y", "unbounded"),
        (r"(a)\1", "backreferences"),
        (r"foo(?=bar)", "lookahead"),
        (r"(?<!x)foo", "lookahead"),
        (r"(?:\w{1,40} ){1,40}x", "ways"),
        (r"Fetch", "lower case"),
        (r"(", "not a regular expression"),
    ],
)
def test_unsafe_patterns_are_refused(pattern: str, problem: str) -> None:
    """Patterns that may backtrack without bound, or are malformed, are refused with a reason."""
    with pytest.raises(TableError, match=problem):
        check_pattern(pattern)


@pytest.mark.parametrize("pattern", [r"\bnever awaited\b", r"\b(?:fetch|get)\w{0,4}+ \d{1,5} urls?", r"\bc#", r"\S\D"])
def test_safe_patterns_are_accepted(pattern: str) -> None:
    """Bounded quantifiers, alternations and escapes such as \\S and \\D are accepted."""
    check_pattern(pattern)


@pytest.mark.parametrize("term", ["c#", "asíncrono", "a*b", "*x", " x"])
def test_terms_outside_the_token_rules_are_refused(term: str) -> None:
    """A term that would not tokenize as written is refused, pointing to patterns instead."""
    with pytest.raises(TableError, match="pattern"):
        term_tokens(term)


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (
            r"\bawait (?:keywords|statement)\b",
            {"tokens": ["keywords", "statement"], "also": [["await"]], "text": [["await "]]},
        ),
        (r"\bawait (?:keyword|call)\b", {"tokens": ["await"], "also": [["call", "keyword"]], "text": [["await "]]}),
        (
            r"\b(?:fetch|get)\w{0,3} urls\b",
            {"tokens": ["urls"], "also": [["fetch*", "get*"]], "text": [[" urls"]], "lead": ["fetch*", "get*"]},
        ),
        (r"\bc#", {"tokens": ["c"], "text": [["c#"]]}),
        (  # re factors the shared "s" out of the alternation; the words are still the whole words
            r"\b(?:sincron[ao]s?|synchrone[nrs]?)\b",
            {"tokens": ["sincron*", "synchrone*"], "lead": ["sincron*", "synchrone*"]},
        ),
        (
            r"\b(?:falls|fell) behind\b",
            {"tokens": ["behind"], "also": [["falls", "fell"]], "text": [[" behind"]], "lead": ["falls", "fell"]},
        ),
        (r"\.py\b", {"tokens": ["py"], "text": [[".py"]]}),
        (r"=> ?\{", {"text": [["=>"]]}),
        (
            r"(?:fetch|get)\w{0,3}+ (?:all|many) urls?",
            {"tokens": ["url*"], "also": [["all", "many"]], "text": [[" url"], ["fetch", "get"]]},
        ),
        (r"(?:x|yy)z{2,3}", None),  # one-letter texts are no use as filters
        (r"(?i)abc", None),  # ignoring case, a literal does not say what the text holds
        (r"\d{2,3}", None),
    ],
)
def test_pattern_anchors(pattern: str, anchors: dict[str, Any] | None) -> None:
    """Anchors name the words and the texts every match must contain; none when nothing is certain."""
    found = pattern_anchors(pattern)
    if anchors is None:
        assert found is None
    else:
        assert found is not None
        assert {key: value for key, value in found.items() if key != "width"} == anchors


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        ("never awaited", ["never awaited", "it was never awaited!", "x never awaited"]),
        (r"\b(?:fetch|get)\w{0,3}+ (?:all|many) urls?", ["fetch all urls", "gets many url", "fetched all url"]),
        (r"\bawait (?:a |the )?(?:coroutine|task)s?\b", ["await a coroutine", "await tasks"]),
    ],
)
def test_anchors_hold_in_every_match(pattern: str, texts: list[str]) -> None:
    """Every match holds one word of each word group and one text of each text group, and fits the width."""
    anchors = pattern_anchors(pattern)
    assert anchors is not None
    for text in texts:
        found = re.search(pattern, text, re.ASCII)
        assert found is not None, text
        words = re.findall(r"[a-z0-9_]+", found.group())
        for group in [anchors.get("tokens", []), *anchors.get("also", [])]:
            assert any(w == g or (g.endswith("*") and w.startswith(g[:-1])) for g in group for w in words), group
        for group in anchors.get("text", []):
            assert any(t in found.group() for t in group), group
        assert len(found.group()) <= anchors["width"]


def test_compiled_table_is_in_sync_with_the_manifest() -> None:
    """triggers.json is exactly what skill.yaml generates, so `validate` reports no drift for it."""
    assert (REPO / TABLE_NAME).read_text(encoding="utf-8") == table_text(load_manifest(REPO))


def test_matcher_for_another_skill(tmp_path: Path) -> None:
    """Matcher.from_manifest builds a matcher from any skill folder's own vocabulary."""
    data = yaml.safe_load((REPO / "skill.yaml").read_text(encoding="utf-8"))
    data["triggers"] = yaml.safe_load((DATA / "triggers" / "other_skill.yaml").read_text(encoding="utf-8"))
    (tmp_path / "skill.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    matcher = Matcher.from_manifest(tmp_path / "skill.yaml")
    assert matcher.match("A sourdough recipe please").activate
    assert not matcher.match("asyncio gather").activate
    assert not matcher.match("a CSS recipe for sourdough-coloured buttons").activate


def test_a_refused_pattern_is_located(tmp_path: Path) -> None:
    """A pattern the matcher refuses raises TableError whose path points at it in skill.yaml."""
    data = yaml.safe_load((REPO / "skill.yaml").read_text(encoding="utf-8"))
    triggers = yaml.safe_load((DATA / "triggers" / "other_skill.yaml").read_text(encoding="utf-8"))
    triggers["signals"][1] = {"id": "bad", "kind": "positive", "weight": 1.0, "patterns": [r"\bok", r"(?:ab)+c"]}
    data["triggers"] = triggers
    (tmp_path / "skill.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(TableError, match="signal 'bad'") as raised:
        Matcher.from_manifest(tmp_path)
    assert raised.value.path == ("triggers", "signals", 1, "patterns", 1)


def test_a_term_without_words_is_located() -> None:
    """A compiled term with no token (a table not made from a schema-checked manifest) is refused, located."""
    signals = [{"id": "x", "kind": "positive", "weight": 1.0, "terms": {"ok": ["ok"], "()": []}}]
    with pytest.raises(TableError, match="no word") as raised:
        build_table({"threshold": 1.0}, signals)
    assert raised.value.path == ("triggers", "signals", 0, "terms", 1)


# --- command line ----------------------------------------------------------------------------


def test_match_command_text_json_and_quiet(tmp_path: Path) -> None:
    """`match` explains its verdict in text or JSON, and --quiet answers with the exit code alone."""
    text = cli("match", "My asyncio.gather call hangs")
    assert text.returncode == 0
    assert text.stdout.startswith("applies")
    assert "asyncio-api" in text.stdout
    data = json.loads(cli("match", "asyncio.gather", "--format", "json").stdout)
    assert data["activate"] is True
    assert {"signal", "kind", "text", "span", "weight", "source"} <= set(data["reasons"][0])
    assert cli("match", "--quiet", "asyncio.gather hangs").returncode == 0
    quiet = cli("match", "--quiet", "a name for my dog")
    assert (quiet.returncode, quiet.stdout) == (1, "")
    code = tmp_path / "worker.py"
    code.write_text("import asyncio\nasync def run():\n    await asyncio.sleep(1)\n", encoding="utf-8")
    assert cli("match", "--quiet", "why does this hang", "--context-file", str(code)).returncode == 0


def test_match_jsonl_keeps_order_and_reports_bad_lines() -> None:
    """--jsonl answers every line in order; a malformed line gets an error object and exit 1."""
    lines = [
        json.dumps({"prompt": "aiohttp session leak"}),
        "not json",
        json.dumps({"query": "nginx proxy_read_timeout"}),
        json.dumps([1, 2]),
        json.dumps({"prompt": "why does this hang", "context": "import asyncio\nasync def f(): await g()"}),
        json.dumps({"prompt": 3}),
    ]
    result = cli("match", "--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 1
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["line"] for a in answers] == [1, 2, 3, 4, 5, 6]
    assert [a.get("activate") for a in answers] == [True, None, False, None, True, None]
    assert all("error" in answers[i] for i in (1, 3, 5))


@pytest.mark.parametrize("name", ["skill_creator_evals.json", "skill_creator_evals.yaml"])
def test_eval_triggers_reads_skill_creator_sets(name: str) -> None:
    """eval-triggers scores skill-creator's [{query, should_trigger}] lists in JSON and YAML."""
    result = cli("eval-triggers", str(DATA / "triggers" / name), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["precision"] == 1.0
    assert data["recall"] == 1.0
    assert data["misclassified"] == []


def test_eval_triggers_text_report_and_thresholds() -> None:
    """The text report gives precision, recall and F1; --min-recall above the figure exits 1."""
    result = cli("eval-triggers", str(CORPUS), "--split", "holdout")
    assert result.returncode == 0
    assert result.stdout.startswith("precision ")
    assert "F1" in result.stdout
    assert cli("eval-triggers", str(CORPUS), "--min-recall", "1.01").returncode == 1


def test_eval_triggers_reports_a_bad_case_in_one_line(tmp_path: Path) -> None:
    """A malformed case is one located error line and exit 1, never a traceback."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"query": "x", "should_trigger": "yes"}]), encoding="utf-8")
    result = cli("eval-triggers", str(bad))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "case 0" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(EvalSetError, match="query"):
        load_cases(_write(tmp_path / "q.yaml", "- {should_trigger: true}\n"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _reason_ids(result: Any) -> list[str]:
    return [reason.signal for reason in result.reasons]


def test_public_api_exports_match() -> None:
    """`match`, `Matcher`, `Match` and `Reason` are part of the lazy public API."""
    for name in ("match", "Matcher", "Match", "Reason"):
        assert name in async_patterns.__all__
        assert getattr(async_patterns, name) is not None
    assert _reason_ids(async_patterns.Matcher.from_manifest(REPO).match("uvloop"))
