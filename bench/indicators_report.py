"""Print indicators, event types and sectors found in the seed documents, for a person to judge.

Usage: .venv/bin/python bench/indicators_report.py [--seeds DIR] [--gold FILE] [--speed]

1. Seed 000: the April 2017 PMI, non-manufacturing index, PPI and CPI (宏观经济 section).
2. Seed 003: every indicator of Part A (the 2017 review), numbered, for a hand check of a sample.
3. Seed 001 gold items: event type, cue, negative flag and sectors with their keywords.
4. With --speed: MB/s of each function over the lines of seed 004.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from jiance.extract.classify import classify_event, classify_sectors
from jiance.extract.indicators import extract_indicators

SHARED = Path("/work/shared")


def clean(raw: str) -> str:
    """Use the project's cleaner when there is one, else join wrapped lines naively."""
    try:
        from jiance.ingest.clean import clean_text  # type: ignore[attr-defined]

        out = clean_text(raw)
        return out.text if hasattr(out, "text") else str(out)
    except Exception:  # noqa: BLE001 - the cleaner is optional here
        lines = [ln.strip() for ln in raw.splitlines()]
        return "".join(ln for ln in lines if ln)


def seed(seeds: Path, prefix: str) -> Path | None:
    found = sorted(seeds.glob(f"{prefix}_*.txt"))
    return found[0] if found else None


def show(ind: dict) -> str:
    ch = ""
    if ind["change"] is not None:
        ch = f" change={ind['change']:+g}{ind['change_unit']} ({ind['change_kind']})"
    elif ind["value_is_change"]:
        ch = f" [value is change, {ind['change_kind']}]"
    q = f" q={ind['qualifier']}" if ind["qualifier"] else ""
    return (
        f"{ind['name']} = {ind['value']:g}{ind['unit']}{q}{ch} period={ind['period']} "
        f"subject={ind['subject']} cue={ind['cue']} series={'/'.join(ind['series'])}"
    )


def report_000(seeds: Path) -> None:
    path = seed(seeds, "000")
    if not path:
        print("seed 000 missing")
        return
    raw = path.read_text(encoding="utf-8")
    lines = raw.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip() == "I 宏观经济"), 0)
    end = next((i for i, ln in enumerate(lines[start + 1 :], start + 1) if re.match(r"^II\s", ln)), len(lines))
    text = clean("\n\n".join(lines[start:end]).replace("\n\n", "\n"))
    print(f"== seed 000 {path.name}: 宏观经济 lines {start + 1}-{end}, {len(text)} chars")
    want = ("制造业PMI", "非制造业商务活动指数", "PPI同比", "PPI环比", "PPIRM同比", "PPIRM环比", "CPI同比", "CPI环比")
    for ind in extract_indicators(text, default_period="2017-04"):
        if ind["series"][0] in want:
            print("  *", show(ind))
    print()


def report_003(seeds: Path) -> None:
    path = seed(seeds, "003")
    if not path:
        print("seed 003 missing")
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next((i for i, ln in enumerate(lines) if "产业发展综述" in ln and "《" not in ln), 0)
    end = next((i for i, ln in enumerate(lines) if "趋势值得关注" in ln), len(lines))
    text = clean("\n".join(lines[start:end]))
    inds = extract_indicators(text, default_period="2017")
    print(f"== seed 003 {path.name}: Part A lines {start + 1}-{end}: {len(inds)} indicators")
    for n, ind in enumerate(inds, 1):
        print(f"  {n:3d}. {show(ind)}\n       «{ind['text'][:90]}»")
    print()


def report_001(gold: Path) -> None:
    if not gold.exists():
        print("gold missing")
        return
    rows = [json.loads(ln) for ln in gold.read_text(encoding="utf-8").splitlines() if ln.strip()]
    print(f"== seed 001 gold: {len(rows)} items")
    counts: dict[str, int] = {}
    for n, r in enumerate(rows, 1):
        ev = classify_event(r["text"])
        sec = classify_sectors(r["text"])
        counts[ev.event_type] = counts.get(ev.event_type, 0) + 1
        neg = f" NEGATIVE({ev.negative_cue})" if ev.negative else ""
        secs = ", ".join(f"{k}<{v}>" for k, v in sec.items())
        print(f"  {n:3d}. [{ev.event_type}<{ev.cue}>{neg}] {{{secs}}}\n       {r['text'][:110]}")
    print("  event types:", json.dumps(counts, ensure_ascii=False))
    print()


def speed(seeds: Path) -> None:
    path = seed(seeds, "004")
    if not path:
        return
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    mb = sum(len(ln.encode("utf-8")) for ln in lines) / 1e6
    for fn in (extract_indicators, classify_event, classify_sectors):
        t0 = time.perf_counter()
        for ln in lines:
            fn(ln)
        dt = time.perf_counter() - t0
        print(f"speed {fn.__name__}: {mb:.2f} MB in {dt:.3f} s = {mb / dt:.1f} MB/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "001_events.jsonl")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--only", choices=["000", "003", "001"], default=None)
    args = ap.parse_args(argv)
    if args.only in (None, "000"):
        report_000(args.seeds)
    if args.only in (None, "003"):
        report_003(args.seeds)
    if args.only in (None, "001"):
        report_001(args.gold)
    if args.speed:
        speed(args.seeds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
