"""A real Word document (python-docx): headings, tables with repeated header rows, a Chinese font on
every style (w:eastAsia), page numbers in the footer (a PAGE field) and charts as PNG pictures."""

from __future__ import annotations

import io
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jiance.report.document import DataTable, Entries, Figure, MeasureTable, Paragraph, Report, Source
from jiance.report.render_text import safe_url


def _set_fonts(style: Any, east_asia: str, latin: str, size: float | None = None) -> None:
    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size:
        style.font.size = Pt(size)


def _page_number_footer(section: Any, footer_text: str) -> None:
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("第 ")
    run = para.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tag)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    para.add_run(" 页")
    if footer_text:
        note = section.footer.add_paragraph(footer_text)
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in note.runs:
            r.font.size = Pt(7.5)
            r.font.color.rgb = RGBColor(0x77, 0x77, 0x77)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _hyperlink(paragraph: Any, url: str, text: str) -> None:
    part = paragraph.part
    r_id = part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                          is_external=True)  # fmt: skip
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F4E9A")
    rpr.append(colour)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _source(paragraph: Any, source: Source) -> None:
    url = safe_url(source.url)
    if url:
        _hyperlink(paragraph, url, url)
    else:
        paragraph.add_run(source.label)


def _header(table: Any, columns: list[str]) -> None:
    row = table.rows[0]
    _repeat_header(row)
    for cell, name in zip(row.cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        _shade(cell, "E8EEF6")


def _widths(table: Any, widths_cm: list[float]) -> None:
    table.autofit = False
    for column, w in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(w)


def _measures(doc: Any, block: MeasureTable) -> None:
    """One table row per measure with its source beside it; the actor cell spans its measures."""
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _header(table, block.columns)
    for row in block.rows:
        if not row.entries:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = row.label, row.empty_note or ""
            continue
        first = None
        for e in row.entries:
            cells = table.add_row().cells
            cells[1].text = e.text
            _source(cells[2].paragraphs[0], e.source)
            if first is None:
                first = cells[0]
                first.text = row.label
            else:
                first = first.merge(cells[0])
    _widths(table, [2.6, 10.4, 4.0])


def _data(doc: Any, block: DataTable) -> None:
    columns = [*block.columns, "来源"]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    _header(table, columns)
    for cells, source in zip(block.cells, block.sources, strict=True):
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=False):
            cell.text = value
        _source(row[-1].paragraphs[0], source)


def _entries(doc: Any, block: Entries) -> None:
    style = "List Number" if block.numbered else "List Bullet"
    for e in block.entries:
        p = doc.add_paragraph(style=style)
        if e.title:
            p.add_run(e.title).bold = True
            p.add_run("　")
        p.add_run(e.text)
        p.add_run("（来源：")
        _source(p, e.source)
        p.add_run("）")


def _figure(doc: Any, block: Figure) -> None:
    doc.add_picture(io.BytesIO(block.png), width=Cm(15))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap = doc.add_paragraph(f"{block.title}　{block.note}", style="Caption")
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER


def render_docx(report: Report, config: dict[str, Any]) -> bytes:
    """The report as .docx bytes."""
    opts = config.get("docx") or {}
    east, head_east = opts.get("east_asia_font", "宋体"), opts.get("heading_east_asia_font", "黑体")
    latin = opts.get("latin_font", "Times New Roman")
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Cm(2.2)
    for name in ("Normal", "List Number", "List Bullet", "Caption", "Table Grid"):
        _set_fonts(doc.styles[name], east, latin, opts.get("body_size", 10.5) if name == "Normal" else None)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _set_fonts(doc.styles[name], head_east, latin)
    _page_number_footer(section, report.footer)
    doc.add_heading(report.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(report.subtitle + (f"　{report.organisation}" if report.organisation else ""))
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    handlers = {"paragraph": None, "measures": _measures, "data": _data, "entries": _entries, "figure": _figure}
    for sec, depth in report.walk():
        doc.add_heading(sec.title, level=min(depth, 3))
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                doc.add_paragraph(block.text)
            else:
                handlers[block.kind](doc, block)  # type: ignore[misc]
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
