"""``match``, ``eval-triggers``, ``hook`` and ``context-hook``: trigger matching from the command line.

Only argparse-level imports here: ``hook`` runs on every prompt a person sends, and this
module is imported whenever the CLI starts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from async_patterns.cli.options import add_skill_option
from async_patterns.errors import UsageError

if TYPE_CHECKING:
    from async_patterns.triggers.evaluation import Evaluation
    from async_patterns.triggers.matcher import Match, Matcher


def register(subparsers: Any) -> None:
    match = subparsers.add_parser(
        "match",
        help="say whether the skill applies to a prompt, and why",
        description="Score a prompt (TEXT, or stdin) against the skill's trigger vocabulary in skill.yaml.",
    )
    match.add_argument("text", nargs="?", metavar="TEXT", help="the prompt (default: read stdin)")
    match.add_argument("--context-file", type=Path, help="code or paths given with the prompt")
    match.add_argument("--jsonl", action="store_true", help="read JSON lines {prompt|query, context?}; one result each")
    match.add_argument("--quiet", "-q", action="store_true", help="print nothing; exit 0 if the skill applies, else 1")
    add_skill_option(match, "skill folder or its skill.yaml whose triggers to use")
    match.add_argument("--format", choices=("text", "json"), default="text")
    match.set_defaults(handler=run_match)

    evaluate = subparsers.add_parser(
        "eval-triggers",
        help="precision, recall and misses on a labelled prompt set",
        description="Score labelled prompts: skill-creator's [{query, should_trigger}] (JSON or YAML) or the corpus format.",
    )
    evaluate.add_argument("file", type=Path, metavar="FILE")
    evaluate.add_argument("--split", choices=("train", "holdout"), help="only the cases of this split")
    add_skill_option(evaluate, "skill folder or its skill.yaml whose triggers to use")
    evaluate.add_argument("--min-precision", type=float, default=0.0, help="exit 1 below this precision")
    evaluate.add_argument("--min-recall", type=float, default=0.0, help="exit 1 below this recall")
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.set_defaults(handler=run_eval)

    hook = subparsers.add_parser(
        "hook",
        help="Claude Code UserPromptSubmit hook (reads the hook JSON on stdin; always exits 0)",
        description="Print additionalContext naming this skill when the prompt on stdin is about Python asyncio.",
    )
    add_skill_option(hook, "skill folder whose triggers.json to use")
    hook.set_defaults(handler=run_hook)

    context_hook = subparsers.add_parser(
        "context-hook",
        help="Claude Code PostToolUse hook for Read|Edit|Write (reads the hook JSON on stdin; always exits 0)",
        description="Once per session, print additionalContext naming this skill when the file read or edited is Python asyncio code.",
    )
    add_skill_option(context_hook, "skill folder whose SKILL.md to name")
    context_hook.set_defaults(handler=run_context_hook)


def run_hook(args: argparse.Namespace) -> int:
    from async_patterns.hook import main

    return main(str(args.skill) if args.skill is not None else None)


def run_context_hook(args: argparse.Namespace) -> int:
    from async_patterns.context_hook import main

    return main(str(args.skill) if args.skill is not None else None)


def _matcher(skill: Path | None) -> Matcher:
    from async_patterns.triggers.matcher import Matcher, bundled_matcher

    if skill is None:
        return bundled_matcher()
    if not skill.exists():
        raise UsageError(f"--skill: {skill} does not exist")
    return Matcher.from_manifest(skill)


def run_match(args: argparse.Namespace) -> int:
    if args.jsonl:
        if args.text is not None or args.context_file is not None:
            raise UsageError("--jsonl reads prompts and contexts from stdin; give no TEXT or --context-file")
        return _match_lines(_matcher(args.skill), sys.stdin)
    text = args.text if args.text is not None else sys.stdin.read()
    context = _read_context(args.context_file)
    result = _matcher(args.skill).match(text, context)
    if args.quiet:
        return 0 if result.activate else 1
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(_describe(result))
    return 0


def _read_context(path: Path | None) -> str | None:
    if path is None:
        return None
    if not path.is_file():
        raise UsageError(f"--context-file: {path} is not a file")
    return path.read_text(encoding="utf-8", errors="replace")


def _describe(result: Match) -> str:
    verdict = "applies" if result.activate else "does not apply"
    lines = [f"{verdict} (score {result.score:g}, threshold {result.threshold:g})"]
    for reason in result.reasons:
        where = "" if reason.source == "prompt" else " in context"
        lines.append(
            f"  {reason.weight:+g}  {reason.signal} ({reason.kind}): {reason.text!r} at {reason.span[0]}-{reason.span[1]}{where}"
        )
    return "\n".join(lines)


def _match_lines(matcher: Matcher, stream: Any) -> int:
    """One JSON result per input line, in order; a bad line gets an error object, not a crash."""
    failed = False
    for number, line in enumerate(stream, start=1):
        try:
            prompt, context = _parse_line(line)
        except (ValueError, TypeError) as exc:
            failed = True
            print(json.dumps({"line": number, "error": str(exc)}), flush=True)
            continue
        result = matcher.match(prompt, context)
        print(json.dumps({"line": number, **result.as_dict()}, ensure_ascii=False), flush=True)
    return 1 if failed else 0


def _parse_line(line: str) -> tuple[str, str | None]:
    from async_patterns.hook import prompt_and_context
    from async_patterns.hookio import json_object

    return prompt_and_context(json_object(line, "line"), "line")


def run_eval(args: argparse.Namespace) -> int:
    from async_patterns.triggers.evaluation import evaluate, load_cases

    if not args.file.is_file():
        raise UsageError(f"FILE: {args.file} is not a file")
    cases = [case for case in load_cases(args.file) if args.split is None or case.split == args.split]
    result = evaluate(_matcher(args.skill), cases)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(_report(result))
    good = result.precision >= args.min_precision and result.recall >= args.min_recall
    return 0 if good else 1


def _report(result: Evaluation) -> str:
    lines = [
        f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}",
        f"TP {result.true_positives}  FP {result.false_positives}  FN {result.false_negatives}  "
        f"TN {result.true_negatives}  (borderline, not scored: {len(result.borderline)})",
    ]
    misses = result.misclassified
    if misses:
        lines.append("misclassified:")
    for outcome in misses:
        label = "missed" if outcome.case.should_trigger else "false trigger"
        signals = ", ".join(reason.signal for reason in outcome.match.reasons) or "no signal"
        lines.append(f"  {label} (score {outcome.match.score:g}; {signals}): {outcome.case.query}")
    return "\n".join(lines)
