"""The compiled trigger table and the scanner that scores text against it.

This module is the prompt hook's whole matching path, so it imports only ``re`` (which
the hook's ``json`` imports anyway): no PyYAML, jsonschema, Jinja2, ``dataclasses`` or
``typing``. ``matcher`` wraps it in the public API (frozen results); ``vocabulary`` builds the table
from a manifest; the rules a vocabulary follows, and what is derived from each pattern,
are in ``rules``.

The table (``build_table``; ``sync`` writes it to ``triggers.json``) holds every term and
pattern as an *entry*, in the order they are tried, and per source (prompt or context)
an index from words to entries, so loading it is one ``json.load`` and no work.

How text is matched, and why:

- Text is lower-cased and split into ASCII identifier tokens ``[a-z0-9_]+``. The scanner
  works on a *token view* of the text: the same characters at the same offsets, with
  every non-identifier character made a space and one space added at each end. The token
  set is one ``split`` of it, and the first whole-token occurrence of ``word`` is one
  ``str.find(" word ")``, both in C, so cost grows linearly with the text and a code name
  inside Chinese or Russian prose still stands out.
- *Terms* (``asyncio.gather``, ``event loop``, ``timeout*``) match a run of whole tokens
  separated by one to three other characters (``event-loop``, ``in 'await' expression``;
  not ``async { } for``), so ``create_task's`` matches and ``awaitable`` does not
  match ``await``; a trailing ``*`` lets the last token continue (``timeouts``). A
  one-token term is found in the token view; a longer one with a regex built from its
  tokens, which ``re`` finds by its literal first token.
- *Patterns* are regular expressions matched against the lower-cased text.
- Nothing is searched for unless what it needs is present. A term is filed under its
  last token (a phrase's telling word: ``async client``, ``never awaited``) with its
  other tokens as a condition, a pattern under its anchor words; a pattern's other anchor
  words and the literal texts every match of it holds are checked before its search. A
  pattern is checked against the safe subset and compiled on first need (all at once by
  ``check``, which ``triggers.Matcher`` and ``sync`` call), so the hook compiles only what
  a prompt needs.
- Each signal counts once. Its entries are tried in a fixed order (terms and patterns
  sorted by text) and the first that occurs gives the match, at its first occurrence:
  deterministic, and a signal that has fired costs nothing more. The score is the sum of
  the weights of the signals that fired; the skill applies when it reaches the threshold.
- A long-lived scanner also learns which token openings (``conditions.Openings``) each
  token has, so that what a regex entry needs at the start of a token is one set check.
- Typos (``typos``): in a prompt of at most TYPO_TEXT characters, tokens one edit away
  from a longer vocabulary word are read as that word in a second scan, run only when a
  text has such a token; a signal that fires only there counts as its *typo twin*, at a
  share of its weight.
"""

from __future__ import annotations

import re

from async_patterns.errors import TableError
from async_patterns.triggers.conditions import LONG_TEXT, Conditions, Openings
from async_patterns.triggers.typos import Speller, corrected, original_offset

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TABLE_FORMAT = 2
KINDS = ("positive", "intent", "negative", "context")
SOURCES = ("prompt", "context")
# bytes.translate table of the token view: identifier characters stay, all others become spaces
_IDENTIFIER_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789_"
_TOKEN_VIEW = bytes(code if code in _IDENTIFIER_BYTES else 32 for code in range(256))
TOKEN_CHAR = "[a-z0-9_]"
SEPARATORS = "[^a-z0-9_]{1,3}"  # between a phrase's words: a space, a dot, " '" ...; not a whole "{ } "
_CACHE_LIMIT = 50_000
WARM_SCANS = 64  # a scanner that has scanned this many texts is long-lived: it learns token openings
_FEW_CANDIDATES = 16  # fewer candidate entries: searching the view for what they need costs less than openings
TYPO_TEXT = (
    20_000  # longer texts (pasted logs and code) are not read for typos: their second scan would double the cost
)
# How an entry is found: a whole token, a token prefix, or a regex (with its leading \b checked by hand, or plain).
WHOLE, PREFIX, BOUNDED_REGEX, REGEX = range(4)
# A hit: (signal index, start, end, source) with source "prompt" or "context".
Hit = tuple[int, int, int, str]


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


