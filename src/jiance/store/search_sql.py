"""SQL of full-text search over items: matching, filters, the page of hits and facet counts.

search.py turns a user query into either an FTS5 MATCH expression (every term quoted) or a list of
literal terms for a scan; this module wraps either in SQL. Column and table names below are ours;
every value (terms, dates, facet values) is a bound parameter.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from jiance.store.schema import FTS_INDEX_PENDING, FTS_OTHER_BAND, FTS_TAGGED

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
    # facet (or level, event_type) -> its index tokens, any of which an item has (see tag_tokens)
    tags: dict[str, list[str]] = field(default_factory=dict)


def filter_where(f: Filters, id_col: str = "i.id", decided: frozenset[str] = frozenset()) -> Where:
    """Filters as a WHERE over `items i`; facets as EXISTS probes of item_facets' primary key.

    `id_col` is the item id the probes use: with "m.id" (the FTS hits) SQLite runs them before it
    reads the item row, so a selective facet saves most row reads. Filters named in `decided` are left
    out: the index's tags already decided them exactly.
    """
    w = Where()
    if f.date_from:
        w.add("i.date_end >= ?", f.date_from)
    if f.date_to:
        w.add("i.date_start <= ?", f.date_to)
    if f.level and "level" not in decided:
        w.add("i.level = ?", f.level)
    if f.event_type and "event_type" not in decided:
        w.add("i.event_type = ?", f.event_type)
    if f.doc_ids:
        w.add("i.doc_id IN (" + ",".join("?" * len(f.doc_ids)) + ")", *f.doc_ids)
    for facet, values in f.facets.items():
        if facet not in FACETS:
            raise ValueError(f"unknown facet {facet!r}")
        if facet in decided:
            continue
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
    """Index queued items (the caller holds the transaction): their tag codes, keys and tags, then the
    index itself in one statement; returns how many."""
    n = 0
    for statement in FTS_INDEX_PENDING:
        cur = conn.execute(statement)
        if statement.lstrip().startswith("INSERT INTO items_fts "):
            n = cur.rowcount
    return n


# -- filters inside the index (migration 6) ------------------------------------------------------------
_ID_MASK = (1 << 32) - 1
_NO_TOKEN = "\x1f\x1f\x1f"  # a token no indexed value has: matches nothing


def tag_token(code: int) -> str:
    """The tags-column token of a facet value's code (schema.FTS_TAG_SQL in Python)."""
    return chr(0xF000 + ((code >> 24) & 255)) + chr(0xE000 + ((code >> 12) & 4095)) + chr(0xE000 + (code & 4095))


def tag_tokens(conn: sqlite3.Connection, facet: str, values: list[str]) -> list[str] | None:
    """Index tokens of a facet filter (any of `values`), or None when the facet is not in the index.

    A value without a code is on no indexed item, so it adds no token (and if none has one, the filter
    can match nothing)."""
    if facet not in FTS_TAGGED or not values:
        return None
    marks = ",".join("?" * len(values))
    rows = conn.execute(f"SELECT code FROM fts_tag_codes WHERE facet = ? AND value IN ({marks})", [facet, *values])
    return sorted({tag_token(r[0]) for r in rows}) or [_NO_TOKEN]


def _month(iso: str | None) -> int | None:
    """year * 12 + month of an ISO date (the month part of an index key), None when it is not one."""
    if not iso or len(iso) < 7 or not (iso[:4].isdigit() and iso[4] == "-" and iso[5:7].isdigit()):
        return None
    return int(iso[:4]) * 12 + int(iso[5:7])


def key_ranges(f: Filters) -> list[tuple[int, int]] | None:
    """Index rowid ranges that hold every item a date filter can accept, or None (no date filter).

    An item dated within one month has the key month << 32 | id, so items overlapping [from, to] lie in
    the months from..to; items dated across months are all in the other band; undated items (key = id)
    never pass a date filter."""
    if not f.date_from and not f.date_to:
        return None
    lo = _month(f.date_from) if f.date_from else 0
    hi = _month(f.date_to) if f.date_to else (FTS_OTHER_BAND >> 32) - 1
    if lo is None or hi is None:
        return None  # a date we cannot read: no pruning, the exact test decides
    ranges = [(FTS_OTHER_BAND, FTS_OTHER_BAND | _ID_MASK)]
    if lo <= hi:
        ranges.insert(0, (max(lo, 1) << 32, (hi << 32) | _ID_MASK))
    return ranges


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


