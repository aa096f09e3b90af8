"""Exploration: counts, the province × sector matrix, timelines, hot topics, and the CLI commands."""

from __future__ import annotations

import json

import pytest
from _explore_corpus import ROWS, add, build, make_item
from typer.testing import CliRunner

import jiance.cli_explore  # noqa: F401  (registers the commands on jiance.cli.app)
from jiance import analytics
from jiance.analytics import Period, burst_score, counts, hot_topics, parse_period, province_sector_matrix, timeline
from jiance.cli import app
from jiance.events import update_events
from jiance.model import JianceError
from jiance.search import SearchFilters
from jiance.store.db import Store


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explore")
    with Store.open(folder) as store:
        for doc_id in build(store):
            update_events(store, doc_id)
    return folder


@pytest.fixture()
def store(data_dir):
    s = Store.open(data_dir)
    yield s
    s.close()


def test_counts_by_month_level_sector(store):
    by_month = counts(store, "month")
    assert by_month == [
        {"month": "2019-03", "items": 12},
        {"month": "2019-04", "items": 10},
        {"month": "2019-05", "items": 8},
    ]
    levels = {r["level"]: r["items"] for r in counts(store, "level")}
    assert levels["local"] == sum(r[1] == "local" for r in ROWS)
    sectors = {r["sector"]: r["items"] for r in counts(store, "sector", period="2019-03")}
    assert sectors["政务服务"] == 3 and sectors["医疗健康"] == 3
    assert counts(store, "event_type", SearchFilters(province="福建"))[0]["items"] >= 1
    with pytest.raises(JianceError):
        counts(store, "colour")


def test_matrix_has_31_provinces_in_standard_order(store):
    m = province_sector_matrix(store, "2019-03")
    assert len(m.provinces) == 31 and m.provinces[0] == "北京市" and m.provinces[-1] == "新疆维吾尔自治区"
    assert m.provinces == analytics.FALLBACK_PROVINCES
    rows = {r["province"]: r for r in m.rows()}
    assert rows["福建省"]["政务服务"] == 1 and rows["福建省"]["数字经济"] == 1
    assert rows["广东省"]["医疗健康"] == 1
    assert rows["西藏自治区"]["total"] == 0
    april = province_sector_matrix(store, "2019-04")
    assert {r["province"]: r["total"] for r in april.rows()}["福建省"] == 1


def test_timeline_of_an_agency_and_a_province(store):
    rows = timeline(store, SearchFilters(agency="国家医疗保障局"))
    assert [r["date"] for r in rows] == ["2019-03-06", "2019-04-03"]
    assert all(r["doc"] and r["line"] and r["event_id"] for r in rows)
    fujian = timeline(store, SearchFilters(province="福建"), period="2019-03")
    assert [r["date"] for r in fujian] == ["2019-03-08", "2019-03-27"]
    with pytest.raises(JianceError):
        timeline(store, SearchFilters())


def test_timeline_shows_an_event_once(tmp_path):
    with Store.open(tmp_path) as s:
        for name in ("a.txt", "b.txt"):
            update_events(s, add(s, name, [make_item(ROWS[1], 1, name)]))
        rows = timeline(s, SearchFilters(agency="国家医疗保障局"))
        assert len(rows) == 1 and rows[0]["mentions"] == 2 and rows[0]["heat"] == 2
        assert len(timeline(s, SearchFilters(agency="国家医疗保障局"), by_event=False)) == 2


def test_periods():
    assert parse_period("2019-04").label == "2019-04"
    assert parse_period("2019-03").previous().label == "2019-02"
    assert parse_period("2019").previous().label == "2018"
    p = parse_period("2019-04-01/2019-04-10")
    assert p.previous() == Period(p.start.replace(month=3, day=22), p.start.replace(month=3, day=31))
    with pytest.raises(JianceError):
        parse_period("soon")


def test_burst_score_and_hot_topics(tmp_path):
    assert burst_score(10, 2) > burst_score(10, 8) > 0
    assert burst_score(0, 4) < 0
    with Store.open(tmp_path) as s:
        march = [make_item(r, i + 1, "m.txt") for i, r in enumerate(ROWS[:12])]
        add(s, "m.txt", march)
        # April: five reports about 医保 — the term and the event should burst
        text = "{m}月{d}日，多地推进医保电子凭证试点，参保人反响热烈。"
        # five sources report it on following days (one document's own items on different days stay apart)
        for d in range(1, 6):
            row = (f"2019-04-0{d}", *ROWS[1][1:-1], text.format(m=4, d=d))
            doc_id = add(s, f"apr{d}.txt", [make_item(row, 1, f"apr{d}.txt")])
            update_events(s, doc_id)
        hot = hot_topics(s, "2019-04", previous=1, min_count=3)
        terms = [t["term"] for t in hot["terms"]]
        assert "凭证" in terms[:5] and "医保" in terms  # new words first, then the word that grew
        top = hot["terms"][terms.index("医保")]
        assert top["observed"] == 5 and top["expected"] < 1
        assert hot["previous"] == ["2019-03"]
        assert hot["events"] and hot["events"][0]["observed"] >= 3


