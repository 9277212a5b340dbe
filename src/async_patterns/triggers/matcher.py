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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from async_patterns.layout import MANIFEST_NAME
from async_patterns.skill.manifest import load_manifest
from async_patterns.triggers.scanner import Scanner
from async_patterns.triggers.vocabulary import compile_table

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
        typo: the text is a typo of the signal's word (one edit away), so it counts less.
    """

    signal: str
    kind: str
    text: str
    span: tuple[int, int]
    weight: float
    source: str
    typo: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "signal": self.signal,
            "kind": self.kind,
            "text": self.text,
            "span": list(self.span),
            "weight": self.weight,
            "source": self.source,
            "typo": self.typo,
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
        self._about = [
            (signal["id"], signal["kind"], weight, bool(signal.get("typo")))
            for signal, weight in zip(self.scanner.signals, weights, strict=True)
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
        about = self._about
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
                    about[index][3],
                )
                for (index, start, end, source) in scanner.ranked(hits)
            ]
        )
        return Match(score >= scanner.threshold, score, scanner.threshold, reasons)


@cache
def bundled_matcher() -> Matcher:
    """The matcher of the skill this package carries, built on first use."""
    return Matcher(compile_table(load_manifest()))


def match(prompt: str, context: str | None = None) -> Match:
    """Whether the async-patterns skill applies to ``prompt`` (and optional code ``context``).

    Uses the bundled skill's manifest, loaded and compiled once per process.
    """
    return bundled_matcher().match(prompt, context)
