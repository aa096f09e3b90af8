"""Queries the reports need: a period's items (with undated items of the same documents), indicator
series for charts, and item counts by month. Values are always bound as parameters.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import Any

from jiance.period import date_bounds
from jiance.store.items import row_to_contract

_ITEM_SQL = (
    "SELECT i.*, d.name AS doc, d.title AS doc_title{event} FROM items i JOIN documents d ON d.id = i.doc_id WHERE "
)
_EVENT_COL = ", (SELECT e.event_id FROM event_items e WHERE e.item_id = i.id) AS event_id"


def _item_sql(conn: sqlite3.Connection) -> str:
    """The item SELECT, with each item's event id where the store merges near-duplicates into events."""
    has_events = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='event_items'").fetchone()
    return _ITEM_SQL.format(event=_EVENT_COL if has_events else "")


def period_bounds(spec: str) -> tuple[str, str]:
    """ "2018-10-16:2018-11-15", "2018-11" or "2017" → first and last day (ISO)."""
    left, sep, right = spec.partition(":")
    start = date_bounds(left.strip())[0]
    end = date_bounds((right if sep else left).strip())[1]
    if not start or not end or start > end:
        raise ValueError(f"{spec}: expected a period like 2018-10-16:2018-11-15, 2018-11 or 2017")
    return start, end


def _span_days(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def _item(row: sqlite3.Row) -> dict[str, Any]:
    out = row_to_contract(row)
    facts = json.loads(row["facts"])
    out["source_name"] = facts.get("source_name")
    out["financing"] = facts.get("financing") or []
    out["date_start"] = row["date_start"]
    out["date_precision"] = row["date_precision"]
    out["doc_id"] = row["doc_id"]
    out["doc_title"] = row["doc_title"]
    out["event_id"] = row["event_id"] if "event_id" in row.keys() else None
    return out


def _place_clause(place: str | None) -> tuple[str, list[Any]]:
    if not place:
        return "", []
    clause = (
        " AND i.id IN (SELECT item_id FROM item_facets WHERE facet IN ('province', 'city', 'actor')"
        " AND (value = ? OR value LIKE ? || '%'))"
    )
    return clause, [place, place]


def period_items(
    conn: sqlite3.Connection,
    start: str,
    end: str,
    *,
    place: str | None = None,
    include_undated: bool = True,
    doc_ids: list[int] | None = None,
) -> Iterator[dict[str, Any]]:
    """Items dated inside [start, end] no coarser than the period (a year-dated item stays out of a
    month's report); with `include_undated`, also the undated items of documents that have dated
    items in the period (a news story's body, a table note). `doc_ids` limits to those documents."""
    place_sql, place_params = _place_clause(place)
    item_sql = _item_sql(conn)
    doc_sql = ""
    doc_params: list[Any] = []
    if doc_ids:
        doc_sql = f" AND i.doc_id IN ({','.join('?' * len(doc_ids))})"
        doc_params = list(doc_ids)
    sql = (
        item_sql
        + "i.date_start BETWEEN ? AND ? AND julianday(i.date_end) - julianday(i.date_start) <= ?"
        + place_sql
        + doc_sql
        + " ORDER BY i.date_start, i.doc_id, i.seq"
    )
    params = [start, end, _span_days(start, end), *place_params, *doc_params]
    docs: set[int] = set()
    for row in conn.execute(sql, params):
        docs.add(row["doc_id"])
        yield _item(row)
    if not include_undated or not docs:
        return
    ids = sorted(docs)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        sql = (
            item_sql
            + f"i.doc_id IN ({','.join('?' * len(part))}) AND i.date_start IS NULL"
            + place_sql
            + " ORDER BY i.doc_id, i.seq"
        )
        for row in conn.execute(sql, [*part, *place_params]):
            yield _item(row)


def indicator_points(conn: sqlite3.Connection, series: str, subject: str, end: str, limit: int = 24) -> list[dict]:
    """The latest `limit` values of one series up to `end`, oldest first, one per period."""
    sql = (
        "SELECT s.period, s.value, s.unit, s.name, d.name AS doc, i.line, i.link FROM indicators s"
        " JOIN items i ON i.id = s.item_id JOIN documents d ON d.id = i.doc_id"
        " WHERE s.series_name = ? AND s.series_subject = ? AND s.period IS NOT NULL AND s.value IS NOT NULL"
        " AND s.period <= ? ORDER BY s.period DESC, s.id LIMIT ?"
    )
    seen: dict[str, dict] = {}
    for r in conn.execute(sql, (series, subject, end, limit * 4)):
        seen.setdefault(r["period"], dict(r))
    points = sorted(seen.values(), key=lambda p: p["period"])
    return points[-limit:]


def period_indicators(conn: sqlite3.Connection, start: str, end: str, limit: int = 200) -> list[dict[str, Any]]:
    """Indicator values whose period falls in [start, end] (or whose item is dated there), newest first."""
    sql = (
        "SELECT s.series_name, s.series_subject, s.name, s.subject, s.period, s.value, s.unit, s.change,"
        " s.change_unit, s.change_kind, s.text, d.name AS doc, i.line, i.link FROM indicators s"
        " JOIN items i ON i.id = s.item_id JOIN documents d ON d.id = i.doc_id"
        " WHERE (s.period BETWEEN ? AND ? OR (s.period IS NULL AND i.date_start BETWEEN ? AND ?))"
        " AND s.value IS NOT NULL ORDER BY s.period DESC, s.id LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, (start[:7], end, start, end, limit))]


def month_counts(conn: sqlite3.Connection, start: str, end: str) -> list[tuple[str, int]]:
    """(YYYY-MM, items dated that month) for the period."""
    sql = (
        "SELECT substr(date_start, 1, 7) AS month, COUNT(*) FROM items WHERE date_start BETWEEN ? AND ?"
        " AND date_precision = 'day' GROUP BY month ORDER BY month"
    )
    return [(r[0], r[1]) for r in conn.execute(sql, (start, end))]


def period_policies(conn: sqlite3.Connection, start: str, end: str, limit: int = 10) -> list[dict[str, Any]]:
    """Documents of the policy register named by items of the period, most named first."""
    sql = (
        "SELECT p.id, p.title, p.issuer, p.doc_number, p.date, COUNT(*) AS mentions, MIN(i.line) AS line,"
        " MIN(d.name) AS doc FROM policies p JOIN item_policies ip ON ip.policy_id = p.id"
        " JOIN items i ON i.id = ip.item_id JOIN documents d ON d.id = i.doc_id"
        " WHERE i.date_start BETWEEN ? AND ? GROUP BY p.id ORDER BY mentions DESC, p.date IS NULL, p.date LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, (start, end, limit))]
