"""Dates in Chinese monitoring documents: absolute, partial, ranges and relative words.

One compiled master regex reads a text once; it is tried only where a cheap candidate regex
says a match may start (see _candidate_regex). URLs and document numbers (国办发〔2017〕47号) are
alternatives of that same regex, so their digits are consumed and never become dates. Partial
dates (10月26日) take the year that puts them inside or nearest the document's reference period;
relative words (近日, 去年, 上半年) are resolved against it. The relative words and their meaning
live in data/date_words.yaml.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from jiance.extract.knowledge import load
from jiance.model import DateValue

__all__ = [
    "RefPeriod",
    "date_in_range",
    "extract_dates",
    "find_reference_period",
    "is_as_of",
    "iso_bounds",
    "item_date",
]


@dataclass(frozen=True)
class RefPeriod:
    """The period a document reports on; partial and relative dates are resolved against it.

    `source` says how it was found: monitoring_period, report_month, issue, annual,
    published, dominant_year.
    """

    start: dt.date
    end: dt.date
    source: str

    @cached_property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# ---------------------------------------------------------------------------------------------
# Knowledge from the data file
# ---------------------------------------------------------------------------------------------


_W = load("date_words.yaml")
_RECENT: dict[str, dict[str, Any]] = {k: v or {} for k, v in _W["recent"].items()}
_DAY: dict[str, dict[str, Any]] = {k: v or {} for k, v in _W["day"].items()}
_MONTH: dict[str, dict[str, Any]] = {k: v or {} for k, v in _W["month"].items()}
_YEAR: dict[str, dict[str, Any]] = {k: v or {} for k, v in _W["year"].items()}
_HALF: dict[str, tuple[int, int]] = {k: (int(v[0]), int(v[1])) for k, v in _W["half"].items()}
_AS_OF: tuple[str, ...] = tuple(_W["as_of"])
_TARGET_BEFORE: tuple[str, ...] = tuple(_W["target"]["before"])
_TARGET_AFTER: tuple[str, ...] = tuple(_W["target"]["after"])
_TARGET_YEAR_AFTER: tuple[str, ...] = tuple(_W["target"].get("year_after", ()))
_CMP_BEFORE: tuple[str, ...] = tuple(_W["comparison"]["before"])
_CMP_ALWAYS: tuple[str, ...] = tuple(_W["comparison"]["always"])
_BG_BEFORE: tuple[str, ...] = tuple(_W["background"]["before"])
_BG_AFTER: tuple[str, ...] = tuple(_W["background"]["after_in_clause"])
_RECENT_MAX_DAYS = int(_W.get("recent_max_days", 62))
# In a document about a short period (a month), a date that ends this long before the period
# began is history the item recalls (去年6月, 2016年12月份), not the item's own event.
_BACKGROUND_DAYS = int(_W.get("background_days", 92))


def _guarded(word: str, spec: dict[str, Any]) -> str:
    """A word as a regex, with its not_after / not_before guards as one-character lookarounds."""
    out = re.escape(word)
    if spec.get("not_after"):
        out = f"(?<![{re.escape(spec['not_after'])}])" + out
    if spec.get("not_before"):
        out += f"(?![{re.escape(spec['not_before'])}])"
    return out


def _alt(words: dict[str, dict[str, Any]] | list[str] | tuple[str, ...]) -> str:
    """Alternation of words, longest first so 上个月 wins over 上月-like prefixes."""
    items = words.items() if isinstance(words, dict) else ((w, {}) for w in words)
    pairs = sorted(items, key=lambda kv: -len(kv[0]))
    return "|".join(_guarded(w, spec) for w, spec in pairs)


# ---------------------------------------------------------------------------------------------
# The master regex
# ---------------------------------------------------------------------------------------------

_S = r"[ \t\u3000\xa0]*"  # spaces tolerated inside a date (PDF text: "2018 年 11 月")
_DG = "0-9０-９"
_Y = r"(?:[1１][9９]|[2２][0０])[0-9０-９]{2}"
_M = r"(?:[1１][0-2０-２]|[0０]?[1-9１-９])"
_D = r"(?:[3３][01０１]|[12１２][0-9０-９]|[0０]?[1-9１-９])"
_CONN = r"(?:[-—–~～－]{1,2}|至|到)"
_NUM_BEFORE = rf"[{_DG}.．\-/:A-Za-z_]"  # a year right after one of these is part of a number
_NOT_NUM_BEFORE = rf"(?<!{_NUM_BEFORE})"
_CN_DIGIT = "〇零○Ｏ0一二三四五六七八九"
_CN_M = "十[一二]?|[一二三四五六七八九]"
_CN_D = "三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九]"
_QN = "[一二三四1-4１-４]"
_NMONTHS = "1[0-2]|[1-9]|十[一二]?|[一二两三四五六七八九]"


def _opt(pattern: str) -> str:
    """`(?:pattern)?` written as an alternation with the empty string: the same match, but sre
    runs a branch much faster than a repeat of a group (a repeat saves and restores the marks of
    all groups at every branch inside it)."""
    return f"(?:{pattern}|)"


def _monthpart(tag: str) -> str:
    """Month (range), optional day (range): 10月26日, 1-4月份, 6月1—2日. Groups get `tag`
    appended, because the regex needs this part twice (after a year, and alone)."""
    return (
        rf"(?<![{_DG}.．])(?P<m{tag}>{_M})"
        + _opt(rf"{_S}{_CONN}{_S}(?P<m2{tag}>{_M})")
        + rf"{_S}月(?:份)?"
        + _opt(rf"{_S}(?P<d{tag}>{_D})" + _opt(rf"{_S}{_CONN}{_S}(?P<d2{tag}>{_D})") + rf"{_S}[日号]")
        + _opt("上旬|中旬|下旬|初|底|末")
    )


_SUFFIX = (
    rf"(?:第{_S}(?P<q>{_QN}){_S}季度?|(?P<q1>{_QN}){_S}季度|[Qq](?P<qq>[1-4])(?![0-9])"
    rf"|(?P<half>{_alt(list(_HALF))})度?"
    rf"|前{_S}(?P<nm>{_NMONTHS}){_S}个?{_S}月(?:份)?"
    rf"|前{_S}(?P<nq>[一二三1-3]){_S}个?{_S}季度)"
)
_SUFFIX0 = (
    rf"(?:(?<![{_DG}])第{_S}(?P<q0>{_QN}){_S}季度|(?<![{_DG}第])(?P<q01>[一二三四]){_S}季度"
    rf"|前(?P<nq0>[一二三])季度|(?P<half0>{_alt(list(_HALF))})度?)"
)
_CORE = (
    rf"(?:(?P<yr>{_NOT_NUM_BEFORE}(?P<y>{_Y})" + _opt(rf"{_S}{_CONN}{_S}(?P<y2>{_Y})") + rf"{_S}年(?!代)度?"
    rf"|(?P<ry>{_alt(_YEAR)}))"
    + _opt(rf"{_S}(?:{_monthpart('a')}|{_SUFFIX})")
    + rf"|{_monthpart('b')}|{_SUFFIX0}|(?P<rel>{_alt({**_RECENT, **_DAY, **_MONTH})}))"
)
_CONN_FIRST = "\\-—–~～－至到"


def _starts() -> list[tuple[str, str]]:
    """Where a master match can start, as (first character class, rest of a regex): a necessary
    condition for every alternative of _MASTER (URLs and document numbers included, because they
    hide the digits they consume), cheaper to test than the alternation itself."""
    words = sorted({*_RECENT, *_DAY, *_MONTH, *_YEAR, *_HALF}, key=len, reverse=True)
    return [
        # a year not inside a number, followed by what follows a year in a date or a number
        ("12１２", rf"(?<!{_NUM_BEFORE}[12１２])[09０９][{_DG}]{{2}}{_S}[年Qq/.{_CONN_FIRST}]"),
        # a month: 10月, 1-4月份
        (_DG, rf"(?<![{_DG}.．][{_DG}])[{_DG}]?{_S}[月{_CONN_FIRST}]"),
        ("h", "ttps?://"),
        ("f", "tp://"),
        ("wW", r"[wW][wW]\."),
        (re.escape("〔[［【(（"), rf"{_S}[12１２]"),
        ("一", "九"),  # 一九九八年
        ("二", "[〇零○Ｏ0]"),  # 二〇一八年
        ("十", "[一二]?月"),
        ("一二三四五六七八九", "月"),
        ("第", rf"{_S}{_QN}"),
        ("一二三四", rf"{_S}季"),
        ("前", "[一二三]季"),
        *((re.escape(w[0]), re.escape(w[1:])) for w in words),
    ]


def _candidate_regex() -> re.Pattern[str]:
    """One-character matches where a master match may start.

    The regex starts with a character class, so the engine skips to the next character of that
    class in a tight loop, much faster than finditer of _MASTER, which enters its alternation
    at every position. The full condition of _starts() runs in a lookahead, inside a
    one-character lookbehind so the match stays one character long.
    """
    rests: dict[str, list[str]] = {}
    for first, rest in _starts():
        rests.setdefault(first, []).append(rest)
    alts = "|".join(f"[{first}](?:{'|'.join(r)})" for first, r in rests.items())
    # a digit right after a digit or a decimal point never starts a match
    return re.compile(rf"[{''.join(rests)}](?<![{_DG}.．][{_DG}])(?<=(?=(?:{alts}))[\s\S])")


_CANDIDATE = _candidate_regex()
_MASTER = re.compile(
    rf"(?P<url>(?:https?|ftp)://[!-~]+|[wW]{{3}}\.[!-~]+)"
    rf"|(?P<docno>[〔\[［【(（]{_S}{_Y}{_S}[〕\]］】)）])"
    # numbers of orders and issues (…令 2016年第1号, 2017年第6期) are not dates
    rf"|(?P<docno2>{_NOT_NUM_BEFORE}{_Y}{_S}年{_S}第{_S}[{_DG}]{{1,4}}{_S}[号期])"
    rf"|(?P<num>{_NOT_NUM_BEFORE}(?P<ny>{_Y})(?P<sep>[-/.])(?P<nmo>{_M})(?P=sep)(?P<nd>{_D})"
    rf"(?![{_DG}]|[.\-/][{_DG}]))"
    rf"|(?P<yq>{_NOT_NUM_BEFORE}(?P<yqy>{_Y}){_S}[Qq](?P<yqn>[1-4])(?![0-9]))"
    rf"|(?P<cn>(?P<cy>(?:一九|二[〇零○Ｏ0])[{_CN_DIGIT}]{{2}})年"
    + _opt(rf"(?P<cm>{_CN_M})月" + _opt(rf"(?P<cd>{_CN_D})[日号]"))
    + ")"
    rf"|(?P<cmd>(?<![{_CN_DIGIT}十])(?P<cm2>{_CN_M})月(?P<cd2>{_CN_D})[日号])"
    rf"|(?P<core>{_CORE})"
)
# The second half of a range after a complete first date: 至3日, -11月15日, —2018年11月15日.
_CONT = re.compile(
    rf"{_S}{_CONN}{_S}(?:(?P<y>{_Y}){_S}年)?(?:{_S}(?P<m>{_M}){_S}月(?:份)?)?"
    rf"(?:{_S}(?P<d>{_D}){_S}[日号])?"
)

# What may stand between two dates listed together, so the second shares the first's year.
_COORD = re.compile(r"[ \t\u3000、，,和及与或]{0,3}")

_FW = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_NUM = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "0": 0}
_CN_NUM["两"] = 2


@lru_cache(maxsize=4096)
def _int(s: str) -> int:
    """An int from ASCII, full-width or small Chinese numerals (一 … 十二, 二十六)."""
    s = s.translate(_FW)
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_NUM[tens] if tens else 1) * 10 + (_CN_NUM[ones] if ones else 0)
    if len(s) == 1:
        return _CN_NUM[s]
    return int("".join(str(_CN_NUM[c]) for c in s))


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None:
        if m is None or not 1 <= d <= (_last_day(y, m) if y else (29 if m == 2 else 31)):
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Building DateValues
# ---------------------------------------------------------------------------------------------

# A parsed date before year resolution: (year or None, month or None, day or None)
_Atom = tuple[int | None, int | None, int | None]


def _fmt(a: _Atom) -> str:
    y, m, d = a
    head = f"{y:04d}" if y is not None else "-"
    if m is None:
        return head
    if d is None:
        return f"{head}-{m:02d}"
    return f"{head}-{m:02d}-{d:02d}"


def _bounds(y: int, lo: _Atom, hi: _Atom) -> tuple[dt.date, dt.date] | None:
    """Calendar interval of lo..hi when both take year `y` (hi wraps into y+1 if it is earlier)."""
    try:
        a = dt.date(y, lo[1] or 1, lo[2] or 1)
        hm = hi[1] or 12
        b = dt.date(y, hm, hi[2] or _last_day(y, hm))
        if b < a:
            b = dt.date(y + 1, hm, hi[2] or _last_day(y + 1, hm))
    except ValueError:
        return None
    return a, b


@lru_cache(maxsize=4096)
def _infer_year(lo: _Atom, hi: _Atom, ref: RefPeriod) -> int:
    """The year that puts lo..hi inside the reference period or nearest to it.

    Distance after the period counts double: reports mostly look back, so in a November report
    "4月" is this April, while "12月" (next month) and "1月" (a near deadline) look ahead.
    A span of several months (1-4月, 前三季度) is a statistics period, reported after it
    began, so it never starts after the period.
    """
    future_weight = 2 if lo[1] == hi[1] else 1000
    best_y, best = ref.end.year, None
    for y in range(ref.start.year - 1, ref.end.year + 2):
        iv = _bounds(y, lo, hi)
        if iv is None:
            continue
        a, b = iv
        if b < ref.start:
            dist = (ref.start - b).days
        elif a > ref.end:
            dist = future_weight * (a - ref.end).days
        else:
            dist = 0
        if best is None or dist < best:
            best_y, best = y, dist
    return best_y


class _Builder:
    """Turns regex matches into DateValues for one text and one reference period."""

    def __init__(self, text: str, ref: RefPeriod | None) -> None:
        self.text = text
        self.ref = ref
        self.last_year: int | None = None  # the last explicit year seen, and where it ended
        self.last_year_end = -1
        self.coordinated = False

    def year_for(self, lo: _Atom, hi: _Atom, start: int) -> int | None:
        """Year of a partial date: from a date it is listed with (2017年三季度、四季度), else the
        reference period, else (no ref) the last explicit year in the text."""
        if self.last_year is not None and _COORD.fullmatch(self.text, self.last_year_end, start):
            self.coordinated = True
            return self.last_year
        if self.ref is None:
            return self.last_year
        return _infer_year(lo, hi, self.ref)

    def value(self, lo: _Atom, hi: _Atom | None, start: int, end: int, relative: bool = False) -> DateValue:
        """DateValue for lo (or the range lo..hi), filling a missing year from the ref."""
        if lo[0] is None and lo[1] is not None:
            y = self.year_for(lo, hi or lo, start)
            if self.coordinated:  # 2017年3月、4月和5月: the year carries down the list
                self.last_year_end = end
            if y is not None:
                lo = (y, lo[1], lo[2])
                if hi is not None and hi[0] is None:
                    hy = y if (hi[1], hi[2] or 0) >= (lo[1], lo[2] or 0) else y + 1
                    hi = (hy, hi[1], hi[2])
        elif lo[0] is not None and not relative:
            self.last_year, self.last_year_end = (hi or lo)[0], end
        text = self.text[start:end]
        if hi is None or hi == lo:
            prec = "year" if lo[1] is None else "month" if lo[2] is None else "day"
            return DateValue(_fmt(lo), prec, text, start, end, relative)
        return DateValue(f"{_fmt(lo)}/{_fmt(hi)}", "range", text, start, end, relative)

    def quarter(self, y: int | None, q: int, start: int, end: int, relative: bool) -> DateValue | None:
        """A quarter; without its year and without a way to infer one, nothing."""
        if y is None:
            y = self.year_for((None, 3 * q - 2, None), (None, 3 * q, None), start)
            if y is None:
                return None
        elif not relative:
            self.last_year, self.last_year_end = y, end
        return DateValue(f"{y:04d}-Q{q}", "quarter", self.text[start:end], start, end, relative)

    def anchor(self) -> dt.date | None:
        return self.ref.end if self.ref else None


def _year_of(b: _Builder, g: dict[str, str | None]) -> tuple[int | None, bool]:
    """The explicit or relative year of a core match, and whether it was relative."""
    if g["y"]:
        return _int(g["y"]), False
    if g["ry"]:
        anchor = b.anchor()
        if anchor is None:
            return None, True
        return anchor.year + int(_YEAR[g["ry"]].get("offset", 0)), True
    return None, False


def _core_value(b: _Builder, g: dict[str, str | None], start: int, end: int) -> DateValue | None:
    """DateValue for the `core` alternative: years, months, days, quarters, halves, words."""
    if g["rel"]:
        return _relative_value(b, g["rel"], start, end)
    year, relative = _year_of(b, g)
    if relative and year is None:
        return None  # a relative year with no reference period: unknowable
    q = g["q"] or g["q1"] or g["qq"] or g["q0"] or g["q01"]
    if q:
        return b.quarter(year, _int(q), start, end, relative)
    half = g["half"] or g["half0"]
    nm = g["nm"]
    nq = g["nq"] or g["nq0"]
    if half or nm or nq:
        if half:
            m1, m2 = _HALF[half]
        else:
            m1, m2 = 1, (_int(nm) if nm else 3 * _int(nq or "1"))
        if year is None:
            if b.anchor() is None:
                return None
            year, relative = b.anchor().year, True
        if not 1 <= m2 <= 12:
            return None
        return b.value((year, m1, None), (year, m2, None), start, end, relative)
    if g["m"]:
        m, d = _int(g["m"]), _int(g["d"]) if g["d"] else None
        if not _valid(year, m, d):
            return None
        if g["y2"] and year is not None and _int(g["y2"]) > year:  # 2016-2017年4月: 2016 to 2017-04
            return b.value((year, None, None), (_int(g["y2"]), m, d), start, end, relative)
        lo: _Atom = (year, m, d)
        hi: _Atom | None = None
        if g["m2"]:
            m2 = _int(g["m2"])
            if m2 <= m:
                return None
            if d is None:  # 1-4月; "1-4月5日" keeps only its first month
                hi = (year, m2, None)
        elif g["d2"]:
            d2 = _int(g["d2"])
            if d is None or d2 <= d or not _valid(year, m, d2):
                return b.value(lo, None, start, end, relative)
            hi = (year, m, d2)
        return b.value(lo, hi, start, end, relative)
    if year is None:
        return None
    if g["y2"]:
        y2 = _int(g["y2"])
        if y2 > year:
            return b.value((year, None, None), (y2, None, None), start, end, relative)
    return b.value((year, None, None), None, start, end, relative)


def _relative_value(b: _Builder, word: str, start: int, end: int) -> DateValue | None:
    """Resolve 近日 / 昨天 / 上月 … against the reference period (see date_words.yaml)."""
    ref = b.ref
    if ref is None:
        return None
    anchor = ref.end
    text = b.text[start:end]
    if word in _MONTH:
        k = anchor.year * 12 + anchor.month - 1 + int(_MONTH[word].get("offset", 0))
        return DateValue(f"{k // 12:04d}-{k % 12 + 1:02d}", "month", text, start, end, True)
    if word in _DAY and ref.days == 1:
        day = anchor + dt.timedelta(days=int(_DAY[word].get("offset", 0)))
        return DateValue(day.isoformat(), "day", text, start, end, True)
    # recent words, and day words when the period is longer than a day
    if ref.days > _RECENT_MAX_DAYS:
        return DateValue(f"{anchor.year:04d}", "year", text, start, end, True)
    return DateValue(f"{anchor.year:04d}-{anchor.month:02d}", "month", text, start, end, True)


_RANGE_KEYS = ("q", "q1", "qq", "q0", "q01", "half", "half0", "nm", "nq", "nq0")


def _atom_of(g: dict[str, str | None]) -> _Atom | None:
    """The (y, m, d) of a simple core match that a range continuation may extend, else None."""
    if g["rel"] or g["ry"] or g["y2"] or g["m2"] or g["d2"]:
        return None
    if any(g[k] for k in _RANGE_KEYS):
        return None
    if g["m"]:
        return (_int(g["y"]) if g["y"] else None, _int(g["m"]), _int(g["d"]) if g["d"] else None)
    if g["y"]:
        return (_int(g["y"]), None, None)
    return None


def _continuation(b: _Builder, first: _Atom, pos: int) -> tuple[_Atom, int] | None:
    """A range's second date right after `first` (至3日, -11月15日), at the same precision."""
    c = _CONT.match(b.text, pos)
    if c is None or c.end() == pos:
        return None
    y = _int(c.group("y")) if c.group("y") else None
    m = _int(c.group("m")) if c.group("m") else None
    d = _int(c.group("d")) if c.group("d") else None
    if first[2] is not None:  # day precision: need a day
        if d is None:
            return None
        if m is None:
            if y is not None:
                return None
            m = first[1]
    elif first[1] is not None:  # month precision: need a month and no day
        if m is None or d is not None:
            return None
    else:  # year precision: a year only
        if y is None or m is not None or d is not None:
            return None
    if y is None:
        y = first[0]
    if not _valid(y, m, d):
        return None
    second = (y, m, d)
    if first[0] is not None and y is not None:
        if (y, m or 0, d or 0) <= (first[0], first[1] or 0, first[2] or 0):
            return None
    elif (m or 0, d or 0) <= (first[1] or 0, first[2] or 0) and y is None:
        # a partial range may wrap a year (12月20日-1月5日); only when it moves to a new year
        if not (m is not None and first[1] is not None and m < first[1]):
            return None
    return second, c.end()


