"""Find a report's input files, read them, and merge them into one document with provenance.

Every file is a mapping of top-level sections (``report``, ``board``, ``decisions``, ...). List sections
may be split over several files (one file per decision in ``decisions/`` works); mapping sections are
defined once. The merged document keeps, for every list item, the file and position it came from, so a
finding about ``decisions[412]`` can be placed at ``decisions/2026-03-14.yaml:12:5``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Finding
from ..core.limits import Limits
from .discovery import SourceFile, find_input_files, misnamed, scan_input_files
from .locating import Node, locate
from .parsing import locate_in
from .reading import Reading

__all__ = ["Inputs", "Reading", "begin_loading", "load_inputs", "start_reading"]
from ..core.sections import ALL_SECTIONS, LIST_SECTIONS


@dataclass
class Inputs:
    """The merged document of one report folder, with where each part came from."""

    root: Path
    files: list[SourceFile]
    data: dict[str, object]
    findings: list[Finding]
    limits: Limits
    # section -> file (mapping sections) or list of (file, index in that file) per merged item
    origin: dict[str, str] = field(default_factory=dict)
    item_origin: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    _trees: dict[str, Node | None] = field(default_factory=dict)
    _scalars: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)

    def where(self, loc: tuple[str | int, ...]) -> tuple[str, int, int]:
        """``file, line, col`` of a path in the merged document (looked up only when reporting)."""
        if not loc:
            return self._first_file(), 1, 1
        section = loc[0]
        rest = loc[1:]
        if isinstance(section, str) and section in self.item_origin and rest and isinstance(rest[0], int):
            items = self.item_origin[section]
            if rest[0] < len(items):
                file, index = items[rest[0]]
                return self._locate(file, (section, index, *rest[1:]))
        if isinstance(section, str) and section in self.origin:
            return self._locate(self.origin[section], loc)
        if section == "@key" and len(loc) > 1 and loc[1] in self.origin:
            return self._locate(self.origin[str(loc[1])], loc)
        return self._first_file(), 1, 1

    def raw(self, loc: tuple[str | int, ...]) -> str | None:
        """A scalar as written in its file (looked up only for messages)."""
        file, line, col = self.where(loc)
        tree = self._trees.get(file)
        if tree is None:
            return None
        if file not in self._scalars:  # one index per file: many findings stay linear
            self._scalars[file] = _scalars_by_position(tree)
        return self._scalars[file].get((line, col))

    def _first_file(self) -> str:
        names = [f.rel for f in self.files]
        return "report.yaml" if "report.yaml" in names or not names else names[0]

    def _locate(self, file: str, path: tuple[str | int, ...]) -> tuple[str, int, int]:
        if file not in self._trees:
            self._trees[file] = locate_in((self.root / file).read_bytes(), file, self.limits)
        tree = self._trees[file]
        if tree is None:
            return file, 1, 1
        line, col, _ = locate(tree, path)
        return file, line, col


def _scalars_by_position(tree: Node) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.kind == "scalar":
            found[(node.line, node.col)] = node.raw
        stack.extend(v for _, v in node.entries.values())
        stack.extend(node.children)
    return found


def begin_loading(root: Path, limits: Limits) -> Reading:
    """Start reading a report folder's files (on another core when there is much to read)."""
    return Reading(root, find_input_files(root, limits), limits)


def start_reading(root: Path, limits: Limits) -> tuple[Reading, list[Finding]]:
    """:func:`begin_loading`, with a warning for each file that looks like an input but is not read
    (``decisions/D-7.yaml.txt``, as Notepad saves it): without one, its decision would just be missing."""
    files, wrong_names = scan_input_files(root, limits)
    findings = []
    for path in wrong_names:
        rel = path.relative_to(root).as_posix()
        meant = misnamed(path.name)
        only = "this file is not read: only .yaml, .yml and .json files are inputs"
        if path.with_name(str(meant)).exists():
            advice = f"; {meant} next to it is read (delete this copy if it is an old one)"
        else:
            advice = f"; rename it to {meant}"
        findings.append(Finding(rel, 1, 1, "", only + advice, "warning", code="not-read"))
    return Reading(root, files, limits), findings


