"""Tables of TAB-separated rows (actor | dated measures | links), as monitoring reports lay them out.

One item per dated event: a cell's bullet/<p> items (ITEM_SEP after cleaning) and dated sentences inside
an item each start an event; continuation rows with an empty actor cell inherit the actor above; the
link cell's URLs are given to the events in order, aligned by the dates in the URLs when counts differ.
"""

from __future__ import annotations

import re

from jiance.segment.base import Segment

ITEM_SEP = "\u2028"
URL_RE = re.compile(r"https?://[^\s\u2028<>\"'，。；、）)]+", re.I)
# a new event starts where a sentence ends and a month-day date begins (not 截至/至 dates inside a sentence)
_EVENT_START = re.compile(
    r"(?:(?<=[。；;！!？?])|(?<=[。；;！!？?][ \u3000]))[ \u3000]*(?=(?:\d{4}年)?\d{1,2}月\d{1,2}日[，,、\s至—-]|"
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}[—-]\d{1,2}日)"
)
_LEAD_DATE = re.compile(r"^[\s➤•·●▪◆\-]*(?:\d{4}年)?\d{1,2}月\d{1,2}日")
_LINK_DATE = re.compile(r"(20\d\d)[-/_]?(0[1-9]|1[0-2]|[1-9])[-/_]?([0-3]\d)(?!\d)|(20\d\d)-(\d{1,2})/(\d{1,2})(?!\d)")
_EVENT_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_HEADER_WORDS = (
    "相关举措",
    "相关政策",
    "链接",
    "地区",
    "企业",
    "国家部委",
    "部门",
    "单位",
    "名称",
    "来源",
    "时间",
    "日期",
    "内容",
    "序号",
    "省份",
    "城市",
)


_HEADER_WORD = re.compile("|".join(map(re.escape, _HEADER_WORDS)))


def _may_be_header(cells: list[str]) -> bool:
    """The cheap half of _is_header, for a row with a header word somewhere (none spans a cell's
    edge or whitespace): no cell too long for a column name. Most rows fail without a stripped copy."""
    if max(map(len, cells)) <= 12:
        return True
    return all(len(c.strip()) <= 12 for c in cells)


def _is_header(names: list[str]) -> bool:
    """Whether a row's stripped cells name columns: short, no URL, one of them a header word."""
    if max(map(len, names)) > 12:
        return False
    texts = [t for t in names if t]
    if len(texts) < 2:
        return False
    joined = "\n".join(texts)  # neither a URL nor a header word spans a line break
    return not URL_RE.search(joined) and bool(_HEADER_WORD.search(joined)) and not _LEAD_DATE.match(texts[1])


def _is_url_cell(text: str) -> bool:
    if "://" not in text:  # no URL: only an empty cell counts
        return not text.replace(ITEM_SEP, " ").strip()
    stripped = text.replace(ITEM_SEP, " ").strip()
    if not stripped:
        return True
    urls = URL_RE.findall(stripped)
    return bool(urls) and sum(map(len, urls)) >= 0.6 * len(stripped.replace(" ", ""))


_MARKS = " \u3000➤•·●▪◆"