_AS_OF_TAIL = frozenset(w[-1] for w in _AS_OF) | frozenset(" \t\u3000\xa0")


def _as_of_start(text: str, start: int) -> int:
    """Where an as-of prefix (截至, 截止到) right before a date begins, else `start`."""
    j = start
    while j > 0 and text[j - 1] in " \t\u3000\xa0":
        j -= 1
    for w in _AS_OF_SORTED:
        if text.startswith(w, j - len(w)):
            return j - len(w)
    return start


_AS_OF_SORTED = sorted(_AS_OF, key=len, reverse=True)
_PART_KEYS = ("m", "m2", "d", "d2")
_CONT_FIRST = frozenset("-—–~～－至到 \t\u3000\xa0")


def extract_dates(text: str, ref: RefPeriod | None = None) -> list[DateValue]:
    """All dates in `text`, in order, with offsets into `text`.

    Partial dates take their year from `ref` (or, without one, from the last explicit year
    before them; if none, the year is left out: "--10-26"); relative words need `ref` and are
    skipped without it. Digits inside URLs and document numbers are never dates.
    """
    return list(_iter_dates(text, ref))


# Explicit dates (2016年, 2016年5月) repeat a lot and depend on nothing but their text: each
# distinct one is parsed once per process. Value: iso, precision, its year, its (y, m, d).
_EXPLICIT: dict[str, tuple[str, str, int | None, _Atom | None]] = {}
_EXPLICIT_MAX = 4096


