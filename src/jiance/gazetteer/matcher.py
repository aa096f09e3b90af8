"""Find and canonicalise places, agencies and companies in Chinese text.

All knowledge lives in `data/` (regions.csv, places.yaml, agencies.yaml, companies.yaml) and is
loaded once by `get_gazetteer()`. Each finder scans leftmost-longest (see scanner.py), so the
longest name at the leftmost position wins: 国网天津市电力公司 yields 天津市, not 津市市, and
中山大学 (listed as a blocked context) swallows its 中山. Ambiguous names (朝阳区 in Beijing and
Changchun) are settled by other places named in the same text, then by a default in the data.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import yaml

from jiance.literals import Literals

from .scanner import Match, ScanGroup, Scanner, alternation

DATA = Path(__file__).parent / "data"
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
CONTEXT_REACH = 8  # unambiguous places looked at on each side of an ambiguous one
_ACTOR_CACHE_SIZE = 20_000  # actor cells remembered by canonical_actor before it starts afresh
_START = itemgetter(1)  # a Match's start
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPLIT = re.compile(r"[、，,/／;；\s]+")
# the last character before a legal form that a company name cannot hold (str.isalnum() is \w but _)
_NAME_STOP = re.compile(r"(?s:.*)(?![（）()·&])[\W_]")
_NO_MATCHES: tuple[list[Match], ...] = ([], [], [], [], [])  # ScanGroup.hits per scanner, none found


@dataclass(frozen=True)
class Place:
    """One administrative division (GB/T 2260)."""

    name: str
    code: str
    level: str  # province | city | county
    province: str
    city: str | None
    short: str
    type: str = ""
    parent: str | None = None


@dataclass
class PlaceHit:
    start: int
    end: int
    text: str
    name: str
    code: str
    level: str
    province: str
    city: str | None


@dataclass
class AgencyHit:
    start: int
    end: int
    text: str
    canonical: str
    kind: str  # central | local
    place: str | None = None
    type: str | None = None
    former: str | None = None  # the former name as written, when the text used one
    successor: str | None = None  # for an abolished body, who took over its work


@dataclass
class CompanyHit:
    start: int
    end: int
    text: str
    canonical: str
    parent: str | None = None
    is_operator: bool = False
    place: str | None = None
    by_pattern: bool = False  # found by its legal-form ending, not by name


@dataclass
class ActorInfo:
    """What a table's actor cell names: its main canonical name and all of them."""

    canonical: str
    canonicals: list[str] = field(default_factory=list)
    kind: str = "other"  # agency | place | company | other
    level_hint: str | None = None  # central | local | enterprise


@dataclass(frozen=True)
class _Surface:
    """What one written form of a place means: candidate places, or a compound, or nothing."""

    candidates: tuple[Place, ...]
    short: bool = False
    compound: bool = False
    blocked: bool = False
    needs_context: bool = False


@dataclass(frozen=True)
class _Company:
    canonical: str
    parent: str | None
    is_operator: bool


