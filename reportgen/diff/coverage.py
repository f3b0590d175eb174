"""Disclosure coverage between two versions of a report: which requirements of the checklists the reports
answer lost their answer, which gained one, and which checklists the new report stopped answering.

A requirement answered last year (in full, in part, or in a narrower edition) and omitted or missing this
year is a finding, as is one answered in full that is now only partial, and a checklist the old report
answered that the new one no longer names. Everything is plain data (:class:`CoverageDiff`), with the
lines the text output prints (:meth:`CoverageDiff.lines`) and the JSON (:meth:`CoverageDiff.to_json`).

Both sides are compared as the internal edition sees them: a side read from a built edition carries
references it withholds as ``withheld``, which read as answered in a narrower edition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..checks.disclosures import ChecklistCoverage, RequirementCoverage, Resolved, coverage, resolve_checklists
from ..schema import Checklist, Report

# Statuses that count as an answer (a restricted one is answered in a narrower edition).
ANSWERED = frozenset({"answered", "partial", "restricted"})
NOT_ANSWERED = frozenset({"omitted", "missing"})


@dataclass(frozen=True)
class CoverageChange:
    """One requirement whose status (or omission reason) differs between the two reports."""

    checklist: str
    requirement: str
    title: str
    old_status: str
    new_status: str
    finding: bool  # the new report answers it less: see the module's docstring
    detail: str = ""  # the new side's omission reason and text, or what its partial answer misses

    def line(self) -> str:
        mark = "!" if self.finding else ("+" if self.new_status in ANSWERED else "~")
        detail = f" ({self.detail})" if self.detail else ""
        return (
            f"  {mark} {self.checklist} {self.requirement} {self.title}: {self.old_status} -> {self.new_status}{detail}"
        )


@dataclass(frozen=True)
class CoverageDiff:
    """What changed in the disclosure index between two reports."""

    changes: tuple[CoverageChange, ...] = ()
    dropped: tuple[str, ...] = ()  # checklists the old report answered and the new one no longer names: findings
    added: tuple[str, ...] = ()  # checklists the new report names for the first time
    unavailable: tuple[str, ...] = ()  # checklist files a side names that could not be read (no folder at hand)

    @property
    def findings(self) -> int:
        """How many changes answer less than before: what ``diff --fail-on weakening`` would count."""
        return sum(1 for c in self.changes if c.finding) + len(self.dropped)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.dropped or self.added)

    def lines(self) -> list[str]:
        """The text output: a heading and one line per change, findings marked ``!``; none when empty."""
        if self.empty and not self.unavailable:
            return []
        out = ["Disclosures:"]
        out += [
            f"  ! checklist {name}: answered last time, no longer named in report.checklists" for name in self.dropped
        ]
        out += [f"  + checklist {name}: newly answered" for name in self.added]
        out += [change.line() for change in self.changes]
        out += [f"  ? checklist {name}: not compared (the file is not at hand)" for name in self.unavailable]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "findings": self.findings,
            "changes": [asdict(c) for c in self.changes],
            "dropped": list(self.dropped),
            "added": list(self.added),
            "unavailable": list(self.unavailable),
        }


def _detail(row: RequirementCoverage) -> str:
    if row.status == "omitted":
        return f"{row.omitted}: {row.explanation}"
    if row.partial and row.status in ("partial", "restricted"):
        return f"missing: {row.partial}"
    return ""


def _change(checklist: str, old: RequirementCoverage, new: RequirementCoverage) -> CoverageChange | None:
    same_reason = (old.omitted, old.explanation) == (new.omitted, new.explanation)
    if old.status == new.status and same_reason:
        return None
    finding = (old.status in ANSWERED and new.status in NOT_ANSWERED) or (
        old.status == "answered" and new.status == "partial"
    )
    return CoverageChange(checklist, new.id, new.title, old.status, new.status, finding, _detail(new))


def compare_coverage(old: Iterable[ChecklistCoverage], new: Iterable[ChecklistCoverage]) -> list[CoverageChange]:
    """The requirement-level changes between two coverages of the same checklists (matched by id, and their
    requirements by id; a checklist or requirement on one side only is left out)."""
    old_by_id = {c.id: c for c in old}
    changes = []
    for checklist in new:
        before = old_by_id.get(checklist.id)
        if before is None:
            continue
        rows = {r.id: r for r in before.requirements}
        for row in checklist.requirements:
            if row.id in rows:
                change = _change(checklist.id, rows[row.id], row)
                if change is not None:
                    changes.append(change)
    return changes


def coverage_diff(
    old: Report,
    new: Report,
    *,
    old_root: Path | None = None,
    new_root: Path | None = None,
    extra: Iterable[Checklist] = (),
) -> CoverageDiff:
    """The disclosure findings between two reports. ``old_root`` and ``new_root`` are the report folders
    (when a side is one), where checklist files named by path are read; ``extra`` are further checklists by
    id (``--checklist``). Both sides are read as the internal edition."""
    given = list(extra)
    old_found = resolve_checklists(old, old_root, given)
    new_found = resolve_checklists(new, new_root, given)
    # A checklist is compared with the one definition both sides share: the new side's when both have it.
    shared = [new_found.checklists[i] for i in new_found.checklists if i in old_found.checklists]
    before = coverage(old, shared, "internal").checklists
    after = coverage(new, shared, "internal").checklists
    unavailable = sorted({*old_found.unavailable, *new_found.unavailable})
    new_names = set(new.report.checklists)  # a file the new side names but could not read is not dropped
    return CoverageDiff(
        changes=tuple(compare_coverage(before, after)),
        dropped=tuple(
            i
            for i in old_found.checklists
            if i not in new_found.checklists and _name(old, old_found, i) not in new_names
        ),
        added=tuple(i for i in new_found.checklists if i not in old_found.checklists),
        unavailable=tuple(unavailable),
    )


def _name(report: Report, found: Resolved, checklist_id: str) -> str:
    """How ``report.checklists`` names a checklist it resolved to ``checklist_id`` (an id or a file's path)."""
    loc = found.locations[checklist_id]
    index = loc[-1]
    return report.report.checklists[index] if isinstance(index, int) else checklist_id
