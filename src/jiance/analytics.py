"""Exploration of the store: timelines, counts, the province × sector matrix and hot topics.

Library functions for the CLI (`jiance timeline|matrix|counts|hot`) and notebooks. A period is given
like a date ("2019-04", "2019", "2019-04-01/2019-04-15"); an item belongs to it when its whole date lies
inside. Hot topics compare a period with the period(s) before it, as EMM's breaking-news detection
does: observed count against the count expected from the previous periods (scaled by volume), with
a minimum count so that rare words cannot burst.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from jiance.model import JianceError
from jiance.period import date_bounds
from jiance.search import SearchFilters, resolve_filters
from jiance.store import analytics_sql as sql
from jiance.store.db import Store
from jiance.store.search_sql import Filters

FALLBACK_PROVINCES = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
    "宁夏回族自治区", "新疆维吾尔自治区",
]  # fmt: skip
DIMENSIONS = tuple(sql.DIMENSIONS)
_STOP = frozenset(
    w.strip()
    for w in (Path(__file__).parent / "extract" / "data" / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#")
)
_TERM = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9+]*$")
_DATEISH = re.compile(r"^\d|[年月日号]$")


def _conn(target: Store | sqlite3.Connection) -> sqlite3.Connection:
    return target.conn if isinstance(target, Store) else target


def province_order() -> list[str]:
    """The 31 provinces in the standard order (the gazetteer's, else a built-in copy)."""
    try:
        from jiance.gazetteer import province_order as gazetteer_order

        order = gazetteer_order()
        if len(order) == 31:
            return order
    except Exception:  # the gazetteer is written concurrently; never let it break analytics
        pass
    return list(FALLBACK_PROVINCES)


# -- periods --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        if self.start.day == 1 and (self.end + timedelta(days=1)).day == 1:
            if self.start.month == self.end.month and self.start.year == self.end.year:
                return self.start.strftime("%Y-%m")
            if self.start.month == 1 and self.end.month == 12 and self.start.year == self.end.year:
                return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def previous(self) -> Period:
        """The period of the same shape just before (the month before a month, else the same length)."""
        if self.label.count("-") == 1 and "/" not in self.label:  # a month
            last = self.start - timedelta(days=1)
            return Period(last.replace(day=1), last)
        if self.label.isdigit():  # a year
            return Period(self.start.replace(year=self.start.year - 1), self.end.replace(year=self.end.year - 1))
        length = self.end - self.start + timedelta(days=1)
        return Period(self.start - length, self.start - timedelta(days=1))


def parse_period(spec: str) -> Period:
    lo, hi = date_bounds(spec)
    if not lo or not hi:
        raise JianceError(f"{spec}: not a period (expected 2019-04, 2019, 2019-Q2 or 2019-04-01/2019-04-15)")
    try:
        return Period(date.fromisoformat(lo), date.fromisoformat(hi))
    except ValueError as exc:
        raise JianceError(f"{spec}: not a period ({exc})") from exc


def _filters(conn: sqlite3.Connection, filters: SearchFilters | None, period: Period | None) -> Filters:
    resolved = resolve_filters(conn, replace(filters or SearchFilters(), date_from=None, date_to=None))
    if period:
        resolved.date_from, resolved.date_to = period.start.isoformat(), period.end.isoformat()
    elif filters and (filters.date_from or filters.date_to):
        resolved.date_from = date_bounds(filters.date_from)[0] if filters.date_from else None
        resolved.date_to = date_bounds(filters.date_to)[1] if filters.date_to else None
    return resolved


# -- counts, matrix, timeline ---------------------------------------------------------------------------
def counts(
    target: Store | sqlite3.Connection,
    by: str = "month",
    filters: SearchFilters | None = None,
    period: str | None = None,
) -> list[dict[str, Any]]:
    """Items per month, level, sector, event type, province … (one row per value)."""
    if by not in sql.DIMENSIONS:
        raise JianceError(f"--by {by}: expected one of {', '.join(DIMENSIONS)}")
    conn = _conn(target)
    resolved = _filters(conn, filters, parse_period(period) if period else None)
    return [{by: key, "items": n} for key, n in sql.counts(conn, by, resolved)]


@dataclass
class Matrix:
    provinces: list[str]
    sectors: list[str]
    cells: dict[tuple[str, str], int]

    def rows(self) -> list[dict[str, Any]]:
        """One row per province (standard order): a count per sector and the total."""
        out = []
        for p in self.provinces:
            row: dict[str, Any] = {"province": p}
            for s in self.sectors:
                row[s] = self.cells.get((p, s), 0)
            row["total"] = sum(self.cells.get((p, s), 0) for s in self.sectors)
            out.append(row)
        return out


def province_sector_matrix(
    target: Store | sqlite3.Connection,
    period: str | None = None,
    filters: SearchFilters | None = None,
    sectors: list[str] | None = None,
) -> Matrix:
    """Items per province (31, standard order) and sector for a period; sectors by total, or as given."""
    conn = _conn(target)
    resolved = _filters(conn, filters, parse_period(period) if period else None)
    cells: dict[tuple[str, str], int] = {}
    totals: Counter[str] = Counter()
    for p, s, n in sql.matrix(conn, resolved):
        cells[(p, s)] = n
        totals[s] += n
    order = province_order()
    cols = sectors or [s for s, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    return Matrix(provinces=order, sectors=cols, cells={k: v for k, v in cells.items() if k[0] in set(order)})


_TIMELINE_FACETS = ("agency", "province", "city", "company", "policy", "actor", "sector")


def timeline(
    target: Store | sqlite3.Connection,
    filters: SearchFilters,
    period: str | None = None,
    by_event: bool = True,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    """Dated entries about an agency, province, city, company or policy, oldest first.

    With `by_event`, an event reported several times appears once (its first mention in the
    selection) with `mentions` counting its reports here and `heat` its reports anywhere.
    """
    if not any(getattr(filters, f) for f in _TIMELINE_FACETS):
        raise JianceError("a timeline needs an agency, province, city, company, policy, actor or sector")
    conn = _conn(target)
    resolved = _filters(conn, filters, parse_period(period) if period else None)
    rows = sql.timeline_rows(conn, resolved, limit)
    if not by_event:
        return rows
    out: list[dict[str, Any]] = []
    index: dict[int, dict[str, Any]] = {}
    for r in rows:
        key = r["event_id"]
        if key is not None and key in index:
            index[key]["mentions"] += 1
            continue
        r["mentions"] = 1
        out.append(r)
        if key is not None:
            index[key] = r
    return out


# -- hot topics ------------------------------------------------------------------------------------------
def burst_score(observed: float, expected: float) -> float:
    """How surprising `observed` is against `expected` (a Poisson z-score with a floor of 1 under expected)."""
    return (observed - expected) / math.sqrt(max(expected, 1.0))


def _terms(text: str) -> set[str]:
    from jiance.words import cut

    return {w for w in cut(text) if len(w) >= 2 and _TERM.match(w) and not _DATEISH.search(w) and w not in _STOP}


def _term_counts(conn: sqlite3.Connection, f: Filters, sample: int) -> tuple[Counter[str], int]:
    counts: Counter[str] = Counter()
    n = 0
    for _, text in sql.period_texts(conn, f, sample):
        counts.update(_terms(text))
        n += 1
    return counts, n


def _bursts(
    key: str, now: Counter[Any], then: Counter[Any], periods: int, scale: float, min_count: int
) -> list[dict[str, Any]]:
    """Burst rows for terms or events seen at least `min_count` times now: the expectation is their mean
    count over the previous `periods`, scaled by how much bigger this period is; strongest first."""
    rows = []
    for name, observed in now.items():
        if observed < min_count:
            continue
        expected = then.get(name, 0) / periods * scale
        rows.append(
            {key: name, "observed": observed, "expected": round(expected, 2),
             "score": round(burst_score(observed, expected), 2)}
        )  # fmt: skip
    rows.sort(key=lambda r: (-r["score"], -r["observed"], r[key]))
    return rows


def hot_topics(
    target: Store | sqlite3.Connection,
    period: str,
    previous: int = 3,
    filters: SearchFilters | None = None,
    min_count: int = 3,
    top: int = 20,
    sample: int = 20000,
) -> dict[str, list[dict[str, Any]]]:
    """Terms and events whose volume in `period` jumped against the `previous` periods before it.

    For each term (rjieba words, in how many items they occur) and each event (mentions dated in the
    period): expected = mean count over the previous periods × (items now / mean items then);
    score = burst_score(observed, expected). Only counts ≥ `min_count` qualify. At most `sample`
    items per period are read for terms.
    """
    conn = _conn(target)
    current = parse_period(period)
    before: list[Period] = []
    p = current
    for _ in range(max(previous, 1)):
        p = p.previous()
        before.append(p)
    now_f = _filters(conn, filters, current)
    then_f = [_filters(conn, filters, b) for b in before]

    now_terms, now_n = _term_counts(conn, now_f, sample)
    then_terms: Counter[str] = Counter()
    then_n = 0
    for f in then_f:
        c, n = _term_counts(conn, f, sample)
        then_terms.update(c)
        then_n += n
    scale = (now_n / (then_n / len(then_f))) if then_n else 1.0
    terms = _bursts("term", now_terms, then_terms, len(then_f), scale, min_count)

    now_ev = sql.event_volumes(conn, now_f)
    then_ev: Counter[int] = Counter()
    for f in then_f:
        then_ev.update(sql.event_volumes(conn, f))
    now_size = sql.period_size(conn, now_f)
    then_size = sum(sql.period_size(conn, f) for f in then_f) / len(then_f)
    ev_scale = now_size / then_size if then_size else 1.0
    events = _bursts("event", now_ev, then_ev, len(then_f), ev_scale, min_count)[:top]
    heads = sql.event_heads(conn, [e["event"] for e in events])
    for e in events:
        head = heads.get(e["event"], {})
        e.update(heat=head.get("heat"), first_date=head.get("first_date"), actor=head.get("actor"),
                 doc=head.get("doc"), line=head.get("line"), text=head.get("text"))  # fmt: skip
    return {"terms": terms[:top], "events": events, "period": [current.label], "previous": [b.label for b in before]}
