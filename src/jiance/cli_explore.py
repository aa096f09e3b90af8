"""Commands to search and explore the store: search, event(s), timeline, matrix, counts, hot, rebuild-events.

Registered on `jiance.cli.app` when imported (cli.py imports this module at its end); each command
parses arguments, calls search.py / events.py / analytics.py and prints table, json or csv.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table as RichTable

from jiance.cli import _run, _store, app, err, fail, out

FORMATS = ("table", "json", "csv")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        fail(f"--format {fmt}: expected one of {', '.join(FORMATS)}")


def _print(rows: list[dict[str, Any]], fmt: str, columns: list[str], width: int = 60) -> None:
    """Rows as a rich table, a JSON list or CSV (all columns, untruncated, for json and csv)."""
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        return
    table = RichTable(*columns)
    for row in rows:
        cells = []
        for c in columns:
            v = row.get(c)
            text = "" if v is None else str(v)
            cells.append(text if len(text) <= width else text[: width - 1] + "…")
        table.add_row(*cells)
    out.print(table)


def _filters(**kw: Any):
    from jiance.search import SearchFilters

    return SearchFilters(**kw)


HIT_COLUMNS = ["doc", "line", "end_line", "date", "level", "actor", "event_id", "heat", "text"]


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", AND / OR / NOT, parentheses; "" lists all.')],
    date_from: Annotated[str | None, typer.Option("--from", help="From date (2019-04, 2019-04-01).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To date.")] = None,
    level: Annotated[str | None, typer.Option(help="central|local|enterprise|summit|overseas|financing")] = None,
    province: Annotated[str | None, typer.Option(help="Province (its cities included).")] = None,
    city: Annotated[str | None, typer.Option()] = None,
    agency: Annotated[str | None, typer.Option()] = None,
    company: Annotated[str | None, typer.Option()] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    event_type: Annotated[str | None, typer.Option("--type")] = None,
    policy: Annotated[str | None, typer.Option()] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document (id or name).")] = None,
    sort: Annotated[str, typer.Option(help="relevance|date|date_asc")] = "relevance",
    limit: Annotated[int, typer.Option()] = 20,
    offset: Annotated[int, typer.Option()] = 0,
    facets: Annotated[bool, typer.Option("--facets/--no-facets", help="Print facet counts (table format).")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """Full-text search of items (exact substrings, any length) with filters, facets and snippets."""
    from jiance.search import search as run_search

    _check_format(fmt)

    def body() -> None:
        filters = _filters(
            date_from=date_from, date_to=date_to, level=level, province=province, city=city, agency=agency,
            company=company, sector=sector, event_type=event_type, policy=policy, doc=doc,
        )  # fmt: skip
        with _store() as store:
            mark = ("[bold yellow]", "[/bold yellow]") if fmt == "table" else ("", "")
            result = run_search(store, query, filters, sort, limit, offset, facets=facets or fmt == "table", mark=mark)
        if result.warning:
            err.print(f"[yellow]warning:[/yellow] {result.warning}", highlight=False)
        if fmt in ("json", "csv"):
            rows = [
                {c: getattr(h, c) for c in (*HIT_COLUMNS, "link", "id", "score")} | {"snippet": h.snippet}
                for h in result.hits
            ]
            if fmt == "json":
                sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
            else:
                _print(rows, "csv", [*HIT_COLUMNS, "link"])
            return
        table = RichTable("doc", "line", "date", "level", "actor", "event", "snippet")
        for h in result.hits:
            lines = str(h.line) if h.line == h.end_line else f"{h.line}-{h.end_line}"
            event = "" if h.event_id is None else f"{h.event_id}" + (f" ×{h.heat}" if (h.heat or 0) > 1 else "")
            table.add_row(h.doc, lines, h.date or "", h.level or "", h.actor or "", event, h.snippet)
        out.print(table)
        shown = f"{offset + 1}-{offset + len(result.hits)}" if result.hits else "none"
        err.print(f"{result.total} hits ({shown} shown, {result.strategy})", highlight=False)
        if facets:
            for name, values in result.facets.items():
                if values:
                    out.print(f"[bold]{name}[/bold]: " + "  ".join(f"{v} {n}" for v, n in values[:10]), highlight=False)

    _run(body)


@app.command()
def event(
    event_id: Annotated[int, typer.Argument(help="Event id (see `jiance search` or `jiance events`).")],
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """An event: its mentions with sources (doc, line, link) and why each was merged."""
    from jiance.events import get_event

    _check_format(fmt)

    def body() -> None:
        with _store() as store:
            ev = get_event(store, event_id)
        if ev is None:
            fail(f"event {event_id}: not found")
        assert ev is not None
        if fmt == "json":
            sys.stdout.write(json.dumps(ev, ensure_ascii=False, indent=1) + "\n")
            return
        rows = []
        for m in ev["mentions"]:
            reason = m["reason"] or {}
            why = "canonical (first seen)" if m["canonical"] else reason.get("rule", "")
            if m["via_item_id"]:
                why += f"; matched item {m['via_item_id']}; actors: {m['actor_check']}"
            rows.append({**m, "why": why})
        if fmt == "csv":
            _print(
                rows,
                "csv",
                ["item_id", "doc", "line", "date", "actor", "link", "similarity", "date_gap", "why", "text"],
            )
            return
        out.print(
            f"[bold]event {ev['id']}[/bold]  heat {ev['heat']}  {ev['first_date'] or ''} – {ev['last_date'] or ''}",
            highlight=False,
        )
        out.print(ev["text"], highlight=False, markup=False)
        _print(rows, "table", ["doc", "line", "date", "actor", "link", "similarity", "date_gap", "why"], width=70)

    _run(body)


@app.command()
def events(
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    min_heat: Annotated[int, typer.Option(help="Only events reported at least this often.")] = 2,
    limit: Annotated[int, typer.Option()] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """The most reported events (heat = number of mentions) of a period."""
    from jiance.events import list_events

    _check_format(fmt)

    def body() -> None:
        with _store() as store:
            rows = list_events(store, date_from, date_to, min_heat, limit)
        _print(rows, fmt, ["id", "heat", "first_date", "last_date", "actor", "level", "doc", "line", "text"])

    _run(body)


@app.command("rebuild-events")
def rebuild_events_cmd() -> None:
    """Merge all stored items into events again (after changing the rules, or for an old store)."""
    from jiance.events import rebuild_events

    def body() -> None:
        with _store() as store:
            stats = rebuild_events(store)
        err.print(f"{stats['items']} items → {stats['events']} events ({stats['merged']} merged)", highlight=False)

    _run(body)


@app.command()
def timeline(
    agency: Annotated[str | None, typer.Option()] = None,
    province: Annotated[str | None, typer.Option()] = None,
    city: Annotated[str | None, typer.Option()] = None,
    company: Annotated[str | None, typer.Option()] = None,
    policy: Annotated[str | None, typer.Option()] = None,
    actor: Annotated[str | None, typer.Option()] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    period: Annotated[str | None, typer.Option(help="2019, 2019-04, 2019-Q2 or 2019-04-01/2019-04-15.")] = None,
    all_mentions: Annotated[bool, typer.Option("--all-mentions", help="Every item, not one per event.")] = False,
    limit: Annotated[int, typer.Option()] = 1000,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """Dated events about an agency, province, city, company or policy, oldest first."""
    from jiance.analytics import timeline as run_timeline

    _check_format(fmt)

    def body() -> None:
        f = _filters(agency=agency, province=province, city=city, company=company, policy=policy, actor=actor,
                     sector=sector)  # fmt: skip
        with _store() as store:
            rows = run_timeline(store, f, period, by_event=not all_mentions, limit=limit)
        _print(
            rows, fmt, ["date", "actor", "event_type", "event_id", "mentions", "heat", "doc", "line", "link", "text"]
        )

    _run(body)


@app.command()
def matrix(
    period: Annotated[str | None, typer.Option(help="2019-04, 2019, 2019-Q2 …; none = all dates.")] = None,
    level: Annotated[str | None, typer.Option()] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """Items per province (31, standard order) × sector for a period."""
    from jiance.analytics import province_sector_matrix

    _check_format(fmt)

    def body() -> None:
        with _store() as store:
            m = province_sector_matrix(store, period, _filters(level=level))
        _print(m.rows(), fmt, ["province", *m.sectors, "total"], width=12)

    _run(body)


@app.command()
def counts(
    by: Annotated[
        str, typer.Option(help="month|year|level|sector|event_type|province|city|agency|company|doc")
    ] = "month",
    period: Annotated[str | None, typer.Option()] = None,
    province: Annotated[str | None, typer.Option()] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    level: Annotated[str | None, typer.Option()] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """Item counts by month, level, sector, event type, place or actor."""
    from jiance.analytics import counts as run_counts

    _check_format(fmt)

    def body() -> None:
        with _store() as store:
            rows = run_counts(store, by, _filters(province=province, sector=sector, level=level), period)
        _print(rows, fmt, [by, "items"])

    _run(body)


@app.command()
def hot(
    period: Annotated[str, typer.Argument(help="The period to look at: 2019-04, 2019-Q2, 2019 …")],
    previous: Annotated[int, typer.Option(help="How many periods before it give the expectation.")] = 3,
    min_count: Annotated[int, typer.Option(help="Ignore terms and events seen fewer times.")] = 3,
    top: Annotated[int, typer.Option()] = 20,
    province: Annotated[str | None, typer.Option()] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """Hot topics: terms and events whose volume jumped against the previous periods (burst score)."""
    from jiance.analytics import hot_topics

    _check_format(fmt)

    def body() -> None:
        with _store() as store:
            result = hot_topics(store, period, previous, _filters(province=province, sector=sector), min_count, top)
        if fmt == "json":
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
            return
        rows = [{"kind": "term", **t} for t in result["terms"]] + [
            {"kind": "event", "term": f"event {e['event']}: {e['text']}", **e} for e in result["events"]
        ]
        _print(rows, fmt, ["kind", "term", "observed", "expected", "score"], width=70)

    _run(body)
