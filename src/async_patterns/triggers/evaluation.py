"""Scoring a matcher against labelled prompts: precision, recall, F1 and the misses.

Two input formats are read, as JSON or YAML:

- skill-creator's eval set: a list of ``{"query": str, "should_trigger": bool}``;
- this project's corpus: ``{"format": "async-patterns-trigger-cases/1", "cases": [...]}``
  where each case also may carry ``context`` (code given with the prompt), ``split``
  (``train`` or ``holdout``) and ``should_trigger: null`` for a borderline case, which is
  matched and reported but kept out of the scores.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from async_patterns.errors import EvalSetError
from async_patterns.triggers.matcher import Match, Matcher

CORPUS_FORMAT = "async-patterns-trigger-cases/1"
SPLITS = ("train", "holdout")


@dataclass(frozen=True)
class Case:
    query: str
    should_trigger: bool | None  # None: borderline
    context: str | None = None
    split: str | None = None


@dataclass(frozen=True)
class Outcome:
    case: Case
    match: Match

    @property
    def correct(self) -> bool:
        return self.case.should_trigger is None or self.match.activate == self.case.should_trigger


@dataclass(frozen=True)
class Evaluation:
    """Counts and rates over the labelled cases; borderline ones are only listed."""

    outcomes: tuple[Outcome, ...]

    def _count(self, expected: bool, got: bool) -> int:
        return sum(1 for o in self.outcomes if o.case.should_trigger is expected and o.match.activate is got)

    @property
    def true_positives(self) -> int:
        return self._count(True, True)

    @property
    def false_positives(self) -> int:
        return self._count(False, True)

    @property
    def false_negatives(self) -> int:
        return self._count(True, False)

    @property
    def true_negatives(self) -> int:
        return self._count(False, False)

    @property
    def precision(self) -> float:
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def misclassified(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    @property
    def borderline(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.should_trigger is None]

    def as_dict(self) -> dict[str, Any]:
        def row(outcome: Outcome) -> dict[str, Any]:
            return {
                "query": outcome.case.query,
                "should_trigger": outcome.case.should_trigger,
                "activate": outcome.match.activate,
                "score": outcome.match.score,
                "signals": [reason.signal for reason in outcome.match.reasons],
            }

        return {
            "cases": len(self.outcomes) - len(self.borderline),
            "borderline": len(self.borderline),
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "true_negatives": self.true_negatives,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "misclassified": [row(o) for o in self.misclassified],
            "borderline_results": [row(o) for o in self.borderline],
        }


def evaluate(matcher: Matcher, cases: Iterable[Case]) -> Evaluation:
    return Evaluation(tuple(Outcome(case, matcher.match(case.query, case.context)) for case in cases))


def load_cases(path: Path) -> list[Case]:
    """The cases of an eval set file (JSON by suffix, otherwise YAML).

    Raises:
        EvalSetError: the file is not a list of cases or a corpus, or a case is malformed.
    """
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".json":
            data: Any = json.loads(text)
        else:
            from async_patterns.skill.yamlsafe import load_yaml  # PyYAML only when a YAML file is given

            data = load_yaml(text).data
    except ValueError as exc:  # json.JSONDecodeError and YamlLoadError are ValueErrors
        raise EvalSetError(f"{path}: cannot parse: {exc}") from None
    if isinstance(data, dict):
        if data.get("format") != CORPUS_FORMAT or not isinstance(data.get("cases"), list):
            raise EvalSetError(f"{path}: a mapping must have format: {CORPUS_FORMAT} and a list of cases")
        data = data["cases"]
    if not isinstance(data, list):
        raise EvalSetError(f"{path}: expected a list of {{query, should_trigger}} items")
    return [_case(path, number, item) for number, item in enumerate(data)]


def _case(path: Path, number: int, item: object) -> Case:
    where = f"{path}: case {number}"
    if not isinstance(item, dict):
        raise EvalSetError(f"{where}: must be a mapping with query and should_trigger")
    query, expected = item.get("query"), item.get("should_trigger", "missing")
    context, split = item.get("context"), item.get("split")
    if not isinstance(query, str):
        raise EvalSetError(f"{where}: query must be a string")
    if expected is not None and not isinstance(expected, bool):
        raise EvalSetError(f"{where}: should_trigger must be true, false or null (borderline)")
    if context is not None and not isinstance(context, str):
        raise EvalSetError(f"{where}: context must be a string")
    if split is not None and split not in SPLITS:
        raise EvalSetError(f"{where}: split must be one of {', '.join(SPLITS)}")
    return Case(query, expected, context, split)
