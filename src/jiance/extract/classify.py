"""Event type and sectors of an item, by weighted cues from data files.

``classify_event`` scores every cue of ``data/event_cues.yaml`` found in the text (one pass of an
Aho-Corasick automaton, leftmost-longest), boosts cues near the head of the item and its first cue
(the main verb), and returns the best type with the cue that fired; negative events are flagged with
their cue (the same pass finds the characters the regular-expression cues require, so most items
try none of them). ``classify_sectors`` maps the keywords of ``data/sectors.yaml`` (one such pass)
back to their sectors. Both are explainable: each result names the cue that fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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

# What else a word found by the cue automaton is, besides a cue (flags of _Word):
_ASCII = 1  # an ASCII word, which must not sit inside a longer ASCII word
_NEGATIVE = 2  # a negative cue
_GATE = 4  # holds a character some re cue requires: the automaton finds those too, so no search is needed

# word → (its length, flags, the re cues it opens (bit mask), its cues)
_Word = tuple[int, int, int, tuple[_Cue, ...]]


@dataclass
class _EventData:
    words: dict[str, _Word]
    cue_words: Literals
    # (pattern, type, weight, cap on hits, bit of the characters it requires; 0: requires none)
    regex_cues: list[tuple[re.Pattern[str], str, float, int, int]]
    ungated: bool  # some re cue requires nothing, so it is tried on every text
    title_re: re.Pattern[str]
    title_window: int
    title_types: list[tuple[int, dict[str, str]]]  # suffix length (longest first) → suffix → type
    title_default: str
    rank: dict[str, int]
    head_chars: int
    head_boost: float
    main_boost: float
    min_score: float
    guard_re: re.Pattern[str]
    guard_window: int
    in_title: float
    guard_after_re: re.Pattern[str]


@cache
def _events() -> _EventData:
    """Load and compile event_cues.yaml once."""
    d = load("event_cues.yaml")
    cues: dict[str, list[_Cue]] = {}
    regex_cues = []
    gates: dict[str, int] = {}  # a character an re cue requires → bits of the re cues that require it
    for etype, items in d["types"].items():
        for it in items:
            weight = float(it["weight"])
            if "re" in it:
                bit = 0
                if it.get("requires"):
                    bit = 1 << len(regex_cues)
                    for n in map(str, it["requires"]):
                        if len(n) != 1:
                            raise ValueError(f"event_cues.yaml: re cue {it['re']!r} requires {n!r}, not one character")
                        gates[n] = gates.get(n, 0) | bit
                regex_cues.append((re.compile(it["re"]), etype, weight, int(it.get("max", 1)), bit))
            else:
                cue = (etype, weight, it.get("needs") == "title", it.get("else"), it.get("else_weight"))
                cues.setdefault(str(it["cue"]), []).append(cue)
    neg = {str(w) for w in d["negative"]["cues"]}
    words = {*cues, *neg, *map(str, d["stop"])}
    table: dict[str, _Word] = {}
    for w in sorted(words | gates.keys()):
        # a required character inside a found word is in the text as surely as one found alone
        opens = 0
        for ch, bit in gates.items():
            if ch in w:
                opens |= bit
        flags = (_ASCII if w in words and w.isascii() else 0) | (_NEGATIVE if w in neg else 0)
        table[w] = (len(w), flags | (_GATE if opens else 0), opens, tuple(cues.get(w, ())))
    pos = d["position"]
    by_length: dict[int, dict[str, str]] = {}
    for suffix, etype in d["title_types"].items():
        by_length.setdefault(len(suffix), {})[suffix] = etype
    guards = [str(g) for g in d["negative"]["guards"]]
    long_guards = [g for g in guards if len(g) >= 2]
    return _EventData(
        words=table,
        cue_words=Literals(table),
        regex_cues=regex_cues,
        ungated=any(bit == 0 for *_, bit in regex_cues),
        title_re=re.compile(d["title"]),
        title_window=int(d["title_window"]),
        title_types=sorted(by_length.items(), reverse=True),
        title_default=d["title_default"],
        rank={t: i for i, t in enumerate(d["priority"])},
        head_chars=int(pos["head_chars"]),
        head_boost=float(pos["head_boost"]),
        main_boost=float(pos["main_verb_boost"]),
        min_score=float(pos["min_score"]),
        # a guard just before the cue, or a guard of two or more characters anywhere in the window
        guard_re=re.compile("|".join(["(?:" + "|".join(map(re.escape, guards)) + ")$", *map(re.escape, long_guards)])),
        guard_window=int(d["negative"]["guard_window"]),
        in_title=float(d.get("in_title_factor", 1.0)),
        guard_after_re=re.compile("|".join(map(re.escape, d["negative"].get("guards_after", ["\0"])))),
    )


def _origin(text: str) -> int:
    """Where the item's own words start: after a leading date (2018年10月26日，)."""
    lead = _LEAD_DATE.match(text)
    return lead.end() if lead else 0


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
    if ")" in title or "）" in title:
        title = _TITLE_NOTE.sub("", title)
    for n, types in ev.title_types:  # the longest suffix that names a type
        etype = types.get(title[-n:])
        if etype is not None:
            return etype
    return ev.title_default


