"""Markdown and HTML output through Jinja2 templates that users can copy and change.

HTML autoescapes everything (crawled text may hold markup) and keeps links only for http(s) URLs;
Markdown escapes table and emphasis characters. Charts are data: URIs in HTML and PNG files beside
the Markdown file.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from jiance.report.document import Figure, Report, Source

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\|*_`\[\]<>#])")


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None (no javascript: or data: links from crawled text)."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.I):
        return url
    return None


def md_escape(text: object) -> str:
    """One line of Markdown: newlines folded, characters that would start markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def md_link(source: Source) -> str:
    url = safe_url(source.url)
    if url:
        return f"<{url}>"
    return md_escape(source.label)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _env(template_dir: Path | None, autoescape: bool) -> Environment:
    loaders = [str(template_dir)] if template_dir else []
    env = Environment(
        loader=FileSystemLoader([*loaders, str(TEMPLATES)]),
        autoescape=select_autoescape(["html", "html.j2"], default=autoescape),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, link=md_link, safe_url=safe_url, data_uri=data_uri)
    return env


def render_html(report: Report, template: Path | None = None) -> str:
    """The report as one self-contained HTML page."""
    env = _env(template.parent if template else None, True)
    name = template.name if template else "report.html.j2"
    html = env.get_template(name).render(report=report)
    return re.sub(r"\n\s*\n+", "\n", html)


def render_markdown(report: Report, out: Path | None, template: Path | None = None) -> str:
    """The report as Markdown; charts are written as PNG files in `<out stem>_files/` beside it."""
    env = _env(template.parent if template else None, False)
    name = template.name if template else "report.md.j2"
    figures: dict[int, str] = {}

    def figure_path(fig: Figure) -> str:
        key = id(fig)
        if key not in figures:
            n = len(figures) + 1
            if out is None:
                figures[key] = f"figure{n}.png"
            else:
                folder = out.parent / f"{out.stem}_files"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"figure{n}.png").write_bytes(fig.png)
                figures[key] = f"{folder.name}/figure{n}.png"
        return figures[key]

    text = env.get_template(name).render(report=report, figure_path=figure_path)
    return re.sub(r"\n{3,}", "\n\n", text)
