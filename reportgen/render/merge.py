"""One tagged PDF/A from chunk PDFs that WeasyPrint laid out separately, plus an optional page-number overlay.

Laying out a whole edition in one WeasyPrint process takes seconds of CPU; split at forced page breaks, the chunks
lay out in parallel and each is cached by its content. What makes the chunks one document again is here:

- Pages: parts[0] is the base (its catalog, XMP, output intent, attachments and document info stay); the other
  parts' pages are copied in with qpdf's foreign-object copy, and then what refers to a page (structure elements'
  ``/Pg``, ``/OBJR``, outline and named destinations) is copied from the same source into the same document:
  qpdf keeps one map of copied objects per source, so these point at the copied pages, not at new copies.
- Structure: one ``/Document`` with every part's top-level elements in order. Pages' ``/StructParents`` and
  annotations' ``/StructParent`` move up by the keys the parts before used, and the ``/ParentTree`` is one sorted
  ``/Nums``. WeasyPrint names a table's header cells ``f"{number}-{row}-{col}"`` per document, so ids collide
  across parts: each part's ``/ID`` s, the ``/Headers`` that name them and its ``/IDTree`` keys get a prefix
  (``p0-``, ``p1-``...).
- Outline and named destinations: the parts' top-level outline items, chained in order; one ``/Names /Dests``
  tree (first definition wins), so a link's ``/Dest (name)`` resolves whichever part defines ``name``.
- Furniture: "Page X of Y" needs the final page count, so the chunks have no footer; a small PDF with one page per
  final page holds only that margin box, and each of its pages is drawn over its page as a Form XObject, marked as
  a pagination artifact (PDF/UA: page furniture is not content).
- Fonts: WeasyPrint embeds in each part a subset of each font face it uses, with the face's glyph ids kept
  (harfbuzz-subset's retain-gids: a dropped glyph is an empty charstring or glyf record; the glyphs after the last
  one used are cut) and no subroutines, so a glyph is the same bytes in every part that draws it. For each face (the
  descriptor's ``/FontName``, whose tag WeasyPrint derives from the font's description, not from its glyphs, and the
  program's kind) one program is rebuilt from the parts' programs, without the original font: every glyph some part
  draws, the ``hmtx``, ``cmap``, ``OS/2`` ranges and ``head`` box of them all, no ``GDEF`` (a viewer draws the glyph
  ids the content names). Every part's descriptor points at it; its ``/CIDSet`` (which WeasyPrint writes only for
  PDF 1.4) becomes the union of theirs. Programs not shown to be subsets of one font (a glyph drawn differently,
  another table, subroutines, a CID-keyed CFF) stay as they are. Then the parts' Type0 fonts of a face become one
  wherever their ``/W`` widths and ``ToUnicode`` text agree on the glyphs they share: WeasyPrint rounds a glyph's
  width at the size it first draws it, so parts differ by a unit on a few glyphs, and a width that changed would
  move the text after the glyph; such a part keeps a font of its own (on the shared program).
- Colour profiles: the parts' colour spaces' ICC profiles of the same bytes are one (each part has its sRGB).
- Bytes: the same parts give the same bytes (the ``/ID`` is a hash of the content); streams are copied as they
  are, never recompressed. A compressed stream whose data ends with a carriage return reads, to a PDF/A checker,
  as one byte shorter than its ``/Length`` (see ``tagging_patch._end_streams_cleanly``): the few streams made
  here are padded so that theirs cannot, and the object and cross-reference streams that qpdf compresses are
  checked after writing and, in the rare case, written again with the objects numbered differently.
"""

from __future__ import annotations

import io
import itertools
import re
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from operator import sub
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Pdf, String

# What WeasyPrint 70 writes in a catalog, each merged or kept from parts[0]; any other entry would refer to
# per-part things that nothing here merges (/AcroForm, /PageLabels, /Dests...), so a part with one is refused.
_CATALOG_KEYS = frozenset(
    {"/Type", "/Pages", "/Lang", "/MarkInfo", "/Metadata", "/OutputIntents", "/ViewerPreferences", "/AF"}
    | {"/Names", "/Outlines", "/StructTreeRoot"}
)
_BASE_ONLY = ("/AF", "/EmbeddedFiles")  # attachments: parts[0]'s
_NAMES_KEYS = frozenset({"/Dests", "/EmbeddedFiles"})
_FURNITURE = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC q %s Do Q EMC\n"
# Writes with the objects numbered differently before giving up: when qpdf compresses its object and cross-reference
# streams, each has a 1 in 256 chance of ending with a carriage return (a few percent for the file).
_ATTEMPTS = 4
_CR_BEFORE_ENDSTREAM = b"\r\nendstream"  # qpdf writes data + "\n" + "endstream" (preserve_pdfa)


@dataclass
class _Merged:
    """What the parts contribute to the merged document's structure, outline and destinations."""

    nums: list[tuple[int, Object]] = field(default_factory=list)  # ParentTree
    next_key: int = 0
    ids: list[tuple[bytes, Object, Object]] = field(default_factory=list)  # IDTree: (key, String, element)
    role_map: dict[str, Object] = field(default_factory=dict)
    class_map: dict[str, Object] = field(default_factory=dict)
    outline: list[Object] = field(default_factory=list)  # top-level items
    outline_count: int = 0
    dests: dict[bytes, tuple[Object, Object]] = field(default_factory=dict)  # name -> (String, destination)


def merge_parts(parts: Sequence[bytes], furniture: bytes | None = None, *, share_fonts: bool = True) -> bytes:
    """One PDF from chunk PDFs laid out separately, in order; parts[0]'s catalog (XMP metadata, output intent,
    MarkInfo, Lang, ViewerPreferences, attachments /AF + /Names /EmbeddedFiles) and document info are kept.

    ``furniture``, if given, has one page per merged page, each drawn over its page as a pagination artifact.
    ``share_fonts``: one font program per face instead of one per part (see the module docstring).
    Raises ValueError for parts this cannot merge faithfully, or furniture of another page count.
    """
    if not parts:
        raise ValueError("no PDF parts to merge")
    with ExitStack() as stack:  # copied streams are read from their source when the merged PDF is written
        pdfs = [stack.enter_context(pikepdf.open(io.BytesIO(part))) for part in parts]
        tagged = [_check_catalog(pdf, index) for index, pdf in enumerate(pdfs)]
        if any(tagged) and not all(tagged):
            untagged = [index for index, is_tagged in enumerate(tagged) if not is_tagged]
            raise ValueError(f"parts {untagged} have no structure tree, the others do")
        base = pdfs[0]
        merged = _Merged()
        for index, pdf in enumerate(pdfs):
            if tagged[0]:
                _prefix_ids(pdf.Root.StructTreeRoot, f"p{index}-".encode("ascii"))
            _add_part(base, pdf, index, merged, tagged[0])
        if tagged[0]:
            _write_structure(base, merged)
        _write_outline(base, merged)
        _write_dests(base, merged)
        if furniture is not None:
            _overlay(base, stack.enter_context(pikepdf.open(io.BytesIO(furniture))))
        _share_resources(base, share_fonts)
        return _save(base, max(pdf.pdf_version for pdf in pdfs))


