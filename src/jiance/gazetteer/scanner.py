"""Fast leftmost-longest word finding with an Aho-Corasick automaton (pyahocorasick, BSD).

One regex alternation of thousands of names is slow twice over: Python's engine tries the
alternatives one by one at every position, and compiling it takes longer than our whole load
budget. A `ScanGroup` builds one Aho-Corasick automaton of the words of several `Scanner`s (the
gazetteer's places, agencies and companies) at load. It walks a text once in C and lists every
word found, with the scanners it belongs to; the last text's list is kept, so the three finders of
one item share one pass. Each scanner then picks its own words leftmost-longest from the list,
offering them longest first to a caller's `accept`, which may refuse one (the next shorter word at
that position is tried, and a refused word does not hide the words inside it).

pyahocorasick finds a node's child by a linear search, and the root of a place-name automaton has
thousands of children (one per first character), so the words and the text go in as UTF-8 bytes
spelled as latin-1 characters: no node then has more than a few dozen children, and the scan runs
several times faster. UTF-8 is prefix-free and self-synchronising, so byte matches are exactly the
character matches, and leftmost-longest in bytes is leftmost-longest in characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import ahocorasick

_END = ""  # marks the end of a word in the character trie


def alternation(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern for a short word list, longest alternative first (so longest wins)."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, ordered)) or r"(?!x)x")


def as_bytes(text: str) -> str:
    """`text` as UTF-8 bytes, one latin-1 character per byte (the keys and input of automaton())."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def automaton(words: Iterable[str], tags: dict[str, int] | None = None) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of `words` spelled by as_bytes(), whose values are (word, tag from
    `tags` or 0); None for no words."""
    auto = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for w in words:
        if w:
            auto.add_word(as_bytes(w), (w, tags.get(w, 0) if tags else 0))
    if not len(auto):
        return None
    auto.make_automaton()
    return auto


class ScanGroup:
    """One automaton for the words of several scanners; every word found in a text, found once."""

    def __init__(self, scanners: list[Scanner]) -> None:
        tags: dict[str, int] = {}
        for k, sc in enumerate(scanners):
            for w in sc.words:
                tags[w] = tags.get(w, 0) | 1 << k
            sc._group, sc._bit = self, 1 << k
        self._auto = automaton(sorted(tags), tags)
        self._last: tuple[str | None, list[tuple[int, int, str, int]]] = (None, [])

    def hits(self, text: str) -> list[tuple[int, int, str, int]]:
        """(start, end, word, scanner bits) of every listed word in `text`, overlapping ones
        too, by end; at one end, longest first."""
        last_text, found = self._last
        if last_text is text:
            return found
        found = []
        if self._auto is not None:
            data = as_bytes(text)
            pos = bpos = 0  # byte offsets back to characters: count the characters between ends
            for last, (w, bits) in self._auto.iter(data):
                b = last + 1
                if b != bpos:
                    pos += len(data[bpos:b].encode("latin-1").decode("utf-8", "surrogatepass"))
                    bpos = b
                found.append((pos - len(w), pos, w, bits))
        self._last = (text, found)
        return found


class Scanner:
    """Leftmost-longest finder for a large set of words of two or more characters."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if len(w) >= 2)
        self._root: dict = {}
        for w in self.words:
            node = self._root
            for ch in w:
                node = node.setdefault(ch, {})
            node[_END] = True
        self._group: ScanGroup | None = None  # set by the ScanGroup this scanner joins
        self._bit = 1

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

    def finditer(
        self, text: str, accept: Callable[[int, int, str], bool] | None = None
    ) -> Iterator[tuple[int, int, str]]:
        """(start, end, word) of non-overlapping words, scanning leftmost-longest.

        `accept(start, end, word)` may refuse a word; the next shorter word at the same
        position is tried, and a refused word does not hide the words inside it.
        """
        group = self._group or ScanGroup([self])
        bit = self._bit
        ends_at: dict[int, list[int]] = {}  # start -> ends of this scanner's words there, ascending
        for start, end, _, bits in group.hits(text):
            if bits & bit:
                if start in ends_at:
                    ends_at[start].append(end)
                else:
                    ends_at[start] = [end]
        pos = 0
        for i in sorted(ends_at):
            if i < pos:
                continue
            for end in reversed(ends_at[i]):
                if accept is None or accept(i, end, text[i:end]):
                    yield i, end, text[i:end]
                    pos = end
                    break
