"""Full-text search over stored items: exact-substring semantics for Chinese, boolean queries, filters,
facet counts, ranking, highlighted snippets and pagination.

A query is parsed here into a small tree (terms, quoted phrases, AND / OR / NOT, parentheses) and
compiled either to an FTS5 expression in which every term is quoted (so nothing the user types is FTS
syntax) or, when a 1- or 2-character term has too many index entries, to a scan with `instr`. The
trigram index cannot answer terms shorter than 3 characters; they are answered from its vocabulary
(see store/search_sql.py). A malformed query is searched literally with a warning, never passed on.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from jiance.model import JianceError
from jiance.period import date_bounds
from jiance.store import search_sql as sql
from jiance.store.db import Store

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
MAX_DEPTH = 16
MAX_EXPANSION = 1500  # trigrams a short term may stand for before search falls back to a scan
OPERATORS = {"AND", "OR", "NOT"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class QueryError(JianceError):
    """A query that cannot be searched at all (too long, or nothing to search for)."""


# -- the query tree ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str  # lower-cased literal substring


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    keep: Node
    drop: Node


Node = Term | And | Or | Not


class _ParseError(ValueError):
    pass


def _tokens(query: str) -> list[tuple[str, str]]:
    """(kind, text) with kind in word | phrase | op | ( | ); raises _ParseError on an unclosed quote."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            close = query.find('"', i + 1)
            if close < 0:
                raise _ParseError("a quote is not closed")
            out.append(("phrase", query[i + 1 : close]))
            i = close + 1
        elif ch in "()":
            out.append((ch, ch))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '"()':
                j += 1
            word = query[i:j]
            out.append(("op" if word in OPERATORS else "word", word))
            i = j
    return out


class _Parser:
    """or := and (OR and)* ; and := not (AND? not)* ; not := unit (NOT unit)* ; unit := ( or ) | term."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_()
        if self.peek() is not None:
            raise _ParseError("a closing parenthesis has no opening one")
        return node

    def or_(self) -> Node:
        parts = [self.and_()]
        while self.peek() == ("op", "OR"):
            self.pos += 1
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_(self) -> Node:
        parts = [self.not_()]
        while (tok := self.peek()) is not None and tok[0] != ")" and tok != ("op", "OR"):
            if tok == ("op", "AND"):
                self.pos += 1
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_(self) -> Node:
        node = self.unit()
        while self.peek() == ("op", "NOT"):
            self.pos += 1
            node = Not(node, self.unit())
        return node

    def unit(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise _ParseError("the query ends where a term was expected")
        kind, text = tok
        self.pos += 1
        if kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _ParseError("parentheses are nested too deeply")
            if self.peek() == (")", ")"):
                raise _ParseError("empty parentheses")
            node = self.or_()
            if self.peek() != (")", ")"):
                raise _ParseError("a parenthesis is not closed")
            self.pos += 1
            self.depth -= 1
            return node
        if kind in ("word", "phrase"):
            term = _normalise(text)
            if not term:
                raise _ParseError("an empty phrase")
            return Term(term)
        if kind == ")":
            raise _ParseError("a closing parenthesis has no opening one")
        raise _ParseError(f"{text} needs a term on each side")


def _normalise(text: str) -> str:
    """What a term matches: control characters dropped, case folded like the trigram index folds it."""
    return _CONTROL.sub("", text).strip().lower()


def _literal(query: str) -> Node | None:
    """The sane reading of a malformed query: its words, syntax characters removed, all required."""
    words = [_normalise(w) for w in re.split(r"\s+", re.sub(r'["()]', " ", query))]
    terms = [Term(w) for w in words if w and w not in {"and", "or", "not"}]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else And(tuple(terms))


def parse_query(query: str) -> tuple[Node | None, str | None]:
    """The query tree and a warning (set when the query was malformed and is searched literally)."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(query)} characters; at most {MAX_QUERY_CHARS})")
    try:
        node, warning = _Parser(_tokens(query)).parse(), None
    except _ParseError as exc:
        node = _literal(query)
        warning = f"could not parse the query ({exc}); searched for its words literally"
    if node is not None and len(terms_of(node)) > MAX_TERMS:
        raise QueryError(f"the query has too many terms (at most {MAX_TERMS})")
    return node, warning


def terms_of(node: Node, positive_only: bool = False) -> list[str]:
    """The terms of a tree (those not under NOT when `positive_only`), for highlighting and limits."""
    if isinstance(node, Term):
        return [node.text]
    if isinstance(node, Not):
        return terms_of(node.keep, positive_only) + ([] if positive_only else terms_of(node.drop))
    return [t for p in node.parts for t in terms_of(p, positive_only)]


