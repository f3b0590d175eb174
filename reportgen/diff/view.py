"""The display form of a diff, shared by ``diff --format html|pdf`` and a report's "Changes" section."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import labels as L
from .engine import (
    NEWLY_WITHHELD,
    WITHHELD_HERE,
    FieldRef,
    ItemChange,
    ReportDiff,
    SectionDiff,
)
from .output import summary_counts, value_text
from .summary import SideFacts, VerdictRow, explanation, verdict_rows, withheld_line
from .values import FieldChange, list_edit

# The summary's counts in words: (singular, plural).
SUMMARY_LABELS: dict[str, tuple[str, str]] = {
    "added": ("added", "added"),
    "removed": ("removed", "removed"),
    "changed": ("changed", "changed"),
    "weakened": ("red line weakened", "red lines weakened"),
    "unexplained": ("weakening unexplained", "weakenings unexplained"),
    "vanished_decisions": ("decision vanished", "decisions vanished"),
    "newly_withheld": ("newly withheld", "newly withheld"),
    "newly_withheld_details": ("detail newly withheld", "details newly withheld"),
    "withheld": ("withheld in this edition", "withheld in this edition"),
    "withheld_details": ("detail withheld in this edition", "details withheld in this edition"),
}
CLASS_LABELS = {
    "weakened": "Weakened",
    "strengthened": "Strengthened",
    "clarified": "Clarified",
    "retired": "Retired",
    "mixed": "Weakened and strengthened",
    "commitment unchanged": "Commitment unchanged",
    "changed": "Changed",
}


@dataclass(frozen=True)
class DiffField:
    path: str
    label: str
    old: str
    new: str
    words: list[tuple[str, str]] | None


@dataclass(frozen=True)
class DiffEntry:
    sign: str  # "added", "removed" or "changed"
    id: str
    title: str
    badge: str = ""
    badge_code: str = ""
    flags: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    fields: list[DiffField] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)  # the board's history entries behind a verdict


@dataclass(frozen=True)
class DiffSectionView:
    title: str
    summary: str
    entries: list[DiffEntry]


@dataclass(frozen=True)
class MemoHeader:
    """What makes a redline attachable to an auditor's memo: what was compared, when, by what, and the verdict."""

    sides: list[tuple[str, SideFacts]]  # ("Earlier", facts), ("Later", facts)
    compared_on: str
    tool: str
    fail_on: str
    verdict: str  # e.g. "fails --fail-on weakening: 2 red lines weakened, 1 unexplained"
    withheld: str
    red_lines: list[VerdictRow]


@dataclass(frozen=True)
class DiffView:
    title: str
    old_label: str
    new_label: str
    old_period: str
    new_period: str
    summary: list[tuple[str, str]]
    report_fields: list[DiffField]
    sections: list[DiffSectionView]
    empty: bool
    show_paths: bool
    memo: MemoHeader | None = None  # the auditor's document only; a report's own chapter has none


_SEGMENT = re.compile(r"\[([^\]]*)\]|([^.\[]+)")
_WORDS = {"tlp": "TLP", "url": "URL", "id": "Id"}


def path_label(path: str) -> str:
    """A field's path in words for a reader who does not write YAML:
    ``tiers[Tier 1].models`` -> "Tiers › Tier 1 › Models", ``review.last_reviewed`` -> "Review › Last reviewed"."""
    parts = []
    for key, name in _SEGMENT.findall(path):
        if name:
            words = " ".join(_WORDS.get(word, word) for word in name.split("_"))
            parts.append(words[:1].upper() + words[1:])
        else:
            parts.append(key)
    return " › ".join(parts) or path


def _field(change: FieldChange) -> DiffField:
    label = path_label(change.path)
    if isinstance(change.old, list) or isinstance(change.new, list):
        removed, added = list_edit(change.old, change.new)
        if not removed and not added:  # a list of records: the whole lists
            return DiffField(change.path, label, value_text(change.old), value_text(change.new), None)
        return DiffField(
            change.path,
            label,
            f"removed: {value_text(removed)}" if removed else "",
            f"added: {value_text(added)}" if added else "",
            None,
        )
    return DiffField(change.path, label, value_text(change.old), value_text(change.new), _apart(change.words))


