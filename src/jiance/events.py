"""Merge near-duplicate items into events, incrementally and explainably.

Two items are one event when their texts are near-duplicates (MinHash LSH on character 3-grams finds
candidates; the exact Jaccard similarity of the 3-gram sets decides), their dates are the same or close
(or one's precision contains the other), and their actors are compatible (not two different provinces,
companies or agencies). The first item seen is the event's canonical mention; heat is the number of
mentions. Each merge stores its evidence (similarity, date gap, actor check), so `jiance event ID`
can say why.

The LSH index is persisted in `lsh_bands` (band key, day, item), so `update_events` assigns a new
document's items without rebuilding anything. Signatures are computed with numpy in one pass per
document (the same min-wise scheme as datasketch.MinHash, with a multiply-shift permutation family
instead of a modular one, which numpy evaluates without overflow concerns).
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from jiance.store import events_sql as sql
from jiance.store.db import Store

NUM_PERM = 63
BANDS = 21  # 21 bands of 3 rows: P(candidate) is 0.80 at Jaccard 0.42, 0.94 at 0.5, 0.02 at 0.1
ROWS = NUM_PERM // BANDS
MIN_CHARS = 12  # items with shorter texts (table cells, headings, fragments) stay singletons
SIMILARITY = 0.4  # exact 3-gram Jaccard needed to merge
UNDATED_SIMILARITY = 0.6  # when one side has no date
CLOSE_DAYS = 3  # dates this close are the same event
FAR_DAYS = 7  # ... and up to this far for near-verbatim copies
FAR_SIMILARITY = 0.7
SAME_DAY_CONTAINMENT = 0.3  # same document, same day, a shared company/agency: share of the shorter text
_SEED = 20181116

_WS = re.compile(r"\s+")
_rng = np.random.RandomState(_SEED)
_A = (_rng.randint(1, 2**62, NUM_PERM, dtype=np.int64).astype(np.uint64) << np.uint64(1)) | np.uint64(1)
_B = _rng.randint(0, 2**62, NUM_PERM, dtype=np.int64).astype(np.uint64)
_BAND_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
_CHUNK = 16384  # grams per numpy pass: keeps the (perm x gram) matrix near 8 MB


def _compared(row: Any) -> str:
    """What two mentions must share: the row's actor cell (when it is not in the text) and the text.
    Table rows that differ only in their actor (award lists: project | company) stay apart."""
    actor, text = row["actor"], row["text"]
    return text if not actor or actor in text else f"{actor}：{text}"


@lru_cache(maxsize=1)
def _compat_chars() -> tuple[re.Pattern[str], dict[str, str]]:
    """Each BMP character whose NFKC form differs (full-width digits and punctuation, ideographic
    space, circled numbers ...), mapped to that form, and a pattern finding them."""
    table = {}
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            table[ch] = folded
    return re.compile("[" + "".join(map(re.escape, table)) + "]"), table


def normalise(text: str) -> str:
    """Width-folded (NFKC), lower-cased, whitespace removed: "11 月 5 日" and "11月5日" shingle alike.

    NFKC runs at a few MB/s on Chinese text because full-width punctuation sends every text down its
    slow path. Mapping each character to its own NFKC form first leaves a string with the same
    compatibility decomposition, so its NFKC form is the same; it is nearly always normalised already,
    which a quick check (in C) confirms."""
    pattern, table = _compat_chars()
    folded = pattern.sub(lambda m: table[m.group()], text)
    if not unicodedata.is_normalized("NFKC", folded):
        folded = unicodedata.normalize("NFKC", folded)
    return _WS.sub("", folded).lower()


def shingles(norm: str) -> set[str]:
    """Character 3-grams (the whole text if shorter)."""
    if len(norm) < 3:
        return {norm} if norm else set()
    return {norm[i : i + 3] for i in range(len(norm) - 2)}


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads structured 64-bit values (uint64 arithmetic wraps)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _gram_hashes(norm: str) -> np.ndarray:
    cp = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    if len(cp) < 3:
        cp = np.concatenate([cp, np.zeros(3 - len(cp), dtype=np.uint64)])
    grams = (cp[:-2] << np.uint64(42)) | (cp[1:-1] << np.uint64(21)) | cp[2:]
    return _mix(grams)


def _all_gram_hashes(norms: list[str]) -> list[np.ndarray]:
    """_gram_hashes of every text, computed over their concatenation in one numpy pass (per-call
    overhead dominated when each text was hashed alone); texts under 3 characters are padded alone."""
    joined = "".join(norms)
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    mixed = _mix((cp[:-2] << np.uint64(42)) | (cp[1:-1] << np.uint64(21)) | cp[2:]) if len(cp) >= 3 else cp
    out = []
    start = 0
    for n in norms:
        size = len(n)
        out.append(mixed[start : start + size - 2] if size >= 3 else _gram_hashes(n))
        start += size
    return out


def signatures(norms: list[str]) -> np.ndarray:
    """MinHash signatures (n x NUM_PERM, values < 2**32) of normalised texts, vectorised per chunk."""
    out = np.full((len(norms), NUM_PERM), np.iinfo(np.uint64).max, dtype=np.uint64)
    grams = _all_gram_hashes(norms)
    start = 0
    while start < len(norms):
        end, size = start, 0
        while end < len(norms) and (size == 0 or size + len(grams[end]) <= _CHUNK):
            size += len(grams[end])
            end += 1
        block = np.concatenate(grams[start:end])
        offsets = np.cumsum([0] + [len(g) for g in grams[start : end - 1]])
        perm = (_A[:, None] * block[None, :] + _B[:, None]) >> np.uint64(32)
        out[start:end] = np.minimum.reduceat(perm, offsets, axis=1).T
        start = end
    return out


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(n x BANDS) signed 64-bit keys: each band's rows and its number hashed together."""
    n = sigs.shape[0]
    rows = sigs[:, : BANDS * ROWS].reshape(n, BANDS, ROWS)
    acc = np.zeros((n, BANDS), dtype=np.uint64)
    for r in range(ROWS):
        acc = acc + rows[:, :, r] * _BAND_MULT[r % len(_BAND_MULT)]
    acc = acc + np.arange(BANDS, dtype=np.uint64)[None, :] * np.uint64(0xD6E8FEB86659FD93)
    return _mix(acc).view(np.int64)


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


