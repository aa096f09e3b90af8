"""Segmenters for non-table shapes: headings, chronicle, news/bulletin, policy, paragraphs, regions.

Fixtures are sentences written for these tests; the seed checks read ../shared/seeds (skipped when
absent) and compare with counts taken by reading the documents.
"""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path

import pytest

from jiance.segment.base import Segment, level_for
from jiance.segment.chronicle import date_at_start, segment_chronicle
from jiance.segment.headings import HeadingIndex, strip_numbering
from jiance.segment.news import segment_news
from jiance.segment.paragraphs import segment_paragraphs
from jiance.segment.policy import parse_catalogue_line, segment_policy
from jiance.segment.shapes import choose_regions, segment_document

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def texts(text: str, segs: list[Segment], kind: str | None = None) -> list[str]:
    return [text[s.start : s.end] for s in segs if kind is None or s.kind == kind]


# -- headings ---------------------------------------------------------------------------------

REPORT = """示例研究月报
目 录
I 宏观经济\t3
一、本月运行\t3
II 行业快讯\t9
I 宏观经济
一、本月运行
（一）价格情况
1. 价格指数平稳
本月价格指数与上月基本持平，涨幅收窄。
（二）贸易情况
本月进出口总额比上年同期增长，结构继续优化。
II 行业快讯
一、某市启动数字乡村试点
某市于3月2日启动数字乡村试点，首批覆盖十个村。
试点安排
试点期为一年，期满后开展评估。
二、某公司发布开放平台
某公司发布开放平台，向开发者提供接口服务。
"""


def test_heading_paths_follow_first_use_and_skip_toc() -> None:
    idx = HeadingIndex(REPORT)
    assert idx.toc_spans and REPORT[idx.toc_spans[0][0] :].startswith("目 录")
    texts_ = [h.text for h in idx.headings]
    assert "I 宏观经济\t3" not in texts_  # TOC entries are not headings
    off = REPORT.index("本月价格指数")
    assert idx.path_at(off) == ["I 宏观经济", "一、本月运行", "（一）价格情况", "1. 价格指数平稳"]
    off = REPORT.index("本月进出口")
    assert idx.path_at(off) == ["I 宏观经济", "一、本月运行", "（二）贸易情况"]
    # an unnumbered sub-head nests under the heading it follows
    off = REPORT.index("试点期为一年")
    assert idx.path_at(off) == ["II 行业快讯", "一、某市启动数字乡村试点", "试点安排"]
    off = REPORT.index("某公司发布开放平台，")
    assert idx.path_at(off) == ["II 行业快讯", "二、某公司发布开放平台"]
    assert idx.path_at(REPORT.index("目 录")) == []


def test_heading_ranks_come_from_the_document_not_a_fixed_order() -> None:
    text = "1. 总体要求\n（1）工作目标\n到年底建成统一平台，实现数据共享。\n2. 保障措施\n加强组织领导，落实工作责任。\n"
    idx = HeadingIndex(text)
    assert idx.path_at(text.index("到年底")) == ["1. 总体要求", "（1）工作目标"]
    assert idx.path_at(text.index("加强组织")) == ["2. 保障措施"]


def test_long_numbered_sentences_are_not_headings() -> None:
    text = "一、收入情况\n1. 增值税收入比上年增长百分之五。其中，服务业增长较快，拉动作用明显。\n"
    idx = HeadingIndex(text)
    assert [h.text for h in idx.headings] == ["一、收入情况"]
    assert strip_numbering("（三）河南：启动教育扶贫") == "河南：启动教育扶贫"


# -- chronicle --------------------------------------------------------------------------------

CHRONICLE = """示例大事记
2019年1月8日，某部印发数据共享工作方案，明确三项任务。
2019年1月20—22日，某论坛在某市举行，
来自各地的代表参加了会议。
2019 年 2 月 3 日，某省上线政务服务平台。
3月
5日，某市发布智慧城市规划。
18日，某企业开通跨境支付服务。
"""


def test_chronicle_entries_one_per_date() -> None:
    segs = segment_chronicle(CHRONICLE)
    entries = [s for s in segs if s.kind == "chronicle"]
    assert [s.fields["date"] for s in entries] == [
        "2019年1月8日",
        "2019年1月20—22日",
        "2019 年 2 月 3 日",
        "5日",
        "18日",
    ]
    # a wrapped line stays with its entry
    assert texts(CHRONICLE, entries)[1].endswith("来自各地的代表参加了会议。")
    assert entries[3].section == ["示例大事记", "3月"]
    assert date_at_start("截至2019年底，用户达到一亿。") is None


# -- news and bulletins -----------------------------------------------------------------------

NEWS = """III 本月行业快讯
一、行业运行动态
（一）某平台用户规模突破一亿
某平台宣布用户规模突破一亿，同比增长三成。
增长原因
业内认为，服务下沉带动了新增用户。
（二）某基金正式成立
某基金正式成立，总规模一百亿元。（来源：某日报）
二、区域运行动态
（一）某省推进数字政府建设
某省印发方案，推进数字政府建设。
IV 本月海外市场扫描
一、某海外公司推出订阅服务
某海外公司推出订阅服务，每月收费十美元。
V 行业投融资动态
一、某科技公司获得A轮融资
某科技公司获得八百万元A轮融资，由某资本领投。
"""


