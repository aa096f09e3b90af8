"""Event type and sectors of an item, by weighted cues from data files.

``classify_event`` scores every cue of ``data/event_cues.yaml`` found in the text (one pass of an
Aho-Corasick automaton, leftmost-longest), boosts cues near the head of the item and its first cue
(the main verb), and returns the best type with the cue that fired; negative events are flagged with
their cue. ``classify_sectors`` maps the keywords of ``data/sectors.yaml`` (one such pass) back to
their sectors. Both are explainable: each result names the cue that fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from jiance.extract.knowledge import load
from jiance.literals import Literals

_BOOK_TITLE = re.compile(r"《[^》]{1,80}》")
_LEAD_DATE = re.compile(r"^\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]?\s*")
_TITLE_NOTE = re.compile(r"[（(][^）)]*[）)]$")  # a trailing (试行) or (征求意见稿) of a title


@dataclass
class EventClass:
    """The event type of an item and the cue that decided it; a negative event names its cue."""

    event_type: str
    cue: str | None = None
    negative: bool = False
    negative_cue: str | None = None
    score: float = 0.0


def _ascii_ok(text: str, start: int, end: int) -> bool:
    """An ASCII keyword ("AI", "5G") must not sit inside a longer ASCII word."""
    if start > 0 and text[start].isalnum():
        c = text[start - 1]
        if c.isascii() and c.isalnum():
            return False
    if end < len(text) and text[end - 1].isalnum():
        c = text[end]
        if c.isascii() and c.isalnum():
            return False
    return True


# (type, weight, needs a title, type without a title, weight without a title)
_Cue = tuple[str, float, bool, str | None, float | None]


@dataclass
class _EventData:
    words: dict[str, tuple[bool, bool, tuple[_Cue, ...]]]  # word → (ASCII, negative, its cues)
    cue_words: Literals
    regex_cues: list[tuple[re.Pattern[str], str, float, int, tuple[str, ...]]]  # requires: literals
    regex_gate: re.Pattern[str] | None  # any literal some re cue requires (None: one requires none)
    title_re: re.Pattern[str]
    title_window: int
    title_types: list[tuple[str, str]]
    title_default: str
    rank: dict[str, int]
    head_chars: int
    head_boost: float
    main_boost: float
    min_score: float
    guard_re: re.Pattern[str]
    guard_window: int
    long_guards: tuple[str, ...]
    in_title: float
    guard_after_re: re.Pattern[str]


@cache
def _events() -> _EventData:
    """Load and compile event_cues.yaml once."""
    d = load("event_cues.yaml")
    cues: dict[str, list[_Cue]] = {}
    regex_cues = []
    for etype, items in d["types"].items():
        for it in items:
            weight = float(it["weight"])
            if "re" in it:
                needs = tuple(str(n) for n in it.get("requires", ()))
                regex_cues.append((re.compile(it["re"]), etype, weight, int(it.get("max", 1)), needs))
            else:
                cue = (etype, weight, it.get("needs") == "title", it.get("else"), it.get("else_weight"))
                cues.setdefault(str(it["cue"]), []).append(cue)
    neg = {str(w) for w in d["negative"]["cues"]}
    words = sorted({*cues, *neg, *map(str, d["stop"])})
    pos = d["position"]
    title_types = sorted(d["title_types"].items(), key=lambda kv: len(kv[0]), reverse=True)
    return _EventData(
        words={w: (w.isascii(), w in neg, tuple(cues.get(w, ()))) for w in words},
        cue_words=Literals(words),
        regex_cues=regex_cues,
        regex_gate=_regex_gate(regex_cues),
        title_re=re.compile(d["title"]),
        title_window=int(d["title_window"]),
        title_types=title_types,
        title_default=d["title_default"],
        rank={t: i for i, t in enumerate(d["priority"])},
        head_chars=int(pos["head_chars"]),
        head_boost=float(pos["head_boost"]),
        main_boost=float(pos["main_verb_boost"]),
        min_score=float(pos["min_score"]),
        guard_re=re.compile("(?:" + "|".join(map(re.escape, d["negative"]["guards"])) + ")$"),
        guard_window=int(d["negative"]["guard_window"]),
        long_guards=tuple(g for g in d["negative"]["guards"] if len(g) >= 2),
        in_title=float(d.get("in_title_factor", 1.0)),
        guard_after_re=re.compile("|".join(map(re.escape, d["negative"].get("guards_after", ["\0"])))),
    )


def _origin(text: str) -> int:
    """Where the item's own words start: after a leading date (2018年10月26日，)."""
    lead = _LEAD_DATE.match(text)
    return lead.end() if lead else 0


def _regex_gate(regex_cues: list[tuple[Any, ...]]) -> re.Pattern[str] | None:
    """One search that tells whether any re cue can fire: most items need none of them."""
    if not regex_cues or any(not needs for *_, needs in regex_cues):
        return None
    return re.compile("|".join(re.escape(n) for *_, needs in regex_cues for n in needs))


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
    title = _TITLE_NOTE.sub("", m.group().strip("《》"))
    for suffix, etype in ev.title_types:
        if title.endswith(suffix):
            return etype
    return ev.title_default