@lru_cache(maxsize=4096)
def _day(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso).toordinal()
    except ValueError:
        return None


def day_span(date_start: str | None, date_end: str | None) -> tuple[int, int] | None:
    """Ordinal days an item's date covers, or None when it has no (usable) date."""
    s, e = _day(date_start), _day(date_end)
    if s is None:
        return None
    return s, e if e is not None and e >= s else s


def date_gap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int | None:
    """Days between two date spans (0 when they overlap: 2018-10 contains 2018-10-26); None if undated."""
    if a is None or b is None:
        return None
    return max(0, b[0] - a[1], a[0] - b[1])


def actor_check(a: dict[str, set[str]], b: dict[str, set[str]]) -> tuple[bool, str]:
    """Compatible unless both name provinces (or companies, or agencies) and none is shared."""
    notes = []
    for facet in ("province", "company", "agency"):
        x, y = a.get(facet) or set(), b.get(facet) or set()
        if x and y:
            shared = x & y
            if not shared:
                return False, f"{facet} differs: {'、'.join(sorted(x))} vs {'、'.join(sorted(y))}"
            notes.append(f"same {facet} {'、'.join(sorted(shared))}")
    return True, "; ".join(notes) or "no conflicting actors"


@dataclass
class Verdict:
    """The outcome of checking one candidate pair, with its evidence."""

    ok: bool
    similarity: float
    gap: int | None
    actors: str
    why: str

    def as_dict(self, other: int) -> dict[str, Any]:
        return {
            "item": other,
            "similarity": round(self.similarity, 3),
            "date_gap": self.gap,
            "actors": self.actors,
            "why": self.why,
        }