def _negative(text: str, start: int, end: int, ev: _EventData) -> bool:
    """A negative cue counts unless a guard word stands just before it or just after it."""
    if ev.guard_re.search(text[max(0, start - ev.guard_window) : start]):
        return False
    return not ev.guard_after_re.match(text, end)


def _in_title(titles: list[tuple[int, int]], start: int) -> bool:
    for a, b in titles:
        if a < start < b:
            return True
    return False


def _regex_cues(
    text: str,
    ev: _EventData,
    opened: int,
    scores: dict[str, float],
    best_cue: dict[str, tuple[float, str]],
    origin: int,
) -> None:
    """Add the hits of the re cues (a capped number each) to `scores`: those that require nothing and
    those whose required characters the automaton saw (bits in `opened`); `origin` is -1 until known."""
    head_chars = ev.head_chars
    for rx, etype, weight, cap, bit in ev.regex_cues:
        if bit and not opened & bit:
            continue
        hits = 0
        for m in rx.finditer(text):
            start = m.start()
            if start < head_chars:
                boost = ev.head_boost
            else:
                if origin < 0:
                    origin = _origin(text)
                boost = ev.head_boost if start - origin < head_chars else 1.0
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
    found = ev.cue_words.words_in(text)
    if not found and not ev.ungated:  # most items: no cue, and no character an re cue requires
        return EventClass("other")
    # origin: where the item's own words start, after a leading date; only needed (and found) for a
    # cue past the first head_chars characters, since it is never negative
    origin = -1
    has_title: bool | None = None
    scores: dict[str, float] = {}
    best_cue: dict[str, tuple[float, str]] = {}
    neg_cue: str | None = None
    opened = 0  # bits of the re cues whose required characters are in the text
    first = True
    titles: list[tuple[int, int]] | None = None  # the 《…》 titles, found at the first cue
    words = ev.words
    head_chars, head_boost = ev.head_chars, ev.head_boost
    end = 0
    for word in found:
        n, flags, opens, cues = words[word]
        start = text.find(word, end)  # where leftmost matching found it (Literals.spans)
        end = start + n
        if flags:
            opened |= opens
            if flags & _ASCII and not _ascii_ok(text, start, end):
                continue
            if flags & _NEGATIVE and neg_cue is None and _negative(text, start, end, ev):
                neg_cue = word
        if not cues:
            continue
        if titles is None:
            titles = [(t.start(), t.end()) for t in _BOOK_TITLE.finditer(text)] if "《" in text else []
        if start < head_chars:
            boost = head_boost
        else:
            if origin < 0:
                origin = _origin(text)
            boost = head_boost if start - origin < head_chars else 1.0
        if titles and _in_title(titles, start):
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
    if opened or ev.ungated:
        _regex_cues(text, ev, opened, scores, best_cue, origin)
    negative = neg_cue is not None
    if not scores:
        return EventClass("other", None, negative, neg_cue)
    etype = next(iter(scores)) if len(scores) == 1 else _winner(scores, ev.rank)
    if scores[etype] < ev.min_score:
        return EventClass("other", None, negative, neg_cue)
    return EventClass(etype, best_cue[etype][1], negative, neg_cue, round(scores[etype], 2))


def _winner(scores: dict[str, float], rank: dict[str, int]) -> str:
    """The type with the highest score; a tie goes to the type earlier in `priority`."""
    items = iter(scores.items())
    best, top = next(items)
    top_rank = rank.get(best, 99)
    for etype, score in items:
        if score > top or (score == top and rank.get(etype, 99) < top_rank):
            best, top, top_rank = etype, score, rank.get(etype, 99)
    return best


@dataclass
class _SectorData:
    keywords: dict[str, tuple[str, ...]]  # keyword → its sectors (none for a stop phrase)
    finder: Literals
    ascii_words: frozenset[str]


@cache
def _sectors() -> _SectorData:
    """Load sectors.yaml once: keyword → sectors, one automaton of the keywords and the stop phrases."""
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
    if not found:
        return out
    if not sd.ascii_words.isdisjoint(found):
        # an ASCII keyword inside a longer ASCII word does not count (nor hide what follows it)
        found = [w for a, b, w in Literals.spans(text, found) if not w.isascii() or _ascii_ok(text, a, b)]
    keywords = sd.keywords
    for word in found:
        for sector in keywords[word]:
            if sector not in out:
                out[sector] = word
    return out


def sector_names() -> list[str]:
    """All sector names of the taxonomy, in file order."""
    return list(dict.fromkeys(s for ss in _sectors().keywords.values() for s in ss))
