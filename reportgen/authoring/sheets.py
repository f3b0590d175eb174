"""The spreadsheet layout: which sheets and columns ``reportgen import`` reads, the column reference
for docs/import.md, and the example spreadsheets ``reportgen init`` writes in that layout."""

from __future__ import annotations

import csv
import difflib
import importlib
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.output import write_atomic
from ..core.problems import Loc
from ..schema import Decision, Member, RedLine
from ..schema.examples import examples
from ..schema.introspect import choices, models_in


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]
    kind: str = "text"  # text, date, int, number, bool, list, pairs, fields
    sep: str = ","  # what separates list entries besides line breaks ("" for line breaks only)


@dataclass(frozen=True)
class Sheet:
    name: str
    model: type[BaseModel]
    prefix: Loc  # where the items sit in a report, for messages
    target: str
    columns: tuple[Column, ...]
    repeat: str = ""  # a list field that further rows with the same Id add entries to


def _c(header: str, path: str, kind: str = "text", sep: str = ",") -> Column:
    return Column(header, tuple(path.split(".")), kind, sep)


_ITEM = (
    _c("Audience", "audience"),
    _c("Withheld reason", "withheld_reason"),
    _c("Field audience", "field_audience", "fields", ";"),
)
_THRESHOLDS = tuple(
    _c(f"{name}{suffix}", f"{key}.{field}", "number" if field == "value" else "text")
    for name, key in (("Criterion", "criterion"), ("Early warning", "early_warning"))
    for suffix, field in (("", "description"), (" metric", "metric"), (" comparison", "comparison"),
                          (" value", "value"), (" unit", "unit"))
)  # fmt: skip
# fmt: off
SHEETS = (
    Sheet("Decisions", Decision, ("decisions", 0), "decisions/{id}.yaml", (
        _c("Id", "id"), _c("Date", "date", "date"), _c("Title", "title"), _c("Kind", "kind"),
        _c("Meeting", "meeting"), _c("Models", "models", "list"), _c("Red lines", "red_lines", "list"),
        _c("Evaluations", "evaluations", "list"), _c("Incidents", "incidents", "list"),
        _c("In favour", "vote.in_favour", "list"), _c("Against", "vote.against", "list"),
        _c("Abstained", "vote.abstained", "list"), _c("Absent", "vote.absent", "list"),
        _c("Recused", "vote.recused", "pairs", ";"), _c("Dissents", "dissents", "pairs", ""),
        _c("Casting vote", "vote.casting_vote"), _c("Outcome", "outcome"),
        _c("Rationale", "rationale"), _c("Conditions", "conditions", "list", ""), _c("Decided by", "decided_by"),
        *_ITEM,
    )),
    Sheet("Members", Member, ("board", "members", 0), "board.yaml", (
        _c("Id", "id"), _c("Name", "name"), _c("Role", "role"), _c("Affiliation", "affiliation"),
        _c("Category", "category"), _c("Independent", "independent", "bool"),
        _c("Independence note", "independence_note"), _c("Term start", "term.start", "date"),
        _c("Term end", "term.end", "date"), _c("Biography", "biography"),
        _ITEM[-1],  # a member is never withheld whole (every edition lists the board): only their fields
    )),
    Sheet("Red lines", RedLine, ("red_lines", 0), "red-lines.yaml", (
        _c("Id", "id"), _c("Title", "title"), _c("Domain", "domain"), _c("Tier", "tier", "int"),
        _c("Tier label", "tier_label"), _c("Tracked", "tracked", "bool"), _c("Capability", "capability"),
        _c("Harm", "harm"), *_THRESHOLDS, _c("Required safeguards", "required_safeguards", "list"),
        _c("Response actions", "response.actions", "list"), _c("Response", "response.description"),
        _c("Decided by", "decided_by"), _c("Review interval (months)", "review.interval_months", "int"),
        _c("Last reviewed", "review.last_reviewed", "date"), _c("Status", "status"), _c("Notes", "notes"),
        *_ITEM, _c("History date", "history.date", "date"), _c("History change", "history.change"),
        _c("History summary", "history.summary"), _c("History reason", "history.reason"),
        _c("History decision", "history.decision"),
    ), repeat="history"),
)
# fmt: on


def normalise(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text).strip().lower()


