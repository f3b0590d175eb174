"""Comparing two sides (folders, input files, PDFs, HTML editions) and judging the result for ``--fail-on``.

Exit status: 0 when nothing the ``--fail-on`` level counts changed, 1 when something did, 2 when the
two versions could not be compared (a side is missing, unreadable or not a valid report: its
findings go to stderr, and with ``--format json`` a JSON document saying so goes to stdout).

The ``--fail-on`` levels nest, each failing on everything the next one fails on:
``unexplained`` ⊆ ``weakening`` ⊆ ``any`` (see :data:`~reportgen.diff.levels.FAIL_ON_HELP`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.errors import ExitCode, InvalidReport, UsageError
from ..core.limits import Limits
from ..editions.canonical import canonical_json
from ..inputs.discovery import sha256
from .coverage import coverage_diff
from .engine import Count, ReportDiff, diff_reports
from .levels import FAIL_ON_HELP
from .output import JSON_FORMAT
from .sides import Side, load_side
from .summary import SideFacts, cite_decisions, side_facts


class CouldNotCompare(UsageError):
    """A side is not a valid report: exit 2 ("could not compare"), its findings on stderr."""

    exit_code = ExitCode.USAGE

    def __init__(self, problems: list[tuple[str, InvalidReport]]) -> None:
        self.problems = problems
        super().__init__("could not compare: " + "; ".join(f"{label} is not a valid report" for label, _ in problems))

    def render(self) -> str:
        lines = [error.render() for _, error in self.problems]
        lines.append(f"error: {self}")
        return "\n".join(lines)

    def to_json(self) -> str:
        payload = {
            "format": JSON_FORMAT,
            "compared": False,
            "error": str(self),
            "invalid": [
                {"source": label, "findings": [f.to_json() for f in error.findings]} for label, error in self.problems
            ],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)


def _load(target: Path, limits: Limits) -> Side:
    """One side; an invalid report's findings name their files under the side's path."""
    try:
        return load_side(target, limits)
    except InvalidReport as error:
        where = target if target.is_dir() else None
        findings = [replace(f, file=str(where / f.file) if where else str(target)) for f in error.findings]
        raise InvalidReport(findings, strict=error.strict) from None


@dataclass(frozen=True)
class Comparison:
    """A diff and the two sides as an auditor's memo names them."""

    diff: ReportDiff
    old: SideFacts
    new: SideFacts


def compare(old: Path, new: Path, limits: Limits) -> ReportDiff:
    """The diff of two sides; :class:`CouldNotCompare` (exit 2) when either is not a valid report."""
    return compare_sides(old, new, limits).diff


def compare_sides(old: Path, new: Path, limits: Limits) -> Comparison:
    """The diff of two sides with their facts (path, SHA-256, edition, period, what each withholds), each
    explanation citing its deciding decision; :class:`CouldNotCompare` when either is not a valid report."""
    sides: list[Side] = []
    problems: list[tuple[str, InvalidReport]] = []
    for target in (old, new):
        try:
            sides.append(_load(target, limits))
        except InvalidReport as error:
            problems.append((str(target), error))
    if problems:
        raise CouldNotCompare(problems)
    old_side, new_side = sides
    diff = diff_reports(
        old_side.report,
        new_side.report,
        old_side.label,
        new_side.label,
        old_withheld=old_side.withheld,
        new_withheld=new_side.withheld,
    )
    cite_decisions(diff, new_side.report)
    diff.disclosures = coverage_diff(
        old_side.report,
        new_side.report,
        old_root=old if old.is_dir() else None,
        new_root=new if new.is_dir() else None,
    )
    return Comparison(diff, _facts(old, old_side), _facts(new, new_side))


def _facts(target: Path, side: Side) -> SideFacts:
    if target.is_file():
        return side_facts(str(target), sha256(target.read_bytes()), "file", side.report, side.build_record)
    return side_facts(str(target), sha256(canonical_json(side.report)), "data", side.report, side.build_record)


def failing(result: ReportDiff, fail_on: str) -> bool:
    """Whether ``result`` has what ``fail_on`` counts (:data:`~reportgen.diff.levels.FAIL_ON_HELP`); the levels
    nest. An unknown level raises ``ValueError`` rather than passing silently."""
    if fail_on not in FAIL_ON_HELP:
        raise ValueError(f"unknown --fail-on level {fail_on!r}; one of: {', '.join(FAIL_ON_HELP)}")
    unexplained = result.count(Count.UNEXPLAINED) > 0
    if fail_on == "unexplained":
        return unexplained
    coverage_lost = result.disclosures is not None and result.disclosures.findings > 0
    if fail_on == "weakening":
        kinds = (Count.WEAKENED, Count.VANISHED, Count.NEWLY_WITHHELD, Count.NEWLY_WITHHELD_DETAILS)
        return unexplained or coverage_lost or any(result.count(kind) > 0 for kind in kinds)
    return not result.empty


def diff_exit_code(result: ReportDiff, fail_on: str) -> int:
    """Like diff(1): 0 no (relevant) differences, 1 differences; trouble (2) is raised as an error."""
    return int(ExitCode.INVALID if failing(result, fail_on) else ExitCode.OK)
