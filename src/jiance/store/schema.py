"""Schema migrations for the SQLite store, applied in order and recorded in PRAGMA user_version.

Each migration is a list of statements; a database at version N gets migrations N+1.. applied in one
transaction each, so an upgrade is never half-done. Never edit a released migration: add one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

# -- the full-text index's keys and tags (migration 6; frozen: a change needs a new migration) ----------
FTS_TAGGED_FACETS = ("province", "city", "sector", "agency", "company")  # from item_facets
FTS_TAGGED_COLUMNS = ("level", "event_type")  # from the item's own columns (what search filters test)
FTS_TAGGED = FTS_TAGGED_FACETS + FTS_TAGGED_COLUMNS
FTS_TAGGED_SQL = ", ".join(f"'{f}'" for f in FTS_TAGGED_FACETS)
FTS_OTHER_BAND = 1 << 50  # keys of items dated across months (or half-dated): always searched
# rowid of an item in items_fts: undated -> id; dated within one month -> month << 32 | id, where
# month = year * 12 + month number; anything else -> FTS_OTHER_BAND | id. Ids stay below 2**32.
FTS_KEY_SQL = f"""CASE
    WHEN i.date_start IS NULL AND i.date_end IS NULL THEN i.id
    WHEN i.date_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*'
        AND substr(i.date_start, 1, 7) = substr(i.date_end, 1, 7)
        THEN ((CAST(substr(i.date_start, 1, 4) AS INTEGER) * 12
               + CAST(substr(i.date_start, 6, 2) AS INTEGER)) << 32) | i.id
    ELSE {FTS_OTHER_BAND} | i.id END"""
# one token per facet value: a marker U+F000.. and two characters U+E000..U+EFFF spelling its code
FTS_TAG_SQL = "char(61440 + ((c.code >> 24) & 255), 57344 + ((c.code >> 12) & 4095), 57344 + (c.code & 4095))"
FTS_INDEX_PENDING = [
    f"""INSERT OR IGNORE INTO fts_tag_codes (facet, value)
        SELECT f.facet, f.value FROM items_fts_pending p CROSS JOIN item_facets f ON f.item_id = p.id
        WHERE f.facet IN ({FTS_TAGGED_SQL})
        UNION SELECT 'level', i.level FROM items_fts_pending p CROSS JOIN items i ON i.id = p.id
            WHERE i.level IS NOT NULL
        UNION SELECT 'event_type', i.event_type FROM items_fts_pending p CROSS JOIN items i ON i.id = p.id
            WHERE i.event_type IS NOT NULL""",  # CROSS JOIN: from the queue, never a scan of item_facets
    f"""INSERT INTO items_fts_keys (id, key, tags)
        SELECT i.id, {FTS_KEY_SQL},
            COALESCE((SELECT group_concat({FTS_TAG_SQL}, '') FROM item_facets f
                JOIN fts_tag_codes c ON c.facet = f.facet AND c.value = f.value
                WHERE f.item_id = i.id AND f.facet IN ({FTS_TAGGED_SQL})), '')
            || COALESCE((SELECT {FTS_TAG_SQL} FROM fts_tag_codes c WHERE c.facet = 'level' AND c.value = i.level), '')
            || COALESCE((SELECT {FTS_TAG_SQL} FROM fts_tag_codes c
                WHERE c.facet = 'event_type' AND c.value = i.event_type), '')
        FROM items_fts_pending p JOIN items i ON i.id = p.id""",
    """INSERT INTO items_fts (rowid, text, title, actor, tags)
        SELECT k.key, i.text || char(31, 31), i.title || char(31, 31), i.actor || char(31, 31), k.tags
        FROM items_fts_pending p JOIN items i ON i.id = p.id JOIN items_fts_keys k ON k.id = p.id
        ORDER BY k.key""",  # FTS5 starts a new segment whenever a rowid is lower than the last one
    "DELETE FROM items_fts_pending",
]

# -- the province x sector counts (migration 7; frozen) --------------------------------------------------
_MATRIX_PAIRS = """SELECT COALESCE(i.date_start, '') AS d1, COALESCE(i.date_end, '') AS d2, p.value AS p, s.value AS s
    FROM items i JOIN item_facets p ON p.item_id = i.id AND p.facet = 'province'
    JOIN item_facets s ON s.item_id = i.id AND s.facet = 'sector' WHERE i.id = {item}"""


def _matrix_change(sign: int, item: str, unless: str | None = None) -> str:
    """Statements adding (+1) or taking away (-1) all province x sector pairs of one item; none when
    `item` equals `unless` (an update that keeps the item id)."""
    pairs = _MATRIX_PAIRS.format(item=item) + (f" AND {item} IS NOT {unless}" if unless else "")
    if sign > 0:
        return f"""INSERT INTO matrix_counts (date_start, date_end, province, sector, n)
            SELECT d1, d2, p, s, 1 FROM ({pairs}) WHERE true
            ON CONFLICT (date_start, date_end, province, sector) DO UPDATE SET n = n + 1;"""
    return f"""UPDATE matrix_counts SET n = n - 1 WHERE (date_start, date_end, province, sector) IN ({pairs});
        DELETE FROM matrix_counts WHERE n <= 0 AND (date_start, date_end) IN
            (SELECT COALESCE(date_start, ''), COALESCE(date_end, '') FROM items WHERE id = {item});"""


MIGRATIONS: list[list[str]] = [
    # 1: documents and their provenance
    [
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            source TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT,
            published TEXT,
            url TEXT,
            encoding TEXT,
            pages INTEGER,
            orig_lines INTEGER NOT NULL,
            clean_lines INTEGER NOT NULL,
            original_text TEXT NOT NULL,
            clean_text TEXT NOT NULL,
            char_map BLOB NOT NULL,
            page_starts TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX documents_name ON documents(name)",
        """CREATE TABLE doc_tables (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            page INTEGER,
            rows TEXT NOT NULL,
            PRIMARY KEY (doc_id, idx)
        )""",
    ],
    # 2: items and their facts
    [
        """CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            line INTEGER NOT NULL,
            end_line INTEGER NOT NULL,
            page INTEGER,
            kind TEXT NOT NULL,
            section TEXT NOT NULL DEFAULT '[]',
            title TEXT,
            level TEXT,
            actor TEXT,
            actor_canonical TEXT,
            date TEXT,
            date_precision TEXT,
            date_start TEXT,
            date_end TEXT,
            event_type TEXT,
            negative INTEGER NOT NULL DEFAULT 0,
            link TEXT,
            text TEXT NOT NULL,
            facts TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX items_doc ON items(doc_id, seq)",
        "CREATE INDEX items_date ON items(date_start)",
        "CREATE INDEX items_level ON items(level, date_start)",
        """CREATE TABLE item_facets (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (facet, value, item_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX item_facets_item ON item_facets(item_id)",
    ],
    # 3: policy register, financing, indicator series
    [
        """CREATE TABLE policies (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            issuer TEXT,
            doc_number TEXT,
            date TEXT,
            kind TEXT,
            first_item_id INTEGER
        )""",
        """CREATE TABLE item_policies (
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            policy_id INTEGER NOT NULL REFERENCES policies(id),
            PRIMARY KEY (item_id, policy_id)
        )""",
        """CREATE TABLE financing (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            company TEXT,
            round TEXT,
            value REAL,
            currency TEXT,
            amount_text TEXT,
            investors TEXT NOT NULL DEFAULT '[]',
            date TEXT
        )""",
        """CREATE TABLE indicators (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            series_name TEXT NOT NULL,
            series_subject TEXT NOT NULL,
            name TEXT NOT NULL,
            subject TEXT,
            period TEXT,
            value REAL,
            unit TEXT,
            change REAL,
            change_unit TEXT,
            change_kind TEXT,
            text TEXT
        )""",
        "CREATE INDEX indicators_series ON indicators(series_name, series_subject, period)",
    ],
    # 4: full-text search over items (FTS5 trigram: exact substrings of text, title and actor).
    # Each indexed value ends with two U+001F sentinels so that every 1- or 2-character substring is the
    # prefix of some trigram; search.py answers short queries from the vocabulary (see store/search_sql.py).
    # New and changed items are queued in items_fts_pending by triggers and indexed in one statement per
    # document (search.index_pending, called by events.update_events and before each search): FTS5
    # flushes its buffer at every statement savepoint, so indexing row by row inside a trigger costs
    # about three times as much. Deletes go straight to the index (or just leave the queue).
    [
        """CREATE VIRTUAL TABLE items_fts USING fts5(
            text, title, actor, content='items', content_rowid='id', tokenize='trigram'
        )""",
        "CREATE VIRTUAL TABLE items_fts_vocab USING fts5vocab(items_fts, 'row')",
        "CREATE TABLE items_fts_pending (id INTEGER PRIMARY KEY)",
        """CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
            INSERT OR IGNORE INTO items_fts_pending (id) VALUES (new.id);
        END""",
        """CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, text, title, actor)
                SELECT 'delete', old.id, old.text || char(31, 31), old.title || char(31, 31), old.actor || char(31, 31)
                WHERE NOT EXISTS (SELECT 1 FROM items_fts_pending WHERE id = old.id);
            DELETE FROM items_fts_pending WHERE id = old.id;
        END""",
        """CREATE TRIGGER items_fts_au AFTER UPDATE OF text, title, actor ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, text, title, actor)
                SELECT 'delete', old.id, old.text || char(31, 31), old.title || char(31, 31), old.actor || char(31, 31)
                WHERE NOT EXISTS (SELECT 1 FROM items_fts_pending WHERE id = old.id);
            INSERT OR IGNORE INTO items_fts_pending (id) VALUES (new.id);
        END""",
        """INSERT INTO items_fts (rowid, text, title, actor)
            SELECT id, text || char(31, 31), title || char(31, 31), actor || char(31, 31) FROM items""",
    ],
    # 5: events — near-duplicate items merged (events.py). `lsh_bands` is the persisted MinHash LSH index:
    # one row per (band key, day) of each item, so a new document's items find candidates without
    # rebuilding anything. `event_items` says why each mention joined its event and keeps the item's
    # MinHash signature (low 16 bits of each value) to estimate similarity before reading any text.
    [
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            canonical_item_id INTEGER NOT NULL,
            heat INTEGER NOT NULL DEFAULT 1,
            first_date TEXT,
            last_date TEXT
        )""",
        "CREATE INDEX events_heat ON events(heat DESC, first_date)",
        "CREATE INDEX events_first_date ON events(first_date)",
        """CREATE TABLE event_items (
            item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            event_id INTEGER NOT NULL,
            via_item_id INTEGER,
            similarity REAL,
            date_gap INTEGER,
            actor_check TEXT,
            reason TEXT,
            sig BLOB
        )""",
        "CREATE INDEX event_items_event ON event_items(event_id, item_id)",
        """CREATE TABLE lsh_bands (
            key INTEGER NOT NULL,
            day INTEGER NOT NULL,
            item_id INTEGER NOT NULL,
            PRIMARY KEY (key, day, item_id)
        ) WITHOUT ROWID""",
        """CREATE TRIGGER event_items_ad AFTER DELETE ON event_items BEGIN
            UPDATE events SET heat = heat - 1,
                canonical_item_id = CASE WHEN canonical_item_id = old.item_id
                    THEN COALESCE((SELECT MIN(item_id) FROM event_items WHERE event_id = old.event_id),
                                  canonical_item_id)
                    ELSE canonical_item_id END
            WHERE id = old.event_id;
            DELETE FROM events WHERE id = old.event_id AND heat <= 0;
        END""",
    ],
    # 6: full-text index v2 — filters inside the index (see store/search_sql.py). The FTS rowid is no
    # longer the item id but a key that orders items by month, `month << 32 | id` (FTS_KEY_SQL), so a
    # date filter becomes a rowid range the index seeks to; and a fourth column, `tags`, holds one
    # 3-character private-use token per facet value (province, city, sector, agency and company from
    # item_facets; level and event type from the item; codes in fts_tag_codes), so those filters join
    # the MATCH. A tag stands for exactly one value, so tagged filters are decided by the index; the key
    # ranges only narrow, and dates are still tested on the item. The table is contentless (its rowids
    # are not item ids), so items_fts_keys records what was indexed for each item — the key and tags a
    # 'delete' must repeat; an item is in the index exactly when it has a row there. Facet changes of an
    # indexed item re-queue it. The whole index is rebuilt here (about two minutes per million items).
    [
        "DROP TRIGGER items_fts_ai",
        "DROP TRIGGER items_fts_ad",
        "DROP TRIGGER items_fts_au",
        "DROP TABLE items_fts_vocab",
        "DROP TABLE items_fts",
        """CREATE VIRTUAL TABLE items_fts USING fts5(
            text, title, actor, tags, content='', tokenize='trigram'
        )""",
        "CREATE VIRTUAL TABLE items_fts_vocab USING fts5vocab(items_fts, 'row')",
        """CREATE TABLE fts_tag_codes (
            code INTEGER PRIMARY KEY,
            facet TEXT NOT NULL,
            value TEXT NOT NULL,
            UNIQUE (facet, value)
        )""",
        "CREATE TABLE items_fts_keys (id INTEGER PRIMARY KEY, key INTEGER NOT NULL, tags TEXT NOT NULL)",
        """CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN
            INSERT OR IGNORE INTO items_fts_pending (id) VALUES (new.id);
        END""",
        """CREATE TRIGGER items_fts_ad AFTER DELETE ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, text, title, actor, tags)
                SELECT 'delete', k.key, old.text || char(31, 31), old.title || char(31, 31),
                       old.actor || char(31, 31), k.tags
                FROM items_fts_keys k WHERE k.id = old.id;
            DELETE FROM items_fts_keys WHERE id = old.id;
            DELETE FROM items_fts_pending WHERE id = old.id;
        END""",
        """CREATE TRIGGER items_fts_au AFTER UPDATE OF text, title, actor, date_start, date_end, level, event_type
            ON items BEGIN
            INSERT INTO items_fts (items_fts, rowid, text, title, actor, tags)
                SELECT 'delete', k.key, old.text || char(31, 31), old.title || char(31, 31),
                       old.actor || char(31, 31), k.tags
                FROM items_fts_keys k WHERE k.id = old.id;
            DELETE FROM items_fts_keys WHERE id = old.id;
            INSERT OR IGNORE INTO items_fts_pending (id) VALUES (new.id);
        END""",
        *(
            f"""CREATE TRIGGER item_facets_fts_{name} AFTER {event} ON item_facets
            WHEN ({cond})
                AND EXISTS (SELECT 1 FROM items_fts_keys WHERE id = {row}.item_id)
                AND EXISTS (SELECT 1 FROM items WHERE id = {row}.item_id)
            BEGIN
                INSERT INTO items_fts (items_fts, rowid, text, title, actor, tags)
                    SELECT 'delete', k.key, i.text || char(31, 31), i.title || char(31, 31),
                           i.actor || char(31, 31), k.tags
                    FROM items_fts_keys k JOIN items i ON i.id = k.id WHERE k.id = {row}.item_id;
                DELETE FROM items_fts_keys WHERE id = {row}.item_id;
                INSERT OR IGNORE INTO items_fts_pending (id) VALUES ({row}.item_id);
            END"""
            for name, event, row, cond in (
                ("ai", "INSERT", "new", f"new.facet IN ({FTS_TAGGED_SQL})"),
                ("ad", "DELETE", "old", f"old.facet IN ({FTS_TAGGED_SQL})"),
                ("au", "UPDATE", "old", f"old.facet IN ({FTS_TAGGED_SQL}) OR new.facet IN ({FTS_TAGGED_SQL})"),
            )
        ),
        "DELETE FROM items_fts_pending",
        "INSERT INTO items_fts_pending (id) SELECT id FROM items",
        *FTS_INDEX_PENDING,
        "INSERT INTO items_fts (items_fts) VALUES ('optimize')",
    ],
    # 7: province x sector counts per item date (analytics' matrix without reading items): one row per
    # (date_start, date_end, province, sector) with how many items have that pair ('' for no date).
    # Kept by triggers: a new province or sector facet adds its pairs with the item's other facet; any
    # other change takes the item's pairs away before it and puts them back after it (an item's delete
    # only before it: its facets are cascaded away with the row already gone).
    [
        """CREATE TABLE matrix_counts (
            date_start TEXT NOT NULL,
            date_end TEXT NOT NULL,
            province TEXT NOT NULL,
            sector TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (date_start, date_end, province, sector)
        ) WITHOUT ROWID""",
        """INSERT INTO matrix_counts (date_start, date_end, province, sector, n)
            SELECT COALESCE(i.date_start, ''), COALESCE(i.date_end, ''), p.value, s.value, COUNT(*)
            FROM item_facets p JOIN item_facets s ON s.item_id = p.item_id AND s.facet = 'sector'
            JOIN items i ON i.id = p.item_id WHERE p.facet = 'province' GROUP BY 1, 2, 3, 4""",
        """CREATE TRIGGER matrix_facet_ai AFTER INSERT ON item_facets WHEN new.facet IN ('province', 'sector') BEGIN
            INSERT INTO matrix_counts (date_start, date_end, province, sector, n)
                SELECT COALESCE(i.date_start, ''), COALESCE(i.date_end, ''),
                    CASE new.facet WHEN 'province' THEN new.value ELSE o.value END,
                    CASE new.facet WHEN 'province' THEN o.value ELSE new.value END, 1
                FROM items i JOIN item_facets o ON o.item_id = i.id
                    AND o.facet = CASE new.facet WHEN 'province' THEN 'sector' ELSE 'province' END
                WHERE i.id = new.item_id
            ON CONFLICT (date_start, date_end, province, sector) DO UPDATE SET n = n + 1;
        END""",
        f"""CREATE TRIGGER matrix_facet_bd BEFORE DELETE ON item_facets WHEN old.facet IN ('province', 'sector')
        BEGIN {_matrix_change(-1, "old.item_id")} END""",
        f"""CREATE TRIGGER matrix_facet_ad AFTER DELETE ON item_facets WHEN old.facet IN ('province', 'sector')
        BEGIN {_matrix_change(1, "old.item_id")} END""",
        f"""CREATE TRIGGER matrix_facet_bu BEFORE UPDATE ON item_facets
            WHEN old.facet IN ('province', 'sector') OR new.facet IN ('province', 'sector')
        BEGIN {_matrix_change(-1, "old.item_id")} {_matrix_change(-1, "new.item_id", "old.item_id")} END""",
        f"""CREATE TRIGGER matrix_facet_au AFTER UPDATE ON item_facets
            WHEN old.facet IN ('province', 'sector') OR new.facet IN ('province', 'sector')
        BEGIN {_matrix_change(1, "old.item_id")} {_matrix_change(1, "new.item_id", "old.item_id")} END""",
        f"""CREATE TRIGGER matrix_items_bd BEFORE DELETE ON items BEGIN {_matrix_change(-1, "old.id")} END""",
        f"""CREATE TRIGGER matrix_items_bu BEFORE UPDATE OF date_start, date_end ON items
            WHEN old.date_start IS NOT new.date_start OR old.date_end IS NOT new.date_end
        BEGIN {_matrix_change(-1, "old.id")} END""",
        f"""CREATE TRIGGER matrix_items_au AFTER UPDATE OF date_start, date_end ON items
            WHEN old.date_start IS NOT new.date_start OR old.date_end IS NOT new.date_end
        BEGIN {_matrix_change(1, "new.id")} END""",
    ],
]

LATEST = len(MIGRATIONS)


@contextmanager
def triggers_set_aside(conn: sqlite3.Connection, names: tuple[str, ...]) -> Iterator[None]:
    """Drop the named triggers for the block (a bulk statement would run them once per row), then
    re-create them from their own stored SQL, so they stay exactly as migrated. Runs in the caller's
    transaction: a failure restores everything."""
    marks = ",".join("?" * len(names))
    saved = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names
    ).fetchall()
    for name, _ in saved:
        conn.execute(f'DROP TRIGGER "{name}"')  # our own trigger names, not input
    try:
        yield
    finally:
        for _, sql in saved:
            conn.execute(sql)
