"""The main job: read sources, clean, segment, extract and store, one transaction per document.

A failure in one input is reported with its name and the batch goes on; a document already stored
(same content hash) is skipped and reported as such; a killed run leaves no half-stored document.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jiance.events import update_events
from jiance.gcpause import gc_paused
from jiance.ingest.clean import clean_text
from jiance.ingest.sources import expand_inputs, read_source
from jiance.model import Document, Item, JianceError, RawDocument
from jiance.segment.base import Segment
from jiance.store.db import Store
from jiance.store.events_sql import doc_needs_events

log = logging.getLogger("jiance")
T = TypeVar("T")


def content_hash(raw: RawDocument) -> str:
    """Same text (whatever its encoding or file name) is the same document; feed entries add their link."""
    h = hashlib.sha256()
    h.update(raw.kind.encode())
    h.update(b"\0")
    h.update(raw.text.encode("utf-8", "surrogatepass"))
    if raw.kind == "feed_entry" and raw.url:
        h.update(b"\0" + raw.url.encode())
    return h.hexdigest()


def prepare(raw: RawDocument) -> Document:
    """Clean a raw document and key it by content."""
    if not raw.text.strip():
        raise JianceError(f"{raw.source}: no text")
    return Document(raw=raw, clean=clean_text(raw.text, raw.page_starts), content_hash=content_hash(raw))


def segment(doc: Document, shape: str | None = None) -> list[Segment]:
    """Split a cleaned document into item spans, by its shape (one item per web page or feed entry)."""
    text = doc.clean.text
    if doc.raw.kind in ("html", "feed_entry") and shape is None:
        body = text.strip()
        if not body:
            return []
        start = text.index(body[0])
        fields = {"published": doc.raw.published} if doc.raw.published else {}
        return [
            Segment(
                start=start,
                end=start + len(body),
                kind="news",
                section=[],
                title=doc.raw.title,
                link=doc.raw.url,
                fields=fields,
            )
        ]
    from jiance.segment.shapes import segment_document

    return segment_document(text, shape=shape)


def extract(doc: Document, shape: str | None = None, disabled: frozenset[str] = frozenset()) -> list[Item]:
    from jiance.extract.run import extract_document

    with gc_paused():
        return extract_document(doc, segment(doc, shape), disabled)


def process(
    raw: RawDocument, shape: str | None = None, disabled: frozenset[str] = frozenset()
) -> tuple[Document, list[Item]]:
    doc = prepare(raw)
    return doc, extract(doc, shape, disabled)


class _Clock:
    """Calls a function, adding its wall time to `timings[phase]` when timings are kept."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    def __call__(self, phase: str, fn: Callable[..., T], *args: Any) -> T:
        if self.timings is None:
            return fn(*args)
        t0 = time.perf_counter()
        try:
            return fn(*args)
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - t0


@dataclass
class Outcome:
    """What happened to one input or one document of it."""

    source: str
    status: str  # stored | duplicate | error | warning
    message: str = ""
    doc_id: int | None = None
    items: int = 0
    name: str = ""


@dataclass
class IngestSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    bytes_read: int = 0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def ingest_documents(
    store: Store,
    raws: list[RawDocument],
    source: str,
    shape: str | None = None,
    timings: dict[str, float] | None = None,
) -> Iterator[Outcome]:
    """Clean, extract, store and index each document. With `timings`, seconds spent are added to it per
    phase: clean, extract, add_document, index_pending, assign_events (see bench/ingest.py)."""
    for raw in raws:
        with gc_paused():  # not across the yield: the caller's own work runs with collection as it was
            outcome = _ingest_one(store, raw, source, shape, _Clock(timings), timings)
        yield outcome


def _ingest_one(
    store: Store, raw: RawDocument, source: str, shape: str | None, clock: _Clock, timings: dict[str, float] | None
) -> Outcome:
    """Clean, extract, store and index one document; what happened to it."""
    try:
        doc = clock("clean", prepare, raw)
        existing = store.has_hash(doc.content_hash)
        if existing is not None:
            if doc_needs_events(store.conn, existing):  # a run killed after storing it: finish the job
                update_events(store, existing, timings)
            return Outcome(
                source, "duplicate", f"{raw.name}: already stored as document {existing}", existing, name=raw.name
            )
        items = clock("extract", extract, doc, shape)
        doc_id = clock("add_document", store.add_document, doc, items)
        update_events(store, doc_id, timings)  # full-text index and near-duplicate merging
        return Outcome(source, "stored", "", doc_id, len(items), name=raw.name)
    except JianceError as exc:
        return Outcome(source, "error", str(exc), name=raw.name)
    except Exception as exc:  # a bug on one document must not stop the batch
        log.debug("failed on %s", raw.name, exc_info=True)
        return Outcome(source, "error", f"{raw.name}: internal error ({type(exc).__name__}: {exc})", name=raw.name)


def ingest(
    store: Store,
    inputs: list[str],
    *,
    allow_private: bool = False,
    shape: str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_source: Callable[[str], None] | None = None,
) -> IngestSummary:
    """Ingest files, folders and URLs into the store; returns what happened to each."""
    summary = IngestSummary()

    def emit(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    for source in expand_inputs(inputs):
        if on_source:
            on_source(source)
        try:
            result = read_source(source, allow_private=allow_private)
        except JianceError as exc:
            emit(Outcome(source, "error", str(exc)))
            continue
        except Exception as exc:
            log.debug("failed reading %s", source, exc_info=True)
            emit(Outcome(source, "error", f"{source}: cannot read ({type(exc).__name__}: {exc})"))
            continue
        for warning in result.warnings:
            emit(Outcome(source, "warning", warning))
        summary.bytes_read += sum(len(d.text.encode("utf-8")) for d in result.documents)
        for outcome in ingest_documents(store, result.documents, source, shape):
            emit(outcome)
    return summary
