"""Search: exact-substring semantics checked against a plain scan, short queries, boolean operators,
malformed queries, filters, facets and pagination, on a store built from our own sentences."""

from __future__ import annotations

import pytest
from _explore_corpus import ROWS, add, build, make_item

import jiance.search as search_mod
from jiance.search import QueryError, SearchFilters, parse_query, search
from jiance.store.db import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store.open(tmp_path_factory.mktemp("search"))
    build(s)
    yield s
    s.close()


def _scan(query_terms: list[str], mode: str = "and") -> set[int]:
    """Reference: 1-based row numbers whose text, title or actor contains the terms (case-insensitive)."""
    out = set()
    for n, row in enumerate(ROWS, 1):
        hay = (row[-1] + "\x1f" + row[2]).lower()
        found = [t.lower() in hay for t in query_terms]
        if all(found) if mode == "and" else any(found):
            out.add(n)
    return out


def _rows(result) -> set[int]:
    """Map hits back to ROWS numbers through their text."""
    texts = {row[-1]: n for n, row in enumerate(ROWS, 1)}
    return {texts[h.text] for h in result.hits}


QUERIES = [
    "医保", "5G", "5g", "网", "数", "AI", "互联网", "政务服务", "一网通办", "工业互联网", "数字经济",
    "人工智能", "实施方案", "合作协议", "福建", "江西省", "3月", "百分之", "智慧", "电商", "物流",
    "发布", "试点", "融资", "深圳", "掌上办事大厅", "国家医疗保障局", "上线", "移动支付", "教育",
]  # fmt: skip


@pytest.mark.parametrize("query", QUERIES)
def test_single_terms_match_a_substring_scan(store, query):
    result = search(store, query, limit=100, facets=False)
    assert result.total == len(_scan([query]))
    assert _rows(result) == _scan([query])


def test_short_terms_use_the_index_or_a_scan_and_agree(store, monkeypatch):
    assert search(store, "医保", facets=False).strategy == "fts"
    monkeypatch.setattr(search_mod, "MAX_EXPANSION", 1)  # force the scan fallback
    scanned = search(store, "医保", limit=100, facets=False)
    assert scanned.strategy == "scan"
    assert _rows(scanned) == _scan(["医保"])
    both = search(store, "医保 OR 5G", limit=100, facets=False)
    assert _rows(both) == _scan(["医保", "5G"], "or")


def test_short_term_at_the_very_end_of_a_text_is_found(tmp_path):
    with Store.open(tmp_path) as s:
        row = ROWS[0][:-1] + ("工业和信息化部推动企业上云",)
        add(s, "end.txt", [make_item(row, 1, "end.txt")])
        assert search(s, "上云", facets=False).total == 1
        assert search(s, "云", facets=False).total == 1


def test_boolean_operators_and_phrases(store):
    assert _rows(search(store, "医保 AND 试点", limit=100)) == _scan(["医保", "试点"])
    assert _rows(search(store, "医保 试点", limit=100)) == _scan(["医保", "试点"])  # implicit AND
    assert _rows(search(store, "医保 OR 5G", limit=100)) == _scan(["医保", "5G"], "or")
    not_jx = search(store, "一网通办 NOT 江西", limit=100)
    assert _rows(not_jx) == _scan(["一网通办"]) - _scan(["江西"])
    grouped = search(store, "(医保 OR 5G) AND 试点", limit=100)
    assert _rows(grouped) == (_scan(["医保"]) | _scan(["5G"])) & _scan(["试点"])
    phrase = search(store, '"医保 移动支付"', limit=100)  # the space is part of the phrase: no text has it
    assert phrase.total == 0
    assert search(store, '"医保移动支付"', limit=100).total == 1


@pytest.mark.parametrize(
    "query",
    ['"医保', "医保 AND (试点", "试点)", "AND", "NOT 医保", "医保 OR", "()", "*", "医保*", "5G^2",
     "text:医保", "NEAR(医保 试点)", "'; DROP TABLE items; --", '医保" OR "1'],
)  # fmt: skip
def test_malformed_or_hostile_queries_never_crash_or_inject(store, query):
    try:
        result = search(store, query, limit=5)
    except QueryError as exc:
        assert str(exc)
    else:
        assert result.total >= 0
    assert store.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == len(ROWS)


def test_malformed_query_is_searched_literally_with_a_warning(store):
    result = search(store, "医保 AND (试点", limit=100)
    assert result.warning and "literally" in result.warning
    assert _rows(result) == _scan(["医保", "试点"])
    assert search(store, "医保*", limit=100).total == 0  # * is a literal character, not a prefix operator


