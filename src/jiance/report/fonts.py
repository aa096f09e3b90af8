"""The CJK fonts used for charts and PDF: Noto Sans SC / Noto Serif SC from the PyPI package
`pylopdf-fonts-zh-cn` (no system fonts needed)."""

from __future__ import annotations

from pathlib import Path

from jiance.model import JianceError


def sans_font() -> Path:
    """Path of NotoSansSC-Regular.otf."""
    try:
        from pylopdf_fonts_zh_cn import sans_path
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise JianceError("the package pylopdf-fonts-zh-cn is needed for charts and PDF output") from exc
    path = Path(sans_path())
    if not path.exists():  # pragma: no cover
        raise JianceError(f"{path}: CJK font missing from pylopdf-fonts-zh-cn")
    return path


def serif_font() -> Path:
    """Path of NotoSerifSC-Regular.otf."""
    from pylopdf_fonts_zh_cn import serif_path

    return Path(serif_path())
