"""Turn ISO dates of any precision into the first and last day they cover, for range filters."""

from __future__ import annotations

import calendar
import re

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def _first(part: str) -> str | None:
    part = part.strip()
    if m := _QUARTER.match(part):
        return f"{m[1]}-{(int(m[2]) - 1) * 3 + 1:02d}-01"
    pieces = part.split("-")
    if not pieces[0].isdigit() or len(pieces[0]) != 4:
        return None
    year = pieces[0]
    month = pieces[1] if len(pieces) > 1 else "01"
    day = pieces[2] if len(pieces) > 2 else "01"
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _last(part: str) -> str | None:
    part = part.strip()
    if m := _QUARTER.match(part):
        year, month = int(m[1]), int(m[2]) * 3
        return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    pieces = part.split("-")
    if not pieces[0].isdigit() or len(pieces[0]) != 4:
        return None
    year = int(pieces[0])
    if len(pieces) == 1:
        return f"{year}-12-31"
    month = int(pieces[1])
    if len(pieces) == 2:
        return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{year}-{month:02d}-{int(pieces[2]):02d}"


def date_bounds(iso: str | None) -> tuple[str | None, str | None]:
    """("2018-10" → ("2018-10-01", "2018-10-31"); "A/B" → (first of A, last of B); bad → (None, None)."""
    if not iso:
        return None, None
    try:
        left, _, right = iso.partition("/")
        return _first(left), _last(right or left)
    except (ValueError, IndexError):
        return None, None
