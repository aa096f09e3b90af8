"""Heading hierarchy of a Chinese document: numbering styles, short title lines, table of contents.

Chinese documents do not fix which numbering style nests inside which: one report goes
一、 > （一） > 1., another I > 一、 > (一) > 1. So a numbered style's rank is the order in which the
document (or each article of a yearbook) first uses it. Parts (第X篇, …篇, 大事记) and known bulletin
columns reset the path; an unnumbered short title line is an article title right under a part
or column, and otherwise a sub-heading one level below the heading it follows. A table of contents
(目录 followed by lines ending in page numbers) is recognised and kept out of the path and items;
its entries mark the titles of articles when they reappear in the body.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from jiance.segment.base import TERMINAL, Line, data, is_boilerplate, scan_lines

PART_RANK = 0.0
COLUMN_RANK = 1.0
ARTICLE_RANK = 1.5
FIRST_NUMBERED_RANK = 2.0
NUMBERED = (
    "chapter",
    "section",
    "roman",
    "cn_num",
    "cn_paren",
    "arabic_dot",
    "arabic_dun",
    "arabic_paren",
    "arabic_half",
    "circled",
    "bracket",
)

_TOC_LINE = re.compile(r"^(?P<t>.*?[^\s\d.．·•…⋯‥_—\-])[\s.．·•…⋯‥_—\-]*?(?:\s|[.．·•…⋯‥_—\-]{2,})\s*(?P<p>\d{1,4})$")
_NUMBER_ONLY = re.compile(r"^[\d\s.．\-—/]+$")
_KEY_VALUE = re.compile(r"^【[^】]{1,10}】\s*\S")
_DOC_NUMBER = re.compile(r"[〔\[［]\s*(?:19|20)\d{2}\s*[〕\]］]\s*第?\s*\d{1,4}\s*号")
MONTH_HEADING = re.compile(  # month headings of a chronicle: 2016年1月 / 1月 / 一月份
    r"^(?:\d{4}\s*年(?:\s*\d{1,2}\s*月(?:份)?)?|\d{1,2}\s*月(?:份)?|[一二三四五六七八九十]{1,3}月(?:份)?)$"
)


@dataclass(slots=True)
class Heading:
    """A heading line: where it is, its style and rank, and the path it closes."""

    offset: int
    end: int
    rank: float
    text: str
    kind: str
    depth: int = 0
    path: list[str] = field(default_factory=list)  # outermost first, this heading last
    subtree_end: int = 0  # offset where the next heading at the same or a higher level begins

    @property
    def parents(self) -> list[str]:
        return self.path[:-1]


@cache
def _numbering_regex() -> tuple[re.Pattern[str], dict[str, str]]:
    """All heading styles of the data file as one alternation (one match per line, in order)."""
    styles = data()["headings"]
    # Used with .match only, so a leading ^ is implied. Each style ends in an empty marker group
    # (m.lastgroup names the style): a style that starts with a literal or a class is then skipped
    # by sre on its first character instead of entered.
    alt = "|".join(f"(?:{h['pattern'].removeprefix('^')})(?P<g{i}>)" for i, h in enumerate(styles))
    return re.compile(alt), {f"g{i}": h["kind"] for i, h in enumerate(styles)}


def numbering(s: str) -> tuple[str, int] | None:
    """(style, length of the number) of a line that starts with a heading number, else None."""
    regex, kinds = _numbering_regex()
    m = regex.match(s)
    if m is None or m.lastgroup is None:
        return None
    return kinds[m.lastgroup], m.end()


def strip_numbering(s: str) -> str:
    """Heading or item title without its leading number: "（一）河南：…" -> "河南：…"."""
    return _strip_found(s, numbering(s))


def _strip_found(s: str, found: tuple[str, int] | None) -> str:
    """strip_numbering of `s` given its numbering(s), so that callers match the number once."""
    if found is None or found[0] in ("bracket", "part"):
        return s.strip()
    return s[found[1] :].strip(" \t\u3000、.．:：") or s.strip()


_YEAR_HEAD = re.compile(r"^(?:19|20)\d{2}年(?:度)?")


def section_name(heading: str) -> str:
    """A section title reduced to its head noun: no number, year, spaces or tail such as 篇/目录.

    Section titles name their shape at the end (信息化大事记, 法律法规目录, 本月行业快讯); a cue
    word inside a long heading (…法律法规加速实施落地…) names a topic, not a shape.
    """
    name = _YEAR_HEAD.sub("", _norm(strip_numbering(heading)))
    for tail in data()["section_tails"]:
        if name.endswith(tail) and len(name) > len(tail):
            name = name[: -len(tail)]
    return name


@cache
def _region_cues() -> list[tuple[str, tuple[str, ...]]]:
    return [(shape, tuple(words)) for shape, words in data()["region_cues"].items()]


@lru_cache(maxsize=8192)
def shape_named(heading: str) -> str | None:
    """The region shape a section title names (chronicle, policy, news), or None.

    Cached: every heading is asked twice (as a title line and as a region cue)."""
    name = section_name(heading)
    if len(name) > data()["max_cue_heading_chars"]:
        return None
    for shape, words in _region_cues():
        if name.endswith(words):
            return shape
    return None


def _norm(s: str) -> str:
    """Text without spaces, to compare headings with TOC entries and column names."""
    if len(s) > 80:
        return s
    return s.replace(" ", "").replace("\u3000", "").replace("\t", "").replace("\xa0", "")


_CAPTION_NUMBER = re.compile(r"^\D{1,4}[\s\d:：]")


@cache
def _caption_prefixes() -> tuple[str, ...]:
    return tuple(data()["caption_prefixes"])


def _is_caption(s: str) -> bool:
    return s.startswith(_caption_prefixes()) and bool(_CAPTION_NUMBER.match(s))


# a sentence mark, or an address (e-mail, web): one search for what no title holds
_NO_TITLE = re.compile(r"[。，,；;@]|http|www\.")
_TWO_CJK = re.compile(r"[\u4e00-\u9fff].*?[\u4e00-\u9fff]", re.S)


def is_title_line(s: str) -> bool:
    """A short unnumbered line that reads as a title, not as a sentence or a caption."""
    if len(s) > data()["max_title_chars"] or "\t" in s:
        return False
    if s[-1] in TERMINAL and not s.endswith(("）", ")", "”", "】")):  # ends a paragraph
        return False
    # the searches after the tests of the last character, which rule out more lines for less
    if s[-1] in "，,、" or not _TWO_CJK.search(s) or _NO_TITLE.search(s):
        return False
    if _KEY_VALUE.match(s) or _DOC_NUMBER.search(s):  # policy header fields and catalogue lines
        return False
    return not _is_caption(s) and not is_boilerplate(s)


def _numbered_heading(s: str, found: tuple[str, int]) -> bool:
    """Whether a line with heading number `found` is fit to be a heading (not a list item, sentence)."""
    kind, n = found
    if kind == "part":
        return True
    rest = s[n:].strip()
    if kind != "bracket" and not rest:
        return False
    if "\t" in s or len(rest) > data()["max_numbered_heading_chars"]:
        return False
    return not ("。" in rest[:-1] or (rest and rest[-1] in "。；;，,、：:"))


@cache
def _heading_names() -> dict[str, str]:
    """Normalised bulletin column and end heading names -> kind ("end" wins over "column")."""
    names = {_norm(c): "column" for c in data()["bulletin_columns"]}
    names.update((_norm(c), "end") for c in data()["end_headings"])
    return names


@cache
def _name_tails() -> frozenset[str]:
    """Last characters a line can have when it (or its text after the number) is a column or end
    name: a name's last character, or one that stripping the number's punctuation removes."""
    return frozenset(n[-1] for n in _heading_names() if n) | frozenset("、.．:：")


class _LineKinds:
    """Heading kind of each line of one document, with the data file's cues looked up once."""

    def __init__(self, articles: set[str]) -> None:
        regex, self.styles = _numbering_regex()
        self.number = regex.match
        self.names = _heading_names()
        self.tails = _name_tails()
        self.max_title = data()["max_title_chars"]
        self.articles = articles  # normalised titles of table-of-contents entries
        # a line's last character is its normalised text's: lines ending otherwise are no entries
        self.article_tails = frozenset(a[-1] for a in articles if a)
        self.numbers: dict[int, tuple[str, int]] = {}  # numbering() of the lines seen, by line start
        # last characters of a line longer than a title that may still be a heading without a
        # number: a name's, an entry's, or a month heading's (年 月 份). HeadingIndex._build skips
        # kind() for other long unnumbered lines, which it would call no heading.
        self.long_tails = self.tails | self.article_tails | frozenset("年月份")

    def kind(self, line: Line, prev: Line | None, m: re.Match[str] | None) -> str | None:
        """The heading kind of a line (end, column, a numbering style, article, title), or None.
        `prev` is the line before when it is body text (None after a heading), which decides
        whether a short line may be a title; `m` is the numbering regex's match of the line."""
        s = line.s
        last = s[-1]
        found = None
        if m is not None and m.lastgroup is not None:
            found = self.numbers[line.start] = (self.styles[m.lastgroup], m.end())
        if last in self.tails or last.isspace():  # else neither the line nor its bare text is a name
            by_line = self.names.get(_norm(s))
            by_bare = self.names.get(_norm(_strip_found(s, found)))  # "一、政府动态" names the column too
            if by_line == "end" or by_bare == "end":
                return "end"
            if by_line or by_bare:
                return "column"
        if found is not None and _numbered_heading(s, found):
            return found[0]
        if last in self.article_tails and len(s) <= 60 and "。" not in s and _norm(s) in self.articles:
            return "article"
        # MONTH_HEADING ends in 年, 月 or 份: most lines are ruled out without running it
        if not ((len(s) <= self.max_title and is_title_line(s)) or (last in "年月份" and MONTH_HEADING.match(s))):
            return None
        if prev is not None and not _ends_body_line(prev.s):
            return None  # a wrapped line, not a title
        return "article" if shape_named(s) else "title"