def _check_catalog(pdf: Pdf, index: int) -> bool:
    """Refuse what the merge would lose or mix up; True if the part is tagged."""
    root = pdf.Root
    if unknown := sorted(set(root.keys()) - _CATALOG_KEYS):
        raise ValueError(f"part {index}: cannot merge catalog entries {unknown}")
    names = root.get("/Names", Dictionary())
    if unknown := sorted(set(names.keys()) - _NAMES_KEYS):
        raise ValueError(f"part {index}: cannot merge name trees {unknown}")
    if index and any(key in root or key in names for key in _BASE_ONLY):
        raise ValueError(f"part {index}: attachments belong on the first part")
    if "/StructTreeRoot" not in root:
        return False
    document = _document(root.StructTreeRoot)
    if document is None:
        raise ValueError(f"part {index}: the structure tree's root is not one /Document element")
    return True


def _document(struct_root: Object) -> Object | None:
    kids = struct_root.get("/K")
    if isinstance(kids, Array) and len(kids) == 1:
        kids = kids[0]
    return kids if isinstance(kids, Dictionary) and kids.get("/S") == Name.Document else None


def _prefixed(value: bytes, prefix: bytes) -> bytes:
    if value.startswith(b"\xfe\xff"):  # UTF-16BE text string
        return b"\xfe\xff" + prefix.decode("ascii").encode("utf-16-be") + value[2:]
    return prefix + value


def _prefix_ids(struct_root: Object, prefix: bytes) -> None:
    """Prefix, in the part itself (before it is copied), its structure elements' ``/ID`` s and the header ids that
    table cells name in their attributes' ``/Headers``.

    Only the tables around the ``/IDTree`` 's elements are walked, not what is inside their cells; without an
    ``/IDTree``, the whole tree.
    """
    if "/IDTree" not in struct_root:
        starts, into_cells = [struct_root], True
    else:
        tables: dict[tuple[int, int], Object] = {}
        for _, element in _tree(struct_root.IDTree, "/Names"):
            for _ in range(64):  # up to its table (else up to the /Document)
                parent = element.get("/P")
                if element.get("/S") == Name.Table or not isinstance(parent, Dictionary) or "/S" not in parent:
                    break
                element = parent
            tables.setdefault(element.objgen, element)
        starts, into_cells = list(tables.values()), False
    for element in _elements(starts, into_cells):
        if "/ID" in element:
            element.ID = String(_prefixed(bytes(element.ID), prefix))
        attributes = element.get("/A")
        for owner in attributes if isinstance(attributes, Array) else [attributes]:
            if isinstance(owner, Dictionary) and isinstance(headers := owner.get("/Headers"), Array) and headers:
                owner.Headers = Array([String(_prefixed(bytes(header), prefix)) for header in headers])


def _elements(starts: Iterable[Object], into_cells: bool) -> Iterator[Object]:
    """The structure elements at and under ``starts`` (a structure root yields only what is under it); not what is
    inside table cells unless ``into_cells``."""
    stack = list(starts)
    while stack:
        element = stack.pop()
        kind = element.get("/S")
        if kind is not None:
            yield element
            if not into_cells and kind in (Name.TD, Name.TH):
                continue
        kids = element.get("/K")
        if isinstance(kids, Array):
            stack.extend(kid for kid in kids if isinstance(kid, Dictionary) and "/S" in kid)
        elif isinstance(kids, Dictionary) and "/S" in kids:
            stack.append(kids)


def _tree(node: Object, key: str, depth: int = 0) -> Iterator[tuple[Object, Object]]:
    """The (key, value) pairs of a name tree (``key="/Names"``) or number tree (``"/Nums"``), in order."""
    if depth > 32:
        raise ValueError("name or number tree nested too deeply")
    pairs = node.get(key)
    if isinstance(pairs, Array):
        for i in range(0, len(pairs) - 1, 2):
            yield pairs[i], pairs[i + 1]
    for kid in node.get("/Kids", Array()):
        yield from _tree(kid, key, depth + 1)


def _add_part(base: Pdf, pdf: Pdf, index: int, merged: _Merged, tagged: bool) -> None:
    """Copy the part's pages into ``base`` (nothing for parts[0]), then what refers to them, and note it all."""
    root = pdf.Root
    names = root.get("/Names", Dictionary())
    first = len(base.pages) if index else 0
    pieces: Object = Dictionary()
    for letter, value in (
        ("/S", root.get("/StructTreeRoot")),
        ("/O", root.get("/Outlines")),
        ("/D", names.get("/Dests")),
    ):
        if value is not None:
            pieces[letter] = value
    if index:
        for page in pdf.pages:
            base.pages.append(page)
        # from the same source as the pages: /Pg, /OBJR, outline and destinations point at the copied pages
        pieces = base.copy_foreign(pdf.make_indirect(pieces))
    pages = [base.pages[i].obj for i in range(first, len(base.pages))]
    if tagged:
        _add_structure(base, pieces.S, pages, merged, index, root.get("/Lang"))
    if (outline := pieces.get("/O")) is not None and "/First" in outline:
        item = outline.First
        while True:
            merged.outline.append(item)
            if "/Next" not in item:
                break
            item = item.Next
        merged.outline_count += max(0, int(outline.get("/Count", 0)))
    if (dests := pieces.get("/D")) is not None:
        for key, destination in _tree(dests, "/Names"):
            merged.dests.setdefault(bytes(key), (key, destination))


def _add_structure(
    base: Pdf, struct_root: Object, pages: Sequence[Object], merged: _Merged, index: int, lang: Object | None
) -> None:
    """Renumber the part's parent-tree keys after the parts before, and adopt its top-level elements."""
    offset = merged.next_key
    nums = [(int(key), value) for key, value in _tree(struct_root.ParentTree, "/Nums")]
    merged.nums.extend((key + offset, value) for key, value in nums)
    next_key = max([int(struct_root.get("/ParentTreeNextKey", 0)), *(key + 1 for key, _ in nums)])
    merged.next_key = offset + next_key
    if offset:
        for page in pages:
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annotation in page.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
    prefix = f"p{index}-".encode("ascii")
    if "/IDTree" in struct_root:
        for key, element in _tree(struct_root.IDTree, "/Names"):
            name = _prefixed(bytes(key), prefix)
            merged.ids.append((name, String(name), element))
    for entry, mapping in (("/RoleMap", merged.role_map), ("/ClassMap", merged.class_map)):
        for role, value in struct_root.get(entry, Dictionary()).items():
            mapping.setdefault(role, value)
    document = _document(struct_root)
    assert document is not None  # _check_catalog
    if not index:
        return
    base_document = _document(base.Root.StructTreeRoot)
    assert base_document is not None
    if not isinstance(base_document.K, Array):
        base_document.K = Array([base_document.K])
    base_lang = base.Root.get("/Lang")
    kids = document.K if isinstance(document.K, Array) else [document.K]
    for kid in kids:
        if isinstance(kid, Dictionary) and "/S" in kid:
            kid.P = base_document
            if lang is not None and lang != base_lang and "/Lang" not in kid:
                kid.Lang = lang  # a part in another language says so on its elements
        base_document.K.append(kid)


def _write_structure(base: Pdf, merged: _Merged) -> None:
    struct_root = base.Root.StructTreeRoot
    nums = Array([item for key, value in sorted(merged.nums, key=lambda pair: pair[0]) for item in (key, value)])
    struct_root.ParentTree = base.make_indirect(Dictionary(Nums=nums))
    struct_root.ParentTreeNextKey = merged.next_key
    if merged.ids:
        names = Array([item for _, key, element in sorted(merged.ids, key=lambda e: e[0]) for item in (key, element)])
        struct_root.IDTree = base.make_indirect(Dictionary(Names=names))
    for entry, mapping in (("/RoleMap", merged.role_map), ("/ClassMap", merged.class_map)):
        if mapping:
            struct_root[entry] = Dictionary(mapping)


