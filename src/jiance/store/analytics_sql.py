"""SQL of exploration: timelines, counts by dimension, the province × sector matrix, period volumes.

Filters come as `search_sql.Filters` (values resolved by search.resolve_filters) so that a count and
a search with the same filters agree. A period holds an item when the item's whole date lies inside it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from jiance.store.search_sql import Filters, Where, filter_where

# dimension -> (SQL expression of the group key, join needed); keys and joins are ours, not input
DIMENSIONS: dict[str, tuple[str, str]] = {
    "month": ("substr(i.date_start, 1, 7)", ""),
    "year": ("substr(i.date_start, 1, 4)", ""),
    "level": ("i.level", ""),
    "event_type": ("i.event_type", ""),
    "kind": ("i.kind", ""),
    "doc": ("d.name", " JOIN documents d ON d.id = i.doc_id"),
    "sector": ("g.value", " JOIN item_facets g ON g.item_id = i.id AND g.facet = 'sector'"),
    "province": ("g.value", " JOIN item_facets g ON g.item_id = i.id AND g.facet = 'province'"),
    "city": ("g.value", " JOIN item_facets g ON g.item_id = i.id AND g.facet = 'city'"),
    "agency": ("g.value", " JOIN item_facets g ON g.item_id = i.id AND g.facet = 'agency'"),
    "company": ("g.value", " JOIN item_facets g ON g.item_id = i.id AND g.facet = 'company'"),
    "policy": ("g.value", " JOIN item_facets g ON g.item_id = i.id AND g.facet = 'policy'"),
}


def _inside(f: Filters) -> Filters:
    """Period filters mean 'dated inside the period' here (search uses 'overlapping')."""
    return Filters(level=f.level, event_type=f.event_type, doc_ids=f.doc_ids, facets=f.facets)


def _period_where(f: Filters) -> tuple[str, list[Any]]:
    w = filter_where(_inside(f))
    if f.date_from:
        w.add("i.date_start >= ?", f.date_from)
    if f.date_to:
        w.add("i.date_end <= ?", f.date_to)
        w.add("i.date_start <= ?", f.date_to)  # implied, but bounds the items_date index range
    if f.date_from or f.date_to:
        w.add("i.date_start IS NOT NULL")
    return w.sql(), w.params


def counts(conn: sqlite3.Connection, by: str, f: Filters, limit: int = 1000) -> list[tuple[str | None, int]]:
    """Items per value of a dimension (month, level, sector, event_type, province …)."""
    key, join = DIMENSIONS[by]
    where, params = _period_where(f)
    order = "key" if by in ("month", "year") else "n DESC, key"
    sql = f"SELECT {key} AS key, COUNT(*) AS n FROM items i{join}{where} GROUP BY key ORDER BY {order} LIMIT ?"
    return [(r[0], r[1]) for r in conn.execute(sql, [*params, limit])]


def matrix(conn: sqlite3.Connection, f: Filters) -> list[tuple[str, str, int]]:
    """(province, sector, items) over the filtered items: from matrix_counts (schema migration 7) when
    only a period is given, else items drive the join (CROSS JOIN keeps that order)."""
    if not (f.level or f.event_type or f.doc_ids or f.facets):
        w = Where()
        if f.date_from:
            w.add("date_start >= ?", f.date_from)
        if f.date_to:
            w.add("date_end <= ?", f.date_to)
            w.add("date_start <= ?", f.date_to)
        if f.date_from or f.date_to:
            w.add("date_start != ''")
        sql = f"SELECT province, sector, SUM(n) FROM matrix_counts{w.sql()} GROUP BY province, sector"
        return [(r[0], r[1], r[2]) for r in conn.execute(sql, w.params) if r[2]]
    where, params = _period_where(f)
    sql = (
        "SELECT p.value, s.value, COUNT(*) FROM items i"
        " CROSS JOIN item_facets p ON p.item_id = i.id AND p.facet = 'province'"
        " CROSS JOIN item_facets s ON s.item_id = i.id AND s.facet = 'sector'"
        f"{where} GROUP BY p.value, s.value"
    )
    return [(r[0], r[1], r[2]) for r in conn.execute(sql, params)]


def timeline_rows(conn: sqlite3.Connection, f: Filters, limit: int) -> list[dict[str, Any]]:
    """Dated items in date order with their event and source."""
    where, params = _period_where(f)
    where = (where + " AND " if where else " WHERE ") + "i.date_start IS NOT NULL"
    sql = (
        "SELECT i.id, i.date, i.date_start, i.level, i.actor, i.event_type, i.link, i.line, i.text, d.name AS doc,"
        " e.event_id, ev.heat FROM items i JOIN documents d ON d.id = i.doc_id"
        " LEFT JOIN event_items e ON e.item_id = i.id LEFT JOIN events ev ON ev.id = e.event_id"
        f"{where} ORDER BY i.date_start, i.id LIMIT ?"
    )
    return [dict(r) for r in conn.execute(sql, [*params, limit])]


def period_texts(conn: sqlite3.Connection, f: Filters, limit: int) -> Iterator[tuple[int, str]]:
    """(item id, text) of the items of a period, for term counts."""
    where, params = _period_where(f)
    yield from conn.execute(f"SELECT i.id, i.text FROM items i{where} ORDER BY i.id LIMIT ?", [*params, limit])


def period_size(conn: sqlite3.Connection, f: Filters) -> int:
    where, params = _period_where(f)
    return conn.execute(f"SELECT COUNT(*) FROM items i{where}", params).fetchone()[0]


def event_volumes(conn: sqlite3.Connection, f: Filters) -> dict[int, int]:
    """Mentions per event among the items of a period."""
    where, params = _period_where(f)
    sql = f"SELECT e.event_id, COUNT(*) FROM items i JOIN event_items e ON e.item_id = i.id{where} GROUP BY e.event_id"
    return {r[0]: r[1] for r in conn.execute(sql, params)}


def event_heads(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Canonical text, source and totals of events."""
    rows = conn.execute(
        """SELECT ev.id, ev.heat, ev.first_date, ev.last_date, i.actor, i.text, i.line, d.name AS doc
        FROM events ev JOIN items i ON i.id = ev.canonical_item_id JOIN documents d ON d.id = i.doc_id
        WHERE ev.id IN (SELECT value FROM json_each(?))""",
        (json.dumps(ids),),
    )
    return {r["id"]: dict(r) for r in rows}
