"""The previous report a report names (``report.previous_report``), behind its "Changes since the last
report" chapter: read once per build, then shown to each edition as that edition may see it.

An edition lists it among its inputs by the sha256 of what the chapter compares with, the previous
report filtered to the same edition: a function of what the edition may print, never of what the
earlier year withheld from it.
"""

from __future__ import annotations

from markupsafe import Markup

from ..checks.validate import Validated
from ..core.errors import BuildError, ReportgenError
from ..core.verdicts import LineVerdict
from ..diff.document import changes_chapter
from ..diff.engine import PlaceholderKey, diff_reports
from ..diff.sides import load_side
from ..editions.canonical import canonical_json
from ..editions.filtering import filter_report, placeholder_keys
from ..inputs.discovery import SourceFile, sha256
from ..render.theme import Theme
from ..schema import Report

PREVIOUS_REPORT = "(previous report)"


def load_previous(validated: Validated) -> Report | None:
    """The previous report in full, or ``None`` when report.yaml names none."""
    path = validated.report.report.previous_report
    if not path:
        return None
    try:
        return load_side((validated.inputs.root / path).resolve(), validated.inputs.limits).report
    except ReportgenError as exc:
        raise BuildError(f"report.previous_report: cannot read {path}:\n{exc.render()}") from None


def as_shown(previous: Report, edition: str) -> tuple[Report, list[PlaceholderKey]]:
    """The previous report as ``edition`` may see it (its own withheld items and fields left out), and
    the placeholders of the items it withheld."""
    shown, withheld = filter_report(previous, edition, secret=b"")
    return shown, [PlaceholderKey(section, day) for section, day in placeholder_keys(withheld)]


def previous_entry(validated: Validated, shown: Report) -> SourceFile:
    """The previous report's line in an edition's list of inputs."""
    return SourceFile(f"{PREVIOUS_REPORT} {validated.report.report.previous_report}", sha256(canonical_json(shown)), -1)


def changes_since(
    earlier: tuple[Report, list[PlaceholderKey]], report: Report, placeholders: list[PlaceholderKey], theme: Theme
) -> tuple[Markup, dict[str, LineVerdict]]:
    """The chapter, and each red line's verdict for the rest of the report to show: the previous report
    against this one, both as the edition shows them, each with its placeholders, so that an item this
    edition withholds is "newly withheld", not removed (and one the earlier edition already withheld does
    not use up a placeholder)."""
    shown, withheld_before = earlier
    titles = (shown.report.title, report.report.title)
    diff = diff_reports(shown, report, *titles, old_withheld=withheld_before, new_withheld=placeholders)
    return changes_chapter(diff, theme), diff.red_line_verdicts()
