"""Indicators: forms, periods, changes, units, traps. Sentences written for these tests."""

from __future__ import annotations

import pytest

from jiance.extract.indicators import extract_indicators, series_key


def one(text: str, **kw) -> dict:
    found = extract_indicators(text, **kw)
    assert len(found) == 1, found
    return found[0]


def test_level_with_mom_change_in_pp() -> None:
    ind = one("2019年6月份，制造业采购经理指数（PMI）为49.4%，比上月回落0.3个百分点。")
    assert ind["value"] == 49.4 and ind["unit"] == "%" and ind["unit_norm"] == "percent"
    assert ind["period"] == "2019-06"
    assert ind["change"] == -0.3 and ind["change_unit"] == "个百分点"
    assert ind["change_kind"] == "mom" and ind["direction"] == "down"
    assert ind["cue"] == "为"
    assert tuple(ind["series"]) == ("制造业PMI", "全国")


def test_two_changes_keep_both() -> None:
    ind = one("2019年6月份，非制造业商务活动指数为53.7%，比上月回落0.6个百分点，高于去年同期0.2个百分点。")
    assert ind["change"] == -0.6 and ind["change_kind"] == "mom"
    kinds = [c["change_kind"] for c in ind["changes"]]
    assert kinds == ["mom", "yoy"]
    assert ind["changes"][1]["change"] == 0.2


def test_value_is_a_change_yoy_and_mom() -> None:
    found = extract_indicators("2019年5月份，全国居民消费价格同比上涨2.7%，环比下降0.1%。")
    assert [i["value"] for i in found] == [2.7, -0.1]
    assert [i["change_kind"] for i in found] == ["yoy", "mom"]
    assert all(i["value_is_change"] for i in found)
    assert found[0]["subject"] == "全国" and found[0]["period"] == "2019-05"
    assert tuple(found[0]["series"]) == ("CPI同比", "全国")


def test_level_then_yoy_percent_change() -> None:
    ind = one("2018年，浙江省软件业务收入2350亿元，同比增长12.5%。")
    assert ind["name"] == "软件业务收入" and ind["subject"] == "浙江省"
    assert ind["value_base"] == pytest.approx(2.35e11) and ind["unit_norm"] == "CNY"
    assert ind["change"] == 12.5 and ind["change_kind"] == "yoy" and ind["direction"] == "up"


def test_counts_with_multiplier() -> None:
    found = extract_indicators("截至2019年6月，我国网民规模达8.54亿，移动电话用户总数达15.9亿户。")
    assert [i["value_base"] for i in found] == [pytest.approx(8.54e8), pytest.approx(1.59e9)]
    assert [i["unit"] for i in found] == ["亿", "亿户"]
    assert found[0]["subject"] == "我国" and found[0]["period"] == "2019-06"
    assert found[1]["name"] == "移动电话用户总数"


def test_revenue_completed() -> None:
    ind = one("全年电信业务收入完成1.3万亿元。", default_period="2018")
    assert ind["unit"] == "万亿元" and ind["value_base"] == pytest.approx(1.3e12)
    assert ind["period"] == "2018" and ind["cue"] == "完成"


def test_respectively_two_indicators_and_changes() -> None:
    found = extract_indicators("2018年城市、农村宽带普及率分别为85.1%和62.3%，分别比上年提高2.0个百分点、3.5个百分点。")
    assert [i["name"] for i in found] == ["城市宽带普及率", "农村宽带普及率"]
    assert [i["value"] for i in found] == [85.1, 62.3]
    assert [i["change"] for i in found] == [2.0, 3.5]
    assert found[0]["change_kind"] == "yoy"


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2019年第三季度，某市快递业务量为3.2亿件。", "2019-Q3"),
        ("截至2019年第二季度，某市快递业务量为3.2亿件。", "2019-Q2"),
        ("2019年1-4月份，某市快递业务量为3.2亿件。", "2019-01/2019-04"),
        ("2019年上半年，某市快递业务量为3.2亿件。", "2019-01/2019-06"),
        ("2019年前三季度，某市快递业务量为3.2亿件。", "2019-01/2019-09"),
        ("2019年全年，某市快递业务量为3.2亿件。", "2019"),
        ("截至2019年底，某市快递业务量为3.2亿件。", "2019"),
    ],
)
def test_period_forms(text: str, period: str) -> None:
    assert one(text)["period"] == period


