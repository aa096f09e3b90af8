"""Tests for jiance.extract.policies, on sentences written for these tests."""

from __future__ import annotations

from jiance.extract.policies import (
    classify_title,
    extract_doc_numbers,
    extract_policies,
    extract_policy_record,
    policy_key,
)


def titles(text: str, **kw) -> list[str | None]:
    return [p["title"] for p in extract_policies(text, **kw)]


def test_title_issuer_date_and_offsets():
    text = "9月3日，市经信委印发《关于加快发展智能制造产业的实施意见》，明确五项任务。"
    [p] = extract_policies(text, item_date="2019-09-05")
    assert p["title"] == "关于加快发展智能制造产业的实施意见"
    assert p["issuer"] == "市经信委"
    assert p["date"] == "2019-09-03"
    assert p["kind"] == "policy" and p["cue"] == "suffix:实施意见"
    assert text[p["start"] : p["end"]] == p["text"] == "《关于加快发展智能制造产业的实施意见》"
    assert p["alias_of"] is None


def test_several_issuers_leading_words_dropped_and_verb_variants():
    text = "近日，省发展改革委、省财政厅和省商务厅联合印发了《某省跨境电商三年行动计划（2019—2021年）》。"
    [p] = extract_policies(text)
    assert p["issuer"] == "省发展改革委、省财政厅和省商务厅"
    assert p["title"] == "某省跨境电商三年行动计划（2019—2021年）"
    assert p["kind"] == "policy"
    assert p["date"] is None  # the year range belongs to the title, not to the clause


def test_issuer_after_you_and_date_from_year_month():
    text = "2017年4月，由市大数据局、市法制办共同研究制定的《某市公共数据开放管理办法》开始施行。"
    [p] = extract_policies(text)
    assert p["issuer"] == "市大数据局、市法制办"
    assert p["date"] == "2017-04"


def test_item_date_used_when_clause_has_none():
    [p] = extract_policies("区政府出台《促进数字经济发展若干措施》。", item_date="2020-03-01")
    assert p["date"] == "2020-03-01"
    assert p["issuer"] == "区政府"


def test_back_reference_in_same_text():
    text = "县农业局发布《关于推进农村电商服务站建设的通知》。《通知》要求年底前完成建设。"
    ps = extract_policies(text)
    assert [p["title"] for p in ps] == ["关于推进农村电商服务站建设的通知", "通知"]
    assert ps[1]["alias_of"] == "关于推进农村电商服务站建设的通知"
    assert ps[1]["kind"] == "policy"


def test_back_reference_to_last_titles():
    [p] = extract_policies("《实施方案》提出三方面举措。", last_titles=["某市智慧交通建设实施方案"])
    assert p["alias_of"] == "某市智慧交通建设实施方案"


def test_generic_title_without_antecedent_has_no_alias():
    [p] = extract_policies("按照《办法》规定执行。")
    assert p["title"] == "办法" and p["alias_of"] is None


def test_declared_alias_in_brackets_and_quotes():
    text = "省政府印发《某省数字政府建设总体规划》（以下简称《总体规划》）。《总体规划》共分六章。"
    ps = extract_policies(text)
    assert [p["title"] for p in ps] == ["某省数字政府建设总体规划", "总体规划", "总体规划"]
    assert all(p["alias_of"] == "某省数字政府建设总体规划" for p in ps[1:])
    text = "部里发布《数据出境评估指南》（简称“指南”），征求意见。"
    ps = extract_policies(text)
    assert ps[1]["title"] == "指南" and ps[1]["alias_of"] == "数据出境评估指南"
    assert text[ps[1]["start"] : ps[1]["end"]] == "“指南”"


def test_doc_number_after_title_variants():
    cases = {
        "《关于推进某项工作的意见》（国发[2015]40号）": "国发〔2015〕40号",
        "《某某管理办法》(国办函(2018)12号)": "国办函〔2018〕12号",
        "《某某工作方案》粤府办【2018】5号": "粤府办〔2018〕5号",
        "《某某规划》（工信部信软〔2016〕101 号）": "工信部信软〔2016〕101号",
    }
    for text, number in cases.items():
        [p] = extract_policies(text)
        assert p["doc_number"] == number, text


