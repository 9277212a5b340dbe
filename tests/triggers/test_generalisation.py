"""The generalisation corpus: held-out figures, and the rules it asks for, on prompts written here.

The corpus (``tests/data/triggers/generalisation/``) is fixed: its held-out part is only
measured. The rule tests below use their own prompts, never the corpus's.
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

import async_patterns
from async_patterns.triggers.evaluation import evaluate, load_cases
from async_patterns.triggers.matcher import bundled_matcher
from tests.paths import REPO

CORPUS = REPO / "tests" / "data" / "triggers" / "generalisation"
TUNED_STYLES = {"plain-question", "error-by-name", "cross-language", "context-code"}


def rows(part: str) -> list[dict[str, object]]:
    cases: list[dict[str, object]] = yaml.safe_load((CORPUS / f"{part}.yaml").read_text(encoding="utf-8"))["cases"]
    return cases


def held_out_figures() -> tuple[float, float]:
    """(precision, recall) on the held-out part, as plain floats.

    Only the figures leave this function, so a failing assertion shows numbers and never
    a held-out case (pytest would otherwise print the evaluation with its prompts).
    """
    result = evaluate(bundled_matcher(), load_cases(CORPUS / "heldout.yaml"))
    return round(result.precision, 3), round(result.recall, 3)


def test_held_out_precision_meets_the_target() -> None:
    """On the held-out part the matcher reaches precision >= 0.95."""
    precision, _ = held_out_figures()
    assert precision >= 0.95


def test_held_out_recall_meets_the_target() -> None:
    """On the held-out part the matcher reaches recall >= 0.92."""
    _, recall = held_out_figures()
    assert recall >= 0.92


def test_tuning_figures_meet_the_targets() -> None:
    """On the tuning part, too, precision >= 0.95 and recall >= 0.92."""
    result = evaluate(bundled_matcher(), load_cases(CORPUS / "tuning.yaml"))
    assert result.precision >= 0.95
    assert result.recall >= 0.92


def test_extra_tuning_cases_hold() -> None:
    """The extra prompts written while tuning (tuning data, not a measure) stay at P >= 0.95 and R >= 0.90."""
    result = evaluate(bundled_matcher(), load_cases(REPO / "tests" / "data" / "triggers" / "extra_tuning_cases.yaml"))
    assert result.precision >= 0.95, [o.case.query for o in result.misclassified]
    assert result.recall >= 0.90, [o.case.query for o in result.misclassified]


def test_corpus_shape_is_as_fixed() -> None:
    """>= 600 cases, at least half in untuned styles, two disjoint parts with every style in both."""
    tuning, heldout = rows("tuning"), rows("heldout")
    everything = tuning + heldout
    assert len(everything) >= 600
    assert sum(1 for row in everything if row["style"] not in TUNED_STYLES) * 2 >= len(everything)
    assert {row["split"] for row in tuning} == {"train"}
    assert {row["split"] for row in heldout} == {"holdout"}
    assert not {row["query"] for row in tuning} & {row["query"] for row in heldout if not row.get("context")}
    assert Counter(row["style"] for row in tuning).keys() == Counter(row["style"] for row in heldout).keys()


SYMPTOMS = {
    "en": "My {host} app: one handler calls requests.get and every other request waits until it finishes",
    "es": "Mi app de {host} se bloquea y las demás peticiones esperan cuando un endpoint usa requests.get",
    "pt": "Meu app {host} para de responder para os outros usuários quando uma rota chama time.sleep",
    "zh": "{host} 的接口里调用 requests.get 之后，其他请求都卡住了",
    "ru": "Приложение на {host} зависает и не отвечает, пока один обработчик вызывает time.sleep",
    "ja": "{host} のハンドラで requests.get を使うと他のリクエストが止まる",
    "fr": "Mon appli {host} ne répond plus aux autres requêtes quand une route appelle requests.get",
    "de": "Meine {host}-App reagiert nicht mehr, solange ein Handler requests.get aufruft",
}


@pytest.mark.parametrize("lang", sorted(SYMPTOMS))
@pytest.mark.parametrize("host", ["FastAPI", "discord.py", "aiohttp", "Sanic"])
def test_sync_call_in_an_async_host_with_a_symptom_triggers(lang: str, host: str) -> None:
    """A blocking call in an asyncio framework or bot, with a concurrency symptom, is about asyncio, in 8 languages."""
    assert async_patterns.match(SYMPTOMS[lang].format(host=host)).activate


@pytest.mark.parametrize("lang", sorted(SYMPTOMS))
@pytest.mark.parametrize("host", ["Flask", "Tkinter", "Spring Boot", "Rails"])
def test_same_symptom_in_a_sync_stack_does_not(lang: str, host: str) -> None:
    """The same words about a synchronous stack do not trigger."""
    assert not async_patterns.match(SYMPTOMS[lang].format(host=host)).activate


@pytest.mark.parametrize(
    "prompt",
    [
        "FastAPI CORS middleware setup",
        "discord.py embed colour",
        "How do I deploy a FastAPI app?",
        "Flask route blocks other requests while uploading a file",
        "Django admin page is slow",
    ],
)
def test_a_framework_alone_does_not_trigger(prompt: str) -> None:
    """A framework or bot library named without a symptom or an asyncio word is not enough."""
    assert not async_patterns.match(prompt).activate


CROSS = [
    ("Promise.all equivalent in {lang}", True),
    ("What is the {lang} version of C#'s Task.WhenAll?", True),
    ("tokio::join! in {lang}?", True),
    ("Go WaitGroup, but in {lang}", True),
    ("Kotlin coroutineScope vs {lang} TaskGroup", True),
    ("Équivalent de Promise.race en {lang} ?", True),
]


@pytest.mark.parametrize(("template", "positive"), CROSS)
def test_cross_language_equivalents_need_python(template: str, positive: bool) -> None:
    """Another language's async API asked for in Python triggers; the same words about another language do not."""
    assert async_patterns.match(template.format(lang="Python")).activate is positive
    assert async_patterns.match(template.format(lang="asyncio")).activate is positive
    for other in ("Rust", "Kotlin", "JavaScript", "Java"):
        assert not async_patterns.match(template.format(lang=other)).activate, other


@pytest.mark.parametrize(
    "prompt",
    [
        "Java interface equivalent in Python",
        "What's the Python equivalent of a C struct?",
        "Python's range in JavaScript",
    ],
)
def test_equivalents_of_other_things_do_not_trigger(prompt: str) -> None:
    """Equivalence questions about non-async constructs stay negative."""
    assert not async_patterns.match(prompt).activate


@pytest.mark.parametrize(
    "prompt",
    [
        "SyntaxError on send(msg, async=True) after upgrading to Python 3.8",
        "Add a /create_task route to my Flask todo app",
        "Airflow create_task factory builds duplicate task ids",
        "await is only valid in async functions and the top level bodies of modules in my node script",
        "error[E0728]: `await` is only allowed inside `async` functions and blocks",
    ],
)
def test_known_false_alarms_stay_quiet(prompt: str) -> None:
    """The Python 2 async= argument, create_task as a name, and Node/Rust await errors do not trigger."""
    assert not async_patterns.match(prompt).activate
