"""Run the fact extractors over a document's segments and fill the items of the contract.

Each extractor is a pure function of an item's text (plus the document's reference period); this
module only composes them, in a fixed order of named components that can be switched off.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any

from jiance.extract.knowledge import load
from jiance.gazetteer import get_gazetteer
from jiance.model import Document, Item, JianceError
from jiance.segment.base import Segment, level_for

URL_RE = re.compile(r"https?://[^\s\u2028<>\"'，。；、）)]+", re.I)
# a place is taken as the actor only when it opens the sentence (after a date such as 2018年10月26日，)
PLACE_ACTOR_WINDOW = 14
COMPONENTS = ("dates", "places", "actors", "policies", "money", "indicators", "classify", "level")


@cache
def _level_cues() -> dict[str, Any]:
    return load("levels.yaml")


@dataclass
class DocContext:
    """What extraction of one document's items shares: reference period, last full policy titles."""

    ref: Any = None
    ref_month: str | None = None
    last_titles: list[str] = field(default_factory=list)
    disabled: frozenset[str] = frozenset()


def make_context(doc: Document, disabled: frozenset[str] = frozenset()) -> DocContext:
    from jiance.extract.dates import find_reference_period

    ref = find_reference_period(doc.clean.text, doc.raw.published)
    ref_month = f"{ref.end.year:04d}-{ref.end.month:02d}" if ref else None
    return DocContext(ref=ref, ref_month=ref_month, disabled=disabled)


def _unique(values: list[str]) -> list[str]:
    """`values` without repeats and blanks, in first-seen order."""
    if not values:
        return []
    seen = dict.fromkeys(values)
    seen.pop("", None)
    seen.pop(None, None)  # type: ignore[call-overload]
    return list(seen)


def _new_items(doc: Document, segments: list[Segment]) -> list[Item]:
    """The contract items of a document's segments before extraction: text, position (first and
    last original line, page) and what the shape gave (title, actor, link, level). What every item
    of the document shares is looked up once, not per item."""
    lines = doc.orig_lines([seg.start for seg in segments])
    end_lines = doc.orig_lines([max(seg.start, seg.end - 1) for seg in segments])
    name, text = doc.raw.name, doc.clean.text
    # formats without pages: page_of_line is None for every line
    page_of_line = doc.orig_index.page_of_line if doc.orig_index.page_starts else None
    items = []
    for seg, line, end_line in zip(segments, lines, end_lines, strict=True):
        start, end = seg.start, seg.end
        items.append(
            Item(
                name,
                start,
                end,
                line,
                end_line,
                seg.kind,
                text[start:end].replace("\u2028", " ").strip(),
                page_of_line(line) if page_of_line else None,
                list(seg.section),
                seg.title,
                seg.level,
                seg.actor,
                link=seg.link,
                source_name=seg.fields.get("source") if seg.fields else None,
            )
        )
    return items


def _extract_items(doc: Document, segments: list[Segment], items: list[Item], ctx: DocContext) -> None:
    """Fill the facts of a document's items, one step at a time over all of them.

    Each step runs over every item before the next step starts, so its compiled patterns, automata
    and tables stay in the processor's caches instead of being pushed out by the other steps between
    one item and the next (a pass over the seeds ran 10-20% faster than item by item, with the same
    output). Within a step the items go in document order, which the policy step's back-references
    (《通知》 → the last full title) need; no step reads what a later step writes for an earlier item.
    """
    off = ctx.disabled
    pairs = list(zip(items, segments, strict=True))
    if "dates" not in off:
        for item, seg in pairs:
            _dates(item, seg, ctx)
    found = [_mentions(item) for item in items]
    if "places" not in off or "actors" not in off:
        for item, mentions in zip(items, found, strict=True):
            _who_where(item, mentions)
    if "policies" not in off:
        for item, seg in pairs:
            _policies(item, seg, ctx)
    if "money" not in off:
        for item in items:
            _money(item)
    if "indicators" not in off:
        for item in items:
            _indicators(item, ctx)
    if "classify" not in off:
        for item in items:
            _classify(item)
    if "actors" not in off:
        for item in items:
            if item.actor is None and item.financing:
                item.actor = item.actor_canonical = _raising_company(item)
    if "level" not in off:
        for item, mentions in zip(items, found, strict=True):
            _level(item, mentions)
    page_url = doc.raw.url if doc.raw.kind in ("html", "feed_entry") else None
    for item in items:
        if item.link is None:
            text = item.text
            url = URL_RE.search(text) if "://" in text else None
            item.link = url.group() if url else page_url


