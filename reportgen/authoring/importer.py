"""``reportgen import``: a spreadsheet decision log (and members, red lines) as report input files.

What is read
    An ``.xlsx`` workbook: its sheets named **Decisions**, **Members** and **Red lines** (case, spaces,
    ``-`` and ``_`` do not matter); other sheets, such as a read-me, are ignored. Or a ``.csv`` file
    holding one of the three tables, recognised by its header row (comma, semicolon or tab separated,
    UTF-8). Row 1 holds the column headers (case does not matter); every later row that is not empty is
    one item. Columns may come in any order; optional ones may be left out; unknown ones are an error,
    with the column a header most likely means ("Decision ID": did you mean 'Id'?). A team's own headers
    are read as the layout's columns with ``columns`` (``--columns 'Decision ID=Id,Type=kind'``: a header,
    then the column's header or its field's name). A sheet with no rows below its header is as if it were
    not there. So is a Members or Red lines sheet that still holds exactly the example rows of the template
    ``reportgen init`` wrote (in any year): it is left out with a note, and never replaces ``board.yaml``
    or ``red-lines.yaml``, even with ``--force``.

Cells
    Dates are real spreadsheet dates or text ``YYYY-MM-DD``; a local date such as ``14.05.2026`` is refused
    with the ISO date it stands for, and read only with ``date_format`` (``--date-format DD.MM.YYYY``).
    Whole numbers and numbers may be typed as numbers or text. true/false cells are spreadsheet booleans or
    the text ``true``/``false``. Lists of ids (models, red lines, the vote columns "In favour", "Against",
    "Abstained", "Absent") are separated by commas; "Conditions" and "Dissents" have one entry per line (a
    line break inside the cell); "Recused" is ``id: reason; id: reason`` and "Dissents" lines are ``id:
    statement``. Members in the vote, recusal and dissent columns may be written by id or by name (the
    whole name, or a word of it such as the surname, when only one member has it). A decision with all
    vote columns empty was not put to a vote. Values in curly quotes (“approve”), as a word processor
    types them, are refused where the quotes would become part of a code, an id, a date, a number or a unit.

What is written (into a report folder that exists; nothing at all if any cell is wrong; every problem is
listed at once, as ``decisions.xlsx[Decisions]:7:3: Date: (cell C7) message``, row and column as the
spreadsheet numbers them and, in a workbook, the cell's name first in the message; a ``.csv`` has no cell
name: ``log.csv:7:3: Date: message``)
    * each decision: a decision the folder already holds is updated in the file that holds it; a new one
      is written as ``decisions/<Id>.yaml``;
    * the red lines: the sheet is the whole list. A line the folder holds is updated where it is, a new
      one is added to the file holding the red lines (``red-lines.yaml`` if there is none), and a line not
      on the sheet is removed (with a note). A further row with the same Id and only the History columns
      filled adds a history entry (oldest first);
    * the members into the board section (``board.yaml``), which must exist (``reportgen init`` writes one):
      the members are replaced by the sheet's, the board's name, mandate and quorum are kept, and the chair
      becomes the one member whose Role is ``chair``, if exactly one is.

A file is changed in place (:mod:`.yamlpatch`): only the values that differ are rewritten; comments and
everything else stay as they were, and a file whose items did not change is not touched at all (so a
spreadsheet written by ``reportgen export`` and imported again unedited changes nothing). A field the
spreadsheet has no column for (a red line's framework, a history entry's publication date) is kept as it
is. An existing file is never changed without ``--force``. A new file starts with the editor schema line
(pointing where ``report.yaml``'s does, or at ``.reportgen/reportgen-input.schema.json``, written if
missing). Member ids in votes, recusals and dissents are checked against the Members sheet being
imported, or else against the folder's ``board.yaml`` (the message says which: "not on the Members sheet",
"not a member in board.yaml"); every other cross-check is ``reportgen validate``'s.

The column reference (also ``column_reference()``, for docs/import.md):

"""

from __future__ import annotations

import csv
import difflib
import importlib
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..checks.messages import did_you_mean_item, message_for
from ..core.errors import Finding, InvalidReport, UsageError
from ..core.labels import long_date
from ..core.output import write_atomic
from ..core.problems import Loc
from ..inputs.locating import CURLY_QUOTES, curly_quoted
from ..schema import Decision, Member, RedLine
from ..schema.base import ItemId
from ..schema.introspect import choices
from .folder import Folder
from .jsonschema import schema_text
from .scaffold import SCHEMA_FILE, dump_yaml, schema_line
from .sheets import (
    SHEETS,
    Column,
    Sheet,
    column_reference,
    column_targets,
    example_items,
    field_of,
    normalise,
    second_field,
    suggest_column,
    template_rows,
)
from .yamlpatch import patched_text, same

