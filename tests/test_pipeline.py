"""The main job end to end: ingest the shipped samples, duplicates, bad input mid-batch, kill and rerun."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiance.cli import app
from jiance.pipeline import ingest
from jiance.store.db import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
runner = CliRunner()


def _cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_samples_ingest_each_format(tmp_path):
    data = tmp_path / "data"
    result = _cli("--data", str(data), "ingest", str(SAMPLES))
    assert result.exit_code == 0, result.output
    with Store.open(data) as store:
        docs = store.documents()
    kinds = {d.kind for d in docs}
    assert {"text", "html", "pdf", "docx", "feed_entry"} <= kinds
    assert all(d.items > 0 for d in docs if d.kind != "feed_entry")
    pdf = next(d for d in docs if d.kind == "pdf")
    assert pdf.pages == 2
    # second run: nothing new, and it says so
    again = _cli("--data", str(data), "ingest", str(SAMPLES))
    assert again.exit_code == 0
    assert "already stored" in again.output and "0 stored" in again.output
    with Store.open(data) as store:
        assert len(store.documents()) == len(docs)


def test_bad_file_is_reported_and_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-empty.txt").write_bytes(b"")
    (folder / "b-garbage.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "c-broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>\n")
    (folder / "d-good.txt").write_text("2026年5月6日，示例省人民政府印发《示例省数字政府建设方案》。\n", encoding="gbk")
    data = tmp_path / "data"
    result = _cli("--data", str(data), "ingest", str(folder))
    assert result.exit_code == 0
    out = result.output
    assert "a-empty.txt: empty file" in out
    assert "b-garbage.txt: cannot decide the text encoding" in out
    assert "c-broken.pdf: broken PDF" in out
    assert "1 stored, 0 unchanged, 3 failed" in out
    with Store.open(data) as store:
        (doc,) = store.documents()
        assert doc.name == "d-good.txt" and doc.items >= 1


def test_error_inside_a_document_leaves_nothing_half_written(tmp_path, monkeypatch):
    import jiance.store.items as items_mod

    real = items_mod.insert_items

    def flaky(conn, doc_id, items):
        real(conn, doc_id, items)  # every row written inside the transaction …
        raise RuntimeError("disk on fire")  # … then the document fails

    monkeypatch.setattr(items_mod, "insert_items", flaky)
    with Store.open(tmp_path) as store:
        summary = ingest(store, [str(SAMPLES / "bulletin.md")])
        assert summary.count("error") == 1 and "disk on fire" in summary.outcomes[0].message
        assert store.stats()["documents"] == 0 and store.stats()["items"] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM item_facets").fetchone()[0] == 0
        monkeypatch.setattr(items_mod, "insert_items", real)
        assert ingest(store, [str(SAMPLES / "bulletin.md")]).count("stored") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_killed_ingest_leaves_no_half_document_and_rerun_completes(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    body = (SAMPLES / "bulletin.md").read_text(encoding="utf-8")
    for n in range(40):
        (folder / f"doc{n:02d}.md").write_text(body + f"\n编号{n}：第{n}份测试简报。\n", encoding="utf-8")
    data = tmp_path / "data"
    jiance = [sys.executable, "-m", "jiance.cli", "--data", str(data), "ingest", str(folder)]
    proc = subprocess.Popen(jiance, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = data / "jiance.db"
    deadline = time.time() + 60
    while time.time() < deadline:  # kill it once some documents are in, before all are
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    if conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] >= 3:
                        break
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(data) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = store.documents()
        assert 0 < len(rows) < 40
        assert len({r.items for r in rows}) == 1  # every stored document has all its items
    result = _cli("--data", str(data), "ingest", str(folder))
    assert result.exit_code == 0
    with Store.open(data) as store:
        assert len(store.documents()) == 40


def test_show_prints_cleaned_lines_with_original_numbers(tmp_path):
    data = tmp_path / "data"
    src = tmp_path / "wrapped.txt"
    src.write_text("一、总体情况\n2026 年 3 月 2 日，示例市上线\n一体化政务服务平台。\n", encoding="utf-8")
    assert _cli("--data", str(data), "ingest", str(src)).exit_code == 0
    result = _cli("--data", str(data), "show", "wrapped.txt", "--lines", "2-3")
    assert result.exit_code == 0
    assert "2-3  2026年3月2日，示例市上线一体化政务服务平台。" in result.output
    missing = runner.invoke(app, ["--data", str(data), "show", "nope.txt"])
    assert missing.exit_code == 1 and "nope.txt: no such document" in missing.output


def test_extract_contract_fields(tmp_path):
    import json

    result = _cli("extract", str(SAMPLES / "bulletin.md"), "--format", "jsonl")
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert rows
    required = {
        "doc",
        "line",
        "end_line",
        "page",
        "kind",
        "section",
        "title",
        "level",
        "actor",
        "actor_canonical",
        "date",
        "provinces",
        "cities",
        "agencies",
        "companies",
        "policies",
        "amounts",
        "round",
        "investors",
        "indicators",
        "event_type",
        "sectors",
        "link",
        "text",
    }
    assert all(required <= set(r) for r in rows)
    assert all(r["doc"] == "bulletin.md" for r in rows)


def test_markdown_bulletin_columns_make_bulletin_items():
    from jiance.ingest.sources import read_source
    from jiance.pipeline import process

    _, items = process(read_source(str(SAMPLES / "bulletin.md")).documents[0])
    assert [i.kind for i in items] == ["bulletin_item"] * 5
    assert [i.section[-1] for i in items] == ["## 政府动态"] * 2 + ["## 业界动态"] * 2 + ["## 媒体视点"]
    assert all(i.source_name for i in items)
    assert items[0].title == "商务部等部门部署推进数字消费提质扩容"
    assert items[0].policies[0]["issuer"] == "商务部、国家发展改革委、工业和信息化部"


def _items_of(text: str, name: str = "x.txt"):
    from jiance.model import RawDocument
    from jiance.pipeline import process

    return process(RawDocument(source=name, name=name, kind="text", text=text))[1]


def test_actor_is_the_acting_organ_after_a_scene_clause():
    text = (
        "一、部委动态\n"
        "（一）示例标题：网信办部署专项行动\n"
        "为贯彻落实国务院有关部署，国家卫生健康委员会办公厅近日印发《示例工作方案》，要求各地推进。\n"
        "（二）示例标题：地方动态\n"
        "5月3日，宁夏回族自治区农牧厅在银川召开电商培训会。\n"
    )
    actors = [i.actor for i in _items_of(text)]
    assert "国家卫生健康委员会办公厅" in actors
    assert "宁夏回族自治区农牧厅" in actors


def _chronicle(*entries: str) -> list:
    return _items_of("某年信息化大事记\n" + "\n".join(entries) + "\n")


def test_unlisted_organisation_opening_an_entry_is_its_actor():
    items = _chronicle(
        "2021年3月2日，全国示例数据标准化技术委员会成立。该委员会负责制定相关国家标准。",
        "2021年3月9日，“示例工业软件产业联盟”成立大会在北京举行，首批成员单位共六十家。",
        "2021年3月15日，该联盟发布首批团体标准。",
        "2021年3月20日，示例协会的会员大会在上海召开。",
    )
    actors = [i.actor for i in items]
    assert actors[0] == "全国示例数据标准化技术委员会"
    assert actors[1] == "示例工业软件产业联盟"
    assert actors[2] is None  # 该联盟: a reference back, not a name
    assert actors[3] is None  # 示例协会的会员大会: the organisation is not the subject
    assert items[0].actor_canonical == actors[0]


def test_national_scope_or_national_document_makes_an_entry_central():
    items = _chronicle(
        "2021年4月1日，《示例网络服务管理规定》正式施行。",
        "2021年4月8日，多部委联合启动示例专项行动，整治网络侵权行为。",
        "2021年4月12日，《浙江省网络服务管理办法》正式施行。",
        "2021年4月20日，某研讨会回顾了《示例网络服务管理规定》施行一年来的成效。",
    )
    assert [i.level for i in items[:2]] == ["central", "central"]
    assert items[2].level == "local"  # the title names a province
    assert items[3].level != "central"  # the document is mentioned, not put into force


def test_a_funding_item_is_acted_by_the_company_that_raised():
    text = (
        "本月投融资动态\n"
        "一、示例星云科技获得3000万元A轮融资\n"
        "示例星云科技是一家工业软件公司，本轮融资由某某资本领投，资金将用于产品研发。\n"
    )
    (item,) = [i for i in _items_of(text) if i.financing]
    assert item.event_type == "financing"
    assert item.actor == "示例星云科技"


def test_a_national_leader_opening_a_headline_is_the_actor():
    text = (
        "要闻\n"
        "一、习近平致信祝贺示例数字经济论坛开幕\n"
        "示例数字经济论坛在浙江省杭州市开幕，来自多个国家的代表参加。\n"
        "二、李强主持召开国务院常务会议部署示例工作\n"
        "会议指出，要加快推进示例工作。\n"
    )
    actors = [i.actor for i in _items_of(text)]
    assert actors[0] == "习近平"  # not 浙江省, the place that opens the body
    assert actors[1] == "国务院"  # the meeting's agency, named in the headline, acts


def test_web_page_item_is_dated_by_its_publication(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>示例市上线政务平台_示例网</title>"
        '<meta name="publishdate" content="2026-04-02"></head><body><h1>示例市上线政务平台</h1>'
        "<p>2026年4月2日 10:00 来源：示例网</p>"
        "<div><p>示例市政务服务平台自2019年起建设，今日正式上线，市民可在线办理一百余项业务，"
        "覆盖社保、医保、公积金等高频事项，平台还提供预约和查询服务。</p>"
        "<p>据介绍，平台将在年内接入更多区县的办事事项，并开通移动端服务，方便群众随时办理。</p></div>"
        "</body></html>",
        encoding="utf-8",
    )
    from jiance.ingest.sources import read_source
    from jiance.pipeline import process

    (item,) = process(read_source(str(page)).documents[0])[1]
    assert item.date == "2026-04-02"


def test_policy_header_fields_make_the_policy_record():
    text = (
        "国家信息化相关法律法规目录\n"
        "【法规标题】2026年示例远程培训计划的指导意见\n"
        "【颁布单位】示例部办公厅\n"
        "【发文字号】示办发〔2026〕18 号\n"
        "【颁布时间】2026-3-2\n"
        "【法规标题】关于印发《示例数据共享行动方案》的通知\n"
        "【颁布单位】示例委员会\n"
        "【发文字号】示委发〔2026〕7号\n"
        "【颁布时间】2026-4-9\n"
    )
    items = [i for i in _items_of(text) if i.kind == "policy"]
    assert [i.date for i in items] == ["2026-03-02", "2026-04-09"]
    first = items[0].policies[0]
    assert first["title"] == "2026年示例远程培训计划的指导意见"
    assert first["issuer"] == "示例部办公厅" and first["doc_number"] == "示办发〔2026〕18号"


def test_broken_database_is_one_readable_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "jiance.db").write_bytes(b"this is not a database at all" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "jiance.cli", "--data", str(data), "documents"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "database error: file is not a database" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_extractors_can_be_switched_off():
    from jiance.ingest.sources import read_source
    from jiance.model import JianceError
    from jiance.pipeline import process

    raw = read_source(str(SAMPLES / "bulletin.md")).documents[0]
    full = process(raw)[1]
    assert any(i.amounts for i in full) and any(i.indicators for i in full)
    lean = process(raw, disabled=frozenset({"money", "indicators"}))[1]
    assert not any(i.amounts or i.indicators for i in lean)
    assert [i.date for i in lean] == [i.date for i in full]
    with pytest.raises(JianceError, match="unknown extractor"):
        process(raw, disabled=frozenset({"magic"}))


def test_funding_round_stated_in_title_and_body_is_one_record_and_no_indicator():
    text = "五、示例科技完成3亿元B轮融资\n示例科技有限公司宣布完成3亿元B轮融资，本轮由远山资本领投，青禾创投跟投。\n"
    items = [i for i in _items_of(text) if i.financing]
    assert len(items) == 1
    (rec,) = items[0].financing
    assert rec["company"] == "示例科技有限公司" and rec["round"] == "B轮"
    assert [i["name"] for i in rec["investors"]] == ["远山资本", "青禾创投"]
    assert not any(ind["value"] in (3.0, 300000000.0) for ind in items[0].indicators)


def test_rerun_finishes_event_merging_of_a_document_stored_before_a_kill(tmp_path):
    with Store.open(tmp_path) as store:
        assert ingest(store, [str(SAMPLES / "bulletin.md")]).count("stored") == 1
        # as if the run had been killed between storing the document and merging it into events
        with store.transaction() as conn:
            conn.execute("DELETE FROM event_items")
        summary = ingest(store, [str(SAMPLES / "bulletin.md")])
        assert summary.count("duplicate") == 1
        missing = store.conn.execute(
            "SELECT COUNT(*) FROM items i LEFT JOIN event_items e ON e.item_id = i.id WHERE e.item_id IS NULL"
        ).fetchone()[0]
        assert missing == 0


def test_gc_is_paused_for_a_document_and_restored():
    import gc

    from jiance.gcpause import gc_paused

    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block restores what it found: paused
    assert gc.isenabled()
    try:
        with gc_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
