"""Fast leftmost-longest word finding with an Aho-Corasick automaton (ahocorasick_rs, Apache-2.0).

One regex alternation of thousands of names is slow twice over: Python's engine tries the
alternatives one by one at every position, and compiling it takes longer than our whole load
budget. A `ScanGroup` builds one Aho-Corasick automaton of the words of several `Scanner`s (the
gazetteer's places, agencies and companies, and the cue words that gate its regex steps) at load.
It walks a text once in compiled code (Rust), listing every word found with character offsets,
and sorts them into its scanners' lists; the last text's lists are kept, so the finders of one item
share one pass. Each scanner then picks its own words leftmost-longest from its list, offering them
longest first to a caller's `accept`, which may refuse one (the next shorter word at that position
is tried, and a refused word does not hide the words inside it).

(pyahocorasick, used before, searches a node's children one by one; the root of a place-name
automaton has thousands, and its walk took five times as long.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cached_property

import ahocorasick_rs

_END = ""  # marks the end of a word in the character trie
_EMPTY: tuple[list, ...] = ()

Hit = tuple[int, int, str]  # (start, -end, word): sorts leftmost first, then longest first


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
        self._words = sorted(slots)
        self._slots = [slots[w] for w in self._words]
        # the one slot of a word in one scanner (nearly all), -1 for a word shared by several
        self._only_slot = [s[0] if len(s) == 1 else -1 for s in self._slots]
        self._auto = ahocorasick_rs.AhoCorasick(self._words) if slots else None
        self._last: tuple[str | None, tuple[list[Hit], ...]] = (None, _EMPTY)

    def hits(self, text: str) -> tuple[list[Hit], ...]:
        """Per scanner, (start, -end, word) of every one of its words in `text`, overlapping
        ones too, unordered; an empty tuple when no word is found at all."""
        last_text, found = self._last
        if last_text is text:
            return found
        found = _EMPTY
        if self._auto is not None:
            matches = self._auto.find_matches_as_indexes(text, overlapping=True)
            if matches:
                found = tuple([[] for _ in self._per_scanner])
                words, slot_of, slots = self._words, self._only_slot, self._slots
                for k, start, end in matches:
                    slot = slot_of[k]
                    if slot >= 0:
                        found[slot].append((start, -end, words[k]))
                    else:
                        hit = (start, -end, words[k])
                        for slot in slots[k]:
                            found[slot].append(hit)
        self._last = (text, found)
        return found


class Scanner:
    """Leftmost-longest finder for a large set of words of `shortest` characters or more."""

    def __init__(self, words: Iterable[str], shortest: int = 2) -> None:
        self.words = frozenset(w for w in words if len(w) >= max(shortest, 1))
        self._group: ScanGroup | None = None  # set by the ScanGroup this scanner joins
        self._slot = 0

    @cached_property
    def _root(self) -> dict:
        """A character trie of the words, for match(); built on first use (most scanners never need it)."""
        root: dict = {}
        for w in self.words:
            node = root
            for ch in w:
                node = node.setdefault(ch, {})
            node[_END] = True
        return root

    def _ends(self, text: str, i: int) -> list[int]:
        """Ends of all listed words starting at `i`, shortest first: a walk down the trie."""
        node = self._root.get(text[i : i + 1])
        ends: list[int] = []
        j, n = i + 1, len(text)
        while node is not None and j < n:
            node = node.get(text[j])
            j += 1
            if node is not None and _END in node:
                ends.append(j)
        return ends

    def match(self, text: str, pos: int) -> str | None:
        """The longest word starting exactly at `pos`, or None."""
        ends = self._ends(text, pos)
        return text[pos : ends[-1]] if ends else None

    def found(self, text: str) -> list[Hit]:
        """(start, -end, word) of every listed word in `text`, overlapping ones too, leftmost
        first and longest first at one start (the order finditer offers them in)."""
        return self.pick((self._group or ScanGroup([self])).hits(text))

    def pick(self, hits: tuple[list[Hit], ...]) -> list[Hit]:
        """found() from its group's `hits` of a text, for a caller that holds them (no cache look-up)."""
        return sorted(hits[self._slot]) if hits else []

    def occurs(self, text: str) -> bool:
        """Whether any listed word occurs in `text` (a cheap gate for a slower regex step)."""
        return self.occurs_in((self._group or ScanGroup([self])).hits(text))

    def occurs_in(self, hits: tuple[list[Hit], ...]) -> bool:
        """occurs() from its group's `hits` of a text."""
        return bool(hits and hits[self._slot])

    def finditer(self, text: str, accept: Callable[[int, int, str], bool] | None = None) -> list[tuple[int, int, str]]:
        """(start, end, word) of non-overlapping words, scanning leftmost-longest.

        `accept(start, end, word)` may refuse a word; the next shorter word at the same
        position is tried, and a refused word does not hide the words inside it.
        """
        return leftmost(self.found(text), accept)


def leftmost(found: list[Hit], accept: Callable[[int, int, str], bool] | None = None) -> list[tuple[int, int, str]]:
    """Scanner.finditer() over `found`, a sorted list of hits (as Scanner.pick returns)."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for start, neg_end, word in found:
        if start >= pos and (accept is None or accept(start, -neg_end, word)):
            out.append((start, -neg_end, word))
            pos = -neg_end
    return out