def _apart(words: list[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
    """The word runs with a space between a deletion and the insertion right after it: struck-through
    "eight" and underlined "ten" read apart, and the PDF's text layer (and a screen reader) gets "eight
    ten" rather than "eightten"."""
    if words is None:
        return None
    shown: list[tuple[str, str]] = []
    for op, text in words:
        if (
            shown
            and op == "insert"
            and shown[-1][0] == "delete"
            and not (shown[-1][1][-1:].isspace() or text[:1].isspace())
        ):
            shown.append(("equal", " "))
        shown.append((op, text))
    return shown


def _entry(change: ItemChange, section: str) -> DiffEntry:
    flags = []
    if change.unexplained:
        flags.append(f"Unexplained: {change.unexplained_reason or 'no history entry gives a reason'}")
    if change.audience_change:
        flags.append(change.audience_change.capitalize())
    if change.mislabelled:
        flags.append(f"Mislabelled: {change.mislabelled}")
    if change.lineage:
        flags.append(f"{change.lineage.capitalize()} {change.renamed_from}")
    elif change.renamed_from:
        flags.append(f"Id was {change.renamed_from}")
    is_red_line = section == "red_lines"
    return DiffEntry(
        sign="changed",
        id=change.id,
        title=_title(change.title, section),
        badge=CLASS_LABELS.get(change.classification, change.classification) if is_red_line else "",
        badge_code=change.classification.replace(" ", "-") if is_red_line else "",
        flags=flags,
        rules=[f"{hit.detail} ({hit.effect})" for hit in change.rules if hit.effect != "clarified"],
        fields=[_field(f) for f in change.fields],
        explanations=[explanation(e) for e in change.explanations],
    )


def _title(title: str, section: str) -> str:
    """An item's title, or what it is when nothing but its id names it."""
    return title or L.ITEM_LABELS.get(section, section).capitalize()


def _withheld_entry(w: FieldRef, section: str) -> DiffEntry:
    what = f"{_title(w.title, section)}: {w.field.replace('_', ' ')}"
    if w.flag == NEWLY_WITHHELD:
        return DiffEntry("removed", w.id, what, flags=["Newly withheld", f"{w.audience.capitalize()} only"])
    if w.flag == WITHHELD_HERE:
        return DiffEntry("removed", w.id, what, flags=[w.flag.capitalize()])
    return DiffEntry("added", w.id, what, flags=[f"{w.audience.capitalize()} only"])


def _section(section: SectionDiff) -> DiffSectionView:
    title = L.SECTION_LABELS.get(section.section, section.section)
    if section.summarised:
        return DiffSectionView(
            title,
            f"{L.plural(section.new_count, 'item')} this period, {section.old_count} in the earlier one; "
            "each period's items are listed in its own report.",
            [],
        )
    entries = [
        DiffEntry(
            "added",
            r.id,
            _title(r.title, section.section),
            flags=[f"{r.audience.capitalize()} only"] if r.audience != "public" else [],
        )
        for r in section.added
    ]
    entries += [
        DiffEntry("removed", r.id, _title(r.title, section.section), flags=[r.flag.capitalize()] if r.flag else [])
        for r in section.removed
    ]
    entries += [_withheld_entry(w, section.section) for w in section.withheld_fields]
    entries += [_entry(c, section.section) for c in section.changed]
    return DiffSectionView(title, "", entries)


def build_diff_view(
    diff: ReportDiff, title: str = "Changes between two versions of the report", *, in_report: bool = False
) -> DiffView:
    """The diff for display. The auditor's document gives each field's exact path under its label; a
    report's own "Changes" chapter leaves the paths out, and the counts of what one edition withholds
    against another (its two sides are the same edition, so they would always read 0)."""
    counts = summary_counts(diff)
    shown = [k for k in SUMMARY_LABELS if not (in_report and k in ("withheld", "withheld_details"))]
    return DiffView(
        title=title,
        old_label=diff.old_label,
        new_label=diff.new_label,
        old_period=diff.old_period,
        new_period=diff.new_period,
        summary=[(str(counts[k]), SUMMARY_LABELS[k][0 if counts[k] == 1 else 1]) for k in shown],
        report_fields=[_field(f) for f in diff.report_fields],
        sections=[_section(s) for s in diff.sections if not s.empty],
        empty=diff.empty,
        show_paths=not in_report,
    )


def memo_header(
    diff: ReportDiff, old: SideFacts, new: SideFacts, compared_on: str, tool: str, fail_on: str, fails: bool
) -> MemoHeader:
    """The header block of an auditor's redline."""
    counts = summary_counts(diff)
    found = ", ".join(
        f"{counts[k]} {SUMMARY_LABELS[k][0 if counts[k] == 1 else 1]}" for k in ("weakened", "unexplained") if counts[k]
    )
    verdict = f"{'fails' if fails else 'passes'} --fail-on {fail_on}" + (f": {found}" if found else "")
    return MemoHeader(
        sides=[("Earlier", old), ("Later", new)],
        compared_on=compared_on,
        tool=tool,
        fail_on=fail_on,
        verdict=verdict,
        withheld=withheld_line(old, new),
        red_lines=verdict_rows(diff),
    )
