"""A regex entry's conditions: what a text must hold before the entry's regex is searched.

Stdlib only (the prompt hook's path), split from ``scanner`` so each module reads in one
sitting. The conditions come from ``rules.pattern_anchors`` via the compiled table.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterable
    from typing import Any

LONG_TEXT = 10_000  # from this length on, a pattern's search starts where its first match could


def view_needle(word: str) -> str:
    """What the token view holds where a token is ``word`` (or, for ``word*``, starts with it)."""
    return f" {word[:-1]}" if word.endswith("*") else f" {word} "


class Conditions:
    """A regex entry's conditions, prepared on first use: what a text must hold before a
    search, and where a match can start; and its regex, compiled on first search."""

    __slots__ = (
        "all",
        "any",
        "lead",
        "lead_openings",
        "lead_prefixes",
        "lead_tokens",
        "lead_words",
        "more",
        "regex",
        "texts",
        "view",
        "width",
    )

    def __init__(self, raw: dict[str, Any]) -> None:
        self.regex: re.Pattern[str] | None = None
        self.all = frozenset(raw.get("all", ()))  # every one a token of the text
        self.any = tuple(frozenset(group) for group in raw.get("any", ()))  # from each, one a token
        # from each, one in the token view: a whole word (a set lookup) or a token's start (a search)
        self.view = tuple(
            (
                frozenset(needle[1:-1] for needle in group if needle.endswith(" ")),
                tuple(needle for needle in group if not needle.endswith(" ")),
                frozenset(needle for needle in group if not needle.endswith(" ")),
            )
            for group in raw.get("view", ())
        )
        self.texts = tuple(tuple(group) for group in raw.get("text", ()))  # from each, one in the text
        self.width: int = raw.get("width", 0)  # the longest match (0: unknown)
        self.more = bool(self.any or self.view or self.texts)  # anything to check beyond ``all``
        # the words a match starts with: whole words (each with its token-view needle), and prefixes' needles
        lead = raw.get("lead", ())
        self.lead = bool(lead)
        self.lead_words = {word: view_needle(word) for word in lead if not word.endswith("*")}
        self.lead_prefixes = tuple(view_needle(word) for word in lead if word.endswith("*"))
        self.lead_tokens = frozenset(self.lead_words)
        self.lead_openings = frozenset(self.lead_prefixes)

    def hold(self, lowered: str, view: str, tokens: set[str], present: set[str] | None = None) -> bool:
        """Whether the text holds what a match needs; ``present``: the token openings it
        holds (``Openings``), when known, spare searching the view for them."""
        if self.all and not self.all <= tokens:
            return False
        for group in self.any:
            if group.isdisjoint(tokens):
                return False
        for words, needles, opening in self.view:
            if words.isdisjoint(tokens):
                if present is not None:
                    if opening.isdisjoint(present):
                        return False
                    continue
                for needle in needles:
                    if needle in view:
                        break
                else:
                    return False
        for texts in self.texts:
            for text in texts:
                if text in lowered:
                    break
            else:
                return False
        return True

    def starts(self, view: str, tokens: set[str], present: set[str] | None = None) -> list[int]:
        """Where a match can start: each token that is (or starts with) a lead word, in order."""
        words = self.lead_words
        needles = [words[word] for word in words.keys() & tokens]
        needles += self.lead_prefixes if present is None else self.lead_openings & present
        found = []
        for needle in needles:
            at = view.find(needle)
            while at >= 0:
                found.append(at)  # the token view's offset of the space before it: the token's own offset
                at = view.find(needle, at + 1)
        return sorted(set(found))

    def earliest_start(self, lowered: str) -> int:
        """Where the first match can start at the earliest, in a long text.

        Every match holds one text of each text group and is at most ``width`` long, so
        it cannot start more than ``width`` before the end of the first such text: a long
        text with one late occurrence is searched from there on.
        """
        if not self.width or len(lowered) <= LONG_TEXT:
            return 0
        start = 0
        for texts in self.texts:
            first = min((at + len(text) for text in texts if (at := lowered.find(text)) >= 0), default=0)
            start = max(start, first - self.width)
        return start


class Openings:
    """Which token openings (``" call"``: a token starting with ``call``) a text holds.

    Learnt per token, so a long-lived scanner answers for a text of familiar words with
    one set operation, where each group of openings would otherwise be searched for in
    the token view one by one. The openings are every regex entry's view and lead
    prefixes; a needle holds no space after its first, so it is a token's start.
    """

    def __init__(self, openings: Iterable[str]) -> None:
        self._by_initial: dict[str, list[str]] = {}
        for needle in sorted(set(openings)):
            self._by_initial.setdefault(needle[1:2], []).append(needle)
        self._seen: set[str] = set()
        self._opens: dict[str, frozenset[str]] = {}

    def present(self, tokens: set[str]) -> set[str]:
        """The openings of ``tokens``: the needles (``" call"``) that some token starts with."""
        seen, opens = self._seen, self._opens  # a pair: a full cache is replaced, never cleared under a reader
        new = tokens.difference(seen)
        if new:
            if len(seen) + len(new) > _CACHE_LIMIT:
                seen, opens = set(), {}
                self._seen, self._opens = seen, opens
            by_initial = self._by_initial
            for token in new:
                starts = frozenset(n for n in by_initial.get(token[0], ()) if token.startswith(n[1:]))
                if starts:
                    opens[token] = starts
            seen.update(new)  # after ``opens``: a token seen has its openings
        found = opens.keys() & tokens
        if not found:
            return set()
        return set().union(*[opens[token] for token in found])

    @classmethod
    def of(cls, conditions: Iterable[Conditions]) -> Openings:
        """The openings of every view group and lead prefix of ``conditions``."""
        needles: list[str] = []
        for each in conditions:
            needles += each.lead_prefixes
            needles += [needle for _, _, group in each.view for needle in group]
        return cls(needles)


_CACHE_LIMIT = 50_000
