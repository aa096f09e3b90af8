"""read_html on hand-written hostile and ordinary pages, and on a few saved real pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from jiance.ingest.html import MAX_BYTES, decode_html, parse_date, read_html, strip_site_suffix
from jiance.model import JianceError

PAGES = Path(__file__).resolve().parents[2] / "shared" / "external" / "news-pages"

PARA1 = "本市今天发布了数字经济发展三年行动计划，提出到二零二五年建成一批智慧工厂和数字车间。"
PARA2 = "计划要求各区加快第五代移动通信网络建设，推动工业互联网平台在中小企业中的应用。"
PARA3 = "市经济和信息化局有关负责人表示，将设立专项资金，对示范项目给予补助。"

ARTICLE = f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>数字经济三年行动计划发布_示例新闻网</title>
<meta property="og:title" content="数字经济三年行动计划发布">
<link rel="canonical" href="https://news.example.cn/2021/0305/a1.html">
<style>.nav {{ color: red }} p::after {{ content: "样式里的中文不能出现" }}</style>
<script>var tip = "脚本里的中文绝不能出现在正文里，哪怕它有很多标点，很多，很多。";</script>
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/gn">国内</a></li>
<li><a href="/cj">财经</a></li><li><a href="/kj">科技</a></li></ul></div>
<!-- 注释里的中文也不能出现，注释，注释。 -->
<h1>数字经济三年行动计划发布</h1>
<div class="info">2021年03月05日 10:21 来源：示例日报 作者：王小明</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> 扫一扫</div>
<div class="article">
<p>{PARA1}</p>
<script>document.write("正文中间的脚本文字，也不能出现，不能，不能。")</script>
<p>{PARA2}</p>
<p>{PARA3}</p>
<p>责任编辑：李四</p>
</div>
<div class="related"><h3>相关阅读</h3><ul>
<li><a href="/1">另一条新闻的标题，和本文无关，不应进入正文</a></li>
<li><a href="/2">第二条相关新闻的标题，同样不应进入正文</a></li></ul></div>
<div class="footer">Copyright © 2024 示例新闻网 版权所有 2024-01-01 更新</div>
</body></html>"""


def test_ordinary_article() -> None:
    doc = read_html(ARTICLE.encode("utf-8"), "/data/pages/a1.html")
    assert doc.kind == "html"
    assert doc.name == "a1.html"
    assert doc.title == "数字经济三年行动计划发布"
    assert doc.published == "2021-03-05"
    assert doc.url == "https://news.example.cn/2021/0305/a1.html"
    assert doc.text.split("\n") == [PARA1, PARA2, PARA3]
    assert doc.meta["source_name"] == "示例日报"
    assert doc.meta["author"] == "王小明"
    assert doc.meta["editor"] == "李四"


@pytest.mark.parametrize(
    "junk", ["脚本", "样式", "注释", "分享到", "扫一扫", "相关阅读", "另一条新闻", "版权所有", "首页", "责任编辑"]
)
def test_furniture_never_in_text(junk: str) -> None:
    assert junk not in read_html(ARTICLE.encode("utf-8"), "a1.html").text


def test_url_from_caller_wins() -> None:
    doc = read_html(ARTICLE.encode("utf-8"), "https://x.example/p?id=1", url="https://x.example/p?id=1")
    assert doc.url == "https://x.example/p?id=1"


def _gbk_page(meta: str) -> bytes:
    html = (
        f"<html><head>{meta}<title>政务公开测试标题 - 示例政府网</title></head><body>"
        f"<h1>政务公开测试标题</h1><p>发布时间：2019-05-08</p><p>{PARA1}</p><p>{PARA2}</p>"
        "<p>生僻字测试：镕、堃、喆。</p></body></html>"
    )
    return html.encode("gb18030")


@pytest.mark.parametrize(
    "meta",
    [
        "<meta charset=gbk>",
        '<meta charset="gb2312">',
        '<meta http-equiv="Content-Type" content="text/html; charset=GB2312">',
        "",  # no declaration at all: detection
    ],
)
def test_gbk_pages(meta: str) -> None:
    doc = read_html(_gbk_page(meta), "gov.html")
    assert doc.title == "政务公开测试标题"
    assert doc.published == "2019-05-08"
    assert PARA1 in doc.text
    if meta:
        assert doc.encoding == "gb18030"
        assert "镕、堃、喆" in doc.text  # beyond GB2312: decoded with the superset


def test_bom_wins_over_meta() -> None:
    data = "\ufeff".encode() + ARTICLE.replace('charset="utf-8"', 'charset="gbk"').encode("utf-8")
    assert decode_html(data)[1] == "utf-8"
    assert PARA1 in read_html(data, "bom.html").text


def test_list_page_is_refused() -> None:
    items = "".join(
        f'<li><a href="/n/{i}">第{i}条新闻标题示例文字</a><span>2019-05-0{i % 9 + 1}</span></li>' for i in range(40)
    )
    html = f"<html><head><title>新闻列表_示例网</title></head><body><ul>{items}</ul></body></html>"
    with pytest.raises(JianceError, match=r"^list\.html: no article text found \(list page or script-only page\)$"):
        read_html(html.encode(), "list.html")


