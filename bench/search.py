"""Search and exploration latency on a large store (made by bench/make_corpus.py), beside a LIKE scan.

    python bench/search.py --data /tmp/jiance-1m [--rebuild-index] [--json out.json]

Measures, in one run on the same store: p50/p95 of a phrase query with two filters (province and a
date range) through the FTS index and through `LIKE '%…%'` over the same table; the same for 1- and
2-character queries; facet counts; the province × sector matrix of a month; index size, and with
--rebuild-index the time to index every item again.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jiance.analytics import province_sector_matrix  # noqa: E402
from jiance.search import SearchFilters, compile_match, facet_counts, parse_query, resolve_filters, search  # noqa: E402
from jiance.store import search_sql  # noqa: E402
from jiance.store.db import Store  # noqa: E402

PHRASES = [
    "一网通办", "互联网医院", "跨境电商", "智慧物流", "数据安全", "工业互联网平台", "城市大脑", "电子税务局",
    "农业物联网", "移动支付", "签署合作协议", "三年行动计划", "示范项目", "正式上线", "智慧校园", "充电桩",
]  # fmt: skip
SHORT = ["医保", "5G", "电商", "云", "网"]
PROVINCES = ["广东省", "浙江省", "北京市", "四川省", "福建省", "河南省", "甘肃省", "上海市"]
YEARS = ["2016", "2017", "2018", "2019"]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def like_search(conn, phrase: str, filters: SearchFilters, limit: int = 20):
    """The same page and total through LIKE '%phrase%' on items.text (no index can help)."""
    match = search_sql.MatchSpec(scan_sql="(i.text LIKE ? OR i.title LIKE ? OR i.actor LIKE ?)",
                                 scan_params=[f"%{phrase}%"] * 3)  # fmt: skip
    resolved = resolve_filters(conn, filters)
    resolved.tags = {}  # no index help at all: the filters are tested on every row the scan reads
    sql, params = search_sql.page_query(match, resolved, "date", limit, 0)
    rows = conn.execute(sql, params).fetchall()
    return rows[0]["total"] if rows else 0


def summary(ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(pct(ms, 0.5), 2), "p95_ms": round(pct(ms, 0.95), 2), "n": len(ms)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--queries", type=int, default=200, help="Phrase+filter queries to time.")
    ap.add_argument("--like-queries", type=int, default=10, help="LIKE scans to time (each reads the table).")
    ap.add_argument("--rebuild-index", action="store_true", help="Also time indexing every item again.")
    ap.add_argument("--json", type=Path, help="Write the results here too.")
    args = ap.parse_args()
    rng = random.Random(5)
    store = Store.open(args.data)
    conn = store.conn
    conn.execute("PRAGMA cache_size=-400000")
    items = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
    res: dict = {"items": items, "sqlite": __import__("sqlite3").sqlite_version}

    size = conn.execute(
        "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'items_fts%' AND name != 'items_fts_pending'"
    ).fetchone()[0]
    res["index_mb"] = round((size or 0) / 1e6, 1)
    res["db_mb"] = round(store.path.stat().st_size / 1e6, 1)
    corpus = args.data / "corpus.json"
    if corpus.exists():
        res["corpus"] = json.loads(corpus.read_text())

    cases = [
        (rng.choice(PHRASES), SearchFilters(province=rng.choice(PROVINCES), date_from=y, date_to=y))
        for y in (rng.choice(YEARS) for _ in range(args.queries))
    ]
    for phrase, f in cases[:20]:  # warm the cache
        search(store, f'"{phrase}"', f, facets=False)
    totals = []
    ms = []
    for phrase, f in cases:
        t = time.perf_counter()
        r = search(store, f'"{phrase}"', f, facets=False)
        ms.append((time.perf_counter() - t) * 1000)
        totals.append(r.total)
    res["phrase_2_filters"] = summary(ms) | {"mean_hits": round(statistics.mean(totals), 1)}

    ms = []
    for phrase, _ in cases[:50]:
        ms.append(timed(lambda p=phrase: search(store, f'"{p}"', facets=False), 1)[0])
    res["phrase_no_filter"] = summary(ms)

    like = []
    for phrase, f in cases[: args.like_queries]:
        t = time.perf_counter()
        n = like_search(conn, phrase, f)
        like.append((time.perf_counter() - t) * 1000)
        fts_total = search(store, f'"{phrase}"', f, facets=False).total
        assert n == fts_total, (phrase, n, fts_total)
    res["like_phrase_2_filters"] = summary(like)

    short = {}
    for term in SHORT:
        f = SearchFilters(province="广东省", date_from="2018", date_to="2018")
        runs = timed(lambda t=term, f=f: search(store, t, f, facets=False), 5)
        r = search(store, term, f, facets=False)
        short[term] = summary(runs) | {"hits": r.total, "strategy": r.strategy}
    res["short_terms_2_filters"] = short

    facet_ms = []
    for phrase, f in cases[:50]:
        node, _ = parse_query(f'"{phrase}"')
        match, _ = compile_match(conn, node)
        resolved = resolve_filters(conn, f)
        facet_ms.append(timed(lambda m=match, r=resolved: facet_counts(conn, m, r), 1)[0])
    res["facets_phrase_2_filters"] = summary(facet_ms)
    facet_ms = []
    for phrase, _ in cases[:20]:
        node, _ = parse_query(f'"{phrase}"')
        match, _ = compile_match(conn, node)
        facet_ms.append(timed(lambda m=match: facet_counts(conn, m, resolve_filters(conn, SearchFilters())), 1)[0])
    res["facets_phrase_only"] = summary(facet_ms)

    months = [f"{y}-{m:02d}" for y in YEARS for m in (3, 6, 9, 12)]
    res["matrix_month"] = summary([timed(lambda m=m: province_sector_matrix(store, m), 1)[0] for m in months])

    if args.rebuild_index:
        t = time.perf_counter()
        with store.transaction() as c:
            c.execute("INSERT INTO items_fts (items_fts) VALUES ('delete-all')")
            c.execute("INSERT INTO items_fts_pending (id) SELECT id FROM items")
            search_sql.index_pending(c)
        res["index_rebuild_s"] = round(time.perf_counter() - t, 1)
    store.close()
    text = json.dumps(res, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text)


if __name__ == "__main__":
    main()
