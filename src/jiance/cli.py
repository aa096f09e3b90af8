"""The `jiance` command: a thin shell over the library (parse arguments, call, show)."""

from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from jiance.model import JianceError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="jiance (监测): monitor China's internet industry and informatization policy.",
)
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)
STATE: dict[str, object] = {"data": None, "verbose": False}


@app.callback()
def main(
    data: Annotated[
        Path | None, typer.Option("--data", help="Data folder (default: $JIANCE_HOME or ./jiance-data).")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show details of errors.")] = False,
) -> None:
    STATE["data"], STATE["verbose"] = data, verbose
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(message)s")
    for noisy in ("trafilatura", "htmldate", "charset_normalizer", "pdfminer", "courlan"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.ERROR)


def _store():
    from jiance.store.db import Store

    return Store.open(STATE["data"])  # type: ignore[arg-type]


def fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(1)


def _run(fn):
    """Turn library errors into one readable line (details with --verbose)."""
    try:
        return fn()
    except JianceError as exc:
        if STATE["verbose"]:
            err.print_exception()
        fail(str(exc))


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (recursive) and http(s) URLs.")],
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow URLs on private/loopback addresses.")
    ] = False,
    shape: Annotated[
        str | None, typer.Option(help="Force a document shape (table, chronicle, news, policy, headings, paragraphs).")
    ] = None,
) -> None:
    """Read, clean, segment, extract and store documents (one transaction per document)."""
    from jiance.ingest.sources import expand_inputs
    from jiance.pipeline import ingest as run_ingest

    def body() -> None:
        sources = list(expand_inputs(inputs))
        with (
            _store() as store,
            Progress(
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=err,
                transient=True,
                disable=not sources,
            ) as progress,
        ):
            task = progress.add_task("", total=len(sources))

            def on_source(source: str) -> None:
                progress.update(task, description=Path(source).name[:40])

            def on_outcome(o) -> None:
                if o.status == "stored":
                    progress.console.print(
                        f"[green]stored[/green]    {o.name} → document {o.doc_id}, {o.items} items", highlight=False
                    )
                elif o.status == "duplicate":
                    progress.console.print(f"[yellow]unchanged[/yellow] {o.message}", highlight=False)
                elif o.status == "warning":
                    progress.console.print(f"[yellow]warning[/yellow]   {o.message}", highlight=False)
                else:
                    progress.console.print(f"[red]error[/red]     {o.message}", highlight=False)

            done: set[str] = set()

            def advance(o) -> None:
                on_outcome(o)
                if o.source not in done:
                    done.add(o.source)
                    progress.advance(task)

            summary = run_ingest(
                store, sources, allow_private=allow_private, shape=shape, on_outcome=advance, on_source=on_source
            )
        stored, dup, errors = summary.count("stored"), summary.count("duplicate"), summary.count("error")
        err.print(f"{stored} stored, {dup} unchanged, {errors} failed", highlight=False)
        if errors and not stored and not dup:
            raise typer.Exit(1)

    _run(body)


@app.command()
def documents(fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table") -> None:
    """List stored documents."""
    with _store() as store:
        rows = store.documents()
    if fmt == "json":
        out.print_json(json.dumps([r.__dict__ for r in rows], ensure_ascii=False))
        return
    table = RichTable("id", "title", "kind", "pages", "lines", "items", "source", "ingested at")
    for r in rows:
        table.add_row(
            str(r.id),
            (r.title or r.name)[:40],
            r.kind,
            str(r.pages or ""),
            f"{r.orig_lines}→{r.clean_lines}",
            str(r.items),
            r.source[-50:],
            r.ingested_at,
        )
    out.print(table)


def _parse_range(spec: str | None, last: int) -> tuple[int, int]:
    if not spec:
        return 1, last
    try:
        a, _, b = spec.partition("-")
        return int(a), int(b or a)
    except ValueError:
        fail(f"--lines {spec}: expected a range like 40-60")
        raise


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="Document id or name.")],
    lines: Annotated[str | None, typer.Option(help="Original line range, e.g. 40-60.")] = None,
    original: Annotated[bool, typer.Option(help="Print the original text instead of the cleaned text.")] = False,
) -> None:
    """Print a document's cleaned text with the original line numbers beside it."""
    from jiance.views import cleaned_lines

    def body() -> None:
        with _store() as store:
            document = store.load_document(store.find_document(doc))
        lo, hi = _parse_range(lines, document.orig_index.line_count)
        if original:
            for n, text in enumerate(document.raw.text.split("\n"), 1):
                if lo <= n <= hi:
                    out.print(f"{n:>6}  {text}", highlight=False, markup=False)
            return
        for first, last_line, text in cleaned_lines(document, lo, hi):
            label = f"{first}" if first == last_line else f"{first}-{last_line}"
            out.print(f"{label:>9}  {text}", highlight=False, markup=False)

    _run(body)


