"""Resources the merged parts share at the PDF-object level: one copy where the parts' copies agree.

- Colour profiles: the parts' colour spaces' ICC profiles of the same bytes are one (each part has its sRGB).
- Font programs: WeasyPrint embeds in each part a subset of each font face it uses. For each face (the
  descriptor's ``/FontName``, whose tag WeasyPrint derives from the font's description, not from its glyphs, and
  the program's kind) one program is rebuilt from the parts' programs (``font_union``), and every part's
  descriptor points at it; its ``/CIDSet`` (which WeasyPrint writes only for PDF 1.4) becomes the union of
  theirs. Programs not shown to be subsets of one font stay as they are.
- Fonts: then the parts' Type0 fonts of a face become one wherever their ``/W`` widths and ``ToUnicode`` text
  agree on the glyphs they share: WeasyPrint rounds a glyph's width at the size it first draws it, so parts differ
  by a unit on a few glyphs, and a width that changed would move the text after the glyph; such a part keeps a
  font of its own (on the shared program).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pikepdf
from pikepdf import Array, Dictionary, Name, Object, Pdf

from .font_union import Number, Unmergeable, agree, union_program
from .merge_streams import deflated_stream, padded

_PROGRAM_KEYS = ("/FontFile3", "/FontFile2")
_STREAM_KEYS = frozenset({"/Length", "/Filter", "/DecodeParms", "/Length1", "/Length2", "/Length3"})
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
_W_ARRAY = re.compile(rb"\[[\[\]\d\s.+-]*\]")  # numbers and arrays of them
_W_TOKEN = re.compile(rb"\[|\]|[-+]?(?:\d+\.?\d*|\.\d+)")


def share_resources(pdf: Pdf, fonts: bool) -> None:
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
        data = union_program([stream.read_bytes() for stream in streams])
    except (Unmergeable, pikepdf.PdfError, struct.error, IndexError, KeyError, ValueError):
        return
    data = padded(data, b"\0\0\0\1")  # after the last table, where nothing reads
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
            if cluster.signature == signature and agree(cluster.widths, widths) and agree(cluster.text, text):
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
    head.ToUnicode = deflated_stream(pdf, b"\n".join([*lines, _TO_UNICODE_TAIL]))
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