def _iter_dates(text: str, ref: RefPeriod | None, first_candidate: re.Match[str] | None = None) -> Iterator[DateValue]:
    """extract_dates() one date at a time: item_date() mostly stops at the first.
    `first_candidate`: the first _CANDIDATE match, when the caller has already searched for it."""
    b = _Builder(text, ref)
    skip_to = done = 0
    cache = _EXPLICIT
    candidates: Iterable[re.Match[str]] = (
        _CANDIDATE.finditer(text)
        if first_candidate is None
        else itertools.chain((first_candidate,), _CANDIDATE.finditer(text, first_candidate.end()))
    )
    # the matches of _MASTER.finditer(text), with _MASTER tried only where _CANDIDATE says it may
    # match; `done` is where the last one ended
    for c in candidates:
        start = c.start()
        if start < done:
            continue
        m = _MASTER.match(text, start)
        if m is None:
            continue
        end = done = m.end()
        kind = m.lastgroup  # the alternative that matched: each is one named group
        if start < skip_to or kind == "url" or kind == "docno" or kind == "docno2":
            continue
        if start and text[start - 1] in _AS_OF_TAIL:
            start = _as_of_start(text, start)
        raw = m.group()
        hit = cache.get(raw)
        first: _Atom | None = None
        dv: DateValue | None
        if hit is not None:
            iso, prec, b.last_year, first = hit
            b.last_year_end = end
            dv = DateValue(iso, prec, text[start:end], start, end)
        elif kind == "num":
            first = (_int(m.group("ny")), _int(m.group("nmo")), _int(m.group("nd")))
            dv = b.value(first, None, start, end) if _valid(*first) else None
        elif kind == "yq":
            dv = b.quarter(_int(m.group("yqy")), int(m.group("yqn")), start, end, False)
        elif kind == "cn":
            y = _int(m.group("cy"))
            mo = _int(m.group("cm")) if m.group("cm") else None
            d = _int(m.group("cd")) if m.group("cd") else None
            dv = b.value((y, mo, d), None, start, end) if _valid(y, mo, d) else None
        elif kind == "cmd":
            mo, d = _int(m.group("cm2")), _int(m.group("cd2"))
            dv = b.value((None, mo, d), None, start, end) if _valid(None, mo, d) else None
        else:
            g = m.groupdict()
            for k in _PART_KEYS:  # the month part is in the regex twice: after a year, and alone
                g[k] = g[k + "a"] or g[k + "b"]
            dv = _core_value(b, g, start, end)
            first = _atom_of(g) if dv is not None else None
        if dv is None:
            continue
        if hit is None and b.last_year_end == end and not b.coordinated and not dv.relative:
            if len(cache) >= _EXPLICIT_MAX:
                cache.clear()
            cache[raw] = (dv.iso, dv.precision, b.last_year, first)
        b.coordinated = False
        if first is not None and end < len(text) and text[end] in _CONT_FIRST:
            cont = _continuation(b, first, end)
            if cont is not None:
                second, end = cont
                dv = b.value(first, second, start, end, dv.relative)
        yield dv
        skip_to = end


