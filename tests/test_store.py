"""The SQLite store: migrations, content-hash keys, one transaction per document, queries."""

from __future__ import annotations

import sqlite3

import pytest

from jiance.model import CleanText, Document, Item, JianceError, RawDocument
from jiance.store.db import Store, pack_map, unpack_map
from jiance.store.items import ItemQuery, query_items
from jiance.store.schema import LATEST


def _doc(text: str = "第一行\n第二行文字", name: str = "a.txt") -> Document:
    raw = RawDocument(source=name, name=name, kind="text", text=text)
    return Document(raw=raw, clean=CleanText(text, list(range(len(text)))), content_hash=f"h-{text}")


def _item(**kw) -> Item:
    base = dict(doc="a.txt", start=0, end=3, line=1, end_line=1, kind="paragraph", text="第一行")
    base.update(kw)
    return Item(**base)


def test_migrations_record_version_and_are_idempotent(tmp_path):
    store = Store.open(tmp_path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    again = Store.open(tmp_path)
    assert again.migrate() == LATEST
    again.close()


def test_newer_schema_is_refused(tmp_path):
    Store.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "jiance.db")
    conn.execute(f"PRAGMA user_version={LATEST + 5}")
    conn.close()
    with pytest.raises(JianceError, match="newer than this jiance"):
        Store.open(tmp_path)


def test_char_map_round_trip():
    values = [0, 1, 2, 10, 11, 5, 6, 200000]
    assert unpack_map(pack_map(values)) == values


def test_document_and_items_round_trip(tmp_path):
    with Store.open(tmp_path) as store:
        doc = _doc()
        items = [
            _item(
                date="2018-10-26",
                level="local",
                provinces=["福建省"],
                cities=["福州市"],
                actor="福建省",
                policies=[{"title": "某某实施方案", "issuer": "福州市人民政府"}],
            ),
            _item(
                start=4,
                end=9,
                line=2,
                end_line=2,
                text="第二行文字",
                date="2018-11",
                level="central",
                agencies=["工业和信息化部"],
            ),
        ]
        doc_id = store.add_document(doc, items)
        assert store.has_hash(doc.content_hash) == doc_id
        loaded = store.load_document(doc_id)
        assert loaded.clean.text == doc.clean.text and loaded.clean.char_map == doc.clean.char_map
        rows = query_items(store.conn, ItemQuery(province="福建"))
        assert [r["line"] for r in rows] == [1]
        rows = query_items(store.conn, ItemQuery(date_from="2018-11-01", date_to="2018-11-30"))
        assert [r["text"] for r in rows] == ["第二行文字"]
        rows = query_items(store.conn, ItemQuery(level="central"))
        assert rows[0]["agencies"] == ["工业和信息化部"]
        assert store.stats() == {"documents": 1, "items": 2, "policies": 1}


def test_failed_document_leaves_nothing(tmp_path):
    with Store.open(tmp_path) as store:
        bad = _item(text=None)  # NOT NULL violation in the middle of the transaction
        with pytest.raises(sqlite3.IntegrityError):
            store.add_document(_doc(), [_item(), bad])
        assert store.stats()["documents"] == 0 and store.stats()["items"] == 0


def test_same_content_is_one_document(tmp_path):
    with Store.open(tmp_path) as store:
        store.add_document(_doc(), [])
        with pytest.raises(sqlite3.IntegrityError):
            store.add_document(_doc(name="copy.txt"), [])
        assert store.stats()["documents"] == 1


def test_find_document_by_id_name_and_prefix(tmp_path):
    with Store.open(tmp_path) as store:
        doc_id = store.add_document(_doc(name="report-2018.txt"), [])
        assert store.find_document(str(doc_id)) == doc_id
        assert store.find_document("report-2018.txt") == doc_id
        assert store.find_document("report") == doc_id
        with pytest.raises(JianceError, match="no such document"):
            store.find_document("nothing-like-this")


def test_policy_register_filters_by_date_and_province(tmp_path):
    from jiance.store.facts import list_policies

    with Store.open(tmp_path) as store:
        items = [
            _item(
                date="2018-10-26",
                provinces=["福建省"],
                policies=[{"title": "某某实施方案", "issuer": "福州市人民政府", "date": "2018-10-26"}],
            ),
            _item(
                start=4,
                end=9,
                line=2,
                end_line=2,
                text="第二行文字",
                date="2018-12-01",
                policies=[{"title": "另一办法", "issuer": "工业和信息化部"}],
            ),
        ]
        store.add_document(_doc(), items)
        got = list_policies(store.conn, date_from="2018-10", date_to="2018-10")
        assert [p["title"] for p in got] == ["某某实施方案"]
        assert [p["title"] for p in list_policies(store.conn, province="福建")] == ["某某实施方案"]
        assert [p["title"] for p in list_policies(store.conn, date_from="2018-11")] == ["另一办法"]
