"""Plain paragraphs: one item per paragraph, the fallback shape of every region.

The cleaner puts one paragraph on a line; where hard wraps survive (a raw text, a damaged page
break) a line that does not end a sentence is joined with the lines after it, so an item is still
a whole paragraph. Headings, the table of contents, captions and very short lines are no items.
Numbered lines that are too long to be headings are list items (kind "bullet").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from jiance.segment.base import TERMINAL, Line, Segment, boilerplate_prefixes, data
from jiance.segment.headings import HeadingIndex

MAX_PARAGRAPH_CHARS = 4000
_BULLET_MARKS = "•·●▪◆◇■□➤►-–—*"
_BULLET = re.compile(rf"^[{re.escape(_BULLET_MARKS)}]\s*\S")
_NUMBER_ONLY = re.compile(r"^[\d\s.．\-—/第页]+$")


def paragraph_spans(lines: list[Line], index: HeadingIndex) -> list[tuple[int, int]]:
    """(first, last) line indices of each paragraph among `lines`, skipping headings."""
    # names bound once: this runs over most lines of a document
    headings, numbers, bullet, number_only = index.by_offset, index.numbers, _BULLET.match, _NUMBER_ONLY.match
    boilerplate = boilerplate_prefixes()
    spans: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        ln = lines[i]
        if ln.start in headings or number_only(ln.s):
            i += 1
            continue
        j, size, s = i, len(ln.s), ln.s
        while j + 1 < n and s[-1] not in TERMINAL and size < MAX_PARAGRAPH_CHARS:
            nxt = lines[j + 1]
            if nxt.start in headings or nxt.start in numbers or bullet(nxt.s) or nxt.s.startswith(boilerplate):
                break
            j += 1
            s = nxt.s
            size += len(s)
        spans.append((i, j))
        i = j + 1
    return spans


def segment_paragraphs(
    text: str,
    start: int = 0,
    end: int | None = None,
    section: list[str] | None = None,
    index: HeadingIndex | None = None,
) -> list[Segment]:
    """One Segment per paragraph (kind "paragraph", or "bullet" for list items) in [start, end)."""
    end = len(text) if end is None else end
    index = index or HeadingIndex(text)
    lines = index.lines_in(start, end)
    min_chars = data()["min_paragraph_chars"]
    boilerplate = boilerplate_prefixes()
    # names bound once and index.heading_before inlined: this runs for most items of a document
    numbers, bullet, offsets, headings = index.numbers, _BULLET.match, index.heading_offsets, index.headings
    out: list[Segment] = []
    for i, j in paragraph_spans(lines, index):
        first = lines[i]
        s = first.s
        if s.startswith(boilerplate) or (i == j and len(s) < min_chars):
            continue
        a = first.start
        # a list item: a heading number (as the index found it) before a sentence, or a bullet mark
        kind = "bullet" if a in numbers or (s[0] in _BULLET_MARKS and bullet(s)) else "paragraph"
        k = bisect_right(offsets, a) - 1  # heading_before(a); lines_in left tables of contents out
        path = list(headings[k].path) if k >= 0 else list(section or [])
        out.append(Segment(a, min(lines[j].end, end), kind, path))
    return out