# ---------------------------------------------------------------------------------------------
# Item dates
# ---------------------------------------------------------------------------------------------

_LEAD = re.compile(
    r"[\s\u3000•·●○◆◇■□▪►▶★☆※*#>\-—–【\[]*"
    r"(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[、.．)）](?![0-9])\s*"
    r"|[（(](?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[）)]\s*)?"
)
_LEAD_TAG = re.compile(r"(?:\s*【[^】\n]{0,30}】)+[\s\u3000•·●\-—–:：]*")
_TITLE = re.compile(r"《[^《》\n]*》")


def _is_leading(text: str, pos: int) -> bool:
    """Whether a date at `pos` is the item's leading date (after bullets, numbering, 【】)."""
    if pos == _LEAD.match(text).end():  # type: ignore[union-attr]
        return True
    tag = _LEAD_TAG.match(text)
    return tag is not None and pos == _LEAD.match(text, tag.end()).end()  # type: ignore[union-attr]


def is_as_of(dv: DateValue) -> bool:
    """An as-of date (截至10月25日): a statistic's cut-off, not an event's day."""
    return dv.text.startswith(_AS_OF)


def _is_target(text: str, dv: DateValue) -> bool:
    """A deadline or target (到2020年, 11月底前, 自11月起, 2030年将达到), not the day something happened."""
    before = text[max(0, dv.start - 4) : dv.start].rstrip(" \t\u3000")
    after = text[dv.end : dv.end + 3].lstrip(" \t\u3000")
    if before.endswith(_TARGET_BEFORE) or after.startswith(_TARGET_AFTER):
        return True
    return dv.precision == "year" and after.startswith(_TARGET_YEAR_AFTER)


