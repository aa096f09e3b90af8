"""News items and bulletin items: a title line, the body, and a trailing source.

Two layouts occur. Reports number their news (一、… / （一）…): an item is a numbered heading that
has body text of its own, up to the next heading at its level or above, so unnumbered sub-heads
inside the story stay in it. Bulletins give unnumbered titles and end every item with a source
(（来源：…） / 【来源】… / 来源：…): there the source closes the item, which keeps a story's own
sub-heads inside it too. The source is kept as fields["source"].
"""

from __future__ import annotations

from jiance.segment.base import Line, Segment, clean_source, data, is_boilerplate, source_regexes, trim
from jiance.segment.headings import NUMBERED, Heading, HeadingIndex, is_title_line, strip_numbering
from jiance.segment.paragraphs import segment_paragraphs

STRUCTURAL = ("part", "column", "end")


def find_sources(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(item end, next item start, source) for each source that closes an item in [start, end).

    A source closes an item when only a line break, or a title glued on by a damaged join,
    follows it on its line.
    """
    paren, whole = source_regexes()
    found: list[tuple[int, int, str]] = []
    for m in paren.finditer(text, start, end):
        eol = text.find("\n", m.end(), end)
        eol = end if eol == -1 else eol
        rest = text[m.end() : eol].strip()
        if not rest:
            found.append((m.end(), eol, clean_source(m.group(1))))
        elif is_title_line(rest):
            found.append((m.end(), m.end(), clean_source(m.group(1))))
    for m in whole.finditer(text, start, end):
        found.append((m.end(), m.end(), clean_source(m.group(1))))
    found.sort()
    return found


def trailing_source(text: str, start: int, end: int) -> str | None:
    """The source an item ends with, if it names one in its last lines."""
    tail = max(start, end - 200)
    hits = [s for s in find_sources(text, tail, end) if text[s[0] : end].strip() == ""]
    return hits[-1][2] if hits else None


def _title_of(text: str, a: int, index: HeadingIndex) -> str | None:
    eol = text.find("\n", a)
    first = text[a : len(text) if eol == -1 else eol].strip()
    h = index.heading_at(a)
    if h is not None or is_title_line(first):
        return strip_numbering(first)
    return None


def _item_kind(bulletin: bool) -> str:
    return "bulletin_item" if bulletin else "news"


def _by_sources(
    text: str, start: int, end: int, index: HeadingIndex, kind: str, section: list[str]
) -> tuple[list[Segment], list[tuple[int, int]]]:
    """Items closed by their sources; returns the items and the uncovered gaps."""
    items: list[Segment] = []
    gaps: list[tuple[int, int]] = []
    pos = start
    for item_end, nxt, source in find_sources(text, start, end):
        a = pos
        for ln in index.lines_in(pos, item_end):  # skip column and part headings
            h = index.heading_at(ln.start)
            if h is not None and h.kind in STRUCTURAL:
                a = ln.end
                continue
            break
        a, b = trim(text, a, item_end)
        if b > a:
            h = index.heading_at(a)
            path = h.parents if h is not None else (index.path_at(a) or list(section))
            items.append(Segment(a, b, kind, list(path), title=_title_of(text, a, index), fields={"source": source}))
        pos = nxt
    if pos < end:
        gaps.append((pos, end))
    return items, gaps


def _item_headings(hs: list[Heading], index: HeadingIndex, numbered: bool) -> list[Heading]:
    """Headings that open an item: the innermost ones that have body text of their own."""
    kinds = NUMBERED if numbered else ("title", "article")
    cands: list[Heading] = []
    for h in hs:
        if h.kind not in kinds:
            continue
        nxt = _next_line(index, h.end)
        if nxt is None:
            continue
        nh = index.heading_at(nxt.start)
        if nh is not None and (nh.kind in NUMBERED or nh.kind in STRUCTURAL):
            continue
        if is_boilerplate(nxt.s):
            continue
        cands.append(h)
    keep: list[Heading] = []
    if numbered:  # the innermost numbered headings are the stories, outer ones their columns
        for k, h in enumerate(cands):
            nxt = cands[k + 1] if k + 1 < len(cands) else None
            if nxt is not None and nxt.offset < h.subtree_end and nxt.depth > h.depth:
                continue
            keep.append(h)
    else:  # unnumbered: the outermost titles are the stories, inner ones their sub-heads
        for h in cands:
            if keep and h.offset < keep[-1].subtree_end and h.depth > keep[-1].depth:
                continue
            keep.append(h)
    return keep


def _next_line(index: HeadingIndex, offset: int) -> Line | None:
    lines = index.lines_in(offset, len(index.text))
    return lines[0] if lines else None


def _by_headings(
    text: str, start: int, end: int, index: HeadingIndex, kind: str, heads: list[Heading]
) -> tuple[list[Segment], list[tuple[int, int]]]:
    items: list[Segment] = []
    gaps: list[tuple[int, int]] = []
    pos = start
    for k, h in enumerate(heads):
        b = min(h.subtree_end, end, heads[k + 1].offset if k + 1 < len(heads) else end)
        a, b = trim(text, h.offset, b)
        if pos < a:
            gaps.append((pos, a))
        fields = {}
        source = trailing_source(text, a, b)
        if source:
            fields["source"] = source
        items.append(Segment(a, b, kind, list(h.parents), title=strip_numbering(h.text), fields=fields))
        pos = b
    if pos < end:
        gaps.append((pos, end))
    return items, gaps


def segment_news(
    text: str,
    start: int = 0,
    end: int | None = None,
    section: list[str] | None = None,
    index: HeadingIndex | None = None,
    bulletin: bool = False,
) -> list[Segment]:
    """News (or bulletin) items in [start, end); text between items becomes paragraphs."""
    end = len(text) if end is None else end
    index = index or HeadingIndex(text)
    section = list(section or [])
    kind = _item_kind(bulletin)
    hs = [h for h in index.headings_in(start, end) if h.offset < end]
    numbered = _item_headings(hs, index, numbered=True)
    n_sources = len(find_sources(text, start, end))
    if (bulletin and n_sources) or (n_sources >= 2 and not numbered):
        items, gaps = _by_sources(text, start, end, index, kind, section)
    elif numbered:
        items, gaps = _by_headings(text, start, end, index, kind, numbered)
    else:
        titled = _item_headings(hs, index, numbered=False)
        items, gaps = _by_headings(text, start, end, index, kind, titled) if titled else ([], [(start, end)])
    for a, b in gaps:
        items.extend(segment_paragraphs(text, a, b, section, index))
    items.sort(key=lambda s: s.start)
    return items


def column_names() -> set[str]:
    """Bulletin column names from the data file."""
    return set(data()["bulletin_columns"])
