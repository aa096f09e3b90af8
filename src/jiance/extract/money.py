"""Money amounts in one item's text: 800万元, 1.2亿美元, 数千万元, 1-2亿元, 人民币5亿元 ...

A number is an amount only when a currency is written next to it (before or after), so 50万户,
3000万人 and 2019.9 never become money. Callers that know from context that bare numbers are money
(a funding clause: "领投7亿") pass `default_currency`; then a multiplier (万, 亿 ...) is still
required. Currencies, multipliers and qualifiers live in data/money.yaml.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

import cn2an
import yaml

_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十百千万亿拾佰仟"
_SP = r"[ \t\u3000]*"
# Characters after a bare (currency-less) number that still leave it money in a funding clause.
_BARE_OK_NEXT = set("的融投资轮，。、；：）)】,.;:!?！？ \t\n")


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first so 美元 wins over 元."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _data() -> dict[str, Any]:
    """money.yaml, loaded once."""
    text = resources.files("jiance.extract").joinpath("data/money.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def _compiled() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(anchor regex for the cheap pre-check, full amount regex)."""
    d = _data()
    q = d["qualifiers"]
    cur = _alt(list(d["currencies"]))
    pcur = _alt(list(d["prefix_currencies"]))
    mult = _alt([str(k) for k in d["multipliers"]])
    num = r"(?<![0-9０-９.．])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?)"
    mid = _alt(list(q["mid"]))
    blockers = "".join(d["yuan_blockers"])
    cn_run = f"[{_CN_DIGITS}{_CN_UNITS}]+"
    part2 = (
        rf"(?:{_SP}(?P<sep>至|到|~|～|-|－|—|–){_SP}(?P<num2>{num}){_SP}"
        rf"(?P<midb2>{mid})?(?P<mult2>{mult})?(?P<mida2>{mid})?)?"
    )
    pattern = (
        rf"(?:(?P<pcur>{pcur}){_SP})?"
        rf"(?:(?P<pre>{_alt(list(q['pre']))}){_SP})?"
        r"(?:"
        rf"(?P<num>{num}){_SP}(?P<midb>{mid})?(?P<mult>{mult})?(?P<mida>{mid})?{part2}"
        rf"|(?P<bareq>{_alt(list(q['bare']))})(?P<bmult>{mult})"
        rf"|(?P<cn>{cn_run})"
        r")"
        rf"(?:{_SP}(?P<cur>{cur})(?![{blockers}]))?"
        rf"(?P<post>{_alt(list(q['post']))})?"
    )
    anchor = re.compile(rf"{cur}|{pcur}")
    return anchor, re.compile(pattern)


def _cn_value(run: str) -> Decimal | None:
    """Value of a Chinese-numeral run (五千万, 两亿, 百万); None if it is not a number."""
    mults = _data()["multipliers"]
    if len(run) == 1 and run in _CN_UNITS:
        return None  # 每万元, 千元级: a unit, not an amount
    if run in mults:
        return Decimal(mults[run])
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


def _to_float(v: Decimal | None) -> float | None:
    return None if v is None else float(v)


def _from_match(m: re.Match[str], default_currency: str | None) -> dict[str, Any] | None:
    """Build one amount from a regex match, or None if it is not money."""
    d = _data()
    q = d["qualifiers"]
    mults = d["multipliers"]
    currency = None
    if m["cur"]:
        currency = d["currencies"][m["cur"]]
    elif m["pcur"]:
        currency = d["prefix_currencies"][m["pcur"]]
    value: Decimal | None = None
    value_max: Decimal | None = None
    quals: list[tuple[str, str]] = []
    has_mult = False
    if m["pre"]:
        quals.append((m["pre"], q["pre"][m["pre"]]))
    if m["num"] is not None:
        unit = Decimal(mults[m["mult"]]) if m["mult"] else None
        unit2 = Decimal(mults[m["mult2"]]) if m["mult2"] else None
        has_mult = bool(unit or unit2)
        value = _num(m["num"])
        if m["num2"] is not None:
            if m["cur"] is None and m["pcur"] is None and not unit2:
                return None
            value_max = _num(m["num2"]) * (unit2 or unit or 1)
            value = value * (unit or unit2 or 1)
            if value_max < value:
                return None  # 2019-12 and the like: not a range of money
        else:
            value = value * (unit or 1)
        for g in ("midb", "mida", "midb2", "mida2"):
            if m[g]:
                quals.append((m[g], q["mid"][m[g]]))
    elif m["bareq"]:
        has_mult = True
        quals.append((m["bareq"], q["bare"][m["bareq"]]))
        if q["bare"][m["bareq"]] != "vague":
            value = Decimal(mults[m["bmult"]])
    else:
        run = m["cn"]
        value = _cn_value(run)
        if value is None:
            return None
        has_mult = True
        if currency is None:
            return None  # Chinese numerals only count with an explicit currency
    if m["post"]:
        quals.append((m["post"], q["post"][m["post"]]))
    if currency is None:
        if not (default_currency and has_mult):
            return None
        nxt = m.string[m.end() : m.end() + 1]
        if nxt and nxt not in _BARE_OK_NEXT and not nxt.isascii():
            return None  # 3000万人, 50万户: a count, not money
        currency = default_currency
    text = m.group(0)
    start, end = m.start(), m.end()
    if text != text.lstrip():
        start += len(text) - len(text.lstrip())
    norm = quals[0][1] if quals else None
    if any(n == "vague" for _, n in quals):
        norm, value, value_max = "vague", None, None
    out: dict[str, Any] = {
        "value": _to_float(value),
        "currency": currency,
        "text": m.string[start:end].strip(),
        "qualifier": "/".join(w for w, _ in quals) or None,
        "qualifier_norm": norm,
        "start": start,
        "end": start + len(m.string[start:end].rstrip()),
    }
    if value_max is not None:
        out["value_max"] = _to_float(value_max)
    if not m["cur"] and not m["pcur"]:
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
