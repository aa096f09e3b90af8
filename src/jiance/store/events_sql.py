"""SQL of events: the persisted LSH band index, events and their mentions (events.py decides merges)."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from jiance.store.schema import triggers_set_aside

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


def stored_keys(conn: sqlite3.Connection, keys: Iterable[int]) -> set[int]:
    """The band keys that have rows in the index: one index probe per key, however many rows it has.
    Lookups can then leave out the others, and skip the query when none is left."""
    rows = conn.execute(
        """SELECT q.value FROM json_each(?) q
        WHERE EXISTS (SELECT 1 FROM lsh_bands b WHERE b.key = q.value)""",
        (json.dumps(list(set(keys))),),
    )
    return {r[0] for r in rows}


def band_rows(
    conn: sqlite3.Connection, keys: Sequence[int], day_lo: int | None, day_hi: int | None
) -> list[tuple[int, int, int, int, int, bytes]]:
    """Index rows sharing a band key with an item, in the order candidates are taken: (part, key, day,
    item id, event id, signature), at most CANDIDATE_LIMIT * 4 of them.

    Part 0 holds the rows indexed under a day in [day_lo, day_hi], part 1 those under day 0 (undated or
    coarse dates); with no day range (an undated item) every row is part 0. Stale rows of deleted items
    are dropped by the join with event_items (whose rows go with their items).
    """
    marks = ",".join("?" * len(keys))
    head = "SELECT {part}, b.key, b.day, b.item_id, e.event_id, e.sig FROM lsh_bands b"
    head += " JOIN event_items e ON e.item_id = b.item_id"
    if day_lo is None:
        sql, params = f"{head.format(part=0)} WHERE b.key IN ({marks})", [*keys]
    else:  # two index ranges: an OR here would read every day of each key
        sql = (
            f"{head.format(part=0)} WHERE b.key IN ({marks}) AND b.day BETWEEN ? AND ?"
            f" UNION ALL {head.format(part=1)} WHERE b.key IN ({marks}) AND b.day = 0"
        )
        params = [*keys, day_lo, day_hi, *keys]
    return conn.execute(f"{sql} ORDER BY 1, 2, 3, 4 LIMIT ?", [*params, CANDIDATE_LIMIT * 4]).fetchall()


def first_candidates(rows: Iterable[tuple[int, int, int, int, int, bytes | None]]) -> list[tuple[int, int, bytes]]:
    """(item id, event id, signature) of the first CANDIDATE_LIMIT items of band rows (sorted as
    `band_rows` returns them), each item once: a flood of candidates (boilerplate) is cut here."""
    seen: dict[int, tuple[int, int, bytes]] = {}
    for _part, _key, _day, item_id, event_id, sig in itertools.islice(rows, CANDIDATE_LIMIT * 4):
        seen.setdefault(item_id, (item_id, event_id, sig))  # type: ignore[arg-type]
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


def next_event_id(conn: sqlite3.Connection) -> int:
    """The id SQLite would give the next event (call inside the write transaction)."""
    return conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetchone()[0]


def insert_events(conn: sqlite3.Connection, rows: Iterable[tuple[int, int, str | None, str | None]]) -> None:
    """New events (id, canonical item id, first date, last date), each with heat 1."""
    conn.executemany(
        "INSERT INTO events (id, canonical_item_id, heat, first_date, last_date) VALUES (?, ?, 1, ?, ?)", rows
    )


def insert_mentions(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """event_items rows: (item id, event id, via item id, similarity, date gap, actor check, reason, sig);
    the first mention of a new event has no via item, similarity, gap or actor check."""
    conn.executemany(
        """INSERT INTO event_items (item_id, event_id, via_item_id, similarity, date_gap, actor_check, reason, sig)
        VALUES (?,?,?,?,?,?,?,?)""",
        rows,
    )


def widen_events(conn: sqlite3.Connection, rows: Iterable[tuple[int, str | None, str | None]]) -> None:
    """For each joined mention (event id, first date, last date), in order: heat + 1, dates widened."""
    conn.executemany(
        """UPDATE events SET heat = heat + 1,
        first_date = CASE WHEN first_date IS NULL OR ?2 < first_date THEN COALESCE(?2, first_date) ELSE first_date END,
        last_date = CASE WHEN last_date IS NULL OR ?3 > last_date THEN COALESCE(?3, last_date) ELSE last_date END
        WHERE id = ?1""",
        rows,
    )


def clear_events(conn: sqlite3.Connection) -> None:
    """Forget every event and the LSH index (rebuild_events fills them again)."""
    conn.execute("DELETE FROM lsh_bands")
    with triggers_set_aside(conn, ("event_items_ad",)):  # it would update each event once per mention
        conn.execute("DELETE FROM event_items")
    conn.execute("DELETE FROM events")


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


def doc_needs_events(conn: sqlite3.Connection, doc_id: int) -> bool:
    """Whether a stored document has items not yet assigned to events (an ingest killed between
    storing the document and merging it)."""
    row = conn.execute(
        "SELECT EXISTS(SELECT 1 FROM items i LEFT JOIN event_items e ON e.item_id = i.id"
        " WHERE i.doc_id = ? AND e.item_id IS NULL)",
        (doc_id,),
    ).fetchone()
    return bool(row[0])
