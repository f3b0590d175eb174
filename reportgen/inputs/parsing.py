"""Read one input file into plain Python data, fast.

The fast path is rapidyaml (C++) emitting JSON that orjson reads, together about fifty times quicker
than PyYAML; re-serialising what orjson read shows duplicate keys, depth and over-long text (a ``.json``
input is read by ``json.loads``, whose pairs hook checks the same). Whatever that path could read
differently from the careful reader in :mod:`locating` (anchors, aliases, tags, several documents,
deep nesting, a number only YAML knows or JSON cannot hold) is handed to the careful reader, which is
the authority and reports located findings. Line numbers are looked up only when there is something
to report.
"""

from __future__ import annotations

import functools
import json
import math
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import orjson

from ..core.errors import Finding
from ..core.limits import Limits
from .locating import Node, ParseFailure, read_located
from .yaml_advice import UTF16_MESSAGE, looks_like_utf16

try:  # rapidyaml ships wheels for the usual platforms; without it every file takes the careful path.
    import ryml

    _HAVE_RYML = True
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    _HAVE_RYML = False

# Anything that could start an anchor, alias or tag (a superset: "R&D" does not match, "- *x*" does);
# when it matches, rapidyaml's own tree says whether the file really uses one.
_MAYBE_FEATURES = re.compile(rb"(?:^|[\s\[{,])(?:[&*][^\s\[\]{},]|!)")
_DIRECTIVES = re.compile(rb"^%", re.MULTILINE)
# What libyaml refuses but rapidyaml would read: control characters, DEL, C1 controls, and plain values
# starting with a reserved indicator (@ or `). Such a file goes to the careful reader, which reports it.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_EVERY_OTHER_BYTE = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_ASCII = bytes(range(0x80))
_REFUSED_SEQUENCES = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbf[\xbe\xbf]")
_RESERVED_START = re.compile(rb"(?::[ \t]+|^[ \t]*-[ \t]+|[\[{,][ \t]*)[@`]", re.MULTILINE)
_CLOSER_START = re.compile(rb"(?::[ \t]+|^[ \t]*-[ \t]+)[\]}]", re.MULTILINE)
# Where the two readers part ways on structure: a bare & or *, an empty key, a key over 1,024 characters.
_BARE_INDICATOR = re.compile(rb"(?:^|[\s\[{,])[&*](?=[\s\]},]|$)", re.MULTILINE)
_EMPTY_KEY = re.compile(rb"^[ \t]*(?:-[ \t]+)?:(?:[ \t]|$)", re.MULTILINE)


# A plain scalar that is only 'inf' or 'nan' (any case, signed, with or without the dot)
_INF_OR_NAN = re.compile(rb"(?i)(?:^|[\s\[{,:-])[-+]?\.?(?:inf|nan)(?=\s*(?::\s|:$|[,\]}]|$))", re.MULTILINE)


def _needs_careful_reader(data: bytes) -> bool:
    """What libyaml refuses or reads otherwise than rapidyaml; each test is gated by a cheap byte check."""
    if data.translate(None, _EVERY_OTHER_BYTE):  # any control byte left (translate runs in C)
        return True
    # C1 controls, LINE/PARAGRAPH SEPARATOR, U+FFFE/U+FFFF. Each is one whole UTF-8 sequence, so it is
    # still found after every ASCII byte is dropped, in a far smaller haystack.
    if not data.isascii() and _REFUSED_SEQUENCES.search(data.translate(None, _ASCII)):
        return True
    # A tab after ':' (a mapping indicator to libyaml) or a lone CR (a line break to it). One-byte
    # searches run at memchr speed; the two-byte ones only when the byte is there at all.
    if (b"\t" in data and b":\t" in data) or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return True
    if (b"@" in data or b"`" in data) and _RESERVED_START.search(data):
        return True
    if (b" ]" in data or b" }" in data) and _CLOSER_START.search(data):
        return True
    if (b"&" in data or b"*" in data) and _BARE_INDICATOR.search(data):
        return True
    if (data.startswith(b":") or b"\n:" in data or b" :" in data) and _EMPTY_KEY.search(data):
        return True
    # rapidyaml's JSON writes a plain 'inf' or 'nan' (a key too) as '.inf'/'.nan': libyaml keeps the text
    if (b"inf" in data or b"nan" in data or b"INF" in data or b"NAN" in data) and _INF_OR_NAN.search(data):
        return True
    return len(data) > 1024 and max(map(len, data.split(b"\n"))) > 1024


# JSON and YAML escapes can spell a lone surrogate, which is not a character: the careful reader refuses it.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(Exception):
    """The fast path saw something only the careful reader may judge (and locate)."""


class _Map(dict[str, object]):
    """A mapping that knows how deep it is, so depth is bounded without a second walk."""

    __slots__ = ("depth",)
    depth: int


