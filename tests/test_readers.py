"""Tests for the file readers: text encodings, PDF, DOCX and feeds, good inputs and bad ones.

Fixtures are sentences written for these tests, encoded or rendered in tmp_path.
"""

from __future__ import annotations

import importlib.util
import io
import random
import time
import zipfile
from pathlib import Path

import pytest

from jiance.ingest.docx import read_docx
from jiance.ingest.feed import html_to_text, looks_like_feed, read_feed
from jiance.ingest.pdf import read_pdf
from jiance.ingest.textfile import decode_bytes, read_text_file
from jiance.model import JianceError, LineIndex

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = Path("/work/shared/seeds")

SIMPLIFIED = (
    "2026年5月8日，工业和信息化部在北京召开数字经济座谈会。\n"
    "会议要求各地加快建设算力网络，推动中小企业上云用数，全年计划投资约86亿元。\n"
)
TRADITIONAL = (
    "2026年5月8日，經濟部在臺北召開數位經濟座談會。\n"
    "會議要求各地加快建設網路，推動中小企業上雲，這個計劃投資約86億元。\n"
)


def _load_make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_samples = _load_make_samples()
CJK_FONT = make_samples.find_cjk_font()
needs_cjk_font = pytest.mark.skipif(
    CJK_FONT is None,
    reason="no CJK font: set JIANCE_CJK_FONT or install pylopdf-fonts-zh-cn (Noto Sans SC, OFL)",
)


def _message(excinfo: pytest.ExceptionInfo[JianceError]) -> str:
    return str(excinfo.value)


# --------------------------------------------------------------------------- text files


