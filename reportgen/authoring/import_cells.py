"""One spreadsheet cell as ``reportgen import`` reads it: its text, its value as the schema expects it
(dates, numbers, true/false, lists, ``member: text`` pairs, field audiences), and the cell's name (``G3``).

A cell that cannot be read raises :class:`CellError` with what to write instead.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from ..core.labels import long_date
from ..inputs.yaml_advice import CURLY_QUOTES, curly_quoted
from ..schema.base import ItemId
from ..schema.introspect import choices
from .import_options import DateFormat
from .sheets import Column, Sheet, field_of

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


def clean_text(text: str) -> str:
    """Text as a cell shows it: one kind of line break, no spaces at the ends of lines or of the whole."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def cell_text(cell: object) -> str:
    """A cell's value as text: a whole number without ``.0``, a date without a midnight time."""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(" ")
    return cell.isoformat() if isinstance(cell, date) else clean_text(str(cell))


class CellError(Exception):
    """A cell that cannot be read; the message says what to write instead."""


def is_code(sheet: Sheet, column: Column) -> bool:
    """A column whose values are codes, ids, dates, numbers or a unit: curly quotes there are a mistake."""
    if column.kind in ("date", "int", "number", "bool", "fields") or column.path[-1] == "unit":
        return True
    annotation = field_of(sheet, column.path)[0]
    return bool(choices(annotation)) or ItemId in _args(annotation) or column.kind == "pairs"


def _args(annotation: Any) -> list[Any]:
    found, todo = [], [annotation]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += [a for a in getattr(current, "__args__", ()) if a is not type(None)]
    return found


def _curly(text: str) -> str:
    inner = text[1:]
    inner = inner[:-1] if inner[-1:] in CURLY_QUOTES else inner
    return f"the cell is in curly quotes ({text}), which are not part of the value: write {inner} without them"


def _local_date(text: str, date_format: DateFormat | None) -> str:
    """A date cell's text as ``YYYY-MM-DD``: as written, or read in ``date_format``; else a proposal."""
    if _ISO_DATE.match(text):
        return text
    if date_format is not None:
        iso = date_format.read(text)
        if iso is not None:
            _real(text, iso)
            return iso
        raise CellError(f"'{text}' is not a date in the form {date_format.text} (--date-format) or YYYY-MM-DD")
    found = re.fullmatch(r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4})", text)
    if found is None:
        slashed = re.fullmatch(r"([0-9]{4})([./])([0-9]{1,2})\2([0-9]{1,2})", text)
        if slashed is None:
            return text  # the schema says what a date looks like
        iso = f"{slashed.group(1)}-{int(slashed.group(3)):02d}-{int(slashed.group(4)):02d}"
        _real(text, iso)
        raise CellError(f"'{text}' is not a date in the form YYYY-MM-DD: write {iso}")
    first, sep, second, year = int(found.group(1)), found.group(2), int(found.group(3)), found.group(4)
    day_first, month_first = f"{year}-{second:02d}-{first:02d}", f"{year}-{first:02d}-{second:02d}"
    formats = {"day": f"DD{sep}MM{sep}YYYY", "month": f"MM{sep}DD{sep}YYYY"}
    readings = [(iso, way) for iso, way, month in ((day_first, "day", second), (month_first, "month", first))
                if 1 <= month <= 12]  # fmt: skip
    if readings and readings[0][0] == readings[-1][0]:
        readings = readings[:1]  # 05/05/2026: the same day either way
    if not readings:
        raise CellError(f"'{text}' is not a date: neither {first} nor {second} is a month")
    if len(readings) == 1:
        iso, way = readings[0]
        _real(text, iso)
        return_text = f"write {iso} ({_spoken(iso)}), or import with --date-format {formats[way]}"
        raise CellError(f"'{text}' is not a date in the form YYYY-MM-DD: {return_text}")
    spoken = " or ".join(f"{iso} if it is {_spoken(iso)}" for iso, _ in readings)
    raise CellError(
        f"'{text}' is not a date in the form YYYY-MM-DD: write {spoken}; or import with --date-format "
        f"{formats['day']} (or {formats['month']})"
    )


def _spoken(iso: str) -> str:
    try:
        return long_date(date.fromisoformat(iso))
    except ValueError:
        return iso


def _real(text: str, iso: str) -> None:
    try:
        date.fromisoformat(iso)
    except ValueError:
        raise CellError(f"'{text}' is not a real calendar date") from None


def cell_value(cell: object, column: Column, second: str, code: bool, date_format: DateFormat | None) -> object:
    """A cell's value as the schema expects it; anything the schema will reject passes through unchanged."""
    if column.kind == "date" and isinstance(cell, datetime):
        cell = cell.date()  # a date cell with a time of day: the day counts
    kind, text = column.kind, cell_text(cell) if cell is not None else ""
    if not text:
        return None
    if code and curly_quoted(text) and kind != "list":
        raise CellError(_curly(text))
    if kind == "date" and isinstance(cell, str):
        cell = _local_date(text, date_format)
    elif kind in ("text", "list", "pairs") or (kind == "date" and isinstance(cell, date)):
        cell = text
    elif kind in ("int", "number") and isinstance(cell, str):
        cell = (int(text) if text.lstrip("-").isdigit() else float(text)) if _NUMBER.match(text) else text
    elif kind == "bool" and text.lower() in ("true", "false"):
        cell = text.lower() == "true"
    if kind == "int" and isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if kind not in ("list", "pairs", "fields"):
        return cell
    if kind == "fields":  # a reason in parentheses may hold the separator itself
        return _field_audiences([p.strip() for p in _FIELD_ENTRY.findall(text) if p.strip()])
    pattern = rf"[{re.escape(column.sep)}\n]" if column.sep else r"\n"
    parts = [p.strip() for p in re.split(pattern, text) if p.strip()]
    if kind == "list":
        quoted = next((p for p in parts if curly_quoted(p)), None) if code else None
        if quoted is not None:
            raise CellError(_curly(quoted))
        return parts
    entries = []
    for part in parts:
        member, colon, rest = (s.strip() for s in part.partition(":"))
        if not (member and colon and rest):
            separated = "';' or line breaks" if column.sep else "line breaks"
            raise CellError(f"'{part}' is not in the form 'member-id: {second}' (separate entries with {separated})")
        entries.append({"member": member, second: rest})
    return entries


_FIELD_ENTRY = re.compile(r"(?:[^;\n(]|\([^)]*\))+")  # up to a ';' or line break outside parentheses
_WITH_REASON = re.compile(r"(?P<audience>[^()]*?)\s*\((?P<reason>.*)\)\Z", re.DOTALL)


def _field_audiences(parts: list[str]) -> dict[str, object]:
    """``rationale: internal (Personnel matter); conditions: regulator`` as ``field_audience`` wants it."""
    settings: dict[str, object] = {}
    for part in parts:
        field, colon, rest = (s.strip() for s in part.partition(":"))
        if not (field and colon and rest):
            raise CellError(
                f"'{part}' is not in the form 'field: audience' or 'field: audience (reason)' "
                "(separate entries with ';' or line breaks)"
            )
        if field in settings:
            raise CellError(f"'{field}' is given twice")
        found = _WITH_REASON.match(rest)
        settings[field] = {"audience": found["audience"], "reason": found["reason"].strip()} if found else rest
    return settings


Cell = tuple[int, int, str]  # row, column, header


def cell_name(row: int, column: int) -> str:
    """The spreadsheet's name of a cell: ``cell_name(3, 7)`` is ``G3``, ``cell_name(2, 28)`` is ``AB2``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"
