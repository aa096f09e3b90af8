"""Tests for jiance.extract.money and jiance.extract.funding, on sentences written for these tests."""

from __future__ import annotations

import pytest

from jiance.extract.funding import extract_funding
from jiance.extract.money import extract_amounts


def one(text: str, **kw) -> dict:
    amounts = extract_amounts(text, **kw)
    assert len(amounts) == 1, amounts
    a = amounts[0]
    assert text[a["start"] : a["end"]] == a["text"]
    return a


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("项目总投资800万元。", 8_000_000, "CNY"),
        ("营收1.2亿元", 120_000_000, "CNY"),
        ("交易额3万亿元", 3_000_000_000_000, "CNY"),
        ("合同金额4108.90万元", 41_089_000, "CNY"),
        ("募得1,200万美元", 12_000_000, "USD"),
        ("注册资本人民币5亿元", 500_000_000, "CNY"),
        ("注册资本5亿元人民币", 500_000_000, "CNY"),
        ("市值12.5亿港元", 1_250_000_000, "HKD"),
        ("资助300万欧元", 3_000_000, "EUR"),
        ("拨款五千万元", 50_000_000, "CNY"),
        ("一亿元", 100_000_000, "CNY"),
        ("两亿元", 200_000_000, "CNY"),
        ("数百家企业共获百万美元", 1_000_000, "USD"),
        ("千万元级项目", 10_000_000, "CNY"),
        ("贷款 2.5 亿美金", 250_000_000, "USD"),
    ],
)
def test_amount_forms(text, value, currency):
    a = one(text)
    assert a["value"] == pytest.approx(value)
    assert a["currency"] == currency


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "norm"),
    [
        ("投入5000余万元", 50_000_000, "余", "over"),
        ("净利润600多亿元", 60_000_000_000, "多", "over"),
        ("规模超10亿元", 1_000_000_000, "超", "over"),
        ("融资近3亿美元", 300_000_000, "近", "approx"),
        ("约2000万元左右", 20_000_000, "约/左右", "approx"),
        ("投资1亿元以上", 100_000_000, "以上", "at_least"),
        ("逾50亿元", 5_000_000_000, "逾", "over"),
        ("不到300万元", 3_000_000, "不到", "under"),
        ("上亿元", 100_000_000, "上", "at_least"),
    ],
)
def test_qualifiers(text, value, qualifier, norm):
    a = one(text)
    assert a["value"] == pytest.approx(value)
    assert a["qualifier"] == qualifier
    assert a["qualifier_norm"] == norm


def test_vague_amount_has_no_value():
    a = one("获得数千万元投资")
    assert a["value"] is None and a["qualifier_norm"] == "vague" and a["currency"] == "CNY"
    assert a["text"] == "数千万元"


@pytest.mark.parametrize("text", ["预计投入1亿至2亿元", "预计投入1-2亿元", "预计投入1亿-2亿元"])
def test_ranges(text):
    a = one(text)
    assert a["value"] == 100_000_000 and a["value_max"] == 200_000_000


def test_two_amounts_and_offsets():
    text = "两家公司营收分别为3亿元和5亿元。"
    got = extract_amounts(text)
    assert [a["value"] for a in got] == [300_000_000, 500_000_000]
    assert [text[a["start"] : a["end"]] for a in got] == ["3亿元", "5亿元"]


@pytest.mark.parametrize(
    "text",
    [
        "新增50万户",
        "覆盖3000万人",
        "2019.9",
        "增长12.5%",
        "多元化发展",
        "坚持一元化管理",
        "每万元GDP能耗",
        "第三届大会",
        "2016-2020年",
    ],
)
def test_numbers_without_currency_are_not_amounts(text):
    assert extract_amounts(text) == []


def test_default_currency_for_bare_numbers_in_money_context():
    a = one("甲公司领投7亿，", default_currency="CNY")
    assert a["value"] == 700_000_000 and a["currency_implied"] is True
    assert extract_amounts("覆盖3000万人", default_currency="CNY") == []


# ------------------------------------------------------------------ funding


def test_funding_basic():
    [f] = extract_funding("近日，杭州云图科技获得2000万元A轮融资，由红杉中国领投，经纬创投跟投。")
    assert f["company"] == "杭州云图科技"
    assert f["round"] == "A轮" and f["round_norm"] == "a"
    assert f["amount"]["value"] == 20_000_000 and f["amount"]["currency"] == "CNY"
    assert [(i["name"], i["role"]) for i in f["investors"]] == [("红杉中国", "lead"), ("经纬创投", "follow")]


def test_funding_round_variants():
    cases = {
        "乙网络宣布完成数千万元Pre-A轮融资。": ("Pre-A轮", "pre_a"),
        "乙网络完成PreA轮融资。": ("PreA轮", "pre_a"),
        "丙平台完成1亿元B+轮融资。": ("B+轮", "b_plus"),
        "丁科技获得天使轮融资。": ("天使轮", "angel"),
        "戊公司完成种子轮融资。": ("种子轮", "seed"),
        "己科技获得某集团战略投资。": ("战略投资", "strategic"),
        "庚科技完成Pre-IPO轮融资。": ("Pre-IPO轮", "pre_ipo"),
        "辛网络获得5亿元新一轮融资。": ("新一轮", "unspecified"),
    }
    for text, (written, norm) in cases.items():
        [f] = extract_funding(text)
        assert (f["round"], f["round_norm"]) == (written, norm), text