def relevance(terms: list[str]) -> tuple[str, list[Any], str]:
    """A BM25-style score (lower is better, like FTS5's rank) computed only on the filtered hits:
    each term's occurrences (via replace) saturated and normalised by the item's length.

    Returns the per-hit columns (tf0, tf1 … and n, the text length) over `items i` with their
    parameters, and the score over those columns: each occurrence count is computed once per hit.
    FTS5's own bm25() costs ~9 µs for every matching row of this trigram index, before any filter,
    which is too slow for common phrases at a million items; this costs ~1 µs per filtered hit.
    """
    cols, params, parts = [], [], []
    for k, term in enumerate(terms[:8]):
        # SQLite's lower() folds ASCII only, so a term without ASCII letters needs no folding
        text = "lower(i.text)" if any("a" <= c <= "z" for c in term) else "i.text"
        cols.append(f"((length(i.text) - length(replace({text}, ?, ''))) / ?) AS tf{k}")
        params += [term, float(len(term))]
        parts.append(f"(tf{k} * 2.2 / (tf{k} + 1.2 * (0.25 + 0.75 * n / {AVG_CHARS})))")
    return ", ".join([*cols, "length(i.text) AS n"]), params, "-(" + " + ".join(parts) + ")"


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


def fts_expression(match: MatchSpec, f: Filters) -> str | None:
    """The MATCH expression: the query in the text columns, each filter's tokens in `tags`."""
    parts = ["{text title actor} : (" + match.fts + ")"] if match.fts is not None else []
    parts += ["tags : (" + " OR ".join(f'"{t}"' for t in group) + ")" for group in f.tags.values()]
    return " AND ".join(parts) or None


def _source(match: MatchSpec, f: Filters, joins: str = "") -> Source:
    """FROM and WHERE of the matched, filtered items; the FTS match runs once, first (MATERIALIZED).

    The index narrows the candidates by the query, the tagged filters and the date range (as rowid
    ranges). A tag stands for exactly one facet value (codes are unique), so tagged filters are decided
    by the index; dates and the rest are then tested on the items (the key ranges only narrow)."""
    w = Where()
    ctes: list[str] = []
    params: list[Any] = []
    expr = fts_expression(match, f)
    if expr is not None:
        ranges = key_ranges(f)
        pick = f"SELECT rowid & {_ID_MASK} AS id FROM items_fts WHERE items_fts MATCH ?"
        # hits come in key (month) order; sorted by id, the items and facets they lead to are read in
        # table order, which saves more than the sort costs
        if ranges is None:
            ctes.append(f"m AS MATERIALIZED ({pick} ORDER BY 1)")
            params.append(expr)
        else:
            union = " UNION ALL ".join([pick + " AND rowid BETWEEN ? AND ?"] * len(ranges))
            ctes.append(f"m AS MATERIALIZED (SELECT id FROM ({union}) ORDER BY id)")
            for lo, hi in ranges:
                params += [expr, lo, hi]
        from_sql = "m JOIN items i ON i.id = m.id" + joins
    else:
        from_sql = "items i" + joins
    if match.fts is None and match.scan_sql is not None:
        w.add(match.scan_sql, *match.scan_params)
    fw = filter_where(f, "m.id" if expr is not None else "i.id", frozenset(f.tags) if expr is not None else frozenset())
    w.clauses += fw.clauses
    w.params += fw.params
    return Source(ctes, params, from_sql, w)


def page_query(match: MatchSpec, f: Filters, sort: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    """The page of hits with the total in every row (COUNT(*) OVER ()), so one pass gives both.

    The hits are ranked on their id, date and score alone (h); only the page's rows are then joined
    to their document and event, so a common phrase does not drag every hit's columns through the sort."""
    if sort == "relevance" and not match.score_terms:
        sort = "date"
    src = _source(match, f)
    if sort == "relevance":
        tf_cols, tf_params, score = relevance(match.score_terms)
        hits = src.body(f"i.id, i.date_start, {tf_cols}", src.where.sql())
        ranked = f"SELECT i.id, i.date_start, {score} AS score, COUNT(*) OVER () AS total FROM ({hits}) AS i"
    else:
        tf_params = []
        ranked = src.body("i.id, i.date_start, 0.0 AS score, COUNT(*) OVER () AS total", src.where.sql())
    ranked += f" ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?"
    cols = (
        "i.id, i.doc_id, d.name AS doc, i.line, i.end_line, i.page, i.kind, i.date, i.date_start, i.level,"
        " i.actor, i.actor_canonical, i.title, i.event_type, i.link, i.text, e.event_id, ev.heat,"
        " h.score AS score, h.total AS total"
    )
    outer_sort = SORTS[sort].replace("score", "h.score")
    sql = (
        "WITH "
        + ", ".join([*src.ctes, f"h AS MATERIALIZED ({ranked})"])
        + f" SELECT {cols} FROM h JOIN items i ON i.id = h.id JOIN documents d ON d.id = i.doc_id"
        " LEFT JOIN event_items e ON e.item_id = i.id LEFT JOIN events ev ON ev.id = e.event_id"
        f" ORDER BY {outer_sort}"
    )
    return sql, src.params + tf_params + src.where.params + [limit, offset]


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
