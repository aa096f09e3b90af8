"""The segmenters' output: a span of the cleaned text with what its shape says about it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    """One item-to-be: offsets in the cleaned text (end exclusive) and shape-given fields."""

    start: int
    end: int
    kind: str  # chronicle | news | policy | bulletin_item | paragraph | table_row | bullet
    section: list[str]  # heading path above it, outermost first
    title: str | None = None
    actor: str | None = None  # where the shape gives one (table actor cell, policy 颁布单位)
    fields: dict[str, str] = field(default_factory=dict)  # policy header keys, "source" for （来源：…）
    link: str | None = None
    level: str | None = None  # when the section says so
