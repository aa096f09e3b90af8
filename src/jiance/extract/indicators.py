"""Statistical indicators in Chinese text: name, value, unit, period, subject, change.

Rules, not a model: a compiled pattern finds every number that carries a unit (or a magnitude
such as 万/亿, or is an index value after 为); the words before it, inside its clause, are read
from right to left (qualifier, verb, comparison base, name). Knowledge (units, verbs, bases,
subjects, indicator aliases) lives in ``data/indicator_words.yaml``. Every result names the cue
(the verb or comparator) that fired, and its span in the input.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from re import _parser
from typing import Any, NamedTuple

from jiance.extract.knowledge import load

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# A run of spaces before a non-ASCII character or %, after a non-ASCII character, or between a digit
# and % or a point. Written to start with the space class, so `re` skips to spaces in C; the
# lookbehinds see the first space of the run, already consumed.
_SPACE_RE = re.compile(
    r"[ \t\u3000\xa0](?:[ \t\u3000\xa0]*(?=[^\x00-\x7f]|%)|(?<=[^\x00-\x7f][ \t\u3000\xa0])[ \t\u3000\xa0]*"
    r"|(?<=\d[ \t])[ \t]*(?=[%.]))"
)
_SENT_END = "。！？!?\n"
_CLAUSE_END = "，；：,;:。！？!?\n"
# Optional groups in these patterns are written (?:X|), not (?:X)?: `re` runs a multi-character
# group with ? through its general repeat machinery, while an empty alternative is tried the same
# way, in the same order, for much less. The lookahead names the characters a match can start
# with: without it the optional first group makes `re` try the whole pattern at every position.
_PERIOD_RE = re.compile(
    r"(?=[\d比较与同相高低从由自前第一二三四上下全年底末])"
    r"(?:(?P<pre>比|较|与|同|相比|高于|低于|从|由|自)|)"
    r"(?:(?P<y1>\d{4})年?[-—–~至到](?P<y2>\d{4})年"
    r"|(?:(?P<y>\d{4})年(?:度)?|)"
    r"(?:前(?P<fq>[一二三1-3])季度"
    r"|第?(?P<q>[一二三四1-4])季度"
    r"|(?P<h>上|下)半年"
    r"|(?P<m1>\d{1,2})[-—–~至到](?P<m2>\d{1,2})月(?:份)?"
    r"|(?P<m>\d{1,2})月(?:份)?(?:(?P<d>\d{1,2})日|)(?:(?P<me>底|末)|)"
    r"|(?P<ye>全年|年底|年末|底|末))"
    r"|(?P<yo>\d{4})年(?!\d))"
)
# Adverbs before a verb, in the order the alternation tries them; 均 not after 月年日人户 (月均 is a
# change marker, 人均 part of a name).
_ADVERBS = (
    "分别 均 都 也 还 再 累计 共计 合计 总计 总共 已经 已 将会 将 仍然 仍 则 就 可 预计将 预计 有望 全面 正式"
    " 基本 初步 首次 首批 大幅 快速 稳步 持续 进一步 迅速 明显 显著"
).split()
_ADV_NOT_AFTER = {"均": "月年日人户"}
# Every _PERIOD_RE match holds one of these characters (年 of a year or 半年, 月, 季度, 底/末 of ye);
# keep them in step with the pattern.
_PERIOD_ANCHOR = re.compile(r"[年月季底末]")
_PERIOD_WIDTH = _parser.parse(_PERIOD_RE.pattern).getwidth()[1]  # its longest match (16 characters)
_VERB_ADV = "|".join(f"(?<![{_ADV_NOT_AFTER[a]}]){a}" if a in _ADV_NOT_AFTER else a for a in _ADVERBS)
_ADV_END = re.compile(rf"(?:{_VERB_ADV})$")
_ADV_START = re.compile(rf"(?:{_VERB_ADV})")
_TARGET_LEAD = re.compile(r"(?<!截)(?:到|至)$|力争|预计|计划|目标")
_AFTER_END = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9“”\"\-]")
# A number starts with \d, so `re` skips fast to digits. (?<!\d\d) after it: a value never starts
# right after a digit (a match ends after a non-digit or before punctuation, and if one could start
# at the second digit of a run, the run's first digit would have matched), so it only spares the
# pattern's retries inside each run of digits (2018年 tried at 0, 1 and 8).
_NUM = r"\d(?<!\d\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+|)|\d*(?:\.\d+|))"


def _last_chars(words: list[str], *extra: str) -> frozenset[str] | None:
    """The characters a pattern made of these words (and the `extra` endings) can end with, plus the
    newline that `$` may stand before; None if a word is empty, as the pattern can end anywhere."""
    if not all(words):
        return None
    return frozenset([w[-1] for w in words] + list(extra) + ["\n"])


def _alt(words: list[str]) -> str:
    """A regex alternation, longest words first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass
class _Words:
    """Compiled knowledge from indicator_words.yaml."""

    units: dict[str, tuple[str, float]]
    mult: dict[str, float]
    value_re: re.Pattern[str]
    level_verbs: frozenset[str]
    change_dir: dict[str, str]
    verb_end: re.Pattern[str]
    verb_last: frozenset[str] | None  # characters a verb_end match can end with (None: any)
    verb_forms: dict[str, frozenset[str]]  # what verb_end matches in the last _VERB_WINDOW characters
    qual_end: re.Pattern[str]
    qual_last: frozenset[str] | None  # characters a qual_end match can end with (None: any)
    compare_end: re.Pattern[str]
    compare_last: frozenset[str] | None  # characters a compare_end match can end with (None: any)
    compare_dir: dict[str, str]
    marker_end: re.Pattern[str]
    marker_last: frozenset[str] | None  # characters a marker_end match can end with (None: any)
    marker_kind: dict[str, str]
    base_kind: dict[str, str]
    base_re: re.Pattern[str]
    change_nouns: dict[str, str | None]
    share_re: re.Pattern[str]
    lead_re: re.Pattern[str]
    subject_re: re.Pattern[str]
    target_re: re.Pattern[str]
    index_heads: tuple[str, ...]
    shared_heads: list[str]
    shared_head_set: frozenset[str]
    action_end: re.Pattern[str]
    action_len: int  # how far from the end an action_end match can start (longest verb, then "\n")
    after_stop: re.Pattern[str]
    series_alias: dict[str, str]
    series_rewrites: list[tuple[re.Pattern[str], str]]
    series_rewritable: re.Pattern[str]  # any of the rewrite patterns: most names need none
    national: frozenset[str]
    subjects: frozenset[str]
    raw: dict[str, Any] = field(default_factory=dict)


