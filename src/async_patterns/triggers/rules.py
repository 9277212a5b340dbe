"""The rules a trigger vocabulary must follow, and what the scanner may assume from them.

Checked and derived when a table is compiled (``triggers.compile_table``), and again when
the scanner first compiles a pattern, so a hand-edited ``triggers.json`` is held to the
same rules:

- *Terms* are words, phrases or dotted names written with ASCII identifier characters and
  a few separators; ``term_tokens`` splits one into the tokens the scanner looks for.
- *Patterns* are regular expressions restricted to a subset with bounded backtracking
  (``check_pattern``): no backreferences, no lookaround, no conditionals, every quantifier
  bounded (``{m,n}`` with n <= MAX_REPEAT, or ``?``), and at most MAX_PATHS ways to match
  from any one start position (possessive quantifiers and atomic groups count as one way).
  Each search is therefore linear in the text length, with that bound as the constant.
- ``pattern_anchors`` reads a pattern's parse tree for what every match must contain
  (words, literal text), so the scanner need not even compile a pattern whose needs are
  missing from a text. Patterns are lower case and matched against lower-cased text, so
  a literal in the pattern is a literal in the text.
"""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]  # the stdlib's own regex parser: exact, no new dependency

from async_patterns.errors import TableError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_REPEAT = 60
MAX_PATHS = 10_000
MIN_LITERAL = 2  # shorter required texts (a space, a dot) are in almost every prompt: no use as a filter
TERM_RULE = r"[A-Za-z0-9_][A-Za-z0-9_ .:/()'-]*\*?"
_TOKEN = r"[a-z0-9_]+"  # (re caches compiled regexes: none is compiled when the hook imports this)
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
_REJECTED_OPS = {
    "GROUPREF": "backreferences",
    "GROUPREF_EXISTS": "conditional groups",
    "ASSERT": "lookahead/lookbehind",
    "ASSERT_NOT": "negative lookahead/lookbehind",
}
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def term_tokens(term: str) -> tuple[tuple[str, ...], bool]:
    """A term's tokens and whether its last token may continue (trailing ``*``)."""
    if not re.fullmatch(TERM_RULE, term):
        raise TableError(
            f"term {term!r}: use ASCII letters, digits, '_', spaces and . : / ( ) ' - only, "
            "with '*' only at the end; write other scripts and symbols as patterns"
        )
    tokens = tuple(re.findall(_TOKEN, term.lower()))
    return tokens, term.endswith("*")


def check_pattern(pattern: str) -> None:
    """Refuse a pattern outside the bounded-backtracking subset (see the module docstring).

    Raises:
        TableError: the pattern does not compile or may backtrack without bound.
    """
    try:
        parsed = _parser.parse(pattern, re.ASCII)
    except re.error as exc:
        raise TableError(f"pattern {pattern!r}: not a regular expression ({exc})") from None
    if pattern != pattern.lower() and not re.fullmatch(r"(?:[^A-Z]|\\[A-Z])*", pattern):
        raise TableError(f"pattern {pattern!r}: write it in lower case; text is lower-cased before matching")
    paths = _count_paths(pattern, parsed)
    if paths > MAX_PATHS:
        raise TableError(
            f"pattern {pattern!r}: up to {paths:,} ways to match from one position (limit {MAX_PATHS:,}); "
            "narrow the quantifiers or split the pattern"
        )


def _count_paths(pattern: str, items: Any) -> int:
    """Upper bound on the ways ``items`` (a parsed sequence) can match from one position."""
    total = 1
    for op, argument in items:
        name = str(op)
        if name in _REJECTED_OPS:
            raise TableError(f"pattern {pattern!r}: {_REJECTED_OPS[name]} are not allowed (they can backtrack)")
        if name == "BRANCH":
            ways = _branch_paths(pattern, argument[1])
        elif name == "SUBPATTERN":
            ways = _count_paths(pattern, argument[3])
        elif name == "ATOMIC_GROUP":  # commits to its first match: one way, once checked
            ways = min(_count_paths(pattern, argument), 1)
        elif name == "POSSESSIVE_REPEAT":
            ways = min(_repeat_paths(pattern, *argument), 1)
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):
            ways = _repeat_paths(pattern, *argument)
        else:
            ways = 1
        total = min(total * ways, MAX_PATHS + 1)
    return total


def _branch_paths(pattern: str, branches: list[Any]) -> int:
    """Ways through an alternation: the sum over its branches, except for plain words.

    Among literal branches (``fetch|download|call``) only those that are prefixes of one
    another can match at the same position, so the longest such chain bounds the ways.
    """
    words = [word for word in map(_literal_text, branches) if word is not None]
    if len(words) == len(branches):
        return max(sum(1 for other in words if word.startswith(other)) for word in words)
    return min(sum(_count_paths(pattern, branch) for branch in branches), MAX_PATHS + 1)


def _literal_text(items: Any) -> str | None:
    if all(str(op) == "LITERAL" for op, _ in items):
        return "".join(chr(code) for _, code in items)
    return None


def _repeat_paths(pattern: str, low: int, high: int, body: Any) -> int:
    if high == _parser.MAXREPEAT or high > MAX_REPEAT:
        raise TableError(
            f"pattern {pattern!r}: unbounded quantifier (*, + or {{m,}}); write {{m,n}} with n <= {MAX_REPEAT}"
        )
    each = _count_paths(pattern, body)
    ways: int = sum(each**count for count in range(low, high + 1))
    return min(ways, MAX_PATHS + 1)


