"""Compare two validated reports item by item, matching every collection by id, never by position.

The engine works on the canonical JSON form of each report (the same data the PDF carries), so a
folder, a PDF and an HTML report all diff alike. Lists of items with ids are matched by id; lists of
records without ids by a natural key (a history entry by date and change, a result by red line); lists
of plain values as multisets, so reordering is never a difference. Red-line semantics live in
:mod:`reportgen.diff.redline_rules`.

Prose is compared word by word; spacing alone (a reflowed line) is no difference. Across two
reporting periods, period-bound sections are summarised by their item counts and list no items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..core.sections import DATE_FIELDS
from ..core.verdicts import LineVerdict, worst
from ..editions.filtering import WITHHELD_REF, WITHHELD_TEXT
from ..schema import AUDIENCE_ORDER, LIST_SECTIONS, Report
from .coverage import CoverageDiff
from .lineage import lineage_pairs, rule_context
from .names import reference_names
from .redline_rules import RuleContext, RuleHit, classify_red_line
from .values import FieldChange, compare_values, list_edit, words

# compare_values, list_edit and words live in values.py; named here too, as the engine's public API
__all__ = ["FieldChange", "PlaceholderKey", "ReportDiff", "compare_values", "diff_reports", "list_edit", "words"]

# The order sections are compared and shown in: red lines first (what auditors read first), then the
# frameworks they come from, then the rest in report order.
SECTION_ORDER = (
    "red_lines",
    "frameworks",
    "members",
    *(s for s in LIST_SECTIONS if s not in ("red_lines", "frameworks")),
)
# Sections whose items belong to one reporting period: across years they are summarised, not listed.
PERIOD_SECTIONS = ("meetings", "evaluations", "decisions", "incidents", "information_sharing", "attestations")
TITLE_FIELDS = ("title", "name", "partner", "by")
# Flags of a removed item (ItemRef.flag) and of a withheld field (FieldRef.flag).
WITHHELD_HERE = "withheld in this edition"  # the new side is an edition that may not show it
WITHHELD_BEFORE = "withheld in the earlier edition"
NEWLY_WITHHELD = "newly withheld"  # its audience narrowed
VANISHED = "vanished"  # a decision deleted within one period, leaving no placeholder
NOT_RETIRED = "removed without being retired"


@dataclass(frozen=True)
class PlaceholderKey:
    """What a built edition shows of an item it withholds: its section and date (ISO), never its id."""

    section: str
    day: str | None


@dataclass
class ItemChange:
    id: str
    title: str
    fields: list[FieldChange]
    classification: str = "changed"  # red lines: strengthened, weakened, clarified, retired, mixed
    rules: list[RuleHit] = field(default_factory=list)
    unexplained: bool = False
    # set whenever unexplained is, e.g. "no new history entry of kind weakened gives a reason"
    unexplained_reason: str = ""
    audience_change: str = ""  # "newly withheld" or "newly published"
    renamed_from: str = ""
    lineage: str = ""  # red lines: "replaces", "split from" or "merged into" (renamed_from is the old id)
    mislabelled: str = ""  # red lines: why the board's own label contradicts the verdict
    # red lines: the history entries of the period (date, change, summary, reason, decision) behind the verdict
    explanations: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ItemRef:
    id: str
    title: str
    audience: str
    # "vanished" (a decision deleted within one period), "removed without being retired" (a red line),
    # "withheld in this edition" (an edition leaves out what its audience may not see), "newly withheld"
    flag: str = ""


@dataclass
class FieldRef:
    """A field of an item both sides show that one side withholds (its ``field_audience`` is narrower)."""

    id: str
    title: str
    field: str
    audience: str
    # "newly withheld" (its audience narrowed), "withheld in this edition" (the new side is an edition that
    # withholds it) or "withheld in the earlier edition"
    flag: str


@dataclass
class SectionDiff:
    section: str
    added: list[ItemRef] = field(default_factory=list)
    removed: list[ItemRef] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    summarised: bool = False  # period-bound section across two periods: counts only, no items listed
    withheld_fields: list[FieldRef] = field(default_factory=list)
    old_count: int = 0  # items in each version (what a summarised section shows)
    new_count: int = 0

    @property
    def empty(self) -> bool:
        if self.summarised:
            return not (self.old_count or self.new_count)
        return not (self.added or self.removed or self.changed or self.withheld_fields)


class Count(StrEnum):
    """What :meth:`ReportDiff.count` counts. ``weakened``: red lines weakened (or mixed), retired, or removed
    without being retired. ``unexplained``: those the new version gives no reason for, plus decisions that
    vanished. ``newly_withheld``: items whose audience narrowed; ``newly_withheld_details``: fields whose
    did. ``withheld`` and ``withheld_details``: items and fields the new side, an edition, withholds (by
    design, not newly); what only the old side withheld is listed but not counted."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    WEAKENED = "weakened"
    UNEXPLAINED = "unexplained"
    VANISHED = "vanished"
    NEWLY_WITHHELD = "newly_withheld"
    NEWLY_WITHHELD_DETAILS = "newly_withheld_details"
    WITHHELD = "withheld"
    WITHHELD_DETAILS = "withheld_details"