MemberNames = dict[str, str | None]  # member id -> name
Members = tuple[MemberNames, str] | None  # the members votes may name, and how a missing one is described
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")
_SCHEMA_LINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
REFERENCE = "docs/import.md"  # where the column reference is, as messages name it
_VOTE_LISTS = ("in_favour", "against", "abstained", "absent")


# ------------------------------------------------------------------------------------------------- options


@dataclass(frozen=True)
class DateFormat:
    """A local date layout such as ``DD/MM/YYYY``: the order of day, month and year, and the separator."""

    text: str
    order: tuple[str, str, str]
    separator: str

    @classmethod
    def parse(cls, text: str) -> DateFormat:
        found = re.fullmatch(r"(DD|MM|YYYY)([./ -])(DD|MM|YYYY)\2(DD|MM|YYYY)", text.strip().upper())
        if found is None or sorted(found.group(1, 3, 4)) != ["DD", "MM", "YYYY"]:
            raise UsageError(
                f"--date-format {text!r}: write the day as DD, the month as MM and the year as YYYY, in your "
                "order, with one separator, e.g. DD/MM/YYYY, MM/DD/YYYY or DD.MM.YYYY"
            )
        order = (found.group(1), found.group(3), found.group(4))
        return cls(found.group(0), order, found.group(2))

    def read(self, text: str) -> str | None:
        """The ISO date ``text`` stands for in this layout, or None if it is not written in it."""
        parts = text.split(self.separator)
        widths = {"DD": (1, 2), "MM": (1, 2), "YYYY": (4, 4)}
        if len(parts) != 3 or not all(
            p.isdigit() and widths[n][0] <= len(p) <= widths[n][1] for p, n in zip(parts, self.order, strict=True)
        ):
            return None
        value = dict(zip(self.order, map(int, parts), strict=True))
        return f"{value['YYYY']:04d}-{value['MM']:02d}-{value['DD']:02d}"


