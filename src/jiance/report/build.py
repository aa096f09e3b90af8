"""Build the four report types from the store: items of the period → events → placed → blocks.

`build_report(store, "monitoring", "2018-10-16:2018-11-15")` returns a `Report` that any renderer
writes. Section titles, placement rules and phrasing come from the configuration (report.yaml).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from jiance.model import JianceError
from jiance.report import charts
from jiance.report.config import load_config, province_order
from jiance.report.document import (
    DataTable,
    Entries,
    Entry,
    Figure,
    MeasureTable,
    Paragraph,
    Report,
    Row,
    Section,
    Source,
)
from jiance.report.events import Event, group_events, source_of, to_entry
from jiance.report.placement import LEAD_DATE, place_item
from jiance.store import report_sql
from jiance.store.db import Store

# an indicator name as a reader expects one: starts with a word, no clause punctuation inside
_NAME_OK = re.compile(r"^[\u4e00-\u9fffA-Za-z][^，。；、,;]{1,24}$")
_LEAD_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")
TYPES = ("monitoring", "industry", "bulletin", "annual")
NEWS_KINDS = ("news", "bulletin_item", "table_row", "chronicle", "policy", "bullet")


@dataclass
class Context:
    """What one report's builder shares: the store, config, period and the period's events."""

    store: Store
    config: dict[str, Any]
    start: str
    end: str
    place: str | None = None
    events: list[Event] = field(default_factory=list)
    documents: int = 0

    @property
    def charts(self) -> dict[str, Any]:
        return self.config.get("charts") or {}


def _cn_date(iso: str | None) -> str:
    """ "2018-10-26" → "2018年10月26日"; coarser dates likewise."""
    if not iso:
        return ""
    parts = iso.split("/")[0].split("-")
    units = ("年", "月", "日")
    if not all(p.isdigit() for p in parts):
        return iso
    return "".join(f"{int(p) if i else p}{units[i]}" for i, p in enumerate(parts[:3]))


def _load(ctx: Context, report_type: str) -> None:
    undated = bool(ctx.config[report_type].get("include_undated", True))
    items = list(report_sql.period_items(ctx.store.conn, ctx.start, ctx.end, place=ctx.place, include_undated=undated))
    ctx.documents = len({i["doc_id"] for i in items})
    ctx.events = group_events(items)


def _dated_lead(item: dict[str, Any]) -> bool:
    """A paragraph that opens with its day ("3月9日，…", "北京市2月26日，…") reads as a dated measure."""
    return bool(_LEAD_DAY.search((item.get("text") or "")[:16]))


def _placed(ctx: Context, report_type: str, kinds: tuple[str, ...] | None = None) -> dict[str, dict]:
    """section → row (or None) → events, in the period's order."""
    out: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    prose_ok = set(ctx.config[report_type].get("paragraph_sections") or [])
    for ev in ctx.events:
        if kinds and ev.item.get("kind") not in kinds:
            continue
        section, row = place_item(ev.item, report_type, ctx.config)
        if ev.item.get("kind") == "paragraph" and prose_ok and section not in prose_ok and not _dated_lead(ev.item):
            continue
        if section:
            out[section][row].append(ev)
    return out


def _top(events: list[Event], limit: int) -> list[Event]:
    """The `limit` most mentioned events, shown in date order."""
    chosen = sorted(events, key=lambda e: -e.heat)[:limit]
    return sorted(chosen, key=lambda e: (e.item.get("date_start") or "9999", e.item.get("line") or 0))


def _rows(by_row: dict, labels: list[str], limit: int, empty: str | None, extra: bool = True) -> list[Row]:
    rows = []
    for label in labels:
        events = by_row.get(label, [])
        if events or empty:
            rows.append(Row(label, [to_entry(e) for e in _top(events, limit)], None if events else empty))
    if extra:
        others = sorted((k for k in by_row if k not in labels), key=lambda k: (-len(by_row[k]), str(k)))
        for label in others:
            rows.append(Row(label or "其他", [to_entry(e) for e in _top(by_row[label], limit)]))
    return rows


def _figure(title: str, png: bytes, note: str, sources: list[Source] | None = None) -> Figure:
    return Figure(title=title, png=png, note=note, sources=sources or [])


# -- monitoring ------------------------------------------------------------------------------------


def _sector_counts(events: list[Event]) -> Counter[str]:
    return Counter(s for ev in events for s in ev.item.get("sectors") or [])


def _province_counts(placed: dict) -> Counter[str]:
    return Counter({k: len(v) for k, v in placed.get("local", {}).items() if k})


