"""What an auditor reads first: each red line's verdict with the board's reason and deciding decision, the
two sides (path, SHA-256, edition, period, publication date, what each withholds), and narrowing a diff
to the red lines or to the weakenings alone (``--only``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..core import labels as L
from ..schema import Decision, Report, items
from .engine import NOT_RETIRED, ReportDiff, SectionDiff
from .wording import day_words

ONLY = ("red-lines", "weakened")
# Verdicts --only weakened keeps: what loosened a commitment, or removed one.
_WEAKENING = ("weakened", "mixed", "retired")


@dataclass(frozen=True)
class SideFacts:
    """One side of a comparison as an auditor's memo names it."""

    path: str  # as given on the command line
    sha256: str  # of the file; of the canonical data for a folder
    hashed: str  # "file" or "data"
    edition: str = ""  # from a built PDF's build record
    period: str = ""
    published: str = ""
    withheld_items: int | None = None  # None: not an edition (inputs withhold nothing), or not known
    withheld_details: int | None = None


@dataclass(frozen=True)
class VerdictRow:
    """One red line in the summary: its verdict, whether it is explained, and by what."""

    id: str
    title: str
    verdict: str
    explained: str  # "explained", "unexplained", "" (nothing to explain)
    notes: list[str] = field(default_factory=list)  # lineage, mislabelled, why unexplained, the board's entries


def decision_facts(decision: Decision) -> str:
    """A decision as an explanation cites it: id, date, tally and dissents ("D-2026-014, 28 May 2026: carried,
    6 for, 1 against; 1 dissent")."""
    outcome = decision.final_outcome().replace("_", " ")
    text = f"{decision.id}, {L.long_date(decision.date)}: {outcome}"
    if decision.vote is not None:
        vote = decision.vote
        text += f", {len(vote.in_favour)} for, {len(vote.against)} against"
        if vote.abstained:
            text += f", {len(vote.abstained)} abstaining"
        if vote.recused:
            text += f", {len(vote.recused)} recused"
    if decision.dissents:
        text += f"; {L.plural(len(decision.dissents), 'dissent')}"
    return text


def cite_decisions(diff: ReportDiff, new: Report) -> None:
    """Give each explanation the deciding decision's date, tally and dissents, from the new report."""
    decisions = {d.id: d for d in items(new.decisions)}
    for section in diff.sections:
        for change in section.changed:
            for entry in change.explanations:
                found = decisions.get(str(entry.get("decision")))
                if found is not None:
                    entry["decision_facts"] = decision_facts(found)


def verdict_rows(diff: ReportDiff) -> list[VerdictRow]:
    """Every red line that changed, was introduced or removed, worst first within the report's order."""
    section = next((s for s in diff.sections if s.section == "red_lines"), None)
    if section is None or section.summarised:
        return []
    rows = []
    for change in section.changed:
        notes = []
        if change.lineage:
            notes.append(f"{change.lineage} {change.renamed_from}")
        if change.mislabelled:
            notes.append(f"mislabelled: {change.mislabelled}")
        if change.unexplained:
            notes.append(f"unexplained: {change.unexplained_reason}")
        notes += [explanation(e) for e in change.explanations]
        weakening = change.classification in _WEAKENING
        state = ("unexplained" if change.unexplained else "explained") if weakening else ""
        rows.append(VerdictRow(change.id, change.title, change.classification, state, notes))
    for ref in section.added:
        rows.append(VerdictRow(ref.id, ref.title, "introduced", ""))
    for ref in section.removed:
        flagged = ref.flag == NOT_RETIRED
        rows.append(VerdictRow(ref.id, ref.title, ref.flag or "removed", "unexplained" if flagged else ""))
    return rows


def explanation(entry: dict[str, Any]) -> str:
    """A history entry of the period as the verdict's explanation, in words: date, kind, summary, reason, and
    the decision that made it with its date, tally and dissents ("Board's entry of 28 May 2026 (weakened):
    Raised ... Reason: ... Decision D-2026-014, 28 May 2026: carried, 7 for, 1 against; 1 dissent.")."""
    adopted = entry.get("adopted")
    when = f", adopted {day_words(str(adopted))}" if adopted and adopted != entry["date"] else ""
    change = L.CHANGE_LABELS.get(str(entry["change"]), str(entry["change"])).lower()
    decision = entry.get("decision_facts") or entry.get("decision")
    cited = f" Decision {decision}." if decision else ""
    reason = str(entry["reason"]).strip()
    return (
        f"Board's entry of {day_words(str(entry['date']))}{when} ({change}): {str(entry['summary']).strip()} "
        f"Reason: {reason}{'' if reason.endswith('.') else '.'}{cited}"
    )


def only(diff: ReportDiff, what: str) -> ReportDiff:
    """The diff narrowed to its red lines (``red-lines``) or to the red lines that weakened (``weakened``)."""
    if what not in ONLY:
        raise ValueError(f"unknown --only {what!r}; one of: {', '.join(ONLY)}")
    kept: list[SectionDiff] = []
    for section in diff.sections:
        if section.section != "red_lines":
            continue
        if what == "weakened":
            section = replace(
                section,
                added=[],
                removed=[r for r in section.removed if r.flag == NOT_RETIRED],
                changed=[c for c in section.changed if c.classification in _WEAKENING],
                withheld_fields=[],
            )
        kept.append(section)
    return replace(diff, sections=kept, report_fields=[])


def side_facts(path: str, sha256: str, hashed: str, report: Report, record: dict[str, Any] | None) -> SideFacts:
    """A side as the memo names it: the edition and what it withholds from its build record, if it has one."""
    meta = report.report
    withheld = record.get("withheld_items") if record else None
    return SideFacts(
        path=path,
        sha256=sha256,
        hashed=hashed,
        edition=str(record.get("edition", "")) if record else "",
        period=f"{meta.period.start}/{meta.period.end}",
        published=meta.published.isoformat(),
        withheld_items=len(withheld) if isinstance(withheld, list) else None,
        withheld_details=_withheld_details(report, str(record.get("edition", ""))) if record else None,
    )


def _withheld_details(report: Report, edition: str) -> int | None:
    """Fields an edition withholds from items it shows: the ``field_audience`` entries narrower than it."""
    from ..schema import AUDIENCE_ORDER, LIST_SECTIONS

    if edition not in AUDIENCE_ORDER:
        return None
    listed: Iterable[Any] = [*report.board.members, *(i for s in LIST_SECTIONS for i in items(getattr(report, s)))]
    return sum(
        1
        for item in listed
        for setting in item.field_audience.values()
        if AUDIENCE_ORDER[setting.audience] > AUDIENCE_ORDER[edition]
    )


def withheld_line(old: SideFacts, new: SideFacts) -> str:
    """What each side withholds, by side: "inputs/asab-2026 withholds 5 items, 3 details; ..."."""

    def one(side: SideFacts, verb: str) -> str:
        if side.withheld_items is None:
            return f"{side.path} is not an edition (it withholds nothing)"
        details = "" if side.withheld_details is None else f", {L.plural(side.withheld_details, 'detail')}"
        return f"{side.path} ({side.edition} edition) {verb} {L.plural(side.withheld_items, 'item')}{details}"

    if old.withheld_items is None and new.withheld_items is None:
        return ""
    return f"{one(new, 'withholds')}; {one(old, 'withheld')}"


def today() -> date:
    """The comparison date a memo states (a function, so tests can fix it)."""
    return date.today()