@dataclass
class ReportDiff:
    old_label: str
    new_label: str
    old_period: str
    new_period: str
    same_period: bool
    sections: list[SectionDiff]
    report_fields: list[FieldChange]
    new_published: str = ""
    disclosures: CoverageDiff | None = None  # requirement coverage against the checklists both name
    # what ids in values refer to, by field, for the redline's words (diff.names); the JSON keeps the ids
    names: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        coverage_same = self.disclosures is None or self.disclosures.empty
        return not self.report_fields and all(s.empty for s in self.sections) and coverage_same

    def _changes(self) -> Iterable[tuple[str, ItemChange]]:
        return ((s.section, c) for s in self.sections for c in s.changed)

    def _removals(self) -> Iterable[tuple[str, ItemRef]]:
        return ((s.section, r) for s in self.sections for r in s.removed)

    def red_line_verdicts(self) -> dict[str, LineVerdict]:
        """Each red line of the new version that changed, or was introduced, with its verdict: what the report
        shows for it everywhere (a line of the new version absent here is unchanged)."""
        section = next((s for s in self.sections if s.section == "red_lines"), None)
        verdicts: dict[str, LineVerdict] = {}
        for ref in section.added if section else []:
            verdicts[ref.id] = LineVerdict("introduced")
        for change in section.changed if section else []:
            lineage = f"{change.lineage} {change.renamed_from}" if change.lineage else ""
            found = LineVerdict(
                change.classification, change.unexplained, change.unexplained_reason, change.mislabelled, lineage
            )
            verdicts[change.id] = worst(verdicts[change.id], found) if change.id in verdicts else found
        return verdicts

    def count(self, what: Count) -> int:
        """A summary count (see :class:`Count` for what each counts). An unknown name raises ``ValueError``:
        a typo must never read as "nothing changed" (it would make ``--fail-on weakening`` pass)."""
        what = Count(what)
        changes, removals = list(self._changes()), list(self._removals())
        # a line that absorbed two earlier ones is judged against each, and counted once
        if what is Count.WEAKENED:
            weakened = {(name, c.id) for name, c in changes if _weakens(c)}
            return len(weakened) + sum(1 for _, r in removals if r.flag == NOT_RETIRED)
        if what is Count.UNEXPLAINED:
            unexplained = {(n, c.id) for n, c in changes if c.unexplained}
            return len(unexplained) + sum(1 for _, r in removals if r.flag in (NOT_RETIRED, VANISHED))
        if what is Count.WITHHELD:
            return sum(1 for _, r in removals if r.flag == WITHHELD_HERE)
        if what is Count.WITHHELD_DETAILS:
            # Like ``withheld``: what the new side withholds, not what the earlier edition did.
            return sum(1 for s in self.sections for w in s.withheld_fields if w.flag == WITHHELD_HERE)
        if what is Count.VANISHED:
            return sum(1 for _, r in removals if r.flag == VANISHED)
        if what is Count.NEWLY_WITHHELD:
            return sum(1 for _, c in changes if c.audience_change == NEWLY_WITHHELD) + sum(
                1 for _, r in removals if r.flag == NEWLY_WITHHELD
            )
        if what is Count.NEWLY_WITHHELD_DETAILS:
            return sum(1 for s in self.sections for w in s.withheld_fields if w.flag == NEWLY_WITHHELD)
        if what is Count.ADDED:
            return sum(len(s.added) for s in self.sections)
        if what is Count.REMOVED:
            return sum(len(s.removed) for s in self.sections)
        return sum(len(s.changed) for s in self.sections) + (1 if self.report_fields else 0)


