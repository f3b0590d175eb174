"""The writer's checksum of a merged PDF, so that ``verify`` can tell an edited file without laying it out.

A PDF laid out whole is written by pydyf, which stores the md5 of its objects as the second half of the
file identifier (``reportgen.audit.pdf_file``). A PDF merged from page groups is written by qpdf
(:mod:`.merge`), whose identifier is a digest of its own. :func:`stamp` replaces that second half with the md5
of the whole file as written, that half counted as 32 zeros; :func:`merged_checksum` recomputes it. The first
half stays the identifier reportgen gave the document (the edition data's digest). Like pydyf's checksum it
catches an edit made with a PDF tool, not a forger who recomputes it (a signature or a rebuild does).
"""

from __future__ import annotations

import hashlib
import re

# The identifier in the dictionary of the cross-reference stream qpdf ends the file with: two hex strings.
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]{32})>\s*\]")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ZEROS = b"0" * 32


def _identifier(data: bytes) -> re.Match[bytes] | None:
    end = _STARTXREF.search(data, max(0, len(data) - 64))
    if end is None:
        return None
    at = int(end[1])
    head_end = data.find(b"stream", at)
    if not 0 < at < len(data) or head_end < 0:
        return None
    return _ID.search(data, at, head_end)


def stamp(data: bytes) -> bytes:
    """``data`` (a PDF qpdf wrote) with the second half of its identifier set to the file's checksum."""
    found = _identifier(data)
    if found is None:
        raise ValueError("the merged PDF has no file identifier where qpdf writes it")
    start, end = found.span(2)
    zeroed = data[:start] + _ZEROS + data[end:]
    return data[:start] + hashlib.md5(zeroed, usedforsecurity=False).hexdigest().encode("ascii") + data[end:]


def merged_checksum(data: bytes) -> tuple[bytes, bool] | None:
    """For a PDF stamped by :func:`stamp`: the first half of its identifier (as bytes) and whether the file
    still gives the checksum in its second half; None if the file is not laid out that way."""
    found = _identifier(data)
    if found is None:
        return None
    try:
        first = bytes.fromhex(found[1].decode("ascii"))
    except ValueError:
        return None
    start, end = found.span(2)
    computed = hashlib.md5(data[:start] + _ZEROS + data[end:], usedforsecurity=False).hexdigest()
    return first, computed.encode("ascii") == found[2].lower()