_ANY_BEFORE: frozenset[str] = frozenset()
_VERB_WINDOW = 8  # a verb (with its adverb and 了) is read from the last 8 characters of a prefix


def _verb_forms(verbs: list[str]) -> dict[str, frozenset[str]]:
    """Every string verb_end matches within _VERB_WINDOW characters (adverb, verb, 了), mapped to
    the characters that may not precede it (empty: any may). A prefix's verb is then found by a
    few dict lookups instead of a search trying a long alternation at each of the last positions."""
    n = _VERB_WINDOW
    verbs = [*verbs, *(v + "了" for v in verbs)]
    free = ["", *(a for a in _ADVERBS if a not in _ADV_NOT_AFTER)]
    forms = dict.fromkeys([a + v for a in free for v in verbs if len(a) + len(v) <= n], _ANY_BEFORE)
    for a, chars in _ADV_NOT_AFTER.items():
        bad = frozenset(chars)
        for form in [a + v for v in verbs if len(a) + len(v) <= n]:
            # a form read more than one way matches unless every reading is excluded
            forms[form] = forms[form] & bad if form in forms else bad
    return forms


@lru_cache(maxsize=1)
def _words() -> _Words:
    """Load and compile the YAML knowledge once."""
    d = load("indicator_words.yaml")
    units: dict[str, tuple[str, float]] = {}
    for spec in d["units"].values():
        for form in spec["forms"]:
            units[str(form)] = (spec["norm"], float(spec["factor"]))
    mult = {k: float(v) for k, v in d["multipliers"].items()}
    value_re = re.compile(
        rf"(?P<num>{_NUM})(?![\d年月日号届])(?:[~～\-—–](?P<hi0>\d+(?:\.\d+|))|)"
        r"(?:(?P<q1>多|余)|)"
        rf"(?:(?P<mult>{_alt(list(mult))})|)(?:(?P<q1b>多|余)|)"
        rf"(?:(?P<unit>{_alt(list(units))})|)"
        rf"(?:[~～\-—–至](?P<hi>\d+(?:\.\d+|))(?:{_alt(list(mult))}|)(?:{_alt(list(units))}|)|)"
        rf"(?:(?P<q2>{_alt(d['qualifiers_after'])})|)"
        r"(?:(?<=[^\d.])|(?=[，。；;,、）)\s]|$))"
    )
    change_dir = {v: k for k, vs in d["change_verbs"].items() for v in vs}
    level = [str(v) for v in d["level_verbs"]]
    verb_end = re.compile(rf"(?:{_VERB_ADV}|)(?:{_alt(level + list(change_dir))})(?:了)?$")
    compare_dir = {v: k for k, vs in d["compare_verbs"].items() for v in vs}
    base_kind = {b: k for k, bs in d["change_bases"].items() for b in bs}
    base_pat = rf"(?:{_alt(list(base_kind))}|\d{{4}}年(?:同期|年底|年末|底|末|)|\d{{1,2}}月(?:份)?|年初)"
    marker_kind = {m: k for k, ms in d["change_markers"].items() for m in ms}
    nouns = {
        n: ("yoy" if n.startswith(("年", "同比")) else "mom" if n.startswith("环比") else None)
        for n in d["change_nouns"]
    }
    subj = [*d["subject_words"], *d["provinces"], *d["companies"]]
    comp_sfx = _alt(d["company_suffixes"])
    series_alias: dict[str, str] = {}
    for canon, aliases in d["series_names"].items():
        series_alias[canon] = canon
        for a in aliases:
            series_alias[str(a)] = canon
    return _Words(
        units=units,
        mult=mult,
        value_re=value_re,
        level_verbs=frozenset(level),
        change_dir=change_dir,
        verb_end=verb_end,
        verb_last=_last_chars(level + list(change_dir), "了"),
        verb_forms=_verb_forms(level + list(change_dir)),
        qual_end=re.compile(rf"(?:{_alt(d['qualifiers_before'])})$"),
        qual_last=_last_chars(d["qualifiers_before"]),
        compare_end=re.compile(rf"(?P<cv>{_alt(list(compare_dir))})(?P<base>{base_pat})(?:的)?$"),
        # a base: its words, or 年, 同期, 年底, 年末, 底, 末, 月, 份, 年初; then 的
        compare_last=_last_chars(list(base_kind), *"年期底末月份初的"),
        compare_dir=compare_dir,
        marker_end=re.compile(
            rf"(?:(?P<mk>{_alt(list(marker_kind))})|(?:比|较|与|和|相比|相较于?)(?P<base>{base_pat})"
            r"(?:相比|同期相比|同期|))(?:分别|均|都|)$"
        ),
        # a marker, or a base (its words, or 年, 同期, 年底, 年末, 底, 末, 月, 份, 年初) then 相比/同期,
        # then 分别/均/都
        marker_last=_last_chars([*marker_kind, *base_kind], *"年期底末月份初比别均都"),
        marker_kind=marker_kind,
        base_kind=base_kind,
        base_re=re.compile(base_pat),
        change_nouns=nouns,
        share_re=re.compile(
            r"(?P<pre>.*?)(?:约|近|超过|仅)?占(?P<of>[^，。；]{0,24}?)(?:的)?"
            r"(?:比重|比例|份额|比)?(?:已|将)?(?:为|达到|达|超过|约|近|接近)*$"
        ),
        lead_re=re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in d["leading_trims"]) + r")[，,]?"),
        subject_re=re.compile(
            rf"^(?P<s>{_alt(subj)}|[\u4e00-\u9fff]{{2,12}}?(?:{comp_sfx})|[\u4e00-\u9fff]{{2,3}}市(?![场值面民]))"
            r"(?:的)?(?=[^，。；]{2})"
        ),
        target_re=re.compile(_alt(d["target_cues"])),
        index_heads=tuple(d["index_heads"]),
        shared_heads=sorted(d["shared_heads"], key=len, reverse=True),
        shared_head_set=frozenset(d["shared_heads"]),
        action_end=re.compile(rf"(?:{_alt(d['action_verbs'])})$"),
        action_len=max(map(len, d["action_verbs"])) + 1,
        after_stop=re.compile(rf"{_alt(d['after_name_stops'])}|[^\u4e00-\u9fffA-Za-z0-9“”\"]"),
        series_alias=series_alias,
        series_rewrites=[(re.compile(p), r) for p, r in d["series_rewrites"]],
        series_rewritable=re.compile("|".join(f"(?:{p})" for p, _ in d["series_rewrites"])),
        national=frozenset(d["national_subjects"]),
        subjects=frozenset(subj),
        raw=d,
    )