def _weakens(change: ItemChange) -> bool:
    return change.classification in ("weakened", "mixed", "retired")


def _sections(data: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name in (*LIST_SECTIONS, "members"):
        value = data["board"]["members"] if name == "members" else data.get(name)
        out[name] = {item["id"]: item for item in value} if isinstance(value, list) else {}
    return out


@dataclass(frozen=True)
class _Context:
    """What every section's comparison needs besides its items."""

    same_period: bool
    window: tuple[str, str]  # the new report's period start and publication date (ISO)
    old_models: dict[str, str]  # model names by id, for titles
    new_models: dict[str, str]
    # The new edition's placeholders the old side lacks, by (section, date); each removed item that matches
    # one consumes it. None: unknown (the caller did not say what the new side withholds).
    placeholders: Counter[tuple[str, str | None]] | None
    rules: RuleContext = field(default_factory=RuleContext)  # what red-line rules need of the new report


def diff_reports(
    old: Report,
    new: Report,
    old_label: str,
    new_label: str,
    *,
    old_withheld: Iterable[PlaceholderKey] | None = None,
    new_withheld: Iterable[PlaceholderKey] | None = None,
) -> ReportDiff:
    """The full comparison of two reports.

    ``old_withheld`` and ``new_withheld`` are the placeholders of what each side withholds, when it is a
    built edition (empty for a report read from its inputs, which withholds nothing). An item missing
    from the new side that matches a placeholder the new side adds (same section and date) was withheld,
    not deleted. Left out (None), the new side may be an edition: an item whose audience is narrower
    than public is taken to be withheld, anything else as deleted.
    """
    old_data, new_data = old.model_dump(mode="json"), new.model_dump(mode="json")
    same_period = old.report.period == new.report.period
    old_sections, new_sections = _sections(old_data), _sections(new_data)
    placeholders = None
    if new_withheld is not None:
        pool = Counter((p.section, p.day) for p in new_withheld)
        placeholders = pool - Counter((p.section, p.day) for p in old_withheld or ())
    context = _Context(
        same_period=same_period,
        window=(new.report.period.start.isoformat(), new.report.published.isoformat()),
        old_models={k: str(v.get("name", k)) for k, v in old_sections["models"].items()},
        new_models={k: str(v.get("name", k)) for k, v in new_sections["models"].items()},
        placeholders=placeholders,
        rules=rule_context(new),
    )
    sections = [_section_diff(name, old_sections[name], new_sections[name], context) for name in SECTION_ORDER]
    skipped = ("period", "published", "edition", "previous_report")
    report_fields = compare_values(
        {k: v for k, v in old_data["report"].items() if k not in skipped},
        {k: v for k, v in new_data["report"].items() if k not in skipped},
        "report",
    ) + compare_values(
        {k: v for k, v in old_data["board"].items() if k != "members"},
        {k: v for k, v in new_data["board"].items() if k != "members"},
        "board",
    )
    return ReportDiff(
        old_label=old_label,
        new_label=new_label,
        old_period=f"{old.report.period.start}/{old.report.period.end}",
        new_period=f"{new.report.period.start}/{new.report.period.end}",
        same_period=same_period,
        sections=sections,
        report_fields=report_fields,
        new_published=new.report.published.isoformat(),
        names=reference_names(old, new),
    )


def title(section: str, item: dict[str, Any], models: dict[str, str] | None = None) -> str:
    """What names an item beside its id; "" when nothing but the id does."""
    for name in TITLE_FIELDS:
        if isinstance(item.get(name), str):
            return str(item[name])
    if section == "evaluations" and isinstance(item.get("model"), str):
        model = str(item["model"])
        evaluator = item.get("evaluator")
        by = f" by {evaluator['name']}" if isinstance(evaluator, dict) and evaluator.get("name") else ""
        return f"{(models or {}).get(model, model)}{by}"
    if section == "meetings" and item.get("date"):
        return f"{str(item.get('kind', 'regular')).replace('_', ' ').capitalize()} meeting of {item['date']}"
    if section == "information_sharing" and item.get("counterparties"):
        return ", ".join(map(str, item["counterparties"]))
    return ""


def _item_day(item: dict[str, Any]) -> str | None:
    for name in DATE_FIELDS:
        if isinstance(item.get(name), str):
            return str(item[name])
    return None


def _placeholder_for(
    pool: Counter[tuple[str, str | None]], name: str, item: dict[str, Any]
) -> tuple[str, str | None] | None:
    """The new edition's placeholder that a removed item may stand behind: same section and date; for an
    item with no date of its own (a red line, a safeguard), any placeholder of its section."""
    day = _item_day(item)
    if pool[(name, day)] > 0:
        return (name, day)
    if day is None:
        return next((key for key, count in sorted(pool.items(), key=str) if key[0] == name and count > 0), None)
    return None


def _removal_flag(name: str, item: dict[str, Any], context: _Context) -> str:
    public = item.get("audience", "public") == "public"
    pool = context.placeholders
    match = _placeholder_for(pool, name, item) if pool is not None else None
    if pool is None:  # the new side may be an edition that does not say what it withholds
        if context.same_period and not public:
            return WITHHELD_HERE
    elif match is not None:
        pool[match] -= 1
        # An item the old side shows to a narrower audience is left out of a wider edition by design; a
        # public one that the new edition withholds had its audience narrowed.
        return WITHHELD_HERE if not public else NEWLY_WITHHELD
    if name == "red_lines" and item.get("status") != "retired":
        return NOT_RETIRED
    if name == "decisions" and context.same_period:
        return VANISHED
    return ""


def _section_diff(
    name: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], context: _Context
) -> SectionDiff:
    if not context.same_period and name in PERIOD_SECTIONS:
        # Each period's items are listed in its own report: a count, no items (nor summary counts).
        return SectionDiff(name, summarised=True, old_count=len(old), new_count=len(new))
    diff = SectionDiff(name, old_count=len(old), new_count=len(new))
    removed = [i for i in old if i not in new]
    added = [i for i in new if i not in old]
    renamed = _renames(old, new, removed, added)
    for old_id, new_id in renamed.items():
        removed.remove(old_id)
        added.remove(new_id)
    lineage = lineage_pairs(old, new, removed, added) if name == "red_lines" else []
    continued, successors = {o for o, _, _ in lineage}, {n for _, n, _ in lineage}
    removed = [i for i in removed if i not in continued]
    added = [i for i in added if i not in successors]
    for item_id in added:
        diff.added.append(
            ItemRef(item_id, title(name, new[item_id], context.new_models), new[item_id].get("audience", "public"))
        )
    # Items shown to a narrower audience first: they are the ones an edition's placeholders stand for.
    removed.sort(key=lambda i: old[i].get("audience", "public") == "public")
    for item_id in removed:
        flag = _removal_flag(name, old[item_id], context)
        item_title = title(name, old[item_id], context.old_models)
        diff.removed.append(ItemRef(item_id, item_title, old[item_id].get("audience", "public"), flag))
    order = {item_id: index for index, item_id in enumerate(old)}
    diff.removed.sort(key=lambda r: order[r.id])
    relation = {(o, n): how for o, n, how in lineage}
    pairs = [(i, i) for i in old if i in new] + [(o, n) for o, n in renamed.items()] + [(o, n) for o, n, _ in lineage]
    for old_id, new_id in pairs:
        new_title = title(name, new[new_id], context.new_models)
        withheld, hidden = _withheld_fields(old[old_id], new[new_id], new_title)
        diff.withheld_fields += withheld
        change = _item_change(
            name,
            {k: v for k, v in old[old_id].items() if k not in hidden},
            {k: v for k, v in new[new_id].items() if k not in hidden},
            new_title,
            context,
        )
        if old_id != new_id:
            change = change or ItemChange(id=new_id, title=new_title, fields=[])
            change.fields.insert(0, FieldChange("id", old_id, new_id))
            change.renamed_from = old_id
            change.lineage = relation.get((old_id, new_id), "")
        if change is not None:
            diff.changed.append(change)
    if name == "red_lines":
        _judge_merges(diff.changed)
    return diff


