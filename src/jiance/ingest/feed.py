"""RSS/Atom/RDF feed reader: one RawDocument per entry.

feedparser does the parsing and sanitising; this module picks the fullest text (content before
summary), strips HTML with lxml while keeping paragraph breaks, and keeps the entry's LOCAL
publication date: a Chinese feed's "Thu, 12 Mar 2026 07:30:00 +0800" is 12 March, although
feedparser's UTC struct says 11 March.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from jiance.model import JianceError, RawDocument

_SNIFF = re.compile(rb"<(?:rss\b|rdf:rdf\b|feed\b[^>]*http://www\.w3\.org/2005/atom)", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table blockquote section article pre hr dd dt dl figure "
    "figcaption header footer".split()
)
_SKIP_TAGS = frozenset(("script", "style", "noscript", "template"))
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def looks_like_feed(data: bytes) -> bool:
    """Cheap sniff of the first KB: an <rss>, Atom <feed xmlns=...2005/Atom> or <rdf:RDF> root."""
    head = data[:1024]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[1:2] == b"\x00" or head[:1] == b"\x00":
        head = head.replace(b"\x00", b"")  # UTF-16: ASCII markup survives without its NULs
    return bool(_SNIFF.search(head))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment: block elements become line breaks, runs of space collapse."""
    if "<" not in markup:
        return _tidy(markup)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy(re.sub(r"<[^>]+>", " ", markup))
    parts: list[str] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS:
            if element.tail:
                parts.append(element.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if element.text and isinstance(element.tag, str):
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _local_date(raw: str | None, parsed: time.struct_time | None) -> str | None:
    """ISO date as written in the feed's own time zone; feedparser's UTC struct only as fallback."""
    if raw:
        raw = raw.strip()
        try:
            return email.utils.parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        try:
            return dt.datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            pass
        match = re.match(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", raw)
        if match:
            try:
                return dt.date(*map(int, match.groups())).isoformat()
            except ValueError:
                pass
    if parsed:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None


def _entry_date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        date = _local_date(entry.get(key), entry.get(f"{key}_parsed"))
        if date:
            return date
    return None


def _entry_body(entry: Any) -> str:
    """The fullest text the entry has: content (often the whole article) before summary."""
    candidates: list[tuple[str, str]] = [(c.get("value", ""), c.get("type", "")) for c in entry.get("content", [])]
    summary = entry.get("summary_detail") or {}
    if entry.get("summary"):
        candidates.append((entry.get("summary", ""), summary.get("type", "text/html")))
    best = ""
    for value, kind in candidates:
        text = _tidy(value) if kind == "text/plain" else html_to_text(value)
        if len(text) > len(best):
            best = text
    return best


def _base_name(source: str) -> str:
    path = urlparse(source).path if "://" in source else source
    return PurePosixPath(path.replace("\\", "/")).name or source


def read_feed(data: bytes, source: str) -> tuple[list[RawDocument], list[str]]:
    """Parse a feed into one RawDocument per entry (kind "feed_entry") and a list of error lines.

    An entry without title and text is skipped and reported; bytes that are not a feed raise
    JianceError. The entry's title is the first line of its text.
    """
    import feedparser

    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data.strip():
        raise JianceError(f"{source}: empty file")
    parsed = feedparser.parse(data)  # bytes: feedparser never fetches anything itself
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f"{type(reason).__name__}: {reason}" if reason else "no <rss>, <feed> or <rdf:RDF> root"
        raise JianceError(f"{source}: not an RSS/Atom feed ({str(detail).splitlines()[0][:120]})")
    feed = parsed.get("feed", {})
    feed_title = (feed.get("title") or "").strip() or None
    name = _base_name(source)
    docs: list[RawDocument] = []
    errors: list[str] = []
    if not parsed.entries:
        errors.append(f"{source}: feed has no entries")
    for number, entry in enumerate(parsed.entries, start=1):
        title = _tidy(html_to_text(entry.get("title", ""))).replace("\n", " ") or None
        body = _entry_body(entry)
        if not title and not body:
            errors.append(f"{source}: entry {number} has no title or text, skipped")
            continue
        if title and not body.startswith(title):
            text = f"{title}\n{body}" if body else title
        else:
            text = body
        meta: dict[str, Any] = {"entry": number}
        if feed_title:
            meta["feed_title"] = feed_title
        for key in ("id", "author"):
            if entry.get(key):
                meta[key] = entry.get(key)
        tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        if tags:
            meta["tags"] = tags
        docs.append(
            RawDocument(
                source=source,
                name=f"{name}#{number}",
                kind="feed_entry",
                text=text,
                title=title,
                published=_entry_date(entry),
                url=entry.get("link") or None,
                encoding=parsed.get("encoding"),
                meta=meta,
            )
        )
    return docs, errors
