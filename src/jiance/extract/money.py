"""Money amounts in one item's text: 800万元, 1.2亿美元, 数千万元, 1-2亿元, 人民币5亿元 ...

A number is an amount only when a currency is written next to it (before or after), so 50万户,
3000万人 and 2019.9 never become money. Callers that know from context that bare numbers are money
(a funding clause: "领投7亿") pass `default_currency`; then a multiplier (万, 亿 ...) is still
required. Currencies, multipliers and qualifiers live in data/money.yaml.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

import cn2an

from jiance.extract.knowledge import load

_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十百千万亿拾佰仟"
_SP = r"[ \t\u3000]*"
# Characters after a bare (currency-less) number that still leave it money in a funding clause.
_BARE_OK_NEXT = set("的融投资轮，。、；：）)】,.;:!?！？ \t\n")


def _opt(pattern: str) -> str:
    """`(?:pattern)?` written as an alternation with the empty string: the same match, but sre runs a
    branch much faster than a repeat of a group."""
    return f"(?:{pattern}|)"


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first so 美元 wins over 元."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _data() -> dict[str, Any]:
    """money.yaml, loaded once."""
    return load("money.yaml")


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(anchor regex for the cheap pre-check, full amount regex)."""
    d = _data()
    q = d["qualifiers"]
    cur = _alt(list(d["currencies"]))
    pcur = _alt(list(d["prefix_currencies"]))
    mult = _alt([str(k) for k in d["multipliers"]])
    num = r"(?<![0-9０-９.．])(?:\d{1,3}(?:,\d{3})+(?:\.\d+|)|[0-9０-９]+(?:[.．][0-9０-９]+|))"  # (?:x|): see _opt
    mid = _alt(list(q["mid"]))
    blockers = "".join(d["yuan_blockers"])
    cn_run = f"[{_CN_DIGITS}{_CN_UNITS}]+"
    part2 = _opt(
        rf"{_SP}(?P<sep>至|到|~|～|-|－|—|–){_SP}(?P<num2>{num}){_SP}"
        + _opt(rf"(?P<midb2>{mid})")
        + _opt(rf"(?P<mult2>{mult})")
        + _opt(rf"(?P<mida2>{mid})")
    )
    pattern = (
        rf"(?={_first_chars(d)})"  # fail fast where no amount can start (sre cannot skip otherwise)
        + _opt(rf"(?P<pcur>{pcur}){_SP}")
        + _opt(rf"(?P<pre>{_alt(list(q['pre']))}){_SP}")
        + r"(?:"
        + rf"(?P<num>{num}){_SP}"
        + _opt(rf"(?P<midb>{mid})")
        + _opt(rf"(?P<mult>{mult})")
        + _opt(rf"(?P<mida>{mid})")
        + part2
        + rf"|(?P<bareq>{_alt(list(q['bare']))})(?P<bmult>{mult})"
        + rf"|(?P<cn>{cn_run})"
        + r")"
        + _opt(rf"{_SP}(?P<cur>{cur})(?![{blockers}])")
        + _opt(rf"(?P<post>{_alt(list(q['post']))})")
    )
    anchor = re.compile(rf"{cur}|{pcur}")
    return anchor, re.compile(pattern)


def _first_chars(d: dict[str, Any]) -> str:
    """A class of the characters an amount can start with: a prefix currency, a qualifier, a digit."""
    q = d["qualifiers"]
    words = [*d["prefix_currencies"], *q["pre"], *q["bare"]]
    chars = set(_CN_DIGITS + _CN_UNITS) | {str(w)[0] for w in words}
    return "[\\d0-9０-９" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@cache
def _unit_values() -> dict[str, Decimal]:
    """Multipliers as Decimals, converted once."""
    return {str(k): Decimal(v) for k, v in _data()["multipliers"].items()}


@lru_cache(maxsize=4096)
def _cn_value(run: str) -> Decimal | None:
    """Value of a Chinese-numeral run (五千万, 两亿, 百万); None if it is not a number."""
    if len(run) == 1 and run in _CN_UNITS:
        return None  # 每万元, 千元级: a unit, not an amount
    unit = _unit_values().get(run)
    if unit is not None:
        return unit
    if not any(c in _CN_UNITS for c in run):
        return None  # 一元化, 三元: no multiplier, too ambiguous to be money
    try:
        return Decimal(str(cn2an.cn2an(run, "smart")))
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return None


