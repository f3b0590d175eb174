"""A fix for WeasyPrint 70.0: the CSS cascade worked out once per set of matching rules, not per element.

``StyleFor.__init__`` (``css/__init__.py``) walks every element, and for each rule that matches it walks
the rule's declarations to keep the winning value of each property: a report's seven thousand elements
times the dozens of declarations that match each (the user-agent sheet's and the theme's). Most
elements match exactly the same rules as many others (every cell of a table, every paragraph of a
chapter), and for an element without a ``style`` attribute or presentational hints the cascaded style
depends on nothing else: the matching rules, in order, with their sheet, origin and specificity. So the
patched loop remembers, for each such list of matching rules, the cascaded styles it produced (one per
pseudo-element, in the order they were first made) and gives the next element with the same list a
copy. Everything else -- which rules match, the keys that share computed styles, elements with their own
declarations -- runs WeasyPrint's own code; the PDF's bytes are the same (``tests/test_pdf_speed_patch.py``).
It saved about 0.4 s of CPU of an edition's 2.3 s of styling (benchmarks/README.md).

Like :mod:`.weasyprint_patch`: WeasyPrint's source of the method with one block replaced, compiled in
its module's namespace, applied only to 70.0 and only when the method's source is exactly 70.0's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .source_patch import patched_source

# sha256 of ``inspect.getsource(weasyprint.css.StyleFor.__init__)`` in WeasyPrint 70.0.
SOURCE_SHA256 = "b1e725a7552502aa00f0bc07aec79c1aa49365b107a889085161f8d6a4c4a836"

MEMO_START = "        computed_cache = {}\n"
MEMO_STARTED = "        computed_cache = {}\n        cascade_memo = {}\n"

# The per-element cascade of 70.0 (12 spaces of indentation), and what replaces it.
ORIGINAL = """\
            selectors_keys = []
            for sheet, origin, sheet_specificity in sheets:
                # Add declarations for matching elements.
                for selector in sheet.matcher.match(element):
                    specificity, order, pseudo_type, (declarations, layer) = selector
                    layer_order = inf if layer is None else sheet.layers.index(layer)
                    selectors_keys.append(
                        (sheet, specificity, id(declarations), layer_order))
                    specificity = sheet_specificity or specificity
                    style = cascaded_styles.setdefault((etree_element, pseudo_type), {})
                    for name, values, importance in declarations:
                        precedence = declaration_precedence(origin, importance)
                        weight = (precedence, layer_order, specificity)
                        old_weight = style.get(name, (None, None))[1]
                        if old_weight is None or old_weight <= weight:
                            style[name] = values, weight
"""
PATCHED = """\
            selectors_keys = []
            matched = [
                (sheet, origin, sheet_specificity, selector)
                for sheet, origin, sheet_specificity in sheets
                for selector in sheet.matcher.match(element)]
            # Without declarations of its own, the element's cascaded styles
            # depend only on the rules it matches: reuse those of an element
            # that matched the same ones.
            memo_key = None if element_declarations is not None else tuple(
                (id(sheet), origin, sheet_specificity, id(selector[3][0]),
                 selector[3][1], *selector[:3])
                for sheet, origin, sheet_specificity, selector in matched)
            memo = cascade_memo.get(memo_key) if memo_key is not None else None
            if memo is not None:
                selectors_keys.extend(memo[0])
                for pseudo_type, style in memo[1]:
                    cascaded_styles[etree_element, pseudo_type] = dict(style)
            else:
                made = []
                for sheet, origin, sheet_specificity, selector in matched:
                    specificity, order, pseudo_type, (declarations, layer) = selector
                    layer_order = inf if layer is None else sheet.layers.index(layer)
                    selectors_keys.append(
                        (sheet, specificity, id(declarations), layer_order))
                    specificity = sheet_specificity or specificity
                    if (etree_element, pseudo_type) not in cascaded_styles:
                        made.append(pseudo_type)
                    style = cascaded_styles.setdefault((etree_element, pseudo_type), {})
                    for name, values, importance in declarations:
                        precedence = declaration_precedence(origin, importance)
                        weight = (precedence, layer_order, specificity)
                        old_weight = style.get(name, (None, None))[1]
                        if old_weight is None or old_weight <= weight:
                            style[name] = values, weight
                if memo_key is not None:
                    cascade_memo[memo_key] = (tuple(selectors_keys), [
                        (pseudo_type, dict(cascaded_styles[etree_element, pseudo_type]))
                        for pseudo_type in made])
"""

_PATCHED_MARK = "_reportgen_cascade_memo"


def patched_init(original: Callable[..., Any]) -> Callable[..., Any] | None:
    """``original`` (70.0's ``StyleFor.__init__``) with the cascade memoised, or None if its source differs."""
    patched = patched_source(original, SOURCE_SHA256, [(ORIGINAL, PATCHED), (MEMO_START, MEMO_STARTED)])
    if patched is not None:
        setattr(patched, _PATCHED_MARK, original)
    return patched


def apply() -> bool:
    """Memoise WeasyPrint 70.0's cascade in this process (the caller checked the version); True if done."""
    from weasyprint.css import StyleFor

    if getattr(StyleFor.__init__, _PATCHED_MARK, None) is not None:
        return True
    patched = patched_init(StyleFor.__init__)
    if patched is None:
        return False
    StyleFor.__init__ = patched
    return True


def remove() -> None:
    from weasyprint.css import StyleFor

    original = getattr(StyleFor.__init__, _PATCHED_MARK, None)
    if original is not None:
        StyleFor.__init__ = original


def is_applied() -> bool:
    from weasyprint.css import StyleFor

    return getattr(StyleFor.__init__, _PATCHED_MARK, None) is not None