def load_inputs(root: Path, limits: Limits, reading: Reading | None = None) -> Inputs:
    """Read and merge every input file of a report folder. Unreadable files become findings."""
    reads = (reading or begin_loading(root, limits)).finish()
    inputs = Inputs(root=root, files=[], data={}, findings=[], limits=limits)
    empty: list[str] = []
    for read in reads:
        inputs.files.append(read.source)
        inputs.findings.extend(read.findings)
        if any(f.severity == "error" for f in read.findings):
            continue
        if read.document is None:
            empty.append(read.source.rel)
        _merge(inputs, read.source.rel, read.document)
    _check_item_count(inputs)
    inputs.findings.extend(_empty_file(inputs, rel) for rel in empty)
    return inputs


def _empty_file(inputs: Inputs, rel: str) -> Finding:
    """A warning for a file with nothing in it (or only comments): a section emptied this way is silently
    "Not reported". The section is guessed from the file's name or folder (incidents.yaml, decisions/)."""
    guess = rel.split("/")[0].rsplit(".", 1)[0].lower().replace("-", "_")
    if guess in LIST_SECTIONS and guess not in inputs.data:
        message = (
            f"this file is empty: {guess} is published as 'Not reported'; to say there were none write "
            f'{guess}: {{none_this_year: "..."}}'
        )
    else:
        message = "this file is empty (or holds only comments): it adds nothing to the report; fill it in or delete it"
    return Finding(rel, 1, 1, "", message, "warning", code="empty-file")


def _merge(inputs: Inputs, rel: str, document: object) -> None:
    if document is None:
        return  # an empty file (or only comments) contributes nothing
    if not isinstance(document, dict):
        inputs.findings.append(
            Finding(rel, 1, 1, "", "a report file must be a mapping of sections such as 'decisions:'")
        )
        return
    for section, value in document.items():
        if section not in ALL_SECTIONS:
            if rel not in inputs._trees:
                inputs._trees[rel] = locate_in((inputs.root / rel).read_bytes(), rel, inputs.limits)
            tree = inputs._trees[rel]
            line, col, _ = locate(tree, ("@key", section)) if tree else (1, 1, False)
            close = difflib.get_close_matches(section, ALL_SECTIONS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; sections are: {', '.join(ALL_SECTIONS)}"
            inputs.findings.append(Finding(rel, line, col, section, f"unknown section '{section}'{hint}", code="extra"))
            continue
        if value is None and section in LIST_SECTIONS:
            inputs.findings.append(_no_value(inputs, rel, section))
        if (section in LIST_SECTIONS or section == "glossary") and isinstance(value, list):
            existing = inputs.data.get(section)
            if isinstance(existing, dict):
                _conflict(inputs, rel, section)
                continue
            merged = existing if isinstance(existing, list) else []
            origins = inputs.item_origin.setdefault(section, [])
            origins.extend((rel, i) for i in range(len(value)))
            merged.extend(value)
            inputs.data[section] = merged
            inputs.origin.setdefault(section, rel)
            continue
        if section in inputs.data:
            _conflict(inputs, rel, section)
            continue
        inputs.data[section] = value
        inputs.origin[section] = rel


def _no_value(inputs: Inputs, rel: str, section: str) -> Finding:
    """``incidents:`` with nothing after it reads as "not reported", which is seldom what was meant."""
    tree = locate_in((inputs.root / rel).read_bytes(), rel, inputs.limits)
    line, col, _ = locate(tree, ("@key", section)) if tree else (1, 1, False)
    message = (
        f"{section} has no value, so it is published as 'Not reported'; to say there were none write "
        f'{section}: {{none_this_year: "..."}}, or remove the line'
    )
    return Finding(rel, line, col, section, message, "warning", code="no-value")


def _conflict(inputs: Inputs, rel: str, section: str) -> None:
    tree = locate_in((inputs.root / rel).read_bytes(), rel, inputs.limits)
    line, col, _ = locate(tree, ("@key", section)) if tree else (1, 1, False)
    first = inputs.origin.get(section, "another file")
    inputs.findings.append(
        Finding(
            rel,
            line,
            col,
            section,
            f"section '{section}' is already defined in {first}; define it once "
            "(only lists of items may be split over several files)",
            code="duplicate-section",
        )
    )


def _check_item_count(inputs: Inputs) -> None:
    for section, origins in inputs.item_origin.items():
        if len(origins) > inputs.limits.max_items:
            file, _ = origins[inputs.limits.max_items]
            inputs.findings.append(
                Finding(
                    file,
                    1,
                    1,
                    section,
                    f"more than {inputs.limits.max_items:,} items (raise it with --limit max_items=N)",
                    code="size",
                )
            )
