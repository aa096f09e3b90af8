"""Generate a large synthetic jiance store for benchmarks and report tests.

    python bench/make_corpus.py --items 1000000 --data /tmp/jiance-1m

Items are written straight into the store's tables with executemany in big transactions (the FTS
index fills through the migration's triggers), so a million items take a few minutes. Texts come
from our own templates filled with gazetteer names (regions.csv, else a built-in list); provinces
follow a skewed distribution, dates grow over 2016-2019 with weekday and month effects, each item
has one or two sectors, and about `--dup-rate` of items are near-copies (a few characters edited,
date within two days) of a recent item in another document, so events have real work to do.
With `--events` (default) every document is passed to `jiance.events.update_events` as ingest would.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jiance.period import date_bounds  # noqa: E402
from jiance.store.db import Store, pack_map  # noqa: E402

PROVINCE_WEIGHTS = {
    "北京市": 9, "天津市": 3, "河北省": 3, "山西省": 2, "内蒙古自治区": 1.5, "辽宁省": 2.5, "吉林省": 1.5,
    "黑龙江省": 1.5, "上海市": 8, "江苏省": 6, "浙江省": 8, "安徽省": 3, "福建省": 4, "江西省": 2.5,
    "山东省": 5, "河南省": 4, "湖北省": 3.5, "湖南省": 3, "广东省": 10, "广西壮族自治区": 2, "海南省": 1.5,
    "重庆市": 3, "四川省": 4, "贵州省": 3, "云南省": 2, "西藏自治区": 0.5, "陕西省": 2.5, "甘肃省": 1.5,
    "青海省": 0.6, "宁夏回族自治区": 0.8, "新疆维吾尔自治区": 1,
}  # fmt: skip
CAPITALS = {
    "河北省": "石家庄市", "山西省": "太原市", "内蒙古自治区": "呼和浩特市", "辽宁省": "沈阳市", "吉林省": "长春市",
    "黑龙江省": "哈尔滨市", "江苏省": "南京市", "浙江省": "杭州市", "安徽省": "合肥市", "福建省": "福州市",
    "江西省": "南昌市", "山东省": "济南市", "河南省": "郑州市", "湖北省": "武汉市", "湖南省": "长沙市",
    "广东省": "广州市", "广西壮族自治区": "南宁市", "海南省": "海口市", "四川省": "成都市", "贵州省": "贵阳市",
    "云南省": "昆明市", "西藏自治区": "拉萨市", "陕西省": "西安市", "甘肃省": "兰州市", "青海省": "西宁市",
    "宁夏回族自治区": "银川市", "新疆维吾尔自治区": "乌鲁木齐市",
}  # fmt: skip
SECTORS = {
    "政务服务": ["一网通办", "政务服务平台", "最多跑一次", "电子证照"],
    "医疗健康": ["互联网医院", "远程医疗", "医保移动支付", "电子健康卡"],
    "电子商务": ["农村电商", "跨境电商", "网络零售", "直播电商"],
    "工业互联网": ["工业互联网平台", "标识解析", "企业上云", "智能工厂"],
    "人工智能": ["人工智能", "自动驾驶", "智能语音", "机器视觉"],
    "普惠金融": ["移动支付", "供应链金融", "数字普惠金融", "金融科技"],
    "教育": ["在线教育", "智慧校园", "教育信息化", "宽带网络校校通"],
    "现代农业": ["智慧农业", "农业物联网", "益农信息社", "数字乡村"],
    "高效物流": ["智慧物流", "无人配送", "冷链物流", "物流信息平台"],
    "便捷交通": ["智慧交通", "网约车", "电子不停车收费", "定制公交"],
    "智慧能源": ["能源互联网", "充电桩", "智能电网", "综合能源服务"],
    "网络安全": ["网络安全", "数据安全", "个人信息保护", "关键信息基础设施"],
    "数字经济": ["数字经济", "5G", "大数据中心", "数字产业化"],
    "智慧城市": ["城市大脑", "智慧城市", "新型智慧城市", "数字孪生城市"],
    "扶贫": ["电商扶贫", "网络扶贫", "消费扶贫", "扶贫产品"],
    "税务": ["电子税务局", "网上办税", "银税互动", "电子发票"],
    "社会保障": ["社保卡", "网上社保", "就业服务平台", "养老保险"],
    "创业创新": ["众创空间", "双创", "孵化器", "创新创业大赛"],
}  # fmt: skip
SECTOR_WEIGHTS = [9, 8, 8, 6, 6, 4, 4, 4, 3, 3, 2, 4, 7, 5, 3, 2, 2, 3]
AGENCIES = [
    "工业和信息化部", "国家发展和改革委员会", "国家互联网信息办公室", "商务部", "国家卫生健康委员会", "教育部",
    "交通运输部", "农业农村部", "国家医疗保障局", "国家税务总局", "人力资源和社会保障部", "中国人民银行",
    "国务院办公厅", "科学技术部", "财政部", "国家市场监督管理总局",
]  # fmt: skip
COMPANIES = [
    "阿里巴巴", "腾讯", "百度", "京东", "华为", "中国移动", "中国电信", "中国联通", "小米", "美团", "字节跳动",
    "拼多多", "网易", "苏宁", "科大讯飞", "浪潮", "海尔", "滴滴", "蚂蚁金服", "国家电网",
]  # fmt: skip
LEVELS = ["local"] * 55 + ["central"] * 10 + ["enterprise"] * 20 + ["summit"] * 5 + ["overseas"] * 4 + ["financing"] * 6
EVENT_TYPES = {
    "policy": "印发", "plan": "出台", "launch": "上线", "cooperation": "签署合作协议", "statistic": "公布数据",
    "pilot": "启动试点", "conference": "召开会议", "regulation": "发布管理办法", "award": "获评", "financing": "融资",
}  # fmt: skip
POLICY_FORMS = ["实施方案", "行动计划", "指导意见", "三年行动计划", "管理办法", "发展规划", "工作要点"]
OPENERS = ["", "记者从有关部门获悉，", "据了解，", "日前，", "近日，", ""]
GOALS = [
    "到{year}年基本建成覆盖全{area}的{kw}体系", "力争{year}年底前{kw}覆盖率达到百分之{pct}",
    "推动{kw}与实体经济深度融合", "重点支持{n}个{kw}示范项目", "计划投入资金{n}亿元用于{kw}建设",
    "首批{n}家单位纳入{kw}试点名单", "群众办事平均时间缩短百分之{pct}", "服务企业和群众超过{n}万人次",
]  # fmt: skip
TEMPLATES = {
    "local": [
        "{md}，{prov}{verb}《{prov}{kw}{form}》，提出{goal}，{city}等地率先开展。",
        "{md}，{open}{prov}{city}{kw}项目正式{verb2}，{goal}。",
        "{md}，{prov}召开{kw}推进会，要求各地{goal}，{city}作典型发言。",
        "{md}，{city}与{company}签署{kw}战略合作协议，双方将{goal}。",
    ],
    "central": [
        "{md}，{agency}{verb}《关于推进{kw}的{form}》，明确{goal}。",
        "{md}，{open}{agency}召开新闻发布会，介绍{kw}工作进展，{goal}。",
        "{md}，{agency}会同有关部门部署{kw}专项行动，{goal}。",
    ],
    "enterprise": [
        "{md}，{company}发布{kw}新产品，{goal}。",
        "{md}，{open}{company}与{city}人民政府签署合作协议，共建{kw}，{goal}。",
        "{md}，{company}宣布在{city}设立{kw}研究院，{goal}。",
    ],
    "summit": [
        "{md}，{year}中国{kw}大会在{city}开幕，{company}等企业参会，会议提出{goal}。",
        "{md}，{open}第{n}届{kw}峰会在{city}举行，发布{kw}发展报告。",
    ],
    "overseas": [
        "{md}，{country}政府公布{kw}战略，计划{goal}。",
        "{md}，{open}{country}监管机构就{kw}发布新规，{company}等企业表示将积极应对。",
    ],
    "financing": [
        "{md}，{city}一家{kw}企业完成{round}融资，金额{n}亿元，{company}领投。",
        "{md}，{open}专注{kw}的初创公司宣布获得{round}融资{n}千万元。",
    ],
}  # fmt: skip
COUNTRIES = ["美国", "欧盟", "日本", "韩国", "英国", "德国", "印度", "新加坡"]
ROUNDS = ["天使轮", "A轮", "B轮", "C轮", "D轮", "战略"]
FILLER = "的了在和与对将把为新大中小多少高低上下前后内外来去有无"


def load_cities() -> dict[str, list[str]]:
    """Prefecture-level cities per province from the gazetteer's regions.csv (else the capitals)."""
    cities: dict[str, list[str]] = {p: [] for p in PROVINCE_WEIGHTS}
    path = ROOT / "src/jiance/gazetteer/data/regions.csv"
    try:
        with path.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row.get("level") == "city" and row.get("province") in cities and row["name"].endswith(("市", "州")):
                    cities[row["province"]].append(row["name"])
    except (OSError, KeyError):
        pass
    for prov, names in cities.items():
        if not names:
            names.append(CAPITALS.get(prov, prov))
    return cities