def verify(
    sim: float,
    gap: int | None,
    both_dated: bool,
    actors: tuple[bool, str],
    containment: float = 0.0,
    coarse: bool = False,
) -> Verdict:
    """The merge rule: similarity, date closeness and actor compatibility, each explained."""
    ok_actors, actor_note = actors
    if not ok_actors:
        return Verdict(False, sim, gap, actor_note, actor_note)
    if sim < SIMILARITY and not (containment >= SAME_DAY_CONTAINMENT and gap == 0):
        return Verdict(False, sim, gap, actor_note, f"similarity {sim:.2f} < {SIMILARITY}")
    if not both_dated:
        if sim < UNDATED_SIMILARITY:
            return Verdict(
                False, sim, gap, actor_note, f"one is undated and similarity {sim:.2f} < {UNDATED_SIMILARITY}"
            )
        return Verdict(True, sim, gap, actor_note, f"similarity {sim:.2f}; one is undated")
    assert gap is not None
    if coarse and gap > 0:
        return Verdict(False, sim, gap, actor_note, "a month or year date that does not cover the other")
    if gap <= CLOSE_DAYS:
        rule = (
            f"similarity {sim:.2f} ≥ {SIMILARITY}"
            if sim >= SIMILARITY
            else (f"same day, {containment:.0%} of the shorter text shared")
        )
        return Verdict(True, sim, gap, actor_note, f"{rule}; dates {gap} days apart")
    if gap <= FAR_DAYS and sim >= FAR_SIMILARITY:
        return Verdict(True, sim, gap, actor_note, f"similarity {sim:.2f} ≥ {FAR_SIMILARITY}; dates {gap} days apart")
    return Verdict(False, sim, gap, actor_note, f"dates {gap} days apart")


# items of earlier documents kept in memory with their 3-gram sets while a document is merged; past this
# they are dropped and re-read, so memory stays bounded however many duplicates the store holds
CACHE_OTHERS = 500
ESTIMATE_MIN = 0.22  # signature agreement below this is not worth reading the text (J 0.4 is 3 sigma above)


@dataclass
class _Known:
    """What the merge needs of an item: its text's 3-grams (made when first needed), date span, actors."""

    norm: str
    span: tuple[int, int] | None
    actors: dict[str, set[str]]
    event_id: int | None = None
    _grams: set[str] | None = None
    _places: dict[str, set[str]] | None = None
    _numbers: set[str] | None = None

    @property
    def grams(self) -> set[str]:
        if self._grams is None:
            self._grams = shingles(self.norm)
        return self._grams

    @property
    def numbers(self) -> set[str]:
        if self._numbers is None:
            self._numbers = numbers(self.norm)
        return self._numbers

    def place_actors(self) -> dict[str, set[str]]:
        """Facets, with provinces found in the text when the item has none (captions, untagged rows)."""
        if self.actors.get("province"):
            return self.actors
        if self._places is None:
            self._places = dict(self.actors)
            found = _text_provinces(self.norm)
            if found:
                self._places["province"] = found
        return self._places


def _conn(target: Store | sqlite3.Connection) -> sqlite3.Connection:
    return target.conn if isinstance(target, Store) else target


def update_events(
    target: Store | sqlite3.Connection, doc_id: int, timings: dict[str, float] | None = None
) -> dict[str, int]:
    """Assign a stored document's items to events (new ones, or existing ones they duplicate).

    With a Store this runs in its own transaction; with a connection it runs in the caller's
    transaction if one is open (call it right after `insert_items`), else in its own.
    Returns counts: items, merged (joined an earlier event), events (new). With `timings`, the seconds
    spent indexing (index_pending) and assigning (assign_events) are added to it.
    """
    conn = _conn(target)
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        from jiance.store.search_sql import index_pending

        t0 = time.perf_counter()
        index_pending(conn)  # the document's items enter the full-text index in one statement
        t1 = time.perf_counter()
        stats = _assign(conn, doc_id, {})
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    if timings is not None:  # the commit is charged to assigning
        timings["index_pending"] = timings.get("index_pending", 0.0) + t1 - t0
        timings["assign_events"] = timings.get("assign_events", 0.0) + time.perf_counter() - t1
    return stats


