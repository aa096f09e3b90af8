"""Funding rounds in one item's text: who raised, how much, which round, from whom.

A sentence is a funding clause when a raise verb (完成, 获得, 宣布获 …) is followed in the same
clause by 融资 (not 融资难/融资服务 …), a round (A轮, Pre-A轮, 战略投资 …) or an investment noun; or
when it names investor roles (领投, 跟投, 参投). A sentence that only names investors ("本轮融资由X
领投") completes the funding record before it. Knowledge is in data/rounds.yaml.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jiance.extract.knowledge import load
from jiance.extract.money import extract_amounts

_CJK = r"\u4e00-\u9fff"
_CLAUSE_END = "，,。！？；;!?\n"
_DATE_HEAD = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*日)?(?:[上中下]旬|初|底|末)?)?"
    r"|\d{1,2}\s*月\s*(?:\d{1,2}\s*日|[上中下]旬|初|底|末)?|(?:今年|去年|前年|本月|上月)\s*(?:\d{1,2}\s*月)?"
    r"|[上下]半年|第?[一二三四1-4]季度)"
)
_LIST_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]\s*)")
_LATIN_ROUND = re.compile(r"(?<![A-Za-z])(?:(Pre|pre|PRE)\s*-?\s*)?([A-H])\s*(\+{1,2}|[1-9])?\s*轮")
_SPACE = re.compile(r"\s")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{1,20})[”\"」』]")


def _data() -> dict[str, Any]:
    """rounds.yaml, loaded once."""
    return load("rounds.yaml")


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _rx() -> dict[str, re.Pattern[str]]:
    d = _data()
    blockers = _alt(d["financing_noun_blockers"])
    return {
        "named_round": re.compile(rf"(?<![A-Za-z])(?:{_alt(list(d['named_rounds']))})"),
        "verb": re.compile(rf"(?:{_alt(d['raise_verbs'])})"),
        # 融资 that is a raise, not a banking topic; 投资 only as "…的投资", "1亿元投资", "战略投资".
        "noun": re.compile(
            rf"融资(?!{blockers})|(?:的|[元亿万]|轮|战略|天使|风险)\s*投资(?!基金|公司|管理|集团|机构|人|者|方)"
            r"|注资|增资|募资"
        ),
        "role": re.compile(rf"(?:{_alt(list(d['investor_roles']))})"),
        "intro": re.compile(rf"(?:{_alt(d['investor_intros'])})"),
        "cumulative": re.compile(rf"(?:{_alt(d['cumulative_cues'])})"),
        "amount_block": re.compile(rf"(?:{_alt(d['amount_blockers'])})[^，。；]{{0,4}}$"),
        "strip": re.compile(rf"^(?:{_alt(d['investor_strip'])})|(?:{_alt(d['investor_strip'])})$"),
        "drop_head": re.compile(rf"^(?:{_alt(d['company_drop_prefixes'])})[，,\s]*"),
        "drop_tail": re.compile(rf"(?:{_alt(d['company_drop_suffixes'])})$"),
        "descriptor": re.compile(rf"(?:{_alt(d['company_descriptors'])})"),
    }


_CUES = ("融资", "投资", "领投", "跟投", "参投", "注资", "增资", "募资", "募集", "IPO", "轮")
_CUE_RX = re.compile("|".join(_CUES))


def _cover(words: tuple[str, ...]) -> tuple[str, ...]:
    """A few characters such that every word contains one of them (greedy set cover): `in` tests
    for them rule out a text far faster than a regex search for the words."""
    chars: list[str] = []
    left = list(words)
    while left:
        counts: dict[str, int] = {}
        for w in left:
            for c in dict.fromkeys(w):
                counts[c] = counts.get(c, 0) + 1
        best = max(counts, key=counts.__getitem__)
        chars.append(best)
        left = [w for w in left if best not in w]
    return tuple(chars)


_CUE_CHARS = _cover(_CUES)


def _may_have_cue(text: str) -> bool:
    for c in _CUE_CHARS:
        if c in text:
            return True
    return False


_END_RX = re.compile(r"[。！？；;!?\n]")
# up to the last sentence end of the searched span: `.*` jumps to the span's end, then backs off
# one character at a time to the nearest end
_UP_TO_END = re.compile(r"(?s:.*)[。！？；;!?\n]")
_MAX_SENT = 400  # longest sentence looked at around a cue


def _cue_sentences(text: str, pos: int = 0) -> list[tuple[int, int]]:
    """Bounds of the sentences that contain a funding cue, in order, each once; `pos`: no cue
    starts before it. Each sentence's ends are looked for near its cue only, not in the whole text."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in _CUE_RX.finditer(text, pos):
        start, end = m.span()
        if out and start < out[-1][1]:
            continue
        lo = max(0, start - _MAX_SENT)
        before = _UP_TO_END.match(text, lo, start)  # the last end before the cue, if that near
        if before is not None:
            lo = before.end()
        after = _END_RX.search(text, end, end + _MAX_SENT)
        out.append((lo, after.start() if after is not None else min(n, end + _MAX_SENT)))
    return out