# ----------------------------------------------------------------------------------------------
# periods


class _Period(NamedTuple):
    start: int
    end: int
    iso: str | None  # None until the year is known
    year: int | None
    base: bool
    target: bool = False


def _period_iso(g: dict[str, str | None], year: int | None) -> str | None:
    """ISO period of one _PERIOD_RE match (its groupdict), given the year to use when it has none."""
    if g["y1"]:
        return f"{g['y1']}/{g['y2']}"
    if g["yo"]:
        return g["yo"]
    y = int(g["y"]) if g["y"] else year
    if y is None:
        return None
    if g["q"]:
        return f"{y}-Q{_CN_DIGITS[g['q']]}"
    if g["fq"]:
        return f"{y}-01/{y}-{_CN_DIGITS[g['fq']] * 3:02d}"
    if g["h"]:
        return f"{y}-01/{y}-06" if g["h"] == "上" else f"{y}-07/{y}-12"
    if g["m1"]:
        a, b = int(g["m1"]), int(g["m2"])
        return f"{y}-{a:02d}/{y}-{b:02d}" if 1 <= a < b <= 12 else None
    if g["m"]:
        mo = int(g["m"])
        if not 1 <= mo <= 12:
            return None
        if g["d"] and 1 <= int(g["d"]) <= 31:
            return f"{y}-{mo:02d}-{int(g['d']):02d}"
        return f"{y}-{mo:02d}"
    if g["ye"]:
        return str(y) if g["y"] or g["ye"] == "全年" else None
    return None


def _period_matches(sentence: str) -> Iterator[re.Match[str]]:
    """The matches of _PERIOD_RE.finditer(sentence), found by trying only the starts within a
    match's width before a character every match holds: the pattern has no first character for
    `re` to skip to, so a plain scan runs the whole pattern at every position of the sentence.

    A match holding anchor x starts in [x - width + 1, x] and reads at most width + 1 characters,
    so a search there, cut off width + 1 characters after x, finds what the plain scan would; a
    match it finds starting after x may be an effect of the cut and is left to later anchors."""
    pos = 0
    n = len(sentence)
    w = _PERIOD_WIDTH
    for am in _PERIOD_ANCHOR.finditer(sentence):
        x = am.start()
        while x >= pos:
            m = _PERIOD_RE.search(sentence, max(pos, x - w + 1), min(n, x + w + 1))
            if m is None or m.start() > x:
                break
            yield m
            pos = m.end()


def _periods(sentence: str, offset: int, year: int | None) -> tuple[list[_Period], int | None]:
    """Period mentions of one sentence; returns them and the last explicit year seen."""
    out: list[_Period] = []
    if "年" not in sentence and "月" not in sentence and "季" not in sentence:
        return out, year
    for m in _period_matches(sentence):
        a, e = m.span()
        g = m.groupdict()
        if e == a + len(g["pre"] or ""):
            continue
        explicit = g["y"] or g["yo"] or g["y2"]
        is_base = bool(g["pre"])
        if explicit and not is_base:
            year = int(g["y"] or g["yo"] or g["y2"])
        # a month after a number is a duration ("3个月" has 个), a day-of-month needs its month
        iso = _period_iso(g, year)
        if iso is None:
            continue
        target = bool(_TARGET_LEAD.search(sentence[max(0, a - 4) : a]))
        out.append(_Period(a + offset, e + offset, iso, year, is_base, target))
    return out, year


# ----------------------------------------------------------------------------------------------
# the statement before a value


class _Prefix(NamedTuple):
    """What the words before a value say; shared through _read's cache, so immutable."""

    body: str
    verb: str | None = None
    direction: str | None = None
    is_change: bool = False
    kind: str | None = None
    base: str | None = None
    qualifier: str | None = None
    distributive: bool = False
    share_of: str | None = None
    target: bool = False


_YEAR_BASE = re.compile(r"(\d{4})年(.*)")


