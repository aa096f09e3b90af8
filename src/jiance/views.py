"""Views of a stored document for people: cleaned lines beside the original lines they came from."""

from __future__ import annotations

from jiance.model import Document

ITEM_SEP = "\u2028"


def cleaned_lines(doc: Document, first: int = 1, last: int | None = None) -> list[tuple[int, int, str]]:
    """(first original line, last original line, cleaned text) for each cleaned line that overlaps the
    original line range [first, last]; table item boundaries are shown as ' ▸ '."""
    last = last if last is not None else doc.orig_index.line_count
    out: list[tuple[int, int, str]] = []
    pos = 0
    for line in doc.clean.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        lo = doc.orig_line(start)
        hi = doc.orig_line(max(start, end - 1))
        if hi >= first and lo <= last:
            out.append((lo, hi, line.replace(ITEM_SEP, " ▸ ")))
    return out
