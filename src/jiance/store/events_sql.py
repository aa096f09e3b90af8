"""SQL of events: the persisted LSH band index, events and their mentions (events.py decides merges)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

CANDIDATE_LIMIT = 400  # a flood of candidates (boilerplate) is cut here; the best ones come first by band hits


def doc_items(conn: sqlite3.Connection, doc_id: int) -> list[sqlite3.Row]:
    """A document's items not yet in an event, in document order."""
    return conn.execute(
        """SELECT i.id, i.text, i.actor, i.date_start, i.date_end FROM items i
        WHERE i.doc_id = ? AND NOT EXISTS (SELECT 1 FROM event_items e WHERE e.item_id = i.id)
        ORDER BY i.seq""",
        (doc_id,),
    ).fetchall()


def actor_facets(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[str, set[str]]]:
    """Province, company and agency facets of items, for the actor check."""
    out: dict[int, dict[str, set[str]]] = {i: {} for i in ids}
    rows = conn.execute(
        """SELECT f.item_id, f.facet, f.value FROM item_facets f
        WHERE f.item_id IN (SELECT value FROM json_each(?)) AND f.facet IN ('province', 'company', 'agency')""",
        (json.dumps(list(ids)),),
    )
    for item_id, facet, value in rows:
        out.setdefault(item_id, {}).setdefault(facet, set()).add(value)
    return out


def band_candidates(
    conn: sqlite3.Connection, keys: Sequence[int], day_lo: int | None, day_hi: int | None
) -> list[tuple[int, int, bytes]]:
    """(item id, event id, signature) of items sharing a band key, indexed under a day in [day_lo, day_hi]
    or under 0 (undated or coarse dates).

    With no day range (an undated item) every date qualifies. Stale rows of deleted items are dropped
    by the join with event_items (whose rows go with their items).
    """
    marks = ",".join("?" * len(keys))
    head = "SELECT b.item_id, e.event_id, e.sig FROM lsh_bands b JOIN event_items e ON e.item_id = b.item_id"
    if day_lo is None:
        sql, params = f"{head} WHERE b.key IN ({marks}) LIMIT ?", [*keys]
    else:  # two index ranges: an OR here would read every day of each key
        sql = (
            f"{head} WHERE b.key IN ({marks}) AND b.day BETWEEN ? AND ?"
            f" UNION ALL {head} WHERE b.key IN ({marks}) AND b.day = 0 LIMIT ?"
        )
        params = [*keys, day_lo, day_hi, *keys]
    seen: dict[int, tuple[int, int, bytes]] = {}
    for item_id, event_id, sig in conn.execute(sql, [*params, CANDIDATE_LIMIT * 4]):
        seen.setdefault(item_id, (item_id, event_id, sig))
    return list(seen.values())[:CANDIDATE_LIMIT]


