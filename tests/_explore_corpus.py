"""A small hand-written corpus for the search, events and analytics tests (our own sentences only).

Items are built by hand and stored through `Store.add_document`, so these tests do not depend on the
extractors. Each entry: (date, level, actor, provinces, cities, agencies, companies, sectors, event type, text).
"""

from __future__ import annotations

import random

from jiance.model import CleanText, Document, Item, RawDocument
from jiance.store.db import Store

ROWS: list[tuple] = [
    (
        "2019-03-04",
        "central",
        "工业和信息化部",
        [],
        [],
        ["工业和信息化部"],
        [],
        ["工业互联网"],
        "policy",
        "3月4日，工业和信息化部印发工业互联网网络建设及推广指南，提出到2020年初步建成工业互联网基础设施和产业体系。",
    ),
    (
        "2019-03-06",
        "central",
        "国家医疗保障局",
        [],
        [],
        ["国家医疗保障局"],
        [],
        ["医疗健康"],
        "policy",
        "3月6日，国家医疗保障局发布通知，推进医保电子凭证试点，参保人可通过手机办理医保结算。",
    ),
    (
        "2019-03-08",
        "local",
        "福建省",
        ["福建省"],
        ["福州市"],
        [],
        [],
        ["政务服务"],
        "plan",
        "3月8日，福建省印发数字福建建设实施方案，推动政务服务一网通办，福州市率先上线掌上办事大厅。",
    ),
    (
        "2019-03-09",
        "local",
        "江西省",
        ["江西省"],
        ["南昌市"],
        [],
        [],
        ["政务服务"],
        "plan",
        "3月9日，江西省印发数字江西建设实施方案，推动政务服务一网通办，南昌市率先上线掌上办事大厅。",
    ),
    (
        "2019-03-11",
        "local",
        "广东省",
        ["广东省"],
        ["深圳市"],
        [],
        ["腾讯"],
        ["医疗健康"],
        "cooperation",
        "3月11日，腾讯与深圳市卫生健康委员会签署合作协议，共建互联网医院和医保在线支付平台。",
    ),
    (
        "2019-03-12",
        "enterprise",
        "阿里巴巴",
        ["浙江省"],
        ["杭州市"],
        [],
        ["阿里巴巴"],
        ["电子商务"],
        "launch",
        "3月12日，阿里巴巴在杭州发布农村电商新计划，三年内帮助一千个县的农产品上行。",
    ),
    (
        "2019-03-15",
        "enterprise",
        "中国移动",
        [],
        [],
        [],
        ["中国移动"],
        ["数字经济"],
        "launch",
        "3月15日，中国移动宣布启动5G商用试点，首批覆盖北京、上海、广州等十个城市。",
    ),
    (
        "2019-03-18",
        "local",
        "浙江省",
        ["浙江省"],
        ["杭州市"],
        [],
        [],
        ["政务服务"],
        "policy",
        "3月18日，浙江省深化最多跑一次改革，全省九成以上民生事项实现网上办理。",
    ),
    (
        "2019-03-20",
        "local",
        "四川省",
        ["四川省"],
        ["成都市"],
        [],
        [],
        ["现代农业"],
        "plan",
        "3月20日，四川省出台智慧农业发展规划，在成都平原建设农业物联网示范基地二十个。",
    ),
    (
        "2019-03-22",
        "central",
        "国家互联网信息办公室",
        [],
        [],
        ["国家互联网信息办公室"],
        [],
        ["网络安全"],
        "regulation",
        "3月22日，国家互联网信息办公室就数据安全管理办法公开征求意见，强调个人信息保护。",
    ),
    (
        "2019-03-25",
        "financing",
        "某医疗科技公司",
        ["北京市"],
        ["北京市"],
        [],
        ["某医疗科技公司"],
        ["医疗健康"],
        "financing",
        "3月25日，北京一家医疗科技公司完成B轮融资，金额达3亿元，将用于AI影像诊断研发。",
    ),
    (
        "2019-03-27",
        "summit",
        "数字中国建设峰会",
        ["福建省"],
        ["福州市"],
        [],
        [],
        ["数字经济"],
        "conference",
        "3月27日，数字中国建设峰会筹备会在福州召开，会议讨论了数字经济展区的布局。",
    ),
    (
        "2019-04-02",
        "local",
        "贵州省",
        ["贵州省"],
        ["贵阳市"],
        [],
        [],
        ["数字经济"],
        "statistic",
        "4月2日，贵州省统计局公布数据，一季度全省数字经济增加值同比增长百分之二十一。",
    ),
    (
        "2019-04-03",
        "central",
        "国家医疗保障局",
        [],
        [],
        ["国家医疗保障局"],
        [],
        ["医疗健康"],
        "policy",
        "4月3日，国家医疗保障局召开座谈会，研究互联网诊疗收费和医保支付政策。",
    ),
    (
        "2019-04-05",
        "local",
        "山东省",
        ["山东省"],
        ["青岛市"],
        [],
        ["海尔"],
        ["协同制造"],
        "launch",
        "4月5日，海尔在青岛发布工业互联网平台新版本，接入中小企业超过三万家。",
    ),
    (
        "2019-04-08",
        "local",
        "河南省",
        ["河南省"],
        ["郑州市"],
        [],
        [],
        ["高效物流"],
        "plan",
        "4月8日，河南省发布智慧物流三年行动计划，郑州将建设国际物流枢纽和跨境电商综试区。",
    ),
    (
        "2019-04-10",
        "enterprise",
        "百度",
        ["北京市"],
        ["北京市"],
        [],
        ["百度"],
        ["人工智能"],
        "launch",
        "4月10日，百度在北京发布自动驾驶开放平台新版本，测试里程累计超过两百万公里。",
    ),
    (
        "2019-04-12",
        "local",
        "湖北省",
        ["湖北省"],
        ["武汉市"],
        [],
        [],
        ["教育"],
        "policy",
        "4月12日，湖北省教育厅推进互联网+教育，武汉市中小学实现宽带网络全覆盖。",
    ),
    (
        "2019-04-15",
        "overseas",
        "欧盟",
        [],
        [],
        [],
        [],
        ["网络安全"],
        "regulation",
        "4月15日，欧盟理事会通过版权指令，要求网络平台对用户上传内容承担更多责任。",
    ),
    (
        "2019-04-18",
        "local",
        "上海市",
        ["上海市"],
        ["上海市"],
        [],
        [],
        ["政务服务"],
        "policy",
        "4月18日，上海市推进一网通办改革，企业开办时间压缩到五个工作日以内。",
    ),
    (
        "2019-04-22",
        "enterprise",
        "京东",
        ["江苏省"],
        ["宿迁市"],
        [],
        ["京东"],
        ["高效物流"],
        "launch",
        "4月22日，京东物流在宿迁启用无人配送站，快递包裹可由机器人送达小区。",
    ),
    (
        "2019-04-25",
        "local",
        "福建省",
        ["福建省"],
        ["厦门市"],
        [],
        [],
        ["医疗健康"],
        "pilot",
        "4月25日，福建省在厦门开展医保移动支付试点，患者看病可用手机刷码结算。",
    ),
    (
        "2019-05-06",
        "central",
        "商务部",
        [],
        [],
        ["商务部"],
        [],
        ["电子商务"],
        "statistic",
        "5月6日，商务部发布数据，一季度全国网上零售额同比增长百分之十五点三。",
    ),
    (
        "2019-05-09",
        "local",
        "甘肃省",
        ["甘肃省"],
        ["兰州市"],
        [],
        [],
        ["税务"],
        "policy",
        "5月9日，甘肃省税务局宣布八成以上办税事项实现网上办理，纳税人平均等待时间明显缩短。",
    ),
    (
        "2019-05-13",
        "enterprise",
        "华为",
        ["广东省"],
        ["深圳市"],
        [],
        ["华为"],
        ["数字经济"],
        "launch",
        "5月13日，华为在深圳发布新一代5G基站芯片，功耗比上一代降低百分之三十。",
    ),
    (
        "2019-05-16",
        "local",
        "云南省",
        ["云南省"],
        ["昆明市"],
        [],
        [],
        ["扶贫"],
        "plan",
        "5月16日，云南省推进电商扶贫，在贫困县建设县级电子商务公共服务中心五十个。",
    ),
    (
        "2019-05-20",
        "summit",
        "世界智能大会",
        ["天津市"],
        ["天津市"],
        [],
        [],
        ["人工智能"],
        "conference",
        "5月20日，世界智能大会在天津开幕，发布人工智能产业发展报告并签约项目一百余个。",
    ),
    (
        "2019-05-23",
        "local",
        "陕西省",
        ["陕西省"],
        ["西安市"],
        [],
        [],
        ["智慧城市"],
        "plan",
        "5月23日，陕西省西安市发布新型智慧城市建设方案，建设城市大脑和统一数据平台。",
    ),
    (
        "2019-05-27",
        "central",
        "教育部",
        [],
        [],
        ["教育部"],
        [],
        ["教育"],
        "policy",
        "5月27日，教育部印发教育信息化工作要点，推动5G和人工智能在课堂教学中的应用。",
    ),
    (
        "2019-05-30",
        "local",
        "重庆市",
        ["重庆市"],
        ["重庆市"],
        [],
        ["长安汽车"],
        ["便捷交通"],
        "cooperation",
        "5月30日，重庆市与长安汽车签署智能网联汽车示范区合作协议，建设城市级车联网测试道路。",
    ),
]


