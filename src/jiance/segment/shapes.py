"""Split a document into regions by shape and run each region's segmenter.

A monthly report has news columns, a yearbook has chronicle, policy and plain regions. The shape
of a region comes from cues kept in data/shapes.yaml: section titles (大事记, 政策法规, 行业快讯,
bulletin column names), the density of lines that start with a date, 【颁布单位】 header fields,
and TAB-separated rows (handed to jiance.segment.tables when that module is there).
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from jiance.segment.base import TERMINAL, Segment, data, level_for
from jiance.segment.chronicle import DATE_START, segment_chronicle
from jiance.segment.headings import Heading, HeadingIndex, shape_named
from jiance.segment.news import segment_news
from jiance.segment.paragraphs import segment_paragraphs
from jiance.segment.policy import header_entries, header_fields, segment_policy

_TEXT = operator.itemgetter(2)  # Line.s, for map()

SHAPES = ("paragraph", "chronicle", "news", "bulletin", "policy", "table", "toc", "skip")


@dataclass
class Region:
    """A stretch of the text [start, end) of one shape, with the heading path at its start."""

    shape: str
    start: int
    end: int
    section: list[str] = field(default_factory=list)


def cue_shape(h: Heading) -> str | None:
    """The shape a heading's title names for its whole subtree, or None."""
    if h.kind == "end":
        return "skip"
    if h.kind == "column":
        return "bulletin"
    return shape_named(h.text)


class _Painter:
    """One shape per non-blank line; later (more specific) cues paint over earlier ones."""

    def __init__(self, index: HeadingIndex) -> None:
        self.index = index
        self.starts = index.line_starts
        self.shape = ["paragraph"] * len(index.lines)

    def paint(self, a: int, b: int, shape: str, only: str | None = None) -> None:
        i = bisect.bisect_left(self.starts, a)
        j = bisect.bisect_left(self.starts, b)
        if only is None:
            self.shape[i:j] = [shape] * (j - i)
            return
        for k in range(i, j):
            if self.shape[k] == only:
                self.shape[k] = shape


def _dense_chronicles(index: HeadingIndex, painter: _Painter) -> None:
    """Sections between headings where most paragraphs start with a date."""
    rule = data()["chronicle_density"]
    bounds = [0] + [h.offset for h in index.headings] + [len(index.text)]
    starts = index.line_starts
    for a, b in zip(bounds, bounds[1:], strict=False):
        if bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a) < rule["min"]:
            continue  # too few lines even before leaving out a table of contents
        lines = index.lines_in(a, b)
        if len(lines) < rule["min"]:
            continue
        body = [ln.s for ln in lines if "\t" not in ln.s]  # table rows are the table segmenter's
        dated = sum(map(bool, map(DATE_START.match, body)))  # a loop in C: this visits most lines
        if dated < rule["min"]:
            continue
        paragraphs = 1 + sum(s[-1] in TERMINAL for s in body[:-1]) if body else 0  # lines that end one
        if dated >= rule["share"] * max(paragraphs, 1):
            painter.paint(a, b, "chronicle", only="paragraph")


def _table_runs(index: HeadingIndex, painter: _Painter) -> None:
    """Runs of two or more TAB-separated lines."""
    lines = index.lines
    # indices of the lines with a TAB, in a loop in C: this visits every line
    tabbed = list(
        itertools.compress(itertools.count(), map(operator.contains, map(_TEXT, lines), itertools.repeat("\t")))
    )
    k = 0
    while k < len(tabbed):
        j = k  # tabbed[k..j] are consecutive lines
        while j + 1 < len(tabbed) and tabbed[j + 1] == tabbed[j] + 1:
            j += 1
        if j > k:
            painter.paint(lines[tabbed[k]].start, lines[tabbed[j]].end, "table")
        k = j + 1


def choose_regions(
    text: str, index: HeadingIndex | None = None, headers: dict[int, tuple[str, str]] | None = None
) -> list[Region]:
    """Regions covering `text` in order, each with the shape its cues name; `headers` is
    policy.header_fields(index.lines) where the caller has it."""
    index = index or HeadingIndex(text)
    painter = _Painter(index)
    for h in index.headings:  # outer sections first, inner ones paint over them
        shape = cue_shape(h)
        if shape:
            painter.paint(h.offset, h.subtree_end, shape)
    _dense_chronicles(index, painter)
    for e in header_entries(index.lines, headers):
        painter.paint(e.start, e.end + 1, "policy")
    _table_runs(index, painter)
    for a, b in index.toc_spans:
        painter.paint(a, b, "toc")
    regions: list[Region] = []
    k = 0
    for shape, run in itertools.groupby(painter.shape):  # runs of lines of one shape
        start = index.lines[k].start
        if regions:
            regions[-1].end = start
        regions.append(Region(shape, start, len(text), index.path_at(start)))
        k += len(list(run))
    return regions


@cache
def _table_segmenter() -> Callable[..., list[Segment]] | None:
    """jiance.segment.tables.segment_table when the module exists, else None."""
    try:
        module = importlib.import_module("jiance.segment.tables")
    except ImportError:
        return None
    return getattr(module, "segment_table", None)


def _run(
    shape: str, text: str, r: Region, index: HeadingIndex, header_at: dict[int, tuple[str, str]] | None = None
) -> list[Segment]:
    if shape == "chronicle":
        return segment_chronicle(text, r.start, r.end, r.section, index)
    if shape in ("news", "bulletin"):
        return segment_news(text, r.start, r.end, r.section, index, bulletin=shape == "bulletin")
    if shape == "policy":
        return segment_policy(text, r.start, r.end, r.section, index, header_at)
    if shape == "table":
        table = _table_segmenter()
        return table(text, r.start, r.end, r.section) if table else []
    if shape == "paragraph":
        return segment_paragraphs(text, r.start, r.end, r.section, index)
    return []  # toc, skip


def segment_document(text: str, shape: str | None = None) -> list[Segment]:
    """All items of a cleaned document, in text order; `shape` forces one shape for all of it."""
    index = HeadingIndex(text)
    header_at = None
    if shape is not None:
        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r}; expected one of {', '.join(SHAPES)}")
        regions = [Region(shape, 0, len(text), [])]
    else:
        # policy header lines are parsed once, for the policy regions and then for their items
        headers = header_fields(index.lines)
        regions = choose_regions(text, index, headers)
        lines = index.lines
        header_at = {lines[k].start: kv for k, kv in headers.items()}
    segments: list[Segment] = []
    for r in regions:
        segments.extend(_run(r.shape, text, r, index, header_at))
    section: list[str] | None = None
    level = None
    for s in segments:
        if s.level is None:
            if s.section != section:  # neighbours mostly share their section
                section, level = s.section, level_for(s.section)
            s.level = level
    segments.sort(key=operator.attrgetter("start"))
    return segments
