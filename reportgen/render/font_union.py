"""The union of subset font programs of one face: one sfnt with every glyph of the subsets, its tables the
union of theirs, made from the subsets' bytes alone (not from the original font, and with no PDF objects).

WeasyPrint embeds in each part a subset of each font face it uses, with the face's glyph ids kept (harfbuzz-subset's
retain-gids: a dropped glyph is an empty charstring or glyf record; the glyphs after the last one used are cut) and
no subroutines, so a glyph is the same bytes in every part that draws it. The union has every glyph some subset
draws, the ``hmtx``, ``cmap``, ``OS/2`` ranges and ``head`` box of them all, and no ``GDEF`` (a viewer draws the
glyph ids the content names). Programs not shown to be subsets of one font (a glyph drawn differently, another
table, subroutines, a CID-keyed CFF) raise ``Unmergeable``.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import sub
from typing import Any


class Unmergeable(Exception):
    """Font programs not shown to be subsets of one font, or in a form that is not rebuilt here."""


# Tables for shaping or layout, which a PDF viewer does not use (it draws the glyphs the content names): rebuilt for
# no union, so left out of it. WeasyPrint already drops all but GDEF.
_LAYOUT_TABLES = frozenset({b"GDEF", b"GPOS", b"GSUB", b"BASE", b"JSTF", b"MATH", b"kern", b"morx"})
_EMPTY_CHARSTRING = b"\x0e"  # endchar: a glyph harfbuzz-subset dropped but kept the id of
_CFF_OFFSETS = {15: 0, 16: 0, 17: 0, 18: 1}  # top DICT operator -> which operand is an offset: charset, Encoding...
_CFF_ROS, _CFF_CHARSTRING_TYPE, _CFF_SUBRS = 1230, 1206, 19  # 12 x operators as 1200 + x
Number = int | Decimal


def agree(known: dict[int, Any], new: dict[int, Any]) -> bool:
    return all(known.get(glyph, value) == value for glyph, value in new.items())


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


def union_program(programs_data: Sequence[bytes]) -> bytes:
    """One sfnt with every glyph of the subsets (which keep their glyph ids), its tables the union of theirs."""
    programs = [_read_program(data) for data in programs_data]
    template = max(programs, key=lambda program: program.count)  # the first of the most glyphs
    if any(program.flavour != template.flavour for program in programs):
        raise Unmergeable("CFF and TrueType")
    if template.cff and any(program.cff is None or program.cff.font != template.cff.font for program in programs):
        raise Unmergeable("CFF fonts differ")  # a FontMatrix or nominal width that reads the same bytes otherwise
    chosen: dict[int, _Program] = {}  # glyph -> the first program that has it
    for program in programs:
        for glyph in program.used:
            first = chosen.setdefault(glyph, program)
            if first is not program and (
                first.glyph(glyph) != program.glyph(glyph) or first.metrics(glyph) != program.metrics(glyph)
            ):
                raise Unmergeable(f"glyph {glyph} differs")
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
            raise Unmergeable(f"{tag!r} tables differ")
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
            raise Unmergeable("a table past the end")
        tables[tag] = data[offset : offset + length]
    if not {b"head", b"hhea", b"hmtx", b"maxp"} <= tables.keys():
        raise Unmergeable("no metrics")
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
        raise Unmergeable("neither CFF nor TrueType outlines")
    sizes = list(map(sub, bounds[1:], bounds))
    if len(sizes) != glyph_count or bounds[-1] > len(outlines) or min(sizes, default=0) < 0:
        raise Unmergeable("glyph count or offsets")
    (long_metrics,) = struct.unpack_from(">H", tables[b"hhea"], 34)
    hmtx = tables[b"hmtx"]
    if not 0 < long_metrics <= glyph_count or len(hmtx) < 2 * glyph_count + 2 * long_metrics:
        raise Unmergeable("hmtx")
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
        raise Unmergeable("no head table")
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
        raise Unmergeable("tables differ")


def _fields(tables: Sequence[bytes], spec: str, offset: int) -> list[tuple[int, ...]]:
    return [struct.unpack_from(spec, data, offset) for data in tables]


def _head(tables: Sequence[bytes], count: int) -> bytes:
    """checkSumAdjustment (set last), the bounding box of all the glyphs, indexToLocFormat (set for glyf); the
    created and modified dates, which a subsetter may stamp with the time it ran, are the first program's."""
    _same_but(tables, [(8, 12), (20, 36), (36, 44), (50, 52)])
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
        raise Unmergeable("maxp")
    fields = (len(tables[0]) - 6) // 2
    maxima = [max(column) for column in zip(*_fields(tables, f">{fields}H", 6), strict=True)]
    return tables[0][:4] + struct.pack(f">H{fields}H", count, *maxima) + tables[0][6 + 2 * fields :]


