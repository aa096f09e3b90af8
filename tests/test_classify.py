"""Event types, negative flags and sectors. Sentences written for these tests."""

from __future__ import annotations

import pytest

from jiance.extract.classify import EventClass, classify_event, classify_sectors, sector_names


@pytest.mark.parametrize(
    ("text", "etype", "cue"),
    [
        ("3月2日，某省人民政府办公厅印发《关于加快数字经济发展的若干意见》。", "policy", "印发"),
        ("某市发布《新型智慧城市建设三年行动计划》，明确建设任务。", "plan", "发布"),
        ("某区“一网通办”移动端正式上线，市民可在手机上办理社保业务。", "launch", "正式上线"),
        ("某银行与某科技公司签署战略合作协议，共建金融科技实验室。", "cooperation", "战略合作协议"),
        ("某教育科技公司宣布完成B轮融资，由某资本领投。", "financing", "融资"),
        ("第三届数字经济峰会在某市开幕，千余名嘉宾参会。", "conference", "峰会"),
        ("数据显示，一季度全市网络零售额同比增长18.2%。", "statistic", "数据显示"),
        ("某市网信办约谈两家网站负责人，责令限期整改。", "regulation", "约谈"),
        ("某县被确定为国家级电子商务综合示范县，开展试点工作。", "pilot", "示范县"),
        ("某企业荣获年度互联网创新大赛一等奖。", "award", "荣获"),
        ("某市召开干部大会传达会议精神。", "conference", "召开"),
        ("今天天气晴朗。", "other", None),
    ],
)
def test_event_types(text: str, etype: str, cue: str | None) -> None:
    ev = classify_event(text)
    assert isinstance(ev, EventClass)
    assert ev.event_type == etype, ev
    if cue:
        assert ev.cue == cue


def test_launch_release_without_title_is_launch() -> None:
    ev = classify_event("某银行发布首款线上小微企业贷款产品。")
    assert ev.event_type == "launch"


def test_title_decides_between_policy_and_plan() -> None:
    assert classify_event("某部印发《网络安全审查管理办法》。").event_type == "policy"
    assert classify_event("某部印发《5G应用扬帆行动计划》。").event_type == "plan"


def test_head_cue_counts_more_than_a_late_one() -> None:
    # opening with 签约 and mentioning a 论坛 later: cooperation
    ev = classify_event("某公司与某大学签约共建人工智能学院，双方还将联合举办学术论坛。")
    assert ev.event_type == "cooperation"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("某外卖平台因违规收集用户信息被罚款50万元。", "违规"),
        ("某云服务商机房宕机，多家网站无法访问。", "宕机"),
        ("某酒店集团发生数据泄露事件，涉及数百万条记录。", "数据泄露"),
        ("警方破获一起网络诈骗案，涉案金额上千万元。", "诈骗"),
        ("某应用商店下架违规App共32款。", "下架"),
    ],
)
def test_negative_events(text: str, cue: str) -> None:
    ev = classify_event(text)
    assert ev.negative and ev.negative_cue == cue


def test_guarded_negative_words_are_not_negative() -> None:
    assert not classify_event("某市开展防范电信诈骗宣传进社区活动。").negative
    assert not classify_event("某区上线数据泄露防护平台，并推出反诈骗小程序。").negative


def test_sectors_multiple_hits_with_cues() -> None:
    sec = classify_sectors("某县推进互联网+医疗健康，建设互联网医院，并通过一网通办实现社保卡在线申领。")
    assert sec["医疗健康"] == "互联网+医疗健康"
    assert sec["政务服务"] == "一网通办"
    assert sec["社会保障"] == "社保卡"


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("某市加快电子政务建设。", "政务服务", "电子商务"),
        ("某区发展跨境电子商务。", "电子商务", "政务服务"),
        ("某银行入驻金融街，推出互联网金融产品。", "普惠金融", None),
        ("某企业扩大医疗器械生产线。", None, "医疗健康"),
        ("某省人民政府办公厅印发通知。", None, "社会保障"),
        ("某公司发布AI语音助手。", "人工智能", None),
        ("MAIL系统升级。", None, "人工智能"),
        ("全国网民规模持续扩大。", None, "智慧能源"),
    ],
)
def test_sector_traps(text: str, present: str | None, absent: str | None) -> None:
    sec = classify_sectors(text)
    if present:
        assert present in sec, sec
    if absent:
        assert absent not in sec, sec


def test_jinrongjie_alone_is_not_finance() -> None:
    assert "普惠金融" not in classify_sectors("某银行总部设在金融街。")


def test_taxonomy_has_the_eleven_actions() -> None:
    names = set(sector_names())
    eleven = {
        "创业创新",
        "协同制造",
        "现代农业",
        "智慧能源",
        "普惠金融",
        "益民服务",
        "高效物流",
        "电子商务",
        "便捷交通",
        "绿色生态",
        "人工智能",
    }
    assert eleven <= names
    assert {
        "政务服务",
        "医疗健康",
        "教育",
        "扶贫",
        "工业互联网",
        "网络安全",
        "数字经济",
        "智慧城市",
        "税务",
        "社会保障",
    } <= names


def test_empty_text() -> None:
    assert classify_event("").event_type == "other"
    assert classify_sectors("") == {}
