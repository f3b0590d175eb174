"""A PDF's bytes as reportgen's writer left them: its revisions, its writer's checksum, its attachments.

WeasyPrint's writer (pydyf) ends a PDF with one cross-reference stream whose file identifier's second
half is the md5 of every object it wrote, in object order. Recomputing it from the file tells, in a few
hundredths of a second, whether any object was changed since the build: a cheap stand-in for a rebuild.
It catches an edit made with a PDF tool; md5 is no seal against a forger who recomputes it (a signature
is, see :mod:`reportgen.audit.sign`; a rebuild is too).

An incremental update (what a PDF editor or a signing tool appends) is a revision after the first one:
:func:`revision_ends` finds where each revision ends.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import zlib
from dataclasses import dataclass

from ..core.errors import UsageError
from ..render.checksum import merged_checksum

# "startxref <offset> %%EOF" closes every revision; the end of line after %%EOF belongs to it
_REVISION_END = re.compile(rb"startxref[ \t\r\n]+(\d+)[ \t\r\n]+%%EOF[ \t]*(?:\r\n|\r|\n)?")
_XREF_STREAM = re.compile(rb"(\d+) 0 obj\n<<(.*?)>>\nstream\n", re.DOTALL)
_OBJECT_STREAM = re.compile(rb"<<(.*?)>>\nstream\n", re.DOTALL)
_HEADER = re.compile(rb"%PDF-\d\.\d\n%[^\n]*\n")
_END_OBJECT = b"\nendobj\n"


def revision_ends(data: bytes) -> list[int]:
    """The offset just after each revision's ``%%EOF``, oldest first: one for a PDF as written, one more
    for every incremental update appended to it. Only a ``startxref`` that points inside the file and
    at a cross-reference section counts (compressed streams cannot fake one)."""
    ends = []
    for match in _REVISION_END.finditer(data):
        offset = int(match[1])
        if offset < match.start() and (data.startswith(b"xref", offset) or re.match(rb"\d+ \d+ obj", data[offset:])):
            ends.append(match.end())
    return ends


@dataclass(frozen=True)
class WriterCheck:
    """Whether the first revision's objects still give the checksum its writer stored: ``ok``; or, when not,
    why (``reason``), and whether the file is not even laid out as the writer lays it out (``rewritten``)."""

    ok: bool
    reason: str = ""
    rewritten: bool = False


def writer_checksum(original: bytes, identifier: str) -> WriterCheck:
    """Check ``original`` (the PDF as reportgen wrote it, one revision) against its file identifier: its
    first half is ``identifier`` (the edition data's digest, cut to 32 characters), its second the md5 of
    the objects (laid out whole, pydyf) or of the file (merged from page groups, :mod:`..render.checksum`)."""
    try:
        stored, computed = _stored_and_computed(original)
    except (ValueError, KeyError, IndexError, zlib.error) as exc:
        merged = merged_checksum(original)  # merged from page groups: qpdf's layout, reportgen's checksum
        if merged is None:
            return WriterCheck(False, f"its structure is not the one reportgen's PDF writer produces ({exc})", True)
        stored, computed = (merged[0], b""), b"" if merged[1] else b"changed"
    if stored[0] != identifier.encode("ascii"):
        return WriterCheck(False, "its file identifier is not the one reportgen gave it", True)
    if stored[1] != computed:
        return WriterCheck(False, "its objects no longer give the checksum written into it when it was built")
    return WriterCheck(True)


def _stored_and_computed(data: bytes) -> tuple[tuple[bytes, bytes], bytes]:
    """The two halves of the file identifier, and the md5 (hex) of the objects as pydyf computes it."""
    header = _HEADER.match(data)
    ends = list(_REVISION_END.finditer(data))
    if header is None or not ends or ends[-1].end() != len(data):
        raise ValueError("no PDF header, or no end of file")
    xref_at = int(ends[-1][1])
    xref = _XREF_STREAM.match(data, xref_at)
    if xref is None:
        raise ValueError("no cross-reference stream")
    entries, ids = _xref_entries(data, xref)
    xref_number = int(xref[1])
    direct = sorted((offset, number) for number, (kind, offset, _) in enumerate(entries) if kind == 1)
    if len(direct) < 2 or direct[0][0] != header.end() or direct[-1] != (xref_at, xref_number):
        raise ValueError("the objects do not follow one another from the header to the cross-reference stream")
    bodies: dict[int, bytes] = {}
    for (offset, number), (following, _) in itertools.pairwise(direct):
        start = offset + len(f"{number} 0 obj\n")
        if not data.startswith(f"{number} 0 obj\n".encode(), offset) or not data.startswith(
            _END_OBJECT, following - len(_END_OBJECT)
        ):
            raise ValueError(f"object {number} is not where the cross-reference stream says")
        bodies[number] = data[start : following - len(_END_OBJECT)]
    packed: dict[int, dict[int, bytes]] = {}
    digest = hashlib.md5(usedforsecurity=False)
    for number, (kind, where, _) in enumerate(entries):
        if kind == 1 and number != xref_number:
            digest.update(bodies[number])
        elif kind == 2:
            if where not in packed:
                packed[where] = _object_stream(bodies[where])
            digest.update(packed[where][number])
    return ids, digest.hexdigest().encode("ascii")


def _xref_entries(data: bytes, xref: re.Match[bytes]) -> tuple[list[tuple[int, int, int]], tuple[bytes, bytes]]:
    """The rows of a cross-reference stream (type, field 2, field 3), and its /ID."""
    head = xref[2]
    widths = [int(w) for w in _field(rb"/W \[(\d+) (\d+) (\d+)\]", head)]
    index = _field(rb"/Index \[(\d+) (\d+)\]", head)
    length = int(_field(rb"/Length (\d+)", head)[0])
    first, second = _field(rb"/ID \[\((\w+)\) \((\w+)\)\]", head)
    if index[0] != b"0" or b"/Prev" in head:
        raise ValueError("a cross-reference stream that is not the first and only one")
    rows = zlib.decompress(data[xref.end() : xref.end() + length])
    size = sum(widths)
    entries = []
    for at in range(0, len(rows), size):
        row, fields = rows[at : at + size], []
        for width in widths:
            fields.append(int.from_bytes(row[:width], "big"))
            row = row[width:]
        entries.append((fields[0], fields[1], fields[2]))
    if len(entries) != int(index[1]):
        raise ValueError("the cross-reference stream's length disagrees with its /Index")
    return entries, (first, second)


def _object_stream(body: bytes) -> dict[int, bytes]:
    """The objects packed in an object stream, by number, each as its writer serialised it."""
    head = _OBJECT_STREAM.match(body)
    if head is None or not body.endswith(b"\nendstream"):
        raise ValueError("an object stream that is not one")
    first = int(_field(rb"/First (\d+)", head[1])[0])
    content = zlib.decompress(body[head.end() : -len(b"\nendstream")])
    numbers = content[:first].split()
    pairs = [(int(numbers[i]), int(numbers[i + 1])) for i in range(0, len(numbers), 2)]
    found = {}
    for (number, offset), (_, following) in zip(pairs, [*pairs[1:], (0, len(content) - first + 1)], strict=True):
        found[number] = content[first + offset : first + following - 1]
    return found


def _field(pattern: bytes, head: bytes) -> tuple[bytes, ...]:
    match = re.search(pattern, head)
    if match is None:
        raise KeyError(pattern.decode("ascii").split(" ")[0])
    return match.groups()


@dataclass(frozen=True)
class PdfFacts:
    """What one read of a PDF tells: its embedded files by name, whether it holds a signature, and the
    embedded files whose bytes cannot be decoded (a damaged file), by name, with why."""

    attachments: dict[str, bytes]
    signed: bool
    damaged: dict[str, str]


def read_pdf(data: bytes, label: str) -> PdfFacts:
    """Read a PDF held in memory with pikepdf (a tenth of pypdf's time for the attachments)."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            attachments, damaged = {}, {}
            for name, spec in pdf.attachments.items():
                try:
                    attachments[name] = spec.get_file().read_bytes()
                except pikepdf.PdfError as exc:
                    damaged[name] = _plain(exc)
            form = pdf.Root.get("/AcroForm")
            fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
            signed = isinstance(fields, pikepdf.Array) and any(_signed(field) for field in fields)
    except (pikepdf.PdfError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise UsageError(f"{label}: not a readable PDF ({_plain(exc)})") from None
    return PdfFacts(attachments, signed, damaged)


def _plain(exc: Exception) -> str:
    """qpdf's message without the name it gives a PDF read from memory."""
    return re.sub(r"^(stream )?<_io\.BytesIO object at 0x[0-9a-f]+> ", "", str(exc))


def _signed(field: object, depth: int = 0) -> bool:
    import pikepdf

    if not isinstance(field, pikepdf.Dictionary) or depth > 32:
        return False
    if field.get("/FT") == pikepdf.Name.Sig and "/V" in field:
        return True
    kids = field.get("/Kids")
    return isinstance(kids, pikepdf.Array) and any(_signed(kid, depth + 1) for kid in kids)