def _summary(ctx: Context, placed: dict, provinces: list[str]) -> list[Paragraph]:
    cfg = ctx.config["monitoring"]
    texts = cfg["texts"]
    events = [e for rows in placed.values() for evs in rows.values() for e in evs]
    paras: list[Paragraph] = []
    sectors = _sector_counts(events).most_common(int(cfg["top_sectors"]))
    if sectors:
        paras.append(Paragraph(texts["sectors"].format(sectors="、".join(f"{s}（{n}条）" for s, n in sectors))))
    counts = {k: sum(len(v) for v in placed.get(k, {}).values()) for k in ("central", "local", "enterprise", "summit")}
    active = [p for p in provinces if placed.get("local", {}).get(p)]
    paras.append(Paragraph(texts["levels"].format(provinces=len(active), **counts)))
    by_sector: dict[str, list[str]] = defaultdict(list)
    for province in provinces:
        tally = _sector_counts(placed.get("local", {}).get(province, []))
        if tally:
            by_sector[tally.most_common(1)[0][0]].append(province)
    for sector, names in sorted(by_sector.items(), key=lambda kv: -len(kv[1]))[:5]:
        paras.append(Paragraph(texts["province_sector"].format(sector=sector, provinces="、".join(names))))
    policies = report_sql.period_policies(ctx.store.conn, ctx.start, ctx.end, 5)
    if policies:
        names = "、".join(f"《{p['title']}》" + (f"（{p['issuer']}）" if p.get("issuer") else "") for p in policies[:5])
        paras.append(Paragraph(texts["policies"].format(policies=names)))
    empty = [p for p in provinces if not placed.get("local", {}).get(p)]
    if empty:
        paras.append(Paragraph(texts["empty_provinces"].format(provinces="、".join(empty))))
    return paras


def build_monitoring(ctx: Context) -> list[Section]:
    cfg = ctx.config["monitoring"]
    titles, columns = cfg["sections"], cfg["columns"]
    limit, empty = int(cfg["max_per_row"]), cfg["empty_row"]
    placed = _placed(ctx, "monitoring")
    provinces = province_order(ctx.config)
    n_events = sum(len(v) for rows in placed.values() for v in rows.values())
    mentions = sum(e.heat for rows in placed.values() for v in rows.values() for e in v)
    preface = cfg["texts"]["preface"].format(
        start=_cn_date(ctx.start), end=_cn_date(ctx.end), events=n_events, mentions=mentions, documents=ctx.documents
    )
    central = placed.get("central", {})
    central_labels = sorted((k for k in central if k), key=lambda k: -len(central[k]))
    tracked = [c for c in ctx.config.get("tracked_companies") or [] if c in placed.get("enterprise", {})]
    enterprise = placed.get("enterprise", {})
    enterprise_labels = tracked + sorted(
        (k for k in enterprise if k and k not in tracked), key=lambda k: -len(enterprise[k])
    )
    summits = [
        to_entry(e) for e in _top([e for v in placed.get("summit", {}).values() for e in v], int(cfg["max_summits"]))
    ]
    sections = [
        Section(titles["preface"], [Paragraph(preface)]),
        Section(titles["summary"], _summary(ctx, placed, provinces)),
        Section(titles["central"], [MeasureTable(columns["central"], _rows(central, central_labels, limit, None))]),
        Section(
            titles["local"], [MeasureTable(columns["local"], _rows(placed.get("local", {}), provinces, limit, empty))]
        ),
        Section(
            titles["enterprise"],
            [MeasureTable(columns["enterprise"], _rows(enterprise, enterprise_labels, limit, None))],
        ),
        Section(titles["summit"], [Entries(summits)] if summits else [Paragraph(empty)]),
    ]
    for s in sections[2:5]:
        if not s.blocks[0].rows:  # type: ignore[union-attr]
            s.blocks = [Paragraph(empty)]
    sections.append(Section(titles["charts"], _monitoring_charts(ctx, placed)))
    return sections


def _monitoring_charts(ctx: Context, placed: dict) -> list[Figure]:
    dpi, colour = int(ctx.charts.get("dpi", 150)), ctx.charts.get("colour", "#2b6cb0")
    events = [e for rows in placed.values() for evs in rows.values() for e in evs]
    figures = []
    sectors = _sector_counts(events).most_common(12)
    note = f"数据来源：本期收录的{len(events)}条动态（{ctx.documents}份文档），按领域关键词归类"
    if sectors:
        figures.append(_figure("图1 各领域动态数量", charts.bar_chart("各领域动态数量", sectors, dpi, colour), note))
    provinces = _province_counts(placed)
    tile = charts.tile_map("各省动态数量", dict(provinces), dpi, ctx.charts.get("tile_cmap", "Blues"))
    figures.append(_figure("图2 各省动态数量（方块地图）", tile, note))
    return figures


# -- industry ------------------------------------------------------------------------------------


