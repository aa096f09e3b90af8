"""Extraction accuracy on every seed that has gold: seed 001 (shared gold) and 000/002/003/004 (tests/gold).

Run: .venv/bin/python bench/accuracy.py [--misses]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from jiance.evaluate import load_gold, score, score_items
from jiance.ingest.sources import read_source
from jiance.pipeline import process

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COMPLETE = {"000": True, "002": True, "003": False, "004": False}


def items_of(path: Path) -> list[dict]:
    return [it.to_contract() for raw in read_source(str(path)).documents for it in process(raw)[1]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--misses", action="store_true")
    args = ap.parse_args()
    seeds = {p.name[:3]: p for p in sorted((SHARED / "seeds").glob("*.txt"))}
    r = score(items_of(seeds["001"]), load_gold(SHARED / "gold" / "001_events.jsonl"))
    print(
        f"001 (shared gold, {r.gold}): actor-date P {r.precision:.3f} R {r.recall:.3f} F1 {r.f1:.3f}  "
        f"level {r.level_accuracy:.3f}  links {r.link_accuracy:.3f}"
    )
    for seed, complete in COMPLETE.items():
        gold = load_gold(ROOT / "tests" / "gold" / f"{seed}_items.jsonl")
        s = score_items(items_of(seeds[seed]), gold, complete=complete)
        d = s.as_dict()
        print(
            f"{seed} ({'complete' if complete else 'sample'}, {len(gold)}): actor-date F1 {s.f1:.3f}  "
            f"date {s.date_accuracy:.3f}  actor {s.actor_accuracy:.3f}  level {s.level_accuracy:.3f}  "
            f"items found {s.item_recall:.3f}"
        )
        if args.misses:
            for miss in d.get("misses", []):
                print("   ", miss)


if __name__ == "__main__":
    main()