def test_funding_investors_with_shares_and_valuation_skipped():
    text = (
        "某某网宣布已经获得10亿元新一轮融资。本轮融资由甲资本管理有限公司领投4亿，"
        "乙投资有限公司跟投3亿、丙科技有限公司跟投3亿，公司估值达到100亿元。"
    )
    [f] = extract_funding(text)
    assert f["company"] == "某某网"
    assert f["amount"]["value"] == 1_000_000_000
    inv = {i["name"]: (i["role"], i["amount"]["value"]) for i in f["investors"]}
    assert inv == {
        "甲资本管理有限公司": ("lead", 400_000_000),
        "乙投资有限公司": ("follow", 300_000_000),
        "丙科技有限公司": ("follow", 300_000_000),
    }
    assert f["end"] == len(text) - 1


def test_funding_descriptor_and_latin_name_and_usd():
    text = (
        "以色列安全独角兽 Cyberon 公司宣布获得了一笔 2 亿美元的私募股权融资，"
        "投资方为 Alpha Capital，公司估值达到 30 亿美元。"
    )
    [f] = extract_funding(text)
    assert f["company"] == "Cyberon"
    assert f["round"] == "私募股权融资" and f["round_norm"] == "private_equity"
    assert f["amount"]["value"] == 200_000_000 and f["amount"]["currency"] == "USD"
    assert [(i["name"], i["role"]) for i in f["investors"]] == [("Alpha Capital", "other")]


def test_funding_investor_between_verb_and_amount_and_quoted_brand():
    [f] = extract_funding("电竞陪练公司甲乙网络科技获得丙丁网络科技有限公司500万A轮融资，公司估值达到5000万。")
    assert f["company"] == "甲乙网络科技"
    assert f["amount"]["value"] == 5_000_000
    assert [i["name"] for i in f["investors"]] == ["丙丁网络科技有限公司"]
    [f] = extract_funding("2019年3月，短视频应用“快拍”完成3亿元C轮融资，腾讯与百度联合领投。")
    assert f["company"] == "快拍"
    assert [(i["name"], i["role"]) for i in f["investors"]] == [("腾讯", "lead"), ("百度", "lead")]


def test_funding_subject_carried_over_and_pronoun():
    text = "去年5月，某贷网获得某基金领投的3亿C轮融资；2016年6月获得2亿元B轮融资。"
    fs = extract_funding(text)
    assert [(f["company"], f["round"], f["amount"]["value"]) for f in fs] == [
        ("某贷网", "C轮", 300_000_000),
        ("某贷网", "B轮", 200_000_000),
    ]
    assert fs[0]["investors"][0] == {"name": "某基金", "role": "lead", "start": 10, "end": 13}
    text = "某某视界是一家AR教育公司。公司日前宣布获得800万元Pre-A轮融资，某某资本领投。"
    [f] = extract_funding(text)
    assert f["company"] == "某某视界"


def test_not_funding():
    for text in [
        "银行网络融资余额已达6904亿元，较年初增长612亿元。",
        "着力解决小微企业融资难、融资贵问题。",
        "该公司累计获得24.75亿元融资。",
        "平台累计帮助企业融资786亿元。",
        "项目获批设立产业投资基金。",
        "浦发银行上线互联网融资产品。",
        "新增用户3000万人，同比增长12%。",
    ]:
        assert extract_funding(text) == [], text


def test_funding_more_forms():
    [f] = extract_funding("6月12日，某某汽车在纽交所完成IPO，募资约11亿美元。")
    assert (f["company"], f["round_norm"], f["amount"]["value"]) == ("某某汽车", "ipo", 1_100_000_000)
    [f] = extract_funding("某某平台完成Pre-A轮融资，投资方包括甲资本、乙基金和丙创投等。")
    assert [(i["name"], i["role"]) for i in f["investors"]] == [
        ("甲资本", "other"),
        ("乙基金", "other"),
        ("丙创投", "other"),
    ]
    [f] = extract_funding("本轮由高瓴资本领投，红杉中国、IDG资本等老股东参投。")
    assert f["company"] is None
    assert [(i["name"], i["role"]) for i in f["investors"]] == [
        ("高瓴资本", "lead"),
        ("红杉中国", "follow"),
        ("IDG资本", "follow"),
    ]
    [f] = extract_funding("某集团战略投资某某科技有限公司。")
    assert f["company"] == "某某科技有限公司" and f["round_norm"] == "strategic"
    assert f["investors"][0]["name"] == "某集团"
    [f] = extract_funding("甲医疗宣布已完成对乙信息的A轮数千万元投资。")
    assert f["company"] == "乙信息" and f["investors"][0]["name"] == "甲医疗"
    assert f["amount"]["qualifier_norm"] == "vague"
