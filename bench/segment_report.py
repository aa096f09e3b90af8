"""Segment the seed documents and report counts per shape and kind, timings and sample items.

Usage: .venv/bin/python bench/segment_report.py [--raw] [--samples N] [FILE ...]
Without FILE it reads ../shared/seeds/*.txt. The text is cleaned with jiance.ingest.clean when
that module is there (--raw: blank lines collapsed only, to see the segmenters without it).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jiance.segment.shapes import choose_regions, segment_document  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def load_text(path: Path, raw: bool = False) -> str:
    """The cleaned text of a seed (or the raw text with blank lines collapsed)."""
    text = path.read_text(encoding="utf-8")
    if not raw:
        try:
            from jiance.ingest.clean import clean_text
        except ImportError:
            pass
        else:
            return clean_text(text).text
    return re.sub(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+", "\n", text)


def report(path: Path, raw: bool, samples: int) -> None:
    text = load_text(path, raw)
    t0 = time.perf_counter()
    segments = segment_document(text)
    dt = time.perf_counter() - t0
    regions = choose_regions(text)
    print(f"== {path.name}: {len(text):,} chars, {len(segments)} items in {dt:.3f} s")
    print("   regions:", dict(Counter(r.shape for r in regions)))
    print("   kinds:  ", dict(Counter(s.kind for s in segments)))
    print("   levels: ", dict(Counter(s.level for s in segments if s.level)))
    dated = sum(1 for s in segments if s.kind == "chronicle" and s.fields.get("date"))
    sourced = sum(1 for s in segments if s.fields.get("source"))
    print(f"   chronicle entries with a date: {dated}; items with a source: {sourced}")
    shown: Counter[str] = Counter()
    for s in segments:
        if shown[s.kind] >= samples:
            continue
        shown[s.kind] += 1
        body = text[s.start : s.end].replace("\n", " / ")
        extra = {k: v for k, v in (("title", s.title), ("actor", s.actor), ("level", s.level)) if v}
        print(f"   [{s.kind}] {' > '.join(s.section)[-60:]} {extra} {s.fields or ''}")
        print(f"       {body[:110]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--raw", action="store_true", help="do not run the cleaner")
    ap.add_argument("--samples", type=int, default=2, help="sample items per kind")
    args = ap.parse_args()
    for path in args.files or sorted(SEEDS.glob("*.txt")):
        report(path, args.raw, args.samples)


if __name__ == "__main__":
    main()
