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
- Fonts and colour profiles: each part has its own; one copy of each where the parts' agree (``merge_resources``,
  which rebuilds font programs with ``font_union``).
- Bytes: the same parts give the same bytes (the ``/ID`` is a hash of the content); streams are copied as they
  are, never recompressed. A compressed stream whose data ends with a carriage return reads, to a PDF/A checker,
  as one byte shorter than its ``/Length``: the few streams made here cannot (``merge_streams``), and the object
  and cross-reference streams that qpdf compresses are checked after writing and, in the rare case, written again
  with the objects numbered differently.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Pdf, String

from .merge_resources import share_resources
from .merge_streams import deflated, deflated_stream

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
    ``share_fonts``: one font program per face instead of one per part (see ``merge_resources``).
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
        share_resources(base, share_fonts)
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


def _overlay(base: Pdf, furniture: Pdf) -> None:
    """Draw furniture page i over page i, as a Form XObject inside a pagination artifact."""
    if len(furniture.pages) != len(base.pages):
        raise ValueError(
            f"the furniture PDF has {len(furniture.pages)} pages but the merged parts have {len(base.pages)}"
        )
    begin = deflated_stream(base, b"q\n")  # one stream for every page
    for number, (page, furniture_page) in enumerate(zip(base.pages, furniture.pages, strict=True), start=1):
        if [round(float(x), 2) for x in page.mediabox] != [round(float(x), 2) for x in furniture_page.mediabox]:
            raise ValueError(f"page {number}: the furniture page is not the size of the page")
        form = furniture_page.as_form_xobject()
        form.write(deflated(form.read_bytes()), filter=Name.FlateDecode)
        # in the resources a part's pages share (one form per page: its own name)
        if not isinstance(page.resources.get("/XObject"), Dictionary):
            page.resources.XObject = Dictionary()
        xobjects = page.resources.XObject
        name = Name(f"/Furniture{number}")
        while name in xobjects:
            name = Name(f"{name}X")
        xobjects[name] = base.copy_foreign(form)
        contents = page.obj.get("/Contents", Array())
        end = deflated_stream(base, b"Q\n" + _FURNITURE % str(name).encode("ascii"))
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
