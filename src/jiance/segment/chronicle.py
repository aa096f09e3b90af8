"""大事记 (chronicle) sections: one item per dated entry.

An entry starts with a date at the start of a line (2016年1月5日 / 1月5日 / 5日 under a month
heading / 2016-01-05, ranges such as 25—27日 included) and runs up to the next dated entry or the
next heading, so lines a page break split off stay with their entry.
"""

from __future__ import annotations

import re

from jiance.segment.base import Segment
from jiance.segment.headings import MONTH_HEADING, HeadingIndex
from jiance.segment.paragraphs import segment_paragraphs

_DAY = r"\d{1,2}(?:\s*[—\-–~～至到]\s*\d{1,2})?\s*日"  # 5日, 25—27日
_RANGE = r"(?:\s*[—\-–~～至到]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日)?"  # 5日—6月2日
DATE_START = re.compile(
    r"^(?:"
    rf"(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月\s*{_DAY}{_RANGE}"  # 2016年1月5日 / 1月5日
    rf"|{_DAY}{_RANGE}"  # 5日 under a month heading
    r"|\d{4}[-./]\d{1,2}[-./]\d{1,2}(?!\d)"  # 2016-01-05
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?=\s*[，,、:：])"  # 2016年1月，… (month precision)
    r")(?:\s*[，,、:：]|\s|(?=[\u4e00-\u9fff“《\"(（]))"
)


def date_at_start(s: str) -> str | None:
    """The date an entry line starts with, as written, or None."""
    m = DATE_START.match(s)
    return m.group(0).rstrip(" ，,、:：") if m else None


def _ends_entry(h_kind: str, text: str) -> bool:
    """Sub-headings split off by page breaks do not end an entry; month and real headings do."""
    return h_kind != "title" or bool(MONTH_HEADING.match(text))


def segment_chronicle(
    text: str,
    start: int = 0,
    end: int | None = None,
    section: list[str] | None = None,
    index: HeadingIndex | None = None,
) -> list[Segment]:
    """One "chronicle" Segment per dated entry in [start, end); other text as paragraphs."""
    end = len(text) if end is None else end
    index = index or HeadingIndex(text)
    lines = index.lines_in(start, end)
    out: list[Segment] = []
    cur: list[int] | None = None  # [start, end] of the open entry
    cur_date = ""
    gap_start = start

    def close() -> None:
        nonlocal cur
        if cur is not None:
            path = index.path_at(cur[0]) or list(section or [])
            out.append(Segment(cur[0], cur[1], "chronicle", path, fields={"date": cur_date}))
            cur = None

    for ln in lines:
        h = index.heading_at(ln.start)
        date = None if h is not None else date_at_start(ln.s)
        if date is not None:
            close()
            if ln.start > gap_start:
                out.extend(segment_paragraphs(text, gap_start, ln.start, section, index))
            cur, cur_date = [ln.start, ln.end], date
        elif h is not None and _ends_entry(h.kind, h.text):
            close()
            gap_start = ln.start
        elif cur is not None:
            cur[1] = ln.end
        if cur is not None:
            gap_start = ln.end
    close()
    if gap_start < end:
        out.extend(segment_paragraphs(text, gap_start, end, section, index))
    out.sort(key=lambda s: s.start)
    return out
