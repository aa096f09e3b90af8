"""The table segmenter: one item per dated event, inherited actors, links given to the right events."""

from __future__ import annotations

from jiance.segment.tables import ITEM_SEP, assign_links, segment_table, split_events

TABLE = "\n".join(
    [
        "地区\t相关政策\t链接",
        "江南省\t3月2日，江南省政府发布《数字乡村行动方案》。\thttp://a.example.cn/2026-03/02/x.htm",
        "\t3月9日，江南省通信管理局启动“宽带进村”工程。\thttp://b.example.cn/2026/0310/y.html",
        "北岭省\t3月4日，北岭省上线政务服务平台。" + ITEM_SEP + "3月20日，北岭省举办数字经济论坛。"
        "\thttp://c.example.cn/2026-03-04/1.htm" + ITEM_SEP + "http://c.example.cn/2026-03-21/2.htm",
        "西川省\t3月5日，西川省发布医保新规，截至3月1日已有百家医院接入。 3月18日，西川省启动试点。\t",
    ]
)


def _events(text: str):
    return segment_table(text, 0, len(text), ["二、各省情况"])


def test_one_item_per_event_with_inherited_actor():
    segs = _events(TABLE)
    got = [(s.actor, TABLE[s.start : s.end][:5]) for s in segs]
    assert got == [
        ("江南省", "3月2日，"),
        ("江南省", "3月9日，"),
        ("北岭省", "3月4日，"),
        ("北岭省", "3月20日"),
        ("西川省", "3月5日，"),
        ("西川省", "3月18日"),
    ]
    assert all(s.section == ["二、各省情况"] and s.kind == "table_row" for s in segs)


def test_inner_as_of_date_does_not_split_an_event():
    segs = _events(TABLE)
    xichuan = [TABLE[s.start : s.end] for s in segs if s.actor == "西川省"]
    assert "截至3月1日已有百家医院接入。" in xichuan[0]


def test_links_follow_their_events():
    segs = _events(TABLE)
    links = [s.link for s in segs]
    assert links[:4] == [
        "http://a.example.cn/2026-03/02/x.htm",
        "http://b.example.cn/2026/0310/y.html",
        "http://c.example.cn/2026-03-04/1.htm",
        "http://c.example.cn/2026-03-21/2.htm",
    ]
    assert links[4:] == [None, None]


def test_fewer_links_than_events_aligned_by_link_date():
    events = ["3月2日，甲事。", "3月9日，乙事。", "3月20日，丙事。"]
    links = ["http://x.cn/2026-03-09/a.htm", "http://x.cn/2026-03-21/b.htm"]
    assert assign_links(events, links) == [None, links[0], links[1]]


def test_split_events_skips_empty_bullets():
    text = "➤ 5月1日，某公司发布新品。" + ITEM_SEP + "  " + ITEM_SEP + "➤ 5月3日，某公司签约。"
    spans = split_events(text, 100)
    assert [text[a - 100 : b - 100] for a, b in spans] == ["5月1日，某公司发布新品。", "5月3日，某公司签约。"]


def test_table_without_link_column():
    text = "企业\t相关举措\n某某科技\t➤ 6月1日，某某科技发布大模型。" + ITEM_SEP + "➤ 6月8日，某某科技与某市签约。"
    segs = _events(text)
    assert [s.actor for s in segs] == ["某某科技", "某某科技"]
    assert [s.link for s in segs] == [None, None]