def test_script_only_page_is_refused() -> None:
    html = "<html><head><title>加载中</title><script>render('正文由脚本生成，这里有很多文字，很多，很多。')</script>"
    html += '</head><body><div id="app"></div><noscript>请开启脚本以浏览本页，谢谢，谢谢。</noscript></body></html>'
    with pytest.raises(JianceError, match="no article text found"):
        read_html(html.encode(), "app.html")


def test_date_near_title_not_footer() -> None:
    html = ARTICLE.replace("2021年03月05日 10:21", "2019-05-08 10:21")
    assert read_html(html.encode(), "a.html").published == "2019-05-08"
    html = ARTICLE.replace("2021年03月05日 10:21", "").replace(
        "<head>", '<head><meta name="publishdate" content="2018-10-26">'
    )
    assert read_html(html.encode(), "a.html").published == "2018-10-26"


def test_parse_date() -> None:
    assert parse_date("2019年5月8日 10:21") == "2019-05-08"
    assert parse_date("发布时间：2019/05/08") == "2019-05-08"
    assert parse_date("2019年13月40日") is None
    assert parse_date("20190508", compact=True) == "2019-05-08"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("数字经济三年行动计划发布_新浪网", "数字经济三年行动计划发布"),
        ("数字经济三年行动计划发布 - 人民网", "数字经济三年行动计划发布"),
        ("数字经济三年行动计划发布|澎湃新闻", "数字经济三年行动计划发布"),
        ("数字经济计划发布_财经频道_示例网", "数字经济计划发布"),
        ("5G-A 网络商用 - 中国新闻网", "5G-A 网络商用"),
        ("棱镜|数据业大整顿", "棱镜|数据业大整顿"),
    ],
)
def test_strip_site_suffix(raw: str, expected: str) -> None:
    assert strip_site_suffix(raw) == expected


def test_too_large_is_refused() -> None:
    with pytest.raises(JianceError, match="too large"):
        read_html(b" " * (MAX_BYTES + 1), "huge.html")


@pytest.mark.parametrize(
    "name, data",
    [
        ("nul", b"<html><body><p>" + PARA1.encode() + b"\x00\x00</p>\x00<p>" + PARA2.encode() + b"</p></body></html>"),
        ("broken", b"<html><body><p>" + PARA1.encode() + b"<div><span><table><tr><td>" + PARA2.encode() + b"</p>"),
        ("deep", b"<html><body>" + b"<div>" * 100_000 + PARA1.encode() * 3 + b"</div>" * 10),
        ("tags", b"<a>" * 300_000),
        ("junk", (b"<p>" + PARA1.encode() + b"<b><i>") * 40_000 + b"\xff\xfe\x80" * 1000),
        ("binary", bytes(range(256)) * 4000),
    ],
)
def test_hostile_html_neither_crashes_nor_hangs(name: str, data: bytes) -> None:
    started = time.process_time()  # CPU time: other jobs on the machine do not count
    try:
        doc = read_html(data, f"{name}.html")
    except JianceError as err:
        assert str(err).startswith(f"{name}.html: ")
    else:
        assert "\x00" not in doc.text
        if name in ("nul", "broken"):
            assert PARA1 in doc.text and PARA2 in doc.text
    assert time.process_time() - started < 10


REAL = [
    # file, title, date: checked by reading the page source (see bench/html_eval_checked.json)
    ("163-1.html", '多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？', "2019-09-07"),
    ("sina-2.html", '60万"12306账号"外泄? 中铁总辟谣称消息不实', "2018-12-28"),
    ("gsc-1.html", "2019年中国人文地理学术年会在重庆•西南大学成功举行！", "2019-05-18"),
    ("zsnews-1.html", "顺德区大良街道党工委委员潘卓辉一行到众创金融街开展调研工作", "2019-03-06"),
    ("wechat-2.html", "一日一技：在 Python 中实现延迟调用", "2020-02-11"),
    ("xinhuanet-1.html", "法国全国大罢工再次严重影响交通", "2019-12-10"),
]


@pytest.mark.skipif(not PAGES.is_dir(), reason="saved news pages not available")
@pytest.mark.parametrize("name, title, date", REAL)
def test_real_pages(name: str, title: str, date: str) -> None:
    doc = read_html((PAGES / name).read_bytes(), str(PAGES / name))
    assert doc.title == title
    assert doc.published == date
    assert len(doc.text) > 200
    for junk in ("分享到", "责任编辑", "版权所有", "相关新闻", "扫一扫"):
        assert junk not in doc.text


@pytest.mark.skipif(not PAGES.is_dir(), reason="saved news pages not available")
def test_real_script_only_page() -> None:
    with pytest.raises(JianceError, match="no article text found"):
        read_html((PAGES / "other-1.html").read_bytes(), "other-1.html")