def _depth(value: object) -> int:
    if type(value) is _Map:
        return value.depth
    if type(value) is list:
        deepest = 0
        for item in value:
            kind = type(item)
            if kind is _Map:
                deepest = max(deepest, item.depth)
            elif kind is list:
                deepest = max(deepest, _depth(item))
        return 1 + deepest
    return 0


def _pairs_hook(limits: Limits) -> Callable[[list[tuple[str, object]]], _Map]:
    max_chars, max_depth = limits.max_string_chars, limits.max_depth

    def hook(pairs: list[tuple[str, object]]) -> _Map:
        result = _Map(pairs)
        if len(result) != len(pairs):
            raise _Refused("duplicate key")
        depth = 0
        for _, value in pairs:
            kind = type(value)
            if kind is str:
                if len(value) > max_chars:  # type: ignore[arg-type]
                    raise _Refused("long text")
            elif kind is _Map or kind is list:
                depth = max(depth, _depth(value))
            elif kind is float and not math.isfinite(value):  # type: ignore[arg-type]
                raise _Refused("not finite")
        result.depth = depth + 1
        if result.depth > max_depth:
            raise _Refused("deep")
        return result

    return hook


def decode(data: bytes, file: str) -> str:
    """UTF-8 text without a byte-order mark, or a located finding at the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if looks_like_utf16(data):  # with or without its byte-order mark: say what to do, not which byte
            raise ParseFailure([Finding(file, 1, 1, "", UTF16_MESSAGE, code="encoding")]) from None
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ParseFailure(
            [
                Finding(
                    file,
                    line,
                    col,
                    "",
                    f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                    code="encoding",
                )
            ]
        ) from None


def read_data(data: bytes, file: str, is_json: bool, limits: Limits) -> object:
    """The data in one file's bytes; raises :class:`ParseFailure` if it cannot be read as data."""
    if len(data) > limits.max_file_bytes:
        raise ParseFailure(
            [
                Finding(
                    file,
                    1,
                    1,
                    "",
                    f"file is {len(data):,} bytes, over the limit of {limits.max_file_bytes:,} "
                    "(raise it with --limit max_file_bytes=N, or split the file)",
                    code="size",
                )
            ]
        )
    text = decode(data, file)
    fast = _read_fast(data, is_json, limits, file)
    if fast is not _SLOW:
        return fast
    return _checked(read_located(text, file, limits), file, limits).to_python()


_SLOW = object()


class _NotJson(Exception):
    """NaN or Infinity: Python's json module reads them, JSON does not allow them."""


def _reject_constant(name: str) -> object:
    raise _NotJson(name)


_CONSTANT = re.compile(rb"-?Infinity|NaN")


def _read_fast(data: bytes, is_json: bool, limits: Limits, file: str = "") -> object:
    """The data, or ``_SLOW`` when the careful reader must decide."""
    if _needs_careful_reader(data):
        return _SLOW
    try:
        if is_json:
            hook = _pairs_hook(limits)
            if b"\\u" in data and _SURROGATE_ESCAPE.search(data.decode("utf-8", "replace")):
                return _SLOW
            return _bounded(json.loads(data, object_pairs_hook=hook, parse_constant=_reject_constant), limits)
        if not _HAVE_RYML or (b"%" in data and _DIRECTIVES.search(data)):
            return _SLOW
        with _quiet_stderr():
            tree = ryml.parse_in_arena(data)
            root = tree.root_id()
            maybe = (b"&" in data or b"*" in data or b"!" in data) and _MAYBE_FEATURES.search(data)
            if tree.is_stream(root) or (maybe and _uses_yaml_features(tree)):
                return _SLOW
            if tree.is_val(root) or (tree.num_children(root) == 0 and not tree.is_container(root)):
                return _SLOW  # a bare scalar document: let the careful reader resolve it
            text = ryml.emit_json_malloc(tree, root)
        return _from_ryml_json(text, data, limits)
    except _NotJson as exc:
        if is_json:
            found = _CONSTANT.search(data)
            offset = found.start() if found else 0
            line = data.count(b"\n", 0, offset) + 1
            col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
            message = f"JSON syntax error: {exc} is not a JSON value (write a number, or null)"
            raise ParseFailure([Finding(file, line, col, "", message, code="syntax")]) from None
        return _SLOW
    except json.JSONDecodeError as exc:
        if is_json:  # a .json file is JSON: say so, at JSON's own position
            raise ParseFailure([_json_syntax_error(exc, file)]) from None
        return _SLOW
    except (_Refused, ValueError, RecursionError, RuntimeError, TypeError, orjson.JSONDecodeError):
        return _SLOW
    except Exception:  # rapidyaml raises its own exception types for syntax errors
        return _SLOW