def split_events(text: str, base: int) -> list[tuple[int, int]]:
    """Offsets (absolute) of each event in a measures cell."""
    if ITEM_SEP not in text and "月" not in text:  # one event (a date has 月)
        if len(text.strip(_MARKS)) < 2:
            return []
        return [(base + len(text) - len(text.lstrip(_MARKS)), base + len(text.rstrip()))]
    spans: list[tuple[int, int]] = []
    pos = base
    for piece in text.split(ITEM_SEP):
        if "月" in piece:  # an event starts with a date, which has 月
            cuts = [0, *(m.start() for m in _EVENT_START.finditer(piece)), len(piece)]
            chunks = [(a, piece[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
        else:
            chunks = [(0, piece)]
        for a, chunk in chunks:
            if len(chunk.strip(_MARKS)) >= 2:
                lead = len(chunk) - len(chunk.lstrip(_MARKS))
                spans.append((pos + a + lead, pos + a + len(chunk.rstrip())))
        pos += len(piece) + 1
    return spans


def _ordinal(y: int, m: int, d: int) -> int:
    return y * 372 + m * 31 + d


def _link_date(url: str) -> int | None:
    for m in _LINK_DATE.finditer(url):
        y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
        try:
            y_i, mo_i, d_i = int(y), int(mo), int(d)
        except (TypeError, ValueError):
            continue
        if 1 <= mo_i <= 12 and 1 <= d_i <= 31:
            return _ordinal(y_i, mo_i, d_i)
    return None


def _event_date(text: str, year: int | None) -> int | None:
    m = _EVENT_DATE.search(text[:20])
    if not m:
        return None
    y = int(m[1]) if m[1] else year
    return _ordinal(y, int(m[2]), int(m[3])) if y else None


def assign_links(events: list[str], links: list[str]) -> list[str | None]:
    """Give each event its link: in order when the counts agree, else a monotone alignment that prefers
    links dated on or shortly after the event."""
    if not links:
        return [None] * len(events)
    if len(links) == len(events):
        return list(links)
    years = [_link_date(u) // 372 for u in links if _link_date(u)]
    year = years[0] if years else None
    ev_dates = [_event_date(e, year) for e in events]
    ln_dates = [_link_date(u) for u in links]

    def cost(i: int, j: int) -> float:
        if ev_dates[i] is None or ln_dates[j] is None:
            return 1.0
        gap = ln_dates[j] - ev_dates[i]
        return 0.0 if 0 <= gap <= 3 else 0.5 if -1 <= gap <= 10 else 2.0

    n, m = len(events), len(links)
    inf = float("inf")
    # best[i][j]: cost of events[:i] using links[:j]; an event may go without a link at cost 1.5
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    choice: list[list[tuple[int, int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(m + 1):
            options = [(best[i - 1][j] + 1.5, (i - 1, j, -1))]
            if j > 0:
                options.append((best[i][j - 1] + 0.8, (i, j - 1, -2)))  # unused link
                options.append((best[i - 1][j - 1] + cost(i - 1, j - 1), (i - 1, j - 1, j - 1)))
            best[i][j], choice[i][j] = min(options, key=lambda o: o[0])
    out: list[str | None] = [None] * n
    i, j = n, m
    while i > 0:
        prev = choice[i][j]
        assert prev is not None
        pi, pj, used = prev
        if used >= 0:
            out[i - 1] = links[used]
        i, j = pi, pj
    return out


def segment_table(text: str, start: int, end: int, section: list[str]) -> list[Segment]:
    """Items of one table region text[start:end] (lines with TABs)."""
    segments: list[Segment] = []
    actor: str | None = None
    roles: tuple[int, int, int | None] | None = None  # actor col, measures col, link col
    pos = start
    header_word = _HEADER_WORD.search  # bound once: this runs for every row
    for line in text[start:end].split("\n"):
        line_start = pos
        pos += len(line) + 1
        if "\t" not in line or not line.strip(" \t-—"):
            continue
        cells = line.split("\t")
        if header_word(line) and _may_be_header(cells):
            names = [c.strip() for c in cells]
            if _is_header(names):
                roles = _roles_from_header(names)
                continue
        actor_col, text_col, link_col = roles or _roles_from_row(cells)
        if text_col >= len(cells):
            continue
        cell_actor = cells[actor_col].strip() if actor_col < len(cells) else ""
        if cell_actor and not ("月" in cell_actor and _LEAD_DATE.match(cell_actor)):  # a date has 月
            actor = cell_actor.replace(ITEM_SEP, "")
        measures = cells[text_col]
        spans = split_events(measures, line_start + sum(map(len, cells[:text_col])) + text_col)
        if not spans:
            continue
        links: list[str] = []
        if link_col is not None and link_col < len(cells):
            links = URL_RE.findall(cells[link_col])
        if not links and "://" not in measures:  # most rows: no link to give out
            for a, b in spans:  # Segment(a, b, "table_row", list(section), actor=actor), positionally
                segments.append(Segment(a, b, "table_row", list(section), None, actor))
            continue
        if links:
            assigned = assign_links([text[a:b] for a, b in spans], links)
        else:
            assigned = [_first_url(text[a:b]) for a, b in spans]
        for (a, b), link in zip(spans, assigned, strict=True):
            segments.append(Segment(a, b, "table_row", list(section), actor=actor, link=link))
    return segments


def _first_url(text: str) -> str | None:
    m = URL_RE.search(text)
    return m.group() if m else None


def _roles_from_header(names: list[str]) -> tuple[int, int, int | None]:
    link_col = next((i for i, n in enumerate(names) if "链接" in n or "网址" in n or "来源" in n), None)
    text_col = next((i for i, n in enumerate(names) if i > 0 and i != link_col), 1)
    return 0, text_col, link_col


def _roles_from_row(cells: list[str]) -> tuple[int, int, int | None]:
    """Without a header: the last cell is the link column when it holds URLs."""
    link_col = len(cells) - 1 if len(cells) >= 3 and _is_url_cell(cells[-1]) else None
    return 0, 1, link_col
