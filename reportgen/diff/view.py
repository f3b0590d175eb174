"""The display form of a diff, shared by ``diff --format html|pdf`` and a report's "Changes" section."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from ..core import labels as L
from .engine import (
    NEWLY_WITHHELD,
    WITHHELD_HERE,
    FieldRef,
    ItemChange,
    ReportDiff,
    SectionDiff,
)
from .marked import marked_prose, prose
from .names import Names
from .output import record_text, summary_counts, value_text
from .paragraphs import Paragraph, is_rewrite, paragraph_redline
from .summary import SideFacts, VerdictRow, explanation, verdict_rows, withheld_line
from .values import FieldChange, list_edit
from .wording import day_words, path_words, scalar_words, value_words

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
    "commitment unchanged": "Reworded, commitment unchanged",
    "changed": "Changed",
}


NOTHING = Markup("")


@dataclass(frozen=True)
class ParagraphView:
    """One paragraph of a long text's redline (see :class:`~reportgen.diff.paragraphs.Paragraph`)."""

    kind: str  # unchanged, folded, edited, removed, added, rewritten
    html: Markup = NOTHING  # rewritten: the earlier paragraph
    after: Markup = NOTHING  # rewritten: the later paragraph
    note: str = ""  # folded: "unchanged, 84 words"


# A red line's verdict in the memo's table, in the report's words.
VERDICT_WORDS = {**L.VERDICT_LABELS, **CLASS_LABELS, "removed without being retired": "Removed without being retired"}


@dataclass(frozen=True)
class DiffField:
    path: str
    label: str
    old: str
    new: str
    words: list[tuple[str, str]] | None
    # How the change is laid out: "inline" (one text, word by word: ``marked``), "sides" (before beside after:
    # ``old_html``, ``new_html``) or "paragraphs" (a long text paragraph by paragraph: ``paragraphs``).
    layout: str = "sides"
    marked: Markup = NOTHING
    old_html: Markup = NOTHING
    new_html: Markup = NOTHING
    paragraphs: list[ParagraphView] = field(default_factory=list)


@dataclass(frozen=True)
class FieldGroup:
    """Fields shown together: a run of short values in one table ("table": Field | Before | After), or one
    text changed word by word or paragraph by paragraph ("block", headed by its label, no columns)."""

    kind: str
    fields: list[DiffField]


def field_groups(fields: list[DiffField]) -> list[FieldGroup]:
    groups: list[FieldGroup] = []
    for shown in fields:
        kind = "table" if shown.layout == "sides" else "block"
        if kind == "table" and groups and groups[-1].kind == "table":
            groups[-1].fields.append(shown)
        else:
            groups.append(FieldGroup(kind, [shown]))
    return groups


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

    @property
    def groups(self) -> list[FieldGroup]:
        return field_groups(self.fields)

    @property
    def sign_label(self) -> str:
        """The word before an entry with no verdict badge: "Added", "Removed" or "Changed"."""
        return self.sign.capitalize()


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
    verdict_labels: dict[str, str] = field(default_factory=lambda: dict(VERDICT_WORDS))


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
    # Heading levels under the page's title: h2/h3 in the auditor's document (its title is the h1), one
    # level down in a report's own chapter (whose title is an h2), so the outline and the PDF tags nest.
    section_heading: str = "h2"
    entry_heading: str = "h3"
    memo: MemoHeader | None = None  # the auditor's document only; a report's own chapter has none

    @property
    def report_groups(self) -> list[FieldGroup]:
        return field_groups(self.report_fields)


def path_label(path: str) -> str:
    """A field's path in words (:func:`~reportgen.diff.wording.path_words`)."""
    return path_words(path)


def _escaped(text: str) -> Markup:
    return Markup(escape(text)) if text else Markup("")


def _paragraph_view(paragraph: Paragraph) -> ParagraphView:
    if paragraph.kind == "edited":
        return ParagraphView("edited", marked_prose(_apart(list(paragraph.runs)) or []))
    if paragraph.kind == "rewritten":
        return ParagraphView("rewritten", prose(paragraph.old), prose(paragraph.new))
    if paragraph.kind == "folded":
        note = f"unchanged, {paragraph.words_total} words"
        return ParagraphView("folded", prose(paragraph.text + " …"), note=note)
    return ParagraphView(paragraph.kind, prose(paragraph.text))


def _field(change: FieldChange, section: str, names: Names) -> DiffField:
    label = path_label(change.path)
    old = value_words(section, change.path, change.old, names)
    new = value_words(section, change.path, change.new, names)
    if isinstance(old, list) or isinstance(new, list):
        removed, added = list_edit(old, new)
        if not removed and not added:  # a list of records: the whole lists
            before, after = value_text(old), value_text(new)
        else:
            before = f"removed: {value_text(removed)}" if removed else ""
            after = f"added: {value_text(added)}" if added else ""
        return DiffField(change.path, label, before, after, None, old_html=_escaped(before), new_html=_escaped(after))
    if isinstance(old, dict) != isinstance(new, dict):  # a record added or removed: its key is in the label
        before = "" if old is None else record_text(old)
        after = "" if new is None else record_text(new)
        return DiffField(change.path, label, before, after, None, old_html=_escaped(before), new_html=_escaped(after))
    old, new = scalar_words(section, change.path, old, names), scalar_words(section, change.path, new, names)
    before, after = value_text(old), value_text(new)
    shown = DiffField(change.path, label, before, after, _apart(change.words))
    if change.words is None or not isinstance(change.old, str) or not isinstance(change.new, str):
        # nothing on one side reads "(none)" in the template, unmarked: no value was removed or added there
        old_html, new_html = _escaped(before if old is not None else ""), _escaped(after if new is not None else "")
        return replace(shown, old_html=old_html, new_html=new_html)
    paragraphs = paragraph_redline(change.old, change.new)
    if paragraphs is not None:
        return replace(shown, layout="paragraphs", paragraphs=[_paragraph_view(p) for p in paragraphs])
    if is_rewrite(change.old, change.new):
        return replace(shown, old_html=prose(change.old), new_html=prose(change.new))
    return replace(shown, layout="inline", marked=marked_prose(shown.words or []))


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


def _entry(change: ItemChange, section: str, names: Names) -> DiffEntry:
    flags = []
    if change.unexplained:
        flags.append(f"Unexplained: {change.unexplained_reason}")
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
        fields=[_field(f, section, names) for f in change.fields],
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


def _section(section: SectionDiff, names: Names) -> DiffSectionView:
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
    entries += [_entry(c, section.section, names) for c in section.changed]
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
        report_fields=[_field(f, "report", diff.names) for f in diff.report_fields],
        sections=[_section(s, diff.names) for s in diff.sections if not s.empty],
        empty=diff.empty,
        show_paths=not in_report,
        section_heading="h3" if in_report else "h2",
        entry_heading="h4" if in_report else "h3",
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

    def dated(side: SideFacts) -> SideFacts:
        return replace(side, published=day_words(side.published))

    return MemoHeader(
        sides=[("Earlier", dated(old)), ("Later", dated(new))],
        compared_on=day_words(compared_on),
        tool=tool,
        fail_on=fail_on,
        verdict=verdict,
        withheld=withheld_line(old, new),
        red_lines=verdict_rows(diff),
    )