def _write_outline(base: Pdf, merged: _Merged) -> None:
    """Chain the parts' top-level outline items under one outline root."""
    if not merged.outline:
        if "/Outlines" in base.Root:
            del base.Root.Outlines
        return
    outlines = base.Root.get("/Outlines")
    if outlines is None:
        outlines = base.Root.Outlines = base.make_indirect(Dictionary(Type=Name.Outlines))
    outlines.First, outlines.Last, outlines.Count = merged.outline[0], merged.outline[-1], merged.outline_count
    items = merged.outline
    for previous, item, following in zip([None, *items[:-1]], items, [*items[1:], None], strict=True):
        item.Parent = outlines
        for key, neighbour in (("/Prev", previous), ("/Next", following)):
            if neighbour is None:
                if key in item:
                    del item[key]
            else:
                item[key] = neighbour


def _write_dests(base: Pdf, merged: _Merged) -> None:
    """One sorted name tree of every part's named destinations (the first part that defines a name wins)."""
    names = base.Root.get("/Names")
    if not merged.dests:
        if names is not None and "/Dests" in names:
            del names.Dests
        return
    flat = Array([item for key in sorted(merged.dests) for item in merged.dests[key]])
    dests = base.make_indirect(Dictionary(Names=flat))
    if names is None:
        base.Root.Names = Dictionary(Dests=dests)
    else:
        names.Dests = dests


def _padded(data: bytes, pad: bytes = b"\n") -> bytes:
    """The data, with ``pad`` after it until, compressed, it cannot end with a carriage return (see the module
    docstring): zlib's last byte is the Adler-32's lowest, the byte sum's."""
    while zlib.adler32(data) & 0xFF == 0x0D:
        data += pad
    return data


def _deflated(data: bytes) -> bytes:
    """Compressed data that cannot end with a carriage return."""
    return zlib.compress(_padded(data))


def _content(pdf: Pdf, data: bytes) -> Object:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(_deflated(data), filter=Name.FlateDecode)
    return stream


def _overlay(base: Pdf, furniture: Pdf) -> None:
    """Draw furniture page i over page i, as a Form XObject inside a pagination artifact."""
    if len(furniture.pages) != len(base.pages):
        raise ValueError(
            f"the furniture PDF has {len(furniture.pages)} pages but the merged parts have {len(base.pages)}"
        )
    begin = _content(base, b"q\n")  # one stream for every page
    for number, (page, furniture_page) in enumerate(zip(base.pages, furniture.pages, strict=True), start=1):
        if [round(float(x), 2) for x in page.mediabox] != [round(float(x), 2) for x in furniture_page.mediabox]:
            raise ValueError(f"page {number}: the furniture page is not the size of the page")
        form = furniture_page.as_form_xobject()
        form.write(_deflated(form.read_bytes()), filter=Name.FlateDecode)
        # in the resources a part's pages share (one form per page: its own name)
        if not isinstance(page.resources.get("/XObject"), Dictionary):
            page.resources.XObject = Dictionary()
        xobjects = page.resources.XObject
        name = Name(f"/Furniture{number}")
        while name in xobjects:
            name = Name(f"{name}X")
        xobjects[name] = base.copy_foreign(form)
        contents = page.obj.get("/Contents", Array())
        end = _content(base, b"Q\n" + _FURNITURE % str(name).encode("ascii"))
        page.obj.Contents = Array([begin, *(contents if isinstance(contents, Array) else [contents]), end])


