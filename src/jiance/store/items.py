"""Writing and querying items and their facts (facets, policy register, financing, indicators)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jiance.model import Item
from jiance.period import date_bounds
from jiance.store.schema import triggers_set_aside

# facet name -> Item attribute holding a list (or a single value) of that facet
FACET_FIELDS: dict[str, str] = {
    "province": "provinces",
    "city": "cities",
    "agency": "agencies",
    "company": "companies",
    "sector": "sectors",
}

# one encoder for every row: json.dumps with options builds a new encoder per call, which cost more
# than the encoding of an item's facts
_to_json = json.JSONEncoder(ensure_ascii=False, default=str).encode
_KEY_STRIP = re.compile(r"[\s《》〈〉“”\"'‘’「」]+")


def policy_key(title: str, issuer: str | None) -> str:
    """Register key: the same document named in many items collapses to one row."""
    try:
        from jiance.extract.policies import policy_key as extractor_key

        return extractor_key(title, issuer)
    except ImportError:  # pragma: no cover - the extractor module is part of the package
        return _KEY_STRIP.sub("", title) + "|" + _KEY_STRIP.sub("", issuer or "")


def _facets(item: Item) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for facet, attr in FACET_FIELDS.items():
        for value in getattr(item, attr) or []:
            out.add((facet, value))
    if item.actor_canonical:
        out.add(("actor", item.actor_canonical))
    if item.actor:
        out.add(("actor", item.actor))
    if item.event_type:
        out.add(("event_type", item.event_type))
    if item.level:
        out.add(("level", item.level))
    return out


_FACT_KEYS = frozenset(
    (
        "policies",
        "amounts",
        "round",
        "investors",
        "indicators",
        "sector_cues",
        "event_cue",
        "source_name",
        "financing",
        "provinces",
        "cities",
        "agencies",
        "companies",
        "sectors",
    )
)


# the facts column's keys, in the order of the contract object (Item.to_contract)
_FACT_ORDER = tuple(k for k in (*Item.CONTRACT_FIELDS, *Item.CONTRACT_EXTRAS) if k in _FACT_KEYS)


def insert_items(conn: sqlite3.Connection, doc_id: int, items: list[Item]) -> None:
    """Insert a document's items with facets, policies, financing and indicators (caller's transaction).

    Rows are collected first and written with one `executemany` per table. Item ids are given, not
    left to SQLite: inside the caller's write transaction they are the ids SQLite would have chosen
    (one past the largest), so facts can refer to them before their items are written.
    """
    if not items:
        return
    next_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM items").fetchone()[0]
    item_rows, facet_rows = [], []
    policy_rows: list[tuple[Any, ...]] = []  # (key, title, issuer, doc_number, date, kind, item id)
    financing_rows: list[tuple[Any, ...]] = []
    indicator_rows: list[tuple[Any, ...]] = []
    for seq, item in enumerate(items):
        item_id = next_id + seq
        item.id, item.doc_id = item_id, doc_id
        start, end = date_bounds(item.date)
        facts = {k: getattr(item, k) for k in _FACT_ORDER}
        item_rows.append(
            (
                item_id,
                doc_id,
                seq,
                item.start,
                item.end,
                item.line,
                item.end_line,
                item.page,
                item.kind,
                _to_json(item.section),
                item.title,
                item.level,
                item.actor,
                item.actor_canonical,
                item.date,
                item.date_precision,
                start,
                end,
                item.event_type,
                int(item.negative),
                item.link,
                item.text,
                _to_json(facts),
            )
        )
        facets = _facets(item)
        policies = _policy_rows(item_id, item)
        policy_rows += policies
        facets.update(("policy", row[1]) for row in policies)
        facet_rows += [(item_id, f, v) for f, v in facets]
        financing_rows += _financing_rows(item_id, item)
        indicator_rows += _indicator_rows(item_id, item)
    with _bulk(conn, next_id, next_id + len(items) - 1, len(items) >= BULK_ITEMS):
        conn.executemany(
            """INSERT INTO items (id, doc_id, seq, start, end, line, end_line, page, kind, section, title,
            level, actor, actor_canonical, date, date_precision, date_start, date_end, event_type,
            negative, link, text, facts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            item_rows,
        )
        conn.executemany("INSERT OR IGNORE INTO item_facets (item_id, facet, value) VALUES (?,?,?)", facet_rows)
    _insert_policies(conn, policy_rows)
    conn.executemany(
        """INSERT INTO financing (item_id, company, round, value, currency, amount_text, investors, date)
        VALUES (?,?,?,?,?,?,?,?)""",
        financing_rows,
    )
    conn.executemany(
        """INSERT INTO indicators (item_id, series_name, series_subject, name, subject, period, value,
        unit, change, change_unit, change_kind, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
        indicator_rows,
    )


# Row triggers (migrations 4, 6, 7) whose work on new items `_bulk` does with one statement per document.
BULK_TRIGGERS = ("items_fts_ai", "item_facets_fts_ai", "matrix_facet_ai")
# Setting the triggers aside and back costs ~1.7 ms a document, their work ~65 µs an item: below this
# many items (a web page, a feed entry) the triggers stay.
BULK_ITEMS = 50


@contextmanager
def _bulk(conn: sqlite3.Connection, first: int, last: int, enabled: bool = True) -> Iterator[None]:
    """Insert items `first`..`last` and their facets with BULK_TRIGGERS set aside, then do their work
    for the whole range at once (inside the caller's transaction, so a failure restores everything):

    - items_fts_ai: the items join the full-text queue;
    - matrix_facet_ai: each item's province x sector pairs are counted, per (dates, pair) at once;
    - item_facets_fts_ai: nothing to do. It re-queues items already in the index (items_fts_keys), and
      new ids lie above every stored item's while items_fts_keys holds only stored items.
    The triggers are re-created from their own stored SQL, so they stay exactly as migrated."""
    if not enabled:
        yield
        return
    with triggers_set_aside(conn, BULK_TRIGGERS):
        yield
    conn.execute(
        "INSERT OR IGNORE INTO items_fts_pending (id) SELECT id FROM items WHERE id BETWEEN ? AND ?", (first, last)
    )
    conn.execute(
        """INSERT INTO matrix_counts (date_start, date_end, province, sector, n)
        SELECT COALESCE(i.date_start, ''), COALESCE(i.date_end, ''), p.value, s.value, COUNT(*)
        FROM items i JOIN item_facets p ON p.item_id = i.id AND p.facet = 'province'
        JOIN item_facets s ON s.item_id = i.id AND s.facet = 'sector'
        WHERE i.id BETWEEN ? AND ? GROUP BY 1, 2, 3, 4
        ON CONFLICT (date_start, date_end, province, sector) DO UPDATE SET n = n + excluded.n""",
        (first, last),
    )


def _policy_rows(item_id: int, item: Item) -> list[tuple[Any, ...]]:
    """Register rows of the documents an item names: (key, title, issuer, doc_number, date, kind, item id)."""
    out = []
    for pol in item.policies:
        title = pol.get("title")
        if not title or pol.get("alias_of") or pol.get("kind", "policy") not in ("policy", "plan", None):
            continue
        key = policy_key(title, pol.get("issuer"))
        out.append((key, title, pol.get("issuer"), pol.get("doc_number"), pol.get("date"), pol.get("kind"), item_id))
    return out


def _insert_policies(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Upsert the register (the first naming item keeps the row; later ones fill missing number and
    date), then link each item to its policies."""
    if not rows:
        return
    conn.executemany(
        """INSERT INTO policies (key, title, issuer, doc_number, date, kind, first_item_id)
        VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET
        doc_number=COALESCE(policies.doc_number, excluded.doc_number),
        date=COALESCE(policies.date, excluded.date)""",
        rows,
    )
    keys = sorted({row[0] for row in rows})
    ids = dict(
        conn.execute("SELECT key, id FROM policies WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(keys),))
    )
    conn.executemany(
        "INSERT OR IGNORE INTO item_policies (item_id, policy_id) VALUES (?,?)",
        [(row[6], ids[row[0]]) for row in rows],
    )


def _financing_rows(item_id: int, item: Item) -> list[tuple[Any, ...]]:
    out = []
    for fin in item.financing:
        amount = fin.get("amount") or {}
        out.append(
            (
                item_id,
                fin.get("company"),
                fin.get("round"),
                amount.get("value"),
                amount.get("currency"),
                amount.get("text"),
                _to_json(fin.get("investors") or []),
                item.date,
            )
        )
    return out


def _indicator_rows(item_id: int, item: Item) -> list[tuple[Any, ...]]:
    if not item.indicators:
        return []
    try:
        from jiance.extract.indicators import series_key
    except ImportError:  # pragma: no cover

        def series_key(name: str, subject: str | None) -> tuple[str, str]:
            return name, subject or "全国"

    out = []
    for ind in item.indicators:
        name, subject = series_key(ind.get("name") or "", ind.get("subject"))
        out.append(
            (
                item_id,
                name,
                subject,
                ind.get("name") or "",
                ind.get("subject"),
                ind.get("period"),
                ind.get("value"),
                ind.get("unit"),
                ind.get("change"),
                ind.get("change_unit"),
                ind.get("change_kind"),
                ind.get("text"),
            )
        )
    return out


@dataclass
class ItemQuery:
    """Filters for `jiance items`; every value is bound as a parameter, never pasted into SQL."""

    date_from: str | None = None
    date_to: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    actor: str | None = None
    agency: str | None = None
    company: str | None = None
    sector: str | None = None
    event_type: str | None = None
    doc_id: int | None = None
    kind: str | None = None
    limit: int = 100
    offset: int = 0
    extra_facets: dict[str, str] = field(default_factory=dict)


def query_items(conn: sqlite3.Connection, q: ItemQuery) -> list[dict[str, Any]]:
    where: list[str] = []
    params: list[Any] = []
    if q.date_from:
        where.append("i.date_end >= ?")
        params.append(date_bounds(q.date_from)[0])
    if q.date_to:
        where.append("i.date_start <= ?")
        params.append(date_bounds(q.date_to)[1])
    for column, value in (
        ("i.level", q.level),
        ("i.doc_id", q.doc_id),
        ("i.kind", q.kind),
        ("i.event_type", q.event_type),
    ):
        if value is not None:
            where.append(f"{column} = ?")  # column names are ours; values are parameters
            params.append(value)
    facets = dict(q.extra_facets)
    for facet, value in (
        ("province", q.province),
        ("city", q.city),
        ("actor", q.actor),
        ("agency", q.agency),
        ("company", q.company),
        ("sector", q.sector),
    ):
        if value:
            facets[facet] = value
    for facet, value in facets.items():
        where.append("i.id IN (SELECT item_id FROM item_facets WHERE facet = ? AND (value = ? OR value LIKE ? || '%'))")
        params.extend([facet, value, value])
    sql = (
        "SELECT i.*, d.name AS doc FROM items i JOIN documents d ON d.id = i.doc_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY i.date_start IS NULL, i.date_start, i.doc_id, i.seq LIMIT ? OFFSET ?"
    )
    params.extend([q.limit, q.offset])
    return [row_to_contract(r) for r in conn.execute(sql, params)]


def row_to_contract(row: sqlite3.Row) -> dict[str, Any]:
    """A stored item row as the extraction contract's object."""
    facts = json.loads(row["facts"])
    out = {
        "id": row["id"],
        "doc": row["doc"],
        "line": row["line"],
        "end_line": row["end_line"],
        "page": row["page"],
        "kind": row["kind"],
        "section": json.loads(row["section"]),
        "title": row["title"],
        "level": row["level"],
        "actor": row["actor"],
        "actor_canonical": row["actor_canonical"],
        "date": row["date"],
    }
    for key in ("provinces", "cities", "agencies", "companies", "policies", "amounts"):
        out[key] = facts.get(key) or []
    out["round"] = facts.get("round")
    out["investors"] = facts.get("investors") or []
    out["indicators"] = facts.get("indicators") or []
    out["event_type"] = row["event_type"]
    out["sectors"] = facts.get("sectors") or []
    out["link"] = row["link"]
    out["text"] = row["text"]
    return out
