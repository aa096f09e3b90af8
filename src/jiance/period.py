"""ISO dates of any precision as the first and last day they cover, for range filters in SQL."""

from __future__ import annotations

from jiance.extract.dates import iso_bounds


def date_bounds(iso: str | None) -> tuple[str | None, str | None]:
    """("2018-10" → ("2018-10-01", "2018-10-31"); "A/B" → (first of A, last of B); bad → (None, None)."""
    bounds = iso_bounds(iso) if iso else None
    if bounds is None:
        return None, None
    return bounds[0].isoformat(), bounds[1].isoformat()
