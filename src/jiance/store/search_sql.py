"""SQL of full-text search over items: matching, filters, the page of hits and facet counts.

search.py turns a user query into either an FTS5 MATCH expression (every term quoted) or a list of
literal terms for a scan; this module wraps either in SQL. Column and table names below are ours;
every value (terms, dates, facet values) is a bound parameter.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

# The facets a search can be filtered by and counted on (item_facets names), plus two derived ones.
FACETS = ("province", "city", "agency", "company", "sector", "event_type", "level", "policy", "actor")
DERIVED_FACETS = ("doc", "month")

# The text a scan looks in: the same three columns as the FTS index, joined by a separator no query has.
_HAYSTACK = "lower(i.text || char(31) || COALESCE(i.title, '') || char(31) || COALESCE(i.actor, ''))"

SORTS = {
    "relevance": "score, i.date_start IS NULL, i.date_start DESC, i.id DESC",
    "date": "i.date_start IS NULL, i.date_start DESC, i.id DESC",
    "date_asc": "i.date_start IS NULL, i.date_start, i.id",
}


@dataclass
class Where:
    """A WHERE fragment over `items i` with its parameters, combined with AND."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " WHERE " + " AND ".join(self.clauses) if self.clauses else ""


@dataclass
class Filters:
    """Resolved filter values: lists of stored facet values (any of them matches)."""

    date_from: str | None = None
    date_to: str | None = None
    level: str | None = None
    event_type: str | None = None
    doc_ids: list[int] = field(default_factory=list)
    facets: dict[str, list[str]] = field(default_factory=dict)


def filter_where(f: Filters, id_col: str = "i.id") -> Where:
    """Filters as a WHERE over `items i`; facets as EXISTS probes of item_facets' primary key.

    `id_col` is the item id the probes use: with "m.id" (the FTS hits) SQLite runs them before it
    reads the item row, so a selective facet saves most row reads.
    """
    w = Where()
    if f.date_from:
        w.add("i.date_end >= ?", f.date_from)
    if f.date_to:
        w.add("i.date_start <= ?", f.date_to)
    if f.level:
        w.add("i.level = ?", f.level)
    if f.event_type:
        w.add("i.event_type = ?", f.event_type)
    if f.doc_ids:
        w.add("i.doc_id IN (" + ",".join("?" * len(f.doc_ids)) + ")", *f.doc_ids)
    for facet, values in f.facets.items():
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}")
        marks = ",".join("?" * len(values))
        w.add(
            f"EXISTS (SELECT 1 FROM item_facets f WHERE f.facet = ? AND f.value IN ({marks}) AND f.item_id = {id_col})",
            facet,
            *values,
        )
    return w


def term_test() -> str:
    """The scan test of one literal (lower-cased) term, one bound parameter."""
    return f"instr({_HAYSTACK}, ?) > 0"


def has_pending(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM items_fts_pending)").fetchone()[0] == 1


def index_pending(conn: sqlite3.Connection) -> int:
    """Index queued items in one statement (the caller holds the transaction); returns how many."""
    cur = conn.execute(
        """INSERT INTO items_fts (rowid, text, title, actor)
        SELECT i.id, i.text || char(31, 31), i.title || char(31, 31), i.actor || char(31, 31)
        FROM items_fts_pending p JOIN items i ON i.id = p.id"""
    )
    conn.execute("DELETE FROM items_fts_pending")
    return cur.rowcount


def short_term_expansion(conn: sqlite3.Connection, term: str, limit: int) -> list[str]:
    """Trigrams of the index that begin with a 1- or 2-character term (index values end in two
    sentinels, so every occurrence of the term begins some trigram). At most `limit` + 1 rows."""
    rows = conn.execute(
        "SELECT term FROM items_fts_vocab WHERE term >= ? AND term < ? LIMIT ?",
        (term, term + "\U0010ffff", limit + 1),
    ).fetchall()
    return [r[0] for r in rows]


@dataclass
class MatchSpec:
    """How hits are found: an FTS5 expression, a scan condition, or nothing (filters only)."""

    fts: str | None = None
    scan_sql: str | None = None
    scan_params: list[Any] = field(default_factory=list)
    score_terms: list[str] = field(default_factory=list)  # positive terms, for relevance


AVG_CHARS = 100.0  # typical item length, for length normalisation


def relevance(terms: list[str]) -> tuple[str, list[Any]]:
    """A BM25-style score (lower is better, like FTS5's rank) computed only on the filtered hits:
    each term's occurrences (via replace) saturated and normalised by the item's length.

    FTS5's own bm25() costs ~9 µs for every matching row of this trigram index, before any filter,
    which is too slow for common phrases at a million items; this costs ~1 µs per filtered hit.
    """
    parts, params = [], []
    for term in terms[:8]:
        tf = "((length(i.text) - length(replace(lower(i.text), ?, ''))) / ?)"
        parts.append(f"({tf} * 2.2 / ({tf} + 1.2 * (0.25 + 0.75 * length(i.text) / {AVG_CHARS})))")
        params += [term, float(len(term))] * 2
    return "-(" + " + ".join(parts) + ")", params