def _judge_merges(changes: list[ItemChange]) -> None:
    """A line that absorbed several earlier ones is judged against each; its board's ``weakened`` entry is
    confirmed when any of those pairs finds the weakening, so the others are not flagged mislabelled."""
    weakened = {c.id for c in changes if c.classification in ("weakened", "mixed")}
    for change in changes:
        if change.id in weakened and change.mislabelled.endswith("no rule finds a weakening"):
            change.mislabelled = ""


def _renames(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], removed: list[str], added: list[str]
) -> dict[str, str]:
    """Pairs of removed and added items that are the same item under a new id (all else equal)."""
    out: dict[str, str] = {}
    for old_id in removed:
        body = {k: v for k, v in old[old_id].items() if k != "id"}
        for new_id in added:
            if new_id not in out.values() and {k: v for k, v in new[new_id].items() if k != "id"} == body:
                out[old_id] = new_id
                break
    return out


def _is_blank(value: Any) -> bool:
    """What a withheld field holds in an edition's data."""
    return value is None or value == [] or value == WITHHELD_TEXT


def _field_audience(item: dict[str, Any], name: str) -> str:
    """The widest audience that may see one field of an item: its ``field_audience``, else the item's."""
    setting = (item.get("field_audience") or {}).get(name)
    if setting is None:
        return str(item.get("audience", "public"))
    return str(setting["audience"]) if isinstance(setting, dict) else str(setting)