def test_too_long_and_empty_queries(store):
    with pytest.raises(QueryError, match="too long"):
        search(store, "医" * 600)
    with pytest.raises(QueryError, match="too many terms"):
        search(store, " OR ".join(f"词{i}" for i in range(40)))
    with pytest.raises(QueryError):
        search(store, '""')
    assert search(store, "", limit=100).total == len(ROWS)  # no query: the filtered items


def test_parse_tree_shapes():
    node, warning = parse_query('a "b c" OR (d NOT e)')
    assert warning is None
    assert type(node).__name__ == "Or"
    assert parse_query("")[0] is None


def test_filters(store):
    fj = search(store, "", SearchFilters(province="福建"), limit=100)
    assert {h.actor for h in fj.hits} == {"福建省", "数字中国建设峰会"}
    assert search(store, "", SearchFilters(province="福建省"), limit=100).total == fj.total
    assert search(store, "", SearchFilters(city="厦门市"), limit=100).total == 1
    both = search(store, "医保", SearchFilters(level="central", date_from="2019-03", date_to="2019-03"))
    assert [h.date for h in both.hits] == ["2019-03-06"]
    assert search(store, "", SearchFilters(agency="国家医疗保障局"), limit=100).total == 2
    assert search(store, "", SearchFilters(company="腾讯")).total == 1
    assert search(store, "", SearchFilters(sector="政务服务"), limit=100).total == 4
    assert search(store, "", SearchFilters(event_type="financing")).total == 1
    assert search(store, "", SearchFilters(doc="b.txt"), limit=100).total == len(ROWS) - len(ROWS) // 2
    assert search(store, "", SearchFilters(province="不存在省")).total == 0


def test_facets_count_all_hits(store):
    result = search(store, "医保", limit=1)
    assert len(result.hits) == 1 and result.total == 4
    assert dict(result.facets["level"]) == {"central": 2, "local": 2}
    assert dict(result.facets["province"]) == {"广东省": 1, "福建省": 1}
    assert sum(n for _, n in result.facets["doc"]) == 4
    assert dict(result.facets["month"]) == {"2019-03": 2, "2019-04": 2}


def test_pagination_and_sorting(store):
    everything = search(store, "", sort="date", limit=100, facets=False)
    pages = [search(store, "", sort="date", limit=7, offset=o, facets=False) for o in range(0, 35, 7)]
    assert [h.id for p in pages for h in p.hits] == [h.id for h in everything.hits]
    assert all(p.total == len(ROWS) for p in pages)
    dates = [h.date for h in everything.hits]
    assert dates == sorted(dates, reverse=True)
    assert [h.date for h in search(store, "", sort="date_asc", limit=3).hits] == sorted(dates)[:3]
    ranked = search(store, "医保", sort="relevance", limit=10, facets=False)
    assert ranked.hits[0].text.count("医保") == 2  # the text naming it twice ranks first
    with pytest.raises(QueryError):
        search(store, "医保", sort="nonsense")


def test_snippets_mark_hits_and_hits_carry_provenance(store):
    hit = search(store, "移动支付", facets=False).hits[0]
    assert "<b>移动支付</b>" in hit.snippet
    assert hit.spans and hit.text[hit.spans[0][0] : hit.spans[0][1]] == "移动支付"
    assert hit.doc in ("a.txt", "b.txt") and hit.line >= 1 and hit.link.startswith("http://example.org/")


def test_items_are_indexed_and_unindexed_with_their_documents(tmp_path):
    with Store.open(tmp_path) as s:
        doc_id = add(s, "x.txt", [make_item(ROWS[1], 1, "x.txt")])
        assert search(s, "医保电子凭证", facets=False).total == 1
        s.delete_document(doc_id)
        assert search(s, "医保电子凭证", facets=False).total == 0
        add(s, "y.txt", [make_item(ROWS[1], 1, "y.txt")])  # deleted before it was ever indexed
        s.delete_document(s.find_document("y.txt"))
        assert search(s, "医保电子凭证", facets=False).total == 0
        assert s.conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')") is not None


