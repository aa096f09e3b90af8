"""The report configuration: the shipped YAML merged with a user's file, key by key."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from jiance.model import JianceError

DATA = Path(__file__).parent / "data"
DEFAULT_CONFIG = DATA / "report.yaml"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Nested dicts merge; any other value (lists included) in `over` replaces the base's."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=1)
def _default() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))


def load_config(path: Path | str | None = None) -> dict[str, Any]:
    """The default configuration, overridden by the YAML file at `path` if given."""
    config = _default()
    if path is None:
        return _merge(config, {})
    try:
        user = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise JianceError(f"{path}: cannot read the report configuration ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise JianceError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(user, dict):
        raise JianceError(f"{path}: the report configuration must be a mapping")
    return _merge(config, user)


@lru_cache(maxsize=1)
def tile_positions() -> dict[str, tuple[int, int]]:
    """Province → (row, column) of the tile map."""
    raw = yaml.safe_load((DATA / "tilemap.yaml").read_text(encoding="utf-8"))
    return {name: (int(rc[0]), int(rc[1])) for name, rc in raw.items()}


def province_order(config: dict[str, Any]) -> list[str]:
    """The configured province rows, or the gazetteer's standard order of the 31 provinces."""
    if config.get("provinces"):
        return list(config["provinces"])
    from jiance.gazetteer import get_gazetteer

    return get_gazetteer().province_order()
