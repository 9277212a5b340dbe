"""The compiled trigger table and the scanner that scores text against it.

This module is the prompt hook's whole matching path, so it imports only ``re`` at run
time: no PyYAML, jsonschema, Jinja2, ``dataclasses`` or ``typing``. ``triggers`` wraps it
in the public API (frozen result dataclasses, building from a manifest).

How text is matched, and why:

- *Terms* are words, phrases or dotted names (``asyncio.gather``, ``event loop``). Text is
  lower-cased and split into ASCII identifier tokens ``[a-z0-9_]+``; a term matches a run of
  whole tokens separated by anything else. So ``asyncio.gather()`` and ``create_task's``
  match, ``awaitable`` does not match ``await``, and a code name inside Chinese or Russian
  prose still stands out. A trailing ``*`` lets the last token continue (``timeout*``
  matches ``timeouts`` and ``TimeoutError``). Candidates are found with one set lookup per
  distinct token; only the few terms whose first token occurs are searched for, each with
  a literal-prefix regex, so cost grows linearly with the text.
- *Patterns* are regular expressions for phrasings, matched against the lower-cased text
  (ASCII word rules). They are restricted, at load, to a subset with bounded backtracking:
  no backreferences, no lookaround, no conditionals, every quantifier bounded
  (``{m,n}`` with n <= MAX_REPEAT, or ``?``), and at most MAX_PATHS ways to match from any
  one start position (possessive quantifiers and atomic groups count as one way). Each
  search is therefore linear in the text length, with that bound as the constant.
- Each signal counts once, at its first match; the score is the sum of the weights of the
  signals that fired, and the skill applies when the score reaches the threshold.
"""

from __future__ import annotations

import re
from re import _parser  # type: ignore[attr-defined]  # the stdlib's own regex parser: exact, no new dependency

from .errors import AsyncPatternsError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TABLE_FORMAT = 1
KINDS = ("positive", "intent", "negative", "context")
MAX_REPEAT = 60
MAX_PATHS = 10_000
TERM_RULE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ .:/()'-]*\*?")
_TOKEN = re.compile(r"[a-z0-9_]+")
_SEPARATORS = "[^a-z0-9_]+"
_TOKEN_CHAR = "[a-z0-9_]"
_CACHE_LIMIT = 50_000
_REJECTED_OPS = {
    "GROUPREF": "backreferences",
    "GROUPREF_EXISTS": "conditional groups",
    "ASSERT": "lookahead/lookbehind",
    "ASSERT_NOT": "negative lookahead/lookbehind",
}
# A hit: (signal index, start, end, source) with source "prompt" or "context".
Hit = tuple[int, int, int, str]


class TableError(AsyncPatternsError, ValueError):
    """A trigger table or one of its signals is malformed; the message names the signal."""


def lower_same_length(text: str) -> str:
    """``text`` lower-cased with every character at its original offset.

    ``str.lower`` maps a few characters to two (``İ``); then only ASCII is lowered, which
    is all the vocabulary needs, so spans always index the original text.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def term_tokens(term: str) -> tuple[tuple[str, ...], bool]:
    """A term's tokens and whether its last token may continue (trailing ``*``)."""
    if not TERM_RULE.fullmatch(term):
        raise TableError(
            f"term {term!r}: use ASCII letters, digits, '_', spaces and . : / ( ) ' - only, "
            "with '*' only at the end; write other scripts and symbols as patterns"
        )
    tokens = tuple(_TOKEN.findall(term.lower()))
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


def continuation_regex(tokens: tuple[str, ...], open_end: bool) -> re.Pattern[str]:
    """Matches, right after a term's first token, the rest of it: separators, then each token."""
    body = "".join(_SEPARATORS + re.escape(token) for token in tokens[1:])
    tail = f"{_TOKEN_CHAR}*" if open_end else f"(?!{_TOKEN_CHAR})"
    return re.compile(body + tail)


