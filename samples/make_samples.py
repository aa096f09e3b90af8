"""Generate jiance's binary and legacy-encoded sample documents.

All sample content is invented for demonstration and testing: the events, figures, document
numbers, small companies and investors are fictional; only the names of public bodies and large
companies are real, so that the gazetteer has something to find.

Writes, next to this script:
  monthly-report-gbk.txt   GBK text with PDF-to-text damage (hard wraps, spaced dates,
                           repeated page header, page-number lines)
  local-news-gbk.html      a city news page declared and encoded as GBK
  monitoring-report.pdf    two pages with a text layer and a ruled table 地区 | 相关举措 | 链接
  provinces.docx           headings, paragraphs and a table 主体 | 相关举措 | 链接

The PDF needs a CJK TrueType/OpenType font. It is looked up in $JIANCE_CJK_FONT, the optional
package `pylopdf-fonts-zh-cn` (Noto Sans SC, SIL OFL 1.1), `fc-list :lang=zh` and /usr/share/fonts.

Usage:  python samples/make_samples.py [--font PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_FONT_HINTS = ("notosanssc", "notosanscjk", "notoserifsc", "sourcehansans", "wqy", "droidsansfallback", "simhei")


def find_cjk_font() -> Path | None:
    """A .ttf/.otf font with Chinese glyphs that fpdf2 can embed, or None."""
    env = os.environ.get("JIANCE_CJK_FONT")
    if env and Path(env).is_file():
        return Path(env)
    try:
        import pylopdf_fonts_zh_cn  # type: ignore[import-not-found]

        path = Path(pylopdf_fonts_zh_cn.sans_path())
        if path.is_file():
            return path
    except ImportError:
        pass
    candidates: list[Path] = []
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20, check=False
            ).stdout
            candidates += [Path(line.split(":")[0].strip()) for line in out.splitlines() if line.strip()]
        except (OSError, subprocess.SubprocessError):
            pass
    for root in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"):
        if root.is_dir():
            candidates += [p for p in root.rglob("*") if p.name.lower().replace("-", "").startswith(_FONT_HINTS)]
    for path in candidates:
        if path.suffix.lower() in (".ttf", ".otf") and path.is_file():
            return path
    return None


MONTHLY_REPORT = """\
中国互联网行业监测月报
2026年第3期（总第27期）
示例数字经济研究院 编制
2026年4月8日发布

目  录
一、宏观经济\t1
二、本月关注\t1
三、行业动态\t2
四、区域动态\t2
五、投融资动态\t3

一、宏观经济

（一）制造业采购经理指数

2026 年 3 月，中国制造业采购经理指数（PMI）为 50.8%，比上月上升 0.6 个百
分点，重回扩张区间。其中，新订单指数为 51.3%，比上月上升 0.9 个百分点；生
产指数为 52.1%，比上月上升 1.2 个百分点；从业人员指数为 48.7%，比上月下降
0.2 个百分点。

（二）软件和信息技术服务业运行情况

1－2 月，全国软件和信息技术服务业完成软件业务收入 18426 亿元，同比增长 11.8%，
增速较上年同期回落 0.7 个百分点；实现利润总额 2135 亿元，同比增长 9.6%。

中国互联网行业监测月报（2026年第3期）
- 1 -

二、本月关注

（一）工信部部署推进工业互联网平台高质量发展

2026 年 3 月 12 日，工业和信息化部印发《关于推进工业互联网平台高质量发展
的通知》（工信部信管〔2026〕41号），提出到 2027 年底培育 50 个以上具有国际
影响力的工业互联网平台，重点行业规模以上工业企业数字化研发设计工具普及率
达到 85%。

（二）国家卫生健康委员会推进互联网医院服务质量提升

3 月 18 日，国家卫生健康委员会办公厅印发《互联网医院服务质量提升行动方案（
2026—2028 年）》，要求三级医院 2026 年底前全部接入省级互联网医疗服务监管平台，
实现处方流转全程可追溯。

三、行业动态

（一）中国移动发布面向制造业的 5G-A 行业专网方案

3 月 20 日，中国移动在浙江省杭州市召开合作伙伴大会，发布面向制造业的 5G-A 行
业专网解决方案，计划年内投入约 35 亿元，在长三角地区建设 300 个工业现场网。

中国互联网行业监测月报（2026年第3期）
- 2 -

（二）阿里巴巴与江苏省签署数字政府合作协议

3 月 23 日，阿里巴巴集团与江苏省人民政府在南京签署数字政府建设合作协议，双
方将共建省级政务云平台，推动 1200 项政务服务事项“一网通办”。

（三）腾讯云上线医疗健康大模型服务

3 月 26 日，腾讯云宣布其医疗健康大模型服务正式上线，首批接入广东省 16 家三甲
医院，提供导诊、病历质控和随访管理等功能。

四、区域动态