def _withheld_fields(old: dict[str, Any], new: dict[str, Any], item_title: str) -> tuple[list[FieldRef], set[str]]:
    """Fields whose audience narrowed (newly withheld), or that one side, an edition, withholds (named in its
    ``field_audience``, blank there and not on the other side); and the fields blank on one side for that
    reason, whose "change" is the withholding, not a new value."""
    found: list[FieldRef] = []
    blanked: set[str] = set()
    named = set(old.get("field_audience") or {}) | set(new.get("field_audience") or {})
    for name in sorted(named):
        before, after = _field_audience(old, name), _field_audience(new, name)
        blank_new = name in (new.get("field_audience") or {}) and _is_blank(new.get(name))
        blank_old = name in (old.get("field_audience") or {}) and _is_blank(old.get(name))
        differs = old.get(name) != new.get(name)
        if differs and (blank_new or blank_old):
            blanked.add(name)
        if AUDIENCE_ORDER[after] > AUDIENCE_ORDER[before]:
            found.append(FieldRef(new["id"], item_title, name, after, NEWLY_WITHHELD))
        elif differs and blank_new:
            found.append(FieldRef(new["id"], item_title, name, after, WITHHELD_HERE))
        elif differs and blank_old:
            found.append(FieldRef(new["id"], item_title, name, before, WITHHELD_BEFORE))
    return found, blanked


def _is_redaction(change: FieldChange) -> bool:
    """A reference (an id) that an edition replaced by "withheld": reported through the withheld item, not
    here. Lists of references pair "withheld" with ids in :func:`_compare_lists`; a "withheld" where the
    other side has no id (a reference added or dropped) is a change."""
    if not (isinstance(change.old, str) and isinstance(change.new, str)):
        return False
    return WITHHELD_REF in (change.old, change.new) and " " not in change.old + change.new


def _item_change(
    section: str, old: dict[str, Any], new: dict[str, Any], item_title: str, context: _Context
) -> ItemChange | None:
    fields = compare_values({k: v for k, v in old.items() if k != "id"}, {k: v for k, v in new.items() if k != "id"})
    fields = [f for f in fields if not _is_redaction(f)]
    if not fields:
        return None
    change = ItemChange(id=new["id"], title=item_title, fields=fields)
    old_audience, new_audience = old.get("audience", "public"), new.get("audience", "public")
    if AUDIENCE_ORDER[new_audience] > AUDIENCE_ORDER[old_audience]:
        change.audience_change = NEWLY_WITHHELD
    elif AUDIENCE_ORDER[new_audience] < AUDIENCE_ORDER[old_audience]:
        change.audience_change = "newly published"
    if section == "red_lines":
        result = classify_red_line(old, new, context.window, context.rules)
        change.classification, change.rules = result.classification, result.rules
        change.unexplained, change.unexplained_reason = result.unexplained, result.reason
        change.mislabelled = result.mislabelled
        change.explanations = [dict(e) for e in result.entries]
    return change
