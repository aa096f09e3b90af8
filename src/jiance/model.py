"""Plain data types that flow between jiance's stages. No I/O here.

Offsets everywhere: a fact is a span of an item, an item a span of a cleaned document, and the
cleaned document's character map leads every character back to the original text, whose line
and page we know. Provenance then costs nothing.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from dataclasses import dataclass, field
from typing import Any


class JianceError(Exception):
    """An error about one input that the user can act on; its message is one readable line."""


@dataclass
class Table:
    """A table as rows of cells, with the page it sits on (PDF) or None."""

    rows: list[list[str]]
    page: int | None = None


@dataclass
class RawDocument:
    """What a reader produced from one source, before cleaning.

    `text` is the original text as lines separated by "\\n". For formats with pages,
    `page_starts[i]` is the 0-based line index where page i+1 begins.
    """

    source: str
    name: str
    kind: str  # text | html | pdf | docx | feed_entry
    text: str
    title: str | None = None
    published: str | None = None  # ISO date "2018-10-26"
    url: str | None = None
    encoding: str | None = None
    page_starts: list[int] | None = None
    tables: list[Table] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


class LineIndex:
    """Maps character offsets of a text to 1-based line numbers and pages."""

    def __init__(self, text: str, page_starts: list[int] | None = None) -> None:
        # line k + 1 starts after line k and its newline: running sums of the line lengths plus
        # one, in C rather than a Python loop over the newlines
        self.starts = list(itertools.accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
        self.starts.pop()  # where a line after the last one would start
        self.page_starts = page_starts

    def line_of(self, offset: int) -> int:
        """1-based line number containing character `offset`."""
        return bisect.bisect_right(self.starts, offset)

    def page_of_line(self, line: int) -> int | None:
        """1-based page of a 1-based line, or None for formats without pages."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, line - 1)

    @property
    def line_count(self) -> int:
        return len(self.starts)


@dataclass
class CleanText:
    """Cleaned text with a map from each cleaned character to an original character offset.

    `char_map[i]` is the offset in the original text of cleaned character i (inserted
    characters map to the original character before them). len(char_map) == len(text).
    """

    text: str
    char_map: list[int]


@dataclass
class Document:
    """A stored document: the raw document, its cleaned text and the means to trace back."""

    raw: RawDocument
    clean: CleanText
    content_hash: str
    id: int | None = None

    def __post_init__(self) -> None:
        self.orig_index = LineIndex(self.raw.text, self.raw.page_starts)
        self.clean_index = LineIndex(self.clean.text)

    def orig_offset(self, clean_offset: int) -> int:
        if not self.clean.char_map:
            return 0
        clean_offset = min(max(clean_offset, 0), len(self.clean.char_map) - 1)
        return self.clean.char_map[clean_offset]

    def orig_line(self, clean_offset: int) -> int:
        """1-based line in the ORIGINAL text of a cleaned character."""
        return self.orig_index.line_of(self.orig_offset(clean_offset))

    def orig_lines(self, clean_offsets: list[int]) -> list[int]:
        """orig_line of many offsets in one call: extraction asks two lines of each of thousands of items."""
        char_map = self.clean.char_map
        if not char_map:
            return [self.orig_index.line_of(0)] * len(clean_offsets)
        last = len(char_map) - 1
        if clean_offsets and (min(clean_offsets) < 0 or max(clean_offsets) > last):
            clean_offsets = [min(max(o, 0), last) for o in clean_offsets]
        offsets = list(map(char_map.__getitem__, clean_offsets))
        if offsets and offsets[0] >= 0 and all(map(operator.le, offsets, offsets[1:])):
            # in text order (as segments come): line of an offset = 1 + newlines before it, counted
            # on from the offset before, in C, where a bisect per offset costs ~1 µs
            newlines = map(self.raw.text.count, itertools.repeat("\n"), [0, *offsets], offsets)
            return list(itertools.accumulate(newlines, initial=1))[1:]
        starts = self.orig_index.starts
        return [bisect.bisect_right(starts, o) for o in offsets]

    def page(self, clean_offset: int) -> int | None:
        return self.orig_index.page_of_line(self.orig_line(clean_offset))


@dataclass
class Span:
    """A fact's place inside an item's text, and what it says."""

    start: int
    end: int
    text: str


@dataclass
class DateValue:
    """A date with its precision: "2018-10-26" (day), "2018-10" (month), "2018-Q3" kept as
    its months' range, "2018" (year); ranges as "A/B"."""

    iso: str
    precision: str  # day | month | quarter | year | range
    text: str
    start: int = 0
    end: int = 0
    relative: bool = False


@dataclass(slots=True)
class Item:
    """The analyst's unit of work: one dated event, news story, chronicle entry or policy header.

    `start`/`end` are offsets in the cleaned document text; `line`/`end_line` are 1-based lines of
    the ORIGINAL file. Fact fields follow the extraction contract of DESIGN.md. Slots: a document
    makes thousands of items, and filling 38 slots costs half of filling an instance dict.
    """

    doc: str
    start: int
    end: int
    line: int
    end_line: int
    kind: str
    text: str
    page: int | None = None
    section: list[str] = field(default_factory=list)
    title: str | None = None
    level: str | None = None
    actor: str | None = None
    actor_canonical: str | None = None
    date: str | None = None
    date_precision: str | None = None
    provinces: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    policies: list[dict[str, Any]] = field(default_factory=list)
    amounts: list[dict[str, Any]] = field(default_factory=list)
    round: str | None = None
    investors: list[str] = field(default_factory=list)
    financing: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    event_type: str | None = None
    event_cue: str | None = None
    negative: bool = False
    sectors: list[str] = field(default_factory=list)
    sector_cues: dict[str, str] = field(default_factory=dict)
    link: str | None = None
    source_name: str | None = None  # a trailing (来源：…) where the item names one
    doc_id: int | None = None
    id: int | None = None

    CONTRACT_EXTRAS = ("date_precision", "event_cue", "negative", "sector_cues", "source_name", "financing")
    CONTRACT_FIELDS = (
        "doc",
        "line",
        "end_line",
        "page",
        "kind",
        "section",
        "title",
        "level",
        "actor",
        "actor_canonical",
        "date",
        "provinces",
        "cities",
        "agencies",
        "companies",
        "policies",
        "amounts",
        "round",
        "investors",
        "indicators",
        "event_type",
        "sectors",
        "link",
        "text",
    )

    def to_contract(self) -> dict[str, Any]:
        """The extraction contract's JSON object, contract fields first, extras after."""
        return {name: getattr(self, name) for name in (*self.CONTRACT_FIELDS, *self.CONTRACT_EXTRAS)}
