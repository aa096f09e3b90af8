"""Where an item goes in a report: `place_item(item) -> (section, row)`, driven by the config.

An item's level comes from its document's layout when it has one (the table or heading it sat in);
otherwise it is read from the content alone: who acts in the opening words (a central or local
agency, a tracked company, a place), whether a conference, a foreign actor or a funding round
leads the item. The configured rules then turn (level, facts) into a section and a row name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jiance.gazetteer import get_gazetteer
from jiance.report.config import load_config

LEAD_DATE = re.compile(
    r"^[\s➤•·\-*]*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*[-—至到]\s*\d{1,2}\s*日)?\s*[，,、]?\s*"
)
NUMBERING = re.compile(r"^\s*(?:#{1,6}\s+|[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*)+")
# a leading purpose clause ("为贯彻落实…，") sets the scene; the actor comes after it
_PURPOSE = re.compile(r"^(?:为了?|根据|按照|依据|围绕)[^，,。]{2,60}[，,]")
# formatting tags left in table cells by PDF/HTML conversion; any other markup stays text (and is escaped)
_TAGS = re.compile(r"</?(?:p|ul|ol|li|br|span|div|strong|b|em|i|font)\b[^<>]{0,200}>", re.I)
_DOC_TITLE = re.compile(r"^《|^[“\"][^”\"]{1,16}法[”\"]")


def _get(item: Any, key: str, default: Any = None) -> Any:
    if isinstance(item, dict):
        value = item.get(key, default)
    else:
        value = getattr(item, key, default)
    return default if value is None else value


@dataclass
class Lead:
    """The actor that leads an item: its kind, canonical name, parent company and province."""

    kind: str  # central | local_agency | company | place
    canonical: str
    parent: str | None = None
    province: str | None = None
    operator: bool = False


def clean_text(text: str) -> str:
    """Item text without markup tags and list markers."""
    return _TAGS.sub("", text or "").replace("➤", "").strip()


def lead_text(item: Any) -> str:
    """The item's body without its leading date (and without its title line)."""
    text = clean_text(_get(item, "text", ""))
    title = _get(item, "title")
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    return LEAD_DATE.sub("", text, count=1)


def title_text(item: Any) -> str:
    """The item's headline without its numbering, or ''."""
    return NUMBERING.sub("", clean_text(_get(item, "title", "") or ""))


@lru_cache(maxsize=65536)
def _hits(text: str) -> list[tuple[int, int, Lead]]:
    gz = get_gazetteer()
    places = gz.find_places(text)
    out: list[tuple[int, int, Lead]] = []
    for a in gz.find_agencies(text, places):
        province = None
        if a.place:
            p = gz.resolve_place(a.place)
            province = p.province if p else None
        kind = "central" if a.kind == "central" else "local_agency"
        out.append((a.start, a.end, Lead(kind, a.canonical, province=province)))
    for c in gz.find_companies(text, places):
        province = None
        if c.place:
            p = gz.resolve_place(c.place)
            province = p.province if p else None
        out.append((c.start, c.end, Lead("company", c.canonical, c.parent, province, c.is_operator)))
    for p in places:
        out.append((p.start, p.end, Lead("place", p.province or p.name, province=p.province or p.name)))
    # leftmost first; at one position the longest (agency or company over the place inside it)
    out.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, Lead]] = []
    for h in out:
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    return kept


def _is_context(window: str, start: int, end: int, cues: dict[str, Any]) -> bool:
    """A name that sets the scene rather than acts: "…国务院关于…", "根据工信部…", "在…大会上"."""
    after = window[end:].lstrip("、 ")
    before = window[max(0, start - 4) : start]
    return after.startswith(tuple(cues["context_after"])) or before.endswith(tuple(cues["context_before"]))


def lead_actors(text: str, config: dict[str, Any]) -> list[Lead]:
    """The actors named in the opening of `text`, scene-setting names left out, in order."""
    cues = config["levels"]
    m = _PURPOSE.match(text)
    if m and len(text) > m.end():
        found = lead_actors(text[m.end() :], config)
        if found:
            return found
    window = text[: int(cues["lead_chars"])]
    return [lead for start, end, lead in _hits(window) if not _is_context(window, start, end, cues)]


