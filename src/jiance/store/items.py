"""Writing and querying items and their facts (facets, policy register, financing, indicators)."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from jiance.model import Item
from jiance.period import date_bounds

# facet name -> Item attribute holding a list (or a single value) of that facet
FACET_FIELDS: dict[str, str] = {
    "province": "provinces",
    "city": "cities",
    "agency": "agencies",
    "company": "companies",
    "sector": "sectors",
}

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


def insert_items(conn: sqlite3.Connection, doc_id: int, items: list[Item]) -> None:
    """Insert a document's items with facets, policies, financing and indicators (caller's transaction)."""
    for seq, item in enumerate(items):
        start, end = date_bounds(item.date)
        facts = {
            k: v
            for k, v in item.to_contract().items()
            if k
            in (
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
        }
        cur = conn.execute(
            """INSERT INTO items (doc_id, seq, start, end, line, end_line, page, kind, section, title,
            level, actor, actor_canonical, date, date_precision, date_start, date_end, event_type,
            negative, link, text, facts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                doc_id,
                seq,
                item.start,
                item.end,
                item.line,
                item.end_line,
                item.page,
                item.kind,
                json.dumps(item.section, ensure_ascii=False),
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
                json.dumps(facts, ensure_ascii=False, default=str),
            ),
        )
        item_id = int(cur.lastrowid)
        item.id, item.doc_id = item_id, doc_id
        conn.executemany(
            "INSERT OR IGNORE INTO item_facets (item_id, facet, value) VALUES (?,?,?)",
            [(item_id, f, v) for f, v in _facets(item)],
        )
        _insert_policies(conn, item_id, item)
        _insert_financing(conn, item_id, item)
        _insert_indicators(conn, item_id, item)


def _insert_policies(conn: sqlite3.Connection, item_id: int, item: Item) -> None:
    for pol in item.policies:
        title = pol.get("title")
        if not title or pol.get("alias_of") or pol.get("kind", "policy") not in ("policy", "plan", None):
            continue
        key = policy_key(title, pol.get("issuer"))
        conn.execute(
            """INSERT INTO policies (key, title, issuer, doc_number, date, kind, first_item_id)
            VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET
            doc_number=COALESCE(policies.doc_number, excluded.doc_number),
            date=COALESCE(policies.date, excluded.date)""",
            (key, title, pol.get("issuer"), pol.get("doc_number"), pol.get("date"), pol.get("kind"), item_id),
        )
        policy_id = conn.execute("SELECT id FROM policies WHERE key=?", (key,)).fetchone()[0]
        conn.execute("INSERT OR IGNORE INTO item_policies (item_id, policy_id) VALUES (?,?)", (item_id, policy_id))
        conn.execute(
            "INSERT OR IGNORE INTO item_facets (item_id, facet, value) VALUES (?,?,?)",
            (item_id, "policy", title),
        )


def _insert_financing(conn: sqlite3.Connection, item_id: int, item: Item) -> None:
    for fin in item.financing:
        amount = fin.get("amount") or {}
        conn.execute(
            """INSERT INTO financing (item_id, company, round, value, currency, amount_text, investors, date)
            VALUES (?,?,?,?,?,?,?,?)""",
            (
                item_id,
                fin.get("company"),
                fin.get("round"),
                amount.get("value"),
                amount.get("currency"),
                amount.get("text"),
                json.dumps(fin.get("investors") or [], ensure_ascii=False),
                item.date,
            ),
        )


def _insert_indicators(conn: sqlite3.Connection, item_id: int, item: Item) -> None:
    if not item.indicators:
        return
    try:
        from jiance.extract.indicators import series_key
    except ImportError:  # pragma: no cover

        def series_key(name: str, subject: str | None) -> tuple[str, str]:
            return name, subject or "全国"

    for ind in item.indicators:
        name, subject = series_key(ind.get("name") or "", ind.get("subject"))
        conn.execute(
            """INSERT INTO indicators (item_id, series_name, series_subject, name, subject, period, value,
            unit, change, change_unit, change_kind, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
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
            ),
        )


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
