"""Policy documents and policy catalogues.

Yearbooks and policy digests head each document with key-value fields (【颁布单位】…【发文字号】…
【颁布时间】…). A run that starts with a title key (【法规标题】) is a catalogue entry; a run without one
heads a full document whose title is the line above. Either way it is one "policy" item with the
fields title, issuer, doc_number, date, and actor = issuer; a full document's body stays plain
paragraphs. Catalogue lines that hold title, issuer, number and date on one line are one item each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from jiance.segment.base import Line, Segment, data
from jiance.segment.headings import HeadingIndex
from jiance.segment.paragraphs import segment_paragraphs

_KV = re.compile(r"^【(?P<k>[^】]{1,10})】\s*(?P<v>.*)$")
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{1,15}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号"
    r"|[\u4e00-\u9fff]{0,20}令\s*(?:第\s*)?[\d一二三四五六七八九十百零〇]+\s*号"
)
_DATE_END = re.compile(r"(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?\s*$")
_TITLE_WORDS = re.compile(r"办法|规定|意见|通知|方案|规划|条例|决定|纲要|指引|细则|计划|法$|标准|指南|公告|批复|战略")


@cache
def _key_map() -> dict[str, str]:
    return {k: f for f, keys in data()["policy_keys"].items() for k in keys}


def key_value(s: str) -> tuple[str, str] | None:
    """(field, value) of a policy header line such as 【颁布单位】国务院, else None."""
    if not s.startswith("【"):
        return None
    m = _KV.match(s)
    if m is None:
        return None
    f = _key_map().get(m.group("k").replace(" ", ""))
    return (f, m.group("v").strip()) if f else None


@dataclass
class _Entry:
    start: int
    end: int
    fields: dict[str, str] = field(default_factory=dict)
    last: str | None = None  # field a continuation line extends


def _title_above(lines: list[Line], k: int, taken_until: int) -> Line | None:
    """The line above a header run that names the document, if it reads as a title."""
    if k == 0:
        return None
    ln = lines[k - 1]
    if ln.start < taken_until or key_value(ln.s) or len(ln.s) > 80 or ln.s.endswith("。"):
        return None
    return ln


def header_fields(lines: list[Line]) -> dict[int, tuple[str, str]]:
    """key_value() of each policy header line among `lines`, by the line's index there."""
    return {k: kv for k, ln in enumerate(lines) if ln.s[0] == "【" and (kv := key_value(ln.s)) is not None}


def header_entries(lines: list[Line], kvs: dict[int, tuple[str, str]] | None = None) -> list[_Entry]:
    """One entry per policy header run (a catalogue entry or a document's header); `kvs` is
    header_fields(lines) where the caller has it already."""
    entries: list[_Entry] = []
    cur: _Entry | None = None
    taken_until = -1
    # header lines by index; only they and the line after each of them matter, so other lines are not visited
    if kvs is None:
        kvs = header_fields(lines)
    before = -2  # index of the header line before
    for k, (f, v) in kvs.items():
        if cur is not None and k > before + 1:
            # a line between two header lines is a value wrapped onto it; any other line ends the entry
            gap = lines[before + 1]
            if k == before + 2 and cur.last and f != "title" and len(gap.s) <= 60:
                cur.fields[cur.last] += gap.s
                cur.end = gap.end
            else:
                cur = None
        before = k
        ln = lines[k]
        if cur is None or f == "title" or f in cur.fields:
            start = ln.start
            if f != "title":
                above = _title_above(lines, k, taken_until)
                if above is not None:
                    start = above.start
                    cur_fields = {"title": above.s}
                else:
                    cur_fields = {}
            else:
                cur_fields = {}
            cur = _Entry(start, ln.end, cur_fields)
            entries.append(cur)
        cur.fields[f] = v
        cur.last, cur.end = f, ln.end
        taken_until = ln.end
    return entries


def parse_catalogue_line(s: str) -> dict[str, str] | None:
    """Fields of a one-line catalogue entry (title issuer number date), else None."""
    if len(s) > 150 or "。" in s[:-1] or "，" in s or "\t" in s:
        return None
    num = DOC_NUMBER.search(s)
    date = _DATE_END.search(s)
    if num is None and (date is None or not _TITLE_WORDS.search(s)):
        return None
    out: dict[str, str] = {}
    rest = s
    if date:
        out["date"] = date.group(0).strip()
        rest = rest[: date.start()]
    if num:
        out["doc_number"] = num.group(0).strip()
        rest = rest[: num.start()] + " " + rest[num.end() :]
    quoted = re.search(r"《([^》]+)》", rest)
    if quoted:
        out["title"] = quoted.group(1)
        rest = rest[: quoted.start()] + " " + rest[quoted.end() :]
    tokens = [t for t in re.split(r"[\s（）()]+", rest) if t]
    suffixes = tuple(data()["issuer_suffixes"])
    if tokens and tokens[-1].endswith(suffixes) and (len(tokens) > 1 or "title" in out):
        out["issuer"] = tokens.pop()
    if "title" not in out and tokens:
        out["title"] = " ".join(tokens)
    return out if out.get("title") else None


def _segment(a: int, b: int, fields: dict[str, str], index: HeadingIndex, section: list[str]) -> Segment:
    h = index.heading_at(a)
    path = h.parents if h is not None else (index.path_at(a) or section)
    return Segment(a, b, "policy", list(path), title=fields.get("title"), actor=fields.get("issuer"), fields=fields)


def segment_policy(
    text: str,
    start: int = 0,
    end: int | None = None,
    section: list[str] | None = None,
    index: HeadingIndex | None = None,
    header_at: dict[int, tuple[str, str]] | None = None,
) -> list[Segment]:
    """Policy items (header runs, catalogue lines) in [start, end); the rest as paragraphs.
    `header_at` is key_value() of the document's header lines by line start, where the caller
    has parsed them already (shapes.segment_document has, to find the policy regions)."""
    end = len(text) if end is None else end
    index = index or HeadingIndex(text)
    section = list(section or [])
    lines = index.lines_in(start, end)
    kvs = None
    if header_at is not None:
        get = header_at.get
        kvs = {k: kv for k, ln in enumerate(lines) if (kv := get(ln.start)) is not None}
    items = [_segment(e.start, e.end, e.fields, index, section) for e in header_entries(lines, kvs)]
    covered = sorted((s.start, s.end) for s in items)
    k = 0
    for ln in lines:
        while k < len(covered) and covered[k][1] <= ln.start:
            k += 1
        if k < len(covered) and covered[k][0] <= ln.start:
            continue
        h = index.heading_at(ln.start)
        if h is not None and h.kind not in ("title", "article"):
            continue
        fields = parse_catalogue_line(ln.s)
        if fields:
            items.append(_segment(ln.start, ln.end, fields, index, section))
    items.sort(key=lambda s: s.start)
    out: list[Segment] = []
    pos = start
    for it in items:
        if pos < it.start:
            out.extend(segment_paragraphs(text, pos, it.start, section, index))
        out.append(it)
        pos = max(pos, it.end)
    if pos < end:
        out.extend(segment_paragraphs(text, pos, end, section, index))
    return out