def lead_actor(text: str, config: dict[str, Any]) -> Lead | None:
    """The actor that acts in `text`: the first one named that does not merely set the scene."""
    leads = lead_actors(text, config)
    return leads[0] if leads else None


@lru_cache(maxsize=4096)
def _is_operator(name: str) -> bool:
    hits = get_gazetteer().find_companies(name)
    return bool(hits) and hits[0].start == 0 and hits[0].is_operator


def _is_tracked(lead_or_name: Lead | str | None, config: dict[str, Any]) -> bool:
    if lead_or_name is None:
        return False
    tracked = set(config.get("tracked_companies") or [])
    if isinstance(lead_or_name, str):
        return lead_or_name in tracked or bool(config.get("tracked_operators") and _is_operator(lead_or_name))
    if lead_or_name.kind != "company":
        return False
    if config.get("tracked_operators") and lead_or_name.operator:
        return True
    return lead_or_name.canonical in tracked or (lead_or_name.parent or "") in tracked


def _tracked_lead(item: Any, config: dict[str, Any]) -> Lead | None:
    """The first tracked company among the item's leading actors (a partner may be named first)."""
    return next((lead for lead in lead_actors(lead_text(item), config) if _is_tracked(lead, config)), None)


def _starts_with_any(text: str, words: list[str]) -> bool:
    return any(text.startswith(w) for w in words)


def is_summit(item: Any, config: dict[str, Any]) -> bool:
    """A conference leads the item: its name (…大会/峰会/论坛) opens the title or the first clause,
    as the subject, not as the setting of another actor's news ("在…博览会上，某公司…")."""
    cues = config["levels"]
    head = title_text(item) or lead_text(item)
    first = re.split(r"[，。；,;]", head, maxsplit=1)[0][:40]
    if any(w in first for w in cues["summit_not"]):
        return False
    m = re.search("|".join(map(re.escape, cues["summit_words"])), first)
    if not m:
        return False
    sentence = re.split(r"[。；;]", head, maxsplit=1)[0]
    words = "|".join(map(re.escape, cues["summit_words"]))
    setting = "|".join(map(re.escape, cues["summit_setting"]))
    if first.startswith("在") or re.search(f"(?:{words})(?:{setting})", sentence):
        return False
    return not _hits(first[: m.start()])


def is_overseas(item: Any, config: dict[str, Any]) -> bool:
    """A foreign country or company opens the headline (or the first clause when there is none)."""
    words = config["levels"]["overseas_words"]
    head = title_text(item) or re.split(r"[，。；]", lead_text(item), maxsplit=1)[0]
    head = head[:24]
    for w in words:
        pos = head.find(w)
        if pos == -1:
            continue
        before = _hits(head[:pos])
        if not any(h[2].kind in ("central", "place", "local_agency") for h in before):
            return True
    return False


def is_financing(item: Any) -> bool:
    """A funding round: financing facts, a round, or the financing event type."""
    return bool(_get(item, "financing") or _get(item, "round") or _get(item, "event_type") == "financing")


def infer_level(item: Any, config: dict[str, Any] | None = None) -> str | None:
    """The item's level from its content alone (used when the layout gave none)."""
    config = config or load_config()
    if is_financing(item):
        return "financing"
    if is_overseas(item, config):
        return "overseas"
    if is_summit(item, config):
        return "summit"
    lead = lead_actor(lead_text(item), config)
    if lead is not None:
        if lead.kind == "central":
            return "central"
        if lead.kind in ("local_agency", "place"):
            return "local"
        if _is_tracked(lead, config) or not (_get(item, "provinces") or lead.province):
            return "enterprise"
        if _tracked_lead(item, config) is not None:
            return "enterprise"
        return "local"
    if _get(item, "provinces"):
        return "local"
    if _get(item, "companies"):
        return "enterprise"
    if _get(item, "agencies"):
        return "central"
    return None


def _company_parent(name: str) -> str:
    hits = get_gazetteer().find_companies(name)
    if hits and hits[0].start == 0 and hits[0].end == len(name):
        return hits[0].parent or hits[0].canonical
    return name