def pattern_anchors(pattern: str) -> dict[str, Any] | None:
    """What every match of ``pattern`` must contain, so it need not even be compiled otherwise.

    ``{"tokens": [...]}``: somewhere at the top level the pattern has, right after ``\\b``
    or a literal non-word character, a literal word or an alternation of literal words, so
    any match holds a token equal to one of them (``word*``: starting with it). The place
    whose shortest word is longest is chosen (the later one on a tie); ``"also"`` lists the
    other places (whole words only), each of which must also be present. ``{"text": [...]}``: otherwise, a literal run every match
    contains (or the literal openings of a leading alternation). None when neither is known.
    """
    items = list(_parser.parse(pattern, re.ASCII))
    groups = _token_anchor_groups(items)
    if groups:
        best = max(reversed(groups), key=lambda group: min(map(len, group)))
        others = [group for group in groups if group is not best and not any(w.endswith("*") for w in group)]
        return {"tokens": best, "also": others} if others else {"tokens": best}
    openings = _leading_literals(items[1:] if items and str(items[0][0]) == "AT" else items)
    if openings is not None:
        return {"text": sorted(set(openings))}
    longest = max(_literal_runs(items), key=len, default="")
    return {"text": [longest]} if len(longest) >= 2 else None


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
        name == "LITERAL" and not _TOKEN.fullmatch(chr(argument))
    )


def _leading_words(items: Any) -> list[str] | None:
    """The word each match of ``items`` opens with: ``word`` if it is a whole token, else ``word*``."""
    op, argument = items[0]
    if str(op) == "SUBPATTERN" and len(argument[3]) == 1 and str(argument[3][0][0]) == "BRANCH":
        op, argument = argument[3][0]
    branches = argument[1] if str(op) == "BRANCH" else None
    sequences = [[*branch, *items[1:2]] for branch in branches] if branches else [list(items)]
    words = []
    for sequence in sequences:
        word = ""
        for item_op, code in sequence:
            if str(item_op) != "LITERAL" or not _TOKEN.fullmatch(chr(code)):
                break
            word += chr(code)
        if not word:
            return None
        rest = sequence[len(word) :]
        words.append(word if rest and _ends_token(*rest[0]) else f"{word}*")
    return words


def _leading_literals(items: Any) -> list[str] | None:
    """The literal openings of ``items``: its own literal run, or each branch's."""
    if not items:
        return None
    op, argument = items[0]
    if str(op) == "SUBPATTERN" and len(argument[3]) == 1 and str(argument[3][0][0]) == "BRANCH":
        op, argument = argument[3][0]
    if str(op) == "BRANCH":
        openings = [_literal_prefix(branch) for branch in argument[1]]
        return openings if all(openings) else None
    opening = _literal_prefix(items)
    return [opening] if opening else None


def _literal_prefix(items: Any) -> str:
    text = ""
    for op, code in items:
        if str(op) != "LITERAL":
            break
        text += chr(code)
    return text


def _literal_runs(items: Any) -> list[str]:
    runs, current = [], ""
    for op, code in items:
        if str(op) == "LITERAL":
            current += chr(code)
        else:
            runs.append(current)
            current = ""
    return [*runs, current]


def _index_key(tokens: tuple[str, ...], open_end: bool) -> str:
    """The token a term is filed under: its last, which in a phrase is usually the telling one
    (``async client``, ``never awaited``), as ``word*`` if the term is open-ended."""
    return tokens[-1] + ("*" if open_end else "")


def find_token(lowered: str, token: str, open_end: bool, start: int) -> tuple[int, int] | None:
    """The first whole-token occurrence of ``token`` at or after ``start`` (a token prefix if ``open_end``)."""
    position = lowered.find(token, start)
    while position >= 0:
        end = position + len(token)
        if position == 0 or not _is_token_char(lowered[position - 1]):
            if open_end:
                while end < len(lowered) and _is_token_char(lowered[end]):
                    end += 1
                return position, end
            if end == len(lowered) or not _is_token_char(lowered[end]):
                return position, end
        position = lowered.find(token, position + 1)
    return None


def _is_token_char(char: str) -> bool:
    return char == "_" or ("a" <= char <= "z") or ("0" <= char <= "9")


# A scanner entry: (signal index, term or pattern, is a pattern)
Entry = tuple[int, str, bool]