runner = CliRunner()


def _cli(data_dir, *args: str):
    result = runner.invoke(app, ["--data", str(data_dir), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_search_json_csv_and_table(data_dir):
    hits = json.loads(_cli(data_dir, "search", "医保", "--format", "json"))
    assert len(hits) == 4
    assert {"doc", "line", "end_line", "date", "level", "actor", "event_id", "text"} <= set(hits[0])
    csv_out = _cli(data_dir, "search", "医保", "--province", "福建", "--format", "csv")
    assert csv_out.splitlines()[0].startswith("doc,line,end_line") and len(csv_out.splitlines()) == 2
    assert "国家医疗保障局" in _cli(data_dir, "search", "医保", "--facets")
    bad = runner.invoke(app, ["--data", str(data_dir), "search", "x" * 600])
    assert bad.exit_code == 1


def test_cli_event_and_exploration_commands(data_dir):
    hit = json.loads(_cli(data_dir, "search", "海尔", "--format", "json"))[0]
    event = json.loads(_cli(data_dir, "event", str(hit["event_id"]), "--format", "json"))
    assert event["sources"][0]["doc"] == hit["doc"]
    assert "canonical" in _cli(data_dir, "event", str(hit["event_id"]))
    matrix = _cli(data_dir, "matrix", "--period", "2019-03", "--format", "csv").splitlines()
    assert len(matrix) == 32 and matrix[1].startswith("北京市")
    assert json.loads(_cli(data_dir, "counts", "--by", "level", "--format", "json"))
    assert "2019-03-06" in _cli(data_dir, "timeline", "--agency", "国家医疗保障局", "--format", "csv")
    assert json.loads(_cli(data_dir, "hot", "2019-05", "--previous", "1", "--min-count", "1", "--format", "json"))
    assert json.loads(_cli(data_dir, "events", "--min-heat", "1", "--format", "json"))


def _matrix_by_join(conn, lo=None, hi=None):
    where = " AND i.date_start >= ? AND i.date_end <= ? AND i.date_start <= ?" if lo else ""
    rows = conn.execute(
        "SELECT p.value, s.value, COUNT(*) FROM items i"
        " JOIN item_facets p ON p.item_id = i.id AND p.facet = 'province'"
        " JOIN item_facets s ON s.item_id = i.id AND s.facet = 'sector'"
        f" WHERE 1{where} GROUP BY 1, 2",
        [lo, hi, hi] if lo else [],
    )
    return {(p, s): n for p, s, n in rows}


def _matrix_now(store, period=None):
    m = province_sector_matrix(store, period)
    return {k: v for k, v in m.cells.items() if v}


def test_matrix_counts_follow_inserts_updates_and_deletes(tmp_path):
    with Store.open(tmp_path) as s:
        build(s)
        conn = s.conn
        assert _matrix_now(s) == _matrix_by_join(conn) and _matrix_now(s)
        assert _matrix_now(s, "2019-03") == _matrix_by_join(conn, "2019-03-01", "2019-03-31")
        fujian = conn.execute("SELECT item_id FROM item_facets WHERE value = '福建省' ORDER BY item_id").fetchone()[0]
        with s.transaction():
            conn.execute("UPDATE items SET date_start = '2019-04-02', date_end = '2019-04-02' WHERE id = ?", (fujian,))
            conn.execute("INSERT INTO item_facets (item_id, facet, value) VALUES (?, 'sector', '教育')", (fujian,))
            conn.execute("INSERT INTO item_facets (item_id, facet, value) VALUES (?, 'province', '江西省')", (fujian,))
            conn.execute("UPDATE item_facets SET value = '湖南省' WHERE item_id = ? AND value = '江西省'", (fujian,))
            conn.execute("DELETE FROM item_facets WHERE item_id = ? AND value = '政务服务'", (fujian,))
        for period, lo, hi in ((None, None, None), ("2019-04", "2019-04-01", "2019-04-30")):
            assert _matrix_now(s, period) == _matrix_by_join(conn, lo, hi)
        assert _matrix_now(s, "2019-04")[("湖南省", "教育")] == 1
        s.delete_document(s.find_document("a.txt"))
        assert _matrix_now(s) == _matrix_by_join(conn)
        s.delete_document(s.find_document("b.txt"))
        assert conn.execute("SELECT COUNT(*) FROM matrix_counts").fetchone()[0] == 0