def _ends_body_line(s: str) -> bool:
    """Whether a non-blank line that is no heading ends what it belongs to, so a title may follow."""
    return s[-1] in TERMINAL or bool(_NUMBER_ONLY.match(s)) or (s[0] == "【" and _ends_header_field(s))


def _ends_header_field(s: str) -> bool:
    """A policy header field ends its line, except a title that may wrap onto the next one."""
    m = _KEY_VALUE.match(s)
    return bool(m) and s[1 : s.index("】")].replace(" ", "") not in data()["policy_keys"]["title"]


def find_tocs(lines: list[Line]) -> list[tuple[int, int, list[str]]]:
    """(first line index, last line index, entry titles) of each table of contents."""
    markers = {_norm(m) for m in data()["toc_markers"]}
    out: list[tuple[int, int, list[str]]] = []
    after = 0  # lines before this one belong to a table of contents found already
    for i in [k for k, ln in enumerate(lines) if len(ln.s) <= 8 and _norm(ln.s) in markers]:
        if i < after:
            continue
        entries: list[str] = []
        last, misses, j = i, 0, i + 1
        while j < len(lines) and misses <= 2:
            m = _TOC_LINE.match(lines[j].s)
            if m and len(m.group("t")) <= 60:
                entries.append(m.group("t").strip())
                last, misses = j, 0
            else:
                misses += 1
            j += 1
        if len(entries) >= 2:
            out.append((i, last, entries))
            after = last + 1
    return out