def make_item(row: tuple, line: int, doc: str, text: str | None = None) -> Item:
    date, level, actor, provinces, cities, agencies, companies, sectors, event_type, body = row
    body = text if text is not None else body
    return Item(
        doc=doc,
        start=0,
        end=len(body),
        line=line,
        end_line=line,
        kind="table_row",
        text=body,
        level=level,
        actor=actor,
        date=date,
        date_precision="day",
        provinces=list(provinces),
        cities=list(cities),
        agencies=list(agencies),
        companies=list(companies),
        sectors=list(sectors),
        event_type=event_type,
        link=f"http://example.org/{doc}/{line}",
    )


def document(name: str, n_lines: int) -> Document:
    text = "\n".join(f"第{i}行" for i in range(1, n_lines + 1))
    raw = RawDocument(source=name, name=name, kind="text", text=text)
    return Document(raw=raw, clean=CleanText(text, list(range(len(text)))), content_hash=f"hash-{name}")


def add(store: Store, name: str, items: list[Item]) -> int:
    """Store hand-made items as one document; returns its id."""
    return store.add_document(document(name, max([it.line for it in items] + [1])), items)


def build(store: Store) -> list[int]:
    """Two documents: the rows above split between them."""
    half = len(ROWS) // 2
    first = [make_item(r, i + 1, "a.txt") for i, r in enumerate(ROWS[:half])]
    second = [make_item(r, i + 1, "b.txt") for i, r in enumerate(ROWS[half:])]
    return [add(store, "a.txt", first), add(store, "b.txt", second)]


FILLER = "的了在和与对将把为新大中小多少高低上下前后内外来去有无是否"


def edit(text: str, share: float, rng: random.Random) -> str:
    """A copy of `text` with about `share` of its characters substituted, deleted or inserted."""
    chars = list(text)
    n = max(1, round(len(chars) * share))
    for _ in range(n):
        pos = rng.randrange(len(chars))
        op = rng.random()
        if op < 0.6:
            chars[pos] = rng.choice(FILLER)
        elif op < 0.8 and len(chars) > 10:
            del chars[pos]
        else:
            chars.insert(pos, rng.choice(FILLER))
    return "".join(chars)
