"""Spot-check report: funding records in seed 000 and catalogue policies in seed 004.

Usage: .venv/bin/python bench/financing_report.py [SEEDS_DIR]

Cleans each seed with jiance.ingest.clean.clean_text when it exists (else joins hard-wrapped lines
naively), runs extract_funding / extract_policies line by line, and prints what they found so a
person can compare with the source. Also reports throughput on text without matches.
"""

from __future__ import annotations

import glob
import re
import sys
import time
from pathlib import Path

from jiance.extract.funding import extract_funding
from jiance.extract.money import extract_amounts
from jiance.extract.policies import extract_policies, extract_policy_record

SEEDS = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/shared/seeds")


def _clean(raw: str) -> str:
    try:
        from jiance.ingest.clean import clean_text
    except ImportError:
        return re.sub(r"(?<=[^\n。！？；：）”])\n(?=[^\n\s])", "", raw)
    return clean_text(raw).text


def _seed(prefix: str) -> str | None:
    paths = sorted(glob.glob(str(SEEDS / f"{prefix}_*.txt")))
    return Path(paths[0]).read_text("utf-8") if paths else None


def _money(a: dict | None) -> str:
    if not a:
        return "-"
    v = "?" if a["value"] is None else f"{a['value']:,.0f}"
    if a.get("value_max") is not None:
        v += f"–{a['value_max']:,.0f}"
    q = f" ({a['qualifier']})" if a.get("qualifier") else ""
    return f"{v} {a['currency']}{q} «{a['text']}»"


def financing(text: str) -> int:
    print("== Funding records, seed 000 ==")
    n = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        for f in extract_funding(line):
            n += 1
            invs = "; ".join(
                f"{i['name']} [{i['role']}]" + (f" {_money(i['amount'])}" if i.get("amount") else "")
                for i in f["investors"]
            )
            print(
                f"L{lineno}: company={f['company']} | round={f['round']} ({f['round_norm']}) | "
                f"amount={_money(f['amount'])} | investors={invs or '-'}"
            )
            print(f"      «{f['text'][:110]}»")
    return n


def catalogue(text: str) -> int:
    print("\n== Policy catalogue records, seed 004 ==")
    m = re.search(r"^国家信息化相关法律法规目录\s*$", text, re.M)
    start = m.start() if m else -1
    if start < 0:
        print("(catalogue not found)")
        return 0
    body = text[start:]
    n = 0
    for block in re.split(r"\n(?=【法规标题】)", body):
        if not block.startswith("【法规标题】"):
            continue
        block = block.split("\n\n\n", 1)[0] if "\n\n\n" in block else block
        rec = extract_policy_record(block)
        if rec is None:
            continue
        n += 1
        if n > 25 and n % 25:
            continue
        print(
            f"{rec['date']} | {rec['kind']:<8} | {rec['doc_number'] or '-':<24} | "
            f"{(rec['issuer'] or '-')[:24]:<24} | {rec['title']}"
        )
        for p in extract_policies(rec["title"]):
            print(f"      inner: {p['title']} ({p['kind']})")
    print(f"… {n} records")
    return n


def chronicle_policies(text: str, limit: int = 30) -> None:
    print("\n== 《》 policies in running text, seed 004 (first lines with an issuer) ==")
    shown = 0
    for line in text.splitlines():
        if "《" not in line or line.startswith("【"):
            continue
        for p in extract_policies(line):
            if p["issuer"] and p["kind"] == "policy" and not p["alias_of"]:
                print(f"{p['date'] or '-':<10} | {p['issuer'][:22]:<22} | {p['doc_number'] or '-':<20} | {p['title']}")
                shown += 1
                if shown >= limit:
                    return


def speed(text: str) -> None:
    print("\n== Speed on seed 004 text with the cue characters removed (no matches) ==")
    plain = re.sub(r"[元币金镑《》号融投募轮]", "", text)
    mb = len(plain.encode("utf-8")) / 1e6
    for name, fn in (
        ("extract_amounts", extract_amounts),
        ("extract_policies", extract_policies),
        ("extract_funding", extract_funding),
    ):
        t0 = time.perf_counter()
        fn(plain)
        dt = time.perf_counter() - t0
        print(f"{name:<18} {mb / dt:8.1f} MB/s")
    t0 = time.perf_counter()
    for fn in (extract_amounts, extract_policies, extract_funding):
        fn(text)
    print(f"all three on the real text: {len(text.encode('utf-8')) / 1e6 / (time.perf_counter() - t0):.1f} MB/s")


def main() -> None:
    s000 = _seed("000")
    if s000 is not None:
        print(f"{financing(_clean(s000))} funding records\n")
    s004 = _seed("004")
    if s004 is not None:
        catalogue(s004)
        chronicle_policies(_clean(s004))
        speed(_clean(s004))


if __name__ == "__main__":
    main()
