"""Building the trigger table from a manifest's vocabulary: what ``sync`` writes to triggers.json."""

from __future__ import annotations

import json
import re
from typing import Any

from async_patterns.errors import TableError
from async_patterns.skill.manifest import Manifest
from async_patterns.triggers.conditions import view_needle
from async_patterns.triggers.ordinary_words import ORDINARY_WORDS
from async_patterns.triggers.rules import pattern_anchors, term_tokens
from async_patterns.triggers.scanner import (
    BOUNDED_REGEX,
    KINDS,
    PREFIX,
    REGEX,
    SEPARATORS,
    SOURCES,
    TABLE_FORMAT,
    TOKEN_CHAR,
    WHOLE,
    Scanner,
)
from async_patterns.triggers.typos import one_edit, typo_index

# A word matched through a typo counts this share of its signal's weight; shorter words are never typos.
TYPO_WEIGHT = 0.6
TYPO_MIN_LENGTH = 5
TYPO_MIN_WEIGHT = 0.4  # the vocabulary's weakest words (gather-free talk: "concurrency", "semaphore") and stronger
TYPO_KINDS = (
    "positive",
    "intent",
)  # the words that make a prompt about asyncio; a misspelt "javscript" subtracts nothing
_TYPO_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz_")


def build_table(header: dict[str, Any], signals: list[dict[str, Any]]) -> dict[str, Any]:
    """The compiled table: ``header`` plus signals, entries in the order tried, and the indexes.

    Args:
        header: what the table carries as is (skill name, version, threshold).
        signals: each with ``id``, ``kind``, ``weight``, and ``terms`` (term -> its tokens,
            from ``trigger_rules.term_tokens``) and/or ``patterns`` (``regex`` and its
            ``anchors`` from ``trigger_rules.pattern_anchors``).

    Raises:
        TableError: a signal's kind is unknown or a term has no word; ``path`` locates it.
    """
    rows: list[tuple[int, str, bool, str, list[Any], list[str]]] = []
    for index, signal in enumerate(signals):
        base = ("triggers", "signals", index)
        if signal["kind"] not in KINDS:
            raise TableError(f"signal {signal['id']!r}: kind must be one of {', '.join(KINDS)}", (*base, "kind"))
        source = "context" if signal["kind"] == "context" else "prompt"
        for number, (term, tokens) in enumerate(signal.get("terms", {}).items()):
            if not tokens:
                raise TableError(
                    f"signal {signal['id']!r}: term {term!r} has no word to match", (*base, "terms", number)
                )
            rows.append((index, term, False, source, *_term_entry(index, term, tokens)))
        for number, spec in enumerate(signal.get("patterns", ())):
            rows.append((index, spec["regex"], True, source, *_pattern_entry(index, number, spec)))
    rows.sort(key=lambda row: row[:3])  # the fixed order a signal's entries are tried in
    indexes: dict[str, dict[str, Any]] = {
        source: {"words": {}, "conditional": {}, "prefixes": {}, "unindexed": [], "unindexed_ascii": []}
        for source in SOURCES
    }
    for number, (_, _, _, source, entry, keys) in enumerate(rows):
        _file(indexes[source], number, entry, keys)
    return {
        "format": TABLE_FORMAT,
        **header,
        "signals": [{"id": s["id"], "kind": s["kind"], "weight": s["weight"]} for s in signals],
        "entries": [entry for _, _, _, _, entry, _ in rows],
        "index": indexes,
        "typos": typo_table(signals),
    }


def typo_table(signals: list[dict[str, Any]]) -> dict[str, Any]:
    """The table's ``typos`` part (see ``triggers.typos``): the prompt vocabulary's longer
    words as targets, and the words never read as typos that are one edit from a target."""
    targets: set[str] = set()
    vocabulary: set[str] = set()
    for signal in signals:
        words = _signal_words(signal)
        vocabulary.update(words)
        if signal["kind"] in TYPO_KINDS and signal["weight"] >= TYPO_MIN_WEIGHT:
            targets.update(word for word in words if _typo_eligible(word))
    near = sorted(
        word for word in vocabulary.union(ORDINARY_WORDS) if any(one_edit(word, target) for target in targets)
    )
    return {
        "weight": TYPO_WEIGHT,
        "min_length": TYPO_MIN_LENGTH,
        "max_length": max(map(len, targets), default=0) + 1,
        "known": " ".join(near),
        "keys": typo_index(targets),
    }


def _signal_words(signal: dict[str, Any]) -> set[str]:
    """A compiled signal's words: its terms' tokens (and ``word`` + s for ``word*``) and its patterns' anchor words."""
    words: set[str] = set()
    for term, tokens in signal.get("terms", {}).items():
        words.update(tokens)
        if term.endswith("*"):
            words.add(tokens[-1] + "s")
    for spec in signal.get("patterns", ()):
        if not spec[
            "regex"
        ].isascii():  # another language's phrase: its ASCII words ("passe", "para") are no typo targets
            continue
        anchors = spec.get("anchors") or {}
        groups = [anchors.get("tokens", []), *anchors.get("also", []), anchors.get("lead", [])]
        words.update(word for group in groups for word in group if not word.endswith("*"))
    return words