def _os2(tables: Sequence[bytes], count: int) -> bytes:
    """The Unicode (and code page) ranges of all, the first and last character of all."""
    spans = [(42, 58), (64, 68)] + ([(78, 86)] if len(tables[0]) >= 86 else [])
    _same_but(tables, spans)
    if any(len(data) != len(tables[0]) for data in tables) or len(tables[0]) < 68:
        raise Unmergeable("OS/2")
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
        raise Unmergeable("INDEX offset size")
    base = start + (count + 1) * size - 1
    if base + offsets[-1] > len(data):
        raise Unmergeable("INDEX past the end")
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
            raise Unmergeable("CFF DICT operand")
    if start != len(data):
        raise Unmergeable("CFF DICT ends with operands")
    return entries


def _cff_layout(cff: bytes) -> _CffLayout:
    """A name-keyed CFF without subroutines, its CharStrings placed apart from what else the top DICT locates."""
    if cff[0] != 1:
        raise Unmergeable("CFF version")
    names, _, top_start = _cff_index(cff, cff[2])
    tops, base, strings_start = _cff_index(cff, top_start)
    if len(names) != 2 or len(tops) != 2:
        raise Unmergeable("not one font")
    _, _, subrs_start = _cff_index(cff, strings_start)
    subrs, _, data_start = _cff_index(cff, subrs_start)
    top = _cff_dict(cff[base + tops[0] : base + tops[1]])
    operators = {operator: values for operator, _, values in top}
    if subrs or _CFF_ROS in operators or operators.get(_CFF_CHARSTRING_TYPE, [2]) != [2]:
        raise Unmergeable("subroutines, CID-keyed or Type 1 charstrings")
    if 17 not in operators or len(operators.get(18, [])) != 2:
        raise Unmergeable("no CharStrings or Private")
    start = int(operators[17][0])
    _, _, end = _cff_index(cff, start)
    size, private = (int(value) for value in operators[18])
    if any(operator == _CFF_SUBRS for operator, _, _ in _cff_dict(cff[private : private + size])):
        raise Unmergeable("local subroutines")
    for operator, values in operators.items():
        if operator in _CFF_OFFSETS and len(values) > _CFF_OFFSETS[operator]:
            offset = int(values[_CFF_OFFSETS[operator]])
            if operator in (15, 16) and offset <= 2:
                continue  # a predefined charset or encoding
            if not data_start <= offset <= len(cff) or start < offset < end:
                raise Unmergeable("CFF layout")
    if private < end and start < private + size:
        raise Unmergeable("CFF Private DICT in the CharStrings")
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
                raise Unmergeable(f"cmap format {form}")
            records.add((platform, encoding, form))
            if offset not in read:
                read[offset] = _cmap4(data, offset) if form == 4 else _cmap12(data, offset)
                if not agree(mapping, read[offset]):
                    raise Unmergeable("cmaps differ")
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
            raise Unmergeable("cmap group")
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
        raise Unmergeable("cmap too long")
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
