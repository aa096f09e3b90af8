"""Write or compare a snapshot of every extracted item on the seeds and the saved web pages.

Speed work must not change what is extracted. Before a change, write the snapshot; after it, check
against it: every differing item is printed field by field.

Run: .venv/bin/python bench/snapshot.py write /tmp/before.jsonl
     .venv/bin/python bench/snapshot.py check /tmp/before.jsonl [--limit 20] [--field indicators]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from common import SEEDS, seed_paths  # noqa: E402

from jiance.ingest.sources import read_source  # noqa: E402
from jiance.model import JianceError  # noqa: E402
from jiance.pipeline import extract, prepare  # noqa: E402

PAGES = SEEDS.parent / "external" / "news-pages"


def _inputs() -> list[Path]:
    return seed_paths() + sorted(p for p in PAGES.glob("*") if p.is_file())


def snapshot() -> dict[str, dict[str, Any]]:
    """key (document name, item number) → the item's contract, for every input that reads."""
    out: dict[str, dict[str, Any]] = {}
    for path in _inputs():
        try:
            raws = read_source(str(path)).documents
        except JianceError:
            continue
        for raw in raws:
            try:
                items = extract(prepare(raw))
            except JianceError:
                continue
            for n, item in enumerate(items):
                out[f"{path.name}#{raw.name}#{n}"] = json.loads(json.dumps(item.to_contract(), ensure_ascii=False))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["write", "check"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--limit", type=int, default=30, help="differences printed at most")
    parser.add_argument("--field", help="compare only this field")
    args = parser.parse_args()
    now = snapshot()
    if args.mode == "write":
        with args.file.open("w", encoding="utf-8") as fh:
            for key, item in now.items():
                fh.write(json.dumps({"key": key, "item": item}, ensure_ascii=False) + "\n")
        print(f"wrote {len(now)} items to {args.file}")
        return
    before = {}
    with args.file.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            before[rec["key"]] = rec["item"]
    shown = differing = 0
    for key in sorted(set(before) | set(now), key=lambda k: (k.rsplit("#", 1)[0], int(k.rsplit("#", 1)[1]))):
        old, new = before.get(key), now.get(key)
        if old is None or new is None:
            differing += 1
            if shown < args.limit:
                shown += 1
                print(f"{key}: {'new item' if old is None else 'item gone'}")
            continue
        fields = [args.field] if args.field else sorted(set(old) | set(new))
        diff = [f for f in fields if old.get(f) != new.get(f)]
        if diff:
            differing += 1
            for f in diff:
                if shown < args.limit:
                    shown += 1
                    print(f"{key} {f}:\n  before {json.dumps(old.get(f), ensure_ascii=False)[:300]}")
                    print(f"  now    {json.dumps(new.get(f), ensure_ascii=False)[:300]}")
    print(f"{differing} of {len(before)} items differ ({len(now)} now)")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
