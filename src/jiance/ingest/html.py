"""Read one HTML page into a RawDocument: main text, title, publication date, URL, bylines.

Why our own block scorer beside trafilatura: on Chinese portal pages (163, sina, thepaper …)
trafilatura keeps comment widgets and "hot news" lists after the article or drops the article for
the comment box. A page is flattened into text blocks (one per paragraph-like element); each block
scores positive for non-link text with Chinese punctuation and negative for links, short
unpunctuated labels and furniture cues (data/html_boilerplate.yaml). The article is the
contiguous run of blocks with the highest total (maximum subarray, as in Finn's Body Text
Extraction). trafilatura stays the second opinion when our scorer finds too little, and its
htmldate supplies the date where the page's own metadata and Chinese date patterns do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any

import lxml.etree
import lxml.html
import yaml

from jiance.model import JianceError, RawDocument

MAX_BYTES = 15_000_000
MIN_ARTICLE_CHARS = 60
# trafilatura and htmldate slow down superlinearly on pathological trees (a million nested
# tags took over a minute); real article pages have a few thousand elements.
MAX_ELEMENTS_FOR_SECOND_OPINION = 20_000

_SKIP_TAGS = frozenset(
    "script style noscript template iframe svg canvas object embed select option textarea button "
    "input nav aside head map audio video".split()
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table thead tbody tfoot section article "
    "blockquote pre center figure figcaption header footer main form hr address fieldset".split()
)
_CELL_TAGS = frozenset(("td", "th"))
_PUNCT_RE = re.compile("[，。；！？、：“”（）,;!?]")
_SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0\u3000\u200b\ufeff]+")
_TAG_SPLIT_RE = re.compile(r"\s*[|｜]\s*")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")  # + icon-font glyphs


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    """The boilerplate knowledge file, loaded once."""
    text = resources.files("jiance.ingest").joinpath("data/html_boilerplate.yaml").read_text("utf-8")
    rules = yaml.safe_load(text)
    labels = [(key, label) for key, names in rules["bylines"].items() for label in names]
    labels.sort(key=lambda kv: -len(kv[1]))  # 责任编辑 before 编辑
    rules["_byline_labels"] = labels
    rules["_disclaimer_re"] = re.compile("|".join(map(re.escape, rules["disclaimer_cues"])))
    rules["_noise_re"] = re.compile("|".join(map(re.escape, rules["noise_cues"])))
    rules["_tail_marker_re"] = re.compile(
        r"^[【\[（(<《 \-·•>]*(?:" + "|".join(map(re.escape, rules["tail_markers"])) + ")"
    )
    rules["_tail_res"] = [re.compile(p) for p in rules.get("tail_patterns", [])]
    rules["_credit_res"] = [re.compile(p) for p in rules.get("credit_patterns", [])]
    rules["_suffix_res"] = [re.compile(p) for p in rules.get("line_suffix_patterns", [])]
    alternatives = "|".join(re.escape(label) for _, label in labels)
    rules["_byline_re"] = re.compile(rf"^[\[【(（]?\s*({alternatives})\s*[：:／/]\s*(.{{1,40}}?)\s*[\]】)）]?$")
    rules["_empty_byline_re"] = re.compile(rf"^[\[【(（]?\s*({alternatives})\s*[：:]\s*[\]】)）]?$")
    rules["_byline_seq_re"] = re.compile(
        rf"[\[【(（]?\s*({alternatives})\s*[：:]\s*([^\s\]】)）|｜]{{1,30}})\s*[\]】)）]?"
    )
    return rules


# ---------------------------------------------------------------------------------------------
# decoding


_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ALIASES = {
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "gb_2312-80": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "big5": "big5hkscs",
    "utf8": "utf-8",
}


def _norm_encoding(name: str) -> str:
    """GBK and GB2312 are decoded as GB18030, their superset, so no character is lost."""
    name = name.strip().lower()
    return _ALIASES.get(name, name)


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode page bytes by BOM, then <meta charset>/http-equiv, then charset detection."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), enc
    match = _META_CHARSET_RE.search(data[:8192])
    if match:
        enc = _norm_encoding(match.group(1).decode("ascii", "ignore"))
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # the page lies about its charset; detect instead
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    enc = _norm_encoding(best.encoding) if best is not None else "utf-8"
    try:
        return data.decode(enc, errors="replace"), enc
    except LookupError:
        return data.decode("utf-8", errors="replace"), "utf-8"


def _parse(text: str) -> lxml.html.HtmlElement:
    """Parse forgivingly; comments and processing instructions never enter the tree."""
    text = _CONTROL_RE.sub("", text)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an XML declaration
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
    try:
        root = lxml.html.document_fromstring(text or "<html></html>", parser=parser)
    except (lxml.etree.ParserError, ValueError):
        root = lxml.html.document_fromstring("<html><body></body></html>")
    return root


# ---------------------------------------------------------------------------------------------
# blocks


@dataclass
class Block:
    """One paragraph-like run of text with what the scorer needs to know about it."""

    text: str
    link_chars: int = 0
    tags: set[str] = field(default_factory=set)

    @property
    def chars(self) -> int:
        return len(self.text.replace(" ", ""))


def _hidden(el: lxml.html.HtmlElement) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def page_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """Flatten the page body into text blocks, iteratively (deep nesting cannot overflow)."""
    body = root.find("body")
    if body is None:
        body = root
    blocks: list[Block] = []
    parts: list[str] = []
    state = {"link": 0, "links": 0}
    tags: set[str] = set()

    def flush() -> None:
        text = _SPACE_RE.sub(" ", "".join(parts)).strip()
        if text:
            blocks.append(Block(text, min(state["links"], len(text)), set(tags)))
        parts.clear()
        tags.clear()
        state["links"] = 0

    def add(text: str | None) -> None:
        if text:
            parts.append(text.replace("\n", " "))
            if state["link"]:
                state["links"] += len(text.strip().replace(" ", ""))

    skip_depth = 0
    for event, el in lxml.etree.iterwalk(body, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if skip_depth or tag in _SKIP_TAGS or _hidden(el):
                skip_depth += 1
                continue
            if tag in _BLOCK_TAGS:
                flush()
            elif tag in _CELL_TAGS:
                parts.append(" ")
            if tag == "a":
                state["link"] += 1
            if tag in ("h1", "h2", "h3", "li", "a", "td"):
                tags.add(tag)
            add(el.text)
        else:
            if skip_depth:
                skip_depth -= 1
                if skip_depth == 0 and el is not body:
                    add(el.tail)
                continue
            if tag == "a":
                state["link"] -= 1
            if tag in _BLOCK_TAGS:
                flush()
            if el is not body:
                add(el.tail)
    flush()
    return blocks


def _starts_with_any(text: str, cues: list[str]) -> bool:
    stripped = text.lstrip("【[（(<《 -·•>")
    return any(stripped.startswith(cue) for cue in cues)


def _block_score(block: Block, rules: dict[str, Any], norm_title: str = "") -> float:
    """Positive for prose, negative for links, labels, furniture, the headline and datelines."""
    chars = block.chars
    text = block.text
    if chars <= 40 and (rules["_tail_marker_re"].match(text) or any(r.match(text) for r in rules["_tail_res"])):
        return -400.0
    if rules["_disclaimer_re"].search(text) or (chars <= 50 and rules["_noise_re"].search(text)):
        return -max(60.0, float(chars))
    if norm_title and _is_title_block(text, norm_title):
        return -40.0  # the headline: the article starts after it
    if _is_dateline(text):
        return -15.0
    if _bylines(text) or _is_credit(text) or _rules()["_empty_byline_re"].match(text):
        return -10.0  # bylines and credits close (or open) an article
    if (text.endswith("...") or (text.endswith("…") and not text.endswith("……"))) and chars < 150:
        return -0.5 * chars  # a truncated teaser of another article
    tokens = _TAG_SPLIT_RE.split(text)
    if len(tokens) >= 3 and max(len(t) for t in tokens) <= 12:
        return -20.0  # a keyword/tag line "20190926|国贸|增长率"
    punct = len(_PUNCT_RE.findall(text))
    own = chars - block.link_chars
    if block.link_chars > 0.5 * chars:
        return -(0.5 if punct else 1.5) * block.link_chars - 5
    if punct == 0 and own < 20:
        return -3.0 - 0.5 * own
    weight = 1.0 if punct else 0.6
    return own * weight - 2.0 * block.link_chars - (2 if punct else 4)


def _is_title_block(text: str, norm_title: str) -> bool:
    """The headline, also with a short label glued on ("原创" + title)."""
    norm = _norm_title(text)
    return norm == norm_title or (norm.endswith(norm_title) and len(norm) - len(norm_title) <= 4)


def block_scores(blocks: list[Block], title: str | None = None) -> list[float]:
    """Each block's score; the headline (when known) scores as a barrier."""
    rules = _rules()
    norm_title = _norm_title(title or "")
    return [_block_score(block, rules, norm_title) for block in blocks]


