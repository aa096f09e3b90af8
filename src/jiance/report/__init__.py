"""Reports: the analysts' products written again from the store, as Markdown, HTML, DOCX or PDF.

from jiance.report import build_report, write_report
report = build_report(store, "monitoring", "2018-10-16:2018-11-15")
write_report(report, "html", Path("report.html"))
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jiance.model import JianceError
from jiance.report.build import TYPES, build_report
from jiance.report.config import load_config
from jiance.report.placement import place_item

FORMATS = ("md", "html", "docx", "pdf")


def render(report: Any, fmt: str, out: Path | None = None, config: dict[str, Any] | None = None,
           template: Path | None = None) -> bytes:  # fmt: skip
    """The report in format `fmt` as bytes (Markdown charts are written beside `out`)."""
    config = config or load_config()
    if fmt == "md":
        from jiance.report.render_text import render_markdown

        return render_markdown(report, out, template).encode("utf-8")
    if fmt == "html":
        from jiance.report.render_text import render_html

        return render_html(report, template).encode("utf-8")
    if fmt == "docx":
        from jiance.report.render_docx import render_docx

        return render_docx(report, config)
    if fmt == "pdf":
        from jiance.report.render_pdf import render_pdf

        return render_pdf(report, config)
    raise JianceError(f"{fmt}: unknown format (one of {', '.join(FORMATS)})")


def write_report(report: Any, fmt: str, out: Path, config: dict[str, Any] | None = None,
                 template: Path | None = None) -> Path:  # fmt: skip
    """Render and write the report to `out`; returns the path."""
    data = render(report, fmt, out, config, template)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


__all__ = ["FORMATS", "TYPES", "build_report", "load_config", "place_item", "render", "write_report"]