def _is_comparison(text: str, dv: DateValue) -> bool:
    """A relative word naming a comparison base (比上月回落, 高于去年同期), not the event's time."""
    if not dv.relative:
        return False
    if text.startswith(_CMP_ALWAYS, dv.start):
        return True
    before = text[max(0, dv.start - 6) : dv.start].rstrip(" \t\u3000")
    if before.endswith("分别"):  # 增速分别比上月末…
        before = before[:-2]
    return before.endswith(_CMP_BEFORE)


def _words_in_clause(words: tuple[str, ...]) -> re.Pattern[str]:
    """Matches, where a clause goes on, if one of `words` comes before the clause ends."""
    ends = "，,。；;！？!?\n"
    inside = [w for w in words if not set(w) & set(ends)]  # the others never fit in a clause
    return re.compile(rf"[^{ends}]*?(?:{_alt(inside)})" if inside else "(?!)")


_BG_AFTER_IN_CLAUSE = _words_in_clause(_BG_AFTER)
_NOT_SPACE = re.compile(r"\S")


def _is_background(text: str, dv: DateValue, ref: RefPeriod | None, leading: bool = False) -> bool:
    """A date that says when something began (2008年推出以来, 成立于2011年), or, in a document about a
    short period, a bare relative year (今年以来), a date long before the period (去年6月) or one
    that starts after it (a plan: 今年下半年, 2030年)."""
    before = text[max(0, dv.start - 4) : dv.start].rstrip(" \t\u3000")
    if before.endswith(_BG_BEFORE):
        return True
    if _BG_AFTER_IN_CLAUSE.match(text, dv.end):
        return True
    if ref is None or ref.days > _RECENT_MAX_DAYS:
        return False
    if dv.relative and dv.precision == "year":
        return True
    if leading:  # an item that opens with a date is about that date
        return False
    bounds = iso_bounds(dv.iso)
    if bounds is None:
        return False
    # long before the period: history; starting after it: a plan or forecast (今年下半年, 2030年)
    return (ref.start - bounds[1]).days > _BACKGROUND_DAYS or bounds[0] > ref.end


