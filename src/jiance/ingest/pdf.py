"""PDF reader: text per page with pypdfium2, ruled tables with pdfplumber.

pypdfium2 (PDFium) is fast and robust for text; pdfplumber finds tables from ruling lines but is
slow, so it only looks at pages where PDFium sees enough path objects to draw a grid, and at most
`max_table_pages` of them. Text is extracted faithfully: repairing wraps and spaces is clean.py's job.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jiance.ingest.textfile import guess_title, normalize_newlines
from jiance.model import JianceError, RawDocument, Table

log = logging.getLogger(__name__)

MIN_GRID_PATHS = 3
"""A page needs at least this many path objects (lines or rectangles) before we look for tables."""

_JUNK_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - .*|.*\.(?:docx?|wps|pdf|pptx?|xlsx?|txt)|untitled|无标题.*|"
    r"\s*|[-_.\d\s]+)$",
    re.IGNORECASE,
)


def _error(name: str, problem: str) -> JianceError:
    return JianceError(f"{name}: {problem}")


def _open(path: Path) -> pdfium.PdfDocument:
    """Open with PDFium, turning its error codes into messages a user can act on."""
    name = path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError as exc:
        raise _error(name, f"cannot read the file ({exc.strerror or exc})") from None
    if size == 0:
        raise _error(name, "empty file")
    if b"%PDF-" not in head:
        raise _error(name, "broken PDF (no %PDF header; not a PDF file?)")
    if b"%%EOF" not in tail:
        raise _error(name, "broken PDF (truncated: no %%EOF marker at the end; download it again)")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise _error(name, "encrypted PDF (needs a password); decrypt it first") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise _error(name, "encrypted PDF (unsupported security handler); decrypt it first") from None
        raise _error(name, f"broken PDF ({exc})") from None


def _page_lines(page: pdfium.PdfPage) -> list[str]:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    text = normalize_newlines(text)
    lines = text.split("\n")
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    return lines


def _counts(page: pdfium.PdfPage) -> tuple[int, int]:
    """(path objects, image objects) on a page: grids need paths, scans are images."""
    paths = images = 0
    for obj in page.get_objects(max_depth=1):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
    return paths, images


def _clean_title(value: str | None) -> str | None:
    value = (value or "").strip()
    return None if _JUNK_TITLE.match(value) else value


def _cell_text(
    textpage: pdfium.PdfTextPage, box: tuple[float, float, float, float], origin: tuple[float, float]
) -> str:
    """Text inside a pdfplumber cell box (top-left origin), read by PDFium (bottom-left origin)."""
    x0, top, x1, bottom = box
    left, page_top = origin
    text = textpage.get_text_bounded(left=left + x0, bottom=page_top - bottom, right=left + x1, top=page_top - top)
    return normalize_newlines(text).strip()


def _join_cell(text: str) -> str:
    """A cell's wrapped lines joined: no space between CJK characters or inside a wrapped URL,
    one between Latin words."""
    parts = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for part in parts:
        in_url = "://" in out.rsplit(" ", 1)[-1]
        if out and not in_url and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def _extract_tables(
    path: Path, pdf: pdfium.PdfDocument, pages: list[int]
) -> dict[int, list[tuple[tuple[float, float, float, float], list[list[str]]]]]:
    """Ruled tables on the given 0-based pages: page -> [(bbox, rows of cells)] (2+ rows, 2+ columns).

    pdfplumber finds the grid; PDFium reads the text of each cell, because pdfminer cannot
    decode some embedded CJK fonts that PDFium handles.
    """
    import pdfplumber

    found_by_page: dict[int, list[tuple[tuple[float, float, float, float], list[list[str]]]]] = {}
    try:
        with pdfplumber.open(path) as plumber:
            for index in pages:
                ppage = plumber.pages[index]
                found = ppage.find_tables()
                if not found:
                    ppage.close()
                    continue
                mediabox = ppage.mediabox
                origin = (float(mediabox[0]), float(mediabox[3]))
                page = pdf[index]
                textpage = page.get_textpage()
                try:
                    for grid in found:
                        rows = [
                            [_join_cell(_cell_text(textpage, cell, origin)) if cell else "" for cell in row.cells]
                            for row in grid.rows
                        ]
                        rows = [row for row in rows if any(row)]
                        if len(rows) >= 2 and max(len(row) for row in rows) >= 2:
                            found_by_page.setdefault(index, []).append((tuple(grid.bbox), rows))
                finally:
                    textpage.close()
                    page.close()
                    ppage.close()
    except Exception as exc:  # noqa: BLE001 - tables are a bonus; the text is already read
        log.warning("%s: table extraction failed (%s)", path.name, exc)
    return found_by_page


def _page_lines_with_tables(
    page: pdfium.PdfPage, tables: list[tuple[tuple[float, float, float, float], list[list[str]]]]
) -> list[str]:
    """A page's text with each ruled table written as rows of TAB-separated cells in reading order,
    instead of PDFium's flattening of the grid into loose lines."""
    left, bottom, right, top = page.get_bbox()
    textpage = page.get_textpage()
    lines: list[str] = []
    cursor = 0.0  # distance from the page top already emitted
    try:
        for (_x0, t_top, _x1, t_bottom), rows in sorted(tables, key=lambda t: t[0][1]):
            if t_top > cursor:
                above = textpage.get_text_bounded(left=left, bottom=top - t_top, right=right, top=top - cursor)
                lines.extend(x for x in normalize_newlines(above).split("\n") if x.strip())
            lines.extend("\t".join(cell.replace("\t", " ") for cell in row) for row in rows)
            cursor = max(cursor, t_bottom)
        rest = textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top - cursor)
        lines.extend(x for x in normalize_newlines(rest).split("\n") if x.strip())
    finally:
        textpage.close()
    return lines