class Generator:
    """Draws items; near-copies of recent items make up `dup_rate` of the output."""

    def __init__(self, seed: int, dup_rate: float, start: date, days: int) -> None:
        self.rng = random.Random(seed)
        self.dup_rate = dup_rate
        self.start, self.days = start, days
        self.cities = load_cities()
        self.provinces = list(PROVINCE_WEIGHTS)
        self.pweights = list(PROVINCE_WEIGHTS.values())
        self.sectors = list(SECTORS)
        self.recent: list[dict] = []
        # days weighted: growth over the years, fewer items at weekends, a February dip
        weights = []
        for d in range(days):
            day = start + timedelta(days=d)
            w = 1.0 + 1.5 * d / days
            w *= 0.35 if day.weekday() >= 5 else 1.0
            w *= 0.6 if day.month == 2 else 1.0
            weights.append(w)
        self.day_cum = list(_accumulate(weights))

    def _day(self) -> date:
        x = self.rng.random() * self.day_cum[-1]
        lo, hi = 0, len(self.day_cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self.day_cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return self.start + timedelta(days=lo)

    def item(self) -> dict:
        rng = self.rng
        if self.recent and rng.random() < self.dup_rate:
            return self._copy(rng.choice(self.recent))
        level = rng.choice(LEVELS)
        day = self._day()
        prov = rng.choices(self.provinces, self.pweights)[0]
        city = rng.choice(self.cities[prov])
        sector_names = rng.choices(self.sectors, SECTOR_WEIGHTS, k=rng.choice([1, 1, 2]))
        sector_names = list(dict.fromkeys(sector_names))
        kw = rng.choice(SECTORS[sector_names[0]])
        agency = rng.choice(AGENCIES)
        company = rng.choice(COMPANIES)
        event_type = rng.choice(list(EVENT_TYPES)) if level != "financing" else "financing"
        form = rng.choice(POLICY_FORMS)
        slots = {
            "md": f"{day.month}月{day.day}日",
            "year": day.year + rng.choice([1, 2, 3]),
            "prov": prov,
            "city": city,
            "kw": kw,
            "form": form,
            "agency": agency,
            "company": company,
            "country": rng.choice(COUNTRIES),
            "round": rng.choice(ROUNDS),
            "open": rng.choice(OPENERS),
            "verb": rng.choice(["印发", "出台", "发布"]),
            "verb2": rng.choice(["上线", "启动", "投入运行"]),
            "n": rng.randint(2, 300),
            "pct": rng.randint(10, 95),
            "area": rng.choice(["省", "市", "国"]),
        }
        slots["goal"] = rng.choice(GOALS).format(**slots)
        text = rng.choice(TEMPLATES[level]).format(**slots)
        if len(sector_names) > 1:
            text += f"同时加快{rng.choice(SECTORS[sector_names[1]])}建设。"
        provinces = [prov] if level in ("local", "financing", "summit") or "{city}" in text else []
        if level in ("local", "enterprise", "summit", "financing"):
            provinces = [prov]
        cities = [city] if provinces else []
        policies = []
        if "《" in text:
            policies = [text[text.index("《") + 1 : text.index("》")]]
        item = {
            "date": day.isoformat(),
            "level": level,
            "actor": {"local": prov, "central": agency, "enterprise": company}.get(level),
            "provinces": provinces if level != "central" and level != "overseas" else [],
            "cities": cities if level != "central" and level != "overseas" else [],
            "agencies": [agency] if level == "central" else [],
            "companies": [company] if "{company}" in _template_of(text, company) else [],
            "sectors": sector_names,
            "event_type": event_type,
            "policies": policies,
            "text": text,
        }
        self.recent.append(item)
        if len(self.recent) > 3000:
            self.recent = self.recent[-2000:]
        return item

    def _copy(self, src: dict) -> dict:
        """A report of the same event elsewhere: a few characters edited, the date moved by up to two days."""
        rng = self.rng
        chars = list(src["text"])
        for _ in range(max(1, int(len(chars) * rng.uniform(0.0, 0.08)))):
            pos = rng.randrange(len(chars))
            chars[pos] = rng.choice(FILLER)
        day = date.fromisoformat(src["date"]) + timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        out = dict(src, text="".join(chars), date=day.isoformat())
        return out


def _template_of(text: str, company: str) -> str:
    return "{company}" if company in text else ""


def _accumulate(values: list[float]):
    total = 0.0
    for v in values:
        total += v
        yield total


ITEM_SQL = """INSERT INTO items (id, doc_id, seq, start, end, line, end_line, page, kind, section, title, level,
    actor, actor_canonical, date, date_precision, date_start, date_end, event_type, negative, link, text, facts)
    VALUES (?,?,?,?,?,?,?,NULL,?,'[]',NULL,?,?,?,?,'day',?,?,?,0,?,?,?)"""
DOC_SQL = """INSERT INTO documents (id, content_hash, name, source, kind, title, published, url, encoding, pages,
    orig_lines, clean_lines, original_text, clean_text, char_map, page_starts, meta, ingested_at)
    VALUES (?,?,?,?,'text',?,NULL,NULL,'utf-8',NULL,?,?,?,?,?,NULL,'{}',?)"""
FACET_SQL = "INSERT OR IGNORE INTO item_facets (item_id, facet, value) VALUES (?,?,?)"


def build(data: Path, items: int, per_doc: int, seed: int, dup_rate: float, events: bool, batch: int) -> dict:
    """Write the corpus; returns timings and sizes."""
    store = Store.open(data)
    conn = store.conn
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-500000")
    conn.execute("PRAGMA temp_store=MEMORY")
    start_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM items").fetchone()[0]
    doc_start = conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]
    gen = Generator(seed + doc_start, dup_rate, date(2016, 1, 1), 4 * 365)
    from jiance.events import update_events
    from jiance.search import index_pending

    t0 = time.perf_counter()
    t_events = t_fts = 0.0
    made, doc_id, item_id = 0, doc_start, start_id
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    conn.execute("BEGIN")
    in_batch = 0
    while made < items:
        n = min(per_doc, items - made)
        doc_id += 1
        rows = [gen.item() for _ in range(n)]
        rows.sort(key=lambda r: r["date"])
        text = "\n".join(r["text"] for r in rows)
        name = f"synthetic-{doc_id:07d}.txt"
        conn.execute(
            DOC_SQL,
            (
                doc_id,
                hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest(),
                name,
                f"bench/{name}",
                f"合成文档 {doc_id}",
                n,
                n,
                text,
                text,
                pack_map(list(range(len(text)))),
                now,
            ),
        )
        item_rows, facet_rows = [], []
        pos = 0
        for seq, r in enumerate(rows):
            item_id += 1
            lo, hi = date_bounds(r["date"])
            facts = {k: r[k] for k in ("provinces", "cities", "agencies", "companies", "sectors")}
            facts["policies"] = [{"title": p} for p in r["policies"]]
            item_rows.append(
                (
                    item_id, doc_id, seq, pos, pos + len(r["text"]), seq + 1, seq + 1, "news", r["level"],
                    r["actor"], r["actor"], r["date"], lo, hi, r["event_type"],
                    f"http://example.org/{doc_id}/{seq + 1}", r["text"], json.dumps(facts, ensure_ascii=False),
                )
            )  # fmt: skip
            pos += len(r["text"]) + 1
            for facet, key in (
                ("province", "provinces"),
                ("city", "cities"),
                ("agency", "agencies"),
                ("company", "companies"),
                ("sector", "sectors"),
                ("policy", "policies"),
            ):
                facet_rows.extend((item_id, facet, v) for v in r[key])
            facet_rows.append((item_id, "level", r["level"]))
            facet_rows.append((item_id, "event_type", r["event_type"]))
            if r["actor"]:
                facet_rows.append((item_id, "actor", r["actor"]))
        conn.executemany(ITEM_SQL, item_rows)
        conn.executemany(FACET_SQL, facet_rows)
        tf = time.perf_counter()
        index_pending(conn)  # the triggers queued the items; one statement indexes them
        t_fts += time.perf_counter() - tf
        if events:
            te = time.perf_counter()
            update_events(conn, doc_id)
            t_events += time.perf_counter() - te
        made += n
        in_batch += n
        if in_batch >= batch:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
            in_batch = 0
            rate = made / (time.perf_counter() - t0)
            print(f"  {made:>9,} items  {rate:,.0f}/s", file=sys.stderr, flush=True)
    conn.execute("COMMIT")
    total = time.perf_counter() - t0
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    info = {
        "items": made,
        "documents": doc_id - doc_start,
        "seconds": round(total, 1),
        "events_seconds": round(t_events, 1),
        "fts_seconds": round(t_fts, 1),
        "items_per_second": round(made / total),
        "db_bytes": store.path.stat().st_size,
    }
    store.close()
    (data / "corpus.json").write_text(json.dumps(info, indent=1))
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--data", type=Path, required=True, help="Data folder (a jiance store is created there).")
    ap.add_argument("--per-doc", type=int, default=200, help="Items per synthetic document.")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dup-rate", type=float, default=0.1)
    ap.add_argument("--no-events", dest="events", action="store_false", help="Skip merging into events.")
    ap.add_argument("--batch", type=int, default=50_000, help="Items per transaction.")
    args = ap.parse_args()
    info = build(args.data, args.items, args.per_doc, args.seed, args.dup_rate, args.events, args.batch)
    print(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