def _num(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", "").replace("．", "."))
    except InvalidOperation:
        return None


_GROUPS = ("cur", "pcur", "pre", "num", "mult", "num2", "mult2", "bareq", "bmult", "cn", "post")
_MID_GROUPS = ("midb", "mida", "midb2", "mida2")


def _from_match(m: re.Match[str], default_currency: str | None) -> dict[str, Any] | None:
    """Build one amount from a regex match, or None if it is not money."""
    cur, pcur, pre, num, mult, num2, mult2, bareq, bmult, cn, post = m.group(*_GROUPS)
    d = _data()
    q = d["qualifiers"]
    units = _unit_values()
    currency = d["currencies"][cur] if cur else d["prefix_currencies"][pcur] if pcur else None
    value: Decimal | None = None
    value_max: Decimal | None = None
    quals: list[tuple[str, str]] = []
    has_mult = False
    if pre:
        quals.append((pre, q["pre"][pre]))
    if num is not None:
        unit = units[mult] if mult else None
        unit2 = units[mult2] if mult2 else None
        has_mult = bool(unit or unit2)
        value = _num(num)
        if num2 is not None:
            if cur is None and pcur is None and not unit2:
                return None
            value_max = _num(num2) * (unit2 or unit or 1)
            value = value * (unit or unit2 or 1)
            if value_max < value:
                return None  # 2019-12 and the like: not a range of money
        else:
            value = value * (unit or 1)
        quals += [(w, q["mid"][w]) for w in m.group(*_MID_GROUPS) if w]
    elif bareq:
        has_mult = True
        quals.append((bareq, q["bare"][bareq]))
        if q["bare"][bareq] != "vague":
            value = units[bmult]
    else:
        value = _cn_value(cn)
        if value is None:
            return None
        has_mult = True
        if currency is None:
            return None  # Chinese numerals only count with an explicit currency
    if post:
        quals.append((post, q["post"][post]))
    if currency is None:
        if not (default_currency and has_mult):
            return None
        nxt = m.string[m.end() : m.end() + 1]
        if nxt and nxt not in _BARE_OK_NEXT and not nxt.isascii():
            return None  # 3000万人, 50万户: a count, not money
        currency = default_currency
    return _amount(m, value, value_max, quals, currency, implied=not cur and not pcur)


def _amount(
    m: re.Match[str],
    value: Decimal | None,
    value_max: Decimal | None,
    quals: list[tuple[str, str]],
    currency: str,
    implied: bool,
) -> dict[str, Any]:
    """The amount dict of a match that is money."""
    written = m.group().lstrip()
    start = m.end() - len(written)
    written = written.rstrip()
    qualifier = norm = None
    if quals:
        qualifier, norm = "/".join(w for w, _ in quals) or None, quals[0][1]
        if any(n == "vague" for _, n in quals):
            norm, value, value_max = "vague", None, None
    out: dict[str, Any] = {
        "value": None if value is None else float(value),
        "currency": currency,
        "text": written,
        "qualifier": qualifier,
        "qualifier_norm": norm,
        "start": start,
        "end": start + len(written),
    }
    if value_max is not None:
        out["value_max"] = float(value_max)
    if implied:
        out["currency_implied"] = True
    return out


def extract_amounts(text: str, default_currency: str | None = None) -> list[dict[str, Any]]:
    """All money amounts in `text`, in order, each with value (float, base units), currency (ISO),
    text as written, qualifier (as written) and qualifier_norm, start/end offsets, and value_max for
    ranges. Vague amounts (数千万元) have value None. `default_currency` lets a caller that knows the
    context is money (a funding clause) accept "7亿" without a currency word."""
    if not text:
        return []
    anchor, full = _compiled()
    if default_currency is None:
        regions = _regions(text, anchor)
    elif "万" in text or "亿" in text or anchor.search(text):
        regions = [(0, len(text))]
    else:
        regions = []
    out: list[dict[str, Any]] = []
    for lo, hi in regions:
        for m in full.finditer(text, lo, hi):
            if default_currency is None and m["cur"] is None and m["pcur"] is None:
                continue  # no currency written and none implied: never money
            amt = _from_match(m, default_currency)
            if amt is not None:
                out.append(amt)
    return out


_WINDOW = 40  # characters before a currency word that an amount can start at
_NUMBERISH = set("0123456789０１２３４５６７８９.,．" + _CN_DIGITS + _CN_UNITS)


def _regions(text: str, anchor: re.Pattern[str]) -> list[tuple[int, int]]:
    """Windows around currency words, merged, so the full regex runs only where money can be."""
    regions: list[tuple[int, int]] = []
    for a in anchor.finditer(text):
        lo = max(0, a.start() - _WINDOW)
        while lo > 0 and text[lo - 1] in _NUMBERISH:
            lo -= 1
        hi = min(len(text), a.end() + _WINDOW)
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], hi)
        else:
            regions.append((lo, hi))
    return regions
