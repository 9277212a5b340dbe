"""Deciding whether a prompt is about Python asyncio, and saying why.

The vocabulary lives in skill.yaml under ``triggers`` (weighted signals and a threshold);
this module compiles it once into a ``trigger_table.Scanner`` and returns frozen results
whose reasons name the signal, the text matched and where. ``sync`` also writes the same
compiled table to ``triggers.json`` so the prompt hook never loads YAML or a schema
validator. Matching rules and the linear-time guarantee are described in ``trigger_table``
and ``trigger_rules``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from async_patterns.errors import TableError
from async_patterns.layout import MANIFEST_NAME
from async_patterns.skill.manifest import Manifest, load_manifest
from async_patterns.triggers.rules import pattern_anchors, term_tokens
from async_patterns.triggers.scanner import Scanner, build_table

MAX_REASON_TEXT = 80


@dataclass(frozen=True)
class Reason:
    """One signal that fired, at its first match.

    Attributes:
        signal: the signal's id in skill.yaml.
        kind: positive, intent, negative or context.
        text: the matched text as written (at most MAX_REASON_TEXT characters).
        span: start and end offsets in the prompt (or the context, see ``source``).
        weight: what the signal adds to the score (negative signals subtract).
        source: "prompt" or "context".
    """

    signal: str
    kind: str
    text: str
    span: tuple[int, int]
    weight: float
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "signal": self.signal,
            "kind": self.kind,
            "text": self.text,
            "span": list(self.span),
            "weight": self.weight,
            "source": self.source,
        }


@dataclass(frozen=True)
class Match:
    """The verdict for one prompt: whether the skill applies, the score and its reasons.

    ``reasons`` is ordered by the size of the signal's weight, largest first, then by
    position, so the first few are the ones worth telling a person or an agent.
    """

    activate: bool
    score: float
    threshold: float
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "activate": self.activate,
            "score": self.score,
            "threshold": self.threshold,
            "reasons": [reason.as_dict() for reason in self.reasons],
        }


class Matcher:
    """A skill's triggers, compiled once; call ``match`` for each prompt."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.skill: str = str(table.get("skill", ""))
        self.scanner = Scanner(table)
        self.scanner.check()
        weights = self.scanner.weights
        self._ranks = [-abs(weight) for weight in weights]  # reasons come largest weight first
        self._about = [
            (signal["id"], signal["kind"], weight) for signal, weight in zip(self.scanner.signals, weights, strict=True)
        ]

    @classmethod
    def from_manifest(cls, path: Path | str) -> Matcher:
        """The matcher of the skill at ``path`` (its folder or its skill.yaml).

        Raises:
            ManifestError: the manifest is missing or invalid.
            TableError: a term or pattern breaks the matcher's rules.
        """
        folder = Path(path)
        if folder.name == MANIFEST_NAME:
            folder = folder.parent
        return cls(compile_table(load_manifest(folder)))

    @classmethod
    def from_table_file(cls, path: Path | str) -> Matcher:
        """The matcher of a compiled table written by ``sync`` (``triggers.json``)."""
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def match(self, prompt: str, context: str | None = None) -> Match:
        scanner = self.scanner
        hits = scanner.scan(prompt, "prompt")
        if context:
            hits += scanner.scan(context, "context")
        score = scanner.score(hits)
        ranks, about = self._ranks, self._about
        # sorted as plain tuples (ties fall back to the signal's index, the order hits come in)
        ordered = sorted([(ranks[hit[0]], hit[3] != "prompt", hit[1], hit[2], hit[0], hit[3]) for hit in hits])
        texts = {"prompt": prompt, "context": context or ""}
        reasons = tuple(
            [
                Reason(
                    about[index][0],
                    about[index][1],
                    texts[source][start:end][:MAX_REASON_TEXT],
                    (start, end),
                    about[index][2],
                    source,
                )
                for (_, _, start, end, index, source) in ordered
            ]
        )
        return Match(score >= scanner.threshold, score, scanner.threshold, reasons)


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
    line, not a dozen) and as easy to diff."""
    inner = indent + " "
    if isinstance(value, dict) and value:
        items = (f"{inner}{json.dumps(key)}: {_json_lines(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and value and indent == " ":
        items = (f"{inner}{json.dumps(item, ensure_ascii=False)}" for item in value)
        return "[\n" + ",\n".join(items) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


@cache
def bundled_matcher() -> Matcher:
    """The matcher of the skill this package carries, built on first use."""
    return Matcher(compile_table(load_manifest()))


def match(prompt: str, context: str | None = None) -> Match:
    """Whether the async-patterns skill applies to ``prompt`` (and optional code ``context``).

    Uses the bundled skill's manifest, loaded and compiled once per process.
    """
    return bundled_matcher().match(prompt, context)
