"""Properties of the matcher and the hook over arbitrary input (hypothesis)."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from async_patterns.hook import run
from async_patterns.skill.manifest import load_manifest
from async_patterns.triggers.evaluation import load_cases
from async_patterns.triggers.matcher import bundled_matcher
from async_patterns.triggers.scanner import lower_same_length
from tests.paths import REPO

SIGNALS = load_manifest(REPO).triggers["signals"]
CORPUS_PROMPTS = [case.query for case in load_cases(REPO / "tests" / "data" / "trigger_cases.yaml")]
VOCABULARY = [
    "asyncio",
    "await",
    "gather(*",
    "never awaited",
    "event loop",
    "JavaScript",
    "fetch 100 urls in parallel",
    "c#",
    "İ",
    "\u202e",
    "\x00",
    "\ud800",
    "异步",
    "::",
    ".py",
]
texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=5), max_size=30).map(" ".join),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(0, 100_000)),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(texts, st.none() | texts)
def test_any_text_gives_a_consistent_result(prompt: str, context: str | None) -> None:
    """Any prompt and context: no exception, score = sum of weights, spans point at the reported text."""
    result = bundled_matcher().match(prompt, context)
    assert abs(result.score - sum(reason.weight for reason in result.reasons)) < 1e-6
    assert result.activate == (result.score >= result.threshold)
    for reason in result.reasons:
        source = prompt if reason.source == "prompt" else context or ""
        assert source[reason.span[0] : reason.span[1]].startswith(reason.text)


@settings(max_examples=100, deadline=None)
@given(texts)
def test_anchored_patterns_find_what_a_plain_search_finds(prompt: str) -> None:
    """Gating patterns by their anchors never loses a match: a signal fires whenever one of its regexes matches."""
    scanner = bundled_matcher().scanner
    lowered = lower_same_length(prompt)
    fired = {index for index, _, _, _ in scanner.scan(prompt)}
    for index, signal in enumerate(SIGNALS):
        if signal["kind"] == "context" or "patterns" not in signal:
            continue
        matches = any(re.search(regex, lowered, re.ASCII) for regex in signal["patterns"])
        if matches:
            assert index in fired, signal["id"]
        elif "terms" not in signal:
            assert index not in fired, signal["id"]


def reference_hits(text: str) -> list[tuple[int, int, int]]:
    """The documented rule, done the slow and obvious way: for each prompt signal, its terms
    and patterns in sorted order, the first that matches anywhere, at its first match."""
    lowered = lower_same_length(text)
    hits = []
    for index, signal in enumerate(SIGNALS):
        if signal["kind"] == "context":
            continue
        entries = [(term, False) for term in signal.get("terms", [])] + [(p, True) for p in signal.get("patterns", [])]
        for entry, is_pattern in sorted(entries):
            found = re.search(entry if is_pattern else term_as_regex(entry), lowered, re.ASCII)
            if found is not None:
                hits.append((index, *found.span()))
                break
    return hits


def term_as_regex(term: str) -> str:
    tokens = re.findall(r"[a-z0-9_]+", term.lower())
    tail = "[a-z0-9_]*" if term.endswith("*") else "(?![a-z0-9_])"
    return "(?<![a-z0-9_])" + "[^a-z0-9_]{1,3}".join(map(re.escape, tokens)) + tail


@settings(max_examples=100, deadline=None)
@given(texts | st.lists(st.sampled_from(CORPUS_PROMPTS), min_size=1, max_size=8).map(" ".join))
def test_scanner_finds_what_the_plain_rule_finds(prompt: str) -> None:
    """The scanner's shortcuts (index, conditions, lead words, windows) change nothing: same signals, same spans.

    (Typo hits, signals numbered from ``typo_offset`` on, come from a second scan; ``test_typos`` covers them.)
    """
    scanner = bundled_matcher().scanner
    exact = scanner.typo_offset or len(scanner.signals)
    hits = [(index, start, end) for index, start, end, _ in scanner.scan(prompt) if index < exact]
    assert hits == reference_hits(prompt)


def test_a_late_match_in_a_long_text_is_found() -> None:
    """In a long text, a pattern whose only occurrence comes last is still found, at the same span."""
    prompt = "fetch the urls " * 1_000 + "fetch 20 urls in parallel"  # longer than the scanner's 10,000-char "long"
    hits = [(index, start, end) for index, start, end, _ in bundled_matcher().scanner.scan(prompt)]
    assert hits == reference_hits(prompt)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2_000) | json_values.map(lambda value: json.dumps(value).encode()))
def test_hook_never_raises_on_any_stdin(raw: bytes) -> None:
    """Any bytes or JSON on stdin: the hook returns, with either nothing, a diagnostic, or valid output."""
    out, err = run(raw, str(REPO))
    assert out is None or err is None
    if out is not None:
        answer: dict[str, Any] = json.loads(out)
        assert answer["hookSpecificOutput"]["hookEventName"] == "UserPromptSubmit"
        assert len(out) <= 10_000
    if err is not None:
        assert "\n" not in err


@settings(max_examples=100, deadline=None)
@given(texts)
def test_hook_answers_any_prompt(prompt: str) -> None:
    """Any prompt string in a well-formed payload: output only when the matcher says the skill applies."""
    raw = json.dumps({"hook_event_name": "UserPromptSubmit", "prompt": prompt}).encode()
    out, err = run(raw, str(REPO))
    assert err is None
    assert (out is not None) == bundled_matcher().match(prompt).activate