def _base_kind(base: str, period_year: int | None) -> str:
    w = _words()
    if base in w.base_kind:
        return w.base_kind[base]
    m = _YEAR_BASE.match(base)
    if m:
        rest = m.group(2)
        if rest in ("年底", "年末", "底", "末"):
            return "vs_prev_year_end" if period_year and int(m.group(1)) == period_year - 1 else "vs_base"
        if period_year and int(m.group(1)) == period_year - 1:
            return "yoy"
        return "vs_base"
    if base.endswith(("月", "月份")):
        return "vs_base"
    if base == "年初":
        return "vs_year_start"
    return "vs_base"


@lru_cache(maxsize=8192)
def _read(raw_prefix: str) -> tuple[_Prefix, str, int, str | None, str, bool, bool]:
    """What the words before a value say: (prefix, name, offset of name, subject, head, whether the
    head is a change noun, whether it states a contribution). Cached: statistical prose repeats its
    prefixes (同比增长, 比2015年提高) many times."""
    pre = _analyze(raw_prefix)
    name, skip, subject = _trimmed(pre.body)
    head = pre.body.strip("，,")
    nouns = _words().change_nouns
    change_noun = head in nouns or name in nouns
    return pre, name, skip, subject, head, change_noun, head.startswith(("影响", "拉动", "带动"))


def _analyze(prefix: str) -> _Prefix:
    """Read a clause prefix right to left: qualifier, verb, comparator, then the name body."""
    w = _words()
    p = prefix
    verb: str | None = None
    direction: str | None = None
    kind: str | None = None
    base: str | None = None
    qualifier: str | None = None
    is_change = distributive = target = False
    m = _end(w.qual_end, p) if _may_end(p, w.qual_last) else None
    if m is not None:
        qualifier = p[m:]
        p = p[:m]
    # share: "占全国网络零售额的17.4%", "占比为27.4%"
    if "占" in p:
        sm = w.share_re.fullmatch(p)
        if sm and not w.verb_end.search(sm.group("of") or ""):
            return _Prefix(body=sm.group("pre"), verb="占", qualifier=qualifier, share_of=sm.group("of") or "")
    cm = w.compare_end.search(p, max(0, len(p) - 16)) if _may_end(p, w.compare_last) else None
    if cm:
        verb = cm.group("cv")
        direction = w.compare_dir[verb]
        is_change = True
        base = cm.group("base")
        p = p[: cm.start()]
    else:
        vs = _verb_start(p, w) if _may_end(p, w.verb_last) else None
        if vs is not None:
            v = p[vs:]
            distributive = v.startswith("分别")
            adv = _ADV_START.match(v)
            if adv and len(adv.group()) < len(v):
                target = adv.group().startswith(("将", "预计", "有望"))
                v = v[adv.end() :]
            v = v.removesuffix("了") or v
            verb = v
            p = p[:vs]
            if v in w.change_dir and v not in w.level_verbs:
                direction = w.change_dir[v]
                is_change = True
            qm = _end(w.qual_end, p) if _may_end(p, w.qual_last) else None
            if qm is not None and not qualifier and qm > 0:
                qualifier = p[qm:]
                p = p[:qm]
        elif qualifier in w.level_verbs:
            verb = qualifier
            am = _ADV_END.search(p, max(0, len(p) - 4))
            if am:
                target = am.group().startswith(("将", "预计", "有望"))
                p = p[: am.start()]
        # a marker only counts before a change verb, a plain level verb or none: look only then
        mk = (
            w.marker_end.search(p, max(0, len(p) - 16))
            if (is_change or verb in (None, "为", "达", "达到")) and _may_end(p, w.marker_last)
            else None
        )
        if mk:
            if mk.group("mk"):
                kind = w.marker_kind[mk.group("mk")]
                verb = (mk.group("mk") + (verb or "")) if verb else mk.group("mk")
            else:
                base = mk.group("base")
            is_change = is_change or bool(mk.group("mk") and verb)
            if mk.group().endswith(("分别", "均", "都")):
                distributive = True
            p = p[: mk.start()]
    if p.endswith("分别"):
        distributive = True
        p = p[:-2]
    return _Prefix(p, verb, direction, is_change, kind, base, qualifier, distributive, None, target)


def _verb_start(p: str, w: _Words) -> int | None:
    """Start of verb_end's match in the last _VERB_WINDOW characters of `p` (the leftmost, as its
    search finds), from the table of the strings it matches."""
    if p.endswith("\n"):  # $ may match before a final newline: leave that to the pattern
        vm = w.verb_end.search(p, max(0, len(p) - _VERB_WINDOW))
        return vm.start() if vm else None
    n = len(p)
    forms = w.verb_forms
    for k in range(min(_VERB_WINDOW, n), 0, -1):
        bad = forms.get(p[n - k :])
        if bad is not None and (not bad or k == n or p[n - k - 1] not in bad):
            return n - k
    return None


def _may_end(p: str, last: frozenset[str] | None) -> bool:
    """Whether `p` ends with a character a pattern anchored with $ can end with (a cheap pre-check)."""
    return last is None or (p[-1:] in last)


def _end(rx: re.Pattern[str], p: str, n: int = 8) -> int | None:
    """Start of a match of `rx` (anchored with $) within the last `n` characters of `p`."""
    m = rx.search(p, max(0, len(p) - n))
    return m.start() if m else None


def _end_match(rx: re.Pattern[str], p: str, n: int) -> re.Match[str] | None:
    """rx.search(p) for `rx` anchored with $ whose matches are at most `n` characters long: only
    the last `n` positions can start one, so the others are not tried."""
    return rx.search(p, max(0, len(p) - n))


def _trim_name(body: str, start: int) -> tuple[str, int, str | None]:
    """Trim connectives, periods and a leading subject; return (name, start, subject)."""
    name, skip, subject = _trimmed(body)
    return name, start + skip, subject


