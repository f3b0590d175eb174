"""The rows of one sheet as items: the header row matched to the layout's columns, each row's cells read
into an item, each problem a finding at its cell, members written by name resolved to their ids, and
each item validated against the schema."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ..checks.messages import did_you_mean_item, message_for
from ..core.errors import Finding
from ..core.problems import Loc
from ..schema import Decision
from .import_cells import Cell, CellError, cell_name, cell_text, cell_value, is_code
from .import_options import REFERENCE, DateFormat
from .sheets import Column, Sheet, field_of, normalise, second_field, suggest_column

MemberNames = dict[str, str | None]  # member id -> name
Members = tuple[MemberNames, str] | None  # the members votes may name, and how a missing one is described
_VOTE_LISTS = ("in_favour", "against", "abstained", "absent")


@dataclass
class Record:
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
class SheetReader:
    """The items of one sheet; each problem becomes a finding located at its cell."""

    label: str
    sheet: Sheet
    findings: list[Finding]
    cells: bool = False  # name the cell in each message (a workbook's), as in "(cell G3)"
    mapping: dict[str, Column] = field(default_factory=dict)  # the user's own headers (normalised)
    date_format: DateFormat | None = None
    records: list[Record] = field(default_factory=list)
    by_id: dict[str, Record] = field(default_factory=dict)
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

    def read(self, rows: list[list[object]]) -> list[Record]:
        header = [cell_text(c) if c is not None else "" for c in (rows[0] if rows else [])]
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
        codes = {c: is_code(self.sheet, c) for c in columns.values()}
        headerless: set[int] = set()
        for r, row in enumerate(rows[1:], start=2):
            if not any(c is not None and cell_text(c) for c in row):
                continue
            record, entry = Record(r), dict[str, Any]()
            for j, cell in enumerate(row):
                column = columns.get(j)
                if column is None and (j >= len(header) or not header[j]) and cell is not None and cell_text(cell):
                    if j not in headerless:
                        self.fail((r, j + 1, ""), "this column has no header in row 1, so the cell cannot be read")
                    headerless.add(j)
                if column is not None:
                    self._cell(record, entry, column, cell, (r, j + 1, header[j]), codes[column])
            self._add(record, entry)
        return self.records

    def _cell(
        self, record: Record, entry: dict[str, Any], column: Column, cell: object, where: Cell, code: bool
    ) -> None:
        repeated = bool(self.sheet.repeat) and column.path[0] == self.sheet.repeat
        path = column.path[1:] if repeated else column.path
        record.where[(self.sheet.repeat, 0, *path) if repeated else path] = where
        try:
            value = cell_value(cell, column, second_field(self.sheet, column), code, self.date_format)
        except CellError as exc:
            self.fail(where, str(exc))
            return
        target = entry if repeated else record.item
        if value is not None:
            for name in path[:-1]:
                target = target.setdefault(name, {})
            target[path[-1]] = value

    def _add(self, record: Record, entry: dict[str, Any]) -> None:
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

    def resolve_members(self, record: Record, members: Members) -> None:
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

    def check(self, record: Record) -> None:
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
    return [r.item for r in SheetReader(label, sheet, []).read(rows)]


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