@dataclass
class _DocWrites:
    """What assigning one document's items writes, collected and written once per table at the end.

    Meanwhile the document's own band rows that a later item of it can meet (`bands`: key -> (day, item
    id), for the keys `shared` by two or more of its items) stay in memory, so its later items find its
    earlier ones exactly as if each item's bands had been written before the next was looked up."""

    next_event: int
    shared: set[int]
    events: list[tuple[int, int, str | None, str | None]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    widened: list[tuple[int, str | None, str | None]] = field(default_factory=list)
    indexed: list[tuple[int, list[int], int]] = field(default_factory=list)  # (item id, keys, day)
    bands: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    stored: dict[int, tuple[int, bytes]] = field(default_factory=dict)  # item id -> (event id, sig)

    def new_event(
        self, item_id: int, first: str | None, last: str | None, reason: str | None, sig: bytes | None
    ) -> int:
        event_id = self.next_event
        self.next_event += 1
        self.events.append((event_id, item_id, first, last))
        self.mentions.append((item_id, event_id, None, None, None, None, reason, sig))
        return event_id

    def add_bands(self, item_id: int, event_id: int, sig: bytes, keys: list[int], day: int) -> None:
        self.indexed.append((item_id, keys, day))
        for key in keys:
            if key in self.shared:
                self.bands[key].append((day, item_id))
                self.stored[item_id] = (event_id, sig)

    def band_rows_of(
        self, keys: list[int], day_lo: int | None, day_hi: int | None
    ) -> list[tuple[int, int, int, int, int, bytes]]:
        """This document's band rows for a lookup, shaped and parted as `sql.band_rows` gives them."""
        out = []
        for key in set(keys) & self.bands.keys():
            for day, other in self.bands[key]:
                if day_lo is None or day_lo <= day <= day_hi:  # type: ignore[operator]
                    part = 0
                elif day == 0:
                    part = 1
                else:
                    continue
                out.append((part, key, day, other, *self.stored[other]))
        return out

    def write(self, conn: sqlite3.Connection) -> None:
        sql.insert_events(conn, self.events)
        sql.insert_mentions(conn, self.mentions)
        sql.widen_events(conn, self.widened)
        # in key order: each insert lands next to the last one in the index's B-tree
        sql.insert_bands(conn, sorted((key, day, item_id) for item_id, keys, day in self.indexed for key in keys))


def _assign(conn: sqlite3.Connection, doc_id: int, cache: dict[int, _Known]) -> dict[str, int]:
    rows = sql.doc_items(conn, doc_id)
    stats = {"items": len(rows), "merged": 0, "events": 0}
    if not rows:
        return stats
    facets = sql.actor_facets(conn, [r["id"] for r in rows])
    items = [
        (r, _Known(normalise(_compared(r)), day_span(r["date_start"], r["date_end"]), facets.get(r["id"], {})))
        for r in rows
    ]
    sigs = signatures([k.norm for _, k in items])
    keys = band_keys(sigs).tolist()
    sig16 = sigs.astype(np.uint16)
    long_enough = [len(_WS.sub("", r["text"])) >= MIN_CHARS for r in rows]  # shorter ones stay singletons
    looked_up = [k for k, ok in zip(keys, long_enough, strict=True) if ok]
    stored = sql.stored_keys(conn, itertools.chain.from_iterable(looked_up))  # the others need no lookup
    counts = Counter(itertools.chain.from_iterable(set(k) for k in looked_up))
    writes = _DocWrites(sql.next_event_id(conn), {k for k, n in counts.items() if n > 1})
    by_day: dict[tuple[int, int], list[int]] = defaultdict(list)  # this document's day-dated items
    same_doc: set[int] = set()  # this document's items already assigned
    for (row, item), item_keys, sig, ok in zip(items, keys, sig16, long_enough, strict=True):
        item_id, first, last = row["id"], row["date_start"], row["date_end"]
        if not ok:
            item.event_id = writes.new_event(item_id, first, last, None, None)
            stats["events"] += 1
            continue
        best, rejected = _best_candidate(conn, item_id, item, item_keys, sig, cache, by_day, writes, stored, same_doc)
        blob = sig.tobytes()
        if best is not None:
            other, verdict = best
            item.event_id = cache[other].event_id
            assert item.event_id is not None
            why = json.dumps({"rule": verdict.why, "rejected": rejected[:3]}, ensure_ascii=False)
            writes.mentions.append(
                (item_id, item.event_id, other, round(verdict.similarity, 4), verdict.gap, verdict.actors, why, blob)
            )
            writes.widened.append((item.event_id, first, last))
            stats["merged"] += 1
        else:
            reason = json.dumps({"rejected": rejected[:3]}, ensure_ascii=False) if rejected else None
            item.event_id = writes.new_event(item_id, first, last, reason, blob)
            stats["events"] += 1
        writes.add_bands(item_id, item.event_id, blob, item_keys, _band_day(item.span))
        cache[item_id] = item
        same_doc.add(item_id)
        if item.span and item.span[0] == item.span[1]:
            by_day[item.span].append(item_id)
        if len(cache) > len(same_doc) + CACHE_OTHERS:  # earlier documents' items: re-read when needed
            for other in [k for k in cache if k not in same_doc]:
                del cache[other]
    writes.write(conn)
    return stats


def _best_candidate(
    conn: sqlite3.Connection,
    item_id: int,
    item: _Known,
    keys: list[int],
    sig: np.ndarray,
    cache: dict[int, _Known],
    by_day: dict[tuple[int, int], list[int]],
    writes: _DocWrites,
    stored: set[int],
    same_doc: set[int] | None = None,
) -> tuple[tuple[int, Verdict] | None, list[dict[str, Any]]]:
    """The most similar acceptable earlier item (its id, the verdict) and the closest rejected ones.

    Within one document, two items dated on different days are two events even in the same words:
    a report lists what happened on each day (a repeated text with another date and link)."""
    lo, hi = (item.span[0] - FAR_DAYS, item.span[1] + FAR_DAYS) if item.span else (None, None)
    known = [k for k in keys if k in stored]
    band_rows = sql.band_rows(conn, known, lo, hi) if known else []  # earlier documents
    mine = writes.band_rows_of(keys, lo, hi)  # this document's earlier items
    if mine:
        band_rows = sorted(band_rows + mine, key=lambda r: r[:4])
    found = [f for f in sql.first_candidates(band_rows) if f[0] != item_id and f[2] is not None]
    ids: list[int] = []
    events: dict[int, int] = {}
    if found:
        theirs = np.frombuffer(b"".join(f[2] for f in found), dtype=np.uint16).reshape(len(found), -1)
        estimates = (theirs == sig[None, :]).mean(axis=1)
        for (other, event_id, _), est in zip(found, estimates.tolist(), strict=True):
            if est >= ESTIMATE_MIN:
                ids.append(other)
                events[other] = event_id
    # same document, same day, a shared company or agency: cross-section duplicates in other words
    for other in by_day.get(item.span, []) if item.span else []:
        if other not in events and _shares_actor(item.actors, cache[other].actors):
            ids.append(other)
    missing = [i for i in ids if i not in cache]
    if missing:
        need = sql.candidate_rows(conn, missing)
        their_actors = sql.actor_facets(conn, [r["id"] for r in need])
        for r in need:
            span = day_span(r["date_start"], r["date_end"])
            cache[r["id"]] = _Known(normalise(_compared(r)), span, their_actors.get(r["id"], {}), events.get(r["id"]))
    best: tuple[int, Verdict] | None = None
    rejected: list[dict[str, Any]] = []
    for other in ids:
        known = cache.get(other)
        if known is None:
            continue  # deleted since it was indexed
        inter = len(item.grams & known.grams)
        union = len(item.grams) + len(known.grams) - inter
        sim = inter / union if union else 0.0
        containment = inter / min(len(item.grams), len(known.grams)) if item.grams and known.grams else 0.0
        if sim < SIMILARITY / 2 and containment < SAME_DAY_CONTAINMENT:
            continue  # far from similar: no need to look at actors or figures
        actors = actor_check(item.place_actors(), known.place_actors())
        if actors[0]:
            actors = numbers_check(item.numbers, known.numbers, actors[1])
        coarse = _coarse(item.span) or _coarse(known.span)
        gap = date_gap(item.span, known.span)
        if same_doc and other in same_doc and gap and _single_day(item.span) and _single_day(known.span):
            actors = (False, "same document, another day")
        verdict = verify(sim, gap, bool(item.span and known.span), actors, containment, coarse)
        if verdict.ok:
            if best is None or verdict.similarity > best[1].similarity:
                best = (other, verdict)
        elif sim >= SIMILARITY / 2:
            rejected.append(verdict.as_dict(other))
    rejected.sort(key=lambda r: -r["similarity"])
    return best, rejected


def _single_day(span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] == span[1]


_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_DATE_PART = re.compile(r"\d+(?:年|月|日|号)")


def numbers(norm: str) -> set[str]:
    """The figures a text states (dates left out): two reports of one event keep their figures."""
    return set(_NUMBER.findall(_DATE_PART.sub(" ", norm)))


def numbers_check(a: set[str], b: set[str], note: str) -> tuple[bool, str]:
    """Different facts in the same words (CPI up 1.2% / down 0.3%): no figure shared, or under half."""
    if a and b:
        shared = len(a & b) / min(len(a), len(b))
        if shared == 0 or (shared < 0.5 and min(len(a), len(b)) >= 2):
            return False, f"figures differ ({'、'.join(sorted(a)[:3])} vs {'、'.join(sorted(b)[:3])})"
    return True, note


def _text_provinces(norm: str) -> set[str]:
    try:
        from jiance.gazetteer import find_places

        return {hit.province for hit in find_places(norm) if hit.province}
    except Exception:  # the gazetteer is optional here: facets alone still work
        return set()


def _coarse(span: tuple[int, int] | None) -> bool:
    return span is not None and span[1] > span[0]


def _band_day(span: tuple[int, int] | None) -> int:
    """The day an item is indexed under: its day, or 0 for undated and coarse (month, year) dates,
    which every lookup includes and the exact date check then settles."""
    return span[0] if span and span[0] == span[1] else 0


def _shares_actor(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    return any((a.get(f) or set()) & (b.get(f) or set()) for f in ("company", "agency"))


def rebuild_events(target: Store | sqlite3.Connection, progress: Any = None) -> dict[str, int]:
    """Forget all events and merge every stored document again, in the order they were stored."""
    conn = _conn(target)
    totals = {"items": 0, "merged": 0, "events": 0}
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        from jiance.store.search_sql import index_pending

        index_pending(conn)
        sql.clear_events(conn)
        cache: dict[int, _Known] = {}
        for doc_id in sql.doc_ids(conn):
            if len(cache) > 50_000:  # recent items are the likely duplicates; keep memory flat
                cache.clear()
            stats = _assign(conn, doc_id, cache)
            for k in totals:
                totals[k] += stats[k]
            if progress:
                progress(doc_id)
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    return totals


# -- reading events ------------------------------------------------------------------------------------
def get_event(target: Store | sqlite3.Connection, event_id: int) -> dict[str, Any] | None:
    """An event with all its mentions (doc, line, link) and, for each, why it was merged."""
    conn = _conn(target)
    row = sql.event_row(conn, event_id)
    if row is None:
        return None
    mentions = []
    for m in sql.event_mentions(conn, event_id):
        d = dict(m)
        d["reason"] = json.loads(d["reason"]) if d["reason"] else None
        d["canonical"] = d["item_id"] == row["canonical_item_id"]
        mentions.append(d)
    out = dict(row)
    out["mentions"] = mentions
    out["sources"] = [{"doc": m["doc"], "line": m["line"], "link": m["link"]} for m in mentions]
    return out


def event_of_item(target: Store | sqlite3.Connection, item_id: int) -> int | None:
    return sql.event_of_item(_conn(target), item_id)


def list_events(
    target: Store | sqlite3.Connection,
    date_from: str | None = None,
    date_to: str | None = None,
    min_heat: int = 2,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The hottest events (most mentions) of a period."""
    from jiance.period import date_bounds

    lo = date_bounds(date_from)[0] if date_from else None
    hi = date_bounds(date_to)[1] if date_to else None
    return sql.list_events(_conn(target), lo, hi, min_heat, limit)