def _trimmed(body: str) -> tuple[str, int, str | None]:
    """(name, its offset in body, subject) of a name body."""
    w = _words()
    subject = None
    name = body
    for _ in range(6):
        before = name
        pm = _PERIOD_RE.match(name)
        if pm and pm.end() > 0 and not pm.group("pre"):
            name = name[pm.end() :]
        name = name.lstrip("，,、的")
        lm = w.lead_re.match(name)
        if lm and lm.end() > 0 and len(name) > lm.end():
            name = name[lm.end() :]
        if subject is None:
            sm = w.subject_re.match(name)
            if sm:
                subject = sm.group("s")
                name = name[sm.end() :]
        if name == before:
            break
    name = name.rstrip("的，,、")
    if len(name) > 14:
        cut = max(name.rfind(c) for c in "的等年")
        if 0 <= cut <= len(name) - 3:
            name = name[cut + 1 :]
    return name, len(body) - len(name) if body.endswith(name) else body.find(name), subject


# ----------------------------------------------------------------------------------------------
# values


def _to_float(s: str) -> float:
    return float(s.replace(",", "")) if "," in s else float(s)


def _qual_after(m: re.Match[str]) -> str | None:
    """The qualifier written in a value match (多, 余, 以上…); read only for a value that makes an
    indicator."""
    q1, q1b, q2 = m.group("q1", "q1b", "q2")
    return q1 or q1b or q2


def _unit_of(m: re.Match[str]) -> tuple[str, str | None, float | None]:
    """(unit as written, unit_norm, factor into base) of a value match."""
    return _unit(*m.group("mult", "unit"))


@lru_cache(maxsize=1024)
def _unit(mult: str | None, unit: str | None) -> tuple[str, str | None, float | None]:
    """_unit_of for a magnitude and a unit as matched; few pairs occur, so cached."""
    w = _words()
    mult, unit = mult or "", unit or ""
    written = mult + unit
    factor = w.mult.get(mult, 1.0)
    if unit:
        norm, f = w.units[unit]
        return written, norm, factor * f
    if mult:
        return written, "count", factor
    return "", None, None


@dataclass
class _Ctx:
    text: str
    default_period: str | None
    default_subject: str | None
    year: int | None
    out: list[dict[str, Any]] = field(default_factory=list)
    # Periods are read only when a statement needs them: the spans still to read for the running
    # year ((start, end, whole sentence?), in text order) and the year after the spans read so far.
    pending: list[tuple[int, int, bool]] = field(default_factory=list)
    last_year: int | None = None


def _is_index_name(name: str) -> bool:
    return name.endswith(_words().index_heads)


def _name_after(text: str, pos: int, whole: bool = False) -> str:
    """A name written after its value: "3个新增骨干直联点全部投入运行" → 新增骨干直联点."""
    seg = text[pos : pos + 16]
    seg = seg.removeprefix("的")
    if not seg or not (seg[0].isalnum() or seg[0] in '“"'):
        return ""
    m = (_AFTER_END if whole else _words().after_stop).search(seg, 1)
    name = seg[: m.start()] if m else seg
    return name if len(name) >= 2 else ""


def _stem(name: str) -> str:
    """A name without its head noun: 固定宽带家庭用户数 → 固定宽带家庭."""
    if name.endswith("占比"):
        return name[:-2]
    base = name
    head = next((h for h in _words().shared_heads if base.endswith(h) and len(base) > len(h)), "")
    return base[: len(base) - len(head)] if head else base


def _split_names(name: str, n: int) -> list[str]:
    """Names of "A、B分别为x、y": split, then lend the last part's head to the others."""
    parts = [p for p in re.split(r"[、,，]", name) if p]
    if len(parts) != n:
        parts = [p for p in re.split(r"[、和与及,，]", name) if p]
    if len(parts) != n:
        return [name] * n
    last = parts[-1]
    head = next((h for h in _words().shared_heads if last.endswith(h) and len(last) > len(h)), None)
    if n == 2 and head and len(last) - len(parts[0]) > len(head):
        head = last[len(parts[0]) :]  # 城市、农村宽带普及率 → 宽带普及率
    if head:
        parts = [p if p.endswith(head) or _is_index_name(p) else p + head for p in parts[:-1]] + [last]
    return parts


_SENT_RE = re.compile(r"[。！？!?\n]")
_CLAUSE_RE = re.compile(r"[，；：,;:]")
_DIGIT = re.compile(r"\d")
_YEAR_MARK = re.compile(r"(\d{4})年")
_LIST_JOIN = re.compile(r"[、和与及,，]")
_HAS_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CHANGE_AFTER = re.compile(r"[，,]?(?:同比|环比|比|较)")
_FLAT = re.compile(r"[，,]?(?:(?:与|和|较|比)(?P<base>[^，。；]{1,8}?)|)(?:基本|)持平")


def _sentence_spans(text: str) -> list[int]:
    """Start offsets of sentences."""
    return [0, *[m.end() for m in _SENT_RE.finditer(text)]]


