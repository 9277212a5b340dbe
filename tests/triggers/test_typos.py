"""Typo tolerance: one edit away from a distinctive word matches, at a lower weight; two edits never do."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import async_patterns
from async_patterns.triggers.matcher import bundled_matcher
from async_patterns.triggers.ordinary_words import ORDINARY_WORDS
from async_patterns.triggers.typos import (
    MAX_TOKENS,
    Speller,
    corrected,
    one_edit,
    original_offset,
    typo_targets,
)
from async_patterns.triggers.vocabulary import TYPO_MIN_LENGTH, TYPO_WEIGHT, typo_table
from tests.paths import REPO

TABLE = bundled_matcher().scanner
RAW = json.loads((REPO / "triggers.json").read_text(encoding="utf-8"))["typos"]
TARGETS = sorted(typo_targets(RAW["keys"]))
KNOWN = frozenset(RAW["known"].split())
LETTERS = string.ascii_lowercase
WORD_LIST = Path("/usr/share/dict/words")


def speller() -> Speller:
    return Speller(RAW)


def edits(word: str) -> set[str]:
    """Every string one insertion, deletion, substitution or adjacent swap from ``word``, first letter kept."""
    out: set[str] = set()
    for at in range(1, len(word) + 1):
        out.update(word[:at] + letter + word[at:] for letter in LETTERS)
    for at in range(1, len(word)):
        out.add(word[:at] + word[at + 1 :])
        out.update(word[:at] + letter + word[at + 1 :] for letter in LETTERS)
        if at + 1 < len(word):
            out.add(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
    out.discard(word)
    return out


@pytest.mark.parametrize(
    ("typo", "signal"),
    [
        ("aiohtpp", "asyncio-libraries"),
        ("asyncoi", "asyncio-api"),
        ("asycnio", "asyncio-api"),
        ("coroutien", "coroutine"),
        ("uvlop", "asyncio-libraries"),
        ("awiat gahter", "asyncio-api"),
        ("semaphor", "concurrency"),
    ],
)
def test_typos_of_distinctive_words_match_at_a_lower_weight(typo: str, signal: str) -> None:
    """A typo fires its word's signal as a typo reason, weighted TYPO_WEIGHT of it, spanning the typed text."""
    prompt = f"help with {typo} please"
    result = async_patterns.match(prompt)
    (reason,) = [r for r in result.reasons if r.signal == signal]
    assert reason.typo
    full = next(s["weight"] for s in TABLE.signals if s["id"] == signal and not s.get("typo"))
    assert reason.weight == pytest.approx(full * TYPO_WEIGHT)
    assert prompt[reason.span[0] : reason.span[1]] == reason.text
    assert typo.split()[-1] in reason.text


def test_exact_word_beats_its_typo() -> None:
    """A signal that fires exactly is not counted again through a typo."""
    result = async_patterns.match("asyncio and asyncoi")
    assert [r.signal for r in result.reasons].count("asyncio-api") == 1
    assert not next(r for r in result.reasons if r.signal == "asyncio-api").typo


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(TARGETS), st.data())
def test_one_edit_from_a_target_is_read_as_it(target: str, data: st.DataObject) -> None:
    """Every one-edit variant (first letter kept) that is no known word reads as a target one edit away."""
    variants = sorted(v for v in edits(target) if len(v) >= TYPO_MIN_LENGTH - 1 and v not in KNOWN and v not in TARGETS)
    if not variants:
        return
    variant = data.draw(st.sampled_from(variants))
    fixes = speller().fixes({variant})
    assert variant in fixes
    assert one_edit(variant, fixes[variant])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(TARGETS), st.data())
def test_two_edits_never_match(target: str, data: st.DataObject) -> None:
    """A variant two edits from every target (and not a target) is never corrected."""
    first = data.draw(st.sampled_from(sorted(edits(target))))
    second = data.draw(st.sampled_from(sorted(edits(first))))
    if any(one_edit(second, word) or second == word for word in TARGETS):
        return  # it happens to be one edit from some target
    assert speller().fixes({second}) == {}


@pytest.mark.parametrize("token", ["sync", "wait", "aio", "asy", "trio", "task", "loop"])
def test_short_words_are_never_typos(token: str) -> None:
    """Tokens of fewer than TYPO_MIN_LENGTH - 1 letters, and ordinary short words, are never corrected."""
    assert speller().fixes({token}) == {}


def test_targets_are_long_and_known_words_are_kept() -> None:
    """Targets have TYPO_MIN_LENGTH letters or more; dunders, ordinary words and first-letter changes are left alone."""
    assert min(map(len, TARGETS)) >= TYPO_MIN_LENGTH
    assert speller().fixes({"__next__", "__iter__", "panic", "tokyo", "basyncio", "syncio"}) == {}
    assert typo_table([])["keys"] == {}


@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz _.", max_size=12), max_size=20))
def test_corrected_offsets_map_back(words: list[str]) -> None:
    """Offsets of the corrected text map to the same token boundaries of the original."""
    text = " ".join(words) + " aiohtpp x"
    view = f" {re.sub(r'[^a-z0-9_]', ' ', text)} "
    fixed, segments = corrected(text, view, {"aiohtpp": "aiohttp"})
    start = fixed.rindex("aiohttp")
    assert text[original_offset(segments, start) : original_offset(segments, start + 7)] == "aiohtpp"
    assert original_offset(segments, len(fixed)) == len(text)


def test_huge_texts_are_not_corrected() -> None:
    """A text with more than MAX_TOKENS distinct tokens skips typo reading (bounded, deterministic)."""
    tokens = {f"w{n}" for n in range(MAX_TOKENS)} | {"aiohtpp"}
    assert speller().fixes(tokens) == {}


@pytest.mark.skipif(not WORD_LIST.is_file(), reason="no English word list (Debian: apt-get install wamerican)")
def test_ordinary_words_cover_the_word_list() -> None:
    """Every English word one edit from a target is in ORDINARY_WORDS (else: add the words named here)."""
    words = {line.strip().lower() for line in WORD_LIST.read_text(encoding="utf-8", errors="replace").splitlines()}
    words = {w for w in words if re.fullmatch(r"[a-z]{4,40}", w)} - set(TARGETS)
    by_letter: dict[str, list[str]] = {}
    for target in TARGETS:
        by_letter.setdefault(target[0], []).append(target)
    missing = sorted(w for w in words - ORDINARY_WORDS if any(one_edit(w, t) for t in by_letter.get(w[0], ())))
    assert missing == []
