"""PDF/UA-1 tagging for WeasyPrint 70.0: page furniture as artifacts, and list, heading and table structure.

WeasyPrint 70.0 tags a PDF (``pdf/tags.py``) well enough for PDF/A-3a but not for a screen reader, nor for the
Matterhorn protocol that PDF/UA-1 checkers apply:

- Margin boxes (running heads, "Page N of M") are marked content with MCIDs whose structure elements hang
  under ``/Document`` without being its kids (``Span < NonStruct < Document``): a reader meets them on
  every page. Here a margin box is drawn inside ``/Artifact <</Type /Pagination ...>> BDC`` with tagging
  off, and the tree builder skips margin boxes.
- ``<dl><div><dt><dd>`` became ``L > Div > LI > LBody``: here the ``div`` is the ``LI``, ``dt`` its
  ``Lbl`` and ``dd`` its ``LBody``.
- A block inside a heading (a ``::before`` rule, the anonymous block around the text) became
  ``H2 > [NonStruct, H2]``: here a heading's inline content is gathered straight under it.
- Header cells get ``/Scope`` (``/Row`` for ``scope="row"``, else ``/Column``, as WeasyPrint's own
  ``/Headers`` mapping assumes) and the structure root an ``/IDTree`` for the ``/ID`` s that ``/Headers``
  name.
- A chart's ``/Alt`` is its SVG ``<title>`` followed by its ``<desc>`` (the data summary), and a link's
  ``/Contents`` its words (``aria-label``, else its text), not the fragment id.
- A link's pseudo-element (``a::after``: the contents' leader and page number, a cross-reference's
  "(p. N)") became a ``Link`` inside the ``Link``, one of them without text where the page number broke
  onto a new line: here its text and its annotation join the link's own element.
- An element left with no kids (an empty inline-block such as a colour mark, a ``<br>``) became an empty
  ``Span`` or ``NonStruct`` that a reader announces as nothing: here it is taken back (it is the last
  object added, so nothing is renumbered); table cells stay, for the grid.
- The PDF/A variants are declared PDF/UA-1 too (``pdfuaid:part``, with the PDF/A extension schema that
  describes it, and ``dc:language``), and their XMP stays uncompressed, as PDF/A checkers want.

Like :mod:`.weasyprint_patch` (both through :mod:`.source_patch`), the changed functions are WeasyPrint's own
source with exact blocks replaced, compiled in a copy of their module's namespace, and only if that source is
exactly 70.0's (sha256); otherwise :func:`apply` changes nothing and returns False. Everything happens while
WeasyPrint writes the PDF, so no second pass reads it back: the cost is a few dictionary entries per structure
element.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from .source_patch import patched_source

PINNED_VERSION = "70.0"
# sha256 of ``inspect.getsource`` of ``weasyprint.pdf.tags._build_box_tree`` in WeasyPrint 70.0.
BUILD_BOX_TREE_SHA256 = "f716251a83e7096e9cae972b63e633aab21c664d200582166dd0d5096780f9c4"

# (70.0's block, what replaces it) in ``_build_box_tree``; each block occurs exactly once.
REPLACEMENTS = (
    (  # margin boxes are artifacts (see _draw_stacking_context): nothing of theirs is in the tree
        """\
        for child in box.children:
            tuple(_build_box_tree(
                child, parent, pdf, page_number, nums, annotations, tags))
        return
""",
        """\
        return
""",
    ),
    (  # <dl><div><dt><dd>: the div is the list item, the term its label, the description its body
        """\
    elif tag == 'LI':
        # Ignore anonymous blocks created for lists and bullets.
""",
        """\
    elif tag == 'Div' and parent['S'] == '/L' and box.element_tag == 'div':
        tag = 'LI'
    elif tag == 'LI' and parent['S'] == '/LI' and box.element_tag in ('dt', 'dd'):
        tag = 'Lbl' if box.element_tag == 'dt' else 'LBody'
    elif tag == 'LI':
        # Ignore anonymous blocks created for lists and bullets.
""",
    ),
    (  # a chart's alternative text carries its data summary (<desc>), not only its title
        """\
            title_elem = box.element.find('{http://www.w3.org/2000/svg}title')
            if title_elem is not None and title_elem.text:
                element['Alt'] = pydyf.String(title_elem.text)
""",
        """\
            if alt := _reportgen_svg_alt(box.element):
                element['Alt'] = pydyf.String(alt)