def candidate_rows(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    """Stored items (with their event) that are candidates for a merge."""
    return conn.execute(
        """SELECT i.id, i.text, i.actor, i.date_start, i.date_end FROM items i
        WHERE i.id IN (SELECT value FROM json_each(?))""",
        (json.dumps(list(ids)),),
    ).fetchall()


def insert_bands(conn: sqlite3.Connection, rows: Iterable[tuple[int, int, int]]) -> None:
    """(key, day, item id) rows of the LSH index."""
    conn.executemany("INSERT OR IGNORE INTO lsh_bands (key, day, item_id) VALUES (?,?,?)", rows)


def new_event(
    conn: sqlite3.Connection, item_id: int, first: str | None, last: str | None, reason: str | None, sig: bytes | None
) -> int:
    """A new event whose canonical mention is `item_id`; returns its id."""
    cur = conn.execute(
        "INSERT INTO events (canonical_item_id, heat, first_date, last_date) VALUES (?, 1, ?, ?)",
        (item_id, first, last),
    )
    event_id = int(cur.lastrowid)
    conn.execute(
        "INSERT INTO event_items (item_id, event_id, reason, sig) VALUES (?,?,?,?)", (item_id, event_id, reason, sig)
    )
    return event_id


def join_event(
    conn: sqlite3.Connection,
    event_id: int,
    item_id: int,
    via: int,
    similarity: float,
    gap: int | None,
    actor_check: str,
    reason: str,
    first: str | None,
    last: str | None,
    sig: bytes | None,
) -> None:
    """Add a mention to an event: heat + 1, dates widened, and why it was merged."""
    conn.execute(
        """INSERT INTO event_items (item_id, event_id, via_item_id, similarity, date_gap, actor_check, reason, sig)
        VALUES (?,?,?,?,?,?,?,?)""",
        (item_id, event_id, via, similarity, gap, actor_check, reason, sig),
    )
    conn.execute(
        """UPDATE events SET heat = heat + 1,
        first_date = CASE WHEN first_date IS NULL OR ? < first_date THEN COALESCE(?, first_date) ELSE first_date END,
        last_date = CASE WHEN last_date IS NULL OR ? > last_date THEN COALESCE(?, last_date) ELSE last_date END
        WHERE id = ?""",
        (first, first, last, last, event_id),
    )


def clear_events(conn: sqlite3.Connection) -> None:
    """Forget every event and the LSH index (rebuild_events fills them again)."""
    conn.execute("DELETE FROM lsh_bands")
    conn.execute("DROP TRIGGER IF EXISTS event_items_ad")
    conn.execute("DELETE FROM event_items")
    conn.execute("DELETE FROM events")
    conn.execute(_EVENT_ITEMS_AD)


# kept identical to migration 5: dropped around the bulk delete so it does not run once per row
_EVENT_ITEMS_AD = """CREATE TRIGGER event_items_ad AFTER DELETE ON event_items BEGIN
            UPDATE events SET heat = heat - 1,
                canonical_item_id = CASE WHEN canonical_item_id = old.item_id
                    THEN COALESCE((SELECT MIN(item_id) FROM event_items WHERE event_id = old.event_id),
                                  canonical_item_id)
                    ELSE canonical_item_id END
            WHERE id = old.event_id;
            DELETE FROM events WHERE id = old.event_id AND heat <= 0;
        END"""


def doc_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]


def event_row(conn: sqlite3.Connection, event_id: int) -> sqlite3.Row | None:
    return conn.execute(
        """SELECT ev.id, ev.heat, ev.first_date, ev.last_date, ev.canonical_item_id, i.text, i.actor, i.level,
        i.date, i.event_type, d.name AS doc, i.line FROM events ev JOIN items i ON i.id = ev.canonical_item_id
        JOIN documents d ON d.id = i.doc_id WHERE ev.id = ?""",
        (event_id,),
    ).fetchone()


def event_mentions(conn: sqlite3.Connection, event_id: int) -> list[sqlite3.Row]:
    """Every mention with its source (doc, line, link) and why it joined, first seen first."""
    return conn.execute(
        """SELECT i.id AS item_id, d.name AS doc, i.line, i.end_line, i.date, i.actor, i.level, i.link, i.text,
        e.via_item_id, e.similarity, e.date_gap, e.actor_check, e.reason
        FROM event_items e JOIN items i ON i.id = e.item_id JOIN documents d ON d.id = i.doc_id
        WHERE e.event_id = ? ORDER BY e.item_id""",
        (event_id,),
    ).fetchall()


def event_of_item(conn: sqlite3.Connection, item_id: int) -> int | None:
    row = conn.execute("SELECT event_id FROM event_items WHERE item_id = ?", (item_id,)).fetchone()
    return row[0] if row else None


def list_events(
    conn: sqlite3.Connection,
    date_from: str | None,
    date_to: str | None,
    min_heat: int,
    limit: int,
) -> list[dict[str, Any]]:
    """Events by heat (then date), with the canonical mention's text and source."""
    where, params = ["ev.heat >= ?"], [min_heat]
    if date_from:
        where.append("ev.last_date >= ?")
        params.append(date_from)
    if date_to:
        where.append("ev.first_date <= ?")
        params.append(date_to)
    rows = conn.execute(
        f"""SELECT ev.id, ev.heat, ev.first_date, ev.last_date, i.actor, i.level, i.event_type, d.name AS doc,
        i.line, i.text FROM events ev JOIN items i ON i.id = ev.canonical_item_id JOIN documents d ON d.id = i.doc_id
        WHERE {" AND ".join(where)} ORDER BY ev.heat DESC, ev.first_date DESC, ev.id LIMIT ?""",
        [*params, limit],
    )
    return [dict(r) for r in rows]
