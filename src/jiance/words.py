"""Chinese word segmentation (rjieba) that knows the gazetteer's names, loaded once."""

from __future__ import annotations

from functools import cache

import rjieba


@cache
def segmenter() -> rjieba.Jieba:
    """rjieba with every region, agency and company name added, so names stay whole words."""
    jieba = rjieba.Jieba()
    from jiance.gazetteer import get_gazetteer

    for word in get_gazetteer().all_words():
        if len(word) >= 2:
            jieba.add_word(word, 20000, "nz")
    return jieba


def cut(text: str) -> list[str]:
    return segmenter().cut(text)