class Scanner:
    """A trigger table, compiled as needed; ``scan`` finds the signals that fire in a text.

    Terms are indexed by their first token (or, for ``word*``, its prefix) and patterns by
    their anchors, so a text only pays for the entries its own tokens point to. Patterns are
    checked against the safe subset and compiled on first use (all at once by ``check``,
    which ``triggers.Matcher`` and ``sync`` call), so the hook compiles only what a prompt
    needs.
    """

    def __init__(self, table: dict[str, Any]) -> None:
        if table.get("format") != TABLE_FORMAT:
            raise TableError(f"trigger table format {table.get('format')!r}; expected {TABLE_FORMAT} (run sync)")
        self.threshold = float(table["threshold"])
        self.signals: list[dict[str, Any]] = list(table["signals"])
        # per source ("prompt" or "context"): whole token -> entries; token prefix -> entries;
        # patterns without token anchors, each with the texts one of which it needs (or none)
        self._exact: dict[str, dict[str, list[Entry]]] = {"prompt": {}, "context": {}}
        self._prefixes: dict[str, dict[str, list[Entry]]] = {"prompt": {}, "context": {}}
        self._always: dict[str, list[Entry]] = {"prompt": [], "context": []}
        self._by_text: dict[str, list[tuple[str, Entry]]] = {"prompt": [], "context": []}
        self._needs: dict[Entry, frozenset[str]] = {}  # a term's other tokens, all needed
        self._needs_any: dict[Entry, list[frozenset[str]]] = {}  # a pattern's word groups, one of each needed
        self._token_cache: dict[str, dict[str, list[Entry]]] = {"prompt": {}, "context": {}}
        self._terms: dict[str, tuple[tuple[str, ...], bool]] = {}
        self._regexes: dict[tuple[str, bool], re.Pattern[str]] = {}
        for index, signal in enumerate(self.signals):
            self._add_signal(index, signal)
        # prefixes grouped by their first letter, so a new token is compared with few of them
        self._by_initial: dict[str, dict[str, list[tuple[str, list[Entry]]]]] = {"prompt": {}, "context": {}}
        for source, prefixes in self._prefixes.items():
            for prefix, entries in prefixes.items():
                self._by_initial[source].setdefault(prefix[:1], []).append((prefix, entries))

    def _add_signal(self, index: int, signal: dict[str, Any]) -> None:
        where = f"signal {signal.get('id')!r}"
        if signal.get("kind") not in KINDS:
            raise TableError(f"{where}: kind must be one of {', '.join(KINDS)}")
        float(signal["weight"])
        source = "context" if signal["kind"] == "context" else "prompt"
        terms = signal.get("terms", ())
        for term in terms:
            try:
                # a compiled table carries each term's tokens; a manifest's terms are split here
                tokens, open_end = (
                    (tuple(terms[term]), term.endswith("*")) if isinstance(terms, dict) else term_tokens(term)
                )
            except TableError as exc:
                raise TableError(f"{where}: {exc}") from None
            if not tokens:
                raise TableError(f"{where}: term {term!r} has no word to match")
            self._terms[term] = (tokens, open_end)
            entry = (index, term, False)
            self._index(source, _index_key(tokens, open_end), entry)
            if len(tokens) > 1:
                self._needs[entry] = frozenset(tokens[:-1] if open_end else tokens)
        for spec in signal.get("patterns", ()):
            regex, anchors = (spec["regex"], spec.get("anchors") or {}) if isinstance(spec, dict) else (spec, {})
            if not isinstance(regex, str):
                raise TableError(f"{where}: a pattern must be a string")
            for anchor in anchors.get("tokens", ()):
                self._index(source, str(anchor), (index, regex, True))
            if anchors.get("also"):
                self._needs_any[(index, regex, True)] = [frozenset(map(str, group)) for group in anchors["also"]]
            if not anchors.get("tokens"):
                texts = [str(text) for text in anchors.get("text", ())]
                self._by_text[source].extend((text, (index, regex, True)) for text in texts)
                if not texts:
                    self._always[source].append((index, regex, True))

    def _index(self, source: str, key: str, entry: Entry) -> None:
        """File ``entry`` under a whole token (``word``) or a token prefix (``word*``)."""
        if key.endswith("*"):
            self._prefixes[source].setdefault(key[:-1], []).append(entry)
        else:
            self._exact[source].setdefault(key, []).append(entry)

    def check(self) -> None:
        """Check and compile every pattern now, so a bad one is reported at load.

        Raises:
            TableError: a pattern is outside the safe subset; the message names its signal.
        """
        for by_key in (*self._exact.values(), *self._prefixes.values()):
            for entries in by_key.values():
                for entry in entries:
                    if entry[2]:
                        self._regex(entry)
        for always in self._always.values():
            for entry in always:
                self._regex(entry)
        for by_text in self._by_text.values():
            for _, entry in by_text:
                self._regex(entry)

    def scan(self, text: str, source: str = "prompt") -> list[Hit]:
        """The signals that fire in ``text``, in signal order, each with one match.

        A signal's entries are tried in a fixed order (terms and patterns sorted) and the
        first that occurs gives the match, at its first occurrence: deterministic, and a
        signal that has fired costs nothing more.
        """
        lowered = lower_same_length(text)
        spans: dict[int, tuple[int, int]] = {}
        for entry in self._candidates(lowered, source):
            if entry[0] not in spans:
                span = self._find(entry, lowered)
                if span is not None:
                    spans[entry[0]] = span
        return [(index, start, end, source) for index, (start, end) in sorted(spans.items())]

    def _candidates(self, lowered: str, source: str) -> list[Entry]:
        """The entries worth searching for: their tokens (or anchor texts) all occur in ``lowered``."""
        cache = self._token_cache[source]
        found = set(self._always[source])
        found.update(entry for text, entry in self._by_text[source] if text in lowered)
        tokens = set(_TOKEN.findall(lowered))
        for token in tokens:
            entries = cache.get(token)
            if entries is None:
                entries = self._entries_for(token, source)
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[token] = entries
            if entries:
                found.update(entries)
        needs, needs_any = self._needs, self._needs_any
        return sorted(
            entry
            for entry in found
            if (entry not in needs or needs[entry] <= tokens)
            and (entry not in needs_any or all(not group.isdisjoint(tokens) for group in needs_any[entry]))
        )

    def _entries_for(self, token: str, source: str) -> list[Entry]:
        entries = list(self._exact[source].get(token, ()))
        for prefix, starred in self._by_initial[source].get(token[:1], ()):
            if token.startswith(prefix):
                entries.extend(starred)
        return entries

    def _find(self, entry: Entry, lowered: str) -> tuple[int, int] | None:
        """The first span of ``entry`` in ``lowered``."""
        if entry[2]:
            return self._search(entry, lowered)
        tokens, open_end = self._terms[entry[1]]
        if len(tokens) == 1:
            return find_token(lowered, tokens[0], open_end, 0)
        rest = self._regex(entry)
        span = find_token(lowered, tokens[0], False, 0)
        while span is not None:
            found = rest.match(lowered, span[1])
            if found is not None:
                return span[0], found.end()
            span = find_token(lowered, tokens[0], False, span[1])
        return None

    def _search(self, entry: Entry, lowered: str) -> tuple[int, int] | None:
        """A pattern's first match. A leading ``\\b`` is checked here rather than by the
        regex: without it the regex opens with its words, and ``re`` then skips ahead to
        their first letters instead of trying every position."""
        regex = self._regex(entry)
        if not entry[1].startswith("\\b"):
            found = regex.search(lowered)
            return None if found is None else found.span()
        position = 0
        while (found := regex.search(lowered, position)) is not None:
            start = found.start()
            before = start > 0 and _is_token_char(lowered[start - 1])
            after = start < len(lowered) and _is_token_char(lowered[start])
            if before != after:
                return found.span()
            position = start + 1
        return None

    def _regex(self, entry: Entry) -> re.Pattern[str]:
        """A pattern's compiled regex, or a term's continuation regex; checked, compiled once."""
        index, text, is_pattern = entry
        regex = self._regexes.get((text, is_pattern))
        if regex is None:
            if is_pattern:
                try:
                    check_pattern(text)
                except TableError as exc:
                    raise TableError(f"signal {self.signals[index].get('id')!r}: {exc}") from None
                regex = re.compile(text[2:] if text.startswith("\\b") else text, re.ASCII)
            else:
                regex = continuation_regex(*self._terms[text])
            self._regexes[(text, is_pattern)] = regex
        return regex

    def score(self, hits: list[Hit]) -> float:
        """The sum of the weights of the signals hit (each counted once), rounded for display."""
        fired = {index for index, _, _, _ in hits}
        return round(sum(float(self.signals[index]["weight"]) for index in fired), 6)