def _indicator_figures(
    ctx: Context, names: list[str], max_series: int, max_rows: int = 16, only_named: bool = True
) -> tuple[list[Figure], DataTable | None]:
    """A table of the latest value of each indicator (configured names first) and charts of the
    series that have at least two periods in the same unit."""
    rows = [r for r in report_sql.period_indicators(ctx.store.conn, ctx.start, ctx.end) if _NAME_OK.match(r["name"])]
    if names and only_named:
        rows = [r for r in rows if any(w in f"{r['series_name']} {r['name']}" for w in names)]
    if not rows:
        return [], None

    def rank(r: dict) -> int:
        text = f"{r['series_name']} {r['name']}"
        return next((i for i, w in enumerate(names) if w in text), len(names))

    rows.sort(key=rank)  # stable: the configured order first, newest first within it
    latest: dict[tuple[str, str], dict] = {}
    for r in rows:
        if len(latest) < max_rows:
            latest.setdefault((r["series_name"], r["series_subject"]), r)
    cells, sources = [], []
    kinds = ctx.config.get("change_kinds") or {}
    for r in latest.values():
        change = ""
        if r.get("change") is not None:
            kind = kinds.get(r.get("change_kind"), r.get("change_kind"))
            change = f"{kind or ''}{r['change']:+g}{r.get('change_unit') or ''}"
        cells.append(
            [
                r["name"],
                r.get("subject") or r["series_subject"],
                r.get("period") or "",
                f"{r['value']:g}{r.get('unit') or ''}",
                change,
            ]
        )
        sources.append(Source(doc=r["doc"], line=r["line"], url=r.get("link")))
    table = DataTable(["指标", "对象", "期间", "数值", "变化"], cells, sources)
    figures = []
    dpi, colour = int(ctx.charts.get("dpi", 150)), ctx.charts.get("colour", "#2b6cb0")
    for series, subject in latest:
        points = report_sql.indicator_points(ctx.store.conn, series, subject, ctx.end)
        unit = points[-1]["unit"] if points else None
        points = [p for p in points if p["unit"] == unit]
        if len(points) < 2:
            continue
        label = points[-1]["name"] or series
        png = charts.series_chart(
            f"{label}（{subject}）", [(p["period"], p["value"]) for p in points], points[-1]["unit"] or "", dpi, colour
        )
        srcs = [Source(doc=p["doc"], line=p["line"], url=p.get("link")) for p in points]
        docs = sorted({f"{p['doc']} 第{p['line']}行" for p in points})
        figures.append(_figure(f"图{len(figures) + 1} {label}", png, "数据来源：" + "；".join(docs[:6]), srcs))
        if len(figures) >= max_series:
            break
    return figures, table


def _financing_table(ctx: Context, events: list[Event]) -> DataTable | None:
    cells, sources = [], []
    for ev in events:
        item = ev.item
        rounds = item.get("financing") or [{}]
        seen: set[tuple] = set()
        for fin in rounds:
            key = ((fin.get("amount") or {}).get("text"), fin.get("round"))
            if key in seen:  # the same round named twice (short and full company name)
                continue
            seen.add(key)
            amount = (fin.get("amount") or {}).get("text") or "、".join(
                a.get("text", "") for a in item.get("amounts") or []
            )
            investors = fin.get("investors") or item.get("investors") or []
            names = "、".join(i.get("name", "") if isinstance(i, dict) else str(i) for i in investors)
            company = fin.get("company") or (item.get("companies") or [""])[0] or (item.get("title") or "")[:20]
            cells.append(
                [
                    company,
                    amount or "未披露",
                    fin.get("round") or item.get("round") or "",
                    names,
                    item.get("date") or "",
                ]
            )
            sources.append(source_of(item))
    if not cells:
        return None
    return DataTable(ctx.config["industry"]["financing_columns"][:5], cells, sources)


def build_industry(ctx: Context) -> list[Section]:
    cfg = ctx.config["industry"]
    titles, limit = cfg["sections"], int(cfg["max_items"])
    placed = _placed(ctx, "industry", NEWS_KINDS)

    def entries(key: str) -> list:
        evs = [e for v in placed.get(key, {}).values() for e in v]
        return [Entries([to_entry(e) for e in _top(evs, limit)])] if evs else [Paragraph("本期无相关动态。")]

    figures, table = _indicator_figures(ctx, ctx.config.get("macro_indicators") or [], 4)
    macro: list = ([table] if table else []) + figures
    fin_events = [e for v in placed.get("financing", {}).values() for e in v]
    fin_table = _financing_table(ctx, _top(fin_events, 50))
    financing: list = [fin_table] if fin_table else []
    financing += entries("financing")
    regional = placed.get("regional", {})
    order = province_order(ctx.config)
    labels = order + [k for k in regional if k not in order]
    regional_events = [e for label in labels for e in regional.get(label, [])]
    return [
        Section(titles["macro"], macro or [Paragraph("本期无宏观指标数据。")]),
        Section(titles["focus"], entries("focus")),
        Section(
            titles["news"],
            children=[
                Section(titles["national"], entries("national"), level=2),
                Section(
                    titles["regional"],
                    [Entries([to_entry(e) for e in regional_events[:limit]])]
                    if regional_events
                    else [Paragraph("本期无相关动态。")],
                    level=2,
                ),
            ],
        ),
        Section(titles["overseas"], entries("overseas")),
        Section(titles["financing"], financing),
    ]


