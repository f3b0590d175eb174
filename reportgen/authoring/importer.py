"""``reportgen import``: a spreadsheet decision log (and members, red lines) as report input files.

What is read
    An ``.xlsx`` workbook: its sheets named **Decisions**, **Members** and **Red lines** (case, spaces,
    ``-`` and ``_`` do not matter); other sheets, such as a read-me, are ignored. Or a ``.csv`` file
    holding one of the three tables, recognised by its header row (comma, semicolon or tab separated,
    UTF-8). Row 1 holds the column headers (case does not matter); every later row that is not empty is
    one item. Columns may come in any order; optional ones may be left out; unknown ones are an error.
    A sheet with no rows below its header is as if it were not there. So is a Members or Red lines sheet
    that still holds exactly the example rows of the template ``reportgen init`` wrote (in any year): it
    is left out with a note, and never replaces ``board.yaml`` or ``red-lines.yaml``, even with ``--force``.

Cells
    Dates are real spreadsheet dates or text ``YYYY-MM-DD``. Whole numbers and numbers may be typed as
    numbers or text. true/false cells are spreadsheet booleans or the text ``true``/``false``. Lists of
    ids (models, red lines, the vote columns "In favour", "Against", "Abstained", "Absent") are separated
    by commas; "Conditions" and "Dissents" have one entry per line (a line break inside the cell);
    "Recused" is ``id: reason; id: reason`` and "Dissents" lines are ``id: statement``. A decision with all
    vote columns empty was not put to a vote.

What is written (into a report folder that exists; nothing at all if any cell is wrong; every problem is
listed at once, as ``decisions.xlsx[Decisions]:7:3: Date: (cell C7) message``, row and column as the
spreadsheet numbers them and, in a workbook, the cell's name first in the message; a ``.csv`` has no cell
name: ``log.csv:7:3: Date: message``)
    * each decision as ``decisions/<Id>.yaml``;
    * the red lines, all together, as ``red-lines.yaml``. A further row with the same Id and only the
      History columns filled adds a history entry (oldest first);
    * the members into ``board.yaml``. The board is one mapping (name, chair, mandate, quorum, members)
      and may be defined only once, so members cannot go into a file of their own: the importer rewrites
      ``board.yaml`` keeping its name, mandate, quorum and chair and replacing the members (the chair
      becomes the one member whose Role is ``chair``, if exactly one is). ``board.yaml`` must therefore
      exist (``reportgen init`` writes one), and replacing it needs ``--force`` like any existing file;
      comments in it are not kept.

An existing file is never replaced without ``--force``. Each file starts with the editor schema line
(pointing where ``report.yaml``'s does, or at ``.reportgen/reportgen-input.schema.json``, written if
missing). Member ids in votes, recusals and dissents are checked against the Members sheet being
imported, or else against the folder's ``board.yaml`` (the message says which: "not on the Members sheet",
"not a member in board.yaml"); every other cross-check is ``reportgen validate``'s.

The column reference (also ``column_reference()``, for docs/import.md):

"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..checks.messages import did_you_mean, message_for
from ..core.errors import Finding, InvalidReport, UsageError
from ..core.limits import DEFAULT_LIMITS
from ..core.output import write_atomic
from ..core.problems import Loc
from ..inputs.locating import ParseFailure
from ..inputs.parsing import read_data
from ..schema import Decision, Member, RedLine
from .jsonschema import schema_text
from .scaffold import SCHEMA_FILE, dump_yaml, schema_line
from .sheets import (
    SHEETS,
    Column,
    Sheet,
    column_reference,
    example_items,
    field_of,
    normalise,
    second_field,
    template_rows,
)

Members = tuple[set[str], str] | None  # the member ids votes may name, and how a missing one is described
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\Z")
_SCHEMA_LINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


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


def _convert(cell: object, column: Column, second: str) -> object:
    """A cell's value as the schema expects it; anything the schema will reject passes through unchanged."""
    if column.kind == "date" and isinstance(cell, datetime):
        cell = cell.date()  # a date cell with a time of day: the day counts
    kind, text = column.kind, _as_text(cell) if cell is not None else ""
    if not text:
        return None
    if kind in ("text", "list", "pairs") or (kind == "date" and isinstance(cell, (str, date))):
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
    records: list[_Record] = field(default_factory=list)
    by_id: dict[str, _Record] = field(default_factory=dict)

    def fail(self, cell: Cell, message: str, *, at_cell: bool = True) -> None:
        """A finding at ``file[sheet]:row:column: header:``; the message names the cell (not a missing one)."""
        row, column, header = cell
        named = f"(cell {cell_name(row, column)}) " if self.cells and at_cell else ""
        self.findings.append(Finding(self.label, row, column, header, named + message))

    def read(self, rows: list[list[object]]) -> list[_Record]:
        header = [_as_text(c) if c is not None else "" for c in (rows[0] if rows else [])]
        while header and not header[-1]:
            header.pop()
        known, columns, taken = (
            {normalise(c.header): c for c in self.sheet.columns},
            dict[int, Column](),
            dict[Column, int](),
        )
        for j, text in enumerate(header):
            column = known.get(normalise(text)) if text else None
            if text and column is None:
                hint = did_you_mean(text, [c.header for c in self.sheet.columns]) or " (see the column reference)"
                self.fail((1, j + 1, text), f"unknown column{hint}")
            elif column is not None and column in taken:
                self.fail((1, j + 1, text), f"the same column as column {taken[column] + 1}")
            elif column is not None:
                columns[j], taken[column] = column, j
        for column in self.sheet.columns:
            if column not in taken and field_of(self.sheet, column.path)[1]:
                self.fail((1, len(header) + 1, column.header), "required column is missing", at_cell=False)
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
                    self._cell(record, entry, column, cell, (r, j + 1, header[j]))
            self._add(record, entry)
        return self.records

    def _cell(self, record: _Record, entry: dict[str, Any], column: Column, cell: object, where: Cell) -> None:
        repeated = bool(self.sheet.repeat) and column.path[0] == self.sheet.repeat
        path = column.path[1:] if repeated else column.path
        record.where[(self.sheet.repeat, 0, *path) if repeated else path] = where
        try:
            value = _convert(cell, column, second_field(self.sheet, column))
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

    def check(self, record: _Record, members: Members) -> None:
        """Validate one item against the schema, and its member ids against ``members``; each problem at its cell."""
        try:
            self.sheet.model.model_validate(record.item)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                cell = _cell(record.where, loc)
                if cell is None:
                    continue  # a required column that is missing altogether: reported at the header
                if error["type"] == "missing":
                    message = "required, but the cell is empty"
                else:
                    located: ErrorDetails = {**error, "loc": (*self.sheet.prefix, *loc)}
                    message = message_for(located)[2]
                self.fail(cell, message)
        if members is None or self.sheet.model is not Decision:
            return
        ids, source = members
        vote = record.item.get("vote", {})
        groups: list[tuple[Loc, list[Any]]] = [(("vote", k), v) for k, v in vote.items()]
        groups.append((("dissents",), record.item.get("dissents", [])))
        for loc, values in groups:
            for value in values:
                member = value["member"] if isinstance(value, dict) else value
                cell = _cell(record.where, loc)
                if isinstance(member, str) and member not in ids and cell is not None:
                    self.fail(cell, f"'{member}' is {source}{did_you_mean(member, sorted(ids))}")


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


