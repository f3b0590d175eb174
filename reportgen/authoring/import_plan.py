"""What ``reportgen import`` writes: each imported item merged into the file that holds it (fields no
column holds and values that mean the same kept as written), and the new text of each file that changes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.errors import InvalidReport, UsageError
from ..core.problems import Loc
from ..schema import Decision, RedLine
from .folder import Folder
from .import_cells import clean_text
from .import_rows import Record
from .jsonschema import schema_text
from .scaffold import SCHEMA_FILE, dump_yaml, schema_line
from .sheets import Sheet
from .yamlpatch import patched_text, same

_SCHEMA_LINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


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
    if isinstance(old, str) and isinstance(new, str) and clean_text(old) == new:
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

    def decisions(self, label: str, sheet: Sheet, records: list[Record]) -> None:
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

    def red_lines(self, label: str, sheet: Sheet, records: list[Record], rows: str) -> None:
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

    def members(self, label: str, sheet: Sheet, records: list[Record], rows: str) -> None:
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


def planned_files(
    into: Path, folder: Folder, tables: list[tuple[str, Sheet, list[Record]]]
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