def _dated_store(path):
    """Items of every date shape (day, month, year, a range across months, half or not dated)."""
    s = Store.open(path)
    dates = ["2019-03-04", "2019-03", "2019", "2019-03-28/2019-04-02", None, "2018-12-31", "2019-04-30"]
    provinces = [["福建省"], ["广东省"], ["福建省", "广东省"], []]
    items = []
    for n in range(40):
        row = list(ROWS[n % len(ROWS)])
        row[0] = dates[n % len(dates)]
        row[1] = ["local", "central", None][n % 3]
        row[3] = provinces[n % len(provinces)]
        row[7] = [["政务服务"], ["医疗健康", "政务服务"], []][n % 3]
        row[8] = ["plan", "policy", None][n % 3]
        items.append(make_item(tuple(row), n + 1, "dated.txt", text=f"第{n}条：一网通办{'示范' * (n % 2)}"))
    add(s, "dated.txt", items)
    return s, items


def _expected(items, term, province=None, sector=None, level=None, event_type=None, lo=None, hi=None) -> set[int]:
    from jiance.period import date_bounds

    out = set()
    for it in items:
        start, end = date_bounds(it.date) if it.date else (None, None)
        if term not in it.text.lower() + "\x1f" + (it.actor or "").lower():
            continue
        if province and province not in it.provinces or sector and sector not in it.sectors:
            continue
        if level and it.level != level or event_type and it.event_type != event_type:
            continue
        if lo and (end is None or end < lo) or hi and (start is None or start > hi):
            continue
        out.add(it.line)
    return out


@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"province": "福建省"},
        {"province": "广东省", "lo": "2019-03-01", "hi": "2019-03-31"},
        {"sector": "政务服务", "lo": "2019-04-01"},
        {"hi": "2019-03-15"},
        {"level": "local", "event_type": "plan", "lo": "2019-01-01", "hi": "2019-12-31"},
        {"lo": "2019-04-02", "hi": "2019-04-02"},
        {"lo": "2020-01-01", "hi": "2018-01-01"},
        {"province": "不存在省", "lo": "2019-03-01"},
    ],
)
@pytest.mark.parametrize("term", ["一网通办", "示范", "第1"])
def test_filters_in_the_index_agree_with_a_scan(tmp_path, kw, term):
    s, items = _dated_store(tmp_path)
    with s:
        f = SearchFilters(
            province=kw.get("province"),
            sector=kw.get("sector"),
            level=kw.get("level"),
            event_type=kw.get("event_type"),
            date_from=kw.get("lo"),
            date_to=kw.get("hi"),
        )
        result = search(s, term, f, limit=100, facets=False)
        assert {h.line for h in result.hits} == _expected(items, term, **kw)
        assert result.total == len(result.hits)


def _fts_ok(s) -> None:
    s.conn.execute("INSERT INTO items_fts(items_fts) VALUES ('integrity-check')")


def test_the_index_follows_changes_of_items_and_facets(tmp_path):
    s, items = _dated_store(tmp_path)
    with s:
        conn = s.conn
        search(s, "", facets=False)  # indexes the pending items
        item_id = conn.execute("SELECT id FROM items WHERE line = 1").fetchone()[0]  # 2019-03-04, 福建省

        def lines(query="第0条", **kw):
            return {h.line for h in search(s, query, SearchFilters(**kw), limit=100, facets=False).hits}

        assert lines(province="福建省", date_from="2019-03", date_to="2019-03") == {1}
        with s.transaction():
            conn.execute("UPDATE items SET date_start = '2017-06-01', date_end = '2017-06-01' WHERE id = ?", (item_id,))
        _fts_ok(s)
        assert lines(date_from="2019-03", date_to="2019-03") == set()
        assert lines(date_from="2017-06", date_to="2017-06") == {1}
        with s.transaction():
            conn.execute("DELETE FROM item_facets WHERE item_id = ? AND facet = 'province'", (item_id,))
            conn.execute("INSERT INTO item_facets (item_id, facet, value) VALUES (?, 'province', '四川省')", (item_id,))
        _fts_ok(s)
        assert lines(province="福建省") == set() and lines(province="四川省") == {1}
        with s.transaction():
            conn.execute("UPDATE item_facets SET value = '贵州省' WHERE item_id = ? AND facet = 'province'", (item_id,))
            conn.execute("UPDATE items SET text = '改写后的条目', level = 'summit' WHERE id = ?", (item_id,))
        _fts_ok(s)
        assert lines("改写后", province="贵州省", level="summit") == {1} and lines() == set()
        s.delete_document(s.find_document("dated.txt"))
        _fts_ok(s)
        assert conn.execute("SELECT COUNT(*) FROM items_fts_keys").fetchone()[0] == 0
        assert search(s, "一网通办", facets=False).total == 0
