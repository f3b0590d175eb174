"""A process-wide memo of parsed ``<style>`` sheets for WeasyPrint 70, so that page groups share one parse.

Every page group (:mod:`.chunks`) is a document with the theme's whole stylesheet in its head. WeasyPrint parses
a document's ``<style>`` elements for each document (``css/__init__.py`` ``find_stylesheets`` -> ``CSS``):
tokenising, validating every declaration and compiling every selector, about 0.1 s of CPU for the default
theme. That is most of what a one-page group costs, and a worker lays out many groups with the same sheets.

A parsed sheet depends only on its text, its base URL and the media type. Parsing also has effects on the
document: it appends the sheet's ``@page`` rules to the document's list (shared by all its sheets) and adds
its ``@font-face`` rules to the document's font configuration. The memo records those effects the first time
and replays them for each later document, giving it a copy of the parsed sheet that refers to *that*
document's page-rule list, exactly as a fresh parse would. Sheets with ``@layer``, ``@counter-style`` or
``@color-profile`` rules (the default theme has none) are not memoised: their effects are not replayed.
The PDF's bytes are the same with and without the memo (``tests/test_pdf_groups.py``).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

# Sheets kept (the theme's few <style> blocks, for a theme or two): the least recently used goes first.
CAPACITY = 16

_memo: OrderedDict[tuple[str, str | None, str | None], tuple[Any, list[Any], list[Any]]] = OrderedDict()
_MARK = "_reportgen_stylesheet_memo"


def apply() -> None:
    """Install the memo in this process (idempotent)."""
    import weasyprint.css as css_module

    if getattr(css_module.CSS, _MARK, False):
        return
    original = css_module.CSS

    def memoised_css(*args: Any, **kwargs: Any) -> Any:
        string = kwargs.get("string")
        page_rules, layers = kwargs.get("page_rules"), kwargs.get("layers")
        font_config = kwargs.get("font_config")
        if args or not isinstance(string, str) or page_rules is None or layers is None or font_config is None:
            return original(*args, **kwargs)
        key = (string, kwargs.get("base_url"), kwargs.get("media_type"))
        entry = _memo.get(key)
        if entry is not None:
            _memo.move_to_end(key)
            sheet, rules, recorded = entry
            copy = object.__new__(original)
            copy.__dict__.update(sheet.__dict__)
            copy.page_rules, copy.layers = page_rules, layers
            page_rules.extend(rules)
            for descriptors in recorded:
                font_config.add_font_face(descriptors, kwargs.get("url_fetcher"))
            return copy
        counters, profiles = kwargs.get("counter_style"), kwargs.get("color_profiles")
        before = (len(page_rules), len(layers), len(counters or ()), len(profiles or ()))
        faces: list[Any] = []
        add_font_face = font_config.add_font_face

        def recording(descriptors: Any, url_fetcher: Any) -> Any:
            faces.append(descriptors)
            return add_font_face(descriptors, url_fetcher)

        font_config.add_font_face = recording
        try:
            sheet = original(*args, **kwargs)
        finally:
            del font_config.add_font_face  # the instance attribute: the class's method shows again
        after = (len(page_rules), len(layers), len(counters or ()), len(profiles or ()))
        if after[1:] == before[1:]:
            _memo[key] = (sheet, page_rules[before[0] :], faces)
            while len(_memo) > CAPACITY:
                _memo.popitem(last=False)
        return sheet

    setattr(memoised_css, _MARK, True)
    css_module.CSS = memoised_css
