"""A fix for WeasyPrint 70.0: the min-content width of break-anywhere text, linear instead of quadratic.

For the min-content width of a text (``layout/preferred.py``, ``inline_line_widths``) WeasyPrint splits it
into lines at width 0, one ``split_first_line`` call per line. When the text may break anywhere
(``overflow-wrap: anywhere``, ``word-break: break-all``) every character is a line, and each call ends in
"step 5" (``text/line_break.py``), which lays out *all* the remaining text at width 0 with Pango's
character wrapping -- one Pango line per remaining character -- to read the first line. A table cell of
n characters thus costs n²/2 Pango lines: a 900-character cell, 400,000.

The fix lays out a prefix of the text first (32 characters at width 0; at a width w, 32 + 8w/font-size,
twice what a line can hold if a character is at least a quarter of an em wide, the ratio step 1 of the
same function assumes) and keeps its first line when the second line starts in the prefix's first half;
otherwise (a longer first line: a grapheme cluster of many combining marks) it lays out the whole text
as before. Where a first line ends depends only on the characters around that point (line-break and
grapheme attributes, shaping), so the answer is the same, and so are the PDF's bytes
(``tests/test_pdf_speed_patch.py`` compares them; so did the example's three editions).

The patched function is WeasyPrint's own ``split_first_line`` source with that one block replaced,
compiled in its module's namespace: what runs is exactly the diff in ``benchmarks/README.md``
("Upstream: ..."), written to be sent upstream. :func:`apply` (called by ``render_pdf``, so in the PDF
worker, or in ``verify``'s process) patches only WeasyPrint 70.0, and only if the function's source is
exactly 70.0's (its sha256); otherwise it changes nothing. It replaces the name ``split_first_line`` in
``weasyprint.layout.preferred`` only (min- and max-content widths); the line layout (``layout/inline.py``)
keeps WeasyPrint's function, where step 5 runs once per line, not once per character.

A second fix, for pydyf 0.13.0 (WeasyPrint 70.0's writer): ``PDF.page_references`` builds the tuple of
all pages' references on every read, and WeasyPrint's tagging reads it once per structure element, so
writing a tagged PDF is O(elements x pages) (37% of writing at 795 pages). :func:`apply` replaces the
property with one that keeps the tuple while the page list keeps its length (pydyf only ever appends to
it): the same references, so the same bytes (``tests/test_pdf_speed_patch.py``).
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable
from typing import Any

from . import weasyprint_cascade
from .source_patch import patched_source

PINNED_VERSION = "70.0"
# sha256 of ``inspect.getsource(weasyprint.text.line_break.split_first_line)`` in WeasyPrint 70.0.
SOURCE_SHA256 = "39ad1016863ca34de0bea4c9fcffb46da7e27813c87dd82b7011bfa19fe5504f"

# Step 5 of split_first_line in 70.0, and what replaces it (the whole change; 8 spaces of indentation).
ORIGINAL = """\
        layout.set_text(text)
        pango.pango_layout_set_width(layout.layout, int(max_width * TO_UNITS))
        pango.pango_layout_set_wrap(layout.layout, PANGO_WRAP_MODE['WRAP_CHAR'])
        first_line, index = layout.get_first_line()
"""
PATCHED = """\
        # Only the first line is needed: lay out a prefix long enough for it
        # rather than the whole text, which at min-content width (0) gives one
        # Pango line per character and makes the caller quadratic.
        prefix = text
        if style['font_size']:
            prefix = text[:32 + 8 * int(max(0, max_width) / style['font_size'])]
        layout.set_text(prefix)
        pango.pango_layout_set_width(layout.layout, int(max_width * TO_UNITS))
        pango.pango_layout_set_wrap(layout.layout, PANGO_WRAP_MODE['WRAP_CHAR'])
        first_line, index = layout.get_first_line()
        if prefix != text and (
                index is None or 2 * index > len(prefix.encode())):
            # The first line may end near the end of the prefix, or not in
            # it: the characters after the prefix count, lay them out too.
            layout.set_text(text)
            first_line, index = layout.get_first_line()
