"""Plain-text reader (.txt/.md) with encoding detection tuned for Chinese documents.

Chinese text files come as UTF-8 (with or without BOM), UTF-16 (often without BOM when exported
from Windows tools), GB2312/GBK/GB18030 or Big5. Generic detectors guess wrong on short Chinese
texts, so the strategy is explicit and cheap:

1. strict UTF-8 (self-validating: legacy Chinese bytes almost never form valid UTF-8);
2. byte-order marks;
3. BOM-less UTF-16, recognised by NUL bytes that sit on one byte parity;
4. GB18030 and Big5 (and BOM-less UTF-16 without ASCII), each decoded strictly on a sample and
   scored by how many of the decoded Han characters are common ones: a wrong legacy decode yields
   rare characters, a right one yields 的/是/國/們;
5. when no strict decode works: the Chinese encoding that leaves the fewest damaged bytes (a few
   are tolerated and kept as U+FFFD), then charset-normalizer restricted to these encodings.

Every result is validated: text that is mostly control or replacement characters is binary.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from jiance.model import JianceError, RawDocument

SAMPLE_BYTES = 64 * 1024
"""Detection looks at this much of the file; the full file is decoded once, by one codec."""

_CHECK_CHARS = 20_000

# Frequent characters of modern written Chinese (shared and simplified forms) ...
_COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
    "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
    "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革"
    "位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强"
    "放决西被干做必战先回则任取据处府研务信息网络互联服平台市场企业技术发展数字经济创新智能安全管理政策"
    "通知印发关于推进加快省县乡镇村城区局委办厅司会议规划方案意见实施工程项目建设投资融资亿万元百分比率"
    "增长下降同比环比个点指数采购经理制造价格消费居民月日年季度记者报道来源据悉显示目前已经正在全国地方"
    "中央国务院工业信息化部卫生健康委员会商务农业交通教育科学公安财政人民银行移动电信联通阿里巴腾讯百度"
    "京东华为小米美团字节跳动集团公司有限股份科技网络平台用户产品模式行业领域标准体系试点示范推广应用"
)
# ... and traditional forms that Big5 files use where GBK files use the simplified ones.
_COMMON_TRADITIONAL = (
    "這個們國時來對會說發動過學產種後從業實現經與點當體應開還間關問長門電號見話語讀書寫東車馬鳥魚貝"
    "見義務數據資訊網絡聯絡絡區縣鄉鎮團隊務計劃設備項廣場價格億萬農醫療衛護將傳統際該處總統濟創術導"
    "標準領頁節費購買賣輸製裝運範圍確權調達屬優質適選舉報紙聞辦廳處員議規劃為無並於邊級覽歡"
)
_COMMON = frozenset(_COMMON_SIMPLIFIED) | frozenset(_COMMON_TRADITIONAL)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _error(name: str, problem: str) -> JianceError:
    return JianceError(f"{name}: {problem}")


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")
# Characters a Chinese policy text is made of: Han, ASCII, Latin-1/Extended (names), Greek and
# Cyrillic (GBK has them), general punctuation and symbols, CJK punctuation, full-width forms.
_UNEXPECTED_RE = re.compile(
    f"[^\t\n\r\f\v\x20-\x7e\xa0-\u024f\u0370-\u04ff\u2000-\u2bff\u3000-\u33ff\ufe30-\ufe4f\uff00-\uffef\ufeff{_HAN}]"
)
# Control characters (other than whitespace), C1 controls, replacement characters, lone surrogates.
_BAD_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


def _bad_share(text: str) -> float:
    """Share of control and replacement characters: high means binary data or a wrong decode."""
    sample = text[:_CHECK_CHARS]
    return len(_BAD_RE.findall(sample)) / len(sample) if sample else 0.0


def _expected_share(text: str) -> float:
    sample = text[:_CHECK_CHARS]
    return 1.0 - len(_UNEXPECTED_RE.findall(sample)) / len(sample) if sample else 1.0


def _common_score(text: str) -> float:
    """Share of the sample's Han characters that are common ones (0.0 without Han characters)."""
    han = _HAN_RE.findall(text[:_CHECK_CHARS])[:8000]
    return sum(ch in _COMMON for ch in han) / len(han) if han else 0.0


def _validate(text: str, name: str, encoding: str, legacy: bool) -> None:
    bad = _bad_share(text)
    if bad > 0.02:
        raise _error(name, f"cannot decide the text encoding ({bad:.0%} control or invalid characters as {encoding})")
    if legacy and _expected_share(text) < 0.9:
        raise _error(name, f"cannot decide the text encoding (decoding as {encoding} gives unusual characters)")


