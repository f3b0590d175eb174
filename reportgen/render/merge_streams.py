"""Streams the merge makes, compressed so that their data cannot end with a carriage return.

A compressed stream whose data ends with a carriage return reads, to a PDF/A checker, as one byte shorter than its
``/Length`` (see ``tagging_patch._end_streams_cleanly``). Used for what ``merge`` draws (the furniture) and what
``merge_resources`` rebuilds (font programs, ToUnicode CMaps).
"""

from __future__ import annotations

import zlib

import pikepdf
from pikepdf import Name, Object, Pdf


def padded(data: bytes, pad: bytes = b"\n") -> bytes:
    """The data, with ``pad`` after it until, compressed, it cannot end with a carriage return (see the module
    docstring): zlib's last byte is the Adler-32's lowest, the byte sum's."""
    while zlib.adler32(data) & 0xFF == 0x0D:
        data += pad
    return data


def deflated(data: bytes) -> bytes:
    """Compressed data that cannot end with a carriage return."""
    return zlib.compress(padded(data))


def deflated_stream(pdf: Pdf, data: bytes) -> Object:
    """A FlateDecode stream of the data, as ``deflated``."""
    stream = pikepdf.Stream(pdf, b"")
    stream.write(deflated(data), filter=Name.FlateDecode)
    return stream
