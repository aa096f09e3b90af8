"""`jiance report`: placement, the four report types in the four formats, escaping and config."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document as open_docx
from typer.testing import CliRunner

from jiance.model import CleanText, Document, Item, RawDocument
from jiance.report import build_report, load_config, place_item, render
from jiance.report.config import province_order
from jiance.report.placement import infer_level
from jiance.store.db import Store
from jiance.store.report_sql import period_bounds

HOSTILE = "<script>alert('x')</script>上海市上线示例一网通办平台，市民可在线办理证照。"


def _doc(name: str, text: str) -> Document:
    raw = RawDocument(source=name, name=name, kind="text", text=text)
    return Document(raw=raw, clean=CleanText(text, list(range(len(text)))), content_hash=f"h-{name}")


def _item(line: int, text: str, **kw) -> Item:
    base = dict(doc="t.txt", start=0, end=len(text), line=line, end_line=line, kind="table_row", text=text)
    base.update(kw)
    return Item(**base)


def _items() -> list[Item]:
    pmi = [
        {"name": "制造业采购经理指数（PMI）", "value": v, "unit": "%", "period": p, "subject": "全国"}
        for p, v in (("2018-08", 51.3), ("2018-09", 50.8), ("2018-10", 50.2))
    ]
    return [
        _item(1, "10月20日，工业和信息化部发布示例工业互联网平台培育通知，推动企业上云。", level="central",
              actor="工信部", actor_canonical="工业和信息化部", date="2018-10-20", date_precision="day",
              agencies=["工业和信息化部"], sectors=["工业互联网"], link="http://example.gov.cn/a1",
              event_type="policy"),
        _item(2, "10月22日，北京市开通示例政务服务旗舰店，办事材料可在线提交。", level="local", actor="北京市",
              date="2018-10-22", date_precision="day", provinces=["北京市"], sectors=["政务服务"],
              link="http://example.bj.cn/b1"),
        _item(3, "10月25日，北京市示例医院上线互联网诊疗服务。", level="local", actor="北京市",
              date="2018-10-25", date_precision="day", provinces=["北京市"], sectors=["医疗健康"]),
        _item(4, "10月26日，浙江省发布示例数字经济行动方案。", level="local", actor="浙江省",
              date="2018-10-26", date_precision="day", provinces=["浙江省"], sectors=["数字经济"],
              link="http://example.zj.cn/z1", event_type="plan"),
        _item(5, HOSTILE, level="local", actor="上海市", date="2018-10-27", date_precision="day",
              provinces=["上海市"], sectors=["政务服务"], link="javascript:alert(1)"),
        _item(6, "10月28日，腾讯与示例市政府签署智慧城市合作协议。", level="enterprise", actor="腾讯",
              date="2018-10-28", date_precision="day", companies=["腾讯"], sectors=["智慧城市"],
              event_type="cooperation"),
        _item(7, "第三届示例数字大会于2018年10月30日在杭州举行，聚焦工业互联网。", kind="paragraph",
              level="summit", date="2018-10-30", date_precision="day", sectors=["工业互联网"],
              event_type="conference", section=["四、相关峰会"]),
        _item(8, "示例科技获5000万元A轮融资\n示例科技宣布完成5000万元A轮融资，由示例资本领投。", kind="news",
              title="示例科技获5000万元A轮融资", level="financing", date="2018-10-29", date_precision="day",
              event_type="financing", round="A轮", investors=["示例资本"],
              financing=[{"company": "示例科技", "round": "A轮", "amount": {"text": "5000万元", "value": 5e7},
                          "investors": ["示例资本"]}]),
        _item(9, "微软发布示例云服务\n微软10月24日发布新一代示例云服务。", kind="news", title="微软发布示例云服务",
              level="overseas", date="2018-10-24", date_precision="day", companies=["微软"]),
        _item(10, "10月31日，国家统计局公布制造业采购经理指数为50.2%。", kind="news",
              title="10月制造业采购经理指数为50.2%", date="2018-10-31", date_precision="day",
              event_type="statistic", indicators=pmi),
        _item(11, "示例城市跨境电商交易额增长\n示例城市跨境电商交易额同比增长三成。（来源：示例日报）",
              kind="bulletin_item",
              title="示例城市跨境电商交易额增长", section=["媒体视点"], date="2018-10-21", date_precision="day",
              source_name="示例日报", provinces=["浙江省"]),
    ]  # fmt: skip


@pytest.fixture()
def store(tmp_path: Path):
    with Store.open(tmp_path / "data") as s:
        s.add_document(_doc("t.txt", "\n".join(f"第{i}行" for i in range(1, 13))), _items())
        yield s


PERIOD = "2018-10-16:2018-11-15"


def test_period_bounds():
    assert period_bounds("2018-10-16:2018-11-15") == ("2018-10-16", "2018-11-15")
    assert period_bounds("2018-11") == ("2018-11-01", "2018-11-30")
    assert period_bounds("2017") == ("2017-01-01", "2017-12-31")
    with pytest.raises(ValueError):
        period_bounds("2018-12:2018-01")


def test_place_item_by_level_and_actor():
    assert place_item({"level": "central", "actor": "工信部", "text": "x"}) == ("central", "工业和信息化部")
    assert place_item({"level": "local", "actor": "新疆", "text": "x"}) == ("local", "新疆维吾尔自治区")
    assert place_item({"level": "local", "provinces": ["福建省"], "text": "福州市上线平台"}) == ("local", "福建省")
    assert place_item({"level": "enterprise", "actor": "阿里健康", "text": "x"}) == ("enterprise", "阿里巴巴")
    assert place_item({"level": "summit", "text": "第一届示例大会开幕"}) == ("summit", None)


def test_place_item_from_content_only():
    central = {"text": "11月2日，国家卫健委印发示例管理办法。"}
    assert infer_level(central) == "central"
    assert place_item(central) == ("central", "国家卫生健康委员会")
    local = {"text": "10月3日，福建省卫健委表示将推进示例平台建设。", "provinces": ["福建省"]}
    assert place_item(local) == ("local", "福建省")
    # a branch of a bank acts in its province; an operator's branch belongs to the operator
    bank = {"text": "10月5日，中国工商银行北京市分行推出刷脸取款。", "provinces": ["北京市"]}
    assert place_item(bank) == ("local", "北京市")
    operator = {"text": "10月6日，南京移动助力南京市国土局上线监管系统。", "provinces": ["江苏省"]}
    assert place_item(operator) == ("enterprise", "中国移动")
    # a purpose clause sets the scene; the actor comes after it
    purpose = {"text": "11月9日，为贯彻落实国务院关于示例工作的部署，国务院办公厅印发示例方案。"}
    assert place_item(purpose) == ("central", "国务院办公厅")
    summit = {"text": "第二届示例互联网大会于11月7日在乌镇举行。"}
    assert place_item(summit) == ("summit", None)
    at_summit = {"text": "11月7日，在第二届示例博览会上，中国电信展示了5G应用。"}
    assert place_item(at_summit) == ("enterprise", "中国电信")


def test_place_item_industry_sections():
    assert place_item({"title": "示例网络获800万元融资", "text": "x", "round": "A轮"}, "industry")[0] == "financing"
    assert place_item({"title": "苹果发布新款手机", "text": "苹果公司发布新款手机。"}, "industry")[0] == "overseas"
    regional = {"title": "河南：启动示例教育扶贫", "text": "河南省启动示例行动。", "provinces": ["河南省"]}
    assert place_item(regional, "industry") == ("regional", "河南省")
    assert place_item({"title": "全国首家示例平台成立", "text": "示例平台成立。"}, "industry")[0] == "national"


def test_monitoring_report_structure(store):
    report = build_report(store, "monitoring", PERIOD)
    titles = [s.title for s in report.sections]
    assert titles[:6] == ["【前言】", "【舆情总结】", "一、国家部委“互联网+”政策落实情况",
                          "二、全国各省“互联网+”政策落实情况", "三、电信运营商及互联网相关企业参与情况",
                          "四、相关峰会"]  # fmt: skip
    local = report.sections[3].blocks[0]
    assert [r.label for r in local.rows] == province_order(load_config())
    beijing = local.rows[0]
    assert [e.date for e in beijing.entries] == ["2018-10-22", "2018-10-25"]
    assert beijing.entries[0].source.url == "http://example.bj.cn/b1"
    assert beijing.entries[1].source.url is None and beijing.entries[1].source.line == 3
    tianjin = local.rows[1]
    assert tianjin.entries == [] and "未监测到" in (tianjin.empty_note or "")
    central = report.sections[2].blocks[0]
    assert central.rows[0].label == "工业和信息化部"
    enterprise = report.sections[4].blocks[0]
    assert [r.label for r in enterprise.rows] == ["腾讯"]
    summary = " ".join(b.text for b in report.sections[1].blocks)
    assert "政务服务" in summary and "天津市" in summary
    assert any(b.kind == "figure" and b.png.startswith(b"\x89PNG") for b in report.sections[-1].blocks)


def _pdf_text(data: bytes) -> tuple[str, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return text.replace("\r", "").replace("\n", ""), len(pdf)


def test_every_type_in_every_format(store, tmp_path):
    expect = {
        "monitoring": ["国家部委", "全国各省", "北京市开通示例政务服务旗舰店"],
        "industry": ["宏观经济", "本月海外市场扫描", "行业投融资动态", "示例科技"],
        "bulletin": ["政府动态", "业界动态", "媒体视点", "示例日报"],
        "annual": ["年度数字", "年度十大事件", "大事记", "2018年10月20日"],
    }
    for rtype, words in expect.items():
        report = build_report(store, rtype, PERIOD if rtype != "annual" else "2018")
        md = render(report, "md", tmp_path / f"{rtype}.md").decode()
        html = render(report, "html").decode()
        for word in words:
            assert word in md and word in html, (rtype, word)
        text, pages = _pdf_text(render(report, "pdf"))
        assert pages >= 1
        for word in words:
            assert word in text, (rtype, word)
        doc = open_docx(io.BytesIO(render(report, "docx")))
        body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
            c.text for t in doc.tables for r in t.rows for c in r.cells
        )
        for word in words:
            assert word in body, (rtype, word)


def test_docx_is_a_real_word_document(store):
    data = render(build_report(store, "monitoring", PERIOD), "docx")
    doc = open_docx(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "二、全国各省“互联网+”政策落实情况" in headings
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["地区", "相关政策", "链接"]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # header row repeats on each page
    labels = [r.cells[0].text for r in table.rows[1:]]
    assert set(province_order(load_config())) <= set(labels)  # every province has its row
    assert labels.count("北京市") == 2  # one row per measure, the actor cell merged over them
    fonts = doc.styles["Normal"].element.xpath("./w:rPr/w:rFonts/@w:eastAsia")
    assert fonts == ["宋体"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        assert "PAGE" in footer
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())


def test_html_escapes_crawled_text(store):
    html = render(build_report(store, "monitoring", PERIOD), "html").decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "data:image/png;base64," in html
    assert "<link" not in html and 'src="http' not in html  # self-contained


def test_markdown_escapes_table_cells(tmp_path):
    from jiance.report.document import Entry, MeasureTable, Report, Row, Section, Source

    entry = Entry(text="A|B *强调*", source=Source(doc="d.txt", line=3))
    report = Report("monitoring", "T", "S", [Section("一", [MeasureTable(["a", "b", "c"], [Row("甲", [entry])])])])
    md = render(report, "md", tmp_path / "r.md").decode()
    assert "| 甲 | A\\|B \\*强调\\* | d.txt 第3行 |" in md


def test_config_file_changes_titles_and_rules(store, tmp_path):
    cfg = tmp_path / "my.yaml"
    cfg.write_text("monitoring:\n  sections:\n    central: 一、中央层面动态\n  max_per_row: 1\n", encoding="utf-8")
    config = load_config(cfg)
    assert config["monitoring"]["sections"]["local"] == "二、全国各省“互联网+”政策落实情况"  # merged
    report = build_report(store, "monitoring", PERIOD, config=config)
    assert report.sections[2].title == "一、中央层面动态"
    assert len(report.sections[3].blocks[0].rows[0].entries) == 1


def test_bulletin_for_a_place(store):
    report = build_report(store, "bulletin", PERIOD, place="浙江")
    entries = [e for s in report.sections for b in s.blocks if b.kind == "entries" for e in b.entries]
    assert entries and all("浙江" in e.text or "示例城市" in e.text for e in entries)
    media = report.sections[2].blocks[0]
    assert media.entries[0].source.name == "示例日报"
    assert "来源" not in media.entries[0].text  # the trailing source note became the source


def test_cli_report_writes_file(store, tmp_path):
    import jiance.cli_report  # noqa: F401  (registers the command)
    from jiance.cli import app

    out = tmp_path / "m.html"
    result = CliRunner().invoke(
        app,
        [
            "--data",
            str(store.path.parent),
            "report",
            "monitoring",
            "--period",
            PERIOD,
            "--format",
            "html",
            "--out",
            str(out),
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert "二、全国各省" in out.read_text(encoding="utf-8")
    bad = CliRunner().invoke(app, ["--data", str(store.path.parent), "report", "weekly", "--period", PERIOD])
    assert bad.exit_code == 1
