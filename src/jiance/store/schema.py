"""Schema migrations for the SQLite store, applied in order and recorded in PRAGMA user_version.

Each migration is a list of statements; a database at version N gets migrations N+1.. applied in one
transaction each, so an upgrade is never half-done. Never edit a released migration: add one.
"""

from __future__ import annotations

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
]

LATEST = len(MIGRATIONS)