# What people head these columns with in their own logs (normalised): suggested, never guessed silently.
ALIASES: dict[str, dict[str, str]] = {
    "Decisions": {
        "type": "Kind", "decision type": "Kind", "category": "Kind", "votes for": "In favour", "for": "In favour",
        "yes": "In favour", "ayes": "In favour", "in favor": "In favour", "votes in favour": "In favour",
        "votes in favor": "In favour", "votes against": "Against", "no": "Against", "nays": "Against",
        "abstentions": "Abstained", "abstain": "Abstained", "abstaining": "Abstained", "absences": "Absent",
        "absentees": "Absent", "not present": "Absent", "recusals": "Recused", "recusal": "Recused",
        "conflicts": "Recused", "conflicts of interest": "Recused", "dissent": "Dissents",
        "dissenting opinions": "Dissents", "reason": "Rationale", "reasons": "Rationale",
        "justification": "Rationale", "grounds": "Rationale", "condition": "Conditions", "decision maker": "Decided by",
        "decided": "Decided by", "summary": "Title", "subject": "Title", "decision": "Title", "model": "Models",
        "red line": "Red lines", "evaluation": "Evaluations", "incident": "Incidents", "result": "Outcome",
        "vote result": "Outcome", "casting": "Casting vote", "chair casting vote": "Casting vote",
        "meeting date": "Date", "date of decision": "Date", "visibility": "Audience",
    },
    "Members": {
        "full name": "Name", "member": "Name", "organisation": "Affiliation", "organization": "Affiliation",
        "employer": "Affiliation", "seat": "Category", "seat category": "Category", "bio": "Biography",
        "position": "Role", "start": "Term start", "term begins": "Term start", "joined": "Term start",
        "end": "Term end", "term ends": "Term end", "left": "Term end",
    },
    "Red lines": {
        "name": "Title", "red line": "Title", "area": "Domain", "level": "Tier", "threshold": "Criterion",
        "safeguards": "Required safeguards", "actions": "Response actions",
        "review interval": "Review interval (months)", "reviewed": "Last reviewed", "note": "Notes",
    },
}  # fmt: skip
_ITEM_WORDS = {"Decisions": ("decision",), "Members": ("member", "board member"), "Red lines": ("red line", "rl")}


def suggest_column(sheet: Sheet, header: str) -> Column | None:
    """The column a header a user wrote most likely means (``Decision ID``: Id, ``Votes For``: In favour)."""
    by_header = {normalise(c.header): c for c in sheet.columns}
    text = normalise(header).replace(".", "").strip()
    candidates = [text]
    for word in _ITEM_WORDS.get(sheet.name, ()):  # 'Decision date', 'Member name': the sheet's own word first
        if text.startswith(word + " "):
            candidates.append(text[len(word) + 1 :])
    candidates += [c[: -len(suffix)] for c in list(candidates) for suffix in (" ids", " id") if c.endswith(suffix)]
    candidates += [re.sub(r"\s*\(.*\)$", "", c) for c in list(candidates)]
    aliases = ALIASES.get(sheet.name, {})
    for candidate in candidates:
        if candidate in by_header:
            return by_header[candidate]
        if candidate in aliases:
            return next(c for c in sheet.columns if c.header == aliases[candidate])
        singular = candidate + "s"
        if singular in by_header:
            return by_header[singular]
    close = difflib.get_close_matches(text, list(by_header), n=1, cutoff=0.75)
    return by_header[close[0]] if close else None


def column_targets(sheet: Sheet) -> dict[str, Column]:
    """What a ``--columns`` mapping may name a column by (normalised): its header, its field's dotted path
    (``vote.in_favour``) or the field's own name when no other column has it (``in_favour``, ``kind``)."""
    names: dict[str, list[Column]] = {}
    for column in sheet.columns:
        for name in {normalise(column.header), normalise(".".join(column.path)), normalise(column.path[-1])}:
            names.setdefault(name, []).append(column)
    exact = {normalise(c.header): c for c in sheet.columns} | {normalise(".".join(c.path)): c for c in sheet.columns}
    return {name: found[0] for name, found in names.items() if len(set(found)) == 1} | exact


def field_of(sheet: Sheet, path: tuple[str, ...]) -> tuple[Any, bool, str]:
    """(annotation, required, description) of the field a column fills."""
    model, required, info = sheet.model, True, None
    for name in path:
        info = model.model_fields[name]
        required = required and info.is_required()
        model = next(iter(models_in(info.annotation)), model)
    assert info is not None
    return info.annotation, required, info.description or ""


def second_field(sheet: Sheet, column: Column) -> str:
    """For an ``id: text`` column, the name of the text's field (``reason``, ``statement``)."""
    if column.kind != "pairs":
        return ""
    inner = models_in(field_of(sheet, column.path)[0])[0]
    return next(name for name in inner.model_fields if name != "member")


def _write_how(sheet: Sheet, column: Column, annotation: Any) -> str:
    """How to fill a column's cells, in words."""
    values, second = ", ".join(choices(annotation)), second_field(sheet, column)
    how = {
        "date": "A date cell or text YYYY-MM-DD.",
        "int": "A whole number.",
        "number": "A number.",
        "bool": "true or false.",
        "list": f"Separated by commas, each one of: {values}." if values else "Ids separated by commas.",
        "pairs": f"`member-id: {second}`, separated by `;` or line breaks." if column.sep else "",
        "fields": "`field: audience` or `field: audience (reason)`, separated by `;` or line breaks, e.g. "
        "`rationale: internal (Personnel matter)`.",
    }.get(column.kind, f"One of: {values}." if values else "")
    if not column.sep:
        how = f"`member-id: {second}`, one per line." if column.kind == "pairs" else "One per line."
    if sheet.repeat and column.path == (sheet.repeat, "date"):
        how += " A further row with the same Id and only the History columns filled adds another entry."
    return how


