"""Gazetteer: regions (GB/T 2260), agencies and companies, with a fast matcher.

Module-level functions use the shared, once-loaded `get_gazetteer()`.
"""

from __future__ import annotations

from .matcher import (
    ActorInfo,
    AgencyHit,
    CompanyHit,
    Gazetteer,
    Place,
    PlaceHit,
    get_gazetteer,
)


def find_places(text: str) -> list[PlaceHit]:
    """Places named in `text` (see Gazetteer.find_places)."""
    return get_gazetteer().find_places(text)


def find_agencies(text: str, places: list[PlaceHit] | None = None) -> list[AgencyHit]:
    """Central and local agencies named in `text`; pass `places` to reuse a find_places result."""
    return get_gazetteer().find_agencies(text, places)


def find_companies(text: str, places: list[PlaceHit] | None = None) -> list[CompanyHit]:
    """Companies, branches and pattern-found company names in `text`."""
    return get_gazetteer().find_companies(text, places)


def resolve_place(name: str) -> Place | None:
    """The place a written name stands for, or None."""
    return get_gazetteer().resolve_place(name)


def ancestors(name: str) -> list[Place]:
    """Places above `name`, nearest first."""
    return get_gazetteer().ancestors(name)


def canonical_actor(name: str) -> ActorInfo | None:
    """Canonical names, kind and level hint of a table row's actor cell."""
    return get_gazetteer().canonical_actor(name)


def province_order() -> list[str]:
    """The 31 mainland provinces in yearbook order, full names."""
    return get_gazetteer().province_order()


def all_words() -> list[str]:
    """Names for a word segmenter's user dictionary."""
    return get_gazetteer().all_words()


__all__ = [
    "ActorInfo",
    "AgencyHit",
    "CompanyHit",
    "Gazetteer",
    "Place",
    "PlaceHit",
    "all_words",
    "ancestors",
    "canonical_actor",
    "find_agencies",
    "find_companies",
    "find_places",
    "get_gazetteer",
    "province_order",
    "resolve_place",
]