def _emit(rows: list[dict], fmt: str, columns: tuple[str, ...]) -> None:
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    else:
        shown = tuple(c for c in columns if c in TABLE_COLUMNS) or columns
        table = RichTable(*shown, show_lines=False)
        for row in rows:
            table.add_row(*[_cell(row.get(c), 70 if c == "text" else 30) for c in shown])
        out.print(table)


def _cell(value: object, width: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        text = "、".join(v.get("title", str(v)) if isinstance(v, dict) else str(v) for v in value)
    else:
        text = str(value)
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


# columns worth a terminal table's width; csv/json carry all
TABLE_COLUMNS = (
    "id",
    "line",
    "date",
    "level",
    "actor",
    "event_type",
    "text",
    "title",
    "issuer",
    "doc_number",
    "mentions",
    "company",
    "round",
    "value",
    "currency",
    "investors",
    "series_name",
    "series_subject",
    "period",
    "unit",
    "change",
    "change_unit",
    "n",
    "first",
    "last",
    "doc",
)
ITEM_COLUMNS = ("line", "end_line", "level", "actor", "date", "event_type", "provinces", "sectors", "link", "text")


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A file or URL to extract from (nothing is stored).")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl|table|json|csv")] = "jsonl",
    shape: Annotated[str | None, typer.Option(help="Force a document shape.")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private")] = False,
    off: Annotated[str, typer.Option("--off", help="Extractors to switch off, e.g. indicators,money.")] = "",
) -> None:
    """Print the extraction contract (DESIGN.md) for every item of a document."""
    from jiance.ingest.sources import read_source
    from jiance.pipeline import process

    def body() -> None:
        result = read_source(file, allow_private=allow_private)
        for warning in result.warnings:
            err.print(f"warning: {warning}", highlight=False)
        rows = []
        for raw in result.documents:
            _, items = process(raw, shape, frozenset(x.strip() for x in off.split(",") if x.strip()))
            rows.extend(it.to_contract() for it in items)
        _emit(rows, fmt, ITEM_COLUMNS)

    _run(body)


@app.command()
def items(
    date_from: Annotated[str | None, typer.Option("--from", help="From date (2018-10, 2018-10-16).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To date.")] = None,
    level: Annotated[str | None, typer.Option(help="central|local|enterprise|summit|overseas|financing")] = None,
    province: Annotated[str | None, typer.Option(help="Province (full or short name).")] = None,
    city: Annotated[str | None, typer.Option()] = None,
    actor: Annotated[str | None, typer.Option()] = None,
    agency: Annotated[str | None, typer.Option()] = None,
    company: Annotated[str | None, typer.Option()] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    event_type: Annotated[str | None, typer.Option("--type")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document.")] = None,
    limit: Annotated[int, typer.Option()] = 100,
    offset: Annotated[int, typer.Option()] = 0,
    fmt: Annotated[str, typer.Option("--format", help="table|jsonl|json|csv")] = "table",
) -> None:
    """Query stored items by date, level, place and actor."""
    from jiance.queries import find_items
    from jiance.store.items import ItemQuery

    def body() -> None:
        with _store() as store:
            q = ItemQuery(
                date_from=date_from,
                date_to=date_to,
                level=level,
                province=province,
                city=city,
                actor=actor,
                agency=agency,
                company=company,
                sector=sector,
                event_type=event_type,
                doc_id=store.find_document(doc) if doc else None,
                limit=limit,
                offset=offset,
            )
            rows = find_items(store, q)
        _emit(rows, fmt, ITEM_COLUMNS)

    _run(body)


@app.command("eval")
def evaluate(
    file: Annotated[Path, typer.Argument(help="The document the gold file annotates.")],
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (see shared/gold/README.md).")],
    fmt: Annotated[str, typer.Option("--format", help="text|json")] = "text",
    floor: Annotated[float | None, typer.Option(help="Exit 1 if (actor, date) F1 is below this.")] = None,
) -> None:
    """Score extraction of FILE against GOLD: precision, recall, F1, level and link accuracy, misses."""
    from jiance.evaluate import load_gold, score
    from jiance.ingest.sources import read_source
    from jiance.pipeline import process

    def body() -> None:
        rows = []
        for raw in read_source(str(file)).documents:
            rows.extend(it.to_contract() for it in process(raw)[1])
        result = score(rows, load_gold(gold))
        if fmt == "json":
            sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1) + "\n")
        else:
            out.print(f"gold {result.gold}  system {result.system}  matched {result.matched}", highlight=False)
            out.print(
                f"(actor, date)  P {result.precision:.4f}  R {result.recall:.4f}  F1 {result.f1:.4f}", highlight=False
            )
            out.print(
                f"level accuracy {result.level_accuracy:.4f}   links exactly right {result.link_accuracy:.4f}",
                highlight=False,
            )
            for miss in result.misses:
                out.print("  " + miss, highlight=False, markup=False)
        if floor is not None and result.f1 < floor:
            fail(f"(actor, date) F1 {result.f1:.4f} is below the floor {floor}")

    _run(body)