# -- bulletin ------------------------------------------------------------------------------------


def build_bulletin(ctx: Context) -> list[Section]:
    cfg = ctx.config["bulletin"]
    placed = _placed(ctx, "bulletin", NEWS_KINDS)
    sections = []
    for key, title in cfg["sections"].items():
        evs = [e for v in placed.get(key, {}).values() for e in v]
        block = (
            [Entries([to_entry(e) for e in _top(evs, int(cfg["max_items"]))])]
            if evs
            else [Paragraph("本期无相关动态。")]
        )
        sections.append(Section(title, block))
    return sections


# -- annual --------------------------------------------------------------------------------------


def build_annual(ctx: Context) -> list[Section]:
    cfg = ctx.config["annual"]
    titles = cfg["sections"]
    weights = cfg["level_weight"]
    figures, table = _indicator_figures(ctx, cfg.get("indicators") or [], 3, only_named=False)
    events = [e for e in ctx.events if e.item.get("kind") != "paragraph" or e.item.get("date_precision") == "day"]
    ranked = sorted(events, key=lambda e: -(e.heat * float(weights.get(e.item.get("level") or "", 1))))
    top = [to_entry(e) for e in ranked[: int(cfg["top_events"])]]
    dated = [e for e in ctx.events if e.item.get("date_precision") == "day"]
    dated.sort(key=lambda e: (e.item["date_start"], e.item.get("line") or 0))
    chronicle = [to_entry(e) for e in dated[: int(cfg["max_chronicle"])]]
    for entry in chronicle:
        entry.title = _cn_date(entry.date)
        entry.text = LEAD_DATE.sub("", entry.text, count=1)
    dpi, colour = int(ctx.charts.get("dpi", 150)), ctx.charts.get("colour", "#2b6cb0")
    extra: list[Figure] = []
    months = report_sql.month_counts(ctx.store.conn, ctx.start, ctx.end)
    note = f"数据来源：本年收录的{len(ctx.events)}条动态（{ctx.documents}份文档）"
    if months:
        extra.append(_figure("各月动态数量", charts.bar_chart("各月动态数量", months, dpi, colour), note))
    sectors = _sector_counts(ctx.events).most_common(12)
    if sectors:
        extra.append(_figure("各领域动态数量", charts.bar_chart("各领域动态数量", sectors, dpi, colour), note))
    return [
        Section(titles["figures"], ([table] if table else [Paragraph("本年无指标数据。")]) + figures),
        Section(titles["events"], [Entries(top)] if top else [Paragraph("本年无相关动态。")]),
        Section(
            titles["chronicle"], [Entries(chronicle, numbered=False)] if chronicle else [Paragraph("本年无相关动态。")]
        ),
        Section(titles["charts"], extra or [Paragraph("本年无相关动态。")]),
    ]


BUILDERS = {
    "monitoring": build_monitoring,
    "industry": build_industry,
    "bulletin": build_bulletin,
    "annual": build_annual,
}


def build_report(
    store: Store,
    report_type: str,
    period: str,
    *,
    config: dict[str, Any] | None = None,
    place: str | None = None,
) -> Report:
    """The report of `report_type` for `period` ("2018-10-16:2018-11-15", "2018-11", "2017")."""
    if report_type not in BUILDERS:
        raise JianceError(f"{report_type}: unknown report type (one of {', '.join(TYPES)})")
    try:
        start, end = report_sql.period_bounds(period)
    except ValueError as exc:
        raise JianceError(str(exc)) from exc
    config = config or load_config()
    ctx = Context(store, config, start, end, place)
    _load(ctx, report_type)
    cfg = config[report_type]
    title = cfg["title"] if not place else f"{place}{cfg['title']}"
    subtitle = f"{_cn_date(start)}—{_cn_date(end)}"
    return Report(
        type=report_type,
        title=title,
        subtitle=subtitle,
        sections=BUILDERS[report_type](ctx),
        organisation=config.get("organisation", ""),
        footer=config.get("footer", ""),
        period=(start, end),
    )


__all__ = ["TYPES", "Entry", "build_report"]
