"""The embedded SQLite store: one file in the data folder, WAL mode, migrated on open.

Every query jiance runs lives in this package so that another backend can be added behind the same
methods. Documents are keyed by content hash and written with their items in one transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from jiance.model import CleanText, Document, Item, JianceError, RawDocument, Table
from jiance.store.schema import LATEST, MIGRATIONS

DB_NAME = "jiance.db"


def default_data_dir() -> Path:
    """`JIANCE_HOME` if set, else ./jiance-data."""
    return Path(os.environ.get("JIANCE_HOME") or "jiance-data")


def pack_map(char_map: list[int]) -> bytes:
    """Store the char map compactly: its deltas are almost all 1, which zlib folds to nothing."""
    deltas = np.diff(np.asarray(char_map, dtype=np.int64), prepend=0).astype("<i4")
    return zlib.compress(deltas.tobytes(), 6)


def unpack_map(blob: bytes) -> list[int]:
    return np.cumsum(np.frombuffer(zlib.decompress(blob), dtype="<i4"), dtype=np.int64).tolist()


@dataclass
class DocumentRow:
    """A stored document's listing row (no texts)."""

    id: int
    name: str
    title: str | None
    kind: str
    pages: int | None
    orig_lines: int
    clean_lines: int
    source: str
    ingested_at: str
    items: int


class Store:
    """A jiance database. Open with `Store.open(data_dir)`; close when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- opening and migrating -------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path | str | None = None) -> Store:
        folder = Path(data_dir) if data_dir else default_data_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise JianceError(f"{folder}: cannot create the data folder ({exc.strerror})") from exc
        path = folder / DB_NAME
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        # a bounded page cache big enough for the FTS segment merges and index B-trees a document's
        # ingest touches (the default 2 MB re-reads them from the OS per statement); temp B-trees
        # (sorts, IN lists) in memory
        conn.execute("PRAGMA cache_size=-65536")
        conn.execute("PRAGMA temp_store=MEMORY")
        store = cls(conn, path)
        store.migrate()
        return store

    def migrate(self) -> int:
        """Apply pending migrations; returns the schema version now in force."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > LATEST:
            raise JianceError(f"{self.path}: database schema {version} is newer than this jiance ({LATEST})")
        for number in range(version + 1, LATEST + 1):
            with self.transaction():
                for statement in MIGRATIONS[number - 1]:
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={number}")  # an int we own, not input
        return LATEST

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- documents ---------------------------------------------------------------------------
    def has_hash(self, content_hash: str) -> int | None:
        row = self.conn.execute("SELECT id FROM documents WHERE content_hash=?", (content_hash,)).fetchone()
        return row[0] if row else None

    def add_document(self, doc: Document, items: list[Item]) -> int:
        """Store a document with its items and facts in one transaction; returns its id."""
        raw = doc.raw
        now = datetime.now(UTC).isoformat(timespec="seconds")
        pages = len(raw.page_starts) if raw.page_starts else None
        with self.transaction() as conn:
            cur = conn.execute(
                """INSERT INTO documents (content_hash, name, source, kind, title, published, url,
                encoding, pages, orig_lines, clean_lines, original_text, clean_text, char_map,
                page_starts, meta, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    doc.content_hash,
                    raw.name,
                    raw.source,
                    raw.kind,
                    raw.title,
                    raw.published,
                    raw.url,
                    raw.encoding,
                    pages,
                    doc.orig_index.line_count,
                    doc.clean_index.line_count,
                    raw.text,
                    doc.clean.text,
                    pack_map(doc.clean.char_map),
                    json.dumps(raw.page_starts) if raw.page_starts else None,
                    json.dumps(raw.meta, ensure_ascii=False, default=str),
                    now,
                ),
            )
            doc_id = int(cur.lastrowid)
            for idx, table in enumerate(raw.tables):
                conn.execute(
                    "INSERT INTO doc_tables (doc_id, idx, page, rows) VALUES (?,?,?,?)",
                    (doc_id, idx, table.page, json.dumps(table.rows, ensure_ascii=False)),
                )
            from jiance.store.items import insert_items

            insert_items(conn, doc_id, items)
        doc.id = doc_id
        return doc_id

    def documents(self) -> list[DocumentRow]:
        rows = self.conn.execute(
            """SELECT d.id, d.name, d.title, d.kind, d.pages, d.orig_lines, d.clean_lines, d.source,
            d.ingested_at, (SELECT COUNT(*) FROM items i WHERE i.doc_id=d.id) AS items
            FROM documents d ORDER BY d.id"""
        ).fetchall()
        return [DocumentRow(**dict(r)) for r in rows]

    def find_document(self, ref: str) -> int:
        """A document id from an id, a name, or a unique prefix of a name or content hash."""
        if ref.isdigit():
            row = self.conn.execute("SELECT id FROM documents WHERE id=?", (int(ref),)).fetchone()
            if row:
                return row[0]
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE name=? OR source=? OR content_hash LIKE ? || '%'",
            (ref, ref, ref),
        ).fetchall()
        if not rows:
            like = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = self.conn.execute(
                "SELECT id FROM documents WHERE name LIKE ? || '%' ESCAPE '\\'", (like,)
            ).fetchall()
        if len(rows) == 1:
            return rows[0][0]
        if not rows:
            raise JianceError(f"{ref}: no such document (see `jiance documents`)")
        raise JianceError(f"{ref}: {len(rows)} documents match; give its id")

    def load_document(self, doc_id: int) -> Document:
        row = self.conn.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise JianceError(f"document {doc_id}: not found")
        tables = [
            Table(rows=json.loads(t["rows"]), page=t["page"])
            for t in self.conn.execute("SELECT * FROM doc_tables WHERE doc_id=? ORDER BY idx", (doc_id,))
        ]
        raw = RawDocument(
            source=row["source"],
            name=row["name"],
            kind=row["kind"],
            text=row["original_text"],
            title=row["title"],
            published=row["published"],
            url=row["url"],
            encoding=row["encoding"],
            page_starts=json.loads(row["page_starts"]) if row["page_starts"] else None,
            tables=tables,
            meta=json.loads(row["meta"]),
        )
        clean = CleanText(text=row["clean_text"], char_map=unpack_map(row["char_map"]))
        return Document(raw=raw, clean=clean, content_hash=row["content_hash"], id=doc_id)

    def delete_document(self, doc_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE id=?", (doc_id,))

    def stats(self) -> dict[str, Any]:
        one = self.conn.execute
        return {
            "documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
            "items": one("SELECT COUNT(*) FROM items").fetchone()[0],
            "policies": one("SELECT COUNT(*) FROM policies").fetchone()[0],
        }