@cache
def _lazy(module: str) -> Any:
    """A module imported on first use: an import statement in a per-item step costs microseconds
    on every call. Callers look functions up on the module at call time (bench/extract.py times
    them by patching the module)."""
    import importlib

    return importlib.import_module(module)


def _dates(item: Item, seg: Segment, ctx: DocContext) -> None:
    dates = _lazy("jiance.extract.dates")
    fields = seg.fields
    value = None
    if fields:  # most segments have no fields
        if fields.get("published"):  # a whole web page or feed entry: its publication date
            item.date, item.date_precision = fields["published"], "day"
            return
        if fields.get("date"):  # a header's 【颁布时间】 or a chronicle entry's date, as the shape gives it
            found = dates.extract_dates(fields["date"], ctx.ref)
            value = found[0] if found else None
    if value is None:
        value = dates.item_date(item.text, ctx.ref)
    if value is None and item.title:
        value = dates.item_date(item.title, ctx.ref)
    if value is not None:
        item.date, item.date_precision = value.iso, value.precision


@dataclass(slots=True)
class _Mentions:
    """Gazetteer hits of one item, found once and shared by the actor, place and level steps.
    `offset` is where the item text starts in the scanned string (after its title)."""

    places: list[Any]
    agencies: list[Any]
    companies: list[Any]
    offset: int
    body: int = 0  # where the body starts in the scanned string (after a headline line)
    text: str = ""  # the scanned string

    def lead(self, width: int, start: int | None = None) -> list[tuple[int, str, Any]]:
        """(position, kind, hit) of mentions in the first `width` characters from `start` (the item
        text by default)."""
        if not (self.places or self.agencies or self.companies):
            return []
        lo = self.offset if start is None else start
        hi = lo + width
        found = []
        for kind, hits in (("agency", self.agencies), ("company", self.companies), ("place", self.places)):
            for h in hits:
                if lo <= h.start < hi:
                    found.append((h.start, kind, h))
        found.sort(key=itemgetter(0))  # stable: agencies before companies before places at one position
        return found


def _mentions(item: Item) -> _Mentions:
    gz = get_gazetteer()
    text, title = item.text, item.title
    offset = body = 0
    if title:
        nl = text.find("\n")
        if title in (text if nl < 0 else text[:nl]):  # news items carry their headline as first line
            body = nl + 1  # 0 when the headline is all there is
        else:
            text = title + "\n" + text
            offset = body = len(title) + 1
    places, agencies, companies = gz.mentions(text)
    return _Mentions(places, agencies, companies, offset, body, text)


def _who_where(item: Item, found: _Mentions) -> None:
    gz = get_gazetteer()
    facts = gz.actor_facts(item.actor) if item.actor else None
    hits = found.places or found.agencies or found.companies
    if facts is not None or hits:  # else no place, agency or company: the item's empty lists stay
        _fill_who_where(item, found, facts)
    if item.actor is None:
        lead = _lead_actor(found, found.text) if hits else None
        if lead is not None:
            item.actor, hit = lead
            item.actor_canonical = getattr(hit, "canonical", None) or hit.name
        else:
            item.actor = item.actor_canonical = _organisation_actor(found, found.text)


