"""Cleaner report for the seeds: lines before/after, time, MB/s and spot checks of the line map.

Usage: .venv/bin/python bench/clean_report.py [SEED_DIR] [--spots N]

For each seed, the spot checks show a cleaned line (joined lines first, then others picked at
random with a fixed seed), the original line numbers its characters map to, and those original
lines, so that a reader can verify the map by eye.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from jiance.ingest.clean import ITEM_SEP, clean_text
from jiance.model import LineIndex

DEFAULT_SEEDS = Path("/work/shared/seeds")


def _short(s: str, n: int = 70) -> str:
    s = s.replace("\t", " ⇥ ").replace(ITEM_SEP, " ◊ ")
    return s if len(s) <= n else s[: n - 1] + "…"


def report(path: Path, spots: int, repeat: int) -> None:
    raw = path.read_text("utf-8")
    size = len(raw.encode("utf-8"))
    best = cpu = float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        clean = clean_text(raw)
        best = min(best, time.perf_counter() - t)
        cpu = min(cpu, time.process_time() - c)
    orig_lines = raw.split("\n")
    out_lines = clean.text.split("\n")
    print(f"## {path.name}")
    print(
        f"lines {len(orig_lines)} -> {len(out_lines)} | chars {len(raw)} -> {len(clean.text)} | "
        f"{size / 1e6:.2f} MB in {best * 1000:.0f} ms wall = {size / 1e6 / best:.2f} MB/s "
        f"(CPU {cpu * 1000:.0f} ms = {size / 1e6 / cpu:.2f} MB/s)"
    )
    index = LineIndex(raw)
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in out_lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    mapped = []
    for a, b in spans:
        if b > a:
            lines = sorted({index.line_of(clean.char_map[i]) for i in range(a, b)})
            mapped.append((a, b, lines))
    rng = random.Random(42)
    joined = [m for m in mapped if len(m[2]) > 1]
    picks = rng.sample(joined, min(len(joined), (spots + 1) // 2))
    rest = [m for m in mapped if m not in picks]
    picks += rng.sample(rest, min(len(rest), spots - len(picks)))
    for a, b, lines in sorted(picks):
        print(f"- cleaned: {_short(clean.text[a:b])}")
        print(f"  from original line(s) {', '.join(map(str, lines))}:")
        for n in lines[:4]:
            print(f"    {n:>6}: {_short(orig_lines[n - 1])}")
        if len(lines) > 4:
            print(f"    … and {len(lines) - 4} more")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("seeds", nargs="?", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--spots", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3, help="runs per file; the best time is shown")
    args = ap.parse_args()
    files = sorted(args.seeds.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {args.seeds}")
    total_bytes = total_time = 0.0
    for f in files:
        report(f, args.spots, args.repeat)
        raw = f.read_text("utf-8")
        t = time.perf_counter()
        clean_text(raw)
        total_time += time.perf_counter() - t
        total_bytes += len(raw.encode("utf-8"))
    print(f"all seeds: {total_bytes / 1e6:.2f} MB in {total_time:.2f} s = {total_bytes / 1e6 / total_time:.2f} MB/s")


if __name__ == "__main__":
    main()