@pytest.mark.parametrize(
    ("text", "codec", "bom", "expected"),
    [
        (SIMPLIFIED, "utf-8", b"", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", b"", "utf-8-sig"),
        (SIMPLIFIED, "gbk", b"", "gbk"),
        ("数据中心的䶮字只在GB18030里。\n" + SIMPLIFIED, "gb18030", b"", "gb18030"),
        ("国家数字经济发展规划\n", "gb2312", b"", "gbk"),
        (TRADITIONAL, "big5", b"", "big5"),
        (SIMPLIFIED, "utf-16", b"", "utf-16-le"),  # Python writes a LE BOM
        (SIMPLIFIED, "utf-16-le", b"", "utf-16-le"),
        (SIMPLIFIED, "utf-16-be", b"", "utf-16-be"),
        (SIMPLIFIED, "utf-16-be", b"\xfe\xff", "utf-16-be"),
        (TRADITIONAL, "utf-16-le", b"", "utf-16-le"),
        (SIMPLIFIED, "utf-32", b"", "utf-32-le"),
    ],
)
def test_decode_bytes_encodings(text: str, codec: str, bom: bytes, expected: str) -> None:
    decoded, encoding = decode_bytes(bom + text.encode(codec), "x.txt")
    assert decoded == text
    assert encoding == expected


@pytest.mark.parametrize("codec", ["gbk", "big5", "utf-16-le", "utf-16-be"])
def test_short_texts_are_decided(codec: str) -> None:
    for word in ("工信部", "國家", "網絡平台", "数据"):
        try:
            data = word.encode(codec)
        except UnicodeEncodeError:
            continue
        if codec.startswith("utf-16") and b"\x00" not in data and word == "数据":
            continue  # "数据" in UTF-16 is pure ASCII bytes: genuinely ambiguous
        assert decode_bytes(data, "w.txt")[0] == word


def test_gbk_is_not_mistaken_for_big5_and_back() -> None:
    assert decode_bytes(SIMPLIFIED.encode("gbk"), "s.txt")[1] == "gbk"
    assert decode_bytes(TRADITIONAL.encode("big5"), "t.txt")[1] == "big5"
    # GBK can also carry traditional characters; they must still come out as GBK.
    assert decode_bytes(TRADITIONAL.encode("gbk"), "t.txt") == (TRADITIONAL, "gbk")


def test_read_text_file_newlines_title_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    body = "\r\n\r\n  互联网行业月报  \r\n2026年5月8日，阿里巴巴发布新模型。\r第三行\n"
    path.write_bytes(body.encode("gb18030"))
    doc = read_text_file(path)
    assert doc.text == "\n\n  互联网行业月报  \n2026年5月8日，阿里巴巴发布新模型。\n第三行\n"
    assert "\r" not in doc.text
    assert doc.title == "互联网行业月报"
    assert (doc.kind, doc.name, doc.encoding, doc.source) == ("text", "report.txt", "gbk", str(path))
    assert LineIndex(doc.text).line_of(doc.text.index("阿里巴巴")) == 4


def test_markdown_title_drops_heading_marks(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text("# 电商简报\n\n## 政府动态\n", encoding="utf-8")
    doc = read_text_file(path)
    assert doc.title == "电商简报"
    assert doc.meta["format"] == "markdown"


def test_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "para.txt"
    path.write_text("这是一段很长的正文。" * 20 + "\n短标题\n", encoding="utf-8")
    assert read_text_file(path).title == "短标题"


@pytest.mark.parametrize("content", [b"", b"\r\n  \n"])
def test_empty_text_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(JianceError) as excinfo:
        read_text_file(path)
    assert _message(excinfo) == "empty.txt: empty file"


def test_binary_garbage_with_txt_name(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_bytes(random.Random(7).randbytes(5000))
    with pytest.raises(JianceError) as excinfo:
        read_text_file(path)
    assert _message(excinfo).startswith("garbage.txt: cannot decide the text encoding (")


def test_nul_bytes_without_utf16_shape(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(JianceError) as excinfo:
        read_text_file(path)
    message = _message(excinfo)
    assert message.startswith("image.txt: cannot decide the text encoding (")


def test_control_characters_mean_binary() -> None:
    with pytest.raises(JianceError, match=r"^ctl\.txt: cannot decide the text encoding \(.*control"):
        decode_bytes(bytes(range(1, 32)) * 40, "ctl.txt")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(JianceError, match=r"^nothere\.txt: cannot read the file"):
        read_text_file(tmp_path / "nothere.txt")


def test_a_damaged_byte_does_not_lose_the_file() -> None:
    gbk = SIMPLIFIED.encode("gbk") * 4 + b"\xff" + SIMPLIFIED.encode("gbk") * 4
    text, encoding = decode_bytes(gbk, "d.txt")
    assert encoding == "gb18030"
    assert text.count("\ufffd") == 1 and text.count("工业和信息化部") == 8
    utf8 = SIMPLIFIED.encode("utf-8") * 8
    text, encoding = decode_bytes(utf8[:-2], "cut.txt")  # cut inside the last character
    assert encoding == "utf-8" and text.endswith("\ufffd")


@pytest.mark.parametrize("codec", ["gbk", "utf-8", "utf-16-le", "big5"])
def test_decoding_two_megabytes_is_fast(codec: str) -> None:
    base = TRADITIONAL if codec == "big5" else SIMPLIFIED
    data = (base * (2_000_000 // len(base.encode(codec)) + 1)).encode(codec)
    start = time.process_time()
    text, encoding = decode_bytes(data, "big.txt")
    elapsed = time.process_time() - start
    assert encoding == codec and len(text) > 600_000
    assert elapsed < 0.5, f"{codec}: {len(data) / elapsed / 1e6:.1f} MB/s is too slow"


def test_sample_text_files() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("samples/ missing")
    report = read_text_file(SAMPLES / "monthly-report-gbk.txt")
    assert report.encoding == "gbk"
    assert report.title == "中国互联网行业监测月报"
    assert "2026 年 3 月 12 日，工业和信息化部印发《关于推进工业互联网平台高质量发展" in report.text
    assert report.text.count("中国互联网行业监测月报（2026年第3期）") >= 3  # repeated page header
    bulletin = read_text_file(SAMPLES / "bulletin.md")
    assert bulletin.encoding == "utf-8"
    for section in ("## 政府动态", "## 业界动态", "## 媒体视点"):
        assert section in bulletin.text
    assert bulletin.text.count("（来源：") == 5


def test_sample_html_encodings() -> None:
    if not SAMPLES.is_dir():
        pytest.skip("samples/ missing")
    local = (SAMPLES / "local-news-gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        local.decode("utf-8")
    text, encoding = decode_bytes(local, "local-news-gbk.html")
    assert encoding == "gbk" and '<meta charset="gbk">' in text and "宁波市大数据发展管理局" in text
    news = decode_bytes((SAMPLES / "policy-news.html").read_bytes(), "policy-news.html")[0]
    title_at = news.index("<h1")
    assert 0 < news.index("发布时间：2026-03-12") - title_at < 300  # the date sits right under the title
    for noise in ("分享到", "相关链接", "<nav"):
        assert noise in news


def test_seed_files_decode_quickly() -> None:
    if not SEEDS.is_dir():
        pytest.skip("seed folder missing")
    for path in sorted(SEEDS.glob("*.txt")):
        start = time.process_time()
        doc = read_text_file(path)
        assert time.process_time() - start < 2.0
        assert doc.encoding in ("utf-8", "utf-8-sig")
        assert doc.text.count("\n") >= 10 and doc.title


# --------------------------------------------------------------------------- PDF


def _latin_pdf(path: Path, *, title: str | None = None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=12)
    for number in (1, 2):
        pdf.add_page()
        pdf.cell(text=f"Monitoring report page {number}", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(text=f"Second line on page {number}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_latin_pdf_pages_and_title(tmp_path: Path) -> None:
    doc = read_pdf(_latin_pdf(tmp_path / "latin.pdf"))
    lines = doc.text.split("\n")
    assert doc.kind == "pdf" and doc.name == "latin.pdf"
    assert doc.page_starts == [0, 2]
    assert lines == [
        "Monitoring report page 1",
        "Second line on page 1",
        "Monitoring report page 2",
        "Second line on page 2",
    ]
    assert doc.title == "Monitoring report page 1"  # no metadata title: first line
    assert doc.tables == [] and doc.meta["pages"] == 2
    index = LineIndex(doc.text, doc.page_starts)
    assert index.page_of_line(3) == 2 and index.page_of_line(2) == 1


def test_pdf_title_from_metadata(tmp_path: Path) -> None:
    doc = read_pdf(_latin_pdf(tmp_path / "t.pdf", title="Quarterly informatization review"))
    assert doc.title == "Quarterly informatization review"
    junk = read_pdf(_latin_pdf(tmp_path / "j.pdf", title="Microsoft Word - draft3.doc"))
    assert junk.title == "Monitoring report page 1"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _latin_pdf(tmp_path / "full.pdf").read_bytes()
    half = tmp_path / "half.pdf"
    half.write_bytes(data[: len(data) // 2])
    with pytest.raises(JianceError) as excinfo:
        read_pdf(half)
    assert _message(excinfo).startswith("half.pdf: broken PDF (truncated")


def test_corrupt_pdf_body(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(3).randbytes(3000) + b"\n%%EOF\n")
    with pytest.raises(JianceError) as excinfo:
        read_pdf(path)
    assert _message(excinfo).startswith("corrupt.pdf: broken PDF (")


def test_not_a_pdf_and_empty_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("<html>not a pdf</html>", encoding="utf-8")
    with pytest.raises(JianceError, match=r"^fake\.pdf: broken PDF \(no %PDF header"):
        read_pdf(fake)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(JianceError, match=r"^empty\.pdf: empty file$"):
        read_pdf(empty)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 80)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(JianceError) as excinfo:
        read_pdf(path)
    assert _message(excinfo) == "scan.pdf: no text layer (scanned PDF?) — OCR it first"


def test_scanned_pdf_with_page_numbers(tmp_path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    scan = Image.new("L", (300, 400), color=200)
    pdf = FPDF()
    pdf.set_font("helvetica", size=9)
    for number in (1, 2):
        pdf.add_page()
        pdf.image(scan, x=10, y=10, w=150)
        pdf.set_xy(100, 280)
        pdf.cell(text=str(number))  # a stamped page number is not a text layer
    path = tmp_path / "scanned.pdf"
    pdf.output(str(path))
    with pytest.raises(JianceError, match=r"^scanned\.pdf: no text layer \(scanned PDF\?\) — OCR it first$"):
        read_pdf(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Confidential")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(JianceError) as excinfo:
        read_pdf(path)
    assert _message(excinfo).startswith("locked.pdf: encrypted PDF (needs a password)")


def test_sample_pdf_pages_and_table() -> None:
    path = SAMPLES / "monitoring-report.pdf"
    if not path.is_file():
        pytest.skip("samples/monitoring-report.pdf not generated")
    doc = read_pdf(path)
    assert doc.title == "“互联网+”发展情况监测报告（2026年3月）"
    assert len(doc.page_starts or []) == 2
    lines = doc.text.split("\n")
    page2 = lines[doc.page_starts[1]]
    assert page2 == "二、重点企业参与情况"
    assert any("地区" in line and "相关举措" in line and "链接" in line for line in lines[: doc.page_starts[1]])
    (table,) = doc.tables
    assert table.page == 1
    assert table.rows[0] == ["地区", "相关举措", "链接"]
    assert [row[0] for row in table.rows[1:]] == ["北京市", "上海市", "浙江省", "广东省", "四川省"]
    assert table.rows[3][1].startswith("3月6日，浙江省卫生健康委员会")
    assert table.rows[1][2].replace("\n", "") == "http://jxj.beijing.gov.cn/zwgk/2026/02/t20260226_1001.html"


@pytest.fixture(scope="module")
def cjk_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Render the sample PDF with the found CJK font, so the test does not depend on a committed binary."""
    out = tmp_path_factory.mktemp("cjk")
    make_samples.make_pdf(out, CJK_FONT)
    return out / "monitoring-report.pdf"


@needs_cjk_font
def test_cjk_pdf_generated_now(cjk_pdf: Path) -> None:
    doc = read_pdf(cjk_pdf)
    assert doc.page_starts is not None and doc.page_starts[0] == 0 and len(doc.page_starts) == 2
    assert doc.text.split("\n")[0] == make_samples.PDF_TITLE
    assert "3月14日，阿里巴巴集团宣布" in doc.text
    assert doc.tables and doc.tables[0].rows[0] == ["地区", "相关举措", "链接"]
    assert len(doc.tables[0].rows) == 1 + len(make_samples.PDF_ROWS)


# --------------------------------------------------------------------------- DOCX


def _build_docx(path: Path) -> Path:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = Document()
    document.add_heading("各地信息化举措", level=1)
    document.add_paragraph("第一段：说明文字。")
    table = document.add_table(rows=3, cols=3)
    values_by_row = [
        ("主体", "举措", "链接"),
        ("福建省", "5月3日，福建省上线政务服务小程序。", ""),
        ("", "5月9日，福州市开通数据专区。", ""),
    ]
    for r, values in enumerate(values_by_row):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    make_samples._add_hyperlink(table.cell(1, 2).paragraphs[0], "https://example.cn/fj/0503.html", "链接")
    # rows 1-2 of the actor column are one merged cell: Word writes vMerge restart/continue
    for row, val in ((1, "restart"), (2, None)):
        tc_pr = table.cell(row, 0)._tc.get_or_add_tcPr()
        merge = OxmlElement("w:vMerge")
        if val:
            merge.set(qn("w:val"), val)
        tc_pr.append(merge)
    document.add_heading("小节", level=2)
    document.add_paragraph("末段：表格之后的文字。")
    document.save(str(path))
    return path


def test_docx_order_tables_headings_links(tmp_path: Path) -> None:
    doc = read_docx(_build_docx(tmp_path / "measures.docx"))
    assert doc.kind == "docx" and doc.name == "measures.docx"
    assert doc.text.split("\n") == [
        "各地信息化举措",
        "第一段：说明文字。",
        "主体\t举措\t链接",
        "福建省\t5月3日，福建省上线政务服务小程序。\thttps://example.cn/fj/0503.html",
        "\t5月9日，福州市开通数据专区。\t",
        "小节",
        "末段：表格之后的文字。",
    ]
    (table,) = doc.tables
    assert table.rows[2] == ["", "5月9日，福州市开通数据专区。", ""]
    assert doc.meta["headings"] == [
        {"line": 1, "level": 1, "text": "各地信息化举措"},
        {"line": 6, "level": 2, "text": "小节"},
    ]
    assert doc.meta["links"] == [{"line": 4, "text": "链接", "url": "https://example.cn/fj/0503.html"}]
    assert doc.title == "各地信息化举措"


def test_sample_docx() -> None:
    path = SAMPLES / "provinces.docx"
    if not path.is_file():
        pytest.skip("samples/provinces.docx not generated")
    doc = read_docx(path)
    assert doc.title == "2026年3月各地“互联网+”举措汇编"
    assert len(doc.tables) == 2 and doc.tables[0].rows[0] == ["主体", "相关举措", "链接"]
    assert [h["level"] for h in doc.meta["headings"]] == [0, 1, 1, 2]
    assert "中国电信\t3月21日，中国电信在重庆市发布西部算力调度平台。\thttps://" in doc.text
    assert doc.meta["created"] == "2026-03-31"


def test_corrupt_docx(tmp_path: Path) -> None:
    garbage = tmp_path / "bad.docx"
    garbage.write_bytes(random.Random(5).randbytes(2000))
    with pytest.raises(JianceError) as excinfo:
        read_docx(garbage)
    assert _message(excinfo) == "bad.docx: corrupt DOCX (not a ZIP package)"

    real = _build_docx(tmp_path / "real.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(real[: len(real) // 2])
    with pytest.raises(JianceError, match=r"^cut\.docx: corrupt DOCX \("):
        read_docx(cut)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not word")
    other = tmp_path / "other.docx"
    other.write_bytes(buffer.getvalue())
    with pytest.raises(JianceError, match=r"^other\.docx: corrupt DOCX \("):
        read_docx(other)


def test_old_doc_and_empty_docx(tmp_path: Path) -> None:
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(JianceError, match=r"^old\.docx: old binary Word \.doc format"):
        read_docx(old)
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(JianceError, match=r"^empty\.docx: empty file$"):
        read_docx(empty)


# --------------------------------------------------------------------------- feeds

RSS_WITH_BROKEN_ENTRY = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>测试频道</title><link>https://example.cn/</link>
<item><title>腾讯发布政务大模型</title><link>https://example.cn/a/1.html</link>
<pubDate>Mon, 04 May 2026 07:10:00 +0800</pubDate>
<description>&lt;p&gt;5月4日，腾讯发布政务大模型。&lt;/p&gt;&lt;p&gt;首批接入三个城市。&lt;/p&gt;</description></item>
<item><link>https://example.cn/a/2.html</link><pubDate>Tue, 05 May 2026 10:00:00 +0800</pubDate></item>
<item><title>中国联通开通算力专线</title><link>https://example.cn/a/3.html</link>
<pubDate>Wed, 06 May 2026 22:30:00 +0800</pubDate></item>
</channel></rss>
""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>部委动态</title><id>urn:x</id><updated>2026-05-02T08:00:00Z</updated>
<entry><title>国家卫生健康委员会部署互联网医院监管</title><id>urn:x:1</id>
<link href="https://example.cn/wjw/1.html"/><updated>2026-05-02T08:00:00+08:00</updated>
<content type="html">&lt;div&gt;&lt;p&gt;第一段，要求&lt;b&gt;全程留痕&lt;/b&gt;。&lt;/p&gt;
&lt;p&gt;第二段。&lt;br/&gt;第三行。&lt;/p&gt;&lt;/div&gt;</content>
</entry></feed>
""".encode()


def test_feed_with_broken_entry() -> None:
    docs, errors = read_feed(RSS_WITH_BROKEN_ENTRY, "news.xml")
    assert errors == ["news.xml: entry 2 has no title or text, skipped"]
    assert [d.title for d in docs] == ["腾讯发布政务大模型", "中国联通开通算力专线"]
    first, third = docs
    assert first.kind == "feed_entry" and first.url == "https://example.cn/a/1.html"
    assert first.published == "2026-05-04"  # local date, although 07:10 +0800 is 3 May in UTC
    assert first.text == "腾讯发布政务大模型\n5月4日，腾讯发布政务大模型。\n首批接入三个城市。"
    assert third.text == "中国联通开通算力专线" and third.published == "2026-05-06"
    assert (first.name, third.name) == ("news.xml#1", "news.xml#3")


def test_atom_feed_html_content() -> None:
    (doc,), errors = read_feed(ATOM, "https://example.cn/feeds/atom.xml")
    assert errors == []
    assert doc.name == "atom.xml#1" and doc.url == "https://example.cn/wjw/1.html"
    assert doc.published == "2026-05-02"
    assert doc.text == "国家卫生健康委员会部署互联网医院监管\n第一段，要求全程留痕。\n第二段。\n第三行。"


def test_not_a_feed() -> None:
    page = b"<!DOCTYPE html><html><head><title>x</title></head><body><p>hello</p></body></html>"
    with pytest.raises(JianceError, match=r"^page\.html: not an RSS/Atom feed \("):
        read_feed(page, "page.html")
    with pytest.raises(JianceError, match=r"^blank\.xml: empty file$"):
        read_feed(b"  \n", "blank.xml")


def test_looks_like_feed() -> None:
    assert looks_like_feed(RSS_WITH_BROKEN_ENTRY)
    assert looks_like_feed(ATOM)
    assert looks_like_feed(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert looks_like_feed('<?xml version="1.0" encoding="utf-16"?><rss version="2.0">'.encode("utf-16"))
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>rss feed news</body></html>")
    assert not looks_like_feed(b"<feed><entry/></feed>")  # not Atom without its namespace
    assert not looks_like_feed(b"<html><p>" + "文".encode() * 400 + b"<rss version='2.0'>")  # past the first KB


def test_html_to_text_keeps_paragraphs_drops_scripts() -> None:
    markup = "<p>甲　乙</p><script>var x = 1;</script><ul><li>一</li><li>二</li></ul>尾"
    assert html_to_text(markup) == "甲 乙\n一\n二\n尾"


def test_sample_feed() -> None:
    path = SAMPLES / "feed.xml"
    if not path.is_file():
        pytest.skip("samples/feed.xml missing")
    data = path.read_bytes()
    assert looks_like_feed(data)
    docs, errors = read_feed(data, str(path))
    assert errors == [] and len(docs) == 4
    assert all(d.url and d.url.startswith("https://") and d.published for d in docs)
    assert docs[0].published == "2026-03-12"
    assert docs[0].text.split("\n")[1].startswith("2026年3月12日，工业和信息化部印发《")
    assert "领投" in docs[1].text and "跟投" in docs[1].text
