"""Whole-ingest throughput (read, clean, segment, extract, store) on the seeds, with rjieba as baseline.

Prints the time of each phase: read, clean, extract (segment + extract), add_document (store),
index_pending (full-text index) and assign_events (near-duplicate merging); the last two are update_events.

Run: .venv/bin/python bench/ingest.py [--copies N]   (target: >= 1 MB/s on one core)
With --copies N the seeds are ingested N times (each copy altered so it is a new document) to show that
peak memory does not grow with the corpus.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import mb, peak_rss_mb, rjieba_seconds, seed_paths  # noqa: E402

from jiance.ingest.sources import read_source  # noqa: E402
from jiance.pipeline import ingest_documents  # noqa: E402
from jiance.store.db import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    paths = seed_paths()
    texts = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(tmp)
        # warm the data files once so start-up is not charged to the first seed
        list(ingest_documents(store, read_source(str(paths[1])).documents, "warm-up"))
        store.close()
        for p in Path(tmp).glob("jiance.db*"):
            p.unlink()
        store = Store.open(tmp)
        total = 0
        rss = []
        phases: dict[str, float] = {}
        t0 = time.perf_counter()
        for copy in range(args.copies):
            for path in paths:
                t_read = time.perf_counter()
                result = read_source(str(path))
                phases["read"] = phases.get("read", 0.0) + time.perf_counter() - t_read
                for raw in result.documents:
                    if copy:
                        raw.text += f"\n副本{copy}"
                    if copy == 0:
                        texts.append(raw.text)
                    total += len(raw.text.encode())
                for outcome in ingest_documents(store, result.documents, str(path), timings=phases):
                    if outcome.status == "error":
                        print("error:", outcome.message)
            rss.append(peak_rss_mb())
        elapsed = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in Path(tmp).glob("jiance.db*"))
        stats = store.stats()
        store.close()
    base = rjieba_seconds(texts)
    print(
        f"ingested {stats['documents']} documents, {stats['items']} items, {mb(total):.2f} MB "
        f"in {elapsed:.2f} s: {mb(total) / elapsed:.2f} MB/s (target >= 1 MB/s)"
    )
    print(
        f"rjieba cut of the same text: {mb(sum(len(t.encode()) for t in texts)) / base:.2f} MB/s; "
        f"ingest takes {elapsed / args.copies / base:.1f}x rjieba's time"
    )
    shown = ("read", "clean", "extract", "add_document", "index_pending", "assign_events")
    other = elapsed - sum(phases.values())
    print(
        "phases (s): "
        + ", ".join(f"{name} {phases.get(name, 0.0):.2f}" for name in shown)
        + f"; update_events {phases.get('index_pending', 0.0) + phases.get('assign_events', 0.0):.2f}"
        + f"; other {other:.2f}"
    )
    print(f"database {mb(size):.1f} MB; peak RSS after each copy (MB): {', '.join(f'{r:.0f}' for r in rss)}")


if __name__ == "__main__":
    main()
