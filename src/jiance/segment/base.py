"""Shared pieces of the segmenters: the Segment type, line scanning and the cue data file.

Every segmenter is a pure function over the cleaned text of a document that returns Segments,
spans of that text (offsets, never copies), so that an item always leads back to its lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import yaml

DATA_FILE = Path(__file__).with_name("data") / "shapes.yaml"

KINDS = ("chronicle", "news", "policy", "bulletin_item", "paragraph", "table_row", "bullet")


@dataclass(slots=True)
class Segment:
    """One item of a document: a span of the cleaned text and what its shape says about it.
    Slots: a document has thousands, and filling slots is cheaper than an instance dict."""

    start: int
    end: int  # offsets in the cleaned text (end exclusive); item text = text[start:end]
    kind: str  # chronicle | news | policy | bulletin_item | paragraph | table_row | bullet
    section: list[str]  # heading path above it, outermost first
    title: str | None = None
    actor: str | None = None  # where the shape gives one (policy 颁布单位)
    fields: dict[str, str] = field(default_factory=dict)  # policy header keys, "source"
    link: str | None = None
    level: str | None = None  # central|local|enterprise|summit|overseas|financing


class Line(NamedTuple):
    """A non-blank line: offsets of its stripped content and that content."""

    start: int
    end: int
    s: str


_WS = " \t\r\u3000\xa0"
_new_line = tuple.__new__  # Line(...) without the NamedTuple constructor's Python-level call


def scan_lines(text: str) -> list[Line]:
    """All non-blank lines of `text` with the offsets of their stripped content."""
    out: list[Line] = []
    append = out.append  # bound once: this runs for every line of a document
    pos = 0
    for raw in text.split("\n"):
        s = raw.strip(_WS)
        if s:
            # strip() returns the line itself when it has nothing to strip (most lines): then the
            # content starts where the line does, without a test of its first character
            a = pos if s is raw else pos + len(raw) - len(raw.lstrip(_WS))
            append(_new_line(Line, (a, a + len(s), s)))
        pos += len(raw) + 1
    return out


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so that it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@cache
def data() -> dict[str, Any]:
    """The cue data file, loaded once, with PyYAML's C loader where it has one: the pure-Python
    loader spends ~20 ms on it, a tenth of segmenting the seeds."""
    text = DATA_FILE.read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# last characters of a line that ends a paragraph (a hard-wrapped line does not), so that a title
# line may follow; callers test s[-1] in TERMINAL on the (never blank) lines of scan_lines
TERMINAL = frozenset("。！？!?；;：:…）)”】")


def is_boilerplate(s: str) -> bool:
    """Distribution lists and similar lines that are never items."""
    return s.startswith(boilerplate_prefixes())


@cache
def boilerplate_prefixes() -> tuple[str, ...]:
    """What boilerplate lines start with (for str.startswith)."""
    return tuple(data()["boilerplate_prefixes"])


def level_for(section: list[str]) -> str | None:
    """The level a section path names (innermost heading first), from the level cues."""
    return _level_for(tuple(section))


@cache
def _level_regexes() -> list[tuple[str, re.Pattern[str]]]:
    cues: dict[str, list[str]] = data()["level_cues"]
    return [(level, re.compile("|".join(map(re.escape, words)))) for level, words in cues.items()]


@cache
def _level_for(section: tuple[str, ...]) -> str | None:
    for heading in reversed(section):
        level = _heading_level(heading)
        if level is not None:
            return level
    return None


@cache
def _heading_level(heading: str) -> str | None:
    """The level one heading names. Cached apart from whole paths: sibling sections share their parents."""
    for level, regex in _level_regexes():
        if regex.search(heading):
            return level
    return None


@cache
def source_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(paren form, whole-line form) of a trailing source such as （来源：…） or 【来源】…."""
    labels = "|".join(sorted(map(re.escape, data()["source_labels"]), key=len, reverse=True))
    paren = re.compile(
        rf"[（(][ \t\u3000]*(?:{labels})[ \t\u3000]*[:：]?\s*([^（()）\n]{{1,80}}(?:\n[^（()）\n]{{1,40}})?)"
        rf"\s*[）)]"
    )
    line = re.compile(
        rf"(?:^|(?<=[。！？!?]))[ \t\u3000]*(?:【(?:{labels})】|(?:{labels})[:：])[ \t\u3000]*(\S[^\n。]{{0,79}}?)"
        rf"[ \t\u3000]*$",
        re.M,
    )
    return paren, line


def clean_source(value: str) -> str:
    """A source name without the whitespace a hard wrap left inside it."""
    return re.sub(r"\s+", "", value)