def _rounds(text: str, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
    """(start, end, round as written without spaces, round_norm) in text[lo:hi]."""
    named = _data()["named_rounds"]
    out = []
    for m in _rx()["named_round"].finditer(text, lo, hi):
        out.append((m.start(), m.end(), m.group(0), named[m.group(0)]))
    for m in _LATIN_ROUND.finditer(text, lo, hi):
        if any(a <= m.start() < b for a, b, _, _ in out):
            continue
        norm = ("pre_" if m[1] else "") + m[2].lower()
        if m[3]:
            norm += "_plus" * len(m[3]) if m[3].startswith("+") else m[3]
        written = re.sub(r"\s+", "", m.group(0))
        out.append((m.start(), m.end(), written, norm))
    out.sort()
    return out


def _clause_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    a = pos
    while a > lo and text[a - 1] not in _CLAUSE_END:
        a -= 1
    b = pos
    while b < hi and text[b] not in _CLAUSE_END:
        b += 1
    return a, b


def _clean_name(name: str) -> str:
    """An investor or company name without connectives, 等, quotes and stray spaces."""
    rx = _rx()["strip"]
    name = name.strip(" \t，,、：:")
    for _ in range(4):
        new = rx.sub("", name).strip(" \t，,、")
        if new == name:
            break
        name = new
    if _SPACE.search(name) is not None:  # most names have no space: skip the regex (and its compile)
        name = re.sub(rf"\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+", "", name)
    if name.find("等") >= 2:  # IDG资本等老股东
        name = name[: name.find("等")]
    return name.strip('“”"「」')


def _clean_company(span: str) -> str | None:
    """The company named in the text before a raise verb."""
    rx = _rx()
    s = span.strip()
    q = _QUOTED.search(s)
    if q:
        return q[1].strip()
    for _ in range(6):
        new = _LIST_MARK.sub("", s).strip(" ，,")
        new = _DATE_HEAD.sub("", new).strip(" ，,")
        new = rx["drop_head"].sub("", new).strip(" ，,")
        new = rx["drop_tail"].sub("", new).strip(" ，,")
        if new == s:
            break
        s = new
    # "网络安全巨头 Tanium 公司", "游戏陪练公司金泽网络科技": the name follows the last descriptor.
    cut = None
    for m in rx["descriptor"].finditer(s):
        rest = s[m.end() :].strip()
        if len(rest) >= 2 and not rx["descriptor"].fullmatch(rest) and not rest.startswith(("有限", "股份")):
            cut = m.end()
    if cut is not None:
        s = s[cut:]
    s = _clean_name(s)
    s = re.sub(r"(?<=..)(?:在|于)[^在于]{1,12}$", "", s)  # 某某汽车在纽交所(完成IPO)
    latin = re.fullmatch(r"([A-Za-z][\w.&\- ]*?)\s*公司", s)
    if latin:
        s = latin[1]
    if not s or len(s) > 40 or not re.search(rf"[{_CJK}A-Za-z]", s):
        return None
    return s


def _split_names(span: str, base: int) -> list[tuple[str, int, int]]:
    """Investor names in a list span: split on 、，和与及, each with its offsets."""
    out = []
    for m in re.finditer(r"[^、，,和与及]+", span):
        name = _clean_name(m.group(0))
        if len(name) < 2 or not re.search(rf"[{_CJK}A-Za-z]", name) or re.fullmatch(r"[\d.\s]+", name):
            continue
        off = m.group(0).find(name[:2])
        start = base + m.start() + max(off, 0)
        out.append((name, start, start + len(name)))
    return out


def _company_pronoun(name: str | None) -> bool:
    return name is not None and name in _data()["company_pronouns"]


def _antecedent(text: str, before: int) -> str | None:
    """The company a pronoun stands for: the subject of "X是一家…" earlier in the text."""
    if text.find("是一家", 0, before) < 0:  # the usual case, told without scanning with the regex
        return None
    found = re.findall(r"(?:^|[。！？\n])\s*([^，。；\n]{2,20}?)是一家", text[:before])
    return _clean_company(found[-1]) if found else None


def _investors(text: str, lo: int, hi: int, verb_end: int | None) -> list[dict[str, Any]]:
    """Investors in text[lo:hi] with roles: "A领投，B跟投", "由A、B联合领投", "投资方为A"."""
    d = _data()
    rx = _rx()
    out: list[dict[str, Any]] = []
    floor = lo
    for m in rx["role"].finditer(text, lo, hi):
        a = m.start()
        while a > floor and text[a - 1] not in _CLAUSE_END:
            a -= 1
        if verb_end is not None and a < verb_end <= m.start():
            a = verb_end
        span = text[a : m.start()]
        if "由" in span:
            a += span.rindex("由") + 1
            span = text[a : m.start()]
        after = text[m.end() : min(hi, m.end() + 16)]
        amt = extract_amounts(after, default_currency="CNY")
        amt = [x for x in amt if not after[: x["start"]].strip(" ，,")]
        names = _split_names(span, a)
        for i, (name, s, e) in enumerate(names):
            inv: dict[str, Any] = {"name": name, "role": d["investor_roles"][m.group(0)], "start": s, "end": e}
            if amt and len(names) == 1 and i == 0:
                inv["amount"] = dict(amt[0], start=amt[0]["start"] + m.end(), end=amt[0]["end"] + m.end())
            out.append(inv)
        floor = m.end() + (amt[0]["end"] if amt else 0)
    for m in rx["intro"].finditer(text, lo, hi):
        b = m.end()
        while b < hi and text[b] not in _CLAUSE_END:
            b += 1
        span = text[m.end() : b]
        if rx["role"].search(span):
            continue
        out.extend({"name": n, "role": "other", "start": s, "end": e} for n, s, e in _split_names(span, m.end()))
    return out


def _pick_amount(text: str, lo: int, hi: int, verb_end: int, skip: list[tuple[int, int]]) -> dict | None:
    """The round's size: the first amount after the raise verb in its clause, else in the sentence,
    that is not a valuation nor an investor's share."""
    rx = _rx()
    amounts = extract_amounts(text[lo:hi], default_currency=None)
    explicit = amounts[0]["currency"] if amounts else "CNY"
    for a in extract_amounts(text[lo:hi], default_currency=explicit):
        s, e = a["start"] + lo, a["end"] + lo
        if e <= verb_end - 8 or any(x <= s < y for x, y in skip):
            continue
        if rx["amount_block"].search(text[max(lo, s - 12) : s]):
            continue
        return dict(a, start=s, end=e)
    return None


def _raises(text: str, lo: int, hi: int) -> list[tuple[re.Match[str], int, int, Any, list]]:
    """Raise verbs of a sentence that govern 融资/a round in their clause, one per clause."""
    rx = _rx()
    out: list[tuple[re.Match[str], int, int, Any, list]] = []
    for vm in rx["verb"].finditer(text, lo, hi):
        c_lo, c_hi = _clause_bounds(text, vm.start(), lo, hi)
        if out and out[-1][1] == c_lo:
            continue
        nm = rx["noun"].search(text, vm.end(), min(c_hi, vm.end() + 40))
        rounds = _rounds(text, vm.end(), min(c_hi, vm.end() + 40))
        if nm or rounds:
            out.append((vm, c_lo, c_hi, nm, rounds))
    return out


def _raise_record(text: str, raise_at: tuple, scope: tuple[int, int], prev: str | None) -> dict | None:
    """One funding record for a raise verb; `scope` is the part of the sentence it owns."""
    rx = _rx()
    vm, c_lo, c_hi, nm, rounds = raise_at
    lo, hi = scope
    if rx["cumulative"].search(text, c_lo, vm.start()):
        return None  # 累计获得…融资: a total, not a round
    company = _clean_company(text[c_lo : vm.start()])
    if company is not None and company.endswith(tuple(_data()["company_reject_suffixes"])):
        return None  # 云计算领域获得…投资: a statistic about a sector
    if company is None or _company_pronoun(company):
        company = prev or _antecedent(text, c_lo)
        if _company_pronoun(company):
            company = None
    all_rounds = rounds or _rounds(text, lo, hi)
    investors = _investors(text, lo, hi, vm.end())
    skip = [(i["amount"]["start"], i["amount"]["end"]) for i in investors if "amount" in i]
    amount = _pick_amount(text, c_lo, hi, vm.end(), skip)
    # "获得杭州某科技有限公司800万A轮融资": the investor sits between the verb and the amount/round.
    marks = (amount and amount["start"], all_rounds and all_rounds[0][0], nm and nm.start())
    stop = min([x for x in marks if x] or [c_hi])
    between = text[vm.end() : stop]
    target = re.match(r"\s*对(.+?)的?\s*$", between)
    if target:  # 甲宣布完成对乙的A轮投资: 甲 invested in 乙
        investors = [{"name": company, "role": "lead", "start": c_lo, "end": vm.start()}] if company else []
        investors += [i for i in _investors(text, vm.end(), hi, None)]
        company = _clean_company(target[1])
    elif stop > vm.end() and not rx["role"].search(between) and not investors:
        for n, s, e in _split_names(between, vm.end()):
            if not re.search(r"一笔|一轮|新一|本轮|^了$", n):
                investors.append({"name": n, "role": "other", "start": s, "end": e})
    first = all_rounds[0] if all_rounds else None
    start = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
    return {
        "company": company,
        "round": first[2] if first else None,
        "round_norm": first[3] if first else None,
        "amount": amount,
        "investors": investors,
        "start": start,
        "end": hi,
        "text": text[start:hi].strip(),
        "cue": vm.group(0) + "…" + (nm.group(0) if nm else first[2] if first else ""),
    }


_INVESTS = re.compile(r"(战略投资|战略入股|注资|入股)了?")


def _invest_record(text: str, m: re.Match[str], lo: int, hi: int) -> dict[str, Any] | None:
    """A record for "<investor>战略投资<company>" (the investor is the subject)."""
    c_lo, c_hi = _clause_bounds(text, m.start(), lo, hi)
    investor = _clean_company(text[c_lo : m.start()])
    tail = text[m.end() : c_hi]
    amounts = extract_amounts(tail)
    company = _clean_company(tail[: amounts[0]["start"]] if amounts else tail)
    if not investor or not company or len(company) > 30:
        return None
    amount = dict(amounts[0], start=amounts[0]["start"] + m.end(), end=amounts[0]["end"] + m.end()) if amounts else None
    round_ = _rounds(text, m.start(), c_hi)
    start = c_lo + len(text[c_lo:hi]) - len(text[c_lo:hi].lstrip())
    return {
        "company": company,
        "round": round_[0][2] if round_ else None,
        "round_norm": round_[0][3] if round_ else None,
        "amount": amount,
        "investors": [{"name": investor, "role": "lead", "start": start, "end": start + len(investor)}],
        "start": start,
        "end": hi,
        "text": text[start:hi].strip(),
        "cue": m.group(1),
    }


def extract_funding(text: str) -> list[dict[str, Any]]:
    """Funding records of one item's text, in order: company, round (as written), round_norm, amount
    (an extract_amounts dict or None), investors [{name, role: lead|follow|other, start, end,
    amount?}], start/end of the clause and its text, and the cue that fired."""
    if not text or not _may_have_cue(text):
        return []
    cue = _CUE_RX.search(text)
    if cue is None:
        return []
    rx = _rx()
    out: list[dict[str, Any]] = []
    for lo, hi in _cue_sentences(text, cue.start()):
        raises = _raises(text, lo, hi)
        for k, r in enumerate(raises):
            scope = (lo if k == 0 else r[1], raises[k + 1][1] if k + 1 < len(raises) else hi)
            rec = _raise_record(text, r, scope, out[-1]["company"] if out else None)
            if rec is not None:
                out.append(rec)
        if raises:
            continue
        inv = _INVESTS.search(text, lo, hi)
        if inv:  # 阿里巴巴战略投资某某公司: the investor comes first
            rec = _invest_record(text, inv, lo, hi)
            if rec is not None:
                out.append(rec)
                continue
        if not rx["role"].search(text, lo, hi):
            continue
        investors = _investors(text, lo, hi, None)
        if not investors:
            continue
        if out:  # 本轮融资由X领投: completes the record before it
            out[-1]["investors"].extend(investors)
            out[-1]["end"] = hi
            out[-1]["text"] = text[out[-1]["start"] : hi].strip()
            continue
        rounds = _rounds(text, lo, hi)
        start = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
        out.append(
            {
                "company": None,
                "round": rounds[0][2] if rounds else None,
                "round_norm": rounds[0][3] if rounds else None,
                "amount": None,
                "investors": investors,
                "start": start,
                "end": hi,
                "text": text[start:hi].strip(),
                "cue": "role",
            }
        )
    return out