def _json_syntax_error(exc: json.JSONDecodeError, file: str) -> Finding:
    """JSON's own message and position; a comma before ] or } (allowed in YAML and in code, not in JSON) is
    pointed at, where JSON would point at the bracket after it, perhaps lines further on."""
    doc, pos = exc.doc, exc.pos
    if pos < len(doc) and doc[pos] in "]}":
        before = len(doc[:pos].rstrip(" \t\r\n")) - 1
        if before >= 0 and doc[before] == ",":
            line = doc.count("\n", 0, before) + 1
            col = before - (doc.rfind("\n", 0, before) + 1) + 1
            message = f"JSON syntax error: a comma before {doc[pos]} (JSON allows no trailing comma; remove it)"
            return Finding(file, line, col, "", message, code="syntax")
    return Finding(file, exc.lineno, exc.colno, "", f"JSON syntax error: {exc.msg}", code="syntax")


_DIGITS_AS_ZERO = bytes.maketrans(b"0123456789", b"0" * 10)
_BIG_NUMBER = b"0" * 20  # orjson reads an integer beyond 64 bits as a float: those go to the careful reader


@functools.lru_cache(maxsize=8)
def _depth_patterns(max_depth: int) -> tuple[bytes, re.Pattern[bytes]]:
    """Over orjson's two-space indented output, where a node d levels down is indented 2d spaces: the
    indent of anything too deep, and an empty ``[]`` or ``{}`` at the last allowed level (one more)."""
    empty = rb'\n {%d}(?:"(?:[^"\\\n]|\\.)*": )?(?:\[\]|\{\}),?(?=\n)' % (2 * max_depth)
    return b"\n" + b" " * (2 * max_depth), re.compile(empty)


def _from_ryml_json(text: str, data: bytes, limits: Limits) -> object:
    """rapidyaml's JSON read by orjson, or ``_SLOW``.

    orjson refuses lone surrogates, NaN and overflowing numbers (the careful reader then reports them)
    but keeps the last of duplicate keys silently; re-serialising what it read shows every limit at
    once: a key fewer than rapidyaml wrote means a duplicate, indentation gives the depth, and no text
    is longer than the longest line (JSON text holds no raw line break).
    """
    if data.translate(_DIGITS_AS_ZERO).find(_BIG_NUMBER) >= 0:
        return _SLOW
    value = orjson.loads(text)
    canonical = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    if canonical.count(b'": ') != text.count('": '):
        return _SLOW  # a duplicate key
    at_limit, empty_at_limit = _depth_patterns(limits.max_depth)
    if at_limit in canonical and (at_limit + b" " in canonical or empty_at_limit.search(canonical)):
        return _SLOW
    if len(canonical) > limits.max_string_chars and max(map(len, canonical.split(b"\n"))) > limits.max_string_chars:
        return _SLOW  # a line that long may hold a text over the limit: the careful reader counts characters
    return value


def _bounded(value: object, limits: Limits) -> object:
    """A top-level list is not seen by the pairs hook: bound its depth here."""
    if _depth(value) > limits.max_depth:
        raise _Refused("deep")
    return value


def _uses_yaml_features(tree: object) -> bool:
    """True if any node has an anchor, an alias or a tag (which only the careful reader reports)."""
    t: Any = tree
    return any(
        t.has_anchor(i) or t.is_ref(i) or t.is_key_ref(i) or t.is_val_ref(i) or t.has_key_tag(i) or t.has_val_tag(i)
        for i in range(t.size())
    )


_STDERR_LOCK = threading.Lock()


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence rapidyaml, whose C++ error handler prints to fd 2 before raising.

    The careful reader reports the same problem properly, located, a moment later.
    """
    with _STDERR_LOCK:
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)


_SURROGATE_MESSAGE = "text holds an escaped lone surrogate (such as \\ud800), which is not a character; remove it"


def _checked(root: Node, file: str, limits: Limits) -> Node:
    """Refuse what the careful reader lets through: over-long text and escaped lone surrogates."""
    findings: list[Finding] = []

    def refuse(node: Node, message: str, code: str) -> None:
        findings.append(Finding(file, node.line, node.col, "", message, code=code))

    stack = [root]
    while stack:
        node = stack.pop()
        if node.kind == "scalar":
            if isinstance(node.value, str) and _SURROGATE.search(node.value):
                refuse(
                    node,
                    "text holds an escaped lone surrogate (such as \\ud800), which is not a character; remove it",
                    "encoding",
                )
            if isinstance(node.value, str) and len(node.value) > limits.max_string_chars:
                refuse(
                    node,
                    f"text of {len(node.value):,} characters, over the limit of {limits.max_string_chars:,}",
                    "size",
                )
        elif node.kind == "map":
            stack.extend(v for _, v in node.entries.values())
            stack.extend(k for k, _ in node.entries.values() if _SURROGATE.search(k.raw))
        else:
            stack.extend(node.children)
    if findings:
        raise ParseFailure(findings)
    return root


def locate_in(data: bytes, file: str, limits: Limits) -> Node | None:
    """The located tree of a file that already read cleanly (used only to place findings)."""
    try:
        return read_located(decode(data, file), file, limits)
    except ParseFailure:
        return None
