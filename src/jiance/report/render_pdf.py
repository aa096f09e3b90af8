"""PDF output with fpdf2 and Noto Sans SC from the PyPI font package: Chinese text, tables whose cells
wrap CJK text, links, charts and page numbers, without any system package."""

from __future__ import annotations

import io
from typing import Any

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from jiance.report.document import DataTable, Entries, Figure, MeasureTable, Paragraph, Report, Source
from jiance.report.fonts import sans_font
from jiance.report.render_text import safe_url

FONT = "NotoSansSC"
HEADER_FILL = (232, 238, 246)


class _PDF(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"第 {self.page_no()} 页", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)


def _source_text(source: Source) -> str:
    return source.label


def _heading(pdf: _PDF, text: str, depth: int) -> None:
    sizes = {1: 15, 2: 13, 3: 11.5}
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, size=sizes.get(depth, 11))
    pdf.set_text_color(20, 60, 120)
    _lines(pdf, sizes.get(depth, 11) * 0.55, text)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1.5)


def _lines(pdf: _PDF, height: float, text: str, align: str = "L", link: str | None = None) -> None:
    """A full-width block of text wrapped at any character (Chinese has no spaces to break at)."""
    pdf.multi_cell(0, height, text, link=link, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR)


def _text(pdf: _PDF, text: str, size: float) -> None:
    pdf.set_font(FONT, size=size)
    _lines(pdf, size * 0.6, text)
    pdf.ln(1.5)


def _table_font(pdf: _PDF, size: float) -> None:
    pdf.set_font(FONT, size=size)


def _measures(pdf: _PDF, block: MeasureTable, size: float) -> None:
    _table_font(pdf, size)
    with pdf.table(
        col_widths=(16, 64, 28),
        headings_style=FontFace(emphasis=None, fill_color=HEADER_FILL),
        line_height=size * 0.55,
        text_align="LEFT",
        repeat_headings=1,
        wrapmode=WrapMode.CHAR,
    ) as table:
        head = table.row()
        for c in block.columns:
            head.cell(c)
        for row in block.rows:
            if not row.entries:
                r = table.row()
                r.cell(row.label)
                r.cell(row.empty_note or "")
                r.cell("")
                continue
            for i, e in enumerate(row.entries):
                r = table.row()
                if i == 0:
                    r.cell(row.label, rowspan=len(row.entries))
                r.cell(e.text)
                url = safe_url(e.source.url)
                r.cell(_source_text(e.source), link=url) if url else r.cell(_source_text(e.source))


def _data(pdf: _PDF, block: DataTable, size: float) -> None:
    _table_font(pdf, size)
    with pdf.table(
        headings_style=FontFace(emphasis=None, fill_color=HEADER_FILL),
        line_height=size * 0.55,
        text_align="LEFT",
        repeat_headings=1,
        wrapmode=WrapMode.CHAR,
    ) as table:
        head = table.row()
        for c in [*block.columns, "来源"]:
            head.cell(c)
        for cells, source in zip(block.cells, block.sources, strict=True):
            r = table.row()
            for c in cells:
                r.cell(c)
            url = safe_url(source.url)
            r.cell(_source_text(source), link=url) if url else r.cell(_source_text(source))


def _entries(pdf: _PDF, block: Entries, size: float) -> None:
    for n, e in enumerate(block.entries, 1):
        lead = f"{n}．" if block.numbered else "•\u3000"
        title = f"{e.title}　" if e.title else ""
        pdf.set_font(FONT, size=size)
        _lines(pdf, size * 0.6, f"{lead}{title}{e.text}")
        pdf.set_font(FONT, size=size - 1.5)
        pdf.set_text_color(90, 90, 90)
        url = safe_url(e.source.url)
        _lines(pdf, size * 0.55, f"（来源：{_source_text(e.source)}）", link=url or "")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1.2)


def _figure(pdf: _PDF, block: Figure, size: float) -> None:
    width = pdf.epw * 0.85
    if pdf.get_y() > pdf.h - 90:
        pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width)
    pdf.set_font(FONT, size=size - 1.5)
    _lines(pdf, size * 0.55, f"{block.title}　{block.note}", align="C")
    pdf.ln(2)


def render_pdf(report: Report, config: dict[str, Any]) -> bytes:
    """The report as PDF bytes."""
    opts = config.get("pdf") or {}
    body, small = float(opts.get("body_size", 10)), float(opts.get("table_size", 8.5))
    pdf = _PDF(format="A4")
    pdf.set_title(report.title)
    pdf.set_creator("jiance")
    pdf.add_font(FONT, "", str(sans_font()))
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_font(FONT, size=20)
    pdf.ln(6)
    _lines(pdf, 11, report.title, align="C")
    pdf.set_font(FONT, size=11)
    sub = report.subtitle + (f"　{report.organisation}" if report.organisation else "")
    _lines(pdf, 7, sub, align="C")
    pdf.ln(4)
    for section, depth in report.walk():
        _heading(pdf, section.title, depth)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _text(pdf, block.text, body)
            elif isinstance(block, MeasureTable):
                _measures(pdf, block, small)
                pdf.ln(2)
            elif isinstance(block, DataTable):
                _data(pdf, block, small)
                pdf.ln(2)
            elif isinstance(block, Entries):
                _entries(pdf, block, body)
            elif isinstance(block, Figure):
                _figure(pdf, block, body)
    if report.footer:
        pdf.ln(4)
        pdf.set_text_color(110, 110, 110)
        _text(pdf, report.footer, small)
    return bytes(pdf.output())