def _utf16_by_nuls(sample: bytes) -> str | None:
    """BOM-less UTF-16: ASCII characters put their NUL byte on one parity (odd for LE, even for BE)."""
    sample = sample[: len(sample) // 2 * 2]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    total = even + odd
    if total < max(1, len(sample) // 400):  # text has spaces, digits, newlines: NULs are not rare
        return None
    if odd >= 0.8 * total:
        return "utf-16-le"
    if even >= 0.8 * total:
        return "utf-16-be"
    return None


def _decode_sample(sample: bytes, encoding: str) -> str | None:
    """Strictly decode the head of a file; a character cut at the sample's end is not an error."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return None


def _decode_full(data: bytes, encoding: str, name: str) -> str:
    """Decode the whole file; tolerate a handful of damaged bytes, shown as U+FFFD."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
    damaged = text.count("\ufffd")
    if damaged > max(3, len(text) // 1000):
        raise _error(name, f"cannot decide the text encoding ({damaged} bytes are invalid as {encoding})")
    return text


def _try_utf8(data: bytes) -> str | None:
    """UTF-8 strictly, or with a few damaged bytes when the rest is clearly multi-byte UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data.decode("utf-8", errors="replace")  # file cut inside the last character
    head = data[:SAMPLE_BYTES].decode("utf-8", errors="replace")
    damaged = head.count("\ufffd")
    multibyte = sum(1 for ch in head if ord(ch) > 0x7F) - damaged
    if multibyte >= 10 and damaged <= max(2, multibyte // 500):
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 2000):
            return text
    return None


def _legacy_candidates(sample: bytes, even: bool) -> list[tuple[float, int, str]]:
    """Score each strictly-decodable Chinese encoding on the sample; best first."""
    encodings = ["gb18030", "big5", "big5hkscs"]
    if even:
        encodings += ["utf-16-le", "utf-16-be"]
    scored: list[tuple[float, int, str]] = []
    for order, enc in enumerate(encodings):
        text = _decode_sample(sample, enc)
        if text is None or _bad_share(text) > 0.02 or _expected_share(text) < 0.9:
            continue
        scored.append((_common_score(text), -order, enc))
    scored.sort(reverse=True)
    return scored


def _tolerant_guess(sample: bytes) -> str | None:
    """A legacy file with a few damaged bytes: the Chinese encoding with least damage and good text."""
    best: tuple[int, float, str] | None = None
    for enc in ("gb18030", "big5"):
        text = codecs.getincrementaldecoder(enc)("replace").decode(sample, final=False)
        damaged = text.count("\ufffd")
        if damaged > max(2, len(text) // 1000) or _expected_share(text) < 0.9:
            continue
        key = (-damaged, _common_score(text), enc)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def _charset_normalizer_guess(sample: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(
        sample,
        cp_isolation=["utf_8", "gb18030", "big5", "big5hkscs", "utf_16_le", "utf_16_be"],
        preemptive_behaviour=False,
    ).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a Chinese text file's bytes; returns (text, encoding name).

    Raises JianceError naming `name` when the file is empty or its encoding cannot be decided
    (binary data, or no candidate decodes to plausible text). Newlines are left as they are.
    """
    if not data:
        raise _error(name, "empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise _error(
                    name, f"cannot decide the text encoding ({enc} BOM but invalid bytes at {exc.start})"
                ) from None
            text = text.removeprefix("\ufeff")
            _validate(text, name, enc, legacy=False)
            return text, enc
    sample = data[:SAMPLE_BYTES]
    if 0 in sample:
        enc = _utf16_by_nuls(sample)
        if enc is None:
            share = sample.count(0) / len(sample)
            raise _error(
                name, f"cannot decide the text encoding (NUL bytes ({share:.1%}) without UTF-16 shape; binary?)"
            )
        text = _decode_full(data, enc, name)
        _validate(text, name, enc, legacy=True)
        return text, enc
    text = _try_utf8(data)
    if text is not None:
        _validate(text, name, "utf-8", legacy=False)
        return text, "utf-8"
    for _ratio, _order, enc in _legacy_candidates(sample, len(data) % 2 == 0):
        if enc == "gb18030":
            try:  # report the narrowest name that fits: most files are plain GBK
                return data.decode("gbk"), "gbk"
            except UnicodeDecodeError:
                pass
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue  # the sample was fine but the rest is not: try the next candidate
    guess = _tolerant_guess(sample) or _charset_normalizer_guess(sample)
    if guess is None:
        share = _bad_share(sample.decode("latin-1"))
        raise _error(name, f"cannot decide the text encoding (no Chinese encoding fits; {share:.0%} control bytes)")
    guess = codecs.lookup(guess).name
    text = _decode_full(data, guess, name)
    _validate(text, name, guess, legacy=True)
    return text, guess


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so that line numbers mean the same in every stage."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def guess_title(text: str, max_len: int = 80, max_lines: int = 30) -> str | None:
    """First non-empty short line near the top (Markdown heading marks removed), or None."""
    for line in text.split("\n", max_lines)[:max_lines]:
        line = line.strip().lstrip("#").strip()
        if line and len(line) <= max_len:
            return line
    return None


def read_text_file(path: Path) -> RawDocument:
    """Read a .txt/.md file into a RawDocument with detected encoding and LF newlines."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _error(path.name, f"cannot read the file ({exc.strerror or exc})") from None
    text, encoding = decode_bytes(data, path.name)
    text = normalize_newlines(text)
    if not text.strip():
        raise _error(path.name, "empty file")
    return RawDocument(
        source=str(path),
        name=path.name,
        kind="text",
        text=text,
        title=guess_title(text),
        encoding=encoding,
        meta={"format": "markdown" if path.suffix.lower() in (".md", ".markdown") else "text"},
    )
