"""Chinese word segmentation (rjieba) that knows the gazetteer's names, loaded once."""

from __future__ import annotations

from functools import cache

import rjieba


@cache
def segmenter() -> rjieba.Jieba:
    """rjieba with every region, agency and company name and every sector keyword added, so names
    and terms such as 工业互联网 stay whole words."""
    from jiance.extract.knowledge import load
    from jiance.gazetteer import get_gazetteer

    jieba = rjieba.Jieba()
    sectors = load("sectors.yaml")
    keywords = [k for words in sectors["sectors"].values() for k in words]
    for word in [*get_gazetteer().all_words(), *keywords]:
        if len(word) >= 2 and "+" not in word:
            jieba.add_word(word, 20000, "nz")
    return jieba


def cut(text: str) -> list[str]:
    return segmenter().cut(text)
