"""Turn what the user names (files, folders, URLs) into raw documents, choosing the reader by format.

Folders are walked recursively in a stable order; a file is routed by its extension and, where that
says nothing, by sniffing its first bytes. Every failure is a `JianceError` naming the input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jiance.model import JianceError, RawDocument

MAX_FILE_BYTES = 200_000_000

EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".feed": "feed",
}


@dataclass
class ReadResult:
    """The documents one input yielded, and warnings about parts of it that were skipped."""

    source: str
    documents: list[RawDocument]
    warnings: list[str] = field(default_factory=list)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def expand_inputs(inputs: list[str]) -> Iterator[str]:
    """Files as given, folders walked recursively (hidden files skipped, known formats only), URLs as is."""
    for value in inputs:
        if is_url(value):
            yield value
            continue
        path = Path(value)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                parts = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith(".") for p in parts):
                    if child.suffix.lower() in EXTENSIONS:
                        yield str(child)
        else:
            yield value


def sniff_format(data: bytes) -> str:
    """Guess the format of bytes whose name says nothing."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"pk\x03\x04"):
        return "docx"
    from jiance.ingest.feed import looks_like_feed

    if looks_like_feed(data):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head:
        return "html"
    return "text"


def read_bytes(data: bytes, source: str, fmt: str, *, path: Path | None = None, url: str | None = None) -> ReadResult:
    """Read bytes of a known format (`path` is needed by the PDF and DOCX readers)."""
    if not data.strip():
        raise JianceError(f"{source}: empty file")
    if fmt == "html":
        from jiance.ingest.html import read_html

        return ReadResult(source, [read_html(data, source, url=url)])
    if fmt == "feed":
        from jiance.ingest.feed import read_feed

        docs, warnings = read_feed(data, source)
        return ReadResult(source, docs, warnings)
    if fmt in ("pdf", "docx"):
        if path is None:
            import tempfile

            with tempfile.NamedTemporaryFile(suffix="." + fmt) as tmp:
                tmp.write(data)
                tmp.flush()
                result = read_bytes(data, source, fmt, path=Path(tmp.name), url=url)
            for doc in result.documents:
                doc.source, doc.name, doc.url = source, _name_of(source), url or doc.url
            return result
        if fmt == "pdf":
            from jiance.ingest.pdf import read_pdf

            return ReadResult(source, [read_pdf(path)])
        from jiance.ingest.docx import read_docx

        return ReadResult(source, [read_docx(path)])
    if path is not None:
        from jiance.ingest.textfile import read_text_file

        return ReadResult(source, [read_text_file(path)])
    from jiance.ingest.textfile import decode_bytes

    text, encoding = decode_bytes(data, source)
    doc = RawDocument(
        source=source,
        name=_name_of(source),
        kind="text",
        text=text,
        encoding=encoding,
        url=url,
        title=_first_line(text),
    )
    return ReadResult(source, [doc])


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return None


def _name_of(source: str) -> str:
    if is_url(source):
        return source
    return Path(source).name


def read_source(source: str, *, allow_private: bool = False, timeout: float = 20.0) -> ReadResult:
    """Read one file or URL into raw documents."""
    if is_url(source):
        from jiance.ingest.fetch import fetch_url

        fetched = fetch_url(source, allow_private=allow_private, timeout=timeout)
        ctype = (fetched.content_type or "").lower()
        if "pdf" in ctype:
            fmt = "pdf"
        elif "rss" in ctype or "atom" in ctype:
            fmt = "feed"
        elif "wordprocessingml" in ctype:
            fmt = "docx"
        else:
            fmt = sniff_format(fetched.data)
        return read_bytes(fetched.data, source, fmt, url=fetched.final_url)
    path = Path(source)
    if not path.exists():
        raise JianceError(f"{source}: no such file or folder")
    if not path.is_file():
        raise JianceError(f"{source}: not a regular file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise JianceError(f"{source}: file too large ({size / 1e6:.0f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise JianceError(f"{source}: cannot read ({exc.strerror})") from exc
    fmt = EXTENSIONS.get(path.suffix.lower()) or sniff_format(data)
    if fmt == "feed" and path.suffix.lower() == ".xml":
        from jiance.ingest.feed import looks_like_feed

        if not looks_like_feed(data):
            fmt = "html" if b"<html" in data[:4096].lower() else "text"
    if fmt == "text" and sniff_format(data) in ("pdf", "docx"):
        fmt = sniff_format(data)
    result = read_bytes(data, source, fmt, path=path)
    for doc in result.documents:
        doc.source = source
        if doc.kind != "feed_entry":
            doc.name = path.name
    return result
