"""Markdown prose to safe HTML: a small subset, raw HTML off, images off, then sanitised by nh3."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "blockquote", "br", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"https", "mailto"}
_HEADING = re.compile(r"<(/?)h([1-6])>")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # commonmark without raw HTML; images, tables and headings above h3 are switched off.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline", "table"], ignoreInvalid=True)
    return md


def _only_allowed_links(tag: str, attribute: str, value: str) -> str | None:
    """nh3 lets scheme-less (relative) URLs through; a report links only to https and mailto."""
    if attribute == "href" and not value.lower().startswith(("https://", "mailto:")):
        return None
    return value


def render_markdown(text: str | None, *, shift_headings: bool = True) -> Markup:
    """Render a prose field. Headings are shifted down to h3/h4 so they sit inside report sections."""
    if not text:
        return Markup("")
    html = _parser().render(text)
    if shift_headings:
        html = _HEADING.sub(lambda m: f"<{m[1]}h{3 if m[2] in '12' else 4}>", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_only_allowed_links,
    )
    return Markup(clean)


def render_inline(text: str | None) -> Markup:
    """A one-paragraph prose field without the surrounding <p>."""
    html = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>\n") and html.count("<p>") == 1:
        return Markup(html[3:-5])
    return html
