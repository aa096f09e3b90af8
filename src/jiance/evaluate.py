"""Score extracted items against a gold JSONL file (see shared/gold/README.md for the rules).

A system item matches a gold record when its line range covers the record's `line` and the dates
agree; each side is used once. Then actor, link and level are compared on the matched pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class _Counts:
    """Counts shared by both scorers, and the (actor, date) precision, recall and F1 they give."""

    gold: int = 0
    system: int = 0
    matched: int = 0
    actor_date_tp: int = 0
    level_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.actor_date_tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.actor_date_tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def level_accuracy(self) -> float:
        return self.level_right / self.gold if self.gold else 0.0


@dataclass
class Score(_Counts):
    links_right: int = 0

    @property
    def link_accuracy(self) -> float:
        return self.links_right / self.gold if self.gold else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "system": self.system,
            "matched": self.matched,
            "actor_date": {
                "precision": round(self.precision, 4),
                "recall": round(self.recall, 4),
                "f1": round(self.f1, 4),
            },
            "level_accuracy": round(self.level_accuracy, 4),
            "link_accuracy": round(self.link_accuracy, 4),
            "misses": self.misses,
        }


def load_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score(items: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Score:
    """Score contract items of one document against its gold records."""
    result = Score(gold=len(gold))
    if not gold:
        return result
    lo = min(g["line"] for g in gold)
    hi = max(max(g.get("lines") or [g["line"]]) for g in gold)
    system = [it for it in items if it.get("date") and it["end_line"] >= lo and it["line"] <= hi]
    result.system = len(system)
    used: set[int] = set()
    for g in gold:
        match = None
        for idx, it in enumerate(system):
            if idx in used or not (it["line"] <= g["line"] <= it["end_line"]) or it["date"] != g["date"]:
                continue
            match = idx
            if it.get("actor") == g.get("actor"):
                break
        where = f"line {g['line']} {g.get('actor')} {g['date']}"
        if match is None:
            near = [
                f"{it['line']}-{it['end_line']} {it['date']}"
                for it in system
                if it["line"] <= g["line"] <= it["end_line"]
            ]
            result.misses.append(f"missed {where}; items covering it: {near or 'none'}")
            continue
        used.add(match)
        it = system[match]
        result.matched += 1
        if it.get("actor") == g.get("actor"):
            result.actor_date_tp += 1
        else:
            result.misses.append(f"actor {where}: got {it.get('actor')!r}")
        if "level" in g:
            if it.get("level") == g["level"]:
                result.level_right += 1
            else:
                result.misses.append(f"level {where}: got {it.get('level')!r}, want {g['level']!r}")
        if "link" in g:
            if it.get("link") == g["link"]:
                result.links_right += 1
            else:
                result.misses.append(f"link {where}: got {it.get('link')!r}, want {g['link']!r}")
    for idx, it in enumerate(system):
        if idx not in used:
            result.misses.append(f"extra item lines {it['line']}-{it['end_line']} {it.get('actor')} {it['date']}")
    return result


@dataclass
class ItemScore(_Counts):
    """Item-level accuracy: every gold item (dated or not) against the item that covers its line.

    Unlike `score`, matching does not need the dates to agree, so an item with a wrong or missing
    date is still found and its date counted wrong; gold items whose date is null count as right
    when the system gives none. (actor, date) pairs are scored as in `score`, with null as a value.
    `system` counts the system items that cover a gold line plus, when `complete` (the gold lists
    every item of its line range), those in that range that match nothing: items the gold has not.
    """

    date_right: int = 0
    actor_right: int = 0

    def _ratio(self, n: int, d: int) -> float:
        return n / d if d else 0.0

    @property
    def item_recall(self) -> float:
        return self._ratio(self.matched, self.gold)

    @property
    def date_accuracy(self) -> float:
        """Share of gold items whose item has the gold date (null included)."""
        return self._ratio(self.date_right, self.gold)

    @property
    def actor_accuracy(self) -> float:
        return self._ratio(self.actor_right, self.gold)

    def as_dict(self) -> dict[str, Any]:
        r = 4
        return {
            "gold": self.gold,
            "system": self.system,
            "matched": self.matched,
            "actor_date": {
                "precision": round(self.precision, r),
                "recall": round(self.recall, r),
                "f1": round(self.f1, r),
            },
            "item_recall": round(self.item_recall, r),
            "date_accuracy": round(self.date_accuracy, r),
            "actor_accuracy": round(self.actor_accuracy, r),
            "level_accuracy": round(self.level_accuracy, r),
            "misses": self.misses,
        }


def score_items(items: list[dict[str, Any]], gold: list[dict[str, Any]], complete: bool = True) -> ItemScore:
    """Score the items of one document against gold items; see `ItemScore`.

    A gold record matches the system item whose line range covers its `line` (each item used
    once; a record whose item is taken by an earlier record is missed: two gold items merged).
    """
    result = ItemScore(gold=len(gold))
    if not gold:
        return result
    ordered = sorted(items, key=lambda it: (it["line"], it["end_line"]))
    used: set[int] = set()
    for g in gold:
        where = f"line {g['line']} {g.get('actor')} {g.get('date')}"
        match = next(
            (k for k, it in enumerate(ordered) if it["line"] <= g["line"] <= it["end_line"]),
            None,
        )
        if match is None or match in used:
            why = "merged into an earlier item" if match is not None else "no item covers it"
            result.misses.append(f"missed {where}: {why}")
            continue
        used.add(match)
        it = ordered[match]
        result.matched += 1
        date_ok = it.get("date") == g.get("date")
        actor_ok = it.get("actor") == g.get("actor")
        result.date_right += date_ok
        result.actor_right += actor_ok
        result.actor_date_tp += date_ok and actor_ok
        if not date_ok:
            result.misses.append(f"date {where}: got {it.get('date')!r}")
        if not actor_ok:
            result.misses.append(f"actor {where}: got {it.get('actor')!r}")
        if "level" in g:
            if it.get("level") == g["level"]:
                result.level_right += 1
            else:
                result.misses.append(f"level {where}: got {it.get('level')!r}, want {g['level']!r}")
    extra = 0
    if complete:
        lo = min(g["line"] for g in gold)
        hi = max(max(g.get("lines") or [g["line"]]) for g in gold)
        for k, it in enumerate(ordered):
            if k not in used and it["end_line"] >= lo and it["line"] <= hi:
                extra += 1
                span = f"{it['line']}-{it['end_line']}"
                result.misses.append(f"extra item lines {span} {it.get('actor')} {it.get('date')}")
    result.system = len(used) + extra
    return result