_HEADLINE_MAX = 40


def _headline_end(text: str) -> int:
    """End of a headline line that heads the item (short, not ending a sentence, text below), else 0."""
    nl = text.find("\n", 0, _HEADLINE_MAX + 8)
    if nl <= 0:
        return 0
    head = text[:nl].rstrip()
    if not head or len(head) > _HEADLINE_MAX or head[-1] in "。！？!?；;：:" or not _NOT_SPACE.search(text, nl):
        return 0
    return nl


def item_date(text: str, ref: RefPeriod | None) -> DateValue | None:
    """The date of an item's event.

    The leading date if the item starts with one. Else the first plain date of the body (a
    headline line on top is read after the body: its 三季度 is a statistic's period, the body says
    when it was released) that is not an as-of date (截至…), a deadline or target (到2020年), a
    comparison base (比上月), background (推出以来, 成立于…, a date long before a monthly period)
    or inside a title 《…》; else a relative one (近日); else an as-of date. A target or a
    background date alone is no event date: the item is undated (None).
    """
    candidate = _CANDIDATE.search(text)
    if candidate is None:  # most items: no date, and this test is cheap
        return None
    found = _iter_dates(text, ref, candidate)
    first = next(found, None)
    if first is None:
        return None
    if _is_leading(text, first.start) and not _is_background(text, first, ref, leading=True):
        return first
    head = _headline_end(text)
    dates: Iterable[DateValue]
    if head and first.start < head:
        rest = [first, *found]
        dates = [dv for dv in rest if dv.start >= head] + [dv for dv in rest if dv.start < head]
    else:
        dates = itertools.chain((first,), found)  # the rest are read only as far as needed
    titles = [(t.start(), t.end()) for t in _TITLE.finditer(text)] if "《" in text else []
    relative: list[DateValue] = []
    as_of: list[DateValue] = []
    for dv in dates:
        if (titles and any(a <= dv.start < z for a, z in titles)) or _is_comparison(text, dv):
            continue
        if is_as_of(dv):
            as_of.append(dv)
        elif _is_target(text, dv) or _is_background(text, dv, ref):
            continue
        elif dv.relative:
            relative.append(dv)
        else:
            return dv
    if relative:
        return relative[0]
    return as_of[0] if as_of else None


