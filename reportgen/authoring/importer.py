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

Here: reading the workbook or CSV file, and the import as a whole. Its parts are :mod:`.import_options`
(``--date-format`` and ``--columns``), :mod:`.import_cells` (one cell's value), :mod:`.import_rows` (a
sheet's rows as items, each problem at its cell) and :mod:`.import_plan` (the files written).

The column reference (also ``column_reference()``, for docs/import.md):

"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path

from ..core.errors import InvalidReport, UsageError
from ..core.output import write_atomic
from ..schema import Decision, Member
from .folder import Folder
from .import_options import REFERENCE, DateFormat, column_mappings
from .import_plan import planned_files
from .import_rows import Members, Record, SheetReader
from .sheets import SHEETS, Column, Sheet, column_reference, example_items, normalise, template_rows


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


def _members(into: Path, folder: Folder, tables: list[tuple[SheetReader, list[Record]]]) -> Members:
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


def _holds_examples(reader: SheetReader, records: list[Record]) -> bool:
    """Whether a Members or Red lines sheet holds exactly the example rows of ``reportgen init``'s templates.

    The examples are dated in the year the folder was made, which the sheet's own dates tell.
    """
    if reader.sheet.model is Decision:
        return False
    items = [r.item for r in records]
    years = {int(y) for y in _DATE.findall(repr(items))}
    for year in sorted(years | {y + 1 for y in years}):  # a member whose term began the year before
        rows = template_rows(reader.sheet, example_items(year)[reader.sheet.name], xlsx=False)
        if [r.item for r in SheetReader(reader.label, reader.sheet, []).read(rows)] == items:
            return True
    return False


def _sheets(names: list[str], one: str, more: str) -> str:
    """``the Members sheet holds`` or ``the Members and Red lines sheets hold``."""
    if len(names) == 1:
        return f"the {names[0]} sheet {one}"
    return f"the {', '.join(names[:-1])} and {names[-1]} sheets {more}"


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
    mapping = column_mappings(columns or {}, list(SHEETS))
    tables = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path, mapping)
    parsed: list[tuple[SheetReader, list[Record]]] = []
    empty, examples = [], []
    for label, sheet, rows in tables:
        reader = SheetReader(label, sheet, [], cells=suffix == ".xlsx", mapping=mapping[sheet.name], date_format=local)
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
    planned, holding, notes = planned_files(
        into, folder, [(reader.label, reader.sheet, records) for reader, records in parsed]
    )
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
