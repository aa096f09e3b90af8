"""Event type and sectors of an item, by weighted cues from data files.

``classify_event`` scores every cue of ``data/event_cues.yaml`` found in the text (one compiled
alternation), boosts cues near the head of the item and its first cue (the main verb), and returns
the best type with the cue that fired; negative events are flagged with their cue.
``classify_sectors`` maps the keywords of ``data/sectors.yaml`` (one compiled alternation) back to
their sectors. Both are explainable: each result names the cue that fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

_DATA = Path(__file__).parent / "data"
_BOOK_TITLE = re.compile(r"《[^》]{1,80}》")
_LEAD_DATE = re.compile(r"^\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]?\s*")


@dataclass
class EventClass:
    """The event type of an item and the cue that decided it; a negative event names its cue."""

    event_type: str
    cue: str | None = None
    negative: bool = False
    negative_cue: str | None = None
    score: float = 0.0


def _trie_pattern(words: list[str]) -> str:
    """A regex for a set of literals, factored by common prefixes; longest match first.

    The pattern is a plain alternation of literals, so `re` can skip positions by its first-
    character set; word boundaries for ASCII keywords are checked by `_ascii_ok`.
    """

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    trie = _build(words)
    body = emit(trie)
    if any(len(w) < 2 for w in words):
        return body
    # a two-character look-ahead rejects most positions before the alternation is tried
    first = "".join(re.escape(c) for c in sorted(k for k in trie if k))
    second = "".join(re.escape(c) for c in sorted({w[1] for w in words}))
    return f"(?=[{first}][{second}])(?:{body})"


def _ascii_ok(text: str, m: re.Match[str]) -> bool:
    """An ASCII keyword ("AI", "5G") must not sit inside a longer ASCII word."""
    w = m.group()
    if w[:1].isascii() and w[:1].isalnum() and m.start() > 0:
        c = text[m.start() - 1]
        if c.isascii() and c.isalnum():
            return False
    if w[-1:].isascii() and w[-1:].isalnum() and m.end() < len(text):
        c = text[m.end()]
        if c.isascii() and c.isalnum():
            return False
    return True


def _build(words: list[str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True
    return trie


@dataclass
class _Cue:
    type: str
    weight: float
    needs_title: bool = False
    else_type: str | None = None
    else_weight: float | None = None


@dataclass
class _EventData:
    cues: dict[str, list[_Cue]]
    cue_re: re.Pattern[str]
    regex_cues: list[tuple[re.Pattern[str], str, float, int, re.Pattern[str] | None]]
    title_re: re.Pattern[str]
    title_window: int
    title_types: list[tuple[str, str]]
    title_default: str
    priority: list[str]
    rank: dict[str, int]
    head_chars: int
    head_boost: float
    main_boost: float
    min_score: float
    neg: frozenset[str]
    guard_re: re.Pattern[str]
    guard_window: int
    long_guards: tuple[str, ...]
    in_title: float
    guard_after_re: re.Pattern[str]


@lru_cache(maxsize=1)
def _events() -> _EventData:
    """Load and compile event_cues.yaml once."""
    d = yaml.safe_load((_DATA / "event_cues.yaml").read_text(encoding="utf-8"))
    cues: dict[str, list[_Cue]] = {}
    regex_cues = []
    for etype, items in d["types"].items():
        for it in items:
            c = _Cue(etype, float(it["weight"]), it.get("needs") == "title", it.get("else"), it.get("else_weight"))
            if "re" in it:
                needs = [str(n) for n in it.get("requires", ())]
                needs_re = re.compile("|".join(map(re.escape, needs))) if needs else None
                regex_cues.append((re.compile(it["re"]), etype, c.weight, int(it.get("max", 1)), needs_re))
            else:
                cues.setdefault(str(it["cue"]), []).append(c)
    neg = [str(w) for w in d["negative"]["cues"]]
    words = sorted({*cues, *neg, *map(str, d["stop"])})
    for s in d["stop"]:
        cues.setdefault(str(s), [])
    pos = d["position"]
    title_types = sorted(d["title_types"].items(), key=lambda kv: len(kv[0]), reverse=True)
    return _EventData(
        cues=cues,
        cue_re=re.compile(_trie_pattern(words)),
        regex_cues=regex_cues,
        title_re=re.compile(d["title"]),
        title_window=int(d["title_window"]),
        title_types=title_types,
        title_default=d["title_default"],
        priority=list(d["priority"]),
        rank={t: i for i, t in enumerate(d["priority"])},
        head_chars=int(pos["head_chars"]),
        head_boost=float(pos["head_boost"]),
        main_boost=float(pos["main_verb_boost"]),
        min_score=float(pos["min_score"]),
        neg=frozenset(neg),
        guard_re=re.compile("(?:" + "|".join(map(re.escape, d["negative"]["guards"])) + ")$"),
        guard_window=int(d["negative"]["guard_window"]),
        long_guards=tuple(g for g in d["negative"]["guards"] if len(g) >= 2),
        in_title=float(d.get("in_title_factor", 1.0)),
        guard_after_re=re.compile("|".join(map(re.escape, d["negative"].get("guards_after", ["\0"])))),
    )


def _title_type(text: str, start: int, end: int, ev: _EventData) -> str | None:
    """The type a document title next to a cue names (policy or plan), or None if no title."""
    w = ev.title_window
    m = ev.title_re.search(text, end, end + w + 80)
    if m and m.start() - end > w:
        m = None
    if m is None:
        # "《…》正式发布": a title just before the cue
        for mm in ev.title_re.finditer(text, max(0, start - 90), start):
            if start - mm.end() <= 6:
                m = mm
        if m is None:
            return None
    title = m.group().strip("《》")
    title = re.sub(r"[（(][^）)]*[）)]$", "", title)
    for suffix, etype in ev.title_types:
        if title.endswith(suffix):
            return etype
    return ev.title_default


def classify_event(text: str) -> EventClass:
    """Event type of one item: the type whose cues score highest, with its strongest cue."""
    ev = _events()
    if not text:
        return EventClass("other")
    lead = _LEAD_DATE.match(text)
    origin = lead.end() if lead else 0
    scores: dict[str, float] = {}
    best_cue: dict[str, tuple[float, str]] = {}
    neg_cue: str | None = None
    first = True
    titles = [(t.start(), t.end()) for t in _BOOK_TITLE.finditer(text)] if "《" in text else []
    for m in ev.cue_re.finditer(text):
        word = m.group()
        if word.isascii() and not _ascii_ok(text, m):
            continue
        if word in ev.neg and neg_cue is None:
            before = text[max(0, m.start() - ev.guard_window) : m.start()]
            guarded = ev.guard_re.search(before) or any(g in before for g in ev.long_guards)
            if not guarded and not ev.guard_after_re.match(text, m.end()):
                neg_cue = word
        cues = ev.cues.get(word)
        if not cues:
            continue
        boost = ev.head_boost if m.start() - origin < ev.head_chars else 1.0
        if titles and any(a < m.start() < b for a, b in titles):
            boost *= ev.in_title
        elif first:
            boost += ev.main_boost
            first = False
        for c in cues:
            etype, weight = c.type, c.weight
            if c.needs_title:
                tt = _title_type(text, m.start(), m.end(), ev)
                etype = tt or c.else_type or ""
                if not etype:
                    continue
                if not tt and c.else_weight is not None:
                    weight = c.else_weight
            s = weight * boost
            scores[etype] = scores.get(etype, 0.0) + s
            if s > best_cue.get(etype, (0.0, ""))[0]:
                best_cue[etype] = (s, word)
    for rx, etype, weight, cap, needs in ev.regex_cues:
        if needs is not None and not needs.search(text):
            continue
        hits = 0
        for m in rx.finditer(text):
            boost = ev.head_boost if m.start() - origin < ev.head_chars else 1.0
            s = weight * boost
            scores[etype] = scores.get(etype, 0.0) + s
            if s > best_cue.get(etype, (0.0, ""))[0]:
                best_cue[etype] = (s, m.group())
            hits += 1
            if hits >= cap:
                break
    if not scores:
        return EventClass("other", negative=neg_cue is not None, negative_cue=neg_cue)
    rank = ev.rank
    etype = max(scores, key=lambda t: (scores[t], -rank.get(t, 99)))
    if scores[etype] < ev.min_score:
        return EventClass("other", negative=neg_cue is not None, negative_cue=neg_cue)
    return EventClass(etype, best_cue[etype][1], neg_cue is not None, neg_cue, round(scores[etype], 2))


@dataclass
class _SectorData:
    keywords: dict[str, list[str]]
    rx: re.Pattern[str]


@lru_cache(maxsize=1)
def _sectors() -> _SectorData:
    """Load sectors.yaml once: keyword → sectors, one compiled alternation with the stop phrases."""
    d = yaml.safe_load((_DATA / "sectors.yaml").read_text(encoding="utf-8"))
    kw: dict[str, list[str]] = {}
    for sector, words in d["sectors"].items():
        for w in words:
            kw.setdefault(str(w), []).append(sector)
    for s in d.get("stop", []):
        kw.setdefault(str(s), [])
    return _SectorData(kw, re.compile(_trie_pattern(sorted(kw))))


def classify_sectors(text: str) -> dict[str, str]:
    """Sectors of one item, each with the first keyword that fired (several per item)."""
    sd = _sectors()
    out: dict[str, str] = {}
    if not text:
        return out
    for m in sd.rx.finditer(text):
        if m.group().isascii() and not _ascii_ok(text, m):
            continue
        for sector in sd.keywords.get(m.group(), ()):
            out.setdefault(sector, m.group())
    return out


def sector_names() -> list[str]:
    """All sector names of the taxonomy, in file order."""
    return list(dict.fromkeys(s for ss in _sectors().keywords.values() for s in ss))