"""

_PATCHED_MARK = "_reportgen_linear_min_content"

PINNED_PYDYF = "0.13.0"
# sha256 of ``inspect.getsource(pydyf.PDF.page_references.fget)`` in pydyf 0.13.0.
PAGE_REFERENCES_SHA256 = "060bf90aad55931bc24c3575a52af9478a89916aa307e5323142663841cb7798"
_CACHE_ATTRIBUTE = "_reportgen_page_references"


def _patched_function(original: Callable[..., Any]) -> Callable[..., Any] | None:
    """``original`` (70.0's ``split_first_line``) with step 5 replaced, or None if its source differs."""
    patched = patched_source(original, SOURCE_SHA256, [(ORIGINAL, PATCHED)])
    if patched is not None:
        setattr(patched, _PATCHED_MARK, True)
    return patched


def apply() -> bool:
    """Patch WeasyPrint's min-content width of break-anywhere text in this process; True if it is patched.

    Idempotent. Does nothing (and returns False) unless WeasyPrint is exactly the pinned 70.0.
    """
    import weasyprint
    from weasyprint.layout import preferred
    from weasyprint.text import line_break

    if weasyprint.__version__ != PINNED_VERSION:
        return False
    _cache_page_references()
    weasyprint_cascade.apply()
    if getattr(preferred.split_first_line, _PATCHED_MARK, False):
        return True
    if preferred.split_first_line is not line_break.split_first_line:  # someone else replaced it: keep theirs
        return False
    patched = _patched_function(line_break.split_first_line)
    if patched is None:
        return False
    preferred.split_first_line = patched
    return True


def remove() -> None:
    """Undo :func:`apply` in this process (for tests that compare the two)."""
    from weasyprint.layout import preferred
    from weasyprint.text import line_break

    if getattr(preferred.split_first_line, _PATCHED_MARK, False):
        preferred.split_first_line = line_break.split_first_line
    _uncache_page_references()
    weasyprint_cascade.remove()


def _cached_page_references(original: Callable[[Any], tuple[bytes, ...]]) -> property:
    """pydyf's ``page_references`` (``original``, its getter), computed again only when a page was added."""

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        cached = pdf.__dict__.get(_CACHE_ATTRIBUTE)
        if cached is not None and cached[0] is kids and cached[1] == len(kids):
            return cached[2]  # type: ignore[no-any-return]
        references = original(pdf)
        pdf.__dict__[_CACHE_ATTRIBUTE] = (kids, len(kids), references)
        return references

    setattr(page_references, _PATCHED_MARK, original)
    return property(page_references)


def _cache_page_references() -> bool:
    """Make ``pydyf.PDF.page_references`` cached (pydyf 0.13.0 with that exact getter only)."""
    import pydyf  # type: ignore[import-untyped]  # (no stubs; WeasyPrint's PDF writer)

    current = pydyf.PDF.page_references
    if not isinstance(current, property) or current.fget is None:
        return False
    if getattr(current.fget, _PATCHED_MARK, None) is not None:
        return True
    if pydyf.__version__ != PINNED_PYDYF:
        return False
    try:
        source = inspect.getsource(current.fget)
    except (OSError, TypeError):
        return False
    if hashlib.sha256(source.encode()).hexdigest() != PAGE_REFERENCES_SHA256:
        return False
    pydyf.PDF.page_references = _cached_page_references(current.fget)
    return True


def _uncache_page_references() -> None:
    import pydyf

    current = pydyf.PDF.page_references
    original = getattr(current.fget, _PATCHED_MARK, None) if isinstance(current, property) else None
    if original is not None:
        pydyf.PDF.page_references = property(original)


def page_references_cached() -> bool:
    import pydyf

    current = pydyf.PDF.page_references
    return isinstance(current, property) and getattr(current.fget, _PATCHED_MARK, None) is not None


def is_applied() -> bool:
    from weasyprint.layout import preferred

    return bool(getattr(preferred.split_first_line, _PATCHED_MARK, False))