def _fill_who_where(item: Item, found: _Mentions, facts: tuple[str, list[str], str, str | None] | None) -> None:
    """Provinces, cities, agencies and companies of an item: those of its actor as the shape gave
    it (`facts`, the gazetteer's reading of it), then those the item's text mentions."""
    provinces: list[str] = []
    cities: list[str] = []
    kind, names = None, []
    if facts is not None:
        item.actor_canonical, names, kind, _ = facts
        if kind == "place":
            gz = get_gazetteer()
            for name in names:
                place = gz.resolve_place(name)
                if place is not None:
                    _add_place(place, provinces, cities)
    for hit in found.places:
        _add_place(hit, provinces, cities)
    item.provinces = _unique(provinces)
    item.cities = _unique(cities)
    agencies = [h.canonical for h in found.agencies] if found.agencies else []
    companies = [h.canonical for h in found.companies] if found.companies else []
    if kind == "agency":
        agencies = names + agencies
    elif kind == "company":
        companies = names + companies
    item.agencies = _unique(agencies)
    item.companies = _unique(companies)


# a date opening a sentence (2016年4月6日，), before the actor of a chronicle entry
_OPENING_DATE = r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?[，,]?"


def _alternatives(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (so the longest wins)."""
    return "|".join(sorted(set(map(re.escape, words)), key=len, reverse=True))


@cache
def _actor_rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The organ extension after a known name, the scene-setting clause, an unlisted organisation
    name opening a sentence (its name in group "org", its ending in "end"), and the words no such
    name holds before its ending, from actors.yaml."""
    rules = load("actors.yaml")
    no_start = re.escape("".join(rules["never_first"]))
    extend = re.compile(
        rf"(?![{no_start}])[\u4e00-\u9fff]{{0,{rules['max_extension']}}}?(?:{_alternatives(rules['organ_suffixes'])})"
    )
    scene = re.compile(rules["scene_clause"])
    org_no_start = re.escape("".join(rules["never_first"] + rules["org_never_first"]))
    longest = int(rules["org_max_chars"])
    organisation = re.compile(
        rf"{_OPENING_DATE}[“\"]?(?P<org>(?![{org_no_start}])[\u4e00-\u9fff]{{1,{longest - 2}}}?"
        rf"(?P<end>{_alternatives(rules['organisation_suffixes'])}))(?![\u4e00-\u9fff]*[”\"]?[的之])"
    )
    inside = re.compile(_alternatives(rules["org_never_inside"]))
    return extend, scene, organisation, inside


@cache
def _leaders() -> re.Pattern[str]:
    """A national leader's name (group 1) opening a headline or body, after its number or date and a
    title (国家主席习近平), from actors.yaml."""
    rules = load("actors.yaml")
    number = r"(?:[一二三四五六七八九十]+、|\d{1,2}[.、]|[（(][一二三四五六七八九十\d]{1,3}[）)])?\s*"
    titles = _alternatives(rules["leader_titles"])
    return re.compile(rf"{number}{_OPENING_DATE}(?:{titles})?({_alternatives(rules['leaders'])})")


def _actor_as_written(text: str, hit: Any) -> str:
    """The actor as the text names it: a place or agency followed by the organ that acts
    (国家卫生计生委 + 办公厅, 宁夏回族自治区 + 农牧厅, 深圳 + 交警)."""
    extend = _actor_rules()[0]
    m = extend.match(text, hit.end)
    return text[hit.start : m.end()] if m else hit.text


def _organisation_actor(found: _Mentions, text: str) -> str | None:
    """An organisation the gazetteer does not list, named at the very start of the item's body (after
    its date): 全国电子商务质量管理标准化技术委员会成立 -> the committee. Only when the gazetteer finds
    nothing inside that name, so a known agency or place keeps its own reading."""
    _, _, organisation, inside = _actor_rules()
    m = organisation.match(text, found.body)
    if m is None or inside.search(text, m.start("org"), m.start("end")):
        return None
    lo, hi = m.span("org")
    if any(lo <= h.start < hi for hits in (found.places, found.agencies, found.companies) for h in hits):
        return None
    return m.group("org")


@dataclass(frozen=True)
class _Leader:
    """A national leader found as an item's actor (the canonical name is the name)."""

    name: str
    canonical: str | None = None


def _lead_actor(found: _Mentions, text: str) -> tuple[str, Any] | None:
    """The item's acting agency or company near the start of its body (then of its headline), after a
    scene-setting clause (为贯彻落实…，); where none is named there, a place that opens the sentence
    (重庆市召开…). A national leader opening the body or headline (习近平致信祝贺…) acts when no agency
    or company is named before. Returns (actor as written, hit)."""
    if not (found.agencies or found.companies or found.places):
        return None
    scene = _actor_rules()[1]
    starts = []
    for start in [found.body] if found.body == found.offset else [found.body, found.offset]:
        m = scene.match(text, start)
        starts.append(m.end() if m else start)
    place: Any = None  # a place opening the body loses only to a leader opening the headline
    for start in starts:
        if place is None:
            lead = found.lead(40, start)
            for _, kind, hit in lead:
                if kind != "place":
                    return _written(found, text, hit)
        leader = _leaders().match(text, start)
        if leader:
            return leader.group(1), _Leader(leader.group(1))
        if place is None:
            place = next(
                (hit for pos, kind, hit in lead if kind == "place" and pos - start <= PLACE_ACTOR_WINDOW), None
            )
    return _written(found, text, place) if place is not None else None


def _written(found: _Mentions, text: str, hit: Any) -> tuple[str, Any]:
    """(actor as written, hit): the hit with the organ after it, and a place right before it that
    belongs to it (深圳市 + 南山区政府)."""
    before = [p for p in found.places if p.end == hit.start and p is not hit]
    written = _actor_as_written(text, hit)
    return (text[before[0].start : hit.start] + written if before else written), hit


# a funding item's actor is the company that raised when its name opens the item (its headline)
RAISER_WINDOW = 40


def _raising_company(item: Item) -> str | None:
    """The company a financing item says raised money, when its name stands in the item's first
    words (二、庞际网络获得1000万元PreA轮融资): the actor of a funding round the gazetteer does not
    list. Elsewhere the funding extractor's company may be a phrase of a longer sentence."""
    if item.event_type != "financing":
        return None
    head = item.text[:RAISER_WINDOW]
    for record in item.financing:
        company = record.get("company")
        if company and company in head:
            return company
    return None


def _add_place(place: Any, provinces: list[str], cities: list[str]) -> None:
    """The province and city of a Place or PlaceHit (both carry name, level, province, city)."""
    level = place.level
    if level == "province":
        provinces.append(place.name)
        return
    if place.province:
        provinces.append(place.province)
    if level == "city":
        cities.append(place.name)
    elif place.city:
        cities.append(place.city)


def _with_header(seg: Segment, item: Item, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A policy header or catalogue entry names its document in fields (【法规标题】【颁布单位】
    【发文字号】); that record comes first, completed by what the text adds, and a bare document
    number or a repeat of the title found in the text is folded into it."""
    title = seg.fields["title"].strip("《》 ")
    numbers = [p.get("doc_number") for p in found if p.get("doc_number")]
    header = {
        "title": title,
        "doc_number": seg.fields.get("doc_number") or (numbers[0] if numbers else None),
        "issuer": seg.fields.get("issuer") or seg.actor,
        "date": item.date,
        "kind": "policy",
    }
    rest = [p for p in found if p.get("title") and p.get("title") != title]
    return [header, *rest]


def _policies(item: Item, seg: Segment, ctx: DocContext) -> None:
    policies_module = _lazy("jiance.extract.policies")
    found = policies_module.extract_policies(item.text, last_titles=ctx.last_titles, item_date=item.date)
    if seg.kind == "policy" and seg.fields.get("title"):
        found = _with_header(seg, item, found)
    if not found:  # most items: nothing to add, and last_titles stays as it is
        item.policies = []
        return
    policies = []
    for pol in found:
        get = pol.get
        kind = get("kind")
        if kind not in (None, "policy", "plan", "report", "standard"):
            continue
        title, alias_of = get("title"), get("alias_of")
        if title and not alias_of:
            ctx.last_titles.append(title)
        policies.append(
            {
                "title": title,
                "doc_number": get("doc_number"),
                "issuer": get("issuer"),
                "date": get("date"),
                "kind": kind,
                "alias_of": alias_of,
            }
        )
    del ctx.last_titles[:-20]
    item.policies = policies


def _money(item: Item) -> None:
    text = item.text
    amounts = _lazy("jiance.extract.money").extract_amounts(text)
    if amounts:
        item.amounts = [{k: a[k] for k in _AMOUNT_KEYS if k in a} for a in amounts]
    else:
        item.amounts = []
    records = _lazy("jiance.extract.funding").extract_funding(text)
    funding = _merge_funding(records) if records else []
    if funding:
        item.financing = funding
        first = funding[0]
        item.round = first.get("round")
        item.investors = _unique(
            [inv["name"] if isinstance(inv, dict) else inv for f in funding for inv in f.get("investors") or []]
        )


_AMOUNT_KEYS = ("value", "currency", "text", "qualifier", "value_max")


def _merge_funding(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A headline and its body often state the same round twice (a short name and no round in the
    title, the full name and the round in the text): one record per amount whose rounds agree or are
    unknown, with the longest company name, the round that is known and all investors. `spans` keeps
    where every merged statement stated the money (start, end in the item text)."""
    merged: list[dict[str, Any]] = []
    for rec in records:
        spans = [
            (a["start"], a["end"])
            for a in [rec.get("amount") or {}, *[(i.get("amount") or {}) for i in rec.get("investors") or []]]
            if "start" in a
        ]
        value = (rec.get("amount") or {}).get("value")
        rnd = rec.get("round_norm") or rec.get("round")
        have = next(
            (
                m
                for m in merged
                if (m.get("amount") or {}).get("value") == value
                and (
                    rnd in _UNKNOWN_ROUND
                    or (m.get("round_norm") or m.get("round")) in _UNKNOWN_ROUND
                    or rnd == (m.get("round_norm") or m.get("round"))
                )
            ),
            None,
        )
        if have is None:
            merged.append(dict(rec, spans=spans))
            continue
        have["spans"] += spans
        if (
            not have.get("round")
            and rec.get("round")
            or ((have.get("round_norm") or have.get("round")) in _UNKNOWN_ROUND and rnd not in _UNKNOWN_ROUND)
        ):
            have["round"], have["round_norm"] = rec.get("round"), rec.get("round_norm")
        if len(rec.get("company") or "") > len(have.get("company") or ""):
            have["company"] = rec.get("company")
        names = {(i.get("name") if isinstance(i, dict) else i) for i in have.get("investors") or []}
        extra = [i for i in rec.get("investors") or [] if (i.get("name") if isinstance(i, dict) else i) not in names]
        have["investors"] = list(have.get("investors") or []) + extra
    return merged


_UNKNOWN_ROUND = (None, "", "unspecified")


def _indicators(item: Item, ctx: DocContext) -> None:
    subject = item.provinces[0] if item.level == "local" and item.provinces else None
    found = _lazy("jiance.extract.indicators").extract_indicators(
        item.text, default_period=item.date or ctx.ref_month, default_subject=subject
    )
    # money raised in a funding round is a fact of the round, not a statistic
    raised = [span for rec in item.financing for span in rec.get("spans", [])] if item.financing else None
    if raised:
        item.indicators = [
            ind for ind in found if not any(ind["start"] < end and start < ind["end"] for start, end in raised)
        ]
    else:
        item.indicators = list(found)


def _classify(item: Item) -> None:
    classify = _lazy("jiance.extract.classify")
    event = classify.classify_event(item.text)
    item.event_type, item.event_cue = event.event_type, event.cue
    item.negative = bool(event.negative)
    item.sector_cues = classify.classify_sectors(item.text)
    item.sectors = list(item.sector_cues)


def _level(item: Item, found: _Mentions) -> None:
    if item.level is None:
        item.level = level_for(item.section)
    if item.level is not None:
        return
    cues = _level_cues()
    by_event = cues.get("event_type", {})
    if item.event_type in by_event:
        words = cues.get("requires", {}).get(item.event_type)
        if not words or any(w in (item.event_cue or "") or w in item.text[:80] for w in words):
            item.level = by_event[item.event_type]
            return
    if item.actor:
        # canonical_actor's level hint, read from the shared answer instead of a fresh copy of it
        facts = get_gazetteer().actor_facts(item.actor)
        if facts is not None and facts[3]:
            item.level = facts[3]
            return
    lead = found.lead(60)
    if lead:
        _, kind, hit = lead[0]
        item.level = {"company": "enterprise", "place": "local"}.get(kind) or (
            "central" if hit.kind == "central" else "local"
        )
    elif not found.places and _national_scope(item, cues):
        item.level = "central"


def _national_scope(item: Item, cues: dict[str, Any]) -> bool:
    """No place in the item, and its opening words state a national scope or put into force a document
    whose title names no place (levels.yaml says which words and how a document is put in force)."""
    head = item.text[: cues["central_scope_chars"]]
    for word in cues["central_scope_words"]:
        if word in head:
            return True
    m = _document_in_force(cues["document_in_force"]).match(item.text)
    return m is not None and not get_gazetteer().find_places(m.group("title"))


@cache
def _document_in_force(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_WARM_TEXT = (
    "2018年10月26日，工业和信息化部、北京市人民政府与中国移动通信集团有限公司签署《关于推进互联网+医疗健康发展的"
    "意见》（国办发〔2018〕26号），某科技有限公司完成5000万元A轮融资，红杉资本领投；全国网络零售额同比增长23.5%。"
)
_warm = [False]


def _warm_up() -> None:
    """Load every data file the extractors use (by running them once on a sample), then move all
    objects alive into the garbage collector's permanent generation (gc.freeze): the gazetteer and
    compiled knowledge live as long as the process, and full collections no longer walk them."""
    if _warm[0]:
        return
    _warm[0] = True
    from jiance.extract.classify import classify_event, classify_sectors
    from jiance.extract.dates import extract_dates, find_reference_period, item_date
    from jiance.extract.funding import extract_funding
    from jiance.extract.indicators import extract_indicators
    from jiance.extract.money import extract_amounts
    from jiance.extract.policies import extract_policies
    from jiance.gazetteer import get_gazetteer

    gz = get_gazetteer()
    text = _WARM_TEXT
    places = gz.find_places(text)
    gz.find_agencies(text, places)
    gz.find_companies(text, places)
    find_reference_period(text, None)
    item_date(text, None)
    extract_dates(text, None)
    extract_policies(text, last_titles=[], item_date=None)
    extract_amounts(text)
    extract_funding(text)
    extract_indicators(text)
    classify_event(text)
    classify_sectors(text)
    _level_cues()
    _actor_rules()
    gc.collect()
    gc.freeze()


def extract_document(doc: Document, segments: list[Segment], disabled: frozenset[str] = frozenset()) -> list[Item]:
    """Items of a document's segments; `disabled` names components of COMPONENTS to switch off."""
    unknown = set(disabled) - set(COMPONENTS)
    if unknown:
        raise JianceError(f"unknown extractor {', '.join(sorted(unknown))} (known: {', '.join(COMPONENTS)})")
    _warm_up()
    ctx = make_context(doc, disabled)
    items = _new_items(doc, segments)
    _extract_items(doc, segments, items, ctx)
    return items
