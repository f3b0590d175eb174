"""WeasyPrint 70 hooks for laying out one page group of a document on its own (see :mod:`.chunks`).

Three things in a group depend on the rest of the document, and each gets a hook that is active only inside
:func:`laying_out` (elsewhere WeasyPrint runs unchanged):

- **Page numbers in margin boxes** ("Page 3 of 86"): a group does not know where it starts, nor how many pages
  the document has. A group's margin boxes that show ``counter(page)``/``counter(pages)`` are dropped; the
  *furniture* document draws only those, one page per page of the whole, and :mod:`.merge` lays it over the
  pages. Boxes are dropped after layout, so their neighbours keep the size they have in the whole document.
- **Page numbers of targets** (``target-counter(attr(href), page)``: the contents, "(p. 12)"): answered from
  the document's page map, and every answer recorded, so that the group is laid out again only when a page
  number it printed moved.
- **Links to other groups** (``href="#rl-cyber"``): WeasyPrint drops a link whose anchor is not in the
  document; links to anchors of the other groups are kept as named destinations, which the merged PDF defines.

Also recorded: each page's named page (``page: cover``), so that the furniture's pages match.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["group", "furniture"]


@dataclass
class GroupLayout:
    """What the hooks read (``mode`` to ``default_page``) and what they record while one document is laid out."""

    mode: Mode
    known_anchors: frozenset[str] = frozenset()  # every anchor of the whole document
    page_numbers: Mapping[str, int] = field(default_factory=dict)  # anchor -> page number in the whole
    default_page: int = 99  # for an anchor not placed yet (a first layout): two digits, like most reports
    lookups: dict[str, int] = field(default_factory=dict)  # anchor -> the page number printed for it
    page_names: list[str] = field(default_factory=list)  # each page's named page ("" for none)


_current: GroupLayout | None = None
_MARK = "_reportgen_group_hook"


@contextmanager
def laying_out(state: GroupLayout) -> Iterator[GroupLayout]:
    """Activate the hooks for one layout (call :func:`apply` first)."""
    global _current
    previous, _current = _current, state
    try:
        yield state
    finally:
        _current = previous


def _shows_page_number(content: Any) -> bool:
    if not isinstance(content, (list, tuple)):
        return False
    return any(
        kind in ("counter()", "counters()") and value and value[0] in ("page", "pages") for kind, value in content
    )


class _PlacedTarget:
    """A target laid out in another group (or not yet): WeasyPrint's lookup item, up to date, with its page."""

    state = "up-to-date"

    def __init__(self, page: int) -> None:
        self.cached_page_counter_values = {"page": [page]}
        self.target_box = self
        self.cached_counter_values: dict[str, list[int]] = {}
        self.parse_again_functions: dict[Any, Any] = {}

    def extract_text(self, style: Any) -> str:  # target-text() of a target elsewhere: not supported, empty
        return ""


def apply() -> None:
    """Install the hooks (inactive outside :func:`laying_out`). Idempotent: a hook already in place is kept,
    one that something else put back (a test's monkeypatch undone) is installed again."""
    import weasyprint.layout as layout
    import weasyprint.pdf as pdf
    from weasyprint.css.targets import TargetCollector, anchor_name_from_token
    from weasyprint.urls import get_url_tuple

    original_margin_boxes = layout.make_margin_boxes
    original_resolve_links = pdf.resolve_links
    original_lookup = TargetCollector.lookup_target

    def make_margin_boxes(context: Any, page: Any, state: Any) -> Iterator[Any]:
        boxes = original_margin_boxes(context, page, state)
        if _current is None:
            yield from boxes
            return
        _current.page_names.append(str(page.page_type.name or ""))
        keep_numbered = _current.mode == "furniture"
        for box in boxes:
            if _shows_page_number(box.style["content"]) == keep_numbered:
                yield box

    def resolve_links(pages: list[Any]) -> Iterator[tuple[list[Any], list[Any]]]:
        if _current is None:
            yield from original_resolve_links(pages)
            return
        # WeasyPrint's own, with the anchors of the other groups counted as present.
        anchors: set[str] = set()
        paged_anchors: list[list[tuple[str, float, float]]] = []
        for page in pages:
            paged_anchors.append([])
            for name, (x, y, _, _) in page.anchors.items():
                if name not in anchors:
                    paged_anchors[-1].append((name, x, y))
                    anchors.add(name)
        present = anchors | _current.known_anchors
        for page in pages:
            links = [link for link in page.links if link[0] != "internal" or link[1] in present]
            yield links, paged_anchors.pop(0)

    def lookup_target(self: Any, anchor_token: Any, source_box: Any, css_token: Any, parse_again: Any) -> Any:
        if _current is not None and _current.mode == "group":
            token = anchor_token
            if token[0] == "attr()":
                attr_name, kind, fallback = token[1]
                value = source_box.element.get(attr_name, fallback)
                if kind == "string":
                    token = ("string", value)
                elif kind == "url":
                    token = ("url", get_url_tuple(value, source_box.style.base_url))
            name = anchor_name_from_token(token)
            if name is not None and name in _current.known_anchors:
                number = _current.page_numbers.get(name, _current.default_page)
                _current.lookups[name] = number
                return _PlacedTarget(number)
        return original_lookup(self, anchor_token, source_box, css_token, parse_again)

    for owner, name, hook in (
        (layout, "make_margin_boxes", make_margin_boxes),
        (pdf, "resolve_links", resolve_links),
        (TargetCollector, "lookup_target", lookup_target),
    ):
        if not getattr(getattr(owner, name), _MARK, False):
            setattr(hook, _MARK, True)
            setattr(owner, name, hook)