def test_news_items_keep_subheads_and_take_source_and_level() -> None:
    segs = segment_document(NEWS)
    news = [s for s in segs if s.kind == "news"]
    assert [s.title for s in news] == [
        "某平台用户规模突破一亿",
        "某基金正式成立",
        "某省推进数字政府建设",
        "某海外公司推出订阅服务",
        "某科技公司获得A轮融资",
    ]
    assert "业内认为" in NEWS[news[0].start : news[0].end]  # the sub-head did not split the story
    assert news[1].fields["source"] == "某日报"
    assert news[0].section == ["III 本月行业快讯", "一、行业运行动态"]
    assert [s.level for s in news] == [None, None, "local", "overseas", "financing"]


BULLETIN = """政府动态
某市出台电子商务扶持办法
某市商务局印发扶持办法，对新设电商企业给予补贴。
办法自下月起施行。（来源：本刊编
辑部整理）
某区上线企业服务平台
某区上线企业服务平台，提供一站式办理。（来源：某区政府网）某县开通农产品直播
某县开通农产品直播，首日成交额逾百万元。【来源】某县融媒体中心
媒体视点
数字经济助力高质量发展
各方普遍看好数字经济前景。
开放合作
多家企业表示将扩大合作。（来源：某报）
送：市领导。
"""


def test_bulletin_items_end_at_their_source() -> None:
    segs = segment_document(BULLETIN)
    items = [s for s in segs if s.kind == "bulletin_item"]
    assert [s.title for s in items] == [
        "某市出台电子商务扶持办法",
        "某区上线企业服务平台",
        "某县开通农产品直播",
        "数字经济助力高质量发展",
    ]
    assert [s.fields["source"] for s in items] == ["本刊编辑部整理", "某区政府网", "某县融媒体中心", "某报"]
    assert items[0].section == ["政府动态"] and items[3].section == ["媒体视点"]
    assert "多家企业" in BULLETIN[items[3].start : items[3].end]  # sub-head kept inside
    assert not any("市领导" in t for t in texts(BULLETIN, segs))  # distribution list skipped


def test_segment_news_without_numbers_uses_titles() -> None:
    text = (
        "要闻速递\n某省发布数据条例\n某省人大常委会通过数据条例，明年施行。\n某市启用城市大脑\n某市城市大脑正式启用。\n"
    )
    segs = segment_news(text, bulletin=True)
    assert [s.title for s in segs if s.kind == "bulletin_item"] == ["某省发布数据条例", "某市启用城市大脑"]


# -- policy -----------------------------------------------------------------------------------

POLICY = """政策法规篇
某某平台管理办法
【颁布单位】某某部
【颁布时间】2018-3-1
第一条 为规范平台管理，制定本办法。
第二条 本办法适用于境内平台。
国家相关法规目录
【法规标题】关于推进某项工作的
指导意见
【颁布单位】某某委员会 某某部
【发文字号】某发〔2018〕12号
【颁布时间】2018-2-9
【法规标题】某某数据管理办法
【颁布单位】某省人民政府办公厅
【颁布时间】2018-1-5
"""


def test_policy_headers_and_catalogue_entries() -> None:
    segs = segment_document(POLICY)
    pol = [s for s in segs if s.kind == "policy"]
    assert [s.title for s in pol] == ["某某平台管理办法", "关于推进某项工作的指导意见", "某某数据管理办法"]
    assert pol[0].actor == "某某部" and pol[0].fields["date"] == "2018-3-1"
    assert pol[1].fields == {
        "title": "关于推进某项工作的指导意见",
        "issuer": "某某委员会 某某部",
        "doc_number": "某发〔2018〕12号",
        "date": "2018-2-9",
    }
    assert pol[2].section == ["政策法规篇", "国家相关法规目录"] and pol[2].level == "central"
    body = [s for s in segs if s.kind == "paragraph"]
    assert any("第一条" in POLICY[s.start : s.end] for s in body)  # the body stays plain paragraphs


def test_one_line_catalogue_entries() -> None:
    line = "关于加快某某产业发展的意见 某省人民政府 某政发〔2017〕8号 2017年4月1日"
    assert parse_catalogue_line(line) == {
        "date": "2017年4月1日",
        "doc_number": "某政发〔2017〕8号",
        "title": "关于加快某某产业发展的意见",
        "issuer": "某省人民政府",
    }
    assert parse_catalogue_line("某部印发了通知，要求各地加快建设。") is None
    text = "政策文件目录\n《某某服务规范》 某某部 某办发〔2016〕3号\n"
    pol = [s for s in segment_policy(text) if s.kind == "policy"]
    assert len(pol) == 1 and pol[0].title == "某某服务规范" and pol[0].actor == "某某部"