# -- compiling ----------------------------------------------------------------------------------------
def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def to_fts(node: Node, expand: dict[str, list[str]]) -> str:
    """An FTS5 expression with every term quoted; short terms become OR-lists of their trigrams."""
    if isinstance(node, Term):
        if len(node.text) >= 3:
            return _quote(node.text)
        grams = expand[node.text]
        if not grams:
            return _quote("\x1f\x1f\x1f")  # a trigram no text has: matches nothing
        return "(" + " OR ".join(_quote(g) for g in grams) + ")"
    if isinstance(node, Not):
        return f"({to_fts(node.keep, expand)}) NOT ({to_fts(node.drop, expand)})"
    op = " AND " if isinstance(node, And) else " OR "
    return "(" + op.join(to_fts(p, expand) for p in node.parts) + ")"


def to_scan(node: Node) -> tuple[str, list[str]]:
    """The same tree as a SQL condition of `instr` tests (values bound), for the scan fallback."""
    if isinstance(node, Term):
        return sql.term_test(), [node.text]
    if isinstance(node, Not):
        keep, kp = to_scan(node.keep)
        drop, dp = to_scan(node.drop)
        return f"({keep} AND NOT ({drop}))", kp + dp
    pieces = [to_scan(p) for p in node.parts]
    op = " AND " if isinstance(node, And) else " OR "
    return "(" + op.join(p[0] for p in pieces) + ")", [v for p in pieces for v in p[1]]


def compile_match(conn: sqlite3.Connection, node: Node | None) -> tuple[sql.MatchSpec, str]:
    """The match for a tree and the strategy used: fts, scan (a short term with too many trigrams) or none."""
    if node is None:
        return sql.MatchSpec(), "none"
    expand: dict[str, list[str]] = {}
    for term in terms_of(node):
        if len(term) < 3 and term not in expand:
            grams = sql.short_term_expansion(conn, term, MAX_EXPANSION)
            if len(grams) > MAX_EXPANSION:
                where, params = to_scan(node)
                positive = terms_of(node, positive_only=True)
                return sql.MatchSpec(scan_sql=where, scan_params=params, score_terms=positive), "scan"
            expand[term] = grams
    return sql.MatchSpec(fts=to_fts(node, expand), score_terms=terms_of(node, positive_only=True)), "fts"


# -- filters ------------------------------------------------------------------------------------------
@dataclass
class SearchFilters:
    """What a search may be restricted to; names as written (short names like 福建 are resolved)."""

    date_from: str | None = None
    date_to: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    agency: str | None = None
    company: str | None = None
    sector: str | None = None
    event_type: str | None = None
    policy: str | None = None
    actor: str | None = None
    doc: str | int | None = None


_FACET_FILTERS = ("province", "city", "agency", "company", "sector", "policy", "actor")


def _place_name(value: str) -> str | None:
    try:
        from jiance.gazetteer import resolve_place
    except ImportError:  # pragma: no cover - the gazetteer is part of the package
        return None
    try:
        place = resolve_place(value)
    except Exception:  # a gazetteer still being written must not break search
        return None
    return place.name if place else None


def resolve_filters(conn: sqlite3.Connection, f: SearchFilters) -> sql.Filters:
    """Turn names into stored facet values (exact, else by prefix, else by the gazetteer's full name)."""
    out = sql.Filters(level=f.level, event_type=f.event_type)
    if f.date_from:
        out.date_from = date_bounds(f.date_from)[0] or f.date_from
    if f.date_to:
        out.date_to = date_bounds(f.date_to)[1] or f.date_to
    for facet in _FACET_FILTERS:
        value = getattr(f, facet)
        if not value:
            continue
        values = sql.resolve_values(conn, facet, value)
        if not values and facet in ("province", "city"):
            full = _place_name(value)
            values = sql.resolve_values(conn, facet, full) if full else []
        out.facets[facet] = values or [value]
    for facet, values in [*out.facets.items(), ("level", [f.level]), ("event_type", [f.event_type])]:
        tokens = sql.tag_tokens(conn, facet, [v for v in values if v])
        if tokens:
            out.tags[facet] = tokens
    if f.doc is not None:
        out.doc_ids = sql.resolve_docs(conn, str(f.doc)) or [-1]
    return out