def token_view(lowered: str) -> str:
    """``lowered`` with every non-identifier character a space, padded with one space each side.

    Every character maps to exactly one (``encode`` replaces each non-ASCII code point,
    lone surrogates included, with one ``?``), so offset ``i`` of ``lowered`` is offset
    ``i + 1`` here.
    """
    ascii_bytes = lowered.encode("ascii", "replace").translate(_TOKEN_VIEW)
    return f" {ascii_bytes.decode('ascii')} "


# --- scanning -------------------------------------------------------------------------------------


class _Index:
    """One source's index (words, phrases' last words, prefixes, entries under no word).

    What each token brings in is learnt as texts come: the entries filed under it and
    under the indexed prefixes it continues, and the phrases it may complete (those it
    ends, and open-ended ones whose prefix it continues) with the other tokens each needs.
    So a text of familiar words costs one set intersection and, per token that brings
    anything, one set update and a check per phrase; a long text full of new words is
    instead searched once per prefix.
    """

    def __init__(self, raw: dict[str, Any], entries: list[list[Any]]) -> None:
        self.words: dict[str, list[int]] = raw["words"]
        self.conditional: dict[str, list[tuple[int, list[str]]]] = raw["conditional"]
        self.prefixes: dict[str, list[int]] = raw["prefixes"]
        self.unindexed: list[int] = raw["unindexed"]
        self.unindexed_ascii: list[int] = raw["unindexed_ascii"]
        # of those, in an ASCII text: each with the ASCII texts of one of its text groups, one of which it needs;
        # a gate of identifier characters only is within one token where it occurs, so it is learnt per token
        gated = [(number, _ascii_gate(entries[number])) for number in self.unindexed_ascii]
        self._gated_ascii = [(number, gate) for number, gate in gated if not _in_token(gate)]
        self._token_gated = [(number, gate) for number, gate in gated if _in_token(gate)]
        self._seen: set[str] = set()
        # token -> (entries it brings, phrases it brings with the other tokens each needs)
        self._brings: dict[str, tuple[list[int], list[tuple[int, list[str]]]]] = {}
        self._others = {  # open-ended phrases (``connection pool*``) filed under their prefix
            number: entries[number][3]["all"]
            for numbers in self.prefixes.values()
            for number in numbers
            if entries[number][1] == BOUNDED_REGEX and "all" in entries[number][3]
        }
        self._by_initial: dict[str, list[str]] | None = None

    def candidates(self, lowered: str, view: str, tokens: set[str]) -> set[int]:
        """The entries filed under what the text holds, and those filed under nothing."""
        if lowered.isascii():
            found = set()
            for number, gate in self._gated_ascii:
                for text in gate:
                    if text in lowered:
                        found.add(number)
                        break
        else:
            found = set(self.unindexed)
        new = tokens.difference(self._seen)
        if len(new) > len(self.prefixes):
            if lowered.isascii():
                found.update(number for number, gate in self._token_gated if any(text in lowered for text in gate))
            return self._unlearnt_candidates(found, view, tokens)
        if new:
            self._learn(new)
        brings = self._brings
        for token in brings.keys() & tokens:
            plain, phrases = brings.get(token, _NOTHING)  # (another thread may have just cleared it)
            found.update(plain)
            for number, others in phrases:
                if tokens.issuperset(others):
                    found.add(number)
        return found

    def _unlearnt_candidates(self, found: set[int], view: str, tokens: set[str]) -> set[int]:
        words, conditional = self.words, self.conditional
        for token in words.keys() & tokens:
            found.update(words[token])
        for token in conditional.keys() & tokens:
            for number, others in conditional[token]:
                if tokens.issuperset(others):
                    found.add(number)
        for prefix, numbers in self.prefixes.items():
            if f" {prefix}" in view:
                found.update(numbers)
        return found

    def _learn(self, new: set[str]) -> None:
        if self._by_initial is None:  # prefixes by first letter, so a new token is compared with few
            self._by_initial = {}
            for prefix in self.prefixes:
                self._by_initial.setdefault(prefix[:1], []).append(prefix)
        if len(self._seen) + len(new) > _CACHE_LIMIT:
            self._seen.clear()
            self._brings.clear()
        words, conditional, prefixes, others = self.words, self.conditional, self.prefixes, self._others
        for token in new:
            prefixed = [
                n for prefix in self._by_initial.get(token[0], ()) if token.startswith(prefix) for n in prefixes[prefix]
            ]
            plain = [n for n in prefixed if n not in others] + words.get(token, [])
            plain += [number for number, gate in self._token_gated if any(text in token for text in gate)]
            phrases = [(n, others[n]) for n in prefixed if n in others] + conditional.get(token, [])
            if plain or phrases:
                self._brings[token] = (plain, phrases)
        self._seen.update(new)


