"""Typo tolerance: a prompt token one edit away from a distinctive vocabulary word reads as it.

"aiohtpp", "asyncoi", "coroutien", "awiat gahter": a token that is no vocabulary word is
compared with the table's *targets* (the vocabulary's words of ``min_length`` letters or
more, from signals that say a prompt is about asyncio) by edit distance 1: one letter
inserted, deleted or replaced, or two neighbours swapped. The scanner then scans the text
again with such tokens replaced by their targets, and every signal that fires only in that
second scan counts with a lower weight (the table's ``typos.weight`` times the signal's).

Linear time, no per-term scanning: the table holds a *symmetric-delete* index, each
target and every string made by deleting one of its letters, mapped to the target, packed
per first letter (``typo_index``). A token is looked up as itself and with each of its
letters deleted (at most ``max_length + 1`` lookups), and each candidate is confirmed by
``one_edit`` (two strings can share a deletion and still be two edits apart). What each
distinct token gives is remembered, so a long-lived matcher checks a word once.

The first letter must match (people rarely mistype it, and "sync" is no "async"); a token
may be one letter shorter than ``min_length`` ("aync"). Never corrected: names starting
with ``_`` (``__next__`` is no ``__anext__``), words longer than ``max_length``, words with
digits, the targets themselves, and the vocabulary's words and ordinary English words
within one edit of a target (``known``: "panic" is no "sanic", "tokyo" no "tokio").
Stdlib only: the prompt hook's path.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any


MAX_TOKENS = 20_000  # a text with more distinct tokens than this is not corrected at all (deterministic)
_CACHE_LIMIT = 50_000
_TOKEN = r"[a-z0-9_]+"  # (compiled by ``re``'s cache on first use, not on import)
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz_")
# A correction: (offset in the corrected text, offset in the original, original end, corrected end).
Segment = tuple[int, int, int, int]
_END = 1 << 62  # sorts after every offset


def deletions(word: str) -> list[str]:
    """Every string made by deleting one character of ``word``."""
    return [word[:at] + word[at + 1 :] for at in range(len(word))]


def one_edit(token: str, word: str) -> bool:
    """Whether ``token`` is ``word`` with one insertion, deletion, substitution or adjacent swap."""
    if token == word or abs(len(token) - len(word)) > 1:
        return False
    same = 0
    shorter = min(len(token), len(word))
    while same < shorter and token[same] == word[same]:
        same += 1
    if len(token) > len(word):
        return token[same + 1 :] == word[same:]
    if len(token) < len(word):
        return token[same:] == word[same + 1 :]
    if token[same + 1 :] == word[same + 1 :]:
        return True
    swapped = same + 1 < len(token) and token[same] == word[same + 1] and token[same + 1] == word[same]
    return swapped and token[same + 2 :] == word[same + 2 :]


def typo_index(targets: Iterable[str]) -> dict[str, list[str]]:
    """The symmetric-delete index of ``targets``, packed by first letter for a fast load.

    Letter -> [its keys, space-separated; for each key the targets it leads to, joined
    by ``|``, space-separated in the same order]. A token is only ever compared with
    targets of its own first letter, so the scanner unpacks only the letters a text uses
    (``dict(zip(...))``, in C).
    """
    index: dict[str, set[str]] = {}
    for word in targets:
        for key in (word, *deletions(word)):
            index.setdefault(key, set()).add(word)
    by_letter: dict[str, list[tuple[str, str]]] = {}
    for key, words in sorted(index.items()):
        for letter in sorted({word[0] for word in words}):
            matching = "|".join(sorted(word for word in words if word[0] == letter))
            by_letter.setdefault(letter, []).append((key, matching))
    return {letter: [" ".join(k for k, _ in rows), " ".join(v for _, v in rows)] for letter, rows in by_letter.items()}


def typo_targets(index: dict[str, list[str]]) -> set[str]:
    """Every target of a packed index."""
    return {word for _, values in index.values() for joined in values.split(" ") for word in joined.split("|")}


class Speller:
    """The typo table of a compiled trigger table; ``fixes`` maps a text's typos to targets."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.weight = float(raw["weight"])
        self.min_length: int = raw["min_length"]
        self.max_length: int = raw["max_length"]
        self._packed: dict[str, list[str]] = raw["keys"]
        self._keys: dict[str, dict[str, str]] = {}  # first letter -> key -> targets joined by "|"
        self._known = frozenset(raw["known"].split())
        self._checked: set[str] = set()
        self._fixes: dict[str, str] = {}

    def fixes(self, tokens: set[str]) -> dict[str, str]:
        """The tokens of a text read as typos, each with its target (empty for most texts)."""
        if len(tokens) > MAX_TOKENS:
            return {}
        new = tokens.difference(self._checked)
        if new:
            self._learn(new)
        found = self._fixes.keys() & tokens
        return {token: self._fixes[token] for token in found} if found else {}

    def _learn(self, new: set[str]) -> None:
        if len(self._checked) + len(new) > _CACHE_LIMIT:
            self._checked.clear()
            self._fixes.clear()
        low, high, known = self.min_length - 1, self.max_length, self._known  # a token may miss one letter
        for token in new:
            if low <= len(token) <= high and token[0] != "_" and token not in known and _LETTERS.issuperset(token):
                target = self._target(token)
                if target is not None:
                    self._fixes[token] = target
        self._checked.update(new)

    def _target(self, token: str) -> str | None:
        letter = token[0]
        keys = self._keys.get(letter)
        if keys is None:
            packed = self._packed.get(letter)
            keys = self._keys[letter] = (
                dict(zip(packed[0].split(" "), packed[1].split(" "), strict=True)) if packed else {}
            )
        if token in keys.get(token, "").split("|"):  # a target itself
            return None
        found: set[str] = set()
        for key in (token, *deletions(token)):
            words = keys.get(key)
            if words is not None:
                found.update(words.split("|"))
        matches = sorted(word for word in found if one_edit(token, word))
        return matches[0] if matches else None


def corrected(lowered: str, view: str, fixes: dict[str, str]) -> tuple[str, list[Segment]]:
    """``lowered`` with every token in ``fixes`` replaced, and where each replacement is.

    One pass over the token view, so linear in the text; offsets of ``view`` are those of
    ``lowered`` plus one (see ``scanner.token_view``).
    """
    pieces: list[str] = []
    segments: list[Segment] = []
    last = shift = 0
    for found in re.finditer(_TOKEN, view):
        word = fixes.get(found.group())
        if word is None:
            continue
        start, end = found.start() - 1, found.end() - 1
        pieces += (lowered[last:start], word)
        segments.append((start + shift, start, end, start + shift + len(word)))
        shift += len(word) - (end - start)
        last = end
    pieces.append(lowered[last:])
    return "".join(pieces), segments


def original_offset(segments: list[Segment], at: int) -> int:
    """The offset in the original text of offset ``at`` of the corrected text."""
    from bisect import bisect_right  # only texts with a typo get here

    number = bisect_right(segments, (at, _END)) - 1  # the last correction starting at or before ``at``
    if number < 0:
        return at
    fixed_start, start, end, fixed_end = segments[number]
    if at >= fixed_end:
        return at - fixed_end + end
    return start + min(at - fixed_start, end - start)
