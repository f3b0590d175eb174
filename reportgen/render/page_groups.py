"""Print HTML -> groups of pages that can be laid out on their own.

The theme marks with ``<!-- reportgen:page-group -->`` the places where its print layout breaks the page
anyway (after the cover and contents, before every chapter). Each group becomes a complete HTML document:
the head's stylesheets, the ``<body>`` start tag, the elements still open at the mark opened again (without
their ``id``, which stays with the group that really starts the element), the group's content, and the closing
tags. Laid out on its own, a group gives the same pages as in the whole document, because a forced page
break separates it from its neighbours; :mod:`.chunks` lays groups out in parallel and keeps them by content.

The first group keeps the whole head (title, metadata); the others keep only what lays them out (stylesheets,
charset), so that a chapter with no edition-specific content is the same document in every edition.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

MARK = "reportgen:page-group"

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_STYLES = re.compile(r"<style\b[^>]*>.*?</style>|<link\b[^>]*>|<meta\s+charset[^>]*>", re.DOTALL | re.IGNORECASE)
_ID_ATTRIBUTE = re.compile(r"""\s+id\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_LINKS = re.compile(r"""\shref\s*=\s*(?:"#([^"]*)"|'#([^']*)')""")
_IDS = re.compile(r"""<[a-zA-Z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Page rules that depend on a page's side or on blank pages would lay a group out differently on its own.
_SIDE_DEPENDENT = re.compile(
    r"@page[^{]*:(?:left|right|recto|verso|blank)|break-(?:before|after)\s*:\s*(?:left|right|recto|verso)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PageGroup:
    """One group of pages as a standalone document, and the anchors (element ids) it defines."""

    html: str
    anchors: frozenset[str]
    links: frozenset[str] = frozenset()  # the anchors its links and cross-references name (``href="#x"``)


class _Marks(HTMLParser):
    """Finds each mark in the body, with the start tags of the elements open there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[tuple[str, str]] = []  # (tag, its start tag as written)
        self.marks: list[tuple[int, int, tuple[tuple[str, str], ...]]] = []  # (line, column, open elements)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self.open.append((tag, self.get_starttag_text() or f"<{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_comment(self, data: str) -> None:
        if data.strip() == MARK:
            line, column = self.getpos()
            self.marks.append((line, column, tuple(self.open)))


def _offsets(text: str) -> list[int]:
    """The offset in ``text`` where each line (1-based, as HTMLParser counts) starts."""
    starts = [0, 0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


def _has_content(fragment: str) -> bool:
    """Whether a fragment holds anything but whitespace, comments and start tags."""
    without = re.sub(r"<!--.*?-->", "", fragment, flags=re.DOTALL)
    without = re.sub(r"<[a-zA-Z][^>]*>", "", without)
    return bool(without.strip())


def split_page_groups(html: str) -> list[PageGroup]:
    """The page groups of a print document, in order; one group (the document as it is) when it has no marks,
    or when its page rules depend on a page's side (a group laid out alone could start on the other side)."""
    body_at = html.find("<body")
    if MARK not in html or body_at < 0 or _SIDE_DEPENDENT.search(html):
        return [PageGroup(html, _anchors(html[max(body_at, 0) :]))]
    body_open_end = html.index(">", body_at) + 1
    body_close = html.rfind("</body>")
    if body_close < 0:
        body_close = len(html)
    head, body_tag, body = html[:body_at], html[body_at:body_open_end], html[body_open_end:body_close]
    parser = _Marks()
    parser.feed(body)
    parser.close()
    starts = _offsets(body)
    cuts = [(0, ())] + [(starts[line] + column, open_) for line, column, open_ in parser.marks] + [(len(body), ())]
    light = light_head(head)
    pieces: list[tuple[tuple[tuple[str, str], ...], str, tuple[tuple[str, str], ...]]] = []
    carried: tuple[tuple[str, str], ...] | None = None
    carried_text = ""
    for (start, open_at_start), (end, open_at_end) in itertools.pairwise(cuts):
        fragment = body[start:end]
        if carried is None:
            carried = open_at_start
        if not _has_content(fragment) and end != len(body):
            carried_text += fragment  # nothing to lay out yet: it goes with the next group
            continue
        pieces.append((carried, carried_text + fragment, open_at_end))
        carried, carried_text = None, ""
    groups = []
    for index, (open_before, fragment, open_after) in enumerate(pieces):
        reopened = "".join(_ID_ATTRIBUTE.sub("", start_tag, count=1) for _, start_tag in open_before)
        closing = "".join(f"</{tag}>" for tag, _ in reversed(open_after))
        document_head = head if index == 0 else light
        text = f"{document_head}{body_tag}{reopened}{fragment}{closing}</body></html>"
        groups.append(PageGroup(text, _anchors(fragment), _links(fragment)))
    return groups


def _anchors(fragment: str) -> frozenset[str]:
    """The element ids a fragment defines (WeasyPrint's anchors); an over-approximation costs only a link kept."""
    return frozenset(first or second for first, second in _IDS.findall(fragment))


def light_head(html: str) -> str:
    """The ``<html>`` start tag and a head with only what lays a document out: stylesheets and charset."""
    head = html[: html.find("<body")] if "<body" in html else html
    html_tag = re.search(r"<html\b[^>]*>", head)
    return (html_tag.group(0) if html_tag else "<html>") + "<head>" + "".join(_STYLES.findall(head)) + "</head>"


def _links(fragment: str) -> frozenset[str]:
    return frozenset(first or second for first, second in _LINKS.findall(fragment))