_NOTHING: tuple[list[int], list[tuple[int, list[str]]]] = ([], [])


def _ascii_gate(entry: list[Any]) -> tuple[str, ...]:
    """The ASCII texts of an entry's most telling text group (("",) when it has none): an
    ASCII text without one of them cannot match it."""
    groups: list[list[str]] = [[text for text in group if text.isascii()] for group in entry[3].get("text", ())]
    if not groups:
        return ("",)
    fewest = min(groups, key=len)
    return tuple(fewest)


def _in_token(gate: tuple[str, ...]) -> bool:
    """Whether every text of a gate is identifier characters (so lies within one token)."""
    return all(text and set(text) <= _IDENTIFIER for text in gate)


_IDENTIFIER = set(_IDENTIFIER_BYTES.decode())


class Scanner:
    """A compiled trigger table; ``scan`` finds the signals that fire in a text.

    Building one does no work beyond reading the table: regexes are checked and compiled
    on first need, conditions prepared on first use.
    """

    def __init__(self, table: dict[str, Any]) -> None:
        if table.get("format") != TABLE_FORMAT:
            raise TableError(f"trigger table format {table.get('format')!r}; expected {TABLE_FORMAT} (run sync)")
        self.threshold = float(table["threshold"])
        self.signals: list[dict[str, Any]] = table["signals"]
        self._entries: list[list[Any]] = table["entries"]
        self._indexes = {source: _Index(table["index"][source], self._entries) for source in SOURCES}
        self._speller: Speller | None = None
        self.typo_offset = 0
        if "typos" in table:  # signal ``n + i`` is signal ``i`` matched through a typo, at a lower weight
            self._speller = Speller(table["typos"])
            self.typo_offset = len(self.signals)
            factor = self._speller.weight
            typo_signals = [
                {**signal, "weight": round(signal["weight"] * factor, 6), "typo": True} for signal in self.signals
            ]
            self.signals = [*self.signals, *typo_signals]
        self.weights = [float(signal["weight"]) for signal in self.signals]
        self._conditions: list[Conditions | None] = [None] * len(self._entries)
        self._regexes: dict[str, re.Pattern[str]] = {}
        # a long-lived scanner (past WARM_SCANS texts) learns each token's openings (``Openings``)
        self._openings: Openings | None = None
        self._scans = 0

    def check(self) -> None:
        """Check and compile every pattern now, so a bad one is reported at load.

        Raises:
            TableError: a pattern is outside the safe subset; the message names its signal
                and ``path`` locates it.
        """
        for number, entry in enumerate(self._entries):
            if entry[1] >= BOUNDED_REGEX:
                self._regex(number)

    def ranked(self, hits: list[Hit]) -> list[Hit]:
        """``hits`` in the order worth telling: largest weight first, the prompt before the context, then position."""
        weights = self.weights
        return sorted(hits, key=lambda hit: (-abs(weights[hit[0]]), hit[3] != "prompt", hit[1], hit[2], hit[0]))

    def scan(self, text: str, source: str = "prompt") -> list[Hit]:
        """The signals that fire in ``text``, in signal order, each with one match.

        In a prompt, a signal that fires only once typos are read as the words they miss
        (see ``typos``) is reported as its typo twin, index ``len(table signals)`` higher.
        """
        lowered = lower_same_length(text)
        view = token_view(lowered)
        tokens = set(view.split())
        spans = self._spans(lowered, view, tokens, source)
        hits = [(index, start, end, source) for index, (start, end) in sorted(spans.items())]
        speller = self._speller
        fixes = speller.fixes(tokens) if speller is not None and source == "prompt" and len(text) <= TYPO_TEXT else None
        if fixes:
            fixed, segments = corrected(lowered, view, fixes)
            fixed_view = token_view(fixed)
            twin = self.typo_offset
            for index, (start, end) in sorted(self._spans(fixed, fixed_view, set(fixed_view.split()), source).items()):
                if index not in spans:
                    hits.append(
                        (index + twin, original_offset(segments, start), original_offset(segments, end), source)
                    )
        return hits

    def _spans(self, lowered: str, view: str, tokens: set[str], source: str) -> dict[int, tuple[int, int]]:
        """Each signal that fires in the text, with the span of its first match."""
        spans: dict[int, tuple[int, int]] = {}
        entries, prepared = self._entries, self._conditions
        short = len(lowered) <= LONG_TEXT  # where ``_search`` tries only the starts of lead words
        candidates = self._indexes[source].candidates(lowered, view, tokens)
        openings = (self._openings or self._warm()) if len(candidates) >= _FEW_CANDIDATES else None
        present: set[str] | None = None  # the openings the text holds, found on first need
        for number in sorted(candidates):
            entry = entries[number]
            signal = entry[0]
            if signal in spans:
                continue
            how, needle = entry[1], entry[2]
            if how == WHOLE:  # filed under its own token, which the text holds
                start = view.find(needle)
                spans[signal] = (start, start + len(needle) - 2)
            elif how == PREFIX:  # filed under its prefix, which a token of the text continues
                start = view.find(needle)
                spans[signal] = (start, view.index(" ", start + len(needle)) - 1)
            else:
                conditions = prepared[number] or self._prepare(number)
                if conditions.all and not conditions.all <= tokens:  # the commonest refusal, without a call
                    continue
                if openings is not None and present is None:
                    present = openings.present(tokens)
                if short and conditions.lead and conditions.lead_tokens.isdisjoint(tokens):  # no lead word and
                    prefixes = conditions.lead_prefixes if present is None else present & conditions.lead_openings
                    if not prefixes:  # no lead prefix a token starts with: no token a match can start at
                        continue
                if not conditions.more or conditions.hold(lowered, view, tokens, present):
                    span = self._search(number, conditions, lowered, view, tokens, present)
                    if span is not None:
                        spans[signal] = span
        return spans

    def _warm(self) -> Openings | None:
        """Count a scan; once a scanner is long-lived, the openings of its regex entries, learnt from then on."""
        self._scans += 1
        if self._scans >= WARM_SCANS:
            regexes = [number for number, entry in enumerate(self._entries) if entry[1] >= BOUNDED_REGEX]
            self._openings = Openings.of(self._conditions[number] or self._prepare(number) for number in regexes)
        return self._openings

    def _prepare(self, number: int) -> Conditions:
        conditions = self._conditions[number] = Conditions(self._entries[number][3])
        return conditions

    def _search(
        self,
        number: int,
        conditions: Conditions,
        lowered: str,
        view: str,
        tokens: set[str],
        present: set[str] | None = None,
    ) -> tuple[int, int] | None:
        """A regex entry's first match in a text that holds what it needs.

        A leading ``\\b`` is checked here rather than by the regex: without it the regex
        opens with its words, and ``re`` then skips ahead to their first letters instead of
        trying every position.
        """
        regex = conditions.regex
        if regex is None:
            regex = conditions.regex = self._regex(number)
        if conditions.lead and len(lowered) <= LONG_TEXT:  # a short text has few such tokens
            for start in conditions.starts(view, tokens, present):
                if (found := regex.match(lowered, start)) is not None:
                    return found.span()
            return None
        position = conditions.earliest_start(lowered)
        if self._entries[number][1] == REGEX:
            found = regex.search(lowered, position)
            return None if found is None else found.span()
        while (found := regex.search(lowered, position)) is not None:
            start = found.start()
            if (view[start] == " ") != (view[start + 1] == " "):  # a token starts or ends here
                return found.span()
            position = start + 1
        return None

    def _regex(self, number: int) -> re.Pattern[str]:
        """A regex entry's compiled regex; a pattern is checked first. Compiled once."""
        signal, how, needle, raw = self._entries[number]
        regex = self._regexes.get(needle)
        if regex is None:
            if "pattern" in raw:
                from async_patterns.triggers.rules import check_pattern  # only when a pattern is first needed

                try:
                    check_pattern(needle)
                except TableError as exc:
                    path = ("triggers", "signals", signal, "patterns", raw["pattern"])
                    raise TableError(f"signal {self.signals[signal]['id']!r}: {exc}", path) from None
            regex = re.compile(needle[2:] if how == BOUNDED_REGEX else needle, re.ASCII)
            self._regexes[needle] = regex
        return regex

    def score(self, hits: list[Hit]) -> float:
        """The sum of the weights of the signals hit (each counted once), rounded for display."""
        fired = {index for index, _, _, _ in hits}
        weights = self.weights
        return round(sum([weights[index] for index in fired]), 6)
