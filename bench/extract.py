"""Segment + extract throughput on the seeds, beside rjieba segmentation of the same text.

Run: .venv/bin/python bench/extract.py   (target: >= 3 MB/s on one core)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import mb, peak_rss_mb, rjieba_seconds, seed_paths  # noqa: E402

from jiance.ingest.sources import read_source  # noqa: E402
from jiance.pipeline import extract, prepare  # noqa: E402


def main() -> None:
    docs = [prepare(read_source(str(p)).documents[0]) for p in seed_paths()]
    extract(docs[0])  # load gazetteer and data files once, as a long-running process would
    total_bytes = sum(len(d.clean.text.encode()) for d in docs)
    rows = []
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        counts = []
        for d in docs:
            t = time.perf_counter()
            n = len(extract(d))
            counts.append((d.raw.name, n, time.perf_counter() - t, len(d.clean.text.encode())))
        elapsed = time.perf_counter() - t0
        if elapsed < best:
            best, rows = elapsed, counts
    base = rjieba_seconds([d.clean.text for d in docs])
    print(f"{'seed':<28}{'items':>7}{'MB':>8}{'s':>8}{'MB/s':>8}")
    for name, n, secs, nbytes in rows:
        print(f"{name:<28}{n:>7}{mb(nbytes):>8.2f}{secs:>8.3f}{mb(nbytes) / secs:>8.2f}")
    print(f"segment+extract: {mb(total_bytes) / best:.2f} MB/s on {mb(total_bytes):.2f} MB (target >= 3 MB/s)")
    print(
        f"rjieba cut of the same text: {mb(total_bytes) / base:.2f} MB/s; "
        f"ratio segment+extract / rjieba = {base / best:.2f}"
    )
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
