"""`jiance report`: write an analyst's report from the store (registers on `jiance.cli.app`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jiance.cli import _run, _store, app, err, fail


@app.command()
def report(
    report_type: Annotated[str, typer.Argument(metavar="TYPE", help="monitoring | industry | bulletin | annual")],
    period: Annotated[str, typer.Option(help="START:END (2018-10-16:2018-11-15), a month (2018-11) or a year.")],
    fmt: Annotated[str, typer.Option("--format", help="md | html | docx | pdf")] = "html",
    out: Annotated[Path | None, typer.Option(help="Output file (default: report-TYPE-PERIOD.FORMAT here).")] = None,
    config: Annotated[Path | None, typer.Option(help="A YAML file overriding report.yaml (titles, rules).")] = None,
    place: Annotated[str | None, typer.Option(help="Only items about this province or city (bulletin).")] = None,
    template: Annotated[
        Path | None, typer.Option(help="A Jinja2 template to use instead of the shipped one (md, html).")
    ] = None,
) -> None:
    """Write a monitoring report, industry monthly, bulletin or annual review for a period."""
    from jiance.report import FORMATS, TYPES, build_report, load_config, write_report

    if report_type not in TYPES:
        fail(f"{report_type}: unknown report type (one of {', '.join(TYPES)})")
    if fmt not in FORMATS:
        fail(f"--format {fmt}: one of {', '.join(FORMATS)}")

    def body() -> None:
        cfg = load_config(config)
        target = out or Path(f"report-{report_type}-{period.replace(':', '_')}.{fmt}")
        with _store() as store:
            built = build_report(store, report_type, period, config=cfg, place=place)
        write_report(built, fmt, target, cfg, template)
        err.print(f"wrote {target}", highlight=False)

    _run(body)