def best_span(scores: list[float]) -> tuple[int, int, float]:
    """Indices [start, end) of the contiguous block run with the highest total score."""
    best = (0, 0, 0.0)
    run_start, total = 0, 0.0
    for i, score in enumerate(scores):
        if total <= 0:
            run_start, total = i, 0.0
        total += score
        if total > best[2]:
            best = (run_start, i + 1, total)
    return best


# ---------------------------------------------------------------------------------------------
# metadata


def _meta_map(root: lxml.html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content and key.strip().lower() not in out:
            out[key.strip().lower()] = content.strip()
    return out


def _norm_title(text: str) -> str:
    return re.sub(r"[\s\"'“”‘’「」《》:：,，!！?？.。·|_\-—]", "", text).lower()


def strip_site_suffix(title: str) -> str:
    """Drop "_网易财经", " - 人民网", "|澎湃新闻" style site names from a <title>."""
    rules = _rules()
    title = _SPACE_RE.sub(" ", title).strip()
    for _ in range(3):
        cut = None
        for sep in rules["title_separators"]:
            pos = title.rfind(sep)
            if pos <= 0:
                continue
            tail = title[pos + len(sep) :].strip()
            if tail and _is_site_name(tail, rules):
                cut = pos if cut is None else max(cut, pos)
        if cut is None:
            break
        title = title[:cut].strip()
    return title


def _is_site_name(text: str, rules: dict[str, Any]) -> bool:
    if len(text) > 30:
        return False
    if any(name.lower() in text.lower() for name in rules["site_names"]):
        return True
    return len(text) <= 14 and any(text.endswith(end) for end in rules["site_name_endings"])


def _looks_like_headline(block: Block) -> bool:
    text = block.text
    return (
        6 <= len(text) <= 80
        and block.link_chars == 0
        and not _is_dateline(text)
        and not re.search(r"[。；]", text[:-1])
        and not _bylines(text)
    )


def find_title(root: lxml.html.HtmlElement, meta: dict[str, str], blocks: list[Block], body_start: int) -> str | None:
    """Prefer the h1/og:title that the <title> confirms; else the stripped <title>."""
    raw_title = ""
    title_el = root.find(".//title")
    if title_el is not None:
        raw_title = _SPACE_RE.sub(" ", title_el.text_content()).strip()
    stripped = strip_site_suffix(raw_title) if raw_title else ""
    norm_raw = _norm_title(raw_title)
    candidates: list[str] = []
    for h in root.iter("h1", "h2"):
        text = _SPACE_RE.sub(" ", h.text_content()).strip()
        if 4 <= len(text) <= 120:
            candidates.append(text)
    candidates += [b.text for b in blocks[max(0, body_start - 12) : body_start + 2] if _looks_like_headline(b)]
    for key in ("og:title", "twitter:title", "title", "headline"):
        if meta.get(key):
            candidates.append(_SPACE_RE.sub(" ", meta[key]).strip())
    # 1. a heading or og:title that the <title> contains: the longest such one
    confirmed = [c for c in candidates if len(_norm_title(c)) >= 4 and _norm_title(c) in norm_raw]
    if confirmed:
        best = max(confirmed, key=lambda c: len(_norm_title(c)))
        if len(_norm_title(best)) >= 0.5 * len(_norm_title(stripped)):
            return best
    # 2. a <title> that is only a site name: the headline is the strong block before the body
    if not stripped or _is_site_name(stripped, _rules()) or len(stripped) < 6:
        for block in reversed(blocks[max(0, body_start - 12) : body_start + 1]):
            if _looks_like_headline(block):
                return block.text
        h1 = [c for c in candidates[:3] if len(c) >= 6]
        if h1:
            return h1[0]
    return stripped or (candidates[0] if candidates else None)


_DATE_RES = [
    re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{2}){0,3}(?!\d)"),
]


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        value = date(int(y), int(m), int(d))
    except ValueError:
        return None
    if not 1990 <= value.year <= date.today().year + 1:
        return None
    return value.isoformat()


