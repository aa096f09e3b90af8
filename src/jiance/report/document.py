"""The report as a tree of plain blocks, the one thing every renderer (md, html, docx, pdf) reads.

Builders fill it from the store; nothing here does I/O. Every entry, table row and figure carries
its `Source` (a link, or the document and line it came from), which renderers show as a link,
a footnote or a source column.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Source:
    """Where something came from: a URL when the item has one, else document and line."""

    doc: str | None = None
    line: int | None = None
    url: str | None = None
    name: str | None = None  # a named source as written ("来源：人民网")

    @property
    def label(self) -> str:
        if self.url:
            return self.url
        where = f"{self.doc} 第{self.line}行" if self.doc and self.line else (self.doc or "")
        if self.name:
            return f"{self.name}（{where}）" if where else self.name
        return where


@dataclass
class Entry:
    """One dated measure, news story or chronicle line."""

    text: str
    source: Source
    title: str | None = None
    date: str | None = None
    heat: int = 1
    level: str | None = None
    sectors: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class Row:
    """A table row of the monitoring tables: an actor and its dated measures (or a note if none)."""

    label: str
    entries: list[Entry] = field(default_factory=list)
    empty_note: str | None = None


@dataclass
class MeasureTable:
    """actor | measures | links: one row per actor, one line and one source per measure."""

    columns: list[str]
    rows: list[Row]
    kind: str = "measures"


@dataclass
class DataTable:
    """A plain table of values (financing rounds, figures of the year) with a source per row."""

    columns: list[str]
    cells: list[list[str]]
    sources: list[Source]
    kind: str = "data"


@dataclass
class Entries:
    """News stories or chronicle lines, each ending with its source."""

    entries: list[Entry]
    numbered: bool = True
    kind: str = "entries"


@dataclass
class Figure:
    """A chart (PNG) with its caption and where its data came from."""

    title: str
    png: bytes
    note: str = ""
    sources: list[Source] = field(default_factory=list)
    kind: str = "figure"


Block = Paragraph | MeasureTable | DataTable | Entries | Figure


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    level: int = 1


@dataclass
class Report:
    type: str
    title: str
    subtitle: str
    sections: list[Section]
    organisation: str = ""
    footer: str = ""
    period: tuple[str, str] = ("", "")

    def walk(self) -> list[tuple[Section, int]]:
        """Every section with its depth (1 = top), in document order."""
        out: list[tuple[Section, int]] = []

        def visit(section: Section, depth: int) -> None:
            out.append((section, depth))
            for child in section.children:
                visit(child, depth + 1)

        for s in self.sections:
            visit(s, 1)
        return out