# -- paragraphs -------------------------------------------------------------------------------


def test_paragraphs_skip_headings_and_short_lines_and_join_wraps() -> None:
    text = (
        "一、总体情况\n本年度全市信息化建设稳步推进，\n各项指标好于预期。\n7\n"
        "1. 宽带用户数比上年增长一成以上，普及率继续提高。\n短行\n"
    )
    segs = segment_paragraphs(text)
    assert texts(text, segs) == [
        "本年度全市信息化建设稳步推进，\n各项指标好于预期。",
        "1. 宽带用户数比上年增长一成以上，普及率继续提高。",
    ]
    assert [s.kind for s in segs] == ["paragraph", "bullet"]
    assert segs[0].section == ["一、总体情况"]


# -- regions ----------------------------------------------------------------------------------

YEARBOOK = """目录
综述篇\t1
信息化大事记\t9
综述篇
总体情况
全年信息化发展水平持续提升，基础设施不断完善。
信息化大事记
2018年1月3日，某部召开全国信息化工作会议。
2018年1月9日，某省发布大数据发展规划。
政策法规篇
【法规标题】某某管理规定
【颁布单位】某某局
【颁布时间】2018-5-2
基础数据篇
指标\t2017年\t2018年
网民规模\t7.7亿\t8.3亿
"""


def test_choose_regions_by_cues() -> None:
    regions = choose_regions(YEARBOOK)
    shapes = [r.shape for r in regions]
    assert shapes == ["toc", "paragraph", "chronicle", "policy", "paragraph", "table"]
    assert regions[0].start == 0 and regions[-1].end == len(YEARBOOK)
    assert all(a.end == b.start for a, b in zip(regions, regions[1:], strict=False))
    segs = segment_document(YEARBOOK)
    kinds = [s.kind for s in segs if s.kind != "table_row"]
    assert kinds == ["paragraph", "chronicle", "chronicle", "policy"]


def test_dense_dates_make_a_chronicle_without_title() -> None:
    lines = [f"2018年{m}月{m + 1}日，某单位发布第{m}项措施。" for m in range(1, 7)]
    text = "一、重要活动\n" + "\n".join(lines) + "\n"
    assert [r.shape for r in choose_regions(text)] == ["chronicle"]
    assert len([s for s in segment_document(text) if s.kind == "chronicle"]) == 6


def test_forced_shape_and_levels() -> None:
    text = "某市启用城市大脑\n某市城市大脑正式启用，接入部门数据。\n"
    assert [s.kind for s in segment_document(text, shape="news")] == ["news"]
    with pytest.raises(ValueError):
        segment_document(text, shape="nonsense")
    assert level_for(["IV 本月海外市场扫描"]) == "overseas"
    assert level_for(["地区发展篇", "某市信息化发展概况"]) == "local"
    assert level_for(["二、某某动态"]) is None


# -- seeds ------------------------------------------------------------------------------------


@cache
def seed_text(prefix: str) -> str:
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip("seed documents not available")
    raw = paths[0].read_text(encoding="utf-8")
    try:
        from jiance.ingest.clean import clean_text
    except ImportError:
        return re.sub(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+", "\n", raw)
    return clean_text(raw).text


@cache
def seed_segments(prefix: str) -> tuple[Segment, ...]:
    return tuple(segment_document(seed_text(prefix)))


def test_seed_004_chronicle_and_policy_counts() -> None:
    segs = seed_segments("004")
    chron = [s for s in segs if s.kind == "chronicle" and s.section[:1] == ["信息化大事记"]]
    assert len(chron) == 138  # every dated entry of the 大事记, counted by hand
    assert all(s.fields["date"] for s in chron)
    pol = [s for s in segs if s.kind == "policy"]
    catalogue = [s for s in pol if any("目录" in h for h in s.section)]
    assert len(catalogue) == 218 and len(pol) == 227  # 218 catalogue entries + 9 full documents
    assert all(s.actor for s in pol)
    assert sum(1 for s in catalogue if s.level == "local") == 127


def test_seed_000_news_and_002_bulletin_counts() -> None:
    news = [s for s in seed_segments("000") if s.kind == "news"]
    assert len(news) == 30  # 8 focus + 11 industry/regional + 5 overseas + 6 financing
    levels = [s.level for s in news]
    assert levels.count("overseas") == 5 and levels.count("financing") == 6 and levels.count("local") == 5
    items = [s for s in seed_segments("002") if s.kind == "bulletin_item"]
    assert len(items) == 12 and all(s.fields.get("source") for s in items)
    assert [s.section[-1] for s in items].count("业界动态") == 6


def test_seed_003_ten_big_events() -> None:
    news = [s for s in seed_segments("003") if s.kind == "news"]
    assert len(news) == 10


def test_seed_004_speed() -> None:
    text = seed_text("004")
    segment_document(text[:5000])  # load the data files first
    t0 = time.process_time()
    segment_document(text)
    assert time.process_time() - t0 < 1.0  # CPU time (other jobs do not count); target 0.5 s, slack for busy CI
