"""Charts as PNG bytes (matplotlib, Agg backend) with the CJK font of the PyPI package registered,
so Chinese labels draw as characters, not boxes: indicator series, counts by category, and a tile
map (grid cartogram) of the provinces coloured by activity.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

from jiance.report.config import tile_positions  # noqa: E402
from jiance.report.fonts import sans_font  # noqa: E402


@lru_cache(maxsize=1)
def _font_family() -> str:
    """Register Noto Sans SC with matplotlib once; returns its family name."""
    path = sans_font()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def _png(fig: Any, dpi: int) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def series_chart(title: str, points: list[tuple[str, float]], unit: str = "", dpi: int = 150,
                 colour: str = "#2b6cb0") -> bytes:  # fmt: skip
    """A line chart of one indicator by period."""
    _font_family()
    fig, ax = plt.subplots(figsize=(6.4, 3.0))
    labels = [p for p, _ in points]
    values = [v for _, v in points]
    ax.plot(range(len(values)), values, marker="o", color=colour, linewidth=1.8)
    for x, v in enumerate(values):
        ax.annotate(f"{v:g}", (x, v), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    ax.set_xticks(range(len(labels)), labels, rotation=30 if len(labels) > 6 else 0, fontsize=8)
    ax.set_title(title, fontsize=11)
    if unit:
        ax.set_ylabel(unit, fontsize=9)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig, dpi)


def bar_chart(title: str, counts: list[tuple[str, int]], dpi: int = 150, colour: str = "#2b6cb0") -> bytes:
    """Horizontal bars, largest on top (events by sector, items by month …)."""
    _font_family()
    counts = counts[:15]
    fig, ax = plt.subplots(figsize=(6.4, max(1.6, 0.32 * len(counts) + 0.8)))
    names = [c for c, _ in reversed(counts)]
    values = [n for _, n in reversed(counts)]
    ax.barh(names, values, color=colour)
    for y, v in enumerate(values):
        ax.text(v, y, f" {v}", va="center", fontsize=8)
    ax.set_title(title, fontsize=11)
    ax.tick_params(axis="y", labelsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig, dpi)


def tile_map(title: str, counts: dict[str, int], dpi: int = 150, cmap: str = "Blues") -> bytes:
    """A grid cartogram: one square per province, shaded by its count, labelled with its short name."""
    from jiance.gazetteer import get_gazetteer

    _font_family()
    gz = get_gazetteer()
    positions = tile_positions()
    top = max(counts.values(), default=0) or 1
    colours = plt.get_cmap(cmap)
    rows = max(r for r, _ in positions.values()) + 1
    cols = max(c for _, c in positions.values()) + 1
    fig, ax = plt.subplots(figsize=(cols * 0.75, rows * 0.75 + 0.4))
    for name, (r, c) in positions.items():
        n = counts.get(name, 0)
        shade = 0.08 + 0.85 * (n / top) if n else 0.0
        face = colours(shade) if n else "#eeeeee"
        ax.add_patch(plt.Rectangle((c, rows - r - 1), 0.94, 0.94, facecolor=face, edgecolor="white"))
        place = gz.resolve_place(name)
        short = _short(name, place)
        ink = "white" if shade > 0.55 else "#222222"
        ax.text(c + 0.47, rows - r - 0.42, short, ha="center", va="center", fontsize=9, color=ink)
        ax.text(c + 0.47, rows - r - 0.75, str(n), ha="center", va="center", fontsize=7, color=ink)
    ax.set_xlim(0, cols)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=11)
    return _png(fig, dpi)


def _short(name: str, place: Any) -> str:
    """The everyday two- or three-character name of a province (北京, 内蒙古, 广西)."""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return getattr(place, "short", None) or name