def _typo_eligible(word: str) -> bool:
    return len(word) >= TYPO_MIN_LENGTH and set(word) <= _TYPO_LETTERS and not word.startswith("_")


def _term_entry(index: int, term: str, tokens: list[str]) -> tuple[list[Any], list[str]]:
    """A term as an entry, and the words it is filed under."""
    open_end = term.endswith("*")
    key = tokens[-1] + ("*" if open_end else "")
    if len(tokens) == 1:
        return [index, PREFIX if open_end else WHOLE, f" {tokens[0]}" + ("" if open_end else " ")], [key]
    body = SEPARATORS.join(map(re.escape, tokens))
    tail = f"{TOKEN_CHAR}*" if open_end else f"(?!{TOKEN_CHAR})"
    others = sorted(set(tokens[:-1]))  # an open-ended last token is no whole word to require
    return [index, BOUNDED_REGEX, f"\\b{body}{tail}", {"all": others}], [key]


def _pattern_entry(index: int, number: int, spec: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """A pattern as an entry, with the conditions its anchors give, and the words it is filed under."""
    regex, anchors = spec["regex"], spec.get("anchors") or {}
    conditions: dict[str, Any] = {"pattern": number}  # its number among its signal's patterns, for messages
    groups = anchors.get("also", [])
    if any(not _has_prefix(group) for group in groups):
        conditions["any"] = [group for group in groups if not _has_prefix(group)]
    if any(_has_prefix(group) for group in groups):
        conditions["view"] = [[view_needle(word) for word in group] for group in groups if _has_prefix(group)]
    for key in ("text", "width", "lead"):
        if key in anchors:
            conditions[key] = anchors[key]
    how = BOUNDED_REGEX if regex.startswith("\\b") else REGEX
    return [index, how, regex, conditions], list(anchors.get("tokens", []))


def _file(index: dict[str, Any], number: int, entry: list[Any], keys: list[str]) -> None:
    """File entry ``number`` under its words (``word*``: a token starting with ``word``)."""
    if not keys:
        index["unindexed"].append(number)
        if all(any(text.isascii() for text in texts) for texts in entry[3].get("text", ())):
            index["unindexed_ascii"].append(number)  # an ASCII-only text may hold it
    for key in keys:
        if key.endswith("*"):
            index["prefixes"].setdefault(key[:-1], []).append(number)
        elif entry[1] == BOUNDED_REGEX and "all" in entry[3]:  # a phrase: its other tokens are checked at once
            index["conditional"].setdefault(key, []).append([number, entry[3]["all"]])
        else:
            index["words"].setdefault(key, []).append(number)


def _has_prefix(words: list[str]) -> bool:
    return any(word.endswith("*") for word in words)


def compile_table(manifest: Manifest) -> dict[str, Any]:
    """The plain-data trigger table of ``manifest``, as ``sync`` writes it.

    Raises:
        TableError: a term breaks the matcher's rules; ``path`` locates it in skill.yaml.
    """
    triggers = manifest.triggers
    signals = []
    for index, signal in enumerate(triggers["signals"]):
        compiled: dict[str, Any] = {"id": signal["id"], "kind": signal["kind"], "weight": signal["weight"]}
        if "terms" in signal:
            compiled["terms"] = {}
            for number, term in enumerate(signal["terms"]):
                try:
                    compiled["terms"][term] = list(term_tokens(term)[0])
                except TableError as exc:
                    path = ("triggers", "signals", index, "terms", number)
                    raise TableError(f"signal {signal['id']!r}: {exc}", path) from None
        if "patterns" in signal:
            compiled["patterns"] = [{"regex": regex, "anchors": _anchors(regex)} for regex in signal["patterns"]]
        signals.append(compiled)
    header = {"skill": manifest.name, "version": manifest.version, "threshold": triggers["threshold"]}
    return build_table(header, signals)


def _anchors(regex: str) -> dict[str, Any] | None:
    try:
        return pattern_anchors(regex)
    except re.error:
        return None  # reported with the signal's id when the table is checked


def table_text(manifest: Manifest) -> str:
    """``triggers.json`` exactly as ``sync`` writes it (and ``validate`` expects it).

    Raises:
        TableError: a term or pattern breaks the matcher's rules, so no table is written.
    """
    table = compile_table(manifest)
    Scanner(table).check()
    return f"{_json_lines(table)}\n"


def _json_lines(value: Any, indent: str = "") -> str:
    """JSON with one mapping key per line and one list item per line in top-level lists;
    everything inside a list item on its line. Shorter than ``indent=1`` (an entry is one
    line, not a dozen) and as easy to diff. ASCII only (other scripts as ``\\u`` escapes):
    the hook then reads the file through the decoder's ASCII fast path, a millisecond sooner."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = (f"{inner}{json.dumps(key)}: {_json_lines(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and value and indent == " ":
        items = (f"{inner}{json.dumps(item)}" for item in value)
        return "[\n" + ",\n".join(items) + f"\n{indent}]"
    return json.dumps(value)