def _save(pdf: Pdf, version: str) -> bytes:
    """Write deterministically; again, renumbered, while a stream qpdf compressed ends with a carriage return."""
    for attempt in range(_ATTEMPTS):
        if attempt:  # every object after this one in qpdf's order gets another number: other object streams
            page = pdf.pages[(attempt - 1) % len(pdf.pages)].obj
            page.MediaBox = pdf.make_indirect(pikepdf.Array(page.MediaBox))
        out = io.BytesIO()
        pdf.save(
            out,
            min_version=version,
            deterministic_id=True,
            fix_metadata_version=False,  # the XMP as the first part has it (pikepdf would rewrite it)
            stream_decode_level=pikepdf.StreamDecodeLevel.none,  # copied streams stay as they are
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        data = out.getvalue()
        if not _written_stream_ends_with_cr(data):
            return data
    raise RuntimeError(f"{_ATTEMPTS} ways of numbering the merged PDF's objects all gave a stream ending with CR")


def _written_stream_ends_with_cr(data: bytes) -> bool:
    """Whether an object or cross-reference stream that qpdf compressed ends with a carriage return (which it
    writes as CR LF before ``endstream``); the streams copied from the parts are as the parts had them."""
    end = data.find(_CR_BEFORE_ENDSTREAM)
    while end >= 0:
        start = max(0, data.rfind(b"endobj", 0, end))
        head = data[start : data.find(b"\nstream\n", start, end)]  # the stream's dictionary
        if b"/Type /ObjStm" in head or b"/Type /XRef" in head:
            return True
        end = data.find(_CR_BEFORE_ENDSTREAM, end + 1)
    return False


# Fonts: one program per face (see the module docstring).


class _Unmergeable(Exception):
    """Font programs not shown to be subsets of one font, or in a form that is not rebuilt here."""


_PROGRAM_KEYS = ("/FontFile3", "/FontFile2")
_STREAM_KEYS = frozenset({"/Length", "/Filter", "/DecodeParms", "/Length1", "/Length2", "/Length3"})
# Tables for shaping or layout, which a PDF viewer does not use (it draws the glyphs the content names): rebuilt for
# no union, so left out of it. WeasyPrint already drops all but GDEF.
_LAYOUT_TABLES = frozenset({b"GDEF", b"GPOS", b"GSUB", b"BASE", b"JSTF", b"MATH", b"kern", b"morx"})
_EMPTY_CHARSTRING = b"\x0e"  # endchar: a glyph harfbuzz-subset dropped but kept the id of
_CFF_OFFSETS = {15: 0, 16: 0, 17: 0, 18: 1}  # top DICT operator -> which operand is an offset: charset, Encoding...
_CFF_ROS, _CFF_CHARSTRING_TYPE, _CFF_SUBRS = 1230, 1206, 19  # 12 x operators as 1200 + x
_DESCRIPTOR_METRICS = frozenset({"/FontBBox", "/Ascent", "/Descent", "/CapHeight", "/Flags", "/CIDSet"})
_FIXED_PITCH = 1  # descriptor flag
_TO_UNICODE_HEAD = b"\n".join(  # as WeasyPrint 70 writes a ToUnicode CMap
    [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo",
        b"<< /Registry (Adobe)",
        b"/Ordering (UCS)",
        b"/Supplement 0",
        b">> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
)
_TO_UNICODE_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<((?:[0-9A-Fa-f]{4})+)>")
_TO_UNICODE_BODY = re.compile(  # after the head: bfchar blocks, and the tail
    rb"\s*(?:\d+\s+beginbfchar\s+(?:<[0-9A-Fa-f]{4}>\s*<(?:[0-9A-Fa-f]{4})+>\s*)*endbfchar\s*)*"
    rb"endcmap\s+CMapName\s+currentdict\s+/CMap\s+defineresource\s+pop\s+end\s+end\s*"
)
Number = int | Decimal
_W_ARRAY = re.compile(rb"\[[\[\]\d\s.+-]*\]")  # numbers and arrays of them
_W_TOKEN = re.compile(rb"\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)")


def _share_resources(pdf: Pdf, fonts: bool) -> None:
    """One copy of each colour profile the parts' colour spaces name alike; with ``fonts``, one font program per
    face and the fonts of a face that agree as one (see the module docstring)."""
    resources = _resources(pdf)
    _share_profiles(pdf, resources)
    if fonts:
        _share_fonts(pdf, resources)


def _share_profiles(pdf: Pdf, resources: Sequence[Object]) -> None:
    """ICC profiles of the same bytes: one (every WeasyPrint PDF has its sRGB profile in its colour spaces)."""
    profiles: dict[bytes, Object] = {}
    intents = pdf.Root.get("/OutputIntents", Array())
    for intent in intents if isinstance(intents, Array) else ():
        if isinstance(intent, Dictionary) and isinstance(profile := intent.get("/DestOutputProfile"), pikepdf.Stream):
            profiles.setdefault(profile.stream_dict.unparse(resolved=True) + profile.read_raw_bytes(), profile)
    for dictionary in resources:
        spaces = dictionary.get("/ColorSpace")
        for _, space in spaces.items() if isinstance(spaces, Dictionary) else ():
            if not isinstance(space, Array) or len(space) != 2 or space[0] != Name.ICCBased:
                continue
            profile = space[1]
            if isinstance(profile, pikepdf.Stream) and profile.is_indirect:
                key = profile.stream_dict.unparse(resolved=True) + profile.read_raw_bytes()
                if (first := profiles.setdefault(key, profile)).objgen != profile.objgen:
                    space[1] = first


def _share_fonts(pdf: Pdf, resources: Sequence[Object]) -> None:
    """One program per face, and one Type0 font for the parts' fonts of a face that agree (module docstring)."""
    font_dicts: dict[tuple[int, int], Object] = {}  # the resources' /Font dictionaries, each once
    for dictionary in resources:
        if isinstance(fonts := dictionary.get("/Font"), Dictionary):
            font_dicts.setdefault(fonts.objgen if fonts.is_indirect else (-len(font_dicts), 0), fonts)
    faces: dict[tuple[str, str, str], list[Object]] = {}
    seen: set[tuple[int, int]] = set()
    for fonts in font_dicts.values():
        for _, font in fonts.items():
            if not isinstance(font, Dictionary) or not font.is_indirect or font.objgen in seen:
                continue
            seen.add(font.objgen)
            if (found := _embedded(font)) is not None:
                descriptor, key = found
                face = (str(descriptor.FontName), key, str(descriptor[key].get("/Subtype", "")))
                faces.setdefault(face, []).append(font)
    replaced: dict[tuple[int, int], Object] = {}
    for (_, key, _), members in faces.items():
        _share_program(pdf, [font.DescendantFonts[0].FontDescriptor for font in members], key)
        replaced.update(_merge_fonts(pdf, members))
    if replaced:
        for fonts in font_dicts.values():
            for name, font in list(fonts.items()):
                if isinstance(font, Dictionary) and (head := replaced.get(font.objgen)) is not None:
                    fonts[name] = head


def _resources(pdf: Pdf) -> list[Object]:
    """Every resource dictionary of the pages, their forms, patterns, soft masks, Type 3 fonts and annotations'
    appearances, each once, in page order."""
    found: list[Object] = []
    seen: set[tuple[int, int]] = set()

    def first_time(obj: Object) -> bool:
        if not obj.is_indirect:
            return True  # a direct object is where its one parent is
        if obj.objgen in seen:
            return False
        seen.add(obj.objgen)
        return True

    holders: list[Object] = [page.obj for page in reversed(pdf.pages)]
    while holders:
        holder = holders.pop()
        if not first_time(holder):
            continue
        kids: list[Object] = []
        resources = holder.get("/Resources")
        if isinstance(resources, Dictionary) and first_time(resources):
            found.append(resources)
            if isinstance(fonts := resources.get("/Font"), Dictionary):
                kids += [font for _, font in fonts.items() if _is_dict(font) and font.get("/Subtype") == Name.Type3]
            for entry in ("/XObject", "/Pattern"):
                if isinstance(group := resources.get(entry), Dictionary):
                    kids += [item for _, item in group.items() if _is_dict(item)]
            if isinstance(states := resources.get("/ExtGState"), Dictionary):
                for _, state in states.items():
                    mask = state.get("/SMask") if isinstance(state, Dictionary) else None
                    form = mask.get("/G") if isinstance(mask, Dictionary) else None
                    if form is not None and _is_dict(form):
                        kids.append(form)
        for annotation in holder.get("/Annots", Array()) if holder.get("/Type") == Name.Page else ():
            appearances = annotation.get("/AP") if isinstance(annotation, Dictionary) else None
            for _, appearance in appearances.items() if isinstance(appearances, Dictionary) else ():
                if isinstance(appearance, pikepdf.Stream):
                    kids.append(appearance)
                elif isinstance(appearance, Dictionary):  # appearance states
                    kids += [state for _, state in appearance.items() if isinstance(state, pikepdf.Stream)]
        holders.extend(reversed(kids))
    return found


def _is_dict(obj: Object | None) -> bool:
    return isinstance(obj, Dictionary | pikepdf.Stream)


def _embedded(font: Object) -> tuple[Object, str] | None:
    """A Type0 font's descriptor and the key of its embedded program, if it has one CID font with one program."""
    descendants = font.get("/DescendantFonts") if font.get("/Subtype") == Name.Type0 else None
    if not isinstance(descendants, Array) or len(descendants) != 1 or not isinstance(descendants[0], Dictionary):
        return None
    descriptor = descendants[0].get("/FontDescriptor")
    if not isinstance(descriptor, Dictionary) or not isinstance(descriptor.get("/FontName"), Name):
        return None
    keys = [key for key in _PROGRAM_KEYS if isinstance(descriptor.get(key), pikepdf.Stream)]
    return (descriptor, keys[0]) if len(keys) == 1 else None


def _share_program(pdf: Pdf, descriptors: Sequence[Object], key: str) -> None:
    """One program, the union of the descriptors' programs, for all of them; nothing if not shown to be subsets of
    one font."""
    programs: dict[tuple[int, int], Object] = {}
    for descriptor in descriptors:
        programs.setdefault(descriptor[key].objgen, descriptor[key])
    if len(programs) < 2:
        return
    streams = list(programs.values())
    try:
        data = _union_program([stream.read_bytes() for stream in streams])
    except (_Unmergeable, pikepdf.PdfError, struct.error, IndexError, KeyError, ValueError):
        return
    data = _padded(data, b"\0\0\0\1")  # after the last table, where nothing reads
    program = pikepdf.Stream(pdf, b"")
    program.write(zlib.compress(data), filter=Name.FlateDecode)
    for entry, value in streams[0].stream_dict.items():
        if entry not in _STREAM_KEYS:
            program[entry] = value
    if key == "/FontFile2":
        program.Length1 = len(data)
    cid_set = _cid_set(pdf, descriptors)
    for descriptor in descriptors:
        descriptor[key] = program
        if cid_set is not None:
            descriptor.CIDSet = cid_set
        elif "/CIDSet" in descriptor:  # optional in PDF/A-2 and 3; it would have to list the union's glyphs
            del descriptor.CIDSet


def _cid_set(pdf: Pdf, descriptors: Sequence[Object]) -> Object | None:
    """The union of the descriptors' ``/CIDSet`` s, if they all have one (WeasyPrint's, in PDF 1.4: PDF/A-1 needs
    them), uncompressed: a bit set padded with zeros is the same set, and ends with no carriage return."""
    streams = [descriptor.get("/CIDSet") for descriptor in descriptors]
    sets = [stream.read_bytes() for stream in streams if isinstance(stream, pikepdf.Stream)]
    if not sets or len(sets) != len(streams):
        return None
    size, bits = max(len(data) for data in sets), 0
    for data in sets:
        bits |= int.from_bytes(data.ljust(size, b"\0"), "big")  # the first CID is the first byte's high bit
    union = bits.to_bytes(size, "big")
    return pdf.make_stream(union + (b"\0" if union.endswith(b"\r") else b""))


@dataclass
class _Cluster:
    """Type0 fonts of one face, their widths and text agreeing on every glyph: one font."""

    signature: bytes
    fonts: list[Object]
    widths: dict[int, Number]
    text: dict[int, bytes]


def _merge_fonts(pdf: Pdf, members: Sequence[Object]) -> dict[tuple[int, int], Object]:
    """Each font of a face that can be another's (the first of its cluster, which then has them all) -> that one."""
    clusters: list[_Cluster] = []
    for font in members:
        signature = _signature(font)
        widths = _widths(font.DescendantFonts[0].get("/W", Array()))
        text = _to_unicode(font.get("/ToUnicode"))
        if signature is None or widths is None or text is None:
            continue
        for cluster in clusters:
            if cluster.signature == signature and _agree(cluster.widths, widths) and _agree(cluster.text, text):
                cluster.fonts.append(font)
                cluster.widths.update(widths)
                cluster.text.update(text)
                break
        else:
            clusters.append(_Cluster(signature, [font], dict(widths), dict(text)))
    replaced: dict[tuple[int, int], Object] = {}
    for cluster in clusters:
        if len(cluster.fonts) > 1:
            _write_cluster(pdf, cluster)
            replaced.update((font.objgen, cluster.fonts[0]) for font in cluster.fonts[1:])
    return replaced


def _signature(font: Object) -> bytes | None:
    """What fonts that become one must have alike: all but their widths, text and descriptor metrics (and their
    program: the same object)."""
    if font.get("/Encoding") != Name("/Identity-H"):
        return None  # WeasyPrint's own CMap for glyphs missing from the font: per part
    cid = font.DescendantFonts[0]
    descriptor = cid.FontDescriptor
    flags = descriptor.get("/Flags", 0)
    if not isinstance(flags, int):
        return None
    alike = [
        Dictionary({entry: value for entry, value in dictionary.items() if entry not in unlike})
        for dictionary, unlike in (
            (font, {"/DescendantFonts", "/ToUnicode"}),
            (cid, {"/W", "/FontDescriptor"}),
            (descriptor, _DESCRIPTOR_METRICS),
        )
    ]
    return Array([*alike, flags & ~_FIXED_PITCH]).unparse()


def _agree(known: dict[int, Any], new: dict[int, Any]) -> bool:
    return all(known.get(glyph, value) == value for glyph, value in new.items())


def _number(value: object) -> Number | None:
    return value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None


def _widths(array: Object) -> dict[int, Number] | None:
    """A CID font's ``/W``: glyph -> width; None if it is not one (or has indirect numbers)."""
    data = array.unparse() if isinstance(array, Array) else b""
    if not _W_ARRAY.fullmatch(data):
        return None
    items: list[Number | list[Number]] = []
    run: list[Number] | None = None
    for token in _W_TOKEN.findall(data)[1:-1]:
        if token == b"[":
            if run is not None:
                return None
            run = []
        elif token == b"]":
            if run is None:
                return None
            items.append(run)
            run = None
        else:
            (items if run is None else run).append(Decimal(token.decode()) if b"." in token else int(token))
    widths: dict[int, Number] = {}
    i = 0
    while i + 1 < len(items):
        first, following = items[i], items[i + 1]
        if not isinstance(first, int) or first < 0:
            return None
        if isinstance(following, list):
            widths.update(zip(range(first, first + len(following)), following, strict=True))
            i += 2
        elif isinstance(following, int) and 0 <= following - first < 0x10000 and i + 2 < len(items):
            if not isinstance(width := items[i + 2], int | Decimal):
                return None
            widths.update(dict.fromkeys(range(first, following + 1), width))
            i += 3
        else:
            return None
    return widths if run is None and i == len(items) else None


def _to_unicode(stream: Object | None) -> dict[int, bytes] | None:
    """A ToUnicode CMap as WeasyPrint writes it: glyph -> UTF-16BE text, in hex; None for any other CMap."""
    if not isinstance(stream, pikepdf.Stream):
        return None
    data = stream.read_bytes()
    if not data.startswith(_TO_UNICODE_HEAD) or not _TO_UNICODE_BODY.fullmatch(data, len(_TO_UNICODE_HEAD)):
        return None
    return {int(glyph, 16): text.lower() for glyph, text in _BFCHAR.findall(data, len(_TO_UNICODE_HEAD))}


def _write_cluster(pdf: Pdf, cluster: _Cluster) -> None:
    """The cluster's first font, with every font's widths, text and descriptor metrics."""
    head = cluster.fonts[0]
    runs: list[tuple[int, list[Number]]] = []  # first glyph, widths of it and the glyphs after it
    for glyph in sorted(cluster.widths):
        if not runs or glyph != runs[-1][0] + len(runs[-1][1]):
            runs.append((glyph, []))
        runs[-1][1].append(cluster.widths[glyph])
    head.DescendantFonts[0].W = Array([item for first, widths in runs for item in (first, widths)])
    text = sorted(cluster.text.items())
    lines = [_TO_UNICODE_HEAD]
    for start in range(0, len(text), 100):
        batch = text[start : start + 100]
        lines += [b"%d beginbfchar" % len(batch), *(b"<%04x> <%s>" % pair for pair in batch), b"endbfchar"]
    head.ToUnicode = _content(pdf, b"\n".join([*lines, _TO_UNICODE_TAIL]))
    descriptors = [font.DescendantFonts[0].FontDescriptor for font in cluster.fonts]
    descriptor = descriptors[0]
    boxes = [box for d in descriptors if isinstance(box := d.get("/FontBBox"), Array) and len(box) == 4]
    numbers = [[_number(n) for n in box] for box in boxes]
    if numbers and all(n is not None for box in numbers for n in box):
        columns = list(zip(*numbers, strict=True))
        descriptor.FontBBox = Array([min(columns[0]), min(columns[1]), max(columns[2]), max(columns[3])])
    for entry, pick in (("/Ascent", max), ("/Descent", min), ("/CapHeight", max)):
        values = [_number(d.get(entry)) for d in descriptors]
        if entry in descriptor and values and all(v is not None for v in values):
            descriptor[entry] = pick(values)  # type: ignore[type-var]
    fixed = len(cluster.widths) > 1 and len(set(cluster.widths.values())) == 1  # as WeasyPrint sets it
    descriptor.Flags = int(descriptor.get("/Flags", 0)) & ~_FIXED_PITCH | (_FIXED_PITCH if fixed else 0)


# The font program union: sfnt tables, CFF or glyf glyphs.


@dataclass
class _Program:
    """One subset program, read: its tables, where each glyph's outline is, which glyphs it has (the others are
    empty: dropped), and their metrics."""

    flavour: bytes  # sfnt version: OTTO (CFF) or TrueType's
    tables: dict[bytes, bytes]
    outlines: bytes  # the CharStrings INDEX's data or glyf
    bounds: Sequence[int]  # glyph i is outlines[bounds[i] : bounds[i + 1]]
    used: list[int]
    long_metrics: int  # hhea numberOfHMetrics
    cff: _CffLayout | None

    @property
    def count(self) -> int:
        return len(self.bounds) - 1

    def glyph(self, glyph: int) -> bytes:
        return self.outlines[self.bounds[glyph] : self.bounds[glyph + 1]]

    def metrics(self, glyph: int) -> bytes:
        """The glyph's hmtx advance and left side bearing."""
        hmtx, long = self.tables[b"hmtx"], self.long_metrics
        if glyph < long:
            return hmtx[4 * glyph : 4 * glyph + 4]
        return hmtx[4 * long - 4 : 4 * long - 2] + hmtx[2 * (long + glyph) : 2 * (long + glyph) + 2]


@dataclass
class _CffLayout:
    """Where the CharStrings INDEX is in a CFF table, and its top DICT."""

    top_start: int  # the top DICT INDEX
    strings_start: int  # the String INDEX, then the global subroutines
    data_start: int  # after the global subroutines: charset, Encoding, CharStrings, Private...
    top: list[tuple[int, bytes, list[Number]]]  # operator, its operands' bytes, their values
    charstrings: tuple[int, int]  # start, end
    font: bytes  # what the charstrings' meaning depends on: the top DICT but its offsets, the Private DICT


def _union_program(programs_data: Sequence[bytes]) -> bytes:
    """One sfnt with every glyph of the subsets (which keep their glyph ids), its tables the union of theirs."""
    programs = [_read_program(data) for data in programs_data]
    template = max(programs, key=lambda program: program.count)  # the first of the most glyphs
    if any(program.flavour != template.flavour for program in programs):
        raise _Unmergeable("CFF and TrueType")
    if template.cff and any(program.cff is None or program.cff.font != template.cff.font for program in programs):
        raise _Unmergeable("CFF fonts differ")  # a FontMatrix or nominal width that reads the same bytes otherwise
    chosen: dict[int, _Program] = {}  # glyph -> the first program that has it
    for program in programs:
        for glyph in program.used:
            first = chosen.setdefault(glyph, program)
            if first is not program and (
                first.glyph(glyph) != program.glyph(glyph) or first.metrics(glyph) != program.metrics(glyph)
            ):
                raise _Unmergeable(f"glyph {glyph} differs")
    count = template.count
    glyphs = [template.glyph(glyph) for glyph in range(count)]
    if template.long_metrics == count:
        metrics = bytearray(template.tables[b"hmtx"][: 4 * count])
    else:
        metrics = bytearray(b"".join(template.metrics(glyph) for glyph in range(count)))
    for glyph, program in chosen.items():
        glyphs[glyph] = program.glyph(glyph)
        metrics[4 * glyph : 4 * glyph + 4] = program.metrics(glyph)
    tables: dict[bytes, bytes] = {}
    for tag in sorted({tag for program in programs for tag in program.tables}):
        having = [program.tables[tag] for program in programs if tag in program.tables]
        if tag in _LAYOUT_TABLES or tag in (b"loca", b"DSIG"):
            continue
        if tag == b"CFF ":
            assert template.cff is not None
            tables[tag] = _cff_table(template.tables[tag], template.cff, glyphs)
        elif tag == b"glyf":
            tables[b"glyf"], tables[b"loca"] = _glyf_tables(glyphs)
        elif tag == b"hmtx":
            tables[tag] = bytes(metrics)
        elif tag == b"cmap":
            tables[tag] = _cmap_union(having)
        elif tag in _TABLE_UNIONS:
            tables[tag] = _TABLE_UNIONS[tag](having, count)
        elif any(data != having[0] for data in having):
            raise _Unmergeable(f"{tag!r} tables differ")
        else:
            tables[tag] = having[0]
    if b"glyf" in tables:
        tables[b"head"] = tables[b"head"][:50] + b"\0\1" + tables[b"head"][52:]  # long loca offsets
    return _sfnt(template.flavour, tables)


def _read_program(data: bytes) -> _Program:
    flavour, count = struct.unpack_from(">4sH", data)
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if offset + length > len(data):
            raise _Unmergeable("a table past the end")
        tables[tag] = data[offset : offset + length]
    if not {b"head", b"hhea", b"hmtx", b"maxp"} <= tables.keys():
        raise _Unmergeable("no metrics")
    (glyph_count,) = struct.unpack_from(">H", tables[b"maxp"], 4)
    cff: _CffLayout | None = None
    if flavour == b"OTTO" and b"CFF " in tables:
        cff = _cff_layout(tables[b"CFF "])
        bounds, base, end = _cff_index(tables[b"CFF "], cff.charstrings[0])
        outlines, empty = tables[b"CFF "][base:end], 1  # a charstring of one byte is endchar alone
    elif flavour in (b"\0\1\0\0", b"true") and b"glyf" in tables and b"loca" in tables:
        long = tables[b"head"][50:52] == b"\0\1"
        bounds = struct.unpack_from(f">{glyph_count + 1}{'I' if long else 'H'}", tables[b"loca"])
        if not long:
            bounds = tuple(2 * offset for offset in bounds)
        outlines, empty = tables[b"glyf"], 0
    else:
        raise _Unmergeable("neither CFF nor TrueType outlines")
    sizes = list(map(sub, bounds[1:], bounds))
    if len(sizes) != glyph_count or bounds[-1] > len(outlines) or min(sizes, default=0) < 0:
        raise _Unmergeable("glyph count or offsets")
    (long_metrics,) = struct.unpack_from(">H", tables[b"hhea"], 34)
    hmtx = tables[b"hmtx"]
    if not 0 < long_metrics <= glyph_count or len(hmtx) < 2 * glyph_count + 2 * long_metrics:
        raise _Unmergeable("hmtx")
    # glyphs with an outline, or metrics (a space has no outline); a dropped glyph has neither
    used = set(itertools.compress(range(glyph_count), map(empty.__ne__, sizes)))
    used.update(itertools.compress(range(long_metrics), struct.unpack_from(f">{long_metrics}I", hmtx)))
    bearings = struct.unpack_from(f">{glyph_count - long_metrics}H", hmtx, 4 * long_metrics)
    used.update(itertools.compress(range(long_metrics, glyph_count), bearings))
    return _Program(flavour, tables, outlines, bounds, sorted(used), long_metrics, cff)


def _sfnt(flavour: bytes, tables: dict[bytes, bytes]) -> bytes:
    """An sfnt of these tables (in tag order), with its checksums."""
    tags = sorted(tables)
    selector = len(tags).bit_length() - 1
    header = flavour + struct.pack(">HHHH", len(tags), 16 << selector, selector, 16 * len(tags) - (16 << selector))
    offset = len(header) + 16 * len(tags)
    directory, body, head = [], [], -1
    for tag in tags:
        data = tables[tag]
        if tag == b"head":
            data, head = data[:8] + b"\0\0\0\0" + data[12:], offset
        padded = data + b"\0" * (-len(data) % 4)
        directory.append(struct.pack(">4sIII", tag, _checksum(padded), offset, len(data)))
        body.append(padded)
        offset += len(padded)
    font = b"".join([header, *directory, *body])
    if head < 0:
        raise _Unmergeable("no head table")
    adjustment = (0xB1B0AFBA - _checksum(font)) & 0xFFFFFFFF
    return font[: head + 8] + struct.pack(">I", adjustment) + font[head + 12 :]


def _checksum(data: bytes) -> int:
    words: tuple[int, ...] = struct.unpack(f">{len(data) // 4}I", data)  # data: 4-byte aligned
    return sum(words) & 0xFFFFFFFF


def _same_but(tables: Sequence[bytes], spans: Sequence[tuple[int, int]]) -> None:
    """Refuse tables that differ anywhere but in these byte spans (the fields the union recomputes)."""
    masked = []
    for data in tables:
        copy = bytearray(data)
        for start, end in spans:
            copy[start:end] = bytes(len(copy[start:end]))
        masked.append(copy)
    if any(data != masked[0] for data in masked):
        raise _Unmergeable("tables differ")


def _fields(tables: Sequence[bytes], spec: str, offset: int) -> list[tuple[int, ...]]:
    return [struct.unpack_from(spec, data, offset) for data in tables]


def _head(tables: Sequence[bytes], count: int) -> bytes:
    """checkSumAdjustment (set last), the bounding box of all the glyphs, indexToLocFormat (set for glyf)."""
    _same_but(tables, [(8, 12), (36, 44), (50, 52)])
    boxes = list(zip(*_fields(tables, ">hhhh", 36), strict=True))
    box = struct.pack(">hhhh", min(boxes[0]), min(boxes[1]), max(boxes[2]), max(boxes[3]))
    return tables[0][:36] + box + tables[0][44:]


def _hhea(tables: Sequence[bytes], count: int) -> bytes:
    """advanceWidthMax, minLeftSideBearing, minRightSideBearing, xMaxExtent of all; every glyph's hmtx in full."""
    _same_but(tables, [(10, 18), (34, 36)])
    columns = list(zip(*_fields(tables, ">Hhhh", 10), strict=True))
    extremes = struct.pack(">Hhhh", max(columns[0]), min(columns[1]), min(columns[2]), max(columns[3]))
    return tables[0][:10] + extremes + tables[0][18:34] + struct.pack(">H", count) + tables[0][36:]


def _maxp(tables: Sequence[bytes], count: int) -> bytes:
    """numGlyphs; TrueType's maxima (version 1) are those of all."""
    _same_but(tables, [(4, len(tables[0]))])
    if any(len(data) != len(tables[0]) for data in tables):
        raise _Unmergeable("maxp")
    fields = (len(tables[0]) - 6) // 2
    maxima = [max(column) for column in zip(*_fields(tables, f">{fields}H", 6), strict=True)]
    return tables[0][:4] + struct.pack(f">H{fields}H", count, *maxima) + tables[0][6 + 2 * fields :]


def _os2(tables: Sequence[bytes], count: int) -> bytes:
    """The Unicode (and code page) ranges of all, the first and last character of all."""
    spans = [(42, 58), (64, 68)] + ([(78, 86)] if len(tables[0]) >= 86 else [])
    _same_but(tables, spans)
    if any(len(data) != len(tables[0]) for data in tables) or len(tables[0]) < 68:
        raise _Unmergeable("OS/2")
    merged = bytearray(tables[0])
    for start, end in [(42, 58), *spans[2:]]:
        ranges = 0
        for data in tables:
            ranges |= int.from_bytes(data[start:end], "big")
        merged[start:end] = ranges.to_bytes(end - start, "big")
    firsts, lasts = zip(*_fields(tables, ">HH", 64), strict=True)
    merged[64:68] = struct.pack(">HH", min(firsts), max(lasts))
    return bytes(merged)


def _post(tables: Sequence[bytes], count: int) -> bytes:
    """Glyph names (version 2) that differ: version 3, no names (a PDF needs none)."""
    if all(data == tables[0] for data in tables):
        return tables[0]
    _same_but([data[:32] for data in tables], [(0, 4)])
    return b"\0\3\0\0" + tables[0][4:32]


_TABLE_UNIONS = {b"head": _head, b"hhea": _hhea, b"maxp": _maxp, b"OS/2": _os2, b"post": _post}


def _cff_index(data: bytes, position: int) -> tuple[Sequence[int], int, int]:
    """The CFF INDEX at ``position``: its offsets (item i is ``data[base + offsets[i] : base + offsets[i + 1]]``),
    base and end."""
    (count,) = struct.unpack_from(">H", data, position)
    if not count:
        return (), position, position + 2
    size = data[position + 2]
    start = position + 3
    offsets: Sequence[int]
    if size in (1, 2, 4):
        offsets = struct.unpack_from(f">{count + 1}{' BH I'[size]}", data, start)
    elif size == 3:
        offsets = [int.from_bytes(data[start + 3 * i : start + 3 * i + 3], "big") for i in range(count + 1)]
    else:
        raise _Unmergeable("INDEX offset size")
    base = start + (count + 1) * size - 1
    if base + offsets[-1] > len(data):
        raise _Unmergeable("INDEX past the end")
    return offsets, base, base + offsets[-1]


def _cff_index_bytes(items: Sequence[bytes]) -> bytes:
    if not items:
        return b"\0\0"
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    size = next(size for size in (1, 2, 3, 4) if offsets[-1] < 1 << (8 * size))
    header = struct.pack(">HB", len(items), size)
    return b"".join([header, *(offset.to_bytes(size, "big") for offset in offsets), *items])


def _cff_dict(data: bytes) -> list[tuple[int, bytes, list[Number]]]:
    """A CFF DICT's entries: operator (12 x as 1200 + x), its operands' bytes and values (a real's as 0)."""
    entries: list[tuple[int, bytes, list[Number]]] = []
    values: list[Number] = []
    start = i = 0
    while i < len(data):
        byte = data[i]
        if byte <= 21:
            operator, end = (1200 + data[i + 1], i + 2) if byte == 12 else (byte, i + 1)
            entries.append((operator, data[start:i], values))
            values, start, i = [], end, end
        elif byte == 28 or byte == 29:
            size = 2 if byte == 28 else 4
            values.append(int.from_bytes(data[i + 1 : i + 1 + size], "big", signed=True))
            i += 1 + size
        elif byte == 30:  # a real: nibbles up to 0xf
            i += 1
            while data[i] >> 4 != 0xF and data[i] & 0xF != 0xF:
                i += 1
            values.append(0)
            i += 1
        elif 32 <= byte <= 246:
            values.append(byte - 139)
            i += 1
        elif 247 <= byte <= 254:
            magnitude = (byte - 247 if byte <= 250 else byte - 251) * 256 + data[i + 1] + 108
            values.append(magnitude if byte <= 250 else -magnitude)
            i += 2
        else:
            raise _Unmergeable("CFF DICT operand")
    if start != len(data):
        raise _Unmergeable("CFF DICT ends with operands")
    return entries


def _cff_layout(cff: bytes) -> _CffLayout:
    """A name-keyed CFF without subroutines, its CharStrings placed apart from what else the top DICT locates."""
    if cff[0] != 1:
        raise _Unmergeable("CFF version")
    names, _, top_start = _cff_index(cff, cff[2])
    tops, base, strings_start = _cff_index(cff, top_start)
    if len(names) != 2 or len(tops) != 2:
        raise _Unmergeable("not one font")
    _, _, subrs_start = _cff_index(cff, strings_start)
    subrs, _, data_start = _cff_index(cff, subrs_start)
    top = _cff_dict(cff[base + tops[0] : base + tops[1]])
    operators = {operator: values for operator, _, values in top}
    if subrs or _CFF_ROS in operators or operators.get(_CFF_CHARSTRING_TYPE, [2]) != [2]:
        raise _Unmergeable("subroutines, CID-keyed or Type 1 charstrings")
    if 17 not in operators or len(operators.get(18, [])) != 2:
        raise _Unmergeable("no CharStrings or Private")
    start = int(operators[17][0])
    _, _, end = _cff_index(cff, start)
    size, private = (int(value) for value in operators[18])
    if any(operator == _CFF_SUBRS for operator, _, _ in _cff_dict(cff[private : private + size])):
        raise _Unmergeable("local subroutines")
    for operator, values in operators.items():
        if operator in _CFF_OFFSETS and len(values) > _CFF_OFFSETS[operator]:
            offset = int(values[_CFF_OFFSETS[operator]])
            if operator in (15, 16) and offset <= 2:
                continue  # a predefined charset or encoding
            if not data_start <= offset <= len(cff) or start < offset < end:
                raise _Unmergeable("CFF layout")
    if private < end and start < private + size:
        raise _Unmergeable("CFF Private DICT in the CharStrings")
    # FontBBox aside: harfbuzz-subset keeps the font's, another subsetter may shrink it (the template's stays)
    font = b"".join(
        operands + b"%d;" % operator for operator, operands, _ in top if operator not in _CFF_OFFSETS and operator != 5
    )
    return _CffLayout(top_start, strings_start, data_start, top, (start, end), font + cff[private : private + size])


def _cff_table(cff: bytes, layout: _CffLayout, glyphs: Sequence[bytes]) -> bytes:
    """The CFF table with these charstrings; the top DICT's offsets (as 5-byte numbers) moved to match."""
    charstrings = _cff_index_bytes(glyphs)
    start, end = layout.charstrings
    growth = len(charstrings) - (end - start)

    def top(shift: int) -> bytes:
        entries = []
        for operator, operands, values in layout.top:
            code = bytes([operator]) if operator < 1200 else bytes([12, operator - 1200])
            which = _CFF_OFFSETS.get(operator)
            if which is None or (operator in (15, 16) and int(values[0]) <= 2):
                entries.append(operands + code)
                continue
            moved = [int(value) for value in values]
            moved[which] += shift + (growth if moved[which] >= end else 0)
            entries.append(b"".join(b"\x1d" + value.to_bytes(4, "big", signed=True) for value in moved) + code)
        return _cff_index_bytes([b"".join(entries)])

    head = cff[: layout.top_start]
    middle = cff[layout.strings_start : layout.data_start]
    shift = len(head) + len(top(0)) + len(middle) - layout.data_start  # the top DICT's size: whatever the offsets
    return b"".join([head, top(shift), middle, cff[layout.data_start : start], charstrings, cff[end:]])


def _glyf_tables(glyphs: Sequence[bytes]) -> tuple[bytes, bytes]:
    """glyf and its loca (long offsets), each glyph 4-byte aligned."""
    padded = [glyph + b"\0" * (-len(glyph) % 4) for glyph in glyphs]
    offsets = [0]
    for glyph in padded:
        offsets.append(offsets[-1] + len(glyph))
    return b"".join(padded), struct.pack(f">{len(offsets)}I", *offsets)


def _cmap_union(tables: Sequence[bytes]) -> bytes:
    """Every mapping of the tables (format 4 and 12 subtables only), under every encoding record of theirs."""
    records: set[tuple[int, int, int]] = set()
    mapping: dict[int, int] = {}
    for data in tables:
        version, count = struct.unpack_from(">HH", data)
        read: dict[int, dict[int, int]] = {}
        for index in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", data, 4 + 8 * index)
            (form,) = struct.unpack_from(">H", data, offset)
            if form not in (4, 12) or version:
                raise _Unmergeable(f"cmap format {form}")
            records.add((platform, encoding, form))
            if offset not in read:
                read[offset] = _cmap4(data, offset) if form == 4 else _cmap12(data, offset)
                if not _agree(mapping, read[offset]):
                    raise _Unmergeable("cmaps differ")
                mapping.update(read[offset])
    subtables = {
        4: _cmap4_bytes({code: glyph for code, glyph in mapping.items() if code <= 0xFFFF}),
        12: _cmap12_bytes(mapping),
    }
    forms = sorted({form for _, _, form in records})
    offset = 4 + 8 * len(records)
    starts = {}
    for form in forms:
        starts[form] = offset
        offset += len(subtables[form])
    header = struct.pack(">HH", 0, len(records))
    entries = [struct.pack(">HHI", platform, encoding, starts[form]) for platform, encoding, form in sorted(records)]
    return b"".join([header, *entries, *(subtables[form] for form in forms)])


def _cmap4(data: bytes, offset: int) -> dict[int, int]:
    (doubled,) = struct.unpack_from(">H", data, offset + 6)
    count = doubled // 2
    ends = struct.unpack_from(f">{count}H", data, offset + 14)
    starts = struct.unpack_from(f">{count}H", data, offset + 16 + doubled)
    deltas = struct.unpack_from(f">{count}H", data, offset + 16 + 2 * doubled)
    ranges_at = offset + 16 + 3 * doubled
    ranges = struct.unpack_from(f">{count}H", data, ranges_at)
    mapping = {}
    for segment in range(count):
        for code in range(starts[segment], min(ends[segment], 0xFFFE) + 1):
            if not ranges[segment]:
                glyph = (code + deltas[segment]) & 0xFFFF
            else:
                at = ranges_at + 2 * segment + ranges[segment] + 2 * (code - starts[segment])
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + deltas[segment]) & 0xFFFF if glyph else 0
            if glyph:
                mapping[code] = glyph
    return mapping


def _cmap12(data: bytes, offset: int) -> dict[int, int]:
    (count,) = struct.unpack_from(">I", data, offset + 12)
    mapping = {}
    for group in range(count):
        first, last, glyph = struct.unpack_from(">III", data, offset + 16 + 12 * group)
        if last - first > 0x10FFFF:
            raise _Unmergeable("cmap group")
        mapping.update({code: glyph + code - first for code in range(first, last + 1)})
    return mapping


def _cmap4_bytes(mapping: dict[int, int]) -> bytes:
    segments: list[list[int]] = []  # start, end, delta
    for code in sorted(mapping):
        delta = (mapping[code] - code) & 0xFFFF
        if segments and segments[-1][1] == code - 1 and segments[-1][2] == delta:
            segments[-1][1] = code
        else:
            segments.append([code, code, delta])
    segments.append([0xFFFF, 0xFFFF, 1])
    count = len(segments)
    if 16 + 8 * count > 0xFFFF:
        raise _Unmergeable("cmap too long")
    selector = count.bit_length() - 1
    header = struct.pack(">7H", 4, 16 + 8 * count, 0, 2 * count, 2 << selector, selector, 2 * count - (2 << selector))
    starts, ends, deltas = zip(*segments, strict=True)
    columns = struct.pack(f">{count}H", *ends) + b"\0\0" + struct.pack(f">{count}H", *starts)
    return header + columns + struct.pack(f">{count}H", *deltas) + bytes(2 * count)


def _cmap12_bytes(mapping: dict[int, int]) -> bytes:
    groups: list[list[int]] = []  # first, last, glyph
    for code in sorted(mapping):
        if groups and groups[-1][1] == code - 1 and groups[-1][2] + code - groups[-1][0] == mapping[code]:
            groups[-1][1] = code
        else:
            groups.append([code, code, mapping[code]])
    header = struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    return header + b"".join(struct.pack(">III", *group) for group in groups)