def _negative(text: str, start: int, end: int, ev: _EventData) -> bool:
    """A negative cue counts unless a guard word stands just before it or just after it."""
    before = text[max(0, start - ev.guard_window) : start]
    if ev.guard_re.search(before) or any(g in before for g in ev.long_guards):
        return False
    return not ev.guard_after_re.match(text, end)


def _regex_cues(
    text: str, ev: _EventData, scores: dict[str, float], best_cue: dict[str, tuple[float, str]], origin: int
) -> None:
    """Add the hits of the re cues (a capped number each) to `scores`; `origin` is -1 until known."""
    for rx, etype, weight, cap, needs in ev.regex_cues:
        if needs and not any(n in text for n in needs):
            continue
        hits = 0
        for m in rx.finditer(text):
            if origin < 0:
                origin = _origin(text)
            boost = ev.head_boost if m.start() - origin < ev.head_chars else 1.0
            s = weight * boost
            scores[etype] = scores.get(etype, 0.0) + s
            if s > best_cue.get(etype, (0.0, ""))[0]:
                best_cue[etype] = (s, m.group())
            hits += 1
            if hits >= cap:
                break


def classify_event(text: str) -> EventClass:
    """Event type of one item: the type whose cues score highest, with its strongest cue."""
    ev = _events()
    if not text:
        return EventClass("other")
    origin = -1  # where the item's own words start, found at its first cue
    has_title: bool | None = None
    scores: dict[str, float] = {}
    best_cue: dict[str, tuple[float, str]] = {}
    neg_cue: str | None = None
    first = True
    titles: list[tuple[int, int]] = []
    words = ev.words
    head_chars, head_boost = ev.head_chars, ev.head_boost
    for start, end, word in ev.cue_words.find(text):
        is_ascii, is_neg, cues = words[word]
        if is_ascii and not _ascii_ok(text, start, end):
            continue
        if is_neg and neg_cue is None and _negative(text, start, end, ev):
            neg_cue = word
        if not cues:
            continue
        if origin < 0:  # the first cue: what only cues need is looked up now
            origin = _origin(text)
            if "《" in text:
                titles = [(t.start(), t.end()) for t in _BOOK_TITLE.finditer(text)]
        boost = head_boost if start - origin < head_chars else 1.0
        if titles and any(a < start < b for a, b in titles):
            boost *= ev.in_title
        elif first:
            boost += ev.main_boost
            first = False
        for etype, weight, needs_title, else_type, else_weight in cues:
            if needs_title:
                if has_title is None:  # no title anywhere: none near any cue
                    has_title = ev.title_re.search(text) is not None
                tt = _title_type(text, start, end, ev) if has_title else None
                etype = tt or else_type or ""
                if not etype:
                    continue
                if not tt and else_weight is not None:
                    weight = else_weight
            s = weight * boost
            scores[etype] = scores.get(etype, 0.0) + s
            if s > best_cue.get(etype, (0.0, ""))[0]:
                best_cue[etype] = (s, word)
    if ev.regex_gate is None or ev.regex_gate.search(text):
        _regex_cues(text, ev, scores, best_cue, origin)
    if not scores:
        return EventClass("other", negative=neg_cue is not None, negative_cue=neg_cue)
    if len(scores) == 1:
        etype = next(iter(scores))
    else:
        rank = ev.rank
        etype = max(scores, key=lambda t: (scores[t], -rank.get(t, 99)))
    if scores[etype] < ev.min_score:
        return EventClass("other", negative=neg_cue is not None, negative_cue=neg_cue)
    return EventClass(etype, best_cue[etype][1], neg_cue is not None, neg_cue, round(scores[etype], 2))


@dataclass
class _SectorData:
    keywords: dict[str, tuple[str, ...]]  # keyword → its sectors (none for a stop phrase)
    finder: Literals
    ascii_words: frozenset[str]


@cache
def _sectors() -> _SectorData:
    """Load sectors.yaml once: keyword → sectors, one compiled pattern with the stop phrases."""
    d = load("sectors.yaml")
    kw: dict[str, list[str]] = {}
    for sector, words in d["sectors"].items():
        for w in words:
            kw.setdefault(str(w), []).append(sector)
    for s in d.get("stop", []):
        kw.setdefault(str(s), [])
    return _SectorData(
        {w: tuple(ss) for w, ss in kw.items()},
        Literals(kw),
        frozenset(w for w in kw if w.isascii()),
    )


def classify_sectors(text: str) -> dict[str, str]:
    """Sectors of one item, each with the first keyword that fired (several per item)."""
    sd = _sectors()
    out: dict[str, str] = {}
    if not text:
        return out
    found = sd.finder.words_in(text)
    if not sd.ascii_words.isdisjoint(found):
        # an ASCII keyword inside a longer ASCII word does not count (nor hide what follows it)
        found = [w for a, b, w in sd.finder.find(text) if not w.isascii() or _ascii_ok(text, a, b)]
    keywords = sd.keywords
    for word in found:
        for sector in keywords[word]:
            if sector not in out:
                out[sector] = word
    return out


def sector_names() -> list[str]:
    """All sector names of the taxonomy, in file order."""
    return list(dict.fromkeys(s for ss in _sectors().keywords.values() for s in ss))