（一）浙江：发布数字经济高质量发展三年行动计划

3 月 16 日，浙江省人民政府办公厅印发《浙江省数字经济高质量发展三年行动计划（
2026－2028 年）》，提出到 2028 年全省数字经济核心产业增加值突破 1.5 万亿元。

（二）四川成都：启动“智慧蓉城”二期工程

3 月 27 日，四川省成都市启动“智慧蓉城”二期工程，总投资 48.6 亿元，覆盖城市运
行、应急管理和基层治理三大领域。

中国互联网行业监测月报（2026年第3期）
- 3 -

五、投融资动态

（一）云栖智造完成 2.5 亿元 B 轮融资

3 月 25 日，杭州云栖智造科技有限公司宣布完成 2.5 亿元 B 轮融资，本轮由钱塘创
新投资领投，东方云帆资本、星河产业基金跟投，资金将用于工业视觉质检平台研发。

（二）数联医疗获得 8000 万元 A+轮融资

3 月 30 日，北京数联医疗科技有限公司获得 8000 万元 A+轮融资，由华北健康产业
基金独家投资。

中国互联网行业监测月报（2026年第3期）
- 4 -
"""

LOCAL_NEWS_HTML = """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="gbk">
<title>宁波市启动城市数据开放平台二期建设_示例市新闻网</title>
<meta name="keywords" content="数据开放,数字政府,宁波">
</head>
<body>
<div class="topbar"><a href="/">首页</a> | <a href="/news/">本地新闻</a> |
  <a href="/gov/">政务公开</a> | <a href="/service/">办事服务</a></div>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/news/">本地新闻</a> &gt; 正文</div>
<div class="article">
  <h1>宁波市启动城市数据开放平台二期建设</h1>
  <div class="info"><span class="time">2026-03-19 09:42</span>
    <span class="source">来源：示例市新闻网</span> <span class="author">记者 陈晓雨</span></div>
  <div class="content">
    <p>3月18日，浙江省宁波市大数据发展管理局召开新闻发布会，宣布启动城市数据开放平台二期建设，计划在2026年底前新增开放数据集800个，覆盖交通出行、医疗卫生、市场监管等12个领域。</p>
    <p>据介绍，二期工程总投资约1.2亿元，将引入隐私计算和数据沙箱技术，支持企业在不取走原始数据的前提下开展模型训练。中国电信宁波分公司、中国联通宁波市分公司将参与平台网络和算力支撑。</p>
    <p>市大数据局相关负责人表示，下一步将出台《宁波市公共数据授权运营管理办法（试行）》，明确授权范围、收益分配和安全责任。</p>
  </div>
  <div class="editor">责任编辑：周敏</div>
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="related"><h3>相关新闻</h3><ul>
  <li><a href="/news/2026-03/12/c_1001.htm">宁波公布首批数据要素应用场景</a></li>
  <li><a href="/news/2026-03/05/c_0987.htm">全市政务服务事项网上可办率达98%</a></li>
