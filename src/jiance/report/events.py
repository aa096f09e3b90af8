"""Group a period's items into events (the same news told by several items) and give each a heat,
the number of the period's items that mention it. Uses the store's events table (filled by
`jiance.events`) where present, else a key of date and opening words."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jiance.report.document import Entry, Source
from jiance.report.placement import NUMBERING, clean_text, lead_text

_NORM = re.compile(r"[\s\W_]+")


@dataclass
class Event:
    """Items telling the same news; `item` is the one shown (the first with a link)."""

    item: dict[str, Any]
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def heat(self) -> int:
        return len(self.mentions)


def event_key(item: dict[str, Any]) -> str:
    """Items with the same key tell the same news: the store's event (jiance.events merges
    near-duplicates at ingest) where there is one, else the same date and opening words."""
    if item.get("event_id") is not None:
        return f"event:{item['event_id']}"
    body = _NORM.sub("", lead_text(item))[:20]
    return f"{item.get('date') or ''}|{body}"


def group_events(items: Iterable[dict[str, Any]]) -> list[Event]:
    """Events in first-seen order, each with all its mentions."""
    events: dict[str, Event] = {}
    for item in items:
        key = event_key(item)
        ev = events.get(key)
        if ev is None:
            events[key] = Event(item, [item])
            continue
        ev.mentions.append(item)
        if not ev.item.get("link") and item.get("link"):
            ev.item = item
    return list(events.values())


_SOURCE_NOTE = re.compile(r"[（(]\s*(?:来源|来自|稿源)[:：]\s*([^（）()]{1,40})[）)]\s*$")


def _source_note(item: dict[str, Any]) -> str | None:
    """A trailing "（来源：X）" of the item's text, X as written."""
    m = _SOURCE_NOTE.search((item.get("text") or "").strip())
    return m.group(1).strip() if m else None


def source_of(item: dict[str, Any]) -> Source:
    name = item.get("source_name") or _source_note(item)
    return Source(doc=item.get("doc"), line=item.get("line"), url=item.get("link"), name=name)


def display_text(item: dict[str, Any]) -> str:
    """The item's text for a reader: markup removed, its numbered title line and trailing source note
    dropped (the source is shown once, from `source_of`)."""
    text = NUMBERING.sub("", clean_text(item.get("text") or ""), count=1)
    title = NUMBERING.sub("", clean_text(item.get("title") or ""), count=1)
    if title and text.startswith(title):
        text = text[len(title) :].strip()
    text = _SOURCE_NOTE.sub("", text).strip()
    return re.sub(r"\s*\n\s*", "", text) if _mostly_cjk(text) else re.sub(r"\s+", " ", text)


def _mostly_cjk(text: str) -> bool:
    cjk = sum(1 for ch in text[:200] if "\u4e00" <= ch <= "\u9fff")
    return cjk > len(text[:200]) / 3


def to_entry(event: Event) -> Entry:
    item = event.item
    return Entry(
        text=display_text(item),
        source=source_of(item),
        title=clean_text(item.get("title") or "") or None,
        date=item.get("date"),
        heat=event.heat,
        level=item.get("level"),
        sectors=list(item.get("sectors") or []),
    )