@app.command()
def policies(
    title: Annotated[str | None, typer.Option(help="Part of the title.")] = None,
    issuer: Annotated[str | None, typer.Option(help="Part of the issuer's name.")] = None,
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    province: Annotated[str | None, typer.Option(help="Named in items about this province.")] = None,
    sector: Annotated[str | None, typer.Option()] = None,
    limit: Annotated[int, typer.Option()] = 200,
    fmt: Annotated[str, typer.Option("--format", help="table|jsonl|json|csv")] = "table",
) -> None:
    """The policy register: each document once, with issuer, number, date and mentions."""
    from jiance.store.facts import list_policies

    with _store() as store:
        rows = list_policies(
            store.conn,
            title=title,
            issuer=issuer,
            date_from=date_from,
            date_to=date_to,
            province=province,
            sector=sector,
            limit=limit,
        )
    _emit(rows, fmt, ("id", "date", "title", "issuer", "doc_number", "mentions", "doc", "line"))


@app.command()
def financing(
    company: Annotated[str | None, typer.Option()] = None,
    round_: Annotated[str | None, typer.Option("--round")] = None,
    date_from: Annotated[str | None, typer.Option("--from")] = None,
    date_to: Annotated[str | None, typer.Option("--to")] = None,
    limit: Annotated[int, typer.Option()] = 200,
    fmt: Annotated[str, typer.Option("--format", help="table|jsonl|json|csv")] = "table",
) -> None:
    """Funding rounds: company, amount, round and investors."""
    from jiance.store.facts import list_financing

    with _store() as store:
        rows = list_financing(
            store.conn, company=company, round_=round_, date_from=date_from, date_to=date_to, limit=limit
        )
    for row in rows:
        row["investors"] = [i.get("name", i) if isinstance(i, dict) else i for i in row["investors"]]
    _emit(rows, fmt, ("date", "company", "round", "value", "currency", "amount_text", "investors", "doc", "line"))


@app.command()
def indicators(
    name: Annotated[
        str | None, typer.Argument(help="Indicator name (PMI, CPI, 网民规模 …); none lists the series.")
    ] = None,
    subject: Annotated[str | None, typer.Option(help="全国, a province or a company.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|jsonl|json|csv")] = "table",
) -> None:
    """An indicator's series by period, with changes; without NAME, the stored series."""
    from jiance.store.facts import indicator_names, indicator_series

    with _store() as store:
        if name is None:
            _emit(indicator_names(store.conn), fmt, ("series_name", "series_subject", "n", "first", "last"))
            return
        rows = indicator_series(store.conn, name, subject)
    _emit(
        rows,
        fmt,
        (
            "series_name",
            "series_subject",
            "period",
            "value",
            "unit",
            "change",
            "change_unit",
            "change_kind",
            "doc",
            "line",
        ),
    )


import jiance.cli_explore  # noqa: E402,F401  (registers search, events, timeline, matrix, counts, hot)
import jiance.cli_report  # noqa: E402,F401  (registers `jiance report`)


def run() -> None:
    """The `jiance` command: any error a command did not turn into a message still ends as one
    readable line (the traceback with --verbose)."""
    import sqlite3

    try:
        app()
    except (JianceError, sqlite3.Error, OSError) as exc:
        if STATE["verbose"]:
            err.print_exception()
        kind = "database error" if isinstance(exc, sqlite3.Error) else "error"
        err.print(f"[red]{kind}:[/red] {exc}" + ("" if STATE["verbose"] else "  (details: --verbose)"), highlight=False)
        raise SystemExit(1) from None


if __name__ == "__main__":  # pragma: no cover
    run()