def extract_indicators(
    text: str, default_period: str | None = None, default_subject: str | None = None
) -> list[dict[str, Any]]:
    """Statistical indicators stated in `text` (one item), each with its span and cue.

    Keys: name, value, unit, unit_norm, value_base, period, subject, qualifier, change,
    change_unit, change_kind, direction, text, start, end; extras: cue, value_is_change, changes,
    target, series, value_high, from_value.
    """
    if not text or not _DIGIT.search(text):
        return []
    w = _words()
    compact, gaps = _compact(text)
    matches = _values(compact, w.value_re)
    if not matches:
        return []
    # A statement needs a value with a unit or magnitude, or a bare index value (新订单指数为50.5)
    # whose name, written in its sentence, ends with an index head: without either, nothing to read.
    heads = w.index_heads
    if not any(m["unit"] or m["mult"] for m in matches) and not any(h in compact for h in heads):
        return []
    year = int(default_period[:4]) if default_period and default_period[:4].isdigit() else None
    ctx = _Ctx(compact, default_period, default_subject, year)
    ctx.last_year = year
    pending = ctx.pending
    sent_starts = _sentence_spans(compact)
    prev_si = 0
    for si, ms in _by_sentence(matches, sent_starts):
        # explicit years in skipped sentences still set the context year
        s0 = sent_starts[si]
        s1 = sent_starts[si + 1] if si + 1 < len(sent_starts) else len(compact)
        if si > prev_si + 1 and prev_si + 1 < len(sent_starts):
            pending.append((sent_starts[prev_si + 1], s0, False))
        prev_si = si
        pending.append((s0, s1, True))
        if any(m["unit"] or m["mult"] for m in ms) or any(h in compact[s0:s1] for h in heads):
            _sentence(ctx, compact, s0, s1, ms)
    for ind in ctx.out:
        start, end = ind["start"], ind["end"]
        if gaps:  # without removed spaces, compact offsets are the original ones
            start = ind["start"] = _orig(gaps, start)
            end = _orig(gaps, end - 1) + 1 if end > start else start
        elif end <= start:
            end = start
        ind["end"] = end
        ind["text"] = text[start:end]
    return ctx.out


def _by_sentence(matches: list[re.Match[str]], sent_starts: list[int]) -> list[tuple[int, list[re.Match[str]]]]:
    """(sentence index, its matches) in text order; matches come in text order, so one pass."""
    out: list[tuple[int, list[re.Match[str]]]] = []
    for m in matches:
        si = bisect.bisect_right(sent_starts, m.start()) - 1
        if out and out[-1][0] == si:
            out[-1][1].append(m)
        else:
            out.append((si, [m]))
    return out