</ul></div>
<div class="footer">示例市新闻网 版权所有 | 浙ICP备00000000号</div>
</body>
</html>
"""

PDF_TITLE = "“互联网+”发展情况监测报告（2026年3月）"
PDF_INTRO = (
    "本期监测时段为2026年2月16日至3月15日。监测结果显示，各地继续推进“互联网+政务服务”"
    "“互联网+医疗健康”和工业互联网建设，新出台政策文件数量比上期增加12件。"
)
PDF_ROWS = [
    (
        "北京市",
        "2月26日，北京市经济和信息化局印发《北京市算力基础设施建设实施方案（2026—2027年）》，"
        "提出新增智能算力供给5000P。",
        "http://jxj.beijing.gov.cn/zwgk/2026/02/t20260226_1001.html",
    ),
    (
        "上海市",
        "3月3日，上海市“一网通办”上线企业开办全程网办2.0版，平均办理时间压缩至0.5个工作日。",
        "https://www.shanghai.gov.cn/nw4411/20260303/a1b2c3.html",
    ),
    (
        "浙江省",
        "3月6日，浙江省卫生健康委员会宣布全省二级以上公立医院全部开通互联网诊疗服务。",
        "https://wsjkw.zj.gov.cn/art/2026/3/6/art_1202101_5801.html",
    ),
    (
        "广东省",
        "3月10日，广东省人民政府与中国联通签署战略合作协议，共建粤港澳大湾区工业互联网标识解析节点。",
        "http://www.gd.gov.cn/gdywdt/2026/0310/content_7001.html",
    ),
    (
        "四川省",
        "3月12日，四川省发布首批20个“5G+智慧农业”试点县名单，省级财政安排专项资金1.6亿元。",
        "https://www.sc.gov.cn/10462/2026/3/12/9f8e7d.shtml",
    ),
]
PDF_PAGE2 = [
    "二、重点企业参与情况",
    "3月9日，中国移动发布“移动云智算”服务，面向中小企业提供按需计费的算力资源。",
    "3月14日，阿里巴巴集团宣布未来三年在云计算和人工智能基础设施方面再投入3800亿元。",
    "三、相关峰会",
    "3月13日至14日，2026中国互联网发展论坛在北京举行，发布《数字乡村发展指数报告（2026）》。",
]


def make_text_samples(out: Path) -> None:
    (out / "monthly-report-gbk.txt").write_bytes(MONTHLY_REPORT.encode("gbk"))
    (out / "local-news-gbk.html").write_bytes(LOCAL_NEWS_HTML.encode("gbk"))


def make_pdf(out: Path, font: Path) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_title(PDF_TITLE)
    pdf.set_author("示例信息通信研究院")
    pdf.set_creation_date(__import__("datetime").datetime(2026, 3, 20, 9, 0, 0))
    pdf.add_font("cjk", "", str(font))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("cjk", size=16)
    pdf.multi_cell(0, 10, PDF_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10.5)
    pdf.multi_cell(0, 6, PDF_INTRO, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(0, 7, "一、全国各省“互联网+”政策落实情况", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=9)
    plain = FontFace(emphasis="")
    with pdf.table(
        col_widths=(22, 100, 68),
        headings_style=plain,
        text_align="LEFT",
        line_height=5,
        wrapmode="CHAR",
    ) as table:
        for row in [("地区", "相关举措", "链接"), *PDF_ROWS]:
            cells = table.row()
            for value in row:
                cells.cell(value)
    pdf.add_page()
    pdf.set_font("cjk", size=10.5)
    for line in PDF_PAGE2:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(out / "monitoring-report.pdf"))


DOCX_EAST = [
    (
        "上海市",
        "3月5日，上海市发布《公共数据开放分级分类指南》，明确三级开放目录。",
        "https://www.shanghai.gov.cn/nw12344/20260305/7c1e2a.html",
    ),
    (
        "江苏省",
        "3月11日，江苏省工业和信息化厅公布50家省级工业互联网标杆工厂。",
        "http://gxt.jiangsu.gov.cn/art/2026/3/11/art_6278_1101.html",
    ),
    (
        "",
        "3月19日，江苏省启动中小企业数字化转型城市试点，苏州、无锡入选。",
        "http://gxt.jiangsu.gov.cn/art/2026/3/19/art_6278_1125.html",
    ),
]
DOCX_WEST = [
    (
        "贵州省",
        "3月8日，贵州省大数据发展管理局印发《算力券管理办法》，年度补贴总额2亿元。",
        "https://dsj.guizhou.gov.cn/xwzx/snyw/202603/t20260308_8801.html",
    ),
    (
        "中国电信",
        "3月21日，中国电信在重庆市发布西部算力调度平台。",
        "https://www.chinatelecom.com.cn/news/02/202603/t20260321_5566.html",
    ),
]


def _add_hyperlink(paragraph, url: str, text: str) -> None:
    """python-docx has no hyperlink API; write the w:hyperlink element and its relationship."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    text_el = OxmlElement("w:t")
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def _docx_table(document, rows: list[tuple[str, str, str]]) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, value in zip(table.rows[0].cells, ("主体", "相关举措", "链接"), strict=True):
        cell.text = value
    for actor, measure, url in rows:
        cells = table.add_row().cells
        cells[0].text = actor
        cells[1].text = measure
        _add_hyperlink(cells[2].paragraphs[0], url, "链接")


def make_docx(out: Path) -> None:
    import datetime

    from docx import Document

    document = Document()
    document.core_properties.title = "2026年3月各地“互联网+”举措汇编"
    document.core_properties.author = "示例信息中心"
    document.core_properties.created = datetime.datetime(2026, 3, 31, 10, 0, 0)
    document.add_heading("2026年3月各地“互联网+”举措汇编", level=0)
    document.add_paragraph("本汇编收录2026年3月各地区和重点企业推进“互联网+”的主要举措，按地区排列。")
    document.add_heading("一、东部地区", level=1)
    document.add_paragraph("东部地区侧重公共数据开放和工业互联网标杆建设。")
    _docx_table(document, DOCX_EAST)
    document.add_heading("二、中西部地区及企业", level=1)
    document.add_heading("（一）算力与数据要素", level=2)
    document.add_paragraph("中西部地区以算力补贴和算力调度平台为抓手。")
    _docx_table(document, DOCX_WEST)
    document.add_paragraph("注：本表由示例信息中心根据公开信息整理。")
    document.save(str(out / "provinces.docx"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, help="a CJK .ttf/.otf font for the PDF")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    make_text_samples(args.out)
    make_docx(args.out)
    font = args.font or find_cjk_font()
    if font is None:
        print("no CJK font found: monitoring-report.pdf not written (see --font)", file=sys.stderr)
        return 1
    make_pdf(args.out, font)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
