"""Checklist files: reading one (YAML or JSON) into a validated :class:`Checklist`, every problem located
(:class:`ChecklistError`), and the checklists that ship with reportgen."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.errors import Finding, UsageError
from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.sections import LIST_SECTIONS
from ..inputs.locating import ParseFailure, locate
from ..inputs.parsing import locate_in, read_data
from ..schema import Checklist, ChecklistRequirement
from ..schema.base import PATTERN_ADVICE
from .messages import did_you_mean
from .paths import dotted

# Sections a requirement can be answered by, by name: the report's own text, the board, every list section.
ANSWERING_SECTIONS: tuple[str, ...] = ("report", "board", *LIST_SECTIONS, "glossary")
CHECKLIST_SUFFIXES = (".yaml", ".yml", ".json")
# Where a board keeps its own checklist files: a hidden folder is not read as report input.
CHECKLIST_FOLDER = ".reportgen/checklists"


class ChecklistError(UsageError):
    """A checklist file that cannot be read or is not a valid checklist; carries located findings."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.file = file
        self.findings = sorted(findings)
        super().__init__(f"{file}: not a valid checklist ({len(self.findings)} problem(s))")

    def render(self) -> str:
        lines = [f.format() for f in self.findings]
        lines.append(f"error: {self}; the format is described in docs/disclosures.md")
        return "\n".join(lines)

    def first(self) -> str:
        """The first problem, in one line without the file name: for a message about the file."""
        if not self.findings:
            return str(self)
        first = self.findings[0]
        where = f"line {first.line}, column {first.col}: " + (f"{first.path}: " if first.path else "")
        more = len(self.findings) - 1
        return where + first.message + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def read_checklist(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Checklist:
    """The checklist in a file's bytes (YAML or JSON), or :class:`ChecklistError` with every problem located."""
    try:
        document = read_data(data, file, file.lower().endswith(".json"), limits)
    except ParseFailure as failure:
        raise ChecklistError(file, failure.findings) from None
    tree = None

    def at(loc: tuple[str | int, ...]) -> tuple[int, int]:
        nonlocal tree
        if tree is None:
            tree = locate_in(data, file, limits)
        if tree is None:
            return 1, 1
        line, col, _ = locate(tree, loc)
        return line, col

    if not isinstance(document, dict):
        raise ChecklistError(
            file, [Finding(file, 1, 1, "", "a checklist file is a mapping: id, name, ... requirements")]
        )
    try:
        checklist = Checklist.model_validate(document)
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            where, message = _checklist_message(error)
            line, col = at(where)
            findings.append(Finding(file, line, col, dotted(tuple(error["loc"]), document), message, code="checklist"))
        raise ChecklistError(file, findings) from None
    findings = []
    seen: dict[str, int] = {}
    for k, requirement in enumerate(checklist.requirements):
        loc: tuple[str | int, ...] = ("requirements", k, "id")
        if requirement.id in seen:
            line, col = at(loc)
            message = f"requirement id '{requirement.id}' is used twice (also by requirements[{seen[requirement.id]}])"
            findings.append(Finding(file, line, col, dotted(loc), message, code="checklist"))
        seen.setdefault(requirement.id, k)
        for h, hint in enumerate(requirement.hints):
            if hint not in ANSWERING_SECTIONS:
                hint_loc: tuple[str | int, ...] = ("requirements", k, "hints", h)
                line, col = at(hint_loc)
                path = dotted(hint_loc, document)
                findings.append(Finding(file, line, col, path, not_a_section(hint), code="checklist"))
    if findings:
        raise ChecklistError(file, findings)
    return checklist


def _checklist_message(error: Any) -> tuple[tuple[str | int, ...], str]:
    """Where to point and what to say for one pydantic error in a checklist file."""
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        return loc[:-1], f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        model = ChecklistRequirement if "requirements" in loc else Checklist
        allowed = sorted(model.model_fields)
        hint = did_you_mean(name, allowed) or f"; allowed here: {', '.join(allowed)}"
        return (*loc[:-1], "@key", name), f"unknown field '{name}'{hint}"
    if kind == "string_pattern_mismatch":
        advice = PATTERN_ADVICE.get(str((error.get("ctx") or {}).get("pattern")))
        if advice:
            return loc, f"'{error.get('input')}' is not {advice[0]}: {advice[1]}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return loc, message[:1].lower() + message[1:]


@functools.cache
def shipped_checklists() -> dict[str, Checklist]:
    """The checklists that ship with reportgen (``reportgen/schema/checklists/*.yaml``), by id."""
    folder = files("reportgen.schema").joinpath("checklists")
    found: dict[str, Checklist] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(CHECKLIST_SUFFIXES):
            checklist = read_checklist(entry.read_bytes(), f"reportgen/schema/checklists/{entry.name}")
            found[checklist.id] = checklist
    return found


def checklist_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Checklist:
    """The checklist in ``path`` (``reportgen check --checklist FILE``); :class:`ChecklistError` if it is not one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the checklist: {exc.strerror or exc}") from None
    return read_checklist(data, str(path), limits)


def not_a_section(name: str) -> str:
    hint = did_you_mean(name, list(ANSWERING_SECTIONS)) or f"; sections are: {', '.join(ANSWERING_SECTIONS)}"
    return f"'{name}' is not a section of a report{hint}"
