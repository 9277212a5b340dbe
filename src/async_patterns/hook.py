"""The UserPromptSubmit hook: tell the agent, as plain facts, when this skill applies.

Claude Code runs the hook on every prompt a person sends and waits for it, and exit code 2
would block the prompt. So this module never exits 2, never raises, never waits on stdin
longer than STDIN_SECONDS, and answers within its output limit. Any problem (malformed or
empty stdin, a missing prompt, a missing or broken trigger table) is one line on stderr
and exit 0, which changes nothing for the person.

It imports only the standard library (``json``, ``os``, ``gc``; ``hookio`` adds ``sys``,
``select`` and ``time``) and the stdlib-only ``triggers.scanner``: the compiled ``triggers.json`` that ``sync``
writes replaces loading skill.yaml, and loading it is one ``json.load`` with no further
work, so start-up stays close to the bare interpreter's.
"""

# os.path on purpose: importing pathlib would slow the hook on every prompt.
# ruff: noqa: PTH118, PTH123
from __future__ import annotations

import gc
import json
import os

from async_patterns.errors import HookInputError
from async_patterns.hookio import json_object, read_stdin, write_answer
from async_patterns.layout import SKILL_FILE, TABLE_NAME, bundled_skill_path
from async_patterns.triggers.scanner import Scanner

HOOK_EVENT = "UserPromptSubmit"
MAX_OUTPUT = 10_000
TOP_REASONS = 5
MAX_REASON_TEXT = 60


def prompt_and_context(payload: dict[str, object], what: str = "stdin") -> tuple[str, str | None]:
    """The ``prompt`` (or ``query``, as eval sets name it) and the optional code ``context``.

    Raises:
        HookInputError: the prompt is missing or either field is not a string.
    """
    prompt = payload.get("prompt", payload.get("query"))
    if not isinstance(prompt, str):
        raise HookInputError(f"{what} JSON has no string 'prompt' field")
    context = payload.get("context")
    if context is not None and not isinstance(context, str):
        raise HookInputError(f"{what} JSON field 'context' must be a string")
    return prompt, context


def prompt_of(raw: bytes) -> str:
    """The prompt text of a UserPromptSubmit payload.

    Raises:
        HookInputError: empty or malformed stdin, or no string ``prompt`` field.
    """
    return prompt_and_context(json_object(raw))[0]


def load_scanner(skill_dir: str) -> tuple[Scanner, dict[str, object]]:
    """The compiled table of ``skill_dir`` and its plain data.

    Raises:
        OSError: the table is missing or unreadable.
        ValueError: the table is not valid JSON or breaks the matcher's rules.
        TypeError: the table is not a JSON object.
    """
    with open(os.path.join(skill_dir, TABLE_NAME), encoding="utf-8") as handle:
        table = json.load(handle)
    if not isinstance(table, dict):
        raise TypeError(f"{TABLE_NAME} is not a JSON object")
    return Scanner(table), table


def context_for(prompt: str, skill_dir: str) -> str | None:
    """The hook's stdout for ``prompt``: the JSON answer, or None when the skill does not apply."""
    scanner, table = load_scanner(skill_dir)
    hits = scanner.scan(prompt)
    score = scanner.score(hits)
    if score < scanner.threshold:
        return None
    name = str(table.get("skill") or "async-patterns")
    supporting = [hit for hit in scanner.ranked(hits) if scanner.weights[hit[0]] > 0]
    matched = "; ".join(
        f'"{_clip(prompt[start:end])}" ({scanner.signals[index]["id"]}{", typo" if scanner.signals[index].get("typo") else ""})'
        for index, start, end, _ in supporting[:TOP_REASONS]
    )
    skill_md = os.path.join(skill_dir, SKILL_FILE)
    text = (
        f"The {name} skill applies to this prompt: it is about Python asyncio code "
        f"(trigger score {score:g}, threshold {scanner.threshold:g}). Matched: {matched}. "
        f"The skill's instructions are in {skill_md}."
    )
    return json.dumps({"hookSpecificOutput": {"hookEventName": HOOK_EVENT, "additionalContext": text}})[:MAX_OUTPUT]


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_REASON_TEXT else flat[: MAX_REASON_TEXT - 1] + "…"


def run(raw: bytes, skill_dir: str) -> tuple[str | None, str | None]:
    """(stdout, stderr line) for the stdin bytes ``raw``; never raises for any input."""
    try:
        return context_for(prompt_of(raw), skill_dir), None
    except HookInputError as exc:
        return None, f"async-patterns hook: {exc}"
    except (OSError, ValueError, LookupError, TypeError, RecursionError) as exc:
        return (
            None,
            f"async-patterns hook: trigger table unusable in {skill_dir} ({type(exc).__name__}: {exc}); reinstall or run `async-patterns sync`",
        )


def main(skill_dir: str | None = None) -> int:
    """Run the hook on this process's stdin and stdout; always returns 0.

    The entry point of a short process that ends right after it, whose data (the table,
    the prompt) holds no reference cycles: the garbage collector is switched off while it
    runs (loading the table would otherwise trigger collections that find nothing), and
    the objects are then moved out of its sight (``gc.freeze``), which spares the
    interpreter's final collection from walking them: together a few milliseconds of a
    budget of about ten.
    """
    gc.disable()
    try:
        raw = read_stdin()
        out, err = run(raw, skill_dir or bundled_skill_path())
    except (OSError, TimeoutError) as exc:
        out, err = None, f"async-patterns hook: cannot read stdin ({exc})"
    except Exception as exc:  # noqa: BLE001  # the hook must not fail the person's prompt, whatever happens
        out, err = None, f"async-patterns hook: internal error ({type(exc).__name__}: {exc}); please report it"
    try:
        return write_answer(out, err)
    finally:
        gc.freeze()