def row_name(item: Any, how: str, config: dict[str, Any]) -> str | None:
    """The row an item belongs to: its agency, province or company (canonical), or None."""
    if how == "none":
        return None
    gz = get_gazetteer()
    actor = _get(item, "actor")
    info = gz.canonical_actor(actor) if actor else None

    def opening() -> Lead | None:  # computed only when the actor cell does not answer
        return lead_actor(lead_text(item), config)

    if how == "agency":
        if info is not None and info.kind == "agency":
            return info.canonical
        lead = opening()
        if lead is not None and lead.kind == "central":
            return lead.canonical
        agencies = _get(item, "agencies", [])
        return agencies[0] if agencies else (actor or None)
    if how == "province":
        if info is not None and info.kind == "place":
            place = gz.resolve_place(info.canonical)
            return place.province if place else info.canonical
        lead = opening()
        if lead is not None and lead.province:
            return lead.province
        provinces = _get(item, "provinces", [])
        return provinces[0] if provinces else None
    if how == "company":
        if info is not None and info.kind == "company":
            return _company_parent(info.canonical)
        tracked = _tracked_lead(item, config)
        if tracked is not None:
            return tracked.parent or tracked.canonical
        lead = opening()
        if lead is not None and lead.kind == "company":
            return lead.parent or lead.canonical
        companies = _get(item, "companies", [])
        return _company_parent(companies[0]) if companies else (actor or None)
    if how == "place":
        cities = _get(item, "cities", [])
        return cities[0] if cities else row_name(item, "province", config)
    raise ValueError(f"unknown row kind {how!r}")


def _macro(item: Any, config: dict[str, Any]) -> bool:
    words = config.get("macro_indicators") or []
    for ind in _get(item, "indicators", []):
        name = f"{ind.get('name') or ''} {ind.get('series_name') or ''}"
        if any(w in name for w in words):
            return True
    return False


def _focus(item: Any, config: dict[str, Any]) -> bool:
    """A central agency, a named document or law, or a national subject word leads the headline."""
    if _get(item, "event_type") == "statistic":
        return False
    head = title_text(item)
    if not head:
        return False
    if _DOC_TITLE.search(head) or _starts_with_any(head, config["levels"]["focus_subjects"]):
        return True
    lead = lead_actor(head, config)
    return lead is not None and lead.kind == "central" and head.find(lead.canonical[:2]) < 6


def _title_place(item: Any) -> bool:
    head = title_text(item) or re.split(r"[，。；]", lead_text(item), maxsplit=1)[0]
    for _, _, lead in _hits(head[:30]):
        if lead.province:
            return True
    return False


def _matches(when: dict[str, Any], item: Any, level: str | None, config: dict[str, Any]) -> bool:
    if "level" in when and level not in when["level"]:
        return False
    if "section" in when and not any(w in h for h in _get(item, "section", []) for w in when["section"]):
        return False
    if "kind" in when and _get(item, "kind") not in when["kind"]:
        return False
    if "event_type" in when and _get(item, "event_type") not in when["event_type"]:
        return False
    for fact in when.get("has", []):
        if not _get(item, fact):
            return False
    if "macro" in when and _macro(item, config) != bool(when["macro"]):
        return False
    if "focus" in when and _focus(item, config) != bool(when["focus"]):
        return False
    if "title_place" in when and _title_place(item) != bool(when["title_place"]):
        return False
    if "tracked" in when:
        company = row_name(item, "company", config)
        if _is_tracked(company, config) != bool(when["tracked"]):
            return False
    return True


def item_level(item: Any, config: dict[str, Any]) -> str | None:
    """The layout's level where the item has one, else the content's."""
    return _get(item, "level") or infer_level(item, config)


def place_item(item: Any, report: str = "monitoring", config: dict[str, Any] | None = None) -> tuple[str, str | None]:
    """(section key, row name) of an item in a report of type `report`; ('', None) if no rule fits."""
    config = config or load_config()
    level = item_level(item, config)
    for rule in config["placement"].get(report, []):
        if not _matches(rule.get("when") or {}, item, level, config):
            continue
        row = row_name(item, rule.get("row", "none"), config)
        if rule.get("require_row") and row is None:
            continue
        return rule["section"], row
    return "", None
