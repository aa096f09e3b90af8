"""Documents named in one item's text: 《》 titles, document numbers, issuers and dates.

Every 《》 title is reported with the kind its wording or context gives it (policy, report,
standard, book, game, tv, film, other), so callers choose what to keep; back-references such as
《通知》 and aliases declared with 以下简称 point to their full title through `alias_of`.
Knowledge (policy words, verbs, cue words) is in data/policy_words.yaml; each result says which
cue decided its kind.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import cache, lru_cache
from operator import itemgetter
from typing import Any

from jiance.extract.knowledge import load

_MAX_TITLE = 200
_CJK = r"\u4e00-\u9fff"
_OPEN_BR = "〔[（(【［〈"
_CLOSE_BR = "〕]）)】］〉"
# Bracketed year and number of a document number: 〔2017〕47号, [2015]40号, （2018）12 号.
_DOCNUM_TAIL = re.compile(
    rf"[{re.escape(_OPEN_BR)}]\s*((?:19|20)\d{{2}})\s*[{re.escape(_CLOSE_BR)}]\s*第?\s*(\d{{1,5}})\s*号"
)
_DOCNUM_PREFIX = re.compile(rf"[{_CJK}]{{1,10}}\s*$")
# 国务院令第690号, 交通运输部令2016年第8号, 主席令12届第53号, 国家税务总局公告2016年第32号.
_ORDER_TAIL = re.compile(r"(令|公告)\s*(?:((?:19|20)\d{2})\s*年\s*|(\d{1,3})\s*届\s*)?第\s*(\d{1,5})\s*号")
_ORDER_PREFIX = re.compile(rf"[{_CJK}]{{0,20}}$")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?)?"
    r"|(?<!\d)(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})(?:[-/.](?P<d2>\d{1,2}))?(?!\d)"
    r"|(?<!\d)(?P<m3>\d{1,2})\s*月\s*(?P<d3>\d{1,2})\s*[日号]"
)
# _DATE at every position it matches from, overlaps included (the caller skips those): opening with
# a character class lets the engine skip to the next digit fast; the date is matched in a lookahead
# inside a one-character lookbehind, as group "all".
_DATE_AT = re.compile(rf"\d(?<=(?=(?P<all>{_DATE.pattern}))[\s\S])")
_SENTENCE_END = "。！？；;!?"
_CLAUSE_END = _SENTENCE_END + "，,：:\n"
_LIST_GAP = re.compile(r"\s*(?:[（(][^（）()《》]{0,40}[）)])?\s*(?:[、，,和及与]|以及)?\s*")
_LEADING_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|[一二三四五六七八九十]+、)"
)
_ALIAS = re.compile(r"(?:以下|下文)?简称\s*[《“\"「『]([^》”\"」』]{1,30})[》”\"」』]")
_ALIAS_LEAD = re.compile(r"[\s（(]*(?:[^（）()《》]{0,30}[，,；;]\s*)?")
_GAP_AFTER = re.compile(r"[\s（(【\[]*")
_BACKREF_SCOPE = 30  # how many earlier full titles a back-reference may point to
_SPACE_NEAR_CJK = re.compile(rf"\s+(?=[{_CJK}（）《》“”、，])|(?<=[{_CJK}（）《》“”、，])\s+")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_SPACE = re.compile(r"\s")
_YEAR4 = re.compile(r"\d{4}")
_DIGIT_END = re.compile(r"\d\s*$")
_TARGET_BEFORE = re.compile(r"[到至—\-–~]|截至|截止")
_ISSUER_HEAD = re.compile(r"^[\s，,起至]+")
_HAS_WORD = re.compile(rf"[{_CJK}A-Za-z]")
_HAS_WORD_OR_DIGIT = re.compile(rf"[{_CJK}A-Za-z0-9]")
# Up to the last sentence (clause) end before the end of the search: `.*` jumps to the end, then
# backs off one character at a time to the nearest end character.
_UP_TO_SENTENCE_END = re.compile(rf"(?s:.*)[{_SENTENCE_END}\n]")
_UP_TO_CLAUSE_END = re.compile(rf"(?s:.*)[{re.escape(_CLAUSE_END)}]")
_CLAUSE_END_RE = re.compile(rf"[{re.escape(_CLAUSE_END)}]")


def _data() -> dict[str, Any]:
    """policy_words.yaml, loaded once."""
    return load("policy_words.yaml")


@cache
def _suffix_kinds() -> dict[str, str]:
    """Title ending -> kind; a word in several lists keeps the first kind."""
    d = _data()
    out: dict[str, str] = {}
    for kind, key in (
        ("policy", "policy_suffixes"),
        ("report", "report_suffixes"),
        ("standard", "standard_suffixes"),
        ("other", "other_suffixes"),
    ):
        for w in d[key]:
            out.setdefault(w, kind)
    return out


@cache
def _cue_kinds() -> dict[tuple[str, str], str]:
    """(position, cue word) -> media kind, position being near_before, near_after or clause."""
    out: dict[tuple[str, str], str] = {}
    for kind, c in _data()["media_cues"].items():
        for pos in ("near_before", "near_after", "clause"):
            for w in c[pos]:
                out.setdefault((pos, w), kind)
    return out


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    d = _data()
    cues = d["media_cues"]

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return {
        "verb": re.compile(rf"(?:{alt(d['issue_verbs'])})(?:了|的)?\s*$"),
        "adverb_tail": re.compile(rf"(?:{alt(d['pre_verb_adverbs'] + d['issue_verbs'] + d['pre_verb_verbs'])})\s*$"),
        "drop_head": re.compile(rf"^(?:{alt(d['issuer_drop_prefixes'])})\s*[，,]?\s*"),
        "std_number": re.compile(d["standard_number_pattern"]),
        "tail_drop": re.compile(
            rf"(?:\s*[（(][^（）()]*[）)]|\s*[\d\s\-—–.年]+|\s*[”\"」』]|(?:{alt(d['title_tail_drop'])}))$"
        ),
        "doc_boundary": re.compile(rf"(?:{alt(d['doc_prefix_boundaries'])})"),
        "suffix": re.compile(rf"(?:{alt(list(_suffix_kinds()))})$"),
        "near_before": re.compile(rf"(?:{alt([w for c in cues.values() for w in c['near_before']])})$"),
        "near_after": re.compile(rf"(?:{alt([w for c in cues.values() for w in c['near_after']])})"),
        "clause_cue": _first_of([w for c in cues.values() for w in c["clause"]]),
        "exception": re.compile(alt(d["media_cue_exceptions"])),
    }


def _first_of(words: list[str]) -> re.Pattern[str]:
    """Finds the first of `words` in a text, longest first where several start at one place, like a
    plain alternation; but the regex opens with a character class (the words' first characters), so
    the engine skips in a tight loop to where a word can start. The word is group "w"."""
    firsts = re.escape("".join(sorted({w[0] for w in words if w})))
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    if not firsts or "" in words:
        return re.compile(rf"(?P<w>{alt})")
    return re.compile(rf"[{firsts}](?<=(?=(?P<w>{alt}))[\s\S])")


@cache
def _longest() -> dict[str, int]:
    """Length of the longest word of each end-anchored regex of _regexes()."""
    d = _data()
    cues = d["media_cues"]
    words = {
        "verb": d["issue_verbs"],
        "adverb_tail": d["pre_verb_adverbs"] + d["issue_verbs"] + d["pre_verb_verbs"],
        "suffix": list(_suffix_kinds()),
        "near_before": [w for c in cues.values() for w in c["near_before"]],
    }
    return {k: max(map(len, ws), default=0) for k, ws in words.items()}


def _search_end(key: str, s: str) -> re.Match[str] | None:
    """_regexes()[key].search(s) for a regex anchored at the end (word, then 了/的 at most, then
    spaces): no match starts before the longest word's reach, so the search starts there."""
    pos = len(s.rstrip()) - _longest()[key] - 1
    return _regexes()[key].search(s, pos if pos > 0 else 0)


# ---------------------------------------------------------------- small helpers


def clean_title(raw: str) -> str:
    """A title as written minus stray line breaks and the spaces PDF extraction puts beside CJK."""
    if _SPACE.search(raw) is None:  # the usual case: nothing to remove
        return raw
    title = _LINE_BREAK.sub("", raw).strip()
    return _SPACE_NEAR_CJK.sub("", title)


def _date_iso(m: re.Match[str], item_date: str | None) -> str | None:
    """ISO date of a _DATE match; a month-day without year borrows the item date's year."""
    if m["y"]:
        y, mo, d = m["y"], m["m"], m["d"]
    elif m["y2"]:
        y, mo, d = m["y2"], m["m2"], m["d2"]
    else:
        if not item_date or not _YEAR4.match(item_date):
            return None
        y, mo, d = item_date[:4], m["m3"], m["d3"]
    if mo and not 1 <= int(mo) <= 12 or d and not 1 <= int(d) <= 31:
        return None
    out = y
    if mo:
        out += f"-{int(mo):02d}"
        if d:
            out += f"-{int(d):02d}"
    return out


def _sentence_start(text: str, pos: int) -> int:
    m = _UP_TO_SENTENCE_END.match(text, 0, pos)
    return m.end() if m else 0


def _clause_start(text: str, pos: int) -> int:
    m = _UP_TO_CLAUSE_END.match(text, 0, pos)
    return m.end() if m else 0


# ---------------------------------------------------------------- document numbers


def _norm_docnum(prefix: str, year: str, num: str) -> str:
    return f"{prefix}〔{year}〕{int(num)}号"


def _trim_prefix(prefix: str, single_chars: bool = True) -> str:
    """Cut the words before a doc-number prefix: 按照财税 -> 财税. Agency names before 令 contain
    和/与 (工业和信息化部令), so there only multi-character boundaries count."""
    last = None
    for m in _regexes()["doc_boundary"].finditer(prefix):
        if single_chars or len(m.group(0)) > 1:
            last = m
    prefix = prefix[last.end() :] if last else prefix
    return prefix.lstrip("和及与以即的")


def extract_doc_numbers(text: str) -> list[dict[str, Any]]:
    """Document numbers (国办发〔2017〕47号, 国发[2015]40号, 国务院令第690号 …), normalised to 〔〕,
    with start/end and the text as written."""
    if "号" not in text:
        return []
    out: list[dict[str, Any]] = []
    for m in _DOCNUM_TAIL.finditer(text):
        pm = _DOCNUM_PREFIX.search(text, max(0, m.start() - 14), m.start())
        if not pm:
            continue
        raw = pm.group(0).rstrip()
        prefix = _trim_prefix(raw)
        if not prefix:
            continue
        start = pm.start() + len(raw) - len(prefix)
        out.append(
            {
                "doc_number": _norm_docnum(prefix, m[1], m[2]),
                "text": text[start : m.end()],
                "start": start,
                "end": m.end(),
            }
        )
    if "第" in text:
        for m in _ORDER_TAIL.finditer(text):
            pm = _ORDER_PREFIX.search(text, max(0, m.start() - 20), m.start())
            prefix = _trim_prefix(pm.group(0), single_chars=False) if pm else ""
            if m[1] == "公告" and not prefix:
                continue
            start = m.start() - len(prefix)
            year = f"{m[2]}年" if m[2] else (f"{m[3]}届" if m[3] else "")
            out.append(
                {
                    "doc_number": f"{prefix}{m[1]}{year}第{int(m[4])}号",
                    "text": text[start : m.end()],
                    "start": start,
                    "end": m.end(),
                }
            )
        out.sort(key=lambda r: r["start"])
    return out


# ---------------------------------------------------------------- 《》 titles


# a sentence end or a blank line (\n\s*\n), written to open with a character class so that a search
# skips ahead fast
_BRACKET_RESET = re.compile(r"[。！？\n](?:(?<=\n)\s*\n|(?<!\n))")


def _bracket_pairs(text: str) -> list[tuple[int, int, int]]:
    """(open, close, depth) of balanced 《》 pairs. An open bracket still unclosed at a sentence
    end, a blank line or after _MAX_TITLE characters is dropped, so a stray 《 yields nothing."""
    pairs: list[tuple[int, int, int]] = []
    if "《" not in text:
        return pairs
    stack: list[int] = []
    last = 0  # end of the previous bracket: sentence ends since then drop the open ones
    # the brackets in order, found with str.find (far faster than a regex scan of the text); a 》
    # before the first 《 closes nothing
    find = text.find
    o = find("《")
    c = find("》", o)
    while o >= 0 or c >= 0:
        if c < 0 or 0 <= o < c:
            pos, opening = o, True
            o = find("《", o + 1)
        else:
            pos, opening = c, False
            c = find("》", c + 1)
        if stack and _BRACKET_RESET.search(text, last, pos):
            stack.clear()
        last = pos + 1
        if opening:
            if stack and pos - stack[0] > _MAX_TITLE:  # the stack is in text order
                stack = [s for s in stack if pos - s <= _MAX_TITLE]
            stack.append(pos)
        elif stack:
            op = stack.pop()
            if pos - op <= _MAX_TITLE and pos > op + 1:
                pairs.append((op, pos + 1, len(stack)))
    pairs.sort()
    return pairs


@lru_cache(maxsize=4096)
def _core(title: str) -> str:
    """The title without trailing （试行）, （2016—2020年）, years and quotes, for suffix tests."""
    core = title
    tail = _regexes()["tail_drop"]
    for _ in range(4):
        new = tail.sub("", core).strip()
        if new == core or not new:
            break
        core = new
    return core


@cache
def _exception_firsts() -> tuple[str, ...]:
    """First characters of media_cue_exceptions: a window holding none of them holds no exception."""
    return tuple(dict.fromkeys(w[0] for w in _data()["media_cue_exceptions"]))


def _strip_exceptions(window: str) -> str:
    """The window without media_cue_exceptions (出版署 is an agency, not a 书 cue)."""
    for c in _exception_firsts():
        if c in window:
            break
    else:
        return window  # the usual case, told by a few `in` tests: nothing to remove
    if _regexes()["exception"].search(window) is None:
        return window
    for exc in _data()["media_cue_exceptions"]:
        window = window.replace(exc, "")
    return window


def classify_title(title: str, before: str = "", after: str = "", clause: str = "") -> tuple[str, str]:
    """(kind, cue) for a title given the text touching it and its clause. Cue words that touch the
    title (电视剧《X》, 《X》一书) win; then the title's own ending; then cues elsewhere in the clause."""
    rx = _regexes()
    cue_kind = _cue_kinds()
    if rx["std_number"].search(before[-14:]) and _DIGIT_END.search(before):
        return "standard", "number"
    before = _strip_exceptions(before.rstrip(" 、"))
    after = _strip_exceptions(after.lstrip(" "))
    m = _search_end("near_before", before)
    if m:
        return cue_kind[("near_before", m.group(0))], f"before:{m.group(0)}"
    m = rx["near_after"].match(after)
    if m:
        return cue_kind[("near_after", m.group(0))], f"after:{m.group(0)}"
    if rx["std_number"].search(title):
        return "standard", "number"
    m = _search_end("suffix", _core(title))
    if m:
        return _suffix_kinds()[m.group(0)], f"suffix:{m.group(0)}"
    m = rx["clause_cue"].search(_strip_exceptions(clause))
    if m:
        return cue_kind[("clause", m["w"])], f"clause:{m['w']}"
    return "other", "none"


def _issuer(text: str, lo: int, open_pos: int) -> str | None:
    """Issuer written before an issuing verb that touches the title ("<agency>印发《…》"); `lo` is
    where the title's clause starts."""
    rx = _regexes()
    head = text[lo:open_pos]
    vm = _search_end("verb", head)
    if not vm:
        return None
    span = head[: vm.start()]
    # 由A、B共同研究制定的《…》: the issuer follows 由.
    if "由" in span:
        span = span[span.rindex("由") + 1 :]
    for br in "（(":  # 继杭州（2015年6月发布《…》: the issuer starts inside the open bracket
        if br in span and span.rfind(br) > max(span.rfind("）"), span.rfind(")")):
            span = span[span.rfind(br) + 1 :]
    span = span.lstrip(" ，,“”\"'「」、")
    for _ in range(4):
        tail = _search_end("adverb_tail", span)
        if tail is None:
            break
        span = span[: tail.start()] + span[tail.end() :]
    while True:
        s = span.lstrip(" ，,“”\"'「」、")
        m = _DATE.match(s) or rx["drop_head"].match(s) or _LEADING_MARK.match(s)
        if not m or not m.group(0):
            break
        s = s[m.end() :]
        span = _ISSUER_HEAD.sub("", s)
    span = span.strip()
    if (
        len(span) < 2
        or len(span) > 50
        or not _HAS_WORD.search(span)
        or span in _data()["issuer_stopwords"]
        or "《" in span
        or "》" in span
        or span.endswith("的")
        or span.startswith("关于")
        or span.endswith(tuple(_data()["issuer_bad_suffixes"]))
    ):
        return None
    return span


def _date_before(text: str, pos: int, masked: list[tuple[int, int]], item_date: str | None) -> str | None:
    """The last date written in the sentence before `pos`, outside titles; else the item's date."""
    lo = _sentence_start(text, pos)
    found = None
    done = lo  # the matches of _DATE.finditer(text, lo, pos) are those not inside the previous one
    for m in _DATE_AT.finditer(text, lo, pos):
        start = m.start()
        if start < done:
            continue
        done = m.end("all")
        k = bisect.bisect_right(masked, (start, 1 << 60)) - 1
        if k >= 0 and masked[k][0] <= start < masked[k][1]:
            continue
        prev = text[max(0, start - 2) : start]
        if m["y"] and not m["m"] and _TARGET_BEFORE.search(prev):
            continue  # 到2020年: a target, not a date of issue
        iso = _date_iso(m, item_date)
        if iso:
            found = iso
    return found if found else item_date


def _backref_target(short: str, fulls: list[str]) -> str | None:
    """The first of `fulls` that `short` (a title no longer than max_backref_len) refers back to:
    one that ends with it, or whose core does."""
    for full in fulls:
        if full != short and (full.endswith(short) or _core(full).endswith(short)):
            return full
    return None


def extract_policies(
    text: str, last_titles: list[str] | None = None, item_date: str | None = None
) -> list[dict[str, Any]]:
    """Documents named in one item's text, in order of appearance.

    Each result has title (without 《》), doc_number, issuer, date (ISO or None), kind, cue (what
    decided the kind), alias_of (full title that a back-reference or declared alias stands for),
    start/end and text as written. A document number not attached to any title is reported with
    title None. `last_titles` are full titles of earlier items, for back-references; `item_date`
    is used when the clause has no date of its own.
    """
    if "《" not in text and "号" not in text:
        return []
    docnums = extract_doc_numbers(text)
    pairs = _bracket_pairs(text)
    if not pairs and not docnums:
        return []
    max_backref = _data()["max_backref_len"]  # longer titles are never back-references
    title_spans = [(a, b) for a, b, depth in pairs if depth == 0]
    masked = sorted(title_spans + [(d["start"], d["end"]) for d in docnums])
    dn_starts = [d["start"] for d in docnums]
    used_docnums: set[int] = set()
    out: list[dict[str, Any]] = []
    aliases: dict[str, dict[str, Any]] = {}
    fulls: list[dict[str, Any]] = []
    prev: dict[str, Any] | None = None
    for op, cl, depth in pairs:
        title = clean_title(text[op + 1 : cl - 1])
        if not title or not _HAS_WORD_OR_DIGIT.search(title):
            continue
        rec: dict[str, Any] = {
            "title": title,
            "doc_number": None,
            "issuer": None,
            "date": None,
            "kind": "other",
            "cue": "none",
            "alias_of": None,
            "start": op,
            "end": cl,
            "text": text[op:cl],
        }
        c_lo = _clause_start(text, op)
        stop = _CLAUSE_END_RE.search(text, cl)
        c_hi = stop.start() if stop else len(text)
        clause = text[c_lo:op] + text[cl:c_hi]
        kind, cue = classify_title(title, text[max(c_lo, op - 14) : op], text[cl : cl + 6], clause)
        rec["kind"], rec["cue"] = kind, cue
        # Document number right after the title, or in （…） after it; or right before it.
        k = bisect.bisect_left(dn_starts, cl)
        near = [k] if k < len(docnums) else []
        if k > 0:
            near.append(k - 1)
        for i in near:
            dn = docnums[i]
            if i in used_docnums:
                continue
            gap_after = text[cl : dn["start"]] if dn["start"] >= cl else None
            gap_before = text[dn["end"] : op] if dn["end"] <= op else None
            if (gap_after is not None and _GAP_AFTER.fullmatch(gap_after)) or (
                gap_before is not None and gap_before.strip() in ("", "文件", "文", "印发的", "印发")
            ):
                rec["doc_number"] = dn["doc_number"]
                used_docnums.add(i)
                break
        inside = depth > 0
        target = aliases.get(title)
        if target is None and not inside and len(title) <= max_backref:
            cands = [f["title"] for f in reversed(fulls[-_BACKREF_SCOPE:])]
            cands += list(reversed((last_titles or [])[-_BACKREF_SCOPE:]))
            target_title = _backref_target(title, cands)
            if target_title:
                target = next((f for f in fulls if f["title"] == target_title), {"title": target_title})
        if target is not None:
            rec["alias_of"] = target["title"]
            for k in ("doc_number", "issuer", "date", "kind", "cue"):
                if target.get(k) is not None and (k != "doc_number" or rec["doc_number"] is None):
                    rec[k] = target[k]
        else:
            gap = text[prev["end"] : op] if prev else None
            if (
                prev
                and not inside
                and prev["alias_of"] is None
                and _LIST_GAP.fullmatch(gap or "")
                and ("》" not in (gap or ""))
            ):
                rec["issuer"], rec["date"] = prev["issuer"], prev["date"]  # 《A》《B》等: same clause
            else:
                if not inside:
                    rec["issuer"] = _issuer(text, c_lo, op)
                rec["date"] = _date_before(text, op, masked, item_date)
            fulls.append(rec)
        out.append(rec)
        if not inside:
            prev = rec
        # （以下简称《X》） or （简称“X”） right after the title declares an alias.
        tail = text[cl : cl + 60]
        m = _ALIAS.search(tail) if "简称" in tail else None
        if target is None and m and _ALIAS_LEAD.fullmatch(tail[: m.start()]):
            aliases[m[1]] = rec
            if tail[m.start(1) - 1] != "《":
                a_start, a_end = cl + m.start(1) - 1, cl + m.end(1) + 1
                out.append(
                    dict(rec, title=m[1], alias_of=rec["title"], start=a_start, end=a_end, text=text[a_start:a_end])
                )
    for i, dn in enumerate(docnums):
        k = bisect.bisect_right(title_spans, (dn["start"], 1 << 60)) - 1
        if i in used_docnums or (k >= 0 and title_spans[k][0] < dn["start"] < title_spans[k][1]):
            continue
        out.append(
            {
                "title": None,
                "doc_number": dn["doc_number"],
                "issuer": None,
                "date": _date_before(text, dn["start"], masked, None),
                "kind": "policy",
                "cue": "doc_number",
                "alias_of": None,
                "start": dn["start"],
                "end": dn["end"],
                "text": dn["text"],
            }
        )
    out.sort(key=itemgetter("start"))
    return out


# ---------------------------------------------------------------- labelled records


@cache
def _label_regex() -> re.Pattern[str]:
    labels = [w for ws in _data()["record_labels"].values() for w in ws]
    alt = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"^[ \t]*(?:【\s*({alt})\s*】|({alt})\s*[：:])[ \t]*(.*?)\s*$", re.M)