def test_standalone_doc_numbers():
    ps = extract_policies("依照国办发〔2017〕47号文件和市政府令第12号执行。")
    assert [p["doc_number"] for p in ps] == ["国办发〔2017〕47号", "市政府令第12号"]
    assert all(p["title"] is None for p in ps)
    dn = extract_doc_numbers("按照财税〔2016〕49 号文件")
    assert dn[0]["doc_number"] == "财税〔2016〕49号"
    assert dn[0]["text"] == "财税〔2016〕49 号"


def test_list_of_titles_shares_issuer():
    text = "市文广局先后印发了《网吧管理细则》《关于加强演出市场管理的通知》等文件。"
    ps = extract_policies(text)
    assert [p["issuer"] for p in ps] == ["市文广局", "市文广局"]


def test_nested_titles():
    text = "印发《关于修改〈数据管理办法〉的决定》和《关于转发《示范区建设方案》的通知》。"
    got = titles(text)
    assert "关于修改〈数据管理办法〉的决定" in got
    assert "关于转发《示范区建设方案》的通知" in got
    assert "示范区建设方案" in got


def test_title_with_stray_newline_and_spaces():
    [p] = extract_policies("发布《中国 5G 产业发展\n白皮书 2019》。")
    assert p["title"] == "中国5G产业发展白皮书2019"
    assert p["kind"] == "report"


def test_unbalanced_bracket_yields_nothing_bogus():
    assert extract_policies("他说《这个标题没有结束。下一句话也没有书名号。") == []
    assert titles("开头一个《残缺的。后来发布《某区数据安全规定》。") == ["某区数据安全规定"]
    assert extract_policies("只有》右书名号。") == []


def test_kinds_from_cues_and_suffixes():
    assert extract_policies("他主编的《数字治理之道》一书由某出版社出版。")[0]["kind"] == "book"
    assert extract_policies("综艺节目《创业新势力》在卫视播出。")[0]["kind"] == "tv"
    assert extract_policies("电视剧《山海情深》热播。")[0]["kind"] == "tv"
    assert extract_policies("玩家在《王者天下》等手游中消费。")[0]["kind"] == "game"
    assert extract_policies("影片《长空》上映首日票房破亿。")[0]["kind"] == "film"
    assert extract_policies("研究院发布《中国数字经济蓝皮书》。")[0]["kind"] == "report"
    assert extract_policies("执行《电子商务平台服务规范》。")[0]["kind"] == "standard"
    assert extract_policies("双方签署《战略合作协议》。")[0]["kind"] == "other"
    assert extract_policies("他喜欢读《春江花月》。")[0]["kind"] == "other"


def test_agency_name_with_cue_word_is_not_media():
    kind, _ = classify_title(
        "网络视听内容管理规定", before="国家新闻出版广电总局发布", clause="国家新闻出版广电总局发布"
    )
    assert kind == "policy"


def test_standard_number_before_title():
    [p] = extract_policies("参照GB/T 35273-2020《信息安全技术个人信息安全规范》。")
    assert p["kind"] == "standard"


def test_no_false_facts_from_plain_text():
    assert extract_policies("2019.9 全年收入增长12%，用户达3000万人。") == []
    assert extract_policies("") == []


def test_policy_record_from_labelled_lines():
    text = (
        "【法规标题】某市促进区块链产业发展办法\n【颁布单位】某市人民政府\n"
        "【发文字号】某府发〔2019〕8 号\n【颁布时间】2019-7-9"
    )
    rec = extract_policy_record(text)
    assert rec["title"] == "某市促进区块链产业发展办法"
    assert rec["issuer"] == "某市人民政府"
    assert rec["doc_number"] == "某府发〔2019〕8号"
    assert rec["date"] == "2019-07-09"
    assert rec["kind"] == "policy"
    assert text[rec["start"] : rec["end"]] == rec["title"]
    assert extract_policy_record("没有标签的一行") is None


def test_policy_key_dedups_spelling_variants():
    a = policy_key("“互联网+政务服务”技术体系建设指南")
    b = policy_key('"互联网＋政务服务" 技术体系建设指南')
    assert a == b
    # Generic 关于… titles are shared by many issuers, so the issuer is part of their key.
    k1 = policy_key("关于加快推进电子商务发展的实施意见", "甲省人民政府办公厅")
    k2 = policy_key("关于加快推进电子商务发展的实施意见", "甲省政府")
    k3 = policy_key("关于加快推进电子商务发展的实施意见", "乙省人民政府")
    assert k1 == k2 != k3