def parse_date(text: str, compact: bool = False) -> str | None:
    """First plausible date in a string, as ISO; compact=True also accepts 20190508."""
    for regex in _DATE_RES if compact else _DATE_RES[:2]:
        for match in regex.finditer(text):
            iso = _iso(*match.groups())
            if iso:
                return iso
    return None


def _script_date(root: lxml.html.HtmlElement) -> str | None:
    """Publication time that only a script carries (WeChat articles, JS-rendered pages)."""
    patterns = [re.compile(p) for p in _rules().get("date_script_patterns", [])]
    for script in root.iter("script"):
        code = script.text or ""
        for regex in patterns:
            match = regex.search(code)
            if not match:
                continue
            value = match.group(1)
            if value.isdigit():
                moment = datetime.fromtimestamp(int(value), tz=timezone(timedelta(hours=8)))
                iso = _iso(str(moment.year), str(moment.month), str(moment.day))
            else:
                iso = parse_date(value, compact=True)
            if iso:
                return iso
    return None


def find_date(
    root: lxml.html.HtmlElement,
    meta: dict[str, str],
    blocks: list[Block],
    title_index: int | None,
    body_start: int,
    body_end: int,
    html_text: str | None,
) -> str | None:
    """Publication date: page metadata, then the dateline near the title, then htmldate."""
    for key in _rules()["date_meta"]:
        if key in meta:
            iso = parse_date(meta[key], compact=True)
            if iso:
                return iso
    lo = title_index if title_index is not None and title_index < body_start else max(0, body_start - 15)
    for block in blocks[lo:body_start]:
        if len(block.text) <= 200:
            iso = parse_date(block.text)
            if iso:
                return iso
    for block in blocks[body_end : body_end + 4]:  # "发布日期：2019-03-06 责任编辑：…" under the text
        if _is_dateline(block.text):
            iso = parse_date(block.text)
            if iso:
                return iso
    iso = _script_date(root)
    if iso:
        return iso
    for el in root.iter("time"):
        iso = parse_date(el.get("datetime") or el.text_content() or "", compact=True)
        if iso:
            return iso
    found = None
    if html_text is not None:
        try:
            from htmldate import find_date as htmldate_find

            found = htmldate_find(html_text, original_date=True, extensive_search=False)
        except Exception:  # htmldate is a best-effort second opinion
            found = None
    if found:
        return found[:10]
    for block in blocks[body_start:body_end][-3:]:
        iso = parse_date(block.text) if len(block.text) <= 80 else None
        if iso:
            return iso
    return None