# -- results ------------------------------------------------------------------------------------------
@dataclass
class SearchHit:
    id: int
    doc: str
    line: int
    end_line: int
    page: int | None
    kind: str
    date: str | None
    level: str | None
    actor: str | None
    actor_canonical: str | None
    title: str | None
    event_type: str | None
    link: str | None
    event_id: int | None
    heat: int | None
    score: float
    text: str
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    strategy: str = "fts"
    warning: str | None = None


def find_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) of every case-insensitive occurrence of any term in `text`."""
    low = text.lower()
    spans = []
    for term in set(terms):
        if not term:
            continue
        pos = low.find(term)
        while pos >= 0:
            spans.append((pos, pos + len(term)))
            pos = low.find(term, pos + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def snippet(text: str, spans: list[tuple[int, int]], width: int = 80, mark: tuple[str, str] = ("<b>", "</b>")) -> str:
    """About `width` characters around the first hit, hits wrapped in `mark`, cuts shown with …."""
    if not spans:
        return text[:width] + ("…" if len(text) > width else "")
    first = spans[0][0]
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [text[pos:s], mark[0], text[s:e], mark[1]]
        pos = e
    out.append(text[pos:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def index_pending(target: Store | sqlite3.Connection) -> int:
    """Bring the full-text index up to date with stored items (in the caller's transaction if one is
    open); returns how many items were indexed. Cheap when nothing is queued."""
    conn = target.conn if isinstance(target, Store) else target
    if not sql.has_pending(conn):
        return 0
    if conn.in_transaction:
        return sql.index_pending(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        n = sql.index_pending(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return n


def search(
    store: Store | sqlite3.Connection,
    query: str = "",
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    *,
    facets: bool = True,
    facet_top: int = 20,
    mark: tuple[str, str] = ("<b>", "</b>"),
) -> SearchResult:
    """Items matching `query` (substring semantics; "phrases", AND/OR/NOT, parentheses) and `filters`.

    `sort` is relevance (bm25, then newest), date (newest first) or date_asc. Facet counts cover all
    hits, not only the page. An empty query lists the filtered items.
    """
    conn = store.conn if isinstance(store, Store) else store
    if sort not in sql.SORTS:
        raise QueryError(f"sort {sort!r}: expected one of {', '.join(sql.SORTS)}")
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    node, warning = parse_query(unicodedata.normalize("NFC", query or ""))
    try:
        index_pending(conn)
    except sqlite3.OperationalError as exc:  # read-only or busy: search what is indexed, and say so
        warning = (warning + "; " if warning else "") + f"newest items may be missing ({exc})"
    if node is None and query.strip() and warning:
        raise QueryError("the query has nothing to search for")
    match, strategy = compile_match(conn, node)
    resolved = resolve_filters(conn, filters or SearchFilters())
    page_sql, params = sql.page_query(match, resolved, sort, limit, offset)
    rows = conn.execute(page_sql, params).fetchall()
    if rows:
        total = rows[0]["total"]
    else:
        count_sql, cparams = sql.count_query(match, resolved)
        total = conn.execute(count_sql, cparams).fetchone()[0]
    positive = terms_of(node, positive_only=True) if node else []
    hits = []
    for r in rows:
        spans = find_spans(r["text"], positive)
        hits.append(
            SearchHit(
                id=r["id"],
                doc=r["doc"],
                line=r["line"],
                end_line=r["end_line"],
                page=r["page"],
                kind=r["kind"],
                date=r["date"],
                level=r["level"],
                actor=r["actor"],
                actor_canonical=r["actor_canonical"],
                title=r["title"],
                event_type=r["event_type"],
                link=r["link"],
                event_id=r["event_id"],
                heat=r["heat"],
                score=float(r["score"] or 0.0),
                text=r["text"],
                snippet=snippet(r["text"], spans, mark=mark),
                spans=spans,
            )
        )
    counts = facet_counts(conn, match, resolved, facet_top) if facets else {}
    return SearchResult(hits=hits, total=total, facets=counts, strategy=strategy, warning=warning)


def facet_counts(
    conn: sqlite3.Connection, match: sql.MatchSpec, resolved: sql.Filters, top: int = 20
) -> dict[str, list[tuple[str, int]]]:
    """Counts per facet value over all hits (the `top` most frequent of each), plus doc and month."""
    out: dict[str, list[tuple[str, int]]] = {name: [] for name in (*sql.FACETS, *sql.DERIVED_FACETS)}
    for kind, query, params in sql.facet_queries(match, resolved, top):
        rows = conn.execute(query, params).fetchall()
        if kind == "facets":
            for facet, value, n in rows:
                out.setdefault(facet, []).append((value, n))
        else:
            out[kind] = [(value, n) for value, n in rows]
    return out
