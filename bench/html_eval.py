"""Run read_html over the saved news pages, print what it found, time it, and score it against
the hand-checked records in html_eval_checked.json.

    .venv/bin/python bench/html_eval.py [--pages DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from jiance.ingest.html import read_html
from jiance.model import JianceError, RawDocument

PAGES = Path(__file__).resolve().parents[2] / "shared" / "external" / "news-pages"
CHECKED = Path(__file__).with_name("html_eval_checked.json")


def _norm(text: str) -> str:
    """Compare without spaces and punctuation, which pages render inconsistently."""
    return re.sub(r"[\s\W_]+", "", text or "").lower()


def score(checked: list[dict], results: dict[str, RawDocument | str], quiet: bool = False) -> dict[str, float]:
    """Share of pages whose title, date, body start and body end match the hand check."""
    hits = {"title": 0, "date": 0, "start": 0, "end": 0}
    failures: list[str] = []
    for rec in checked:
        doc = results.get(rec["file"])
        if rec.get("expect_error"):
            ok = isinstance(doc, str)
            for key in hits:
                hits[key] += ok
            if not ok:
                failures.append(f"{rec['file']}: expected an error, got text")
            continue
        if not isinstance(doc, RawDocument):
            failures.append(f"{rec['file']}: error {doc}")
            continue
        body = _norm(doc.text)
        checks = {
            "title": _norm(doc.title or "") == _norm(rec["title"]),
            "date": doc.published == rec["date"],
            "start": body.startswith(_norm(rec["body_start"])),
            "end": body.endswith(_norm(rec["body_end"])),
        }
        for key, ok in checks.items():
            hits[key] += ok
            if not ok:
                got = {
                    "title": doc.title,
                    "date": doc.published,
                    "start": doc.text[:40],
                    "end": doc.text[-40:],
                }[key]
                want = {"title": rec["title"], "date": rec["date"], "start": rec["body_start"], "end": rec["body_end"]}[
                    key
                ]
                failures.append(f"{rec['file']}: {key}: want {want!r} got {got!r}")
    n = max(1, len(checked))
    print(f"\nscored {len(checked)} hand-checked pages")
    for key, value in hits.items():
        print(f"  {key:6s} {value}/{len(checked)} = {value / n:.2f}")
    if failures and not quiet:
        print("failures:")
        for line in failures:
            print("  " + line.replace("\n", " / "))
    return {key: value / n for key, value in hits.items()}


def trafilatura_doc(data: bytes, source: str, precision: bool) -> RawDocument:
    """trafilatura alone, for comparison: the baseline our block scorer has to beat."""
    from jiance.ingest.html import _trafilatura, decode_html

    traf = _trafilatura()
    text, _ = decode_html(data)
    doc = traf.bare_extraction(
        text, include_comments=False, include_tables=True, favor_precision=precision, with_metadata=True
    )
    if doc is None or not doc.text:
        raise JianceError(f"{source}: trafilatura found nothing")
    return RawDocument(
        source=source, name=source, kind="html", text=doc.text, title=doc.title, published=(doc.date or "")[:10] or None
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--quiet", action="store_true", help="only timing and scores")
    parser.add_argument(
        "--trafilatura", choices=["default", "precision"], help="score trafilatura alone instead of read_html"
    )
    args = parser.parse_args()
    if not args.pages.is_dir():
        raise SystemExit(f"no pages at {args.pages}")
    files = sorted(args.pages.glob("*.html"))
    results: dict[str, RawDocument | str] = {}
    total_bytes = 0
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        total_bytes += len(data)
        try:
            if args.trafilatura:
                results[path.name] = trafilatura_doc(data, str(path), args.trafilatura == "precision")
            else:
                results[path.name] = read_html(data, str(path))
        except JianceError as err:
            results[path.name] = str(err)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        for name, doc in results.items():
            if isinstance(doc, str):
                print(f"{name}\n  ERROR {doc}")
                continue
            text = doc.text.replace("\n", " / ")
            print(
                f"{name}\n  title={doc.title!r} date={doc.published} len={len(doc.text)}"
                f" meta={ {k: v for k, v in doc.meta.items() if k not in ('extractor', 'score')} }"
                f"\n  start={text[:40]!r}\n  end={text[-40:]!r}"
            )
    print(
        f"\n{len(files)} pages, {total_bytes / 1e6:.1f} MB in {elapsed:.2f} s: "
        f"{len(files) / elapsed:.1f} pages/s, {total_bytes / 1e6 / elapsed:.2f} MB/s"
    )
    if CHECKED.exists():
        checked = json.loads(CHECKED.read_text("utf-8"))
        score(checked, results)
        for name in sorted({rec.get("set", "tuning") for rec in checked}):
            print(f"\n[{name} set]", end="")
            score([rec for rec in checked if rec.get("set", "tuning") == name], results, quiet=True)


if __name__ == "__main__":
    main()