def read_pdf(path: Path, max_table_pages: int = 200) -> RawDocument:
    """Read a PDF's text layer page by page (page_starts = first line of each page) and its tables.

    Raises JianceError for unreadable, truncated, encrypted or text-less (scanned) PDFs.
    """
    path = Path(path)
    name = path.name
    pdf = _open(path)
    try:
        lines: list[str] = []
        page_starts: list[int] = []
        grid_pages: list[int] = []
        image_pages = 0
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                page_starts.append(len(lines))
                lines.extend(_page_lines(page))
                paths, images = _counts(page)
            except pdfium.PdfiumError as exc:
                raise _error(name, f"broken PDF (page {index + 1}: {exc})") from None
            finally:
                page.close()
            image_pages += images > 0
            if paths >= MIN_GRID_PATHS:
                grid_pages.append(index)
        metadata = pdf.get_metadata_dict(skip_empty=True)
        page_count = len(pdf)
        if page_count == 0:
            raise _error(name, "broken PDF (no pages)")
        text = "\n".join(lines)
        visible = len("".join(text.split()))
        # scans may carry a stamped page number or a few OCR-less words: judge by characters per page
        if visible == 0 or (visible < 10 * page_count and image_pages >= page_count / 2):
            raise _error(name, "no text layer (scanned PDF?) — OCR it first")
        meta: dict[str, object] = {"pages": page_count}
        for key in ("Author", "Creator", "Producer", "CreationDate", "ModDate"):
            if metadata.get(key):
                meta[key.lower()] = metadata[key]
        if len(grid_pages) > max_table_pages:
            meta["table_pages_skipped"] = len(grid_pages) - max_table_pages
            grid_pages = grid_pages[:max_table_pages]
        tables: list[Table] = []
        if grid_pages:
            by_page = _extract_tables(path, pdf, grid_pages)
            per_page = [lines[a:b] for a, b in zip(page_starts, [*page_starts[1:], len(lines)], strict=True)]
            for index, found in sorted(by_page.items()):
                tables.extend(Table(rows=rows, page=index + 1) for _, rows in found)
                page = pdf[index]
                try:
                    per_page[index] = _page_lines_with_tables(page, found)
                finally:
                    page.close()
            lines, page_starts = [], []
            for page_lines in per_page:
                page_starts.append(len(lines))
                lines.extend(page_lines)
            text = "\n".join(lines)
    finally:
        pdf.close()
    return RawDocument(
        source=str(path),
        name=name,
        kind="pdf",
        text=text,
        title=_clean_title(metadata.get("Title")) or guess_title(text),
        page_starts=page_starts,
        tables=tables,
        meta=meta,
    )