def _read_csv(path: Path) -> list[tuple[str, Sheet, list[list[object]]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text; save it as 'CSV UTF-8'") from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    header = {normalise(str(c)) for c in rows[0]} if rows else set()
    scores = sorted(((len(header & {normalise(c.header) for c in s.columns}), s.name) for s in SHEETS), reverse=True)
    if scores[0][0] == 0 or scores[0][0] == scores[1][0]:
        raise UsageError(
            f"{path}: cannot tell whether it holds decisions, members or red lines from its first row; "
            "use the column headers of the column reference"
        )
    spec = next(s for s in SHEETS if s.name == scores[0][1])
    return [(path.name, spec, rows)]


# ------------------------------------------------------------------------------------------------- writing


def _board(into: Path) -> dict[str, Any]:
    """The document in ``into/board.yaml`` (its board keeps all but its members)."""
    path = into / "board.yaml"
    if not path.is_file():
        raise UsageError(
            f"{path}: not found; members are written into the board section of board.yaml, which must exist "
            "with the board's name, chair, mandate and quorum (reportgen init writes one)"
        )
    try:
        document = read_data(path.read_bytes(), "board.yaml", False, DEFAULT_LIMITS)
    except ParseFailure as failure:
        raise InvalidReport(failure.findings) from None
    if not isinstance(document, dict) or not isinstance(document.get("board"), dict):
        raise UsageError(f"{path}: has no 'board:' section to put the members in")
    return dict(document)


def _members(into: Path, tables: list[tuple[_Reader, list[_Record]]]) -> Members:
    """The ids on the Members sheet being imported, or else those in the folder's ``board.yaml``."""
    for reader, records in tables:
        if reader.sheet.model is Member:
            return {str(r.item.get("id")) for r in records}, "not on the Members sheet"
    try:
        members = _board(into)["board"].get("members")
    except (UsageError, InvalidReport, OSError):
        return None
    if not isinstance(members, list):
        return None
    return {str(m.get("id")) for m in members if isinstance(m, dict)}, "not a member in board.yaml"


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


def _schema_target(into: Path) -> tuple[str | Path, bool]:
    """Where the schema line points (a path or a URL), and whether the schema file must be written."""
    report = into / "report.yaml"
    if report.is_file():
        with report.open(encoding="utf-8", errors="replace") as handle:
            match = _SCHEMA_LINE.match(handle.readline().strip())
        if match:
            target = match.group(1)
            return (target if "://" in target else into / target), False
    return into / SCHEMA_FILE, not (into / SCHEMA_FILE).exists()


def _plan(into: Path, tables: list[tuple[str, Sheet, list[_Record]]]) -> dict[Path, str]:
    schema, write_schema = _schema_target(into)
    files: dict[Path, tuple[dict[str, Any], str]] = {}
    for label, sheet, records in tables:
        items = [{k: r.item[k] for k in sheet.model.model_fields if k in r.item} for r in records]
        rows = f"rows {records[0].row}-{records[-1].row}" if len(records) > 1 else f"row {records[0].row}"
        if sheet.model is Decision:
            for record, item in zip(records, items, strict=True):
                files[into / f"decisions/{item['id']}.yaml"] = ({"decisions": [item]}, f"{label} row {record.row}")
        elif sheet.model is RedLine:
            files[into / sheet.target] = ({"red_lines": items}, f"{label} {rows}")
        else:
            document = _board(into)
            board = dict(document["board"], members=items)
            chairs = [m["id"] for m in items if m.get("role") == "chair"]
            if len(chairs) == 1:
                board["chair"] = chairs[0]
            files[into / sheet.target] = ({**document, "board": board}, f"{label} {rows}")
    out: dict[Path, str] = {}
    if write_schema and isinstance(schema, Path):
        out[schema] = schema_text()
    for path, (document, source) in files.items():
        line = schema_line(path, schema) if isinstance(schema, Path) else f"# yaml-language-server: $schema={schema}"
        header = [line, f"# Imported from {source} by reportgen import; import again with --force to replace."]
        out[path] = dump_yaml(document, header=header)
    return out


def import_spreadsheet(
    path: Path, into: Path, *, force: bool, note: Callable[[str], None] = lambda text: None
) -> list[Path]:
    """Read a spreadsheet and write its decisions, members and red lines as input files in ``into``.

    ``note`` is told which sheets were left out (the command line prints ``note: ...`` on stderr).
    """
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"{path}: not an .xlsx or .csv file (save the spreadsheet as .xlsx or CSV UTF-8)")
    if not into.exists():
        raise UsageError(f"no report folder at {into}: create one with reportgen init {into}, or check the path")
    if not into.is_dir():
        raise UsageError(f"{into}: not a folder")
    tables = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    parsed: list[tuple[_Reader, list[_Record]]] = []
    empty, examples = [], []
    for label, sheet, rows in tables:
        reader = _Reader(label, sheet, [], cells=suffix == ".xlsx")
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
    members = _members(into, parsed)
    for reader, records in parsed:
        for record in records:
            reader.check(record, members)
    findings = [finding for reader, _ in parsed for finding in reader.findings]
    if findings:
        raise InvalidReport(findings)
    planned = _plan(into, [(reader.label, reader.sheet, records) for reader, records in parsed])
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
    return list(planned)


__doc__ = (__doc__ or "") + column_reference()
