"""The extractors' knowledge files (extract/data/*.yaml), each parsed once per process.

Every extractor reads its cue words, units and rules from one of these files; they are read-only
after loading, so one cached parse serves every caller (words.py and classify.py share sectors.yaml).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    """extract/data/`name` parsed (with PyYAML's C loader where it has one)."""
    text = resources.files("jiance.extract").joinpath("data", name).read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