def _load_yaml(name: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506


def _leftmost_longest(hits: list[Any]) -> list[Any]:
    """Keep non-overlapping hits, preferring the earliest start, then the longest."""
    if len(hits) < 2:
        return hits
    out: list[Any] = []
    end = -1
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if h.start >= end:
            out.append(h)
            end = h.end
    return out


class Gazetteer:
    """Loaded knowledge plus the compiled scanners. Build once via get_gazetteer()."""

    def __init__(self) -> None:
        # canonical_actor results by cell text: table rows repeat their actors, and each item asks twice
        self._actor_cache: dict[str, tuple[str, list[str], str, str | None] | None] = {}
        self._load_places()
        self._load_agencies()
        self._load_companies()
        # one automaton for all: an item's text is walked once for places, agencies, companies and gates
        self._group = ScanGroup(
            [self._place_scan, self._agency_scan, self._company_scan, self._bare_gate, self._legal_gate]
        )
        # what each of the automaton's words means to each finder, by word index: one look-up per word found
        group = self._group
        self._words = group.words
        self._place_of = group.per_word(self._place_scan, self._place_surfaces.__getitem__)
        self._central_of = group.per_word(self._agency_scan, self._central_fields)
        self._company_of = group.per_word(self._company_scan, self._company_fields)

    # ---------------------------------------------------------------- places
    def _load_places(self) -> None:
        cfg = _load_yaml("places.yaml")
        with (DATA / "regions.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        rows += [self._historical_row(h, rows) for h in cfg.get("historical_divisions", [])]
        self.by_code: dict[str, Place] = {}
        by_name: dict[str, list[Place]] = {}
        shorts: dict[str, list[Place]] = {}
        common = set(cfg["common_words"])
        for r in rows:
            p = Place(
                r["name"],
                r["code"],
                r["level"],
                r["province"],
                r["city"] or None,
                r["short"],
                r["type"],
                r["parent"] or None,
            )
            self.by_code[p.code] = p
            by_name.setdefault(p.name, []).append(p)
            if p.short:
                shorts.setdefault(p.short, []).append(p)
                if r["common"] == "1":
                    common.add(p.short)
        bare = set(cfg["bare_county_shorts"])
        self.provinces = [p for p in self.by_code.values() if p.level == "province"]
        self._defaults = {k: self.by_code[v] for k, v in cfg["ambiguous_defaults"].items()}
        for place in list(self._defaults.values()):  # the default of 朝阳区 is also that of 朝阳
            self._defaults.setdefault(place.short, place)
        surfaces: dict[str, _Surface] = {}
        for short, places in shorts.items():
            top = min(LEVEL_RANK[p.level] for p in places)
            best = tuple(p for p in places if LEVEL_RANK[p.level] == top)
            # County names without their suffix cross word boundaries far too often (和政策,
            # 推广安全): they count only beside a place they belong to, unless listed as bare.
            context = short not in bare and (best[0].level == "county" or short in common)
            surfaces[short] = _Surface(best, short=True, needs_context=context)
        for name, places in by_name.items():
            surfaces[name] = _Surface(tuple(places))
        prov = {p.name: p for p in self.provinces}
        for alias, target in cfg["aliases"].items():
            if target in by_name:
                surfaces.setdefault(alias, _Surface(tuple(by_name[target])))
        for old, (target, _year) in cfg["former_names"].items():
            if target in by_name:
                surfaces.setdefault(old, _Surface(tuple(by_name[target])))
        for word, members in cfg["compounds"].items():
            surfaces[word] = _Surface(tuple(prov[m] for m in members), compound=True)
        for word in cfg["blocked_contexts"]:
            surfaces[word] = _Surface((), blocked=True)
        self._place_surfaces = surfaces
        self._place_scan = Scanner(surfaces)
        self._list_separators = set(cfg["list_separators"])
        self._lookup = {k: v for k, v in surfaces.items() if not v.blocked and not v.compound}
        self.abbreviations: dict[str, list[str]] = cfg["abbreviations"]

    @staticmethod
    def _historical_row(h: dict, rows: list[dict]) -> dict:
        """A regions.csv-shaped row for a division listed in places.yaml's historical_divisions."""
        parent = next(r for r in rows if r["code"] == h["parent"])
        name, level = h["name"], h["level"]
        short = name[:-1] if len(name) > 2 else ""
        city = name if level == "city" else parent["city"]
        return dict(
            code=h["code"],
            name=name,
            level=level,
            type=h["type"],
            parent=h["parent"],
            province=parent["province"],
            city=city,
            short=short,
            common="0",
        )

    @staticmethod
    def _fits(p: Place, c: Place) -> int:
        """2 if `p` lies in the same city as context place `c`, 1 if in the same province, else 0."""
        if p.city and p.city in (c.name, c.city):
            return 2
        return 1 if p.province == c.province else 0

    @staticmethod
    def _belongs(p: Place, c: Place) -> bool:
        """Whether `c`, written just before `p`, vouches for it: its city, province or a sibling."""
        if c.level == "province":
            return p.province == c.name
        if c.level == "city":
            return p.city == c.name or (p.level == "city" and p.province == c.province)
        return c.parent == p.parent

    def _pick(self, start: int, written: str, s: _Surface, ctx: list[tuple[int, Place]]) -> Place | None:
        """Settle an ambiguous name by the nearest unambiguous place around it (before first),
        then by the data's default; None if neither decides."""
        k = bisect.bisect_left(ctx, start, key=lambda t: t[0])
        order = ctx[max(0, k - CONTEXT_REACH) : k][::-1] + ctx[k : k + CONTEXT_REACH]
        for _, c in order:
            for want in (2, 1):
                fit = [p for p in s.candidates if self._fits(p, c) == want]
                if len(fit) == 1:
                    return fit[0]
                if fit:
                    break
        return self._defaults.get(written)

    def _found(self, text: str) -> tuple[list[Match], ...]:
        """The automaton's words in `text`, per scanner (places, agencies, companies, bare, legal)."""
        return self._group.hits(text) or _NO_MATCHES

    def find_places(self, text: str) -> list[PlaceHit]:
        """Places named in `text`, leftmost-longest, with full names and GB/T 2260 codes."""
        return self._places(text, self._found(text)[0])

    def _places(self, text: str, matches: list[Match]) -> list[PlaceHit]:
        """find_places from the place scanner's `matches` in `text`. A name that needs context
        counts only right after (or one list separator after) a place it belongs to; a blocked
        context takes its span but is not listed; an ambiguous name is settled once all the
        unambiguous ones around it are known."""
        place_of, words, seps, belongs = self._place_of, self._words, self._list_separators, self._belongs
        hits: list[PlaceHit | None] = []
        ambiguous: list[tuple[int, int, int, int, _Surface]] = []  # (index in hits, start, end, word, surface)
        pos = 0
        last_end, last_places = -2, ()  # end and places of the last accepted name
        for k, start, end in matches:
            if start < pos:
                continue
            s = place_of[k]
            cands = s.candidates
            if s.needs_context:
                if not (last_end == start or (last_end == start - 1 and text[start - 1] in seps)):
                    continue
                cands = tuple(p for p in cands if any(belongs(p, c) for c in last_places))
                if len(cands) != 1:
                    continue
            pos = last_end = end
            if len(cands) == 1 or s.compound:
                last_places = cands
                written = words[k]
                for p in cands:
                    hits.append(PlaceHit(start, end, written, p.name, p.code, p.level, p.province, p.city))
            else:
                last_places = ()
                if not s.blocked:
                    ambiguous.append((len(hits), start, end, k, s))
                    hits.append(None)
        if ambiguous:
            by_code = self.by_code
            ctx = [(h.start, by_code[h.code]) for h in hits if h is not None]  # the unambiguous places
            for i, start, end, k, s in ambiguous:
                written = words[k]
                p = self._pick(start, written, s, ctx)
                if p is not None:
                    hits[i] = PlaceHit(start, end, written, p.name, p.code, p.level, p.province, p.city)
            hits = [h for h in hits if h is not None]
        return hits  # type: ignore[return-value]  # no None left

    def mentions(self, text: str) -> tuple[list[PlaceHit], list[AgencyHit], list[CompanyHit]]:
        """find_places, find_agencies and find_companies of `text` at once. Most texts hold none of
        the automaton's words, and then none of the three finders can find anything."""
        found = self._group.hits(text)
        if not found:
            return [], [], []
        place_m, agency_m, company_m, bare_m, legal_m = found
        places = self._places(text, place_m) if place_m else []
        agencies = self._agencies(text, places, agency_m, bare_m)
        companies = self._companies(text, places, company_m, legal_m, place_m)
        return places, agencies, companies

    def resolve_place(self, name: str) -> Place | None:
        """The place a written name stands for (full, short, alias or former name), or None."""
        s = self._lookup.get(name.strip())
        if s is None or not s.candidates:
            return None
        return s.candidates[0] if len(s.candidates) == 1 else self._defaults.get(name.strip())

    def ancestors(self, name: str) -> list[Place]:
        """The places above `name`, nearest first: 罗湖区 -> [深圳市, 广东省]."""
        p = self.resolve_place(name)
        out: list[Place] = []
        while p is not None and p.parent:
            p = self.by_code.get(p.parent)
            if p is not None:
                out.append(p)
        return out

    def province_order(self) -> list[str]:
        """The 31 mainland provincial divisions, full names, in yearbook (code) order."""
        return [p.name for p in self.provinces if int(p.code) < 710000]

    # -------------------------------------------------------------- agencies
    def _load_agencies(self) -> None:
        cfg = _load_yaml("agencies.yaml")
        exact_only = set(cfg.get("exact_only", []))
        self._agency_index: dict[str, tuple[dict, str | None]] = {}
        for entry in cfg["central"]:
            for name in [entry["name"], *entry.get("aliases", [])]:
                self._agency_index.setdefault(name, (entry, None))
            for old in entry.get("former", []):
                for name in [old["name"], *old.get("aliases", [])]:
                    self._agency_index.setdefault(name, (entry, old["name"]))
        self._agency_scan = Scanner(k for k in self._agency_index if k not in exact_only)
        self._suffix_index: dict[str, dict] = {}
        for entry in cfg["local_suffixes"]:
            for written in entry["written"]:
                self._suffix_index.setdefault(written, entry)
        # the suffixes by first character, longest first: a regex alternation of them took microseconds
        # to match at one position, trying every alternative in turn
        by_first: dict[str, list[str]] = {}
        for written in sorted(self._suffix_index, key=len, reverse=True):
            if written:
                by_first.setdefault(written[0], []).append(written)
        self._suffixes_by_first = {c: tuple(ws) for c, ws in by_first.items()}
        levels = sorted(cfg["bare_levels"], key=len, reverse=True)
        # every <level><suffix>: where one starts, a bare local agency may be named (see _bare_hits)
        self._bare_gate = Scanner((lv + sf for lv in levels for sf in self._suffix_index), shortest=1)
        self._suffix_first = frozenset(by_first)
        self._levels = tuple(levels)
        self._bare_left_ok = set(cfg["bare_left_ok"])

    def _central_fields(self, written: str) -> tuple[str, str | None, str | None, str | None]:
        """(canonical, type, former, successor) of a central agency's hit written as `written`."""
        entry, former = self._agency_index[written]
        succ = entry.get("successor")
        return entry["name"], entry.get("type"), former, succ["name"] if succ else None

    def _local_hit(
        self, start: int, level_end: int, place: Place | None, level_text: str, text: str
    ) -> AgencyHit | None:
        suffix = self._suffix_at(text, level_end)
        if suffix is None:
            return None
        entry = self._suffix_index[suffix]
        end = level_end + len(suffix)
        nxt = text[end : end + 1]
        if nxt and nxt in entry.get("not_before", ()):
            return None
        if entry.get("needs_level") and not level_text.endswith(self._levels):
            return None
        where = place.name if place else level_text
        canonical = entry.get("prefix", "") + where + entry["full"]
        return AgencyHit(start, end, text[start:end], canonical, "local", place.name if place else None, "local")

    def _suffix_at(self, text: str, pos: int) -> str | None:
        """The longest local-agency suffix written at `pos` (two can't match there and be as long)."""
        for written in self._suffixes_by_first.get(text[pos : pos + 1], ()):
            if text.startswith(written, pos):
                return written
        return None

    def find_agencies(self, text: str, places: list[PlaceHit] | None = None) -> list[AgencyHit]:
        """Central agencies by name or alias; local ones as <place><suffix> or a bare 省卫健委."""
        found = self._found(text)
        places = places if places is not None else self._places(text, found[0])
        return self._agencies(text, places, found[1], found[3])

    def _agencies(self, text: str, places: list[PlaceHit], matches: list[Match], bare: list[Match]) -> list[AgencyHit]:
        """find_agencies from the agency scanner's `matches` and the bare gate's `bare` (words
        <level><suffix>) in `text`."""
        hits: list[AgencyHit] = []
        if matches:
            central_of, words = self._central_of, self._words
            pos = 0
            for k, start, end in matches:
                if start >= pos:
                    canonical, typ, former, successor = central_of[k]
                    hits.append(AgencyHit(start, end, words[k], canonical, "central", None, typ, former, successor))
                    pos = end
        more = False  # whether hits other than the (sorted, disjoint) central ones were added
        first = self._suffix_first
        for ph in places:
            if text[ph.end : ph.end + 1] in first:
                hit = self._local_hit(ph.start, ph.end, self.by_code[ph.code], ph.text, text)
                if hit:
                    hits.append(hit)
                    more = True
        if bare:
            found = self._bare_hits(text, bare)
            if found:
                hits += found
                more = True
        return _leftmost_longest(hits) if more else hits

    def _bare_hits(self, text: str, bare: list[Match]) -> list[AgencyHit]:
        """Local agencies named by level alone (省卫健委, 市政府), unless a word runs into the level.
        They start where a bare gate word (<level><suffix>) does; the first level (longest first)
        followed by a suffix is taken, and the next is looked for after it."""
        hits: list[AgencyHit] = []
        pos = 0
        for _, start, _ in bare:
            if start < pos:
                continue
            for level in self._levels:
                if text.startswith(level, start) and self._suffix_at(text, start + len(level)):
                    break
            pos = start + len(level)
            left = text[start - 1] if start else ""
            if left and _CJK.match(left) and left not in self._bare_left_ok:
                continue
            hit = self._local_hit(start, pos, None, level, text)
            if hit:
                hits.append(hit)
        return hits

    # ------------------------------------------------------------- companies
    def _load_companies(self) -> None:
        cfg = _load_yaml("companies.yaml")
        exact_only = set(cfg.get("exact_only", []))
        self._company_index: dict[str, _Company] = {}
        self._branch_words: dict[str, _Company] = {}
        self._bank_words: dict[str, _Company] = {}
        for e in cfg["companies"]:
            me = _Company(e["name"], None, bool(e.get("operator")))
            for name in [e["name"], e.get("full"), *e.get("aliases", []), *e.get("bank_words", [])]:
                if name:
                    self._company_index.setdefault(name, me)
            for w in e.get("branch_words", []):
                self._branch_words[w] = me
            for w in e.get("bank_words", []):
                self._bank_words[w] = me
            for sub in e.get("subsidiaries", []):
                child = _Company(sub["name"], e["name"], False)
                for name in [sub["name"], *sub.get("aliases", [])]:
                    self._company_index.setdefault(name, child)
        blocked = set(cfg.get("blocked_contexts", []))
        self._company_blocked = blocked
        self._company_scan = Scanner([k for k in self._company_index if k not in exact_only] + list(blocked))
        self._branch_re = alternation(self._branch_words)
        self._branch_blocked = alternation(cfg["branch_blocked_next"])
        self._office_re = re.compile(r"(?:省|市|自治区)?(?:分公司|分行|支行)")
        self._legal_gate = Scanner(cfg["legal_suffixes"], shortest=1)  # the legal forms _pattern_hits cuts at
        self._branch_first = frozenset(w[:1] for w in self._branch_words)
        # leftmost-longest, as a longest-first alternation finds them (which took microseconds a character)
        self._left_words = Literals(cfg["name_left_boundaries"])
        self._generic_cores = set(cfg.get("generic_cores", []))

    def _branch_hit(self, ph: PlaceHit, text: str) -> CompanyHit | None:
        """<place><operator word>: 南京移动, 宁夏电信 — a branch of the operator in that place."""
        m = self._branch_re.match(text, ph.end)
        if m is None or self._branch_blocked.match(text, m.end()):
            return None
        op = self._branch_words[m.group()]
        return CompanyHit(
            ph.start,
            m.end(),
            text[ph.start : m.end()],
            f"{op.canonical}{ph.name}分公司",
            op.canonical,
            op.is_operator,
            ph.name,
        )

    def _pattern_hits(self, text: str, legal: list[Match]) -> list[CompanyHit]:
        """Names ending in a legal form (…科技有限公司, …集团), cut at the nearest boundary word;
        `legal` holds the legal forms found in `text` (leftmost-longest of them are used)."""
        out: list[CompanyHit] = []
        last_end = pos = 0
        for _, form_start, form_end in legal:
            if form_start < pos:
                continue
            pos = form_end
            lo = max(last_end, form_start - 30)
            stop = _NAME_STOP.match(text, lo, form_start)  # the name runs back to after its last stop
            start = stop.end() if stop else lo
            window = text[start:form_start]
            cut = 0
            for _, b_end, _ in self._left_words.find(window):
                if b_end < len(window):
                    cut = b_end
            start += cut
            core = text[start:form_start].strip("（）()")
            if len(core) >= 2 and core not in self._generic_cores and _CJK.search(core):
                name = text[start:form_end]
                out.append(CompanyHit(start, form_end, name, name, by_pattern=True))
                last_end = form_end
        return out

    def _company_fields(self, word: str) -> tuple[str, str | None, bool, bool] | None:
        """(canonical, parent, is_operator, may name an office) of a known company's name `word`;
        None for a blocked context (or a word that names no company)."""
        c = self._company_index.get(word)
        if c is None or word in self._company_blocked:
            return None
        return c.canonical, c.parent, c.is_operator, word in self._bank_words or c.is_operator

    def find_companies(self, text: str, places: list[PlaceHit] | None = None) -> list[CompanyHit]:
        """Known companies and subsidiaries, operator/bank branches, and pattern-found names."""
        found = self._found(text)
        places = places if places is not None else self._places(text, found[0])
        return self._companies(text, places, found[2], found[4], found[0])

    def _companies(
        self, text: str, places: list[PlaceHit], matches: list[Match], legal: list[Match], place_m: list[Match]
    ) -> list[CompanyHit]:
        """find_companies from the company scanner's `matches`, the `legal` forms and the place
        scanner's `place_m` found in `text`."""
        known: list[CompanyHit] = []
        more = False  # whether the hits may be out of order or overlap (else they are leftmost-longest)
        if matches:
            company_of, words = self._company_of, self._words
            pos = 0
            for k, start, end in matches:
                if start < pos:
                    continue
                pos = end
                c = company_of[k]
                if c is None:  # a blocked context takes its span
                    continue
                canonical, parent, is_operator, office = c
                hit = CompanyHit(start, end, words[k], canonical, parent, is_operator)
                if office and (found := self._office_hit(hit, text, place_m)):
                    hit, more = found, True
                known.append(hit)
        first = self._branch_first
        branches = [b for ph in places if text[ph.end : ph.end + 1] in first and (b := self._branch_hit(ph, text))]
        hits = sorted(known + branches, key=lambda h: h.start) if branches else known
        if not legal:
            return _leftmost_longest(hits) if more or branches else hits
        starts = [h.start for h in hits]
        for ph in self._pattern_hits(text, legal):
            j = bisect.bisect_left(starts, ph.start)
            if j < len(hits) and hits[j].end <= ph.end:  # a known company's registered name
                k = hits[j]
                hits.append(CompanyHit(ph.start, ph.end, ph.text, k.canonical, k.parent, k.is_operator, k.place, True))
            else:
                hits.append(ph)
        return _leftmost_longest(hits)

    def _office_hit(self, hit: CompanyHit, text: str, place_m: list[Match]) -> CompanyHit | None:
        """<company><place>(分公司|分行|支行): 中国联通青海省分公司, 工行北京市分行. `place_m`: the
        place scanner's words in `text` (the first at a start is the longest there)."""
        i = bisect.bisect_left(place_m, hit.end, key=_START)
        if i == len(place_m) or place_m[i][1] != hit.end:
            return None
        word = self._words[place_m[i][0]]
        s = self._place_surfaces[word]
        if s.blocked or s.compound or s.needs_context or len(s.candidates) != 1:
            return None
        o = self._office_re.match(text, hit.end + len(word))
        if o is None:
            return None
        place = s.candidates[0]
        unit = o.group().lstrip("省市自治区")
        return CompanyHit(
            hit.start,
            o.end(),
            text[hit.start : o.end()],
            f"{hit.canonical}{place.name}{unit}",
            hit.canonical,
            hit.is_operator,
            place.name,
        )

    # --------------------------------------------------------------- actors
    def _actor_part(self, part: str) -> tuple[str, str, str | None] | None:
        """(canonical, kind, level_hint) for one name in an actor cell."""
        if part in self._agency_index:
            entry, _ = self._agency_index[part]
            return entry["name"], "agency", "central"
        place = self.resolve_place(part)
        if place is not None:
            return place.name, "place", "local"
        if part in self._company_index:
            return self._company_index[part].canonical, "company", "enterprise"
        places = self.find_places(part)
        hits: list[Any] = self.find_agencies(part, places) + self.find_companies(part, places)
        if hits:
            h = min(hits, key=lambda h: (h.start, -(h.end - h.start)))
            if isinstance(h, AgencyHit):
                return h.canonical, "agency", h.kind
            return h.canonical, "company", "enterprise"
        if places:
            return places[0].name, "place", "local"
        return None

    def canonical_actor(self, name: str) -> ActorInfo | None:
        """Canonical names for a table row's actor cell ("工信部、国务院扶贫办" -> two agencies)."""
        cached = self.actor_facts(name)
        if cached is None:
            return None
        canonical, names, kind, level = cached
        return ActorInfo(canonical, list(names), kind, level)  # a fresh object: callers may change it

    def actor_facts(self, name: str) -> tuple[str, list[str], str, str | None] | None:
        """canonical_actor's answer as (canonical, canonicals, kind, level_hint), remembered and
        shared between calls (so cheaper): read it, never change it."""
        if name in self._actor_cache:
            return self._actor_cache[name]
        if len(self._actor_cache) >= _ACTOR_CACHE_SIZE:
            self._actor_cache.clear()
        cached = self._actor_cache[name] = self._canonical_actor(name)
        return cached

    def _canonical_actor(self, name: str) -> tuple[str, list[str], str, str | None] | None:
        parts = [p for p in _SPLIT.split(name.strip()) if p]
        found = [r for p in parts if (r := self._actor_part(p))]
        if not found:
            return None
        canonical, kind, level = found[0]
        return canonical, list(dict.fromkeys(r[0] for r in found)), kind, level

    def all_words(self) -> list[str]:
        """Every name worth adding to a word segmenter's user dictionary."""
        words = {w for w, s in self._place_surfaces.items() if not s.blocked}
        words.update(self._agency_index, self._company_index)
        return sorted(w for w in words if len(w) >= 2)


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The shared, loaded gazetteer (built on first use, then cached)."""
    return Gazetteer()
