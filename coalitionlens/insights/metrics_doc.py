"""docs/metrics.md served inside the app as the help page: the Markdown rendered once with
markdown-it-py (CommonMark and tables; raw HTML in the file is escaped, not passed through), each
section under the stable anchor :func:`.measures.anchor` gives it, so a page that shows a measure
links to ``help#<anchor>`` (one place: :mod:`.measures`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from coalitionlens.insights.measures import anchor

__all__ = ["MetricsDoc", "metrics_doc"]

#: In a wheel the file sits in the package (pyproject's force-include); in a checkout, in docs/.
_PLACES = (
    Path(__file__).with_name("metrics.md"),
    Path(__file__).resolve().parents[2] / "docs" / "metrics.md",
)


@dataclass(frozen=True)
class MetricsDoc:
    title: str
    html: SafeString
    #: (anchor, section title) of each section, in order, for the page's contents
    sections: tuple[tuple[str, str], ...]


def _source() -> str:
    for place in _PLACES:
        if place.is_file():
            return place.read_text(encoding="utf-8")
    raise FileNotFoundError("docs/metrics.md")


@lru_cache(maxsize=1)
def metrics_doc() -> MetricsDoc:
    """The rendered help page (the file does not change while the server runs)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(_source())
    title = ""
    sections: list[tuple[str, str]] = []
    body = []
    skip = 0
    for i, tok in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if tok.type == "heading_open" and tok.tag == "h1":
            # the page prints the title itself, as every page's h1
            title = tokens[i + 1].content
            skip = 2
            continue
        if tok.type == "heading_open" and tok.tag == "h2":
            text = tokens[i + 1].content
            tok.attrSet("id", anchor(text))
            sections.append((anchor(text), text.split(" — ")[0].strip()))
        if tok.type == "table_open":
            tok.attrSet("class", "table table-sm table-bordered small")
        body.append(tok)
    html = md.renderer.render(body, md.options, {})
    # a wide table scrolls on its own on a phone, and the keyboard can reach it (tabindex)
    html = html.replace("<table ", '<div class="table-responsive" tabindex="0"><table ').replace(
        "</table>", "</table></div>"
    )
    # Safe to print as is: the product's own file, not user data, rendered with raw HTML turned
    # off (markdown-it escapes every "<" of the source); no link in it points at another host.
    safe = mark_safe(html)  # noqa: S308 -- our own file, raw HTML off  # nosec B308 B703
    return MetricsDoc(title=title, html=safe, sections=tuple(sections))