def pattern_anchors(pattern: str) -> dict[str, Any] | None:
    """What every match of ``pattern`` must contain, so it need not even be compiled otherwise.

    - ``"tokens"``: somewhere at the top level the pattern has, right after ``\\b`` or a
      literal non-word character, a literal word or an alternation of literal words, so
      any match holds a token equal to one of them (``word*``: starting with it). The
      place whose shortest word is longest is chosen (the later one on a tie); the
      scanner files the pattern under these words.
    - ``"also"``: the other such places, as word lists; one word of each is present too.
    - ``"text"``: groups of literal texts; from each group, one text occurs in every match.
      They come from the parse tree: literal runs, alternations whose every branch has a
      literal, quantified parts repeated at least once. Groups that a word above already
      implies, and texts shorter than MIN_LITERAL, are left out.
    - ``"width"``: the longest a match can be (every quantifier is bounded), so in a long
      text no match starts more than that before the first of its required texts.
    - ``"lead"``: when the pattern opens with ``\\b`` and then an alternation of such
      words, the words every match starts with, so in a short text the scanner tries the
      pattern only where a token starts with one of them instead of at every position.

    None when nothing is certain: the pattern is then tried on every text.
    """
    parsed = _parser.parse(pattern, re.ASCII)
    items = list(parsed)
    anchors: dict[str, Any] = {}
    groups = _token_anchor_groups(items)
    if groups:
        best = max(reversed(groups), key=lambda group: min(map(len, group)))
        anchors["tokens"] = best
        others = [group for group in groups if group is not best]
        if others:
            anchors["also"] = others
    if not parsed.state.flags & re.IGNORECASE:
        texts = [group for group in _required_texts(items) if not _implied(group, groups)]
        if texts:
            anchors["text"] = sorted(texts, key=lambda group: (len(group), -min(map(len, group)), group))
    if anchors:
        anchors["width"] = parsed.getwidth()[1]
    lead = _leading_words(items[1:]) if pattern.startswith("\\b") and len(items) > 1 else None
    if lead and len(set(lead)) > 1:  # (one word is a literal prefix, which re itself skips to fast)
        anchors["lead"] = sorted(set(lead))
    return anchors or None


def _token_anchor_groups(items: Any) -> list[list[str]]:
    """Every top-level place where a match must hold one of some words, as word lists."""
    groups = []
    at_boundary = False
    for position, (op, argument) in enumerate(items):
        if at_boundary:
            words = _leading_words(items[position:])
            if words:
                groups.append(sorted(set(words)))
        at_boundary = _ends_token(op, argument)
    return groups


def _ends_token(op: Any, argument: Any) -> bool:
    """Whether a token cannot continue across this item (``\\b`` or a non-word literal)."""
    name = str(op)
    return (name == "AT" and str(argument) == "AT_BOUNDARY") or (
        name == "LITERAL" and chr(argument) not in _TOKEN_CHARS
    )


def _leading_words(items: Any) -> list[str] | None:
    """The word each match of ``items`` opens with: ``word`` if it is a whole token, else ``word*``."""
    op, argument = items[0]
    if str(op) == "SUBPATTERN" and len(argument[3]) == 1 and str(argument[3][0][0]) == "BRANCH":
        op, argument = argument[3][0]
    elif str(op) == "ATOMIC_GROUP" and len(argument) == 1 and str(argument[0][0]) in ("BRANCH", "SUBPATTERN"):
        return _leading_words([*argument, *items[1:2]])  # (?>a|b): the same first words as (?:a|b)
    branches = argument[1] if str(op) == "BRANCH" else None
    sequences = [[*branch, *items[1:2]] for branch in branches] if branches else [list(items)]
    words = []
    for sequence in sequences:
        sequence_words = _sequence_words(sequence)
        if sequence_words is None:
            return None
        words += sequence_words
    return words


def _sequence_words(sequence: Any) -> list[str] | None:
    """The words a sequence opens with; ``re`` factors a shared start out of an alternation
    (``sincron|synchrone`` parses as ``s`` and a branch), so a branch there is followed in."""
    word = ""
    for position, (item_op, code) in enumerate(sequence):
        if str(item_op) == "LITERAL" and chr(code) in _TOKEN_CHARS:
            word += chr(code)
            continue
        if word and str(item_op) == "BRANCH":
            tails = _leading_words(sequence[position:])
            if tails:
                return [word + tail for tail in tails]
        break
    if not word:
        return None
    rest = sequence[len(word) :]
    return [word if rest and _ends_token(*rest[0]) else f"{word}*"]


def _required_texts(items: Any) -> list[list[str]]:
    """Groups of literal texts, one of each in every match of the sequence ``items``."""
    groups: list[list[str]] = []
    run = ""
    for op, argument in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(argument)
            continue
        if len(run) >= MIN_LITERAL:
            groups.append([run])
        run = ""
        if name == "SUBPATTERN" and not argument[1] & re.IGNORECASE:
            groups.extend(_required_texts(argument[3]))
        elif name == "ATOMIC_GROUP":
            groups.extend(_required_texts(argument))
        elif name in _REPEATS and argument[0] >= 1:
            groups.extend(_required_texts(argument[2]))
        elif name == "BRANCH":
            choices = [_longest_text(branch) for branch in argument[1]]
            if all(choices):
                groups.append(sorted(set(choices)))
    if len(run) >= MIN_LITERAL:
        groups.append([run])
    return groups


def _longest_text(items: Any) -> str:
    """The longest single text every match of ``items`` holds ("" when there is none)."""
    singles = [group[0] for group in _required_texts(items) if len(group) == 1]
    return max(singles, key=len, default="")


def _implied(texts: list[str], word_groups: list[list[str]]) -> bool:
    """Whether some word group guarantees one of ``texts``: each of its words contains one."""
    return any(all(any(text in word.rstrip("*") for text in texts) for word in group) for group in word_groups)
