"""Fast leftmost-longest word finding with an Aho-Corasick automaton (ahocorasick_rs, Apache-2.0).

One regex alternation of thousands of names is slow twice over: Python's engine tries the
alternatives one by one at every position, and compiling it takes longer than our whole load
budget. A `ScanGroup` builds one Aho-Corasick automaton of the words of several `Scanner`s (the
gazetteer's places, agencies and companies, and the cue words that gate its regex steps) at load.
It walks a text once in compiled code (Rust), listing every word found with character offsets,
sorts that list once leftmost first, longest first at one start, and deals it out to its
scanners' lists; the last text's lists are kept, so the finders of one item share one pass. Each
scanner then picks its own words leftmost-longest from its list, offering them longest first to a
caller's `accept`, which may refuse one (the next shorter word at that position is tried, and a
refused word does not hide the words inside it).

A found word is the automaton's own `(word index, start, end)` tuple: no tuple is built per word,
and a caller keeps per-word facts in lists by word index (one look-up per word found).

(pyahocorasick, used before, searches a node's children one by one; the root of a place-name
automaton has thousands, and its walk took five times as long.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import TypeVar

import ahocorasick_rs

T = TypeVar("T")
Match = tuple[int, int, int]  # (index of the word in ScanGroup.words, start, end)

_EMPTY: tuple[list[Match], ...] = ()
_START, _END = itemgetter(1), itemgetter(2)


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern for a short word list, longest alternative first (so longest wins)."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, ordered)) or r"(?!x)x")


class ScanGroup:
    """One automaton for the words of several scanners; every word found in a text, found once."""

    def __init__(self, scanners: list[Scanner]) -> None:
        slots: dict[str, tuple[int, ...]] = {}
        for k, sc in enumerate(scanners):
            for w in sc.words:
                slots[w] = (*slots.get(w, ()), k)
            sc._group, sc._slot = self, k
        self._per_scanner = range(len(scanners))  # one hit list per scanner
        self.words = sorted(slots)  # a Match's first item indexes this list
        self._index = {w: k for k, w in enumerate(self.words)}
        self._slots = [slots[w] for w in self.words]
        # the one slot of a word in one scanner (nearly all), -1 for a word shared by several
        self._only_slot = [s[0] if len(s) == 1 else -1 for s in self._slots]
        self._auto = ahocorasick_rs.AhoCorasick(self.words) if slots else None
        self._last: tuple[str | None, tuple[list[Match], ...]] = (None, _EMPTY)

    def per_word(self, scanner: Scanner, value: Callable[[str], T]) -> list[T | None]:
        """A list by word index (a Match's first item): value(word) for the words of `scanner`,
        None for the others; a finder's facts about its words, one look-up per word found."""
        out: list[T | None] = [None] * len(self.words)
        for w in scanner.words:
            out[self._index[w]] = value(w)
        return out

    def hits(self, text: str) -> tuple[list[Match], ...]:
        """Per scanner, every one of its words in `text`, overlapping ones too, leftmost first and
        longest first at one start; an empty tuple when no word is found at all."""
        last_text, found = self._last
        if last_text is text:
            return found
        found = _EMPTY
        if self._auto is not None:
            matches = self._auto.find_matches_as_indexes(text, overlapping=True)
            if matches:
                # two stable sorts in C: by end, longest first, then by start
                if len(matches) > 1:
                    matches.sort(key=_END, reverse=True)
                    matches.sort(key=_START)
                found = tuple([[] for _ in self._per_scanner])
                slot_of = self._only_slot
                for m in matches:
                    slot = slot_of[m[0]]
                    if slot >= 0:
                        found[slot].append(m)
                    else:
                        for slot in self._slots[m[0]]:
                            found[slot].append(m)
        self._last = (text, found)
        return found


class Scanner:
    """Leftmost-longest finder for a large set of words of `shortest` characters or more."""

    def __init__(self, words: Iterable[str], shortest: int = 2) -> None:
        self.words = frozenset(w for w in words if len(w) >= max(shortest, 1))
        self._group: ScanGroup | None = None  # set by the ScanGroup this scanner joins
        self._slot = 0

    def finditer(self, text: str, accept: Callable[[int, int, str], bool] | None = None) -> list[tuple[int, int, str]]:
        """(start, end, word) of non-overlapping words, scanning leftmost-longest.

        `accept(start, end, word)` may refuse a word; the next shorter word at the same
        position is tried, and a refused word does not hide the words inside it. (The gazetteer's
        finders walk their group's hits the same way, inline, building their own hits.)
        """
        group = self._group or ScanGroup([self])  # a scanner that joined no group gets its own
        hits = group.hits(text)
        words = group.words
        out: list[tuple[int, int, str]] = []
        pos = 0
        for k, start, end in hits[self._slot] if hits else ():
            if start >= pos and (accept is None or accept(start, end, words[k])):
                out.append((start, end, words[k]))
                pos = end
        return out
