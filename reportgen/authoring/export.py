"""``reportgen export``: a report folder's decisions, members and red lines as the spreadsheet ``import`` reads.

The layout is :mod:`.sheets`', so the way back is exact: export, edit cells, import, and only what was
edited changes in the input files (:mod:`.importer` updates each item where it is, in place). An ``.xlsx``
workbook gets the three sheets and a Read me sheet with the column reference; a ``.csv`` file holds one of
them (chosen by ``sheet``, or else by the file's name: ``members.csv``, ``red-lines.csv``, else decisions).

Fields the layout has no column for (a red line's framework or lineage, a history entry's publication
date) are not in the spreadsheet; the note says which, and importing keeps them as they are. A value the
spreadsheet cannot hold as written (a condition over several lines, a recusal reason with a ';') is named
in a note too, since importing it back would change it. Nothing is exported from a folder whose files
cannot be read, or whose items do not fit the layout's columns (each problem located, as ``validate`` does).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..checks.messages import message_for
from ..core.errors import Finding, InvalidReport, UsageError
from ..core.labels import ITEM_LABELS
from ..core.output import write_atomic
from ..core.problems import Loc
from .folder import Folder
from .import_plan import covered, merged_item
from .import_rows import read_rows
from .sheets import SHEETS, Sheet, normalise, template_rows, workbook_bytes
from .yamlpatch import same

XLSX_CELL_LIMIT = 32_767  # characters one .xlsx cell holds


def _section(sheet: Sheet) -> str:
    return "members" if sheet.name == "Members" else str(sheet.prefix[0])


def _loc(sheet: Sheet, index: int) -> Loc:
    return ("board", "members", index) if sheet.name == "Members" else (str(sheet.prefix[0]), index)


def choose_sheets(to: Path, sheet: str | None) -> list[Sheet]:
    """The sheets to write: every one into a workbook, one into a ``.csv`` (``sheet``, or else by its name)."""
    if sheet is not None:
        found = [s for s in SHEETS if normalise(s.name) == normalise(sheet)]
        if not found:
            names = ", ".join(normalise(s.name).replace(" ", "-") for s in SHEETS)
            raise UsageError(f"--sheet {sheet}: choose one of {names}")
        return found
    if to.suffix.lower() == ".xlsx":
        return list(SHEETS)
    stem = normalise(to.stem)
    return [next((s for s in SHEETS if normalise(s.name).rstrip("s") in stem), SHEETS[0])]


def _uncovered(item: Any, covered: set[tuple[str, ...]], at: tuple[str, ...] = ()) -> set[str]:
    """The dotted names of the fields of ``item`` that no column holds."""
    found: set[str] = set()
    if not isinstance(item, dict):
        return found
    for key, value in item.items():
        path = (*at, key)
        if path in covered:
            continue
        if not any(c[: len(path)] == path for c in covered):
            found.add(".".join(path))
        elif isinstance(value, dict):
            found |= _uncovered(value, covered, path)
        elif isinstance(value, list):
            for entry in value:
                found |= _uncovered(entry, covered, path)
    return found


def _as_read(rows: list[list[object]], xlsx: bool) -> list[list[object]]:
    """The rows as ``import`` reads them back from the file (a CSV holds only text)."""
    if xlsx:
        return rows
    return [["" if c is None else str(c) for c in row] for row in rows]


def export_spreadsheet(
    folder: Path,
    to: Path,
    *,
    sheet: str | None = None,
    force: bool = False,
    note: Callable[[str], None] = lambda text: None,
) -> list[str]:
    """Write ``folder``'s decisions, members and red lines into ``to`` (.xlsx or .csv); the sheets written."""
    suffix = to.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"{to}: name an .xlsx or .csv file to write")
    if to.is_dir():
        raise UsageError(f"{to}: is a folder; name the file to write")
    if to.exists() and not force:
        raise UsageError(f"{to}: exists; use --force to replace it")
    chosen = choose_sheets(to, sheet)
    source = Folder.read(folder)
    if source.errors:
        raise InvalidReport(source.errors)
    findings: list[Finding] = []
    tables: list[tuple[str, list[list[object]]]] = []
    for spec in chosen:
        items = [item for _, _, item in source.items(_section(spec))]
        findings += _misfits(source, spec, items)
        tables.append((spec.name, template_rows(spec, items, xlsx=suffix == ".xlsx")))
    if findings:
        raise InvalidReport(findings)
    for spec, (_, rows) in zip(chosen, tables, strict=True):
        items = [item for _, _, item in source.items(_section(spec))]
        for text in _notes(spec, items, rows, suffix == ".xlsx"):
            note(text)
    if suffix == ".xlsx":
        for name, rows in tables:
            _fits_cells(name, rows)
        data = workbook_bytes(tables)
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([[_csv(c) for c in row] for row in tables[0][1]])
        data = buffer.getvalue().encode("utf-8-sig")
    try:
        write_atomic(to, data)
    except OSError as exc:
        raise UsageError(f"{to}: cannot write: {exc.strerror or exc}") from None
    return [s.name for s in chosen]


def _csv(cell: object) -> object:
    return cell.isoformat() if isinstance(cell, date) else cell


def _misfits(source: Folder, spec: Sheet, items: list[dict[str, Any]]) -> list[Finding]:
    """Items that do not fit the sheet's columns (a list where text belongs), located as ``validate`` does."""
    found = []
    for index, item in enumerate(items):
        try:
            spec.model.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = (*_loc(spec, index), *error["loc"])
                at, path, message = message_for({**error, "loc": loc}, source.inputs.raw, source.inputs.data)
                file, line, col = source.inputs.where(at)
                found.append(Finding(file, line, col, path, message))
    return found


def _fits_cells(name: str, rows: list[list[object]]) -> None:
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            if isinstance(cell, str) and len(cell) > XLSX_CELL_LIMIT:
                raise UsageError(
                    f"{name} row {r}, column {c}: {len(cell):,} characters, more than a spreadsheet cell holds "
                    f"({XLSX_CELL_LIMIT:,}); export to .csv instead"
                )


def _notes(spec: Sheet, items: list[dict[str, Any]], rows: list[list[object]], xlsx: bool) -> list[str]:
    """What the spreadsheet leaves out, and what would not import back as written."""
    label = ITEM_LABELS.get(_section(spec), spec.name.lower()).replace("board member", "member")
    notes: list[str] = []
    left_out = sorted({name for item in items for name in _uncovered(item, covered(spec))})
    if left_out:
        notes.append(
            f"{spec.name}: {', '.join(left_out)} have no column in the spreadsheet: not exported, and importing "
            "keeps them as they are"
        )
    back = {str(item.get("id")): item for item in read_rows(spec.name, spec, _as_read(rows, xlsx))}
    for item in items:
        again = back.get(str(item.get("id")))
        merged = merged_item(item, again, spec) if again is not None else None
        if merged is None or not same(merged, item):
            fields = sorted(k for k in {*item, *(merged or {})} if not same(item.get(k), (merged or {}).get(k)))
            notes.append(
                f"{spec.name}: {label} {item.get('id')}: {', '.join(fields) or 'its row'} cannot be written in a "
                "cell as it is (a ';' or a line break where the column separates entries): check it before importing"
            )
    return notes