def _compact(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Drop stray spaces next to Han characters; keep (compact_pos, removed_so_far) gaps."""
    if " " not in text and "\u3000" not in text and "\t" not in text and "\xa0" not in text:
        return text, []
    runs = [(m.start(), m.end() - m.start()) for m in _SPACE_RE.finditer(text)]
    if not runs:
        return text, []
    cum = list(accumulate(n for _, n in runs))
    gaps = [(a - c + n, c) for (a, n), c in zip(runs, cum, strict=True)]
    return _SPACE_RE.sub("", text), gaps


def _orig(gaps: list[tuple[int, int]], pos: int) -> int:
    """Original offset of a compact offset."""
    if not gaps:
        return pos
    i = bisect.bisect_right(gaps, (pos, 1 << 62)) - 1
    return pos + (gaps[i][1] if i >= 0 else 0)


def _period_for(own: list[_Period], starts: list[int], pos: int) -> tuple[str | None, bool]:
    """The period of a statement at `pos`: the last one before it in the sentence, else the first
    after it. `own` are the sentence's periods that are not comparison bases, `starts` their starts
    (in order, as the pattern finds them)."""
    if not own:
        return None, False
    k = bisect.bisect_left(starts, pos)
    best = own[k - 1] if k else own[0]
    return best.iso, best.target


def _sentence_periods(ctx: _Ctx) -> list[_Period]:
    """The periods of the sentence read last, reading first the spans before it for the running
    year (explicit years in sentences without values set it too)."""
    periods: list[_Period] = []
    year = ctx.last_year
    t = ctx.text
    for a, b, whole in ctx.pending:
        if whole:
            periods, year = _periods(t[a:b], a, year)
        else:
            for ym in _YEAR_MARK.finditer(t[a:b]):
                year = int(ym.group(1))
    ctx.pending.clear()
    ctx.last_year = year
    return periods


def _sentence(ctx: _Ctx, t: str, s0: int, s1: int, ms: list[re.Match[str]]) -> None:
    """Read the values of one sentence in order, attaching changes to the indicator before."""
    w = _words()
    sent_inds: list[dict[str, Any]] = []
    last_subject: str | None = None
    pending_from: tuple[str, float, int] | None = None
    bounds = [b.end() for b in _CLAUSE_RE.finditer(t, s0, s1)]
    own: list[_Period] | None = None  # the sentence's periods that are not bases, read when needed
    own_starts: list[int] = []
    flat = t.find("持平", s0, s1) >= 0  # _flat_after looks for it after each value
    i = 0
    while i < len(ms):
        m = ms[i]
        num, mult, unit_written = m.group("num", "mult", "unit")
        unit, norm, factor = _unit(mult, unit_written)
        vstart = m.start()
        k = bisect.bisect_right(bounds, vstart) - 1
        cstart = bounds[k] if k >= 0 else s0
        last_end = ms[i - 1].end() if i else -1
        prev_end = last_end if last_end > cstart else cstart
        raw_prefix = t[prev_end:vstart]
        pre, name, nskip, subj, head, change_noun, contribution = _read(raw_prefix)
        nstart = prev_end + nskip
        # values joined by 、和 after "分别"
        group = [m]
        if pre.distributive:
            j = i + 1
            while j < len(ms) and _LIST_JOIN.fullmatch(t[ms[j - 1].end() : ms[j].start()]):
                group.append(ms[j])
                j += 1
        if subj:
            last_subject = subj
        prev = sent_inds[-1] if sent_inds else None
        # (the value and its period are read only for a value that makes or starts an indicator)
        # 1. a change of what came before
        if prev is not None and (
            (pre.is_change and (not name or change_noun or contribution)) or (change_noun and not pre.share_of)
        ):
            new_kind = pre.kind or (_base_kind(pre.base, prev.get("_year")) if pre.base else None)
            if (
                prev["value_is_change"]
                and new_kind
                and prev["change_kind"]
                and new_kind != prev["change_kind"]
                and not contribution
                and len(group) == 1
            ):
                # "同比上涨6.4%，环比下降0.4%": the second rate is its own series
                if own is None:
                    own = [p for p in _sentence_periods(ctx) if not p.base]
                    own_starts = [p.start for p in own]
                _, target = _period_for(own, own_starts, vstart)
                ind = _new(
                    prev["name"],
                    _to_float(num),
                    unit,
                    norm,
                    factor,
                    prev["period"],
                    prev["subject"],
                    pre.qualifier or _qual_after(m),
                    vstart,
                    m.end(),
                    pre,
                    target,
                )
                ind["change_kind"] = new_kind
                ind["_year"] = prev.get("_year")
                sent_inds.append(ind)
                ctx.out.append(ind)
                i += 1
                continue
            targets = sent_inds[-len(group) :] if len(group) > 1 else [prev]
            for g, ind in zip(group, targets, strict=False):
                _attach(ind, g, pre, change_noun and head or None, contribution, ind.get("_year"))
            i += len(group)
            continue
        if pre.is_change and not name and prev is None:
            i += len(group)
            continue
        # 2. "从A…到B": remember A
        if raw_prefix.endswith(("从", "由")) and not pre.verb:
            fname, fstart, _ = _trim_name(pre.body[:-1], prev_end)
            pending_from = (fname or (prev["name"] if prev else ""), _to_float(num), fstart)
            i += 1
            continue
        if pre.share_of is not None:
            base_name = name if len(name) >= 2 and not name.endswith("所") else (prev["name"] if prev else "")
            if not base_name:
                i += 1
                continue
            name = base_name + "占比"
            nstart = min(nstart, vstart)
        if not name and pending_from and pre.verb:
            name, nstart = pending_from[0], pending_from[2]
        elif not name and pre.verb and prev is not None and prev["unit"] != unit and cstart > prev["start"]:
            name = _stem(prev["name"])
        after = ""
        action = _end_match(w.action_end, name, w.action_len) if name and norm == "count" else None
        if not name or action:
            if norm == "count" or (norm == "percent" and t.startswith("的", m.end())):
                after = _name_after(t, m.end(), norm == "percent")
            if after and (not name or action):
                if action:
                    pre = pre._replace(verb=action.group())
                name = after
            elif not name:
                i += len(group)
                continue
        if prev is not None and name in w.shared_head_set and not pre.share_of:
            name = _stem(prev["name"]) + name
        if not _accept(t, m, name, pre, norm):
            i += len(group)
            continue
        names = _split_names(name, len(group)) if len(group) > 1 else [name]
        value = _to_float(num)
        qual = pre.qualifier or _qual_after(m)
        if own is None:
            own = [p for p in _sentence_periods(ctx) if not p.base]
            own_starts = [p.start for p in own]
        period, target = _period_for(own, own_starts, vstart)
        ind_period = period or ctx.default_period
        ind_subject = subj or last_subject or ctx.default_subject
        ind_year = int(period[:4]) if period and period[:4].isdigit() else ctx.year
        for g, nm in zip(group, names, strict=False):
            u, n, f = _unit_of(g) if g is not m else (unit, norm, factor)
            if not u and g is not m:
                u, n, f = unit, norm, factor
            v = value if g is m else _to_float(g.group("num"))
            ind = _new(nm, v, u, n, f, ind_period, ind_subject, qual, nstart, g.end(), pre, target)
            hi0, hi = g.group("hi0", "hi")
            if hi0 or hi:
                ind["value_high"] = _to_float(hi0 or hi)
            if after and g is m:
                ind["end"] = g.end() + t.find(after, g.end(), g.end() + 20) - g.end() + len(after)
            if pending_from and pending_from[0] == nm and g is m:
                ind["from_value"] = pending_from[1]
                pending_from = None
            ind["_year"] = ind_year
            if flat:
                _flat_after(t, g.end(), s1, ind)
            sent_inds.append(ind)
            ctx.out.append(ind)
        i += len(group)
    for ind in sent_inds:
        ind.pop("_year", None)
        ind["series"] = list(series_key(ind["name"] + _series_suffix(ind), ind["subject"]))


_CHANGE_SUFFIX = {"yoy": "同比", "mom": "环比", "qoq": "环比"}


def _series_suffix(ind: dict[str, Any]) -> str:
    if not ind.get("value_is_change"):
        return ""
    return _CHANGE_SUFFIX.get(ind.get("change_kind") or "", "增速")


def _values(t: str, value_re: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of `value_re` in `t`, without numbers that are codes, phone numbers or rankings
    (dates fail in the pattern). One loop, not a test function per match: there are thousands."""
    out = []
    for m in value_re.finditer(t):
        a = m.start()
        before = t[a - 1] if a else ""
        if before in _NOT_BEFORE:  # also every ASCII letter: a number inside a code
            continue
        num, unit, mult = m.group("num", "unit", "mult")
        if num[0] == "0" and len(num) > 1 and num[1] != ".":
            continue
        if not (unit or mult) and len(num) >= 7:
            continue
        if before in _CODE_LAST and t.endswith(_CODE_WORDS, max(0, a - 2), a):
            continue
        out.append(m)
    return out


_NOT_BEFORE = frozenset("0123456789.第前/-—～~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_CODE_WORDS = ("〔", "[", "排名", "编号", "代码")  # a number after these is a code or a rank
_CODE_LAST = frozenset(w[-1] for w in _CODE_WORDS)


def _accept(t: str, m: re.Match[str], name: str, pre: _Prefix, norm: str | None) -> bool:
    """Does a value with this name, verb and unit make an indicator statement?"""
    if not _name_ok(name):
        return False
    if norm is None:
        # a bare number only for index values: "新订单指数为50.5"
        return bool(pre.verb) and _is_index_name(name)
    if pre.verb or pre.share_of is not None:
        return True
    if norm in _SELF_STANDING or m.group("mult"):
        return True
    # no verb and a plain count ("10部门联合印发"): only with a change after it
    end = m.end()
    return bool(_CHANGE_AFTER.match(t, end, end + 3))


# unit_norms whose value states an indicator even without a verb
_SELF_STANDING = frozenset(("percent", "CNY", "USD", "EUR", "HKD", "JPY", "GBP", "byte", "bps"))


@lru_cache(maxsize=8192)
def _name_ok(name: str) -> bool:
    """Whether `name` can name an indicator: a word, not too long, not a bare subject. Cached:
    names repeat from statement to statement."""
    return bool(_HAS_WORD.search(name)) and len(name) <= 30 and name not in _words().subjects


@lru_cache(maxsize=8192)
def _target_name(name: str) -> bool:
    """Whether `name` itself says it is a target (预计…, 到2025年…); cached as _name_ok."""
    return bool(_words().target_re.match(name))


def _new(
    name: str,
    value: float,
    unit: str,
    norm: str | None,
    factor: float | None,
    period: str | None,
    subject: str | None,
    qual: str | None,
    start: int,
    end: int,
    pre: _Prefix,
    target: bool,
) -> dict[str, Any]:
    """A new indicator dict; a value that is itself a change (同比上涨6.4%) is signed."""
    direction = kind = None
    if pre.is_change:
        direction = pre.direction
        kind = pre.kind or (_base_kind(pre.base, None) if pre.base else None)
        if direction == "down":
            value = -value
    ind: dict[str, Any] = {
        "name": name,
        "value": value,
        "unit": unit,
        "unit_norm": norm,
        "value_base": round(value * factor, 6) if factor is not None else value,
        "period": period,
        "subject": subject,
        "qualifier": qual,
        "change": None,
        "change_unit": None,
        "change_kind": kind,
        "direction": direction,
        "text": "",
        "start": start,
        "end": end,
        "cue": pre.verb or ("占" if pre.share_of is not None else None),
        "value_is_change": pre.is_change,
        "changes": [],
        "target": target or pre.target or _target_name(name),
    }
    if pre.share_of:
        ind["share_of"] = pre.share_of
    return ind


def _attach(
    ind: dict[str, Any],
    m: re.Match[str],
    pre: _Prefix,
    noun: str | None,
    contribution: bool,
    year: int | None,
) -> None:
    """Attach a change (比上月回落0.6个百分点) to an indicator."""
    w = _words()
    unit, _, _ = _unit_of(m)
    value = _to_float(m.group("num"))
    direction = pre.direction
    if noun and not direction:
        direction = "down" if noun.startswith(("降", "减", "跌")) else "up"
    if direction == "down":
        value = -value
    if pre.kind:
        kind = pre.kind
    elif pre.base:
        kind = _base_kind(pre.base, year)
    elif noun:
        kind = w.change_nouns.get(noun)
    else:
        kind = None
    if contribution:
        kind = "contribution"
    ch = {
        "change": value,
        "change_unit": unit,
        "change_kind": kind,
        "direction": direction,
        "cue": _change_cue(pre, noun),
    }
    ind["changes"].append(ch)
    primary = ind["change"] is None and not contribution and not ind["value_is_change"]
    better = (
        ind["change"] is not None
        and ind["change_unit"] not in ("%", "％", "个百分点")
        and unit in ("%", "％", "个百分点")
    )
    if primary or better:
        ind.update(change=value, change_unit=unit, change_kind=kind, direction=direction)
    ind["end"] = max(ind["end"], m.end())


def _change_cue(pre: _Prefix, noun: str | None) -> str:
    """The words that stated a change: 比上月回落, 高于去年同期, 同比增长, 增幅."""
    if pre.verb in _words().compare_dir:
        return f"{pre.verb}{pre.base or ''}"
    return (f"比{pre.base}" if pre.base else "") + (pre.verb or noun or "")


def _flat_after(t: str, pos: int, s1: int, ind: dict[str, Any]) -> None:
    """ "与上月持平" after a value: a zero change."""
    seg = t[pos : min(s1, pos + 14)]
    fm = _FLAT.match(seg) if "持平" in seg else None
    if fm:
        kind = _base_kind(fm.group("base"), None) if fm.group("base") else None
        cu = "个百分点" if ind["unit_norm"] == "percent" else ind["unit"]
        ind.update(change=0.0, change_unit=cu, change_kind=kind, direction="flat")
        ind["changes"].append(
            {"change": 0.0, "change_unit": cu, "change_kind": kind, "direction": "flat", "cue": "持平"}
        )
        ind["end"] = pos + fm.end()


@lru_cache(maxsize=16384)  # a pass over the seeds alone has over 4,000 distinct keys
def series_key(name: str, subject: str | None) -> tuple[str, str]:
    """Normalise (name, subject) so one series can be stored and charted.

    PMI variants (中国制造业采购经理指数（PMI）, 制造业PMI, PMI) become 制造业PMI; 全国/我国/中国/None
    become 全国.
    """
    w = _words()
    n = name
    if w.series_rewritable.search(n):  # a name no pattern matches is left as it is by all of them
        for pat, rep in w.series_rewrites:
            n = pat.sub(rep, n)
    suffix = ""
    for sfx in ("同比", "环比", "增速"):
        if n.endswith(sfx) and n != sfx:
            n, suffix = n[: -len(sfx)], sfx
            break
    n = w.series_alias.get(n, n) + suffix
    s = (subject or "").strip()
    s = "全国" if not s or s in w.national else s
    return n, s