""",
    ),
    (  # a link is described by its words, not by its target's fragment id
        """\
        annotation = box.link_annotation
        object_reference = pydyf.Dictionary({
""",
        """\
        annotation = box.link_annotation
        if words := _reportgen_link_words(box.element):
            annotation['Contents'] = pydyf.String(words)
        object_reference = pydyf.Dictionary({
""",
    ),
    (  # a heading holds its inline content directly: no NonStruct or nested heading for inner blocks
        """\
        children = child.children if isinstance(child, boxes.LineBox) else [child]
        for child in children:
""",
        """\
        children = child.children if isinstance(child, boxes.LineBox) else [child]
        if tag in ('H1', 'H2', 'H3', 'H4', 'H5', 'H6'):
            children = _reportgen_inline_content(child)
        for child in children:
""",
    ),
    (  # a link's pseudo-element (``a::after``, its page number) is part of the link, not a Link inside it
        """\
    # Create box element.
    element = pydyf.Dictionary({
        'Type': '/StructElem',
        'S': f'/{tag}',
        'K': pydyf.Array([]),
        'Pg': pdf.page_references[page_number],
        'P': parent.reference,
    })
    pdf.add_object(element)
""",
        """\
    # Create box element.
    if tag == 'Link' and parent['S'] == '/Link':
        element = parent  # its text and annotation join the link's; not yielded (see the end)
    else:
        element = pydyf.Dictionary({
            'Type': '/StructElem',
            'S': f'/{tag}',
            'K': pydyf.Array([]),
            'Pg': pdf.page_references[page_number],
            'P': parent.reference,
        })
        pdf.add_object(element)
""",
    ),
    (  # an element with nothing in it (an empty inline-block, a ``<br>``) is dropped: an empty Span says nothing
        """\

    yield element
""",
        """\

    if element is parent:  # a link's pseudo-element, merged into the link
        return
    if not element['K'] and _reportgen_drop_empty(pdf, element, tag):
        return
    yield element
""",
    ),
    (  # header cells say which way they apply (Matterhorn 15-003)
        """\
                    if cell.element.attrib.get('scope') == 'row':
                        row_headers[i].append(key)
                    else:
                        column_headers[j].append(key)
""",
        """\
                    if cell.element.attrib.get('scope') == 'row':
                        row_headers[i].append(key)
                        cell.mark['A']['Scope'] = '/Row'
                    else:
                        column_headers[j].append(key)
                        cell.mark['A']['Scope'] = '/Column'
""",
    ),
)

_SVG = "{http://www.w3.org/2000/svg}"
_PATCHED_MARK = "_reportgen_pdf_ua"
_ORIGINALS: dict[str, Any] = {}

# XMP namespaces for the PDF/UA identification and the PDF/A extension schema that declares it.
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"


def _words(text: str) -> str:
    return " ".join(text.split())


def _svg_alt(element: Any) -> str:
    """The SVG's title and description (the chart's data summary), as one text."""
    parts = [_words("".join(found.itertext())) for found in (element.find(f"{_SVG}title"), element.find(f"{_SVG}desc"))
             if found is not None]  # fmt: skip
    parts = [part for part in parts if part]
    if len(parts) == 2 and parts[1].startswith(parts[0]):  # a description that restates the title
        parts = parts[1:]
    return " ".join(part if part[-1] in ".:!?" else f"{part}." for part in parts) if len(parts) > 1 else "".join(parts)


def _link_words(element: Any) -> str:
    """What a link says: its ``aria-label``, else its text ("" for an element-less box)."""
    if element is None:
        return ""
    return _words(element.attrib.get("aria-label") or "".join(element.itertext()))


def _drop_empty(pdf: Any, element: Any, tag: str) -> bool:
    """Take back an element that ended up with no kids (no text, image or annotation), if nothing came after it.

    It was the last object added (its kids would have come after it), so removing it renumbers nothing; table
    cells stay, for the table's grid and its ``/Headers``.
    """
    if tag in ("TD", "TH") or not pdf.objects or pdf.objects[-1] is not element:
        return False
    pdf.objects.pop()
    return True


def _inline_content(box: Any) -> list[Any]:
    """A heading child's inline boxes, with the block boxes (anonymous, ``::before``) in between removed."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        return list(box.children)
    if isinstance(box, boxes.BlockBox):
        return [inline for child in box.children for inline in _inline_content(child)]
    return [box]


def _patched_build_box_tree(original: Callable[..., Any]) -> Callable[..., Any] | None:
    """70.0's ``_build_box_tree`` with :data:`REPLACEMENTS`, or None if its source is not 70.0's."""
    # in a copy of the module's globals plus the helpers: the recursion finds the patched function there
    helpers = {
        "_reportgen_svg_alt": _svg_alt,
        "_reportgen_link_words": _link_words,
        "_reportgen_inline_content": _inline_content,
        "_reportgen_drop_empty": _drop_empty,
    }
    return patched_source(original, BUILD_BOX_TREE_SHA256, REPLACEMENTS, extra_globals=helpers)


def _artifact_margin_boxes(original: Callable[..., None]) -> Callable[..., None]:
    """``draw_stacking_context`` that draws a margin box as a pagination artifact, with tagging off."""
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.formatting_structure import boxes

    def draw_stacking_context(stream: Any, stacking_context: Any) -> None:
        box = stacking_context.box
        if stream._tags is None or not isinstance(box, boxes.MarginBox):
            original(stream, stacking_context)
            return
        properties = pydyf.Dictionary({"Type": "/Pagination"})
        if box.at_keyword.startswith("@top"):
            properties["Subtype"] = "/Header"
        elif box.at_keyword.startswith("@bottom"):
            properties["Subtype"] = "/Footer"
        tags, stream._tags = stream._tags, None
        pydyf.Stream.begin_marked_content(stream, "Artifact", properties)
        try:
            original(stream, stacking_context)
        finally:
            pydyf.Stream.end_marked_content(stream)
            stream._tags = tags

    return draw_stacking_context


def _add_id_tree(pdf: Any) -> None:
    """Give the structure root the ``/IDTree`` that the cells' ``/Headers`` refer to (a sorted name tree)."""
    import pydyf

    if "StructTreeRoot" not in pdf.catalog:
        return
    elements: list[Any] = [
        element
        for element in pdf.objects
        if isinstance(element, dict) and element.get("Type") == "/StructElem" and "ID" in element
    ]
    ids = sorted(((str(element["ID"].string), element) for element in elements), key=lambda pair: pair[0])
    if not ids:
        return
    names = pydyf.Array()
    for key, element in ids:
        names.extend((pydyf.String(key), element.reference))
    tree = pydyf.Dictionary({"Names": names})
    pdf.add_object(tree)
    root = pdf.objects[int(pdf.catalog["StructTreeRoot"].split()[0])]
    root["IDTree"] = tree.reference


def _ua_rdf(rdf_bytes: bytes, language: str | None) -> bytes:
    """WeasyPrint's RDF with the PDF/UA-1 identification, its extension schema and ``dc:language``."""

    def sub(parent: ElementTree.Element, tag: str, text: str | None = None, **attrib: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, tag, attrib)
        element.text = text
        return element

    for prefix, uri in (("pdfaExtension", _EXTENSION), ("pdfaSchema", _SCHEMA), ("pdfaProperty", _PROPERTY)):
        ElementTree.register_namespace(prefix, uri)  # the prefixes PDF/A requires for these (6.6.2.3.2)
    rdf = ElementTree.fromstring(rdf_bytes)
    about = {f"{{{_RDF}}}about": ""}
    sub(rdf, f"{{{_RDF}}}Description", **about, **{f"{{{_PDFUAID}}}part": "1"})
    if language:
        bag = sub(sub(sub(rdf, f"{{{_RDF}}}Description", **about), f"{{{_DC}}}language"), f"{{{_RDF}}}Bag")
        sub(bag, f"{{{_RDF}}}li", language)
    # PDF/A allows only its predefined XMP schemas unless the file describes the others (ISO 19005-3, 6.6.2.3)
    schemas = sub(sub(rdf, f"{{{_RDF}}}Description", **about), f"{{{_EXTENSION}}}schemas")
    schema = sub(sub(schemas, f"{{{_RDF}}}Bag"), f"{{{_RDF}}}li", **{f"{{{_RDF}}}parseType": "Resource"})
    sub(schema, f"{{{_SCHEMA}}}schema", "PDF/UA Universal Accessibility Schema")
    sub(schema, f"{{{_SCHEMA}}}namespaceURI", _PDFUAID)
    sub(schema, f"{{{_SCHEMA}}}prefix", "pdfuaid")
    prop = sub(sub(sub(schema, f"{{{_SCHEMA}}}property"), f"{{{_RDF}}}Seq"), f"{{{_RDF}}}li")
    prop.set(f"{{{_RDF}}}parseType", "Resource")
    sub(prop, f"{{{_PROPERTY}}}name", "part")
    sub(prop, f"{{{_PROPERTY}}}valueType", "Integer")
    sub(prop, f"{{{_PROPERTY}}}category", "internal")
    sub(prop, f"{{{_PROPERTY}}}description", "Indicates, which part of ISO 14289 standard is followed")
    return bytes(ElementTree.tostring(rdf, encoding="utf-8"))


def _end_streams_cleanly(pdf: Any) -> None:
    """Keep compressed content streams from ending with a carriage return.

    pydyf writes ``data\nendstream``; when compressed data ends with ``\r`` (its last byte is the low byte of
    the Adler-32 of the uncompressed data, so 1 stream in 256), a reader sees ``\r\n`` as the end-of-line
    marker and finds ``/Length`` one byte too long (PDF/A-3 6.1.7.1). A trailing newline in the content,
    which changes nothing drawn, changes that byte.
    """
    import zlib

    import pydyf
    from weasyprint.pdf.stream import Stream

    for stream in pdf.objects:
        if isinstance(stream, Stream) and stream.compress:
            data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
            while zlib.adler32(data) & 0xFF == 0x0D:
                stream.stream.append(b"")
                data += b"\n"


def _ua_variant(pdfa_function: Callable[..., None]) -> Callable[..., None]:
    """A PDF/A variant function that also declares PDF/UA-1, adds the ``/IDTree`` and keeps the XMP plain."""

    def variant(pdf: Any, document: Any, page_streams: Any, attachments: Any, compress: bool) -> None:
        _add_id_tree(pdf)
        _end_streams_cleanly(pdf)
        metadata = document.metadata
        generate = metadata.generate_rdf_metadata
        metadata.generate_rdf_metadata = lambda *args: _ua_rdf(generate(*args), metadata.lang)
        try:  # ``compress`` only decides the XMP stream's filter here; PDF/A checkers want it readable
            pdfa_function(pdf, document, page_streams, attachments, compress=False)
        finally:
            del metadata.generate_rdf_metadata

    return variant


def ua_variant(variant: str) -> str:
    """The name :func:`apply` registers for ``variant`` declared PDF/UA-1 too (``pdf/a-3a`` -> ``pdf/a-3a+ua-1``)."""
    return f"{variant}+ua-1"


def apply(*variants: str) -> bool:
    """Patch WeasyPrint's tagging in this process and register ``ua_variant(v)`` for each of ``variants``
    (PDF/A variants: ``pdf/a-3a``, ``pdf/a-3b``...).

    Idempotent; True if patched. Does nothing (and returns False) unless WeasyPrint is exactly the pinned 70.0.
    """
    import weasyprint
    from weasyprint import draw, pdf
    from weasyprint.pdf import tags

    if weasyprint.__version__ != PINNED_VERSION:
        return False
    if not getattr(tags._build_box_tree, _PATCHED_MARK, False):
        build_box_tree = _patched_build_box_tree(tags._build_box_tree)
        if build_box_tree is None:
            return False
        _ORIGINALS.update(build_box_tree=tags._build_box_tree, draw_stacking_context=draw.draw_stacking_context)
        setattr(build_box_tree, _PATCHED_MARK, True)
        tags._build_box_tree = build_box_tree
        draw.draw_stacking_context = _artifact_margin_boxes(draw.draw_stacking_context)
    for name in variants:
        function, properties = pdf.VARIANTS[name]
        pdf.VARIANTS.setdefault(ua_variant(name), (_ua_variant(function), {**properties, "pdf_tags": True}))
    return True


def remove() -> None:
    """Undo :func:`apply` in this process (for tests that compare the two)."""
    from weasyprint import draw
    from weasyprint.pdf import tags

    if _ORIGINALS:
        tags._build_box_tree = _ORIGINALS.pop("build_box_tree")
        draw.draw_stacking_context = _ORIGINALS.pop("draw_stacking_context")


def is_applied() -> bool:
    from weasyprint.pdf import tags

    return bool(getattr(tags._build_box_tree, _PATCHED_MARK, False))
