"""Shared helpers for the benchmarks: the seeds, and rjieba segmentation as the in-process baseline."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import rjieba

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no seeds in {SEEDS}")
    return paths


def rjieba_seconds(texts: list[str], repeat: int = 3) -> float:
    """Best of `repeat` runs of plain rjieba over the texts (the baseline the targets are relative to)."""
    rjieba.cut("预热")
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            rjieba.cut(text)
        best = min(best, time.perf_counter() - t0)
    return best


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mb(nbytes: int) -> float:
    return nbytes / 1e6