def parse_columns(specs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``--columns`` values as {header: column}: ``'Decision ID=Id,Type=kind'``, or the path of a file
    holding one ``Header=column`` per line (blank lines and lines starting with # are skipped)."""
    pairs: dict[str, str] = {}
    for spec in specs:
        if "=" in spec:
            entries, origin = re.split(r"[,;\n]", spec), f"--columns {spec!r}"
        else:
            path = Path(spec)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise UsageError(
                    f"--columns {spec!r}: give Header=column pairs, e.g. --columns 'Decision ID=Id,Type=Kind', "
                    f"or a file of them ({exc.strerror or exc})"
                ) from None
            entries, origin = [x for x in text.splitlines() if not x.lstrip().startswith("#")], str(path)
        for entry in entries:
            if not entry.strip():
                continue
            header, equals, column = (s.strip() for s in entry.partition("="))
            if not (header and equals and column):
                raise UsageError(f"{origin}: {entry.strip()!r} is not Header=column, e.g. Decision ID=Id")
            pairs[header] = column
    return pairs


def _mappings(pairs: Mapping[str, str], sheets: list[Sheet]) -> dict[str, dict[str, Column]]:
    """Per sheet: a header as the user writes it (normalised) -> the column it is read as."""
    found: dict[str, dict[str, Column]] = {s.name: {} for s in sheets}
    for header, target in pairs.items():
        hits = [(s, column_targets(s).get(normalise(target))) for s in sheets]
        for sheet, column in hits:
            if column is not None:
                found[sheet.name][normalise(header)] = column
        if not any(column for _, column in hits):
            names = {name: c.header for s in sheets for name, c in column_targets(s).items()}
            close = difflib.get_close_matches(normalise(target), sorted(names), n=1, cutoff=0.6)
            hint = f" (did you mean '{names[close[0]]}'?)" if close else ""
            raise UsageError(
                f"--columns: {header}={target}: '{target}' is not a column{hint}; name a column by its header or "
                f"its field (see the column reference in {REFERENCE})"
            )
    return found


# ------------------------------------------------------------------------------------------------- reading


def _clean(text: str) -> str:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _as_text(cell: object) -> str:
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(" ")
    return cell.isoformat() if isinstance(cell, date) else _clean(str(cell))


class _CellError(Exception):
    pass


def _is_code(sheet: Sheet, column: Column) -> bool:
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
        raise _CellError(f"'{text}' is not a date in the form {date_format.text} (--date-format) or YYYY-MM-DD")
    found = re.fullmatch(r"([0-9]{1,2})([./-])([0-9]{1,2})\2([0-9]{4})", text)
    if found is None:
        slashed = re.fullmatch(r"([0-9]{4})([./])([0-9]{1,2})\2([0-9]{1,2})", text)
        if slashed is None:
            return text  # the schema says what a date looks like
        iso = f"{slashed.group(1)}-{int(slashed.group(3)):02d}-{int(slashed.group(4)):02d}"
        _real(text, iso)
        raise _CellError(f"'{text}' is not a date in the form YYYY-MM-DD: write {iso}")
    first, sep, second, year = int(found.group(1)), found.group(2), int(found.group(3)), found.group(4)
    day_first, month_first = f"{year}-{second:02d}-{first:02d}", f"{year}-{first:02d}-{second:02d}"
    formats = {"day": f"DD{sep}MM{sep}YYYY", "month": f"MM{sep}DD{sep}YYYY"}
    readings = [(iso, way) for iso, way, month in ((day_first, "day", second), (month_first, "month", first))
                if 1 <= month <= 12]  # fmt: skip
    if readings and readings[0][0] == readings[-1][0]:
        readings = readings[:1]  # 05/05/2026: the same day either way
    if not readings:
        raise _CellError(f"'{text}' is not a date: neither {first} nor {second} is a month")
    if len(readings) == 1:
        iso, way = readings[0]
        _real(text, iso)
        return_text = f"write {iso} ({_spoken(iso)}), or import with --date-format {formats[way]}"
        raise _CellError(f"'{text}' is not a date in the form YYYY-MM-DD: {return_text}")
    spoken = " or ".join(f"{iso} if it is {_spoken(iso)}" for iso, _ in readings)
    raise _CellError(
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
        raise _CellError(f"'{text}' is not a real calendar date") from None


def _convert(cell: object, column: Column, second: str, code: bool, date_format: DateFormat | None) -> object:
    """A cell's value as the schema expects it; anything the schema will reject passes through unchanged."""
    if column.kind == "date" and isinstance(cell, datetime):
        cell = cell.date()  # a date cell with a time of day: the day counts
    kind, text = column.kind, _as_text(cell) if cell is not None else ""
    if not text:
        return None
    if code and curly_quoted(text) and kind != "list":
        raise _CellError(_curly(text))
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
            raise _CellError(_curly(quoted))
        return parts
    entries = []
    for part in parts:
        member, colon, rest = (s.strip() for s in part.partition(":"))
        if not (member and colon and rest):
            separated = "';' or line breaks" if column.sep else "line breaks"
            raise _CellError(f"'{part}' is not in the form 'member-id: {second}' (separate entries with {separated})")
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
            raise _CellError(
                f"'{part}' is not in the form 'field: audience' or 'field: audience (reason)' "
                "(separate entries with ';' or line breaks)"
            )
        if field in settings:
            raise _CellError(f"'{field}' is given twice")
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


@dataclass
class _Record:
    row: int
    item: dict[str, Any] = field(default_factory=dict)
    where: dict[Loc, Cell] = field(default_factory=dict)


def _cell(where: dict[Loc, Cell], loc: Loc) -> Cell | None:
    """The cell a path in an item came from (the first of a missing group's cells)."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in where:
            return where[loc[:end]]
    return next((cell for key, cell in where.items() if key[: len(loc)] == loc), None)


@dataclass
class _Reader:
    """The items of one sheet; each problem becomes a finding located at its cell."""

    label: str
    sheet: Sheet
    findings: list[Finding]
    cells: bool = False  # name the cell in each message (a workbook's), as in "(cell G3)"
    mapping: dict[str, Column] = field(default_factory=dict)  # the user's own headers (normalised)
    date_format: DateFormat | None = None
    records: list[_Record] = field(default_factory=list)
    by_id: dict[str, _Record] = field(default_factory=dict)
    failed: set[tuple[int, int]] = field(default_factory=set)

    def fail(self, cell: Cell, message: str, *, at_cell: bool = True) -> None:
        """A finding at ``file[sheet]:row:column: header:``; the message names the cell (not a missing one)."""
        row, column, header = cell
        named = f"(cell {cell_name(row, column)}) " if self.cells and at_cell else ""
        self.findings.append(Finding(self.label, row, column, header, named + message))
        self.failed.add((row, column))

    @staticmethod
    def _unknown(text: str, meant: Column | None) -> str:
        """Why a header is not a column, with the column it most likely means and how to keep it."""
        if meant is None:
            return f"unknown column: see the column reference in {REFERENCE} for the columns this sheet has"
        return (
            f"unknown column (did you mean '{meant.header}'?): rename it, or import with "
            f"--columns '{text}={meant.header}'; see the column reference in {REFERENCE}"
        )

    def read(self, rows: list[list[object]]) -> list[_Record]:
        header = [_as_text(c) if c is not None else "" for c in (rows[0] if rows else [])]
        while header and not header[-1]:
            header.pop()
        known, columns, taken = (
            {normalise(c.header): c for c in self.sheet.columns} | self.mapping,
            dict[int, Column](),
            dict[Column, int](),
        )
        suggested: set[Column] = set()  # the columns an unknown header was told to be: not also "missing"
        for j, text in enumerate(header):
            column = known.get(normalise(text)) if text else None
            if text and column is None:
                meant = suggest_column(self.sheet, text)
                suggested |= {meant} if meant is not None else set()
                self.fail((1, j + 1, text), self._unknown(text, meant))
            elif column is not None and column in taken:
                self.fail((1, j + 1, text), f"the same column as column {taken[column] + 1}")
            elif column is not None:
                columns[j], taken[column] = column, j
        for column in self.sheet.columns:
            if column not in taken and column not in suggested and field_of(self.sheet, column.path)[1]:
                message = f"required column is missing: add a column headed '{column.header}' to row 1"
                self.fail((1, 1, column.header), message, at_cell=False)
        codes = {c: _is_code(self.sheet, c) for c in columns.values()}
        headerless: set[int] = set()
        for r, row in enumerate(rows[1:], start=2):
            if not any(c is not None and _as_text(c) for c in row):
                continue
            record, entry = _Record(r), dict[str, Any]()
            for j, cell in enumerate(row):
                column = columns.get(j)
                if column is None and (j >= len(header) or not header[j]) and cell is not None and _as_text(cell):
                    if j not in headerless:
                        self.fail((r, j + 1, ""), "this column has no header in row 1, so the cell cannot be read")
                    headerless.add(j)
                if column is not None:
                    self._cell(record, entry, column, cell, (r, j + 1, header[j]), codes[column])
            self._add(record, entry)
        return self.records

    def _cell(
        self, record: _Record, entry: dict[str, Any], column: Column, cell: object, where: Cell, code: bool
    ) -> None:
        repeated = bool(self.sheet.repeat) and column.path[0] == self.sheet.repeat
        path = column.path[1:] if repeated else column.path
        record.where[(self.sheet.repeat, 0, *path) if repeated else path] = where
        try:
            value = _convert(cell, column, second_field(self.sheet, column), code, self.date_format)
        except _CellError as exc:
            self.fail(where, str(exc))
            return
        target = entry if repeated else record.item
        if value is not None:
            for name in path[:-1]:
                target = target.setdefault(name, {})
            target[path[-1]] = value

    def _add(self, record: _Record, entry: dict[str, Any]) -> None:
        """Add a row's item; a repeated Id adds a history entry (red lines) or is an error."""
        repeat, item = self.sheet.repeat, record.item
        key = str(item.get("id", "")).casefold()
        first = self.by_id.get(key) if key else None
        if first is None:
            if repeat:
                item[repeat] = [entry]
            if key:
                self.by_id[key] = record
            self.records.append(record)
        elif first.item["id"] != item["id"]:
            self.fail(
                record.where[("id",)],
                f"'{item['id']}' differs from '{first.item['id']}' on row {first.row} only in case",
            )
        elif not repeat:
            self.fail(record.where[("id",)], f"'{item['id']}' is already used on row {first.row}")
        elif len(item) > 1:
            where = _cell(record.where, (next(k for k in item if k != "id"),)) or record.where[("id",)]
            self.fail(
                where,
                f"Id '{item['id']}' is on row {first.row} already; a further row may fill only the History columns",
            )
        else:
            k = len(first.item[repeat])
            first.item[repeat].append(entry)
            first.where.update({(repeat, k, *loc[2:]): c for loc, c in record.where.items() if loc[0] == repeat})

    def resolve_members(self, record: _Record, members: Members) -> None:
        """Members written by name (``Okafor``, ``Amara Okafor``) become their ids; a name more than one
        member has, and a member no one is, are errors at their cell."""
        if members is None or self.sheet.model is not Decision:
            return
        names, source = members
        vote = record.item.get("vote", {})
        groups: list[tuple[Loc, list[Any]]] = [(("vote", k), vote[k]) for k in _VOTE_LISTS if k in vote]
        groups += [(("vote", "recused"), vote.get("recused", [])), (("dissents",), record.item.get("dissents", []))]
        for loc, values in groups:
            cell = _cell(record.where, loc)
            for k, value in enumerate(values):
                ref = value["member"] if isinstance(value, dict) else value
                if not isinstance(ref, str) or ref in names or cell is None:
                    continue
                found = member_ids(ref, names)
                if len(found) == 1:
                    if isinstance(value, dict):
                        value["member"] = found[0]
                    else:
                        values[k] = found[0]
                elif found:
                    listed = ", ".join(f"{i} ({names[i]})" for i in found)
                    self.fail(cell, f"'{ref}' could be more than one member: {listed}; write the member's id")
                else:
                    self.fail(cell, f"'{ref}' is {source}{did_you_mean_item(ref, names, 'named')}")

    def check(self, record: _Record) -> None:
        """Validate one item against the schema; each problem at its cell (one per cell)."""
        try:
            self.sheet.model.model_validate(record.item)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                cell = _cell(record.where, loc)
                if cell is None or cell[:2] in self.failed:
                    continue  # a required column missing altogether (told at the header), or told already
                if error["type"] == "missing":
                    message = "required, but the cell is empty"
                else:
                    located: ErrorDetails = {**error, "loc": (*self.sheet.prefix, *loc)}
                    message = message_for(located)[2]
                self.fail(cell, message)


def read_rows(label: str, sheet: Sheet, rows: list[list[object]]) -> list[dict[str, Any]]:
    """The items of a sheet's rows as ``import`` reads them (problems aside)."""
    return [r.item for r in _Reader(label, sheet, []).read(rows)]


def member_ids(ref: str, names: MemberNames) -> list[str]:
    """The members ``ref`` names: by id in any case, by whole name, or by a word of the name (a surname)."""
    folded = _fold(ref)
    if not folded:
        return []
    by_id = sorted(i for i in names if _fold(i) == folded)
    by_name = sorted(i for i, n in names.items() if n and _fold(n) == folded)
    by_word = sorted(i for i, n in names.items() if n and folded in {_fold(w) for w in re.split(r"[\s-]+", n)})
    return by_id or by_name or by_word


def _fold(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _read_xlsx(path: Path) -> list[tuple[str, Sheet, list[list[object]]]]:
    try:
        openpyxl = importlib.import_module("openpyxl")
    except ImportError:
        raise UsageError("reading .xlsx files needs openpyxl: python3 -m pip install openpyxl") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise UsageError(f"{path}: cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        names = {normalise(s.name): s for s in SHEETS}
        tables = []
        for sheet in book.worksheets:
            spec = names.get(normalise(sheet.title))
            if spec is not None:
                rows = [list(r) for r in sheet.iter_rows(min_row=1, min_col=1, values_only=True)]
                tables.append((f"{path.name}[{sheet.title}]", spec, rows))
        if not tables:
            found = ", ".join(repr(s.title) for s in book.worksheets)
            raise UsageError(f"{path}: no sheet named Decisions, Members or Red lines (it has {found})")
        return tables
    finally:
        book.close()


def _read_csv(path: Path, mapping: dict[str, dict[str, Column]]) -> list[tuple[str, Sheet, list[list[object]]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text; save it as 'CSV UTF-8'") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    header = {normalise(str(c)) for c in rows[0]} if rows else set()

    def score(sheet: Sheet) -> int:
        known = {normalise(c.header) for c in sheet.columns} | set(mapping.get(sheet.name, {}))
        return len(header & known)

    scores = sorted(((score(s), s.name) for s in SHEETS), reverse=True)
    if scores[0][0] == 0 or scores[0][0] == scores[1][0]:
        raise UsageError(
            f"{path}: cannot tell whether it holds decisions, members or red lines from its first row; "
            f"use the column headers of the column reference ({REFERENCE}), or map yours with --columns"
        )
    spec = next(s for s in SHEETS if s.name == scores[0][1])
    return [(path.name, spec, rows)]


# ------------------------------------------------------------------------------------------------- writing


def _board_file(into: Path, folder: Folder) -> str:
    """The file holding the board section (``board.yaml``), which members are written into."""
    rel = folder.file_of("board") or "board.yaml"
    document = folder.document(rel) if (into / rel).is_file() else None
    if not (into / rel).is_file():
        raise UsageError(
            f"{into / rel}: not found; members are written into the board section of board.yaml, which must "
            "exist with the board's name, chair, mandate and quorum (reportgen init writes one)"
        )
    if not isinstance(document, dict) or not isinstance(document.get("board"), dict):
        problems = [f for f in folder.errors if f.file == rel]
        if problems:
            raise InvalidReport(problems)
        raise UsageError(f"{into / rel}: has no 'board:' section to put the members in")
    return rel


def _members(into: Path, folder: Folder, tables: list[tuple[_Reader, list[_Record]]]) -> Members:
    """The members on the Members sheet being imported, or else those in the folder's ``board.yaml``."""
    for reader, records in tables:
        if reader.sheet.model is Member:
            names = {str(r.item.get("id")): _text(r.item.get("name")) for r in records}
            return names, "not on the Members sheet"
    if not folder.file_of("board"):
        return None
    names = {str(m.get("id")): _text(m.get("name")) for _, _, m in folder.items("members")}
    return (names, "not a member in board.yaml") if names else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


_DATE = re.compile(r"\b([0-9]{4})-[0-9]{2}-[0-9]{2}\b")


def _holds_examples(reader: _Reader, records: list[_Record]) -> bool:
    """Whether a Members or Red lines sheet holds exactly the example rows of ``reportgen init``'s templates.

    The examples are dated in the year the folder was made, which the sheet's own dates tell.
    """
    if reader.sheet.model is Decision:
        return False
    items = [r.item for r in records]
    years = {int(y) for y in _DATE.findall(repr(items))}
    for year in sorted(years | {y + 1 for y in years}):  # a member whose term began the year before
        rows = template_rows(reader.sheet, example_items(year)[reader.sheet.name], xlsx=False)
        if [r.item for r in _Reader(reader.label, reader.sheet, []).read(rows)] == items:
            return True
    return False


def _sheets(names: list[str], one: str, more: str) -> str:
    """``the Members sheet holds`` or ``the Members and Red lines sheets hold``."""
    if len(names) == 1:
        return f"the {names[0]} sheet {one}"
    return f"the {', '.join(names[:-1])} and {names[-1]} sheets {more}"


def schema_target(into: Path) -> tuple[str | Path, bool]:
    """Where the schema line points (a path or a URL), and whether the schema file must be written."""
    report = into / "report.yaml"
    if report.is_file():
        with report.open(encoding="utf-8", errors="replace") as handle:
            match = _SCHEMA_LINE.match(handle.readline().strip())
        if match:
            target = match.group(1)
            return (target if "://" in target else into / target), False
    return into / SCHEMA_FILE, not (into / SCHEMA_FILE).exists()


def _ordered(item: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """An item's fields in the schema's order (those it does not know last)."""
    return {k: item[k] for k in [*model.model_fields, *item] if k in item}


def covered(sheet: Sheet) -> set[tuple[str, ...]]:
    """The field paths the sheet's columns hold."""
    return {c.path for c in sheet.columns}


def _keep_uncovered(old: dict[str, Any], new: dict[str, Any], covered: set[tuple[str, ...]], at: Loc = ()) -> Any:
    """``new`` with every field of ``old`` that no column covers (a red line's framework) kept as it was."""
    out = dict(new)
    for key, value in old.items():
        path = (*at, key)
        if path in covered:
            continue
        deeper = [c for c in covered if c[: len(path)] == path]
        if not deeper:
            out[key] = value
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _keep_uncovered(value, out[key], covered, path)
        elif isinstance(value, list) and isinstance(out.get(key), list):  # history entries, by position
            out[key] = [
                _keep_uncovered(o, n, covered, path) if isinstance(o, dict) and isinstance(n, dict) else n
                for o, n in zip(value, out[key], strict=False)
            ] + out[key][len(value) :]
    return out


def _empty(value: object) -> bool:
    return value is None or value == [] or (isinstance(value, dict) and all(_empty(v) for v in value.values()))


def _keep_written(old: object, new: object) -> object:
    """``new``, with each value that means what ``old`` says kept as ``old`` writes it: text a cell holds
    without its trailing spaces, ``50.0`` read back as ``50``, ``{audience: internal}`` as ``internal``,
    an empty list the cell cannot show."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = {k: _keep_written(old[k], v) if k in old else v for k, v in new.items()}
        out.update({k: v for k, v in old.items() if k not in new and _empty(v)})
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [_keep_written(o, n) for o, n in zip(old, new, strict=True)]
    if isinstance(old, str) and isinstance(new, str) and _clean(old) == new:
        return old
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (old, new))
    if (numbers and old == new) or (isinstance(old, dict) and isinstance(new, str) and old == {"audience": new}):
        return old
    return new


def merged_item(old: dict[str, Any] | None, new: dict[str, Any], sheet: Sheet) -> dict[str, Any]:
    """A row's item as it updates ``old``: fields no column holds kept, values that mean the same kept as written."""
    item = _ordered(new, sheet.model)
    if old is None:
        return item
    return _ordered(_keep_written(old, _keep_uncovered(old, item, covered(sheet))), sheet.model)  # type: ignore[arg-type]


@dataclass
class _Target:
    """One file the import writes: its data before (None: a new file) and after, and where it came from."""

    old: Any
    new: dict[str, Any]
    source: str
    exists: bool = False


@dataclass
class _Plan:
    into: Path
    folder: Folder
    targets: dict[str, _Target] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def target(self, rel: str, source: str) -> _Target:
        if rel not in self.targets:
            old = self.folder.document(rel) if (self.into / rel).is_file() else None
            start = old if isinstance(old, dict) else {}
            self.targets[rel] = _Target(old, json.loads(json.dumps(start)), source, (self.into / rel).exists())
        return self.targets[rel]

    def decisions(self, label: str, sheet: Sheet, records: list[_Record]) -> None:
        where = {str(item.get("id")): (rel, i, item) for rel, i, item in self.folder.items("decisions")}
        for record in records:
            found = where.get(str(record.item.get("id")))
            if found is None:  # a new decision: a file of its own (or the end of the list of the file so named)
                target = self.target(f"decisions/{record.item['id']}.yaml", f"{label} row {record.row}")
                if not isinstance(target.new.get("decisions"), list):
                    target.new["decisions"] = []
                target.new["decisions"].append(merged_item(None, record.item, sheet))
                continue
            rel, index, old = found
            target = self.target(rel, f"{label} row {record.row}")
            target.new["decisions"][index] = merged_item(old, record.item, sheet)

    def red_lines(self, label: str, sheet: Sheet, records: list[_Record], rows: str) -> None:
        existing = self.folder.items("red_lines")
        where = {str(item.get("id")): (rel, i, item) for rel, i, item in existing}
        on_sheet = {str(r.item.get("id")) for r in records}
        home = next((rel for rel, _, _ in existing if rel == sheet.target), existing[0][0] if existing else None)
        home = home or (self.folder.file_of("red_lines") or sheet.target)
        gone: dict[str, list[int]] = {}
        for rel, i, item in existing:
            if str(item.get("id")) not in on_sheet:
                gone.setdefault(rel, []).append(i)
                self.notes.append(f"{rel}: red line {item.get('id')} is not on the {sheet.name} sheet: removed")
        for record in records:
            found = where.get(str(record.item.get("id")))
            if found is not None:
                rel, index, old = found
                self.target(rel, f"{label} {rows}").new["red_lines"][index] = merged_item(old, record.item, sheet)
            else:
                target = self.target(home, f"{label} {rows}")
                if not isinstance(target.new.get("red_lines"), list):
                    target.new["red_lines"] = []
                target.new["red_lines"].append(merged_item(None, record.item, sheet))
        for rel, indexes in gone.items():
            target = self.target(rel, f"{label} {rows}")
            kept = [x for i, x in enumerate(target.new["red_lines"]) if i not in indexes]
            target.new["red_lines"] = kept

    def members(self, label: str, sheet: Sheet, records: list[_Record], rows: str) -> None:
        rel = _board_file(self.into, self.folder)
        target = self.target(rel, f"{label} {rows}")
        board = target.new["board"]
        before = {str(m.get("id")): m for m in board.get("members") or [] if isinstance(m, dict)}
        items = [merged_item(before.get(str(r.item.get("id"))), r.item, sheet) for r in records]
        board["members"] = items
        chairs = [m["id"] for m in items if m.get("role") == "chair"]
        if len(chairs) == 1:
            board["chair"] = chairs[0]


def _render(path: Path, target: _Target, schema: str | Path) -> str:
    """The new text of one file: the old one changed in place where it can be, else written anew."""
    if target.old is not None and path.suffix.lower() != ".json":
        patched = patched_text(path.read_text(encoding="utf-8-sig"), target.old, target.new)
        if patched is not None:
            return patched
    if path.suffix.lower() == ".json":
        return json.dumps(target.new, indent=2, ensure_ascii=False) + "\n"
    line = schema_line(path, schema) if isinstance(schema, Path) else f"# yaml-language-server: $schema={schema}"
    header = [line, f"# Imported from {target.source} by reportgen import; import again with --force to replace."]
    return dump_yaml(target.new, header=header)


def _plan(
    into: Path, folder: Folder, tables: list[tuple[str, Sheet, list[_Record]]]
) -> tuple[dict[Path, str], list[Path], list[str]]:
    """(the text of each file to write, every file the import's items are in, notes)."""
    plan = _Plan(into, folder)
    for label, sheet, records in tables:
        rows = f"rows {records[0].row}-{records[-1].row}" if len(records) > 1 else f"row {records[0].row}"
        if sheet.model is Decision:
            plan.decisions(label, sheet, records)
        elif sheet.model is RedLine:
            plan.red_lines(label, sheet, records, rows)
        else:
            plan.members(label, sheet, records, rows)
    schema, write_schema = schema_target(into)
    out: dict[Path, str] = {}
    for rel, target in plan.targets.items():
        if target.old is not None and same(target.old, target.new):
            continue  # nothing changed: the file keeps every byte
        out[into / rel] = _render(into / rel, target, schema)
    if write_schema and isinstance(schema, Path) and any(t.old is None for t in plan.targets.values()):
        out = {schema: schema_text(), **out}
    return out, [into / rel for rel in plan.targets], plan.notes


def import_spreadsheet(
    path: Path,
    into: Path,
    *,
    force: bool,
    note: Callable[[str], None] = lambda text: None,
    columns: Mapping[str, str] | None = None,
    date_format: str | None = None,
) -> list[Path]:
    """Read a spreadsheet and write its decisions, members and red lines as input files in ``into``.

    ``columns`` reads a team's own headers as the layout's columns ({"Decision ID": "Id"}); ``date_format``
    (``DD/MM/YYYY``) reads text dates written that way. ``note`` is told which sheets were left out and which
    red lines removed (the command line prints ``note: ...`` on stderr). Returns every file that holds the
    imported items (a file whose items did not change is not written).
    """
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"{path}: not an .xlsx or .csv file (save the spreadsheet as .xlsx or CSV UTF-8)")
    if not into.exists():
        raise UsageError(f"no report folder at {into}: create one with reportgen init {into}, or check the path")
    if not into.is_dir():
        raise UsageError(f"{into}: not a folder")
    local = DateFormat.parse(date_format) if date_format else None
    mapping = _mappings(columns or {}, list(SHEETS))
    tables = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path, mapping)
    parsed: list[tuple[_Reader, list[_Record]]] = []
    empty, examples = [], []
    for label, sheet, rows in tables:
        reader = _Reader(label, sheet, [], cells=suffix == ".xlsx", mapping=mapping[sheet.name], date_format=local)
        records = reader.read(rows)
        if not records:  # as if the sheet were not there: not even its header is looked at
            empty.append(sheet.name)
        elif _holds_examples(reader, records):
            examples.append(sheet.name)
        else:
            parsed.append((reader, records))
    if not parsed and examples:
        still = _sheets(examples, "still holds", "still hold")
        no_rows = f"; {_sheets(empty, 'has', 'have')} no rows below the header row" if empty else ""
        raise UsageError(
            f"{path}: nothing to import: {still} the template's examples (delete or replace them){no_rows}"
        )
    if not parsed:
        raise UsageError(f"{path}: no rows to import below the header row")
    for name in examples:
        note(f"{path.name}: the {name} sheet still holds the template's examples: left out; delete or replace them")
    folder = Folder.read(into)
    members = _members(into, folder, parsed)
    for reader, records in parsed:
        for record in records:
            reader.resolve_members(record, members)
            reader.check(record)
    findings = [finding for reader, _ in parsed for finding in reader.findings]
    if findings:
        raise InvalidReport(findings)
    planned, holding, notes = _plan(into, folder, [(reader.label, reader.sheet, records) for reader, records in parsed])
    existing = [p for p in planned if p.exists()]
    if existing and not force:
        names = ", ".join(p.relative_to(into).as_posix() for p in existing)
        board = " (board.yaml: its members are replaced; name, chair, mandate and quorum are kept)"
        board = board if into / "board.yaml" in existing else ""
        raise UsageError(f"would replace {len(existing)} existing file(s) in {into}: {names}; use --force{board}")
    try:
        for target, text in planned.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{into}: cannot write: {exc.strerror or exc}") from None
    for text in notes:
        note(text)
    return holding


__doc__ = (__doc__ or "") + column_reference()
