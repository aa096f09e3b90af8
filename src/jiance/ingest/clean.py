"""Repair the damage that PDF-to-text conversion does to Chinese text, keeping a character map.

The cleaner is a sequence of small passes, each `(text, char_map) -> (text, char_map)`, so the
map composes: after all passes, `char_map[i]` is the offset in the raw text of cleaned
character i (inserted characters map to the original character before them). Passes:

1. `normalize_chars`   full-width digits/letters to half-width, odd spaces and line breaks
2. `drop_furniture`    page numbers, repeated running headers/footers, image placeholders
3. `clean_tables`      TAB rows: HTML in cells stripped, items joined by ITEM_SEP, rows split
                       by a page break merged back
4. `join_lines`        hard-wrapped lines and page-broken paragraphs rejoined; blank lines gone
5. `normalize_punct`   ASCII punctuation inside Chinese text to the full-width forms
6. `remove_spaces`     spaces inside Chinese/digit runs

Everything works on whole-text regexes and list slices; no per-character Python loops.
Shapes (heading starts, page numbers, cell markup) live in `data/clean_rules.yaml`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from itertools import accumulate, chain, compress

import yaml

from jiance.model import CleanText

ITEM_SEP = "\u2028"
"""Separates the items of one table cell; newline-free, so a row stays one line."""

Pass = Callable[[str, list[int]], tuple[str, list[int]]]

# ---------------------------------------------------------------------------------------------
# character classes

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u2018-\u201d"
_CJK = _HAN + _CJK_PUNCT
TERMINAL = frozenset("。！？!?；;…")
COLONS = frozenset("：:")
CLOSERS = frozenset("”’）)》】」』〕]>")
OPEN_END = frozenset("，,、“‘《（(〔「『—-/")
LEAD_CONT = frozenset("，,、。；;：:）)》”’」』%！？!?…")
_INNER_PUNCT = re.compile("[，,。；;、！？]")
_SENTENCE_PUNCT = re.compile("[，,。；;！？]")


@cache
def _rules() -> dict[str, list[str]]:
    """The shape rules from the package data file, loaded once."""
    text = resources.files("jiance.ingest").joinpath("data/clean_rules.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _alt(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@cache
def _compiled() -> dict[str, re.Pattern[str]]:
    r = _rules()
    return {
        "heading": re.compile(_alt(r["heading_starts"])),
        "page_number": re.compile(rf"(?:{_alt(r['page_number_lines'])})\s*\Z"),
        "image": re.compile(_alt(r["image_placeholders"]), re.IGNORECASE),
        "cell_split": re.compile(
            rf"(?P<b>{_alt(r['cell_item_boundaries'])})|(?P<m>{_alt(r['cell_markup'])})", re.IGNORECASE
        ),
    }


# ---------------------------------------------------------------------------------------------
# map-keeping text builder


class _Builder:
    """Collects slices of a source text (with their map) and inserted strings."""

    __slots__ = ("src", "cmap", "parts", "maps")

    def __init__(self, src: str, cmap: list[int]) -> None:
        self.src, self.cmap = src, cmap
        self.parts: list[str] = []
        self.maps: list[list[int]] = []

    def span(self, a: int, b: int) -> None:
        if b > a:
            self.parts.append(self.src[a:b])
            self.maps.append(self.cmap[a:b])

    def insert(self, s: str, at: int) -> None:
        """Insert `s`, mapped to the map entry of source position `at`."""
        if s:
            self.parts.append(s)
            self.maps.append([self.cmap[at] if self.cmap else 0] * len(s))

    def result(self) -> tuple[str, list[int]]:
        return "".join(self.parts), list(chain.from_iterable(self.maps))


def _delete_ranges(text: str, cmap: list[int], ranges: Iterable[tuple[int, int]]) -> tuple[str, list[int]]:
    """Delete sorted, non-overlapping [a, b) ranges, keeping the map of the rest (C-speed)."""
    keep = bytearray(b"\x01") * len(text)
    parts: list[str] = []
    pos = 0
    for a, b in ranges:
        if b <= a:
            continue
        keep[a:b] = bytes(b - a)
        parts.append(text[pos:a])
        pos = b
    if not parts:
        return text, cmap
    parts.append(text[pos:])
    return "".join(parts), list(compress(cmap, keep))


def _delete_matches(text: str, cmap: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """Delete every match of `pattern` (a whole-text regex), keeping the map of the rest."""
    return _delete_ranges(text, cmap, (m.span() for m in pattern.finditer(text)))


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        spans.append((pos, end))
        pos = end + 1
    return spans


def _width(s: str) -> int:
    """Display width: CJK counts 2, ASCII 1 (cheap, via the UTF-8 length)."""
    n = len(s)
    return n + (len(s.encode("utf-8")) - n) // 2


# ---------------------------------------------------------------------------------------------
# pass 1: characters

_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_FULLWIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FULLWIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FULLWIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20})
_FULLWIDTH.update({0x0C: 0x0A, 0x0B: 0x0A, 0x2028: 0x0A, 0x2029: 0x0A, 0x85: 0x0A, 0x0D: 0x0A})
_FULLWIDTH.update({0xFF05: 0x25})  # ％ -> %
_FULLWIDTH_STR = {chr(k): chr(v) for k, v in _FULLWIDTH.items()}
_FULLWIDTH_RE = re.compile("[" + "".join(re.escape(c) for c in _FULLWIDTH_STR) + "]")
_INVISIBLE = re.compile("\r(?=\n)|[\u200b-\u200d\u2060\ufeff\u00ad]")
_DIGIT_DOT = re.compile(r"(?<=\d)[．·](?=\d)")


def normalize_chars(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    """Full-width digits/letters to half-width, odd spaces to ' ', odd line breaks to '\\n'."""
    text, cmap = _delete_matches(text, cmap, _INVISIBLE)
    text = _FULLWIDTH_RE.sub(lambda m: _FULLWIDTH_STR[m.group()], text)
    text = _DIGIT_DOT.sub(".", text)
    return text, cmap


# ---------------------------------------------------------------------------------------------
# pass 2: page furniture

_SEP_ROW = re.compile(r"[\s|:：\-—–]*-[\s|:：\-—–]*\Z")
_KEY_SPACE = re.compile(r"\s+")
_KEY_DIGITS = re.compile(r"\d+")
_NO_FURNITURE = re.compile("[。！？；，,]")


def _page_ids(strip: list[str], starts: list[int], cmap: list[int], breaks: list[int]) -> list[int]:
    """A page (block) id per line: explicit page breaks, else runs of 2+ blank lines."""
    ids = []
    page = 0
    blank_run = 0
    for line, a in zip(strip, starts, strict=True):
        if not line:
            blank_run += 1
        else:
            if blank_run >= 2:
                page += 1
            blank_run = 0
        if breaks and a < len(cmap):
            ids.append(page + 10_000 * bisect.bisect_right(breaks, cmap[a]))
        else:
            ids.append(page)
    return ids


def drop_furniture(text: str, cmap: list[int], breaks: list[int] | None = None) -> tuple[str, list[int]]:
    """Drop page numbers, running headers/footers and image placeholders.

    A running header/footer is a short line without sentence punctuation whose text (digits
    masked) repeats at the edges of several pages; headings, labels, captions before a table and
    lines that repeat only two or three times stay.
    """
    pats = _compiled()
    text, cmap = _delete_matches(text, cmap, pats["image"])
    raw_lines = text.split("\n")
    strip = [line.strip() for line in raw_lines]
    starts = list(accumulate((len(line) + 1 for line in raw_lines), initial=0))[:-1]
    ids = _page_ids(strip, starts, cmap, breaks or [])
    nonblank = [i for i, line in enumerate(strip) if line]
    last = len(nonblank) - 1
    drop: set[int] = set()
    keys: dict[int, str] = {}
    counts: Counter[str] = Counter()
    edge_counts: Counter[str] = Counter()
    pages: dict[str, set[int]] = {}
    for k, i in enumerate(nonblank):
        line = strip[i]
        if len(line) > 80:
            continue
        # within two lines of its page's (block's) top or bottom
        edge = k < 2 or k > last - 2 or not (ids[nonblank[k - 2]] == ids[i] == ids[nonblank[k + 2]])
        if "\t" in raw_lines[i] and _SEP_ROW.match(line):
            drop.add(i)
            continue
        if len(line) <= 24 and pats["page_number"].match(line) and (edge or len(line) > 4):
            drop.add(i)
            continue
        if "\t" in line or _NO_FURNITURE.search(line) or pats["heading"].match(line):
            continue
        if k < last and "\t" in raw_lines[nonblank[k + 1]].strip(" "):
            continue  # a caption of the table below
        key = _KEY_DIGITS.sub("#", _KEY_SPACE.sub("", line))
        if not 2 <= len(key) <= 40:
            continue
        keys[i] = key
        counts[key] += 1
        edge_counts[key] += edge
        pages.setdefault(key, set()).add(ids[i])
    paged = len(set(ids)) >= 3  # page breaks are visible (explicit, or runs of blank lines)
    min_count = 3 if paged and len(nonblank) < 300 else 4
    for i, key in keys.items():
        n = counts[key]
        if n < min_count:
            continue
        if not paged or (len(pages[key]) >= 3 and edge_counts[key] >= 0.6 * n):
            drop.add(i)
    # the dropped line's text goes; its newline stays, so blank-line structure is kept
    return _delete_ranges(text, cmap, ((starts[i], starts[i] + len(raw_lines[i])) for i in sorted(drop)))


# ---------------------------------------------------------------------------------------------
# pass 3: tables

Span = tuple[int, int]
Item = list[Span]

_DATE_START = re.compile(r"\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[-./]\d{1,2})")
_HAN_RE = re.compile(f"[{_HAN}]")
_SCHEME = re.compile(r"(?:https?|ftp)://|www\.", re.IGNORECASE)
_CELL_HINT = re.compile("[<➤●◆◇■▪•►▶➢ \u3000]")
_ROW_DIRTY = re.compile(
    "<|&[a-z]+;|[➤●◆◇■▪•►▶➢]|\t[ \u3000]|[ \u3000]\t|^[ \u3000]|[ \u3000]$"
    "|[。！？；!?;][ \u3000]+\\d|[ \u3000](?:https?://|www\\.)"
)
_ENTITY = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"'}


class _Row:
    """A table row as cells of items of spans, with its tab positions for the map."""

    __slots__ = ("cells", "tabs", "line")

    def __init__(self, cells: list[list[Item]], tabs: list[int], line: int) -> None:
        self.cells, self.tabs, self.line = cells, tabs, line


def _strip_item(text: str, item: Item) -> Item:
    """Trim whitespace at both ends of an item made of spans; drop empty spans."""
    out = [(a, b) for a, b in item if text[a:b].strip()]
    if not out:
        return []
    a, b = out[0]
    out[0] = (a + len(text[a:b]) - len(text[a:b].lstrip()), b)
    a, b = out[-1]
    out[-1] = (a, b - (len(text[a:b]) - len(text[a:b].rstrip())))
    return out


def _parse_cell(text: str, a: int, b: int) -> list[Item]:
    """Split a cell into items at <p>/<li>/bullet boundaries, dropping other markup."""
    cell = text[a:b]
    if not _CELL_HINT.search(cell):
        return [[(a, b)]] if cell.strip() else []
    items: list[Item] = []
    cur: Item = []
    pos = 0
    for m in _compiled()["cell_split"].finditer(cell):
        cur.append((a + pos, a + m.start()))
        pos = m.end()
        if m.group("b") is not None:
            items.append(cur)
            cur = []
    cur.append((a + pos, b))
    items.append(cur)
    return [s for s in (_strip_item(text, it) for it in items) if s]


def _item_text(text: str, item: Item) -> str:
    return "".join(text[a:b] for a, b in item)


def _parse_row(text: str, a: int, b: int, line: int) -> _Row:
    cells: list[list[Item]] = []
    tabs: list[int] = []
    pos = a
    while True:
        t = text.find("\t", pos, b)
        end = b if t == -1 else t
        cells.append(_parse_cell(text, pos, end))
        if t == -1:
            break
        tabs.append(t)
        pos = t + 1
    return _Row(cells, tabs, line)


def _merge_page_break(text: str, prev: _Row, row: _Row) -> bool:
    """Merge `row` (first cell empty, right after a page break) into `prev` if it continues it."""
    if row.cells[0] or len(row.cells) > len(prev.cells) or len(row.cells) < 2:
        return False
    han = [sum(len(_HAN_RE.findall(_item_text(text, it))) for it in cell) for cell in row.cells]
    j = max(range(1, len(row.cells)), key=lambda k: han[k])
    cont_cells = []
    if han[j]:
        pc, rc = prev.cells[j], row.cells[j]
        if not pc:
            return False
        last = _item_text(text, pc[-1]).rstrip()
        first = _item_text(text, rc[0])
        if _DATE_START.match(first) or _compiled()["heading"].match(first):
            return False
        if last[-1] in TERMINAL or (last[-1] in CLOSERS and first[0] not in LEAD_CONT):
            return False
        cont_cells.append(j)
    # link-like cells: a URL cut by the page break continues without a scheme
    for k, cell in enumerate(row.cells):
        if k == 0 or k in cont_cells or not cell:
            continue
        pc = prev.cells[k]
        if pc and _SCHEME.match(_item_text(text, pc[-1])) and not _SCHEME.match(_item_text(text, cell[0])):
            if not han[k]:
                cont_cells.append(k)
    if not cont_cells:
        return False
    for k, cell in enumerate(row.cells):
        if k == 0 or not cell:
            continue
        pc = prev.cells[k]
        if k in cont_cells:
            pc[-1] = pc[-1] + cell[0]
            pc.extend(cell[1:])
        else:
            pc.extend(cell)
    return True


def _emit_row(b: _Builder, text: str, row: _Row) -> None:
    for k, cell in enumerate(row.cells):
        if k:
            tab = row.tabs[k - 1] if k - 1 < len(row.tabs) else row.tabs[-1]
            b.span(tab, tab + 1)
        for n, item in enumerate(cell):
            if n:
                b.insert(ITEM_SEP, cell[n - 1][-1][1] - 1)
            for a, e in item:
                b.span(a, e)


def _is_row(line: str) -> bool:
    return "\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 2


def clean_tables(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    """Clean TAB-separated rows and merge rows that a page break split in two."""
    if "\t" not in text:
        return text, cmap
    for ent, rep in _ENTITY.items():
        if ent in text:  # entities inside cells: keep the '&' as the mapped character
            text, cmap = _replace_entity(text, cmap, ent, rep)
    spans = _line_spans(text)
    regions: list[tuple[int, int, _Row]] = []  # replaced [start, end) of the text, and its row
    prev: tuple[int, int, int] | None = None  # (start, end, line) of the previous table row
    prev_region = -1  # index in `regions` of the previous row, if it was parsed
    last_nonblank = -1
    for i, (a, e) in enumerate(spans):
        line = text[a:e]
        if "\t" not in line:
            if line.strip():
                prev, last_nonblank = None, i
            continue
        is_cont = prev is not None and line.lstrip(" ").startswith("\t")
        if not (is_cont or _is_row(line)):
            prev, last_nonblank = None, i
            continue
        after_break = i - last_nonblank > 1
        last_nonblank = i
        if prev is not None and is_cont and after_break:
            if prev_region < 0:  # parse the previous row now that it may absorb this one
                regions.append((prev[0], prev[1], _parse_row(text, prev[0], prev[1], prev[2])))
                prev_region = len(regions) - 1
            p_start, _, p_row = regions[prev_region]
            row = _parse_row(text, a, e, i)
            if _merge_page_break(text, p_row, row):
                regions[prev_region] = (p_start, e, p_row)
                continue
            regions.append((a, e, row))
            prev, prev_region = (a, e, i), len(regions) - 1
            continue
        prev, prev_region = (a, e, i), -1
        if _ROW_DIRTY.search(line):
            regions.append((a, e, _parse_row(text, a, e, i)))
            prev_region = len(regions) - 1
    if not regions:
        return text, cmap
    b = _Builder(text, cmap)
    pos = 0
    for a, e, row in regions:
        b.span(pos, a)
        _emit_row(b, text, row)
        pos = e
    b.span(pos, len(text))
    return b.result()


def _replace_entity(text: str, cmap: list[int], ent: str, rep: str) -> tuple[str, list[int]]:
    b = _Builder(text, cmap)
    pos = 0
    for m in re.finditer(re.escape(ent), text):
        b.span(pos, m.start())
        b.insert(rep, m.start())
        pos = m.end()
    b.span(pos, len(text))
    return b.result()


# ---------------------------------------------------------------------------------------------
# pass 4: line joining

_DATED_ENTRY = re.compile(r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日")
_ASCII_WORD = re.compile("[A-Za-z0-9]")


def _is_table_line(line: str) -> bool:
    s = line.strip(" ")
    return "\t" in s and (s.startswith("\t") or sum(1 for c in s.split("\t") if c.strip()) >= 2)


def _wrap_width(widths: list[int]) -> int | None:
    """The width at which a hard-wrapped document breaks its lines, if most lines cluster there."""
    c = Counter(w for w in widths if w >= 20)
    total = sum(c.values())
    if total < 10:
        return None
    best_w, best_n = 0, 0
    for w in c:
        n = sum(c.get(x, 0) for x in range(w - 3, w + 4))
        if n > best_n or (n == best_n and w > best_w):
            best_w, best_n = w, n
    return best_w if best_n >= 0.3 * total else None


def _unclosed(s: str) -> bool:
    """True if `s` opens a bracket, quote or title mark that it does not close."""
    return (
        s.count("（") + s.count("(") > s.count("）") + s.count(")")
        or s.count("“") > s.count("”")
        or s.count("《") > s.count("》")
    )


class _Joiner:
    """Decides whether two consecutive non-blank lines belong to one paragraph."""

    def __init__(self, wrap: int | None, gap: int) -> None:
        self.wrap, self.gap = wrap, gap
        self.heading = _compiled()["heading"]

    def _title_like(self, s: str) -> bool:
        return _width(s) < 40 and not _SENTENCE_PUNCT.search(s)

    def _full(self, s: str, share: float) -> bool:
        return self.wrap is not None and _width(s) >= share * self.wrap

    def join(self, p: str, n: str, gap: int) -> bool:
        if n[0] in LEAD_CONT:
            return True
        if self.heading.match(n):
            return False
        if _DATED_ENTRY.match(n) and _DATED_ENTRY.match(p):
            return False  # chronicle entries: each dated line starts a new one
        if _unclosed(p):
            return True
        last = p[-1]
        if last in CLOSERS and len(p) > 1 and p[-2] in TERMINAL:
            last = p[-2]  # "。）" / "。”" ends a sentence
        if last in TERMINAL:
            return self._full(p, 0.93) and gap <= self.gap and not self._title_like(n)
        if last in COLONS:
            return self._full(p, 0.85) and not self._title_like(n)
        h = self.heading.match(p)
        if not h and last not in CLOSERS and self._full(p, 0.85):
            return True  # a full line of a hard-wrapped text
        if self._title_like(n):
            return False
        if h and "。" not in p and _width(p) < 80 and last not in OPEN_END:
            return False  # a heading, even one with a comma inside
        if last in CLOSERS:  # mid-sentence "…“三合一”" / "…《规划》" cut by a page break
            if self.wrap is not None:
                return self._full(p, 0.85)
            return _width(p) >= 40 and bool(_SENTENCE_PUNCT.search(p))
        if last in OPEN_END:
            return True
        if self._full(p, 0.8):
            return True
        return _width(p) >= 24 and bool(_INNER_PUNCT.search(p))


def join_lines(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    """Rejoin hard-wrapped and page-broken lines of a paragraph; strip lines; drop blank lines."""
    spans = _line_spans(text)
    lines: list[tuple[int, int, int, bool]] = []  # (line index, start, end, is_table)
    for i, (a, e) in enumerate(spans):
        raw = text[a:e]
        table = _is_table_line(raw)
        s = raw.strip(" ") if table else raw.strip()
        if not s:
            continue
        start = a + raw.index(s)
        lines.append((i, start, start + len(s), table))
    texts = [text[a:e] for _, a, e, _ in lines]
    plain = [k for k, ln in enumerate(lines) if not ln[3]]
    wrap = _wrap_width([_width(texts[k]) for k in plain])
    gaps = [
        lines[k + 1][0] - lines[k][0] - 1 for k in range(len(lines) - 1) if not lines[k][3] and texts[k][-1] in "，,"
    ]
    gap = sorted(gaps)[len(gaps) // 2] if gaps else 0
    joiner = _Joiner(wrap, gap)
    # keep each line's content and, between paragraphs, the original newline; delete the rest
    dels: list[tuple[int, int]] = []
    spaces: list[int] = []  # kept newlines that become a space (Latin words joined)
    pos = 0
    for k, (i, a, e, table) in enumerate(lines):
        if k:
            pi, _, _, ptable = lines[k - 1]
            nl = spans[pi][1]  # the newline after the previous line
            p, n = texts[k - 1], texts[k]
            if not table and not ptable and joiner.join(p, n, i - pi - 1):
                if _ASCII_WORD.match(p[-1]) and _ASCII_WORD.match(n[0]):
                    spaces.append(nl)
                else:
                    dels.append((pos, a))
                    pos = e
                    continue
            dels.append((pos, nl))
            pos = nl + 1
        dels.append((pos, a))
        pos = e
    dels.append((pos, len(text)))
    if spaces:
        parts, last = [], 0
        for nl in spaces:
            parts += [text[last:nl], " "]
            last = nl + 1
        parts.append(text[last:])
        text = "".join(parts)
    return _delete_ranges(text, cmap, dels)


# ---------------------------------------------------------------------------------------------
# pass 5: punctuation

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT = re.compile(
    rf"[,;:?!](?:(?<=[{_CJK}].)(?=[ ]*[{_CJK}0-9（(《“])"
    rf"|(?<=[0-9A-Za-z%][,;])(?=[ ]*[{_HAN}])"
    rf"|(?<=[{_HAN}].)(?=[ ]*(?:$|[\t{ITEM_SEP}])))",
    re.MULTILINE,
)
_PARENS = re.compile(rf"\(([^()\n\t{ITEM_SEP}]{{0,80}})\)")
_URL = re.compile(rf"(?:(?:https?|ftp)://|www\.)[^\s{_HAN}<>\"“”，。]+", re.IGNORECASE)


def _url_spans(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text:
        return []
    return [m.span() for m in _URL.finditer(text)]


def _in_spans(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    k = bisect.bisect_right(starts, pos) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


def normalize_punct(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    """ASCII , ; : ? ! ( ) between Chinese characters become their full-width forms (1:1)."""
    urls = _url_spans(text)
    starts = [a for a, _ in urls]

    def punct(m: re.Match[str]) -> str:
        if urls and _in_spans(urls, starts, m.start()):
            return m.group()
        return _HALF_TO_FULL[m.group()]

    def parens(m: re.Match[str]) -> str:
        inner = m.group(1)
        a, e = m.span()
        left = text[a - 1] if a else ""
        right = text[e] if e < len(text) else ""
        han = _HAN_RE.search(inner) or (_HAN_RE.match(left) and _HAN_RE.match(right))
        if not han or (urls and _in_spans(urls, starts, a)):
            return m.group()
        return f"（{inner}）"

    text = _PUNCT.sub(punct, text)
    text = _PARENS.sub(parens, text)
    return text, cmap


# ---------------------------------------------------------------------------------------------
# pass 6: spaces

_SPACES = re.compile(
    rf"[ ](?:(?<=[{_CJK}][ ])[ ]*(?=[{_CJK}0-9A-Za-z%])"
    rf"|(?<=[0-9A-Za-z%][ ])[ ]*(?=[{_CJK}])"
    r"|(?<=[0-9][ ])[ ]*(?=%))"
    r"|[ ](?<=\d[ ])(?<!\d{4}[ ])(?<!\.\d[ ])(?<!\.\d\d[ ])(?<!\.\d{3}[ ])(?=\d{3}(?:\.\d+)?(?![\d.]))"
)


def remove_spaces(text: str, cmap: list[int]) -> tuple[str, list[int]]:
    """Delete spaces inside Chinese/digit runs; spaces between Latin words stay."""
    return _delete_matches(text, cmap, _SPACES)


# ---------------------------------------------------------------------------------------------
# the pipeline


def _page_breaks(raw: str, page_starts: list[int] | None) -> list[int]:
    """Raw offsets where a new page begins: from `page_starts` (line indices) and form feeds."""
    breaks = [m.start() for m in re.finditer("\f", raw)]
    if page_starts:
        spans = _line_spans(raw)
        breaks += [spans[i][0] for i in page_starts if 0 < i < len(spans)]
    return sorted(set(breaks))


def clean_text(raw: str, page_starts: list[int] | None = None) -> CleanText:
    """Clean PDF-to-text damage from `raw`; `char_map[i]` is the raw offset of cleaned char i.

    `page_starts` (0-based line index of each page's first line, as in RawDocument) helps to
    recognise running headers and footers; without it, runs of blank lines stand for page breaks.
    """
    cmap = list(range(len(raw)))
    breaks = _page_breaks(raw, page_starts)
    text, cmap = normalize_chars(raw, cmap)
    text, cmap = drop_furniture(text, cmap, breaks)
    steps: tuple[Pass, ...] = (clean_tables, join_lines, normalize_punct, remove_spaces)
    for step in steps:
        text, cmap = step(text, cmap)
    return CleanText(text=text, char_map=cmap)