def test_yearless_period_takes_year_from_default() -> None:
    assert one("一季度，某市快递业务量为3.2亿件。", default_period="2020-03")["period"] == "2020-Q1"


def test_comparison_year_is_not_the_period() -> None:
    ind = one("2018年某市网购用户为560万户，比2017年增加48万户。")
    assert ind["period"] == "2018"
    assert ind["change"] == 48.0 and ind["change_unit"] == "万户" and ind["change_kind"] == "yoy"


def test_flat() -> None:
    ind = one("库存指数为47.9%，与上月持平。", default_period="2019-06")
    assert ind["direction"] == "flat" and ind["change"] == 0.0 and ind["change_kind"] == "mom"


def test_qualifiers() -> None:
    assert one("某平台注册用户超过300万人。")["qualifier"] == "超过"
    assert one("某平台注册用户达300万人以上。")["qualifier"] == "以上"
    assert one("某平台注册用户约300万人。")["qualifier"] == "约"


def test_units_times_and_duration() -> None:
    ind = one("杭州市审批时限由20个工作日压缩到5个工作日。")
    assert ind["from_value"] == 20 and ind["name"] == "审批时限"
    assert ind["value"] == 5 and ind["unit"] == "个工作日" and ind["unit_norm"] == "day"
    assert one("某区跨境交易额增长了3倍。")["unit"] == "倍"


def test_default_subject_and_company_subject() -> None:
    assert one("活跃用户达2.1亿。", default_subject="某公司")["subject"] == "某公司"
    ind = one("某某科技有限公司营业收入达12亿元。")
    assert ind["subject"] == "某某科技有限公司" and ind["name"] == "营业收入"


def test_index_without_unit() -> None:
    ind = one("2018年农村物流业务量指数为168.2。")
    assert ind["value"] == 168.2 and ind["unit"] == "" and ind["name"] == "农村物流业务量指数"


@pytest.mark.parametrize(
    "text",
    [
        "2017年4月，某部印发通知。",  # dates
        "会议定于2019.9召开。",  # bare decimals
        "某省印发《通知》（某政发〔2018〕35号）。",  # document numbers
        "咨询电话：010-68208888。",  # phone numbers
        "该企业位列全国第3，排名第12位。",  # rankings
        "国务院10部门联合印发意见。",  # a count that is not a statistic
        "",
    ],
)
def test_no_false_facts(text: str) -> None:
    assert extract_indicators(text) == []


def test_offsets_point_into_original_text_with_spaces() -> None:
    text = "2017 年 4 月份，新订单指数为 52.3%，低于上月 1.0 个百分点。"
    ind = one(text)
    assert ind["value"] == 52.3 and ind["change"] == -1.0 and ind["period"] == "2017-04"
    assert text[ind["start"] : ind["end"]] == ind["text"]
    assert ind["text"].startswith("新订单指数") and ind["text"].endswith("个百分点")


def test_target_flag() -> None:
    ind = one("到2020年，全省光纤入户率将达到90%以上。")
    assert ind["target"] is True and ind["period"] == "2020"


def test_series_key_normalises_pmi_variants() -> None:
    keys = {
        series_key("中国制造业采购经理指数（PMI）", "中国"),
        series_key("制造业采购经理指数", None),
        series_key("制造业PMI", "全国"),
        series_key("PMI", "我国"),
    }
    assert keys == {("制造业PMI", "全国")}
    assert series_key("大型企业PMI", None) == ("大型企业PMI", "全国")
    assert series_key("网民规模", "浙江省") == ("网民规模", "浙江省")