class HeadingIndex:
    """The headings of a text and the heading path above any offset."""

    def __init__(self, text: str, lines: list[Line] | None = None) -> None:
        self.text = text
        self.lines = lines if lines is not None else scan_lines(text)
        self.line_starts = [ln.start for ln in self.lines]
        self.toc_spans: list[tuple[int, int]] = []
        self.headings: list[Heading] = []
        # numbering() of every line outside a table of contents that has a heading number, by line
        # start: a number that does not make a heading starts a list item
        self.numbers: dict[int, tuple[str, int]] = {}
        self._build()
        self.heading_offsets = [h.offset for h in self.headings]  # in text order
        self.by_offset = {h.offset: h for h in self.headings}  # heading by the start of its line
        self._toc_starts = [a for a, _ in self.toc_spans]  # the spans are in text order and disjoint

    # -- construction -------------------------------------------------------------------------
    def _build(self) -> None:
        lines = self.lines
        tocs = find_tocs(lines)
        article_titles: set[str] = set()
        for first, last, entries in tocs:
            self.toc_spans.append((lines[first].start, lines[last].end))
            article_titles.update(_norm(e) for e in entries)

        kinds = _LineKinds(article_titles)
        self.numbers = kinds.numbers
        # names bound once: this loop visits every line of the document
        kind_of, push, number, max_title, long_tails = (
            kinds.kind,
            self._push,
            kinds.number,
            kinds.max_title,
            kinds.long_tails,
        )
        pos = 0
        # the stretches between tables of contents, each starting with an empty path
        for first, last in [*((first, last) for first, last, _ in tocs), (len(lines), len(lines))]:
            stack: list[Heading] = []
            order: dict[str, float] = {}
            prev: Line | None = None  # the line before, when it is body text
            for line in lines[pos:first]:
                s = line.s
                m = number(s)
                # a long unnumbered line that ends like no name, entry or month heading is body
                # text (most lines are): ruled out here without the call to kind()
                if m is None and len(s) > max_title and s[-1] not in long_tails and not s[-1].isspace():
                    prev = line
                    continue
                kind = kind_of(line, prev, m)
                if kind is None:
                    prev = line
                else:
                    push(line, kind, stack, order)
                    prev = None
            pos = last + 1
        self._subtree_ends()

    def _push(self, line: Line, kind: str, stack: list[Heading], order: dict[str, float]) -> None:
        """Add the heading on `line` and make it the innermost one of the path."""
        rank = self._rank(kind, stack, order)
        if kind == "title" and stack and stack[-1].kind == "title":
            stack.pop()
            rank = stack[-1].rank + 0.5 if stack else ARTICLE_RANK
        while stack and stack[-1].rank >= rank:
            stack.pop()
        if rank <= ARTICLE_RANK:
            order.clear()
        # the innermost heading's path is the stack's texts: stack[k].path == texts of stack[: k + 1]
        path = [*stack[-1].path, line.s] if stack else [line.s]
        h = Heading(line.start, line.end, rank, line.s, kind, len(stack), path)
        stack.append(h)
        self.headings.append(h)

    @staticmethod
    def _rank(kind: str, stack: list[Heading], order: dict[str, float]) -> float:
        if kind in ("part", "end"):
            return PART_RANK
        if kind == "column":
            return COLUMN_RANK
        if kind == "article":
            return ARTICLE_RANK
        if kind == "title":
            if not stack or stack[-1].kind in ("part", "column", "end"):
                return ARTICLE_RANK
            return stack[-1].rank + 0.5
        if kind not in order:
            order[kind] = FIRST_NUMBERED_RANK + len(order)
        return order[kind]

    def _subtree_ends(self) -> None:
        open_: list[Heading] = []
        for h in self.headings:
            while open_ and open_[-1].depth >= h.depth:
                open_.pop().subtree_end = h.offset
            open_.append(h)
        for h in open_:
            h.subtree_end = len(self.text)
        for (a, _b), h in self._toc_heading_pairs():
            h.subtree_end = min(h.subtree_end, a)

    def _toc_heading_pairs(self) -> list[tuple[tuple[int, int], Heading]]:
        """Headings whose subtree would run into a later table of contents."""
        pairs = []
        for span in self.toc_spans:
            for h in self.headings:
                if h.offset < span[0] < h.subtree_end:
                    pairs.append((span, h))
        return pairs

    # -- queries ------------------------------------------------------------------------------
    def heading_at(self, offset: int) -> Heading | None:
        """The heading whose line starts at `offset`, if any."""
        return self.by_offset.get(offset)

    def heading_before(self, offset: int) -> Heading | None:
        """The last heading starting at or before `offset`."""
        k = bisect.bisect_right(self.heading_offsets, offset) - 1
        return self.headings[k] if k >= 0 else None

    def path_at(self, offset: int) -> list[str]:
        """Heading path above `offset` (the heading there included), outermost first."""
        if self.in_toc(offset):
            return []
        h = self.heading_before(offset)
        return list(h.path) if h else []

    def in_toc(self, offset: int) -> bool:
        k = bisect.bisect_right(self._toc_starts, offset) - 1
        return k >= 0 and offset < self.toc_spans[k][1]

    def headings_in(self, start: int, end: int) -> list[Heading]:
        a = bisect.bisect_left(self.heading_offsets, start)
        b = bisect.bisect_left(self.heading_offsets, end)
        return self.headings[a:b]

    def lines_in(self, start: int, end: int) -> list[Line]:
        """Non-blank lines starting in [start, end), outside any table of contents."""
        a = bisect.bisect_left(self.line_starts, start)
        b = bisect.bisect_left(self.line_starts, end)
        lines = self.lines[a:b]
        k = bisect.bisect_left(self._toc_starts, end) - 1  # the last span that starts before `end`
        if k >= 0 and start < self.toc_spans[k][1]:
            lines = [ln for ln in lines if not self.in_toc(ln.start)]
        return lines