def _reference_rows() -> list[list[str]]:
    rows = []
    for sheet in SHEETS:
        where = "board.members[]" if sheet.model is Member else f"{sheet.prefix[0]}[]"
        for column in sheet.columns:
            annotation, required, description = field_of(sheet, column.path)
            path = ".".join(column.path)
            if sheet.repeat and column.path[0] == sheet.repeat:
                path = path.replace(".", "[].", 1)
            what = " ".join(p for p in (_write_how(sheet, column, annotation), description) if p)
            rows.append([sheet.name, column.header, "yes" if required else "", f"{where}.{path}", what])
    return rows


def column_reference() -> str:
    """The column layout as a Markdown table, for docs/import.md."""
    lines = ["| sheet | column | required | becomes | what to write |", "|---|---|---|---|---|"]
    for sheet, column, required, path, what in _reference_rows():
        lines.append(f"| {sheet} | {column} | {required} | `{path}` | {what.replace('|', chr(92) + '|')} |")
    return "\n".join(lines) + "\n"


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        data = data.get(name) if isinstance(data, dict) else None
    return data


def _cell_value(sheet: Sheet, column: Column, value: Any, xlsx: bool) -> object:
    if value is None:
        return None
    if column.kind == "date":
        return date.fromisoformat(value) if xlsx else value
    if column.kind == "bool" and not xlsx:
        return "true" if value else "false"
    if column.kind == "list":
        return (", " if column.sep else "\n").join(value)
    if column.kind == "fields":
        return f"{column.sep} ".join(
            f"{name}: {setting['audience']} ({setting['reason']})"
            if isinstance(setting, dict) and setting.get("reason")
            else f"{name}: {setting['audience'] if isinstance(setting, dict) else setting}"
            for name, setting in value.items()
        )
    if column.kind == "pairs":
        second = second_field(sheet, column)
        return (f"{column.sep} " if column.sep else "\n").join(f"{e['member']}: {e[second]}" for e in value)
    return value


def template_rows(sheet: Sheet, items: list[dict[str, Any]], xlsx: bool) -> list[list[object]]:
    """A sheet's rows (the header first) holding ``items``, as ``reportgen init``'s templates hold them."""
    rows: list[list[object]] = [[c.header for c in sheet.columns]]
    for item in items:
        entries: list[dict[str, Any]] = (item.get(sheet.repeat) or [{}]) if sheet.repeat else [{}]
        for k, entry in enumerate(entries):
            row = []
            for column in sheet.columns:
                if sheet.repeat and column.path[0] == sheet.repeat:
                    value = _get(entry, column.path[1:])
                else:
                    value = _get(item, column.path) if k == 0 or column.path == ("id",) else None
                row.append(_cell_value(sheet, column, value, xlsx))
            rows.append(row)
    return rows


def _items(documents: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's items in ``documents`` (file -> its sections)."""
    found: dict[str, list[dict[str, Any]]] = {s.name: [] for s in SHEETS}
    for document in documents.values():
        found["Decisions"] += document.get("decisions") or []
        found["Red lines"] += document.get("red_lines") or []
        found["Members"] += _get(document, ("board", "members")) or []
    return found


def example_items(year: int) -> dict[str, list[dict[str, Any]]]:
    """Each sheet's example items in the templates ``reportgen init`` writes in ``year``."""
    return _items({rel: document for rel, (_, document) in examples(year).items()})


def write_templates(folder: Path, documents: dict[str, dict[str, Any]]) -> list[Path]:
    """Example spreadsheets (the layout ``import`` reads) holding the items of ``documents``."""
    found = _items(documents)
    written = []
    for sheet in SHEETS:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(template_rows(sheet, found[sheet.name], xlsx=False))
        path = folder / f"{sheet.name.lower().replace(' ', '-')}-template.csv"
        write_atomic(path, buffer.getvalue().encode("utf-8-sig"))
        written.append(path)
    try:
        importlib.import_module("openpyxl")
    except ImportError:  # pragma: no cover - openpyxl is a dependency; without it only the CSVs are written
        return written
    tables = [(s.name, template_rows(s, found[s.name], xlsx=True)) for s in SHEETS]
    path = folder / "decisions-template.xlsx"
    write_atomic(path, workbook_bytes(tables))
    written.append(path)
    return written


def workbook_bytes(tables: list[tuple[str, list[list[object]]]]) -> bytes:
    """An .xlsx workbook of these sheets (header row in bold, dates shown as YYYY-MM-DD) and the Read me
    sheet holding the column reference. Text is always text: ``=1+1`` stays those characters."""
    openpyxl = importlib.import_module("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    bold = openpyxl.styles.Font(bold=True)
    head = ["Sheet", "Column", "Required", "Becomes", "What to write"]
    reference: list[list[object]] = [[*row] for row in [head, *_reference_rows()]]
    for name, rows in [*tables, ("Read me", reference)]:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = bold
            sheet.column_dimensions[cell.column_letter].width = 60 if name == "Read me" and cell.column == 5 else 18
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str) and cell.data_type != "s":
                    cell.data_type = "s"  # not a formula
        sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
