"""Gazetteer: region data, place/agency/company finders, actor canonicalisation, speed."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from jiance.gazetteer import (
    all_words,
    ancestors,
    canonical_actor,
    find_agencies,
    find_companies,
    find_places,
    get_gazetteer,
    province_order,
    resolve_place,
)
from jiance.gazetteer.scanner import Scanner

DATA = Path(__file__).resolve().parents[1] / "src/jiance/gazetteer/data"
SEEDS = Path("/work/shared/seeds")
GOLD = Path("/work/shared/gold/001_events.jsonl")


def places(text: str) -> list[tuple[str, str]]:
    return [(h.text, h.name) for h in find_places(text)]


def codes(text: str) -> list[str]:
    return [h.code for h in find_places(text)]


# ---------------------------------------------------------------- region data


def test_regions_csv_counts_and_codes() -> None:
    with (DATA / "regions.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    levels = [r["level"] for r in rows]
    assert levels.count("province") == 34
    assert 330 <= levels.count("city") <= 340
    assert levels.count("county") >= 2800
    by_code = {r["code"]: r for r in rows}
    assert len(by_code) == len(rows)
    assert all(len(r["code"]) == 6 and r["code"].isdigit() for r in rows)
    for r in rows:  # every parent exists and shares the province prefix
        if r["parent"]:
            assert r["parent"] in by_code
            assert by_code[r["parent"]]["code"][:2] == r["code"][:2]


def test_province_order_is_yearbook_order() -> None:
    order = province_order()
    assert len(order) == 31
    assert order[:4] == ["北京市", "天津市", "河北省", "山西省"]
    assert order[-5:] == ["陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"]
    assert order.index("贵州省") + 1 == order.index("云南省")
    provinces = [p.name for p in get_gazetteer().provinces]
    assert provinces[-3:] == ["台湾省", "香港特别行政区", "澳门特别行政区"]


def test_resolve_and_ancestors() -> None:
    p = resolve_place("罗湖区")
    assert p is not None and p.code == "440303" and p.level == "county" and p.city == "深圳市"
    assert [a.name for a in ancestors("罗湖区")] == ["深圳市", "广东省"]
    assert [a.name for a in ancestors("福州市")] == ["福建省"]
    assert resolve_place("新疆").name == "新疆维吾尔自治区"
    assert resolve_place("内蒙古").name == "内蒙古自治区"
    assert resolve_place("吉林").level == "province"  # the province outranks 吉林市
    assert resolve_place("朝阳区").code == "110105"  # data default for a shared name
    assert resolve_place("襄樊").name == "襄阳市"  # former name
    assert resolve_place("仙桃市").province == "湖北省" and resolve_place("仙桃市").city is None
    assert resolve_place("不存在的地方") is None


# ---------------------------------------------------------------- place finder


def test_full_short_and_alias_names() -> None:
    found = places("我们从福州出发，经罗湖去内蒙古和宁夏，再到呼市。")
    assert ("福州", "福州市") in found
    assert ("罗湖", "罗湖区") in found
    assert ("内蒙古", "内蒙古自治区") in found
    assert ("宁夏", "宁夏回族自治区") in found
    assert ("呼市", "呼和浩特市") in found
    hit = find_places("他在福州市工作")[0]
    assert (hit.start, hit.end, hit.level, hit.province, hit.city) == (2, 5, "city", "福建省", "福州市")


def test_one_char_abbreviations_only_in_compounds() -> None:
    assert places("京东与沪上公司签约") == []
    names = [n for _, n in places("推进京津冀协同发展和粤港澳大湾区建设")]
    assert names == ["北京市", "天津市", "河北省", "广东省", "香港特别行政区", "澳门特别行政区"]


def test_longest_leftmost_match_traps() -> None:
    assert places("国网天津市电力公司召开会议") == [("天津市", "天津市")]
    assert places("湖南省津市市政府") == [("湖南省", "湖南省"), ("津市市", "津市市")]
    assert places("海南藏族自治州的牧民") == [("海南藏族自治州", "海南藏族自治州")]
    assert places("海南的椰子") == [("海南", "海南省")]
    assert [n for _, n in places("江西和广西、陕西和山西")] == ["江西省", "广西壮族自治区", "陕西省", "山西省"]
    assert [n for _, n in places("陕西西安的游客")] == ["陕西省", "西安市"]
    assert [n for _, n in places("他到结合山西省的情况")] == ["山西省"]


def test_blocked_contexts() -> None:
    assert places("中山大学的学生在中山路纪念孙中山") == []
    assert places("游客漫步上海南京路") == [("上海", "上海市")]
    assert places("广东中山市的企业") == [("广东", "广东省"), ("中山市", "中山市")]


def test_jilin_city_versus_province() -> None:
    assert codes("吉林省吉林市") == ["220000", "220200"]
    assert codes("吉林的冬天") == ["220000"]


def test_shared_names_follow_context_then_default() -> None:
    assert codes("北京市朝阳区和长春市朝阳区") == ["110000", "110105", "220100", "220104"]
    assert codes("朝阳区的居民") == ["110105"]
    assert codes("辽宁朝阳市") == ["210000", "211300"]
    assert codes("南京市鼓楼区与福州市鼓楼区") == ["320100", "320106", "350100", "350102"]
    assert codes("江苏南通通州区") == ["320000", "320600", "320612"]
    assert codes("北京通州区") == ["110000", "110112"]
    assert codes("沈阳市和平区") == ["210100", "210102"]
    assert codes("和平区") == ["120101"]


def test_county_short_names_need_a_place_beside_them() -> None:
    # Ordinary words that contain a county's short name are not places.
    assert places("强化创新驱动和政策激励，推广安全可信的产品，依法保证质量和安全") == []
    assert places("朝阳产业发展迅速") == []
    # Right after its own city, or in a list after a sibling, the short name counts.
    assert [n for _, n in places("福州马尾的产业园")] == ["福州市", "马尾区"]
    assert [n for _, n in places("广州拥有天河、黄埔、海珠等区")] == ["广州市", "天河区", "黄埔区", "海珠区"]
    # Refusing a short name does not hide the place after it: 构建宁夏 is not 建宁 + 夏.
    assert [n for _, n in places("构建宁夏的数据中心")] == ["宁夏回族自治区"]


# ---------------------------------------------------------------- agencies


def agencies(text: str) -> list[tuple[str, str, str | None]]:
    return [(h.canonical, h.kind, h.place) for h in find_agencies(text)]


def test_central_aliases_and_former_names() -> None:
    found = agencies("工信部、国家卫健委和国家网信办联合印发通知，国务院扶贫办参与。")
    assert [c for c, _, _ in found] == [
        "工业和信息化部",
        "国家卫生健康委员会",
        "国家互联网信息办公室",
        "国务院扶贫开发领导小组办公室",
    ]
    assert all(kind == "central" for _, kind, _ in found)
    hit = find_agencies("当年国家卫生计生委发布数据")[0]
    assert hit.canonical == "国家卫生健康委员会" and hit.former == "国家卫生和计划生育委员会"
    assert find_agencies("原农业部发文")[0].canonical == "农业农村部"
    assert find_agencies("国家工商总局通报")[0].canonical == "国家市场监督管理总局"
    assert find_agencies("国务院扶贫办")[0].successor == "国家乡村振兴局"
    assert agencies("国务院办公厅印发方案") == [("国务院办公厅", "central", None)]
    assert agencies("中央网信办部署") == [("中央网络安全和信息化委员会办公室", "central", None)]


def test_local_agencies() -> None:
    found = agencies("福建省工信厅、福州市政府、江苏发改委和新疆通信管理局联合发文")
    assert found == [
        ("福建省工业和信息化厅", "local", "福建省"),
        ("福州市人民政府", "local", "福州市"),
        ("江苏省发展和改革委员会", "local", "江苏省"),
        ("新疆维吾尔自治区通信管理局", "local", "新疆维吾尔自治区"),
    ]
    # A bare level word before a suffix: the place is left to context.
    assert agencies("会上，省卫健委和市政府负责人发言") == [
        ("省卫生健康委员会", "local", None),
        ("市人民政府", "local", None),
    ]
    assert agencies("智慧城市政府服务") == []
    assert agencies("福建省网信办") == [("福建省网络安全和信息化委员会办公室", "local", "福建省")]
    assert agencies("浙江省委召开会议") == [("中共浙江省委员会", "local", "浙江省")]
    assert agencies("受杭州市委托") == []


# ---------------------------------------------------------------- companies


def companies(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(h.canonical, h.parent, h.place) for h in find_companies(text)]


def test_companies_aliases_and_subsidiaries() -> None:
    found = companies("阿里集团旗下的阿里健康与蚂蚁金服合作，腾讯、百度和字节跳动也参与。")
    assert found == [
        ("阿里巴巴", None, None),
        ("阿里健康", "阿里巴巴", None),
        ("蚂蚁集团", "阿里巴巴", None),
        ("腾讯", None, None),
        ("百度", None, None),
        ("字节跳动", None, None),
    ]
    assert find_companies("中国移动发布套餐")[0].is_operator
    assert companies("数字化浪潮中，我们联想到新浪潮") == []


def test_operator_and_bank_branches() -> None:
    found = companies("南京移动、宁夏电信和新疆联通开展合作")
    assert found == [
        ("中国移动南京市分公司", "中国移动", "南京市"),
        ("中国电信宁夏回族自治区分公司", "中国电信", "宁夏回族自治区"),
        ("中国联通新疆维吾尔自治区分公司", "中国联通", "新疆维吾尔自治区"),
    ]
    assert companies("中国联通青海省分公司开通5G") == [("中国联通青海省分公司", "中国联通", "青海省")]
    assert companies("工行北京市分行推出刷脸支付") == [("中国工商银行北京市分行", "中国工商银行", "北京市")]
    assert companies("广东移动支付用户增长") == []


def test_pattern_company_names() -> None:
    found = find_companies("该项目由杭州云帆网络科技有限公司承建，并与星河数据集团签约。")
    assert [h.text for h in found] == ["杭州云帆网络科技有限公司", "星河数据集团"]
    assert all(h.by_pattern for h in found)
    # A registered name of a known company keeps the known canonical name.
    hit = find_companies("北京字节跳动科技有限公司发布公告")[0]
    assert (hit.text, hit.canonical) == ("北京字节跳动科技有限公司", "字节跳动")


# ---------------------------------------------------------------- actors


def test_canonical_actor_cells() -> None:
    info = canonical_actor("工信部、国务院扶贫办")
    assert info is not None
    assert info.canonicals == ["工业和信息化部", "国务院扶贫开发领导小组办公室"]
    assert (info.canonical, info.kind, info.level_hint) == ("工业和信息化部", "agency", "central")
    info = canonical_actor("新疆")
    assert (info.canonical, info.kind, info.level_hint) == ("新疆维吾尔自治区", "place", "local")
    info = canonical_actor("阿里巴巴")
    assert (info.canonical, info.kind, info.level_hint) == ("阿里巴巴", "company", "enterprise")
    assert canonical_actor("浪潮").canonical == "浪潮"  # exact-only names resolve in a cell
    assert canonical_actor("福建省工信厅").level_hint == "local"
    assert canonical_actor("——") is None


@pytest.mark.skipif(not GOLD.exists(), reason="gold annotations not available")
def test_gold_actors_resolve_with_right_level() -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert rows
    for row in rows:
        info = canonical_actor(row["actor"])
        assert info is not None, row["actor"]
        assert info.level_hint == row["level"], (row["actor"], info)


def test_all_words_for_segmenter() -> None:
    words = set(all_words())
    assert {"福州市", "罗湖", "工业和信息化部", "工信部", "阿里巴巴", "蚂蚁金服"} <= words
    assert "中山大学" not in words and all(len(w) >= 2 for w in words)


# ---------------------------------------------------------------- speed


def test_scanner_leftmost_longest() -> None:
    s = Scanner(["天津市", "津市市", "中山", "中山大学"])
    assert list(s.finditer("国网天津市电力，中山大学")) == [(2, 5, "天津市"), (8, 12, "中山大学")]
    assert list(s.finditer("津市市中山", accept=lambda i, e, w: w != "津市市")) == [(3, 5, "中山")]


def test_load_is_fast() -> None:
    from jiance.gazetteer.matcher import Gazetteer

    t = time.process_time()
    Gazetteer()
    assert time.process_time() - t < 1.0  # budget 0.3 s; slack for loaded CI machines


@pytest.mark.skipif(not (SEEDS / "004_a5a95cda5d5d1c7b.txt").exists(), reason="seed 004 not available")
def test_finders_throughput_on_yearbook() -> None:
    text = (SEEDS / "004_a5a95cda5d5d1c7b.txt").read_text(encoding="utf-8")
    mb = len(text.encode("utf-8")) / 1e6
    g = get_gazetteer()
    best = float("inf")
    for _ in range(2):
        t = time.process_time()
        found = g.find_places(text)
        g.find_agencies(text, found)
        g.find_companies(text, found)
        best = min(best, time.process_time() - t)
    assert len(found) > 1000
    assert mb / best > 2.0  # target 5 MB/s (measured ~9); slack for loaded CI machines
