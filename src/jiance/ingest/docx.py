"""Word (.docx) reader: paragraphs and tables in document order.

python-docx lists paragraphs and tables separately, which loses their order; walking the body's
XML children keeps it. A table row becomes one line of TAB-separated cells, so the segmenter sees
the same shape as a PDF table turned into text, and every row has a line number. Vertically merged
continuation cells are left empty, as a reader of the page sees them. A paragraph or cell that is
only hyperlinks ("链接") shows their URLs, since the link column's fact is the target.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from jiance.ingest.textfile import guess_title
from jiance.model import JianceError, RawDocument, Table

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题"}


def _error(name: str, problem: str) -> JianceError:
    return JianceError(f"{name}: {problem}")


def _open(path: Path) -> Any:
    """Open with python-docx, naming the usual reasons a .docx cannot be read."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    name = path.name
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise _error(name, f"cannot read the file ({exc.strerror or exc})") from None
    if not head:
        raise _error(name, "empty file")
    if head.startswith(_OLE_MAGIC):
        raise _error(name, "old binary Word .doc format, not .docx; save it as .docx first")
    if not zipfile.is_zipfile(path):
        raise _error(name, "corrupt DOCX (not a ZIP package)")
    try:
        return docx.Document(str(path))
    except PackageNotFoundError:
        raise _error(name, "corrupt DOCX (no Word document inside the package)") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise _error(name, f"corrupt DOCX ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # noqa: BLE001 - lxml and zlib errors have no common base
        raise _error(name, f"corrupt DOCX ({type(exc).__name__}: {exc})") from None


def _heading_level(paragraph: Paragraph) -> int | None:
    """0 for a title, 1.. for headings (by style name or outline level), None for body text."""
    p_pr = paragraph._p.pPr
    outline = p_pr.find(qn("w:outlineLvl")) if p_pr is not None else None
    if outline is not None and outline.get(qn("w:val"), "").isdigit():
        level = int(outline.get(qn("w:val"))) + 1
        return level if level <= 9 else None
    try:
        style = paragraph.style
    except (KeyError, AttributeError, ValueError):
        return None
    while style is not None:
        style_name = (style.name or "").strip()
        if style_name.lower() in _TITLE_STYLES:
            return 0
        match = _HEADING_STYLE.match(style_name)
        if match:
            return int(match.group(1))
        style = style.base_style
    return None


def _shown_text(paragraph: Paragraph, links: list[tuple[str, str]]) -> str:
    """A paragraph made only of hyperlinks ("链接", "原文") shows their URLs: the target is the fact."""
    text = paragraph.text
    if links and text.strip() and "".join(t for t, _ in links).strip() == text.strip():
        return " ".join(url for _, url in links)
    return text


def _links(paragraph: Paragraph) -> list[tuple[str, str]]:
    out = []
    for link in paragraph.hyperlinks:
        try:
            url = link.url
        except (KeyError, AttributeError):
            url = ""
        if url:
            out.append((link.text, url))
    return out


class _Walker:
    """Collects lines, tables, headings and links while walking the body in order."""

    def __init__(self, parent: Any) -> None:
        self.parent = parent
        self.lines: list[str] = []
        self.tables: list[Table] = []
        self.headings: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []

    def walk(self, container: Any) -> None:
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(Paragraph(child, self.parent))
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt"):  # content control: its content is ordinary body
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.walk(content)

    def paragraph(self, paragraph: Paragraph) -> None:
        line = len(self.lines) + 1
        links = _links(paragraph)
        text = _shown_text(paragraph, links)
        level = _heading_level(paragraph)
        if level is not None and text.strip():
            self.headings.append({"line": line, "level": level, "text": text.strip()})
        for link_text, url in links:
            self.links.append({"line": line, "text": link_text, "url": url})
        self.lines.extend(text.replace("\r", "\n").split("\n"))

    def cell_text(self, tc: Any, line: int) -> str:
        parts = []
        for p in tc.iter(qn("w:p")):
            paragraph = Paragraph(p, self.parent)
            links = _links(paragraph)
            parts.append(_shown_text(paragraph, links).strip())
            for link_text, url in links:
                self.links.append({"line": line, "text": link_text, "url": url})
        return "\n".join(part for part in parts if part)

    def table(self, tbl: Any) -> None:
        rows: list[list[str]] = []
        for tr in tbl.iterchildren(qn("w:tr")):
            line = len(self.lines) + 1
            cells = []
            for tc in tr.iterchildren(qn("w:tc")):
                v_merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
                cells.append("" if continued else self.cell_text(tc, line))
            if not any(cells):
                continue
            rows.append(cells)
            self.lines.append("\t".join(" ".join(cell.split("\n")) for cell in cells))
        if rows:
            self.tables.append(Table(rows=rows, page=None))


def read_docx(path: Path) -> RawDocument:
    """Read a .docx into a RawDocument: body paragraphs and table rows (TAB-separated) in order.

    meta["headings"] lists {line, level, text} (level 0 = title); meta["links"] lists the
    hyperlinks {line, text, url}, since a cell often shows "链接" while the URL is hidden.
    """
    path = Path(path)
    document = _open(path)
    walker = _Walker(document._body)
    try:
        walker.walk(document.element.body)
    except (KeyError, ValueError, AttributeError) as exc:
        raise _error(path.name, f"corrupt DOCX ({type(exc).__name__}: {exc})") from None
    text = "\n".join(walker.lines)
    if not text.strip():
        raise _error(path.name, "empty document (no text in paragraphs or tables)")
    props = document.core_properties
    first_heading = next((h["text"] for h in walker.headings if h["level"] <= 1), None)
    meta: dict[str, Any] = {"headings": walker.headings, "links": walker.links}
    if props.author:
        meta["author"] = props.author
    if props.created:
        meta["created"] = props.created.date().isoformat()
    return RawDocument(
        source=str(path),
        name=path.name,
        kind="docx",
        text=text,
        title=(props.title or "").strip() or first_heading or guess_title(text),
        tables=walker.tables,
        meta=meta,
    )