# ---------------------------------------------------------------------------------------------
# Mixed-precision comparison
# ---------------------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4]))?$")


@lru_cache(maxsize=4096)
def iso_bounds(iso: str) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by an ISO value of any precision: 2018-10-26, 2018-10,
    2018-Q3, 2018, or a range "A/B". None when the year is unknown ("--10-26")."""
    if "/" in iso:
        a, _, b = iso.partition("/")
        lo, hi = iso_bounds(a), iso_bounds(b)
        return (lo[0], hi[1]) if lo and hi else None
    m = _ISO_DAY.match(iso)
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(4):
            q = int(m.group(4))
            return dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, _last_day(y, 3 * q))
        if m.group(3):
            d = dt.date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            return dt.date(y, mo, 1), dt.date(y, mo, _last_day(y, mo))
    except ValueError:
        return None
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def date_in_range(iso: str, start: str | None, end: str | None) -> bool:
    """Whether a date of any precision overlaps [start, end] (each of any precision, None =
    open). Overlap, not containment: "2018-10" is in 2018-10-16..2018-11-15, because a
    month-precision date may well be a day inside the filter."""
    b = iso_bounds(iso)
    if b is None:
        return False
    if start:
        s = iso_bounds(start)
        if s is not None and b[1] < s[0]:
            return False
    if end:
        e = iso_bounds(end)
        if e is not None and b[0] > e[1]:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Reference period of a document
# ---------------------------------------------------------------------------------------------

_HEAD_CHARS = 3000
_PERIOD_CUE = re.compile(r"(?:监测|统计|报告|监测周|数据统计|采集)(?:期|时间|时段|区间|范围)")
_MONTH_LINE = re.compile(rf"^[（(【\[]?{_S}(?P<y>{_Y}){_S}年{_S}(?P<m>{_M}){_S}月(?:份)?(?:刊|号|版)?{_S}[）)】\]]?$")
_ISSUE_LINE = re.compile(
    rf"^[（(【\[]?{_S}(?P<y>{_Y}){_S}年{_S}第{_S}(?P<n>[0-9]{{1,3}}){_S}期"
    rf"(?:{_S}[（(]?{_S}总第{_S}[0-9]+{_S}期{_S}[）)]?)?{_S}[）)】\]]?$"
)
_PUB_LINE = re.compile(rf"(?P<y>{_Y}){_S}年{_S}(?P<m>{_M}){_S}月{_S}(?P<d>{_D}){_S}日{_S}(?:发布|出版|印发|编制)")
_ANNUAL_TITLE = re.compile(
    rf"(?P<y>{_Y}){_S}(?:年{_S})?(?:度)?.{{0,30}}?(?:年鉴|年度|年报|综述|白皮书|蓝皮书|回顾|发展报告|大事记)"
)
_YEAR_LINE = re.compile(rf"^{_S}(?P<y>{_Y}){_S}(?:年|年度|卷)?{_S}$")
# A year in a dated mention (2016年5月, 2016-5-22), reported at each position it starts from,
# overlaps included (the caller skips those): a regex that opens with a character class lets the
# engine skip to the next 1 or 2 fast; the mention is matched in a lookahead inside a
# one-character lookbehind.
_DATED_YEAR = re.compile(rf"[12１２](?<=(?=(?P<all>(?P<y>{_Y}){_S}(?:年{_S}{_M}{_S}月|-{_M}-{_D}(?![{_DG}]))))[\s\S])")


def _month_period(y: int, m: int, source: str) -> RefPeriod:
    return RefPeriod(dt.date(y, m, 1), dt.date(y, m, _last_day(y, m)), source)


def _dominant_year(text: str) -> int | None:
    """The most frequent explicit year among dated mentions (2016年5月…, 2016-5-22)."""
    counts: Counter[int] = Counter()
    done = 0
    for m in _DATED_YEAR.finditer(text):
        if m.start() >= done:  # not inside the previous mention
            done = m.end("all")
            counts[_int(m.group("y"))] += 1
    return counts.most_common(1)[0][0] if counts else None


def find_reference_period(text: str, published: str | None = None) -> RefPeriod | None:
    """The period the document reports on, from its own words where possible.

    In order: a stated monitoring period (本监测期内（2018年10月16日-2018年11月15日）); a report
    month or issue line near the top ((2018年11月), 2017年第5期); the year an annual review or
    yearbook covers (a yearbook titled N usually covers N-1, so the most frequent year among
    dated mentions decides between N and N-1); the publication date (as one day); else the most
    frequent year among dated mentions.
    """
    head = text[:_HEAD_CHARS]
    # 1. a stated monitoring period
    for cue in _PERIOD_CUE.finditer(text[:8000]):
        window = text[cue.end() : cue.end() + 80]
        for dv in extract_dates(window):
            if dv.precision == "range":
                bounds = iso_bounds(dv.iso)
                if bounds:
                    return RefPeriod(bounds[0], bounds[1], "monitoring_period")
    # 2. a report month or issue on a line of its own near the top
    lines = [ln.strip() for ln in head.splitlines()]
    issue: tuple[int, int] | None = None
    for ln in lines:
        if not ln or len(ln) > 30:
            continue
        mm = _MONTH_LINE.match(ln)
        if mm:
            return _month_period(_int(mm.group("y")), _int(mm.group("m")), "report_month")
        mi = _ISSUE_LINE.match(ln)
        if mi and issue is None:
            issue = (_int(mi.group("y")), int(mi.group("n")))
    if issue is not None:
        pub = _PUB_LINE.search(head)
        if pub and _int(pub.group("y")) == issue[0]:
            return _month_period(issue[0], _int(pub.group("m")), "issue")
        if 1 <= issue[1] <= 12:
            return _month_period(issue[0], issue[1], "issue")
    # 3. annual reviews and yearbooks
    title_year = None
    for ln in lines[:80]:
        if len(ln) > 40:
            continue
        ma = _YEAR_LINE.match(ln) or _ANNUAL_TITLE.search(ln)
        if ma:
            title_year = _int(ma.group("y"))
            break
    if title_year is not None:
        dom = _dominant_year(text)
        y = dom if dom in (title_year, title_year - 1) else title_year
        return RefPeriod(dt.date(y, 1, 1), dt.date(y, 12, 31), "annual")
    # 4. the publication date
    if published:
        bounds = iso_bounds(published)
        if bounds:
            return RefPeriod(bounds[0], bounds[1], "published")
    # 5. the most frequent dated year
    dom = _dominant_year(text)
    if dom is not None:
        return RefPeriod(dt.date(dom, 1, 1), dt.date(dom, 12, 31), "dominant_year")
    return None