def extract_policy_record(text: str) -> dict[str, Any] | None:
    """A policy header or catalogue record written as labelled lines (【法规标题】…, 【颁布单位】…,
    【发文字号】…, 【颁布时间】…), as one policy dict; None if the text has no title label."""
    if "【" not in text and "：" not in text and ":" not in text:
        return None
    field_of = {w: k for k, ws in _data()["record_labels"].items() for w in ws}
    rec: dict[str, Any] = {"title": None, "doc_number": None, "issuer": None, "date": None}
    spans: dict[str, tuple[int, int]] = {}
    for m in _label_regex().finditer(text):
        key = field_of[m[1] or m[2]]
        if rec[key] is not None or not m[3]:
            continue
        value = m[3]
        spans[key] = (m.start(3), m.end(3))
        if key == "title":
            rec["title"] = clean_title(value.strip("《》"))
        elif key == "doc_number":
            dns = extract_doc_numbers(value)
            rec["doc_number"] = dns[0]["doc_number"] if dns else re.sub(r"\s+", "", value)
        elif key == "date":
            dm = _DATE.search(value)
            rec["date"] = _date_iso(dm, None) if dm else None
        else:
            rec["issuer"] = value
    if rec["title"] is None:
        return None
    kind, cue = classify_title(rec["title"])
    start, end = spans["title"]
    rec.update(kind=kind, cue=cue, alias_of=None, start=start, end=end, text=text[start:end])
    return rec


# ---------------------------------------------------------------- dedup key


_ISSUER_SPLIT = re.compile(r"[、，,和与及\s]+")
_PUNCT = re.compile(r"[\s\"'“”‘’《》〈〉「」『』()（）\[\]【】〔〕、，,。.·•:：;；!！?？—–\-_/]+")


def _norm(s: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", s)).lower()


def policy_key(title: str, issuer: str | None = None) -> str:
    """A register key for one document however it is written: full/half width, spaces, quotes and
    brackets ignored. Titles that start with 关于 name no issuer and are reused by many issuers (each
    province's 关于…的实施意见), so their key adds the first issuer in a normalised form."""
    key = _norm(title)
    if issuer and (key.startswith("关于") or len(key) <= 6):
        first = _ISSUER_SPLIT.split(unicodedata.normalize("NFKC", issuer).strip())[0]
        first = first.replace("中华人民共和国", "").replace("人民政府", "政府")
        first = re.sub(r"(办公厅|办公室)$", "", first)
        key += "|" + _norm(first)
    return key