def find_url(root: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and (link.get("href") or "").startswith("http"):
            return link.get("href").strip()
    value = meta.get("og:url", "")
    return value if value.startswith("http") else None


# ---------------------------------------------------------------------------------------------
# the article


def _bylines(text: str) -> list[tuple[str, str]]:
    """[("source_name", "新京报"), ("editor", "史建磊")] for a short block made only of
    "LABEL：value" pairs ("本文来源：新京报 责任编辑：史建磊"), else []."""
    rules = _rules()
    text = text.strip()
    if len(text) > 80:
        return []
    pairs: list[tuple[str, str]] = []
    pos = 0
    for match in rules["_byline_seq_re"].finditer(text):
        if text[pos : match.start()].strip(" |｜丨/"):
            break
        pairs.append((match.group(1), match.group(2).strip()))
        pos = match.end()
    if not pairs or text[pos:].strip(" |｜丨/"):
        whole = rules["_byline_re"].match(text)
        if not whole:
            return []
        pairs = [(whole.group(1), whole.group(2).strip())]
    keys = dict((name, key) for key, name in rules["_byline_labels"])
    return [(keys[label], value) for label, value in pairs if value]


def _inline_bylines(text: str, meta: dict[str, Any]) -> None:
    """Collect "来源：X 作者：Y" pairs from a dateline block into meta without keeping it."""
    rules = _rules()
    for key, label in rules["_byline_labels"]:
        match = re.search(rf"(?<![\u4e00-\u9fff]){re.escape(label)}\s*[：:]\s*([^\s|｜：:]{{1,30}})", text)
        if match and key not in meta:
            meta[key] = match.group(1)


_DATE_LABEL_RE = re.compile(r"^\s*[\[【(（]?\s*(发布时间|发表时间|发布日期|更新时间|时间|日期|发表于)\s*[：:]?\s*\d")


def _is_dateline(text: str) -> bool:
    """A short block that is only date/time and labels ("2019-09-24 10:21 来源：澎湃新闻")."""
    if len(text) > 80:
        return False
    if _DATE_LABEL_RE.match(text):
        return True
    if not parse_date(text):
        return False
    rest = re.sub(r"[\d年月日:：\-/. ]", "", text)
    return len(rest) <= 40 and not re.search(r"[，。；！？]", text)


def _is_credit(text: str) -> bool:
    return len(text) <= 80 and any(r.match(text.strip()) for r in _rules()["_credit_res"])


def trim_article(lines: list[str], title: str | None, meta: dict[str, Any]) -> list[str]:
    """Remove the repeated headline, datelines and bylines from both ends of the article."""
    norm_title = _norm_title(title or "")
    changed = True
    while lines and changed:
        changed = False
        head = lines[0]
        found = _bylines(head)
        if found:
            for key, value in found:
                meta.setdefault(key, value)
            lines.pop(0)
            changed = True
        elif norm_title and _is_title_block(head, norm_title):
            lines.pop(0)
            changed = True
        elif len(lines) > 1 and _starts_with_any(head, [f"{x}：" for x in _rules()["summary_labels"]]):
            meta.setdefault("summary", head.split("：", 1)[1].strip())
            lines.pop(0)
            changed = True
        elif _is_credit(head):
            meta.setdefault("credit", head)
            lines.pop(0)
            changed = True
        elif _is_dateline(head):
            _inline_bylines(head, meta)
            lines.pop(0)
            changed = True
    changed = True
    while lines and changed:
        changed = False
        tail = lines[-1]
        if _is_credit(tail):
            meta.setdefault("credit", tail)
            lines.pop()
            changed = True
            continue
        for regex in _rules()["_suffix_res"]:
            tail = regex.sub("", tail).rstrip()
        if tail != lines[-1]:
            lines[-1] = tail
            changed = True
            if not tail:
                lines.pop()
                continue
        found = _bylines(tail)
        if found:
            for key, value in found:
                meta.setdefault(key, value)
            lines.pop()
            changed = True
        elif _is_dateline(tail):
            lines.pop()
            changed = True
    return lines


def trafilatura_text(html_text: str, url: str | None, favor_precision: bool = True) -> str:
    """trafilatura's main text (the second opinion), '' when it finds none."""
    import trafilatura as traf  # imported on first use: it is the fallback, and slow to load

    try:
        return (
            traf.extract(
                html_text,
                url=url,
                include_comments=False,
                include_tables=True,
                favor_precision=favor_precision,
                with_metadata=False,
            )
            or ""
        )
    except Exception:  # trafilatura must never take the reader down with it
        return ""


# ---------------------------------------------------------------------------------------------
# entry point


def _name_of(source: str, url: str | None) -> str:
    """The file name for a file, the URL itself for a fetched page."""
    if "://" in source or not source:
        return source or url or ""
    return PurePosixPath(source.replace("\\", "/")).name or source


def read_html(data: bytes, source: str, url: str | None = None) -> RawDocument:
    """Read one HTML page: main text (paragraphs as lines), title, ISO date, URL and bylines."""
    if len(data) > MAX_BYTES:
        raise JianceError(f"{source}: HTML page too large ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB)")
    text, encoding = decode_html(data.replace(b"\x00", b""))
    root = _parse(text)
    meta_tags = _meta_map(root)
    small = sum(1 for _ in root.iter()) <= MAX_ELEMENTS_FOR_SECOND_OPINION
    blocks = page_blocks(root)
    scores = block_scores(blocks)
    title = find_title(root, meta_tags, blocks, best_span(scores)[0])
    norm_title = _norm_title(title or "")
    for i, block in enumerate(blocks):  # again, now that the headline is known
        if scores[i] > -40 and norm_title and _is_title_block(block.text, norm_title):
            scores[i] = -40.0
    start, end, score = best_span(scores)
    lines = [blocks[i].text for i in range(start, end) if scores[i] > -50]
    meta: dict[str, Any] = {"extractor": "blocks"}
    title_index = None
    norm_title = _norm_title(title or "")
    for i in range(min(start, len(blocks)) - 1, max(-1, start - 40), -1):
        if norm_title and _is_title_block(blocks[i].text, norm_title):
            title_index = i
            break
    for block in blocks[title_index if title_index is not None else max(0, start - 6) : start]:
        found = _bylines(block.text)
        for key, value in found:
            meta.setdefault(key, value)
        if not found and len(block.text) <= 120:
            _inline_bylines(block.text, meta)
    lines = trim_article(lines, title, meta)
    for block in blocks[end : end + 5]:  # bylines right under the text ("责任编辑：…")
        for key, value in _bylines(block.text):
            meta.setdefault(key, value)
    body = "\n".join(lines)
    if len(body.replace(" ", "")) < MIN_ARTICLE_CHARS and small:
        fallback = trafilatura_text(text, url)
        if len(fallback) >= MIN_ARTICLE_CHARS:
            lines = trim_article([ln.strip() for ln in fallback.splitlines() if ln.strip()], title, meta)
            body = "\n".join(lines)
            meta["extractor"] = "trafilatura"
    if len(body.replace(" ", "")) < MIN_ARTICLE_CHARS:
        raise JianceError(f"{source}: no article text found (list page or script-only page)")
    published = find_date(root, meta_tags, blocks, title_index, start, end, text if small else None)
    for key in ("author", "source_name"):
        if key not in meta:
            value = meta_tags.get("article:author" if key == "author" else "source") or meta_tags.get(key)
            if value:
                meta[key] = value
    meta["score"] = round(score, 1)
    return RawDocument(
        source=source,
        name=_name_of(source, url),
        kind="html",
        text=body,
        title=title,
        published=published,
        url=url or find_url(root, meta_tags),
        encoding=encoding,
        meta=meta,
    )


__all__ = ["read_html", "decode_html", "strip_site_suffix", "parse_date", "MAX_BYTES"]