@dataclass
class Source:
    """The matched items as SQL pieces: an optional CTE `m` (FTS hits), the FROM, and the WHERE."""

    ctes: list[str]
    params: list[Any]
    from_sql: str
    where: Where

    def body(self, cols: str, tail: str = "") -> str:
        return f"SELECT {cols} FROM {self.from_sql}{tail}"

    def select(self, cols: str, tail: str = "") -> str:
        return ("WITH " + ", ".join(self.ctes) + " " if self.ctes else "") + self.body(cols, tail)


def _source(match: MatchSpec, f: Filters, joins: str = "") -> Source:
    """FROM and WHERE of the matched, filtered items; the FTS match runs once, first (MATERIALIZED)."""
    w = Where()
    ctes: list[str] = []
    params: list[Any] = []
    if match.fts is not None:
        ctes.append("m AS MATERIALIZED (SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ?)")
        params.append(match.fts)
        from_sql = "m JOIN items i ON i.id = m.id" + joins
    else:
        from_sql = "items i" + joins
        if match.scan_sql is not None:
            w.add(match.scan_sql, *match.scan_params)
    fw = filter_where(f, "m.id" if match.fts is not None else "i.id")
    w.clauses += fw.clauses
    w.params += fw.params
    return Source(ctes, params, from_sql, w)


def page_query(match: MatchSpec, f: Filters, sort: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    """The page of hits with the total in every row (COUNT(*) OVER ()), so one pass gives both."""
    if sort == "relevance" and not match.score_terms:
        sort = "date"
    score, score_params = relevance(match.score_terms) if sort == "relevance" else ("0.0", [])
    cols = (
        "i.id, i.doc_id, d.name AS doc, i.line, i.end_line, i.page, i.kind, i.date, i.date_start, i.level,"
        " i.actor, i.actor_canonical, i.title, i.event_type, i.link, i.text, e.event_id, ev.heat,"
        f" {score} AS score, COUNT(*) OVER () AS total"
    )
    joins = (
        " JOIN documents d ON d.id = i.doc_id LEFT JOIN event_items e ON e.item_id = i.id"
        " LEFT JOIN events ev ON ev.id = e.event_id"
    )
    src = _source(match, f, joins=joins)
    sql = src.select(cols, src.where.sql() + f" ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?")
    return sql, src.params + score_params + src.where.params + [limit, offset]


def count_query(match: MatchSpec, f: Filters) -> tuple[str, list[Any]]:
    src = _source(match, f)
    return src.select("COUNT(*)", src.where.sql()), src.params + src.where.params


def facet_queries(match: MatchSpec, f: Filters, top: int) -> list[tuple[str, str, list[Any]]]:
    """(kind, sql, params): item_facets counts over the hits (top per facet), by document, by month."""
    src = _source(match, f)
    h_cte = "h AS (" + src.body("i.id, i.doc_id, i.date_start", src.where.sql()) + ")"
    head = "WITH " + ", ".join([*src.ctes, h_cte]) + " "
    base = src.params + src.where.params
    facets = head + (
        "SELECT facet, value, n FROM (SELECT f.facet, f.value, COUNT(*) AS n,"
        " ROW_NUMBER() OVER (PARTITION BY f.facet ORDER BY COUNT(*) DESC, f.value) AS r"
        " FROM h JOIN item_facets f ON f.item_id = h.id GROUP BY f.facet, f.value) WHERE r <= ?"
        " ORDER BY facet, n DESC, value"
    )
    docs = head + (
        "SELECT d.name AS value, COUNT(*) AS n FROM h JOIN documents d ON d.id = h.doc_id"
        " GROUP BY h.doc_id ORDER BY n DESC, d.name LIMIT ?"
    )
    months = head + (
        "SELECT substr(h.date_start, 1, 7) AS value, COUNT(*) AS n FROM h WHERE h.date_start IS NOT NULL"
        " GROUP BY value ORDER BY value LIMIT ?"
    )
    return [("facets", facets, base + [top]), ("doc", docs, base + [top]), ("month", months, base + [1000])]


def resolve_values(conn: sqlite3.Connection, facet: str, value: str, limit: int = 50) -> list[str]:
    """Stored values a filter stands for: the value itself if stored, else the stored values it begins."""
    if conn.execute("SELECT 1 FROM item_facets WHERE facet = ? AND value = ? LIMIT 1", (facet, value)).fetchone():
        return [value]
    rows = conn.execute(
        "SELECT DISTINCT value FROM item_facets WHERE facet = ? AND value >= ? AND value < ? LIMIT ?",
        (facet, value, value + "\U0010ffff", limit),
    ).fetchall()
    return [r[0] for r in rows]


def resolve_docs(conn: sqlite3.Connection, ref: str) -> list[int]:
    """Document ids for a filter: an id, an exact name, or names beginning with `ref`."""
    if ref.isdigit():
        row = conn.execute("SELECT id FROM documents WHERE id = ?", (int(ref),)).fetchone()
        if row:
            return [row[0]]
    rows = conn.execute(
        "SELECT id FROM documents WHERE name = ? OR (name >= ? AND name < ?) ORDER BY id LIMIT 100",
        (ref, ref, ref + "\U0010ffff"),
    ).fetchall()
    return [r[0] for r in rows]
