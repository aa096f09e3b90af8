"""Tests of the PDF-to-text cleaner: each repair on small hand-written fixtures, the character
map, and the seeds (skipped when /work/shared is missing)."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import pytest

from jiance.ingest.clean import ITEM_SEP, clean_text
from jiance.model import LineIndex

SEEDS = Path("/work/shared/seeds")
GOLD = Path("/work/shared/gold/001_events.jsonl")
SEED_001 = SEEDS / "001_14763d34bfe0a13e.txt"

# the normalisations the cleaner may apply to a character (cleaned char -> possible originals)
_EQUIV = {"，": ",，", "；": ";；", "：": ":：", "（": "(（", "）": ")）", "？": "?？", "！": "!！", ".": ".．·"}


def _same_char(clean_ch: str, orig_ch: str) -> bool:
    if clean_ch == orig_ch or orig_ch in _EQUIV.get(clean_ch, ""):
        return True
    if "0" <= clean_ch <= "9" or "A" <= clean_ch <= "z" or clean_ch == "%":
        return ord(orig_ch) == ord(clean_ch) + 0xFEE0  # full-width form
    return False


def _check_map(raw: str, clean, samples: int = 400, seed: int = 7) -> None:
    """For random cleaned positions, the mapped original char is the same char (modulo the
    normalisations); inserted separators are skipped."""
    assert len(clean.text) == len(clean.char_map)
    assert all(0 <= p < len(raw) for p in clean.char_map)
    rng = random.Random(seed)
    positions = [i for i in range(len(clean.text)) if clean.text[i] not in "\n\t \u2028"]
    for i in rng.sample(positions, min(samples, len(positions))):
        assert _same_char(clean.text[i], raw[clean.char_map[i]]), (i, clean.text[i], raw[clean.char_map[i]])


# ---------------------------------------------------------------------------------------------
# line joining


def test_page_break_inside_sentence_is_joined() -> None:
    raw = (
        "二、市场概况\n\n"
        "本月全省网络零售额为 356.2 亿元，同比增长 18.4%，其中实物商品网络零售额\n\n\n\n"
        "占比继续提高，农产品网络零售增长较快。\n\n"
        "图表 2：网络零售额走势\n\n"
        "数据来源：省商务厅\n"
    )
    out = clean_text(raw).text.split("\n")
    assert out[0] == "二、市场概况"
    assert (
        out[1]
        == "本月全省网络零售额为356.2亿元，同比增长18.4%，其中实物商品网络零售额占比继续提高，农产品网络零售增长较快。"
    )
    assert out[2:] == ["图表2：网络零售额走势", "数据来源：省商务厅"]


def test_headings_and_titles_are_not_joined() -> None:
    raw = (
        "第三章 平台治理\n\n"
        "（一）加强协同监管，完善规则体系\n\n"
        "各地继续推进平台企业分级分类监管\n"
        "1. 专项行动\n"
        "某市启动平台经济专项行动，重点检查价格行为。\n\n"
        "华东地区平台经济发展论坛\n\n"
        "论坛在某市举行，来自四十家企业的代表参加。\n"
    )
    out = clean_text(raw).text.split("\n")
    assert out == [
        "第三章平台治理",
        "（一）加强协同监管，完善规则体系",
        "各地继续推进平台企业分级分类监管",
        "1. 专项行动",
        "某市启动平台经济专项行动，重点检查价格行为。",
        "华东地区平台经济发展论坛",
        "论坛在某市举行，来自四十家企业的代表参加。",
    ]


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    p1 = (
        "为推动数字乡村建设，某省通信管理局会同农业农村厅组织开展光纤网络进村入户工程，"
        "计划用两年时间实现行政村千兆光网全覆盖，并在具备条件的自然村推进移动网络深度覆盖。"
        "工程还将支持县域电商服务站点改造升级。"
    )
    p2 = (
        "与此同时，各地运营商将面向农户推出资费优惠套餐，对脱贫户给予专项补贴，"
        "并建立农村网络服务质量监测机制，定期公布各县的网络速率和故障处理时长。"
    )
    lines = ["农村网络建设加快推进", ""] + _wrap(p1, 30) + [""] + _wrap(p2, 30) + ["", "下一步工作安排"]
    out = clean_text("\n".join(lines)).text.split("\n")
    assert out == ["农村网络建设加快推进", p1, p2, "下一步工作安排"]


def test_wrapped_text_blank_between_every_line() -> None:
    """Some converters put a blank line after every line: blank lines then say nothing."""
    para = (
        "近年来，某市持续推进政务服务事项网上办理，企业开办时间压缩到两个工作日以内，"
        "不动产登记实现全流程网上申请，群众办事满意度明显提升，相关经验在全省推广。"
    )
    raw = "\n\n".join(["一、总体情况"] + _wrap(para, 28) + ["二、存在问题"])
    assert clean_text(raw).text.split("\n") == ["一、总体情况", para, "二、存在问题"]


def test_latin_words_keep_a_space_when_joined() -> None:
    raw = "该平台支持多种开放接口，可接入第三方 deep\nlearning 框架和数据服务。"
    assert clean_text(raw).text == "该平台支持多种开放接口，可接入第三方deep learning框架和数据服务。"


def test_chronicle_entries_stay_separate() -> None:
    raw = "2019年3月5日，某部发布关于推进智慧物流的通知，要求各地\n\n2019年3月9日，某省召开数字经济大会。\n"
    out = clean_text(raw).text.split("\n")
    assert len(out) == 2 and out[1].startswith("2019年3月9日")


# ---------------------------------------------------------------------------------------------
# spaces, widths and punctuation


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10 月 26 日", "10月26日"),
        ("金额为 4 108.90 万元", "金额为4108.90万元"),
        ("2018 年", "2018年"),
        ("自动驾驶汽车 Apollo 亮相", "自动驾驶汽车Apollo亮相"),
        ("visual AI", "visual AI"),
        ("Tel: 010-62300000", "Tel: 010-62300000"),
        ("占比达到 80 %以上", "占比达到80%以上"),
        ("２０１８年第３季度ＧＤＰ增长", "2018年第3季度GDP增长"),
        ("同比增长 3.5 个百分点", "同比增长3.5个百分点"),
    ],
)
def test_spaces_and_widths(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11月6日,某市发布方案;方案提出:到年底完成", "11月6日，某市发布方案；方案提出：到年底完成"),
        ("比去年同期(下同)增长", "比去年同期（下同）增长"),
        ("共计 1,000 家企业，增长 3.5%", "共计1,000家企业，增长3.5%"),
        ("会议于 10:30 开始", "会议于10:30开始"),
        ("详见 http://www.example.gov.cn/a,b;c:d.htm 原文", "详见http://www.example.gov.cn/a,b;c:d.htm原文"),
        ("Beijing Unbank Technology Co.,Ltd.", "Beijing Unbank Technology Co.,Ltd."),
        ("力争 2019 年底,实现全覆盖", "力争2019年底，实现全覆盖"),
        ("手机 APP,接入全省医院", "手机APP，接入全省医院"),
    ],
)
def test_punctuation(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


# ---------------------------------------------------------------------------------------------
# page furniture


def _paged_document() -> tuple[str, list[int]]:
    bodies = [
        "本期要闻：某部印发工业互联网平台建设指南，明确了平台分级评价的指标体系。",
        "某省推进数字政府建设，省级政务服务事项全部实现网上可办，办件量同比增长。",
        "共建数字丝绸之路",
        "某市举办跨境电商博览会，签约项目金额合计超过百亿元，涉及物流与支付领域。",
        "共建数字丝绸之路",
        "某运营商发布千兆宽带提速计划，年内新增覆盖家庭超过两百万户，资费保持不变。",
    ]
    lines: list[str] = []
    starts: list[int] = []
    for n, body in enumerate(bodies, 1):
        starts.append(len(lines))
        lines += ["数字经济监测简报", "", body, "", f"- {n} -", ""]
    return "\n".join(lines), starts


def test_running_headers_and_page_numbers_are_dropped() -> None:
    raw, starts = _paged_document()
    for page_starts in (starts, None):
        text = clean_text(raw, page_starts).text
        assert "数字经济监测简报" not in text
        assert "- 3 -" not in text and "-3-" not in text
        assert text.count("共建数字丝绸之路") == 2  # a repeated body line stays
        assert text.count("\n") == 5


def test_numbered_footer_and_image_placeholders() -> None:
    pages = []
    for n in range(1, 6):
        pages.append(
            f"某区信息化工作取得新进展，第{n}批项目完成验收，相关经验正在全区推广。\n"
            f"![](media/image{n}.png)\n\n\n"
            f"创新   协作   {n + 10}   开放   共享\n\n\n"
        )
    text = clean_text("".join(pages)).text
    assert "image" not in text and "协作" not in text
    assert text.count("\n") == 4


def test_bare_numbers_and_short_repeats_in_body_stay_when_not_furniture() -> None:
    raw = "【总体情况】\n\n本月完成投资，见下文。\n\n【总体情况】\n\n次月继续推进。\n\n【总体情况】\n\n再下月完成。\n"
    assert clean_text(raw).text.count("【总体情况】") == 3


# ---------------------------------------------------------------------------------------------
# tables


def test_table_cells_html_becomes_item_separators() -> None:
    raw = (
        "地区\t相关政策\t链接\n"
        "某省\t<p>3月1日，某省发布数据条例。</p> <p>3月9日，某省启动上云行动。</p>\t"
        "<p>http://a.example.cn/1.htm</p> <p>http://b.example.cn/2.htm</p>\n"
        '某企业\t<ul style="list-style-type: none"> ➤ 4月2日，某企业发布新平台。 ➤ 4月8日，某企业签署协议。</ul>\t\n'
        "某市\t5月3日，某市开通服务专线。 5月7日，某市上线小程序。\thttp://c.example.cn/3.htm http://d.example.cn/4.htm\n"
    )
    rows = [r.split("\t") for r in clean_text(raw).text.split("\n")]
    assert rows[0] == ["地区", "相关政策", "链接"]
    assert rows[1][1] == "3月1日，某省发布数据条例。" + ITEM_SEP + "3月9日，某省启动上云行动。"
    assert rows[1][2] == "http://a.example.cn/1.htm" + ITEM_SEP + "http://b.example.cn/2.htm"
    assert rows[2][1] == "4月2日，某企业发布新平台。" + ITEM_SEP + "4月8日，某企业签署协议。"
    assert rows[2][2] == ""
    assert rows[3][1] == "5月3日，某市开通服务专线。" + ITEM_SEP + "5月7日，某市上线小程序。"
    assert rows[3][2] == "http://c.example.cn/3.htm" + ITEM_SEP + "http://d.example.cn/4.htm"
    for row in rows:
        for cell in row:
            assert not cell.startswith(ITEM_SEP) and not cell.endswith(ITEM_SEP)
            assert ITEM_SEP * 2 not in cell and "<" not in cell


def test_table_rows_split_by_page_break_are_merged() -> None:
    raw = (
        "地区\t相关政策\t链接\n"
        "某省\t<p>3月1日，某省发布数据条例。</p> <p>3月9日，某省启动企业上云行动，助力</p>\t"
        "<p>http://a.example.cn/1.htm</p> <p>http://b.example.cn/ne</p>\n"
        "\n"
        "\t<p>中小企业数字化转型。</p> <p>3月20日，某省上线政务平台。</p>\t"
        "<p>ws/2019/2.htm</p> <p>http://c.example.cn/3.htm</p>\n"
        "\n"
        "\t<p>3月25日，某市开通服务专线。</p>\thttp://d.example.cn/4.htm\n"
        "某区\t4月1日，某区发布方案。\thttp://e.example.cn/5.htm\n"
    )
    clean = clean_text(raw)
    rows = [r.split("\t") for r in clean.text.split("\n")]
    assert len(rows) == 4
    assert rows[1][1].split(ITEM_SEP) == [
        "3月1日，某省发布数据条例。",
        "3月9日，某省启动企业上云行动，助力中小企业数字化转型。",
        "3月20日，某省上线政务平台。",
    ]
    assert rows[1][2].split(ITEM_SEP) == [
        "http://a.example.cn/1.htm",
        "http://b.example.cn/news/2019/2.htm",
        "http://c.example.cn/3.htm",
    ]
    assert rows[2] == ["", "3月25日，某市开通服务专线。", "http://d.example.cn/4.htm"]  # a new dated item
    # the joined sentence maps back to both original lines
    idx = LineIndex(raw)
    start = clean.text.index("助力中小企业")
    assert idx.line_of(clean.char_map[start]) == 2
    assert idx.line_of(clean.char_map[start + 2]) == 4
    _check_map(raw, clean)


def test_table_rows_are_not_joined_with_each_other() -> None:
    raw = "项目\t金额\n网络改造\t120万元\n\n平台建设\t80万元\n"
    assert clean_text(raw).text == "项目\t金额\n网络改造\t120万元\n平台建设\t80万元"


# ---------------------------------------------------------------------------------------------
# the character map


def test_char_map_on_fixtures() -> None:
    raw, starts = _paged_document()
    for text in (raw, "１１ 月 ６ 日,某市发布\n\n\n《数字经济\n促进条例》。\r\n下一段(内容)。"):
        _check_map(text, clean_text(text), samples=200)
    clean = clean_text("前言\n\n第一句，\n第二句。")
    assert clean.text == "前言\n第一句，第二句。"
    assert clean.char_map[2] == 2  # the kept newline maps to the original newline
    raw = "前言\n\n第一句，\n第二句。"
    assert raw[clean.char_map[6]] == "，" and clean.char_map[7] == raw.index("第二")


def test_empty_and_trivial_inputs() -> None:
    assert clean_text("").text == "" and clean_text("").char_map == []
    assert clean_text("\n\n  \n").text == ""
    c = clean_text("一句话。")
    assert c.text == "一句话。" and c.char_map == [0, 1, 2, 3]


# ---------------------------------------------------------------------------------------------
# seeds

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")


def _canon(s: str) -> str:
    return s.translate({ord(k): v[0] for k, v in {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}.items()})


@needs_seeds
@pytest.mark.skipif(not GOLD.is_file(), reason="gold annotations not available")
def test_gold_events_of_seed_001_survive_cleaning() -> None:
    raw = SEED_001.read_text("utf-8")
    clean = clean_text(raw)
    keep = [i for i, ch in enumerate(clean.text) if ch not in f" {ITEM_SEP}"]
    flat = _canon("".join(clean.text[i] for i in keep))
    index = LineIndex(raw)
    gold = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    assert len(gold) == 105
    for g in gold:
        needle = _canon(g["text"].replace(" ", ""))
        at = flat.find(needle)
        assert at >= 0, g["text"][:40]
        lines = {index.line_of(clean.char_map[keep[k]]) for k in range(at, at + len(needle))}
        assert lines <= set(g["lines"]), (g["line"], lines, g["lines"])
        assert g["line"] in lines


@needs_seeds
def test_seed_001_table_rows() -> None:
    clean = clean_text(SEED_001.read_text("utf-8"))
    rows = {r.split("\t")[0]: r.split("\t") for r in clean.text.split("\n") if "\t" in r}
    assert "http://cq.people.com.cn/GB/365413/news/2018111/20181111616445199766.htm" in rows["重庆市"][2].split(
        ITEM_SEP
    )
    assert rows["百度"][1].endswith("和用于训练算法的云端数据中心。")
    assert "-- " not in clean.text and "--\t--" not in clean.text
    assert "一、国家部委“互联网+”政策落实情况" in clean.text.split("\n")


@needs_seeds
@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_seed_map_and_shape(path: Path) -> None:
    raw = path.read_text("utf-8")
    clean = clean_text(raw)
    _check_map(raw, clean, samples=2000)
    assert "\n\n" not in clean.text
    assert clean.text.count("\n") < raw.count("\n")


@needs_seeds
def test_seed_specific_repairs() -> None:
    text = clean_text((SEEDS / "003_15c73210e1fd1c9a.txt").read_text("utf-8")).text
    assert not re.search(r"创新的思维.*\d+.*开放的平台", text)  # running footer with page number gone
    assert text.count("中国互联网产业发展报告中国互联网协会") == 0  # running header gone
    seed000 = clean_text((SEEDS / "000_7cd0b0a8d6e74682.txt").read_text("utf-8")).text
    assert "表明制造业生产继续保持增长" in seed000  # page break inside a word


@needs_seeds
def test_speed_on_the_yearbook() -> None:
    raw = (SEEDS / "004_a5a95cda5d5d1c7b.txt").read_text("utf-8")
    t = time.process_time()  # CPU time: other jobs on a shared machine do not count
    clean_text(raw)
    assert time.process_time() - t < 2.0
