"""Library entry points for reading the store (the CLI and notebooks call these)."""

from __future__ import annotations

from typing import Any

from jiance.store.db import Store
from jiance.store.items import ItemQuery, query_items


def find_items(store: Store, query: ItemQuery) -> list[dict[str, Any]]:
    """Stored items matching the query, as extraction-contract objects (plus their `id`)."""
    return query_items(store.conn, query)
