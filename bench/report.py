"""Time a month's monitoring report from a large synthetic store (target: <= 10 s for 1M items).

Run: .venv/bin/python bench/report.py --data /tmp/jiance-1m [--items 1000000] [--period 2018-10]
The store is made with bench/make_corpus.py when the data folder has none. Prints the items in the
store, the period's items, and the time to build the report and to render each format.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jiance.report import build_report, render  # noqa: E402
from jiance.store.db import DB_NAME, Store  # noqa: E402


def ensure_corpus(data: Path, items: int) -> None:
    if (data / DB_NAME).exists():
        return
    print(f"making a synthetic store of {items} items in {data} …", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_corpus.py"), "--items", str(items), "--data", str(data)],
        check=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, help="a store folder (made if missing; default: a temporary one)")
    ap.add_argument("--items", type=int, default=100_000, help="items of the synthetic store when it is made")
    ap.add_argument("--period", default="2018-10", help="the report's period")
    ap.add_argument("--type", default="monitoring", dest="rtype")
    ap.add_argument("--formats", default="html,md,docx,pdf")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp) / "store"
        ensure_corpus(data, args.items)
        with Store.open(data) as store:
            total = store.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
            t0 = time.perf_counter()
            report = build_report(store, args.rtype, args.period)
            build_s = time.perf_counter() - t0
        rows = sum(len(b.rows) for s in report.sections for b in s.blocks if b.kind == "measures")
        print(f"store: {total} items; {args.rtype} report for {args.period}: {rows} table rows")
        print(f"build (query, group, place, summarise, charts): {build_s:.2f} s  (target <= 10 s for 1M items)")
        for fmt in args.formats.split(","):
            t1 = time.perf_counter()
            data_out = render(report, fmt, Path(tmp) / f"r.{fmt}")
            print(f"render {fmt:<4}: {time.perf_counter() - t1:.2f} s, {len(data_out) / 1e3:.0f} kB")
        print(f"total with all formats: {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
