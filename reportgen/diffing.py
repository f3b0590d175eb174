"""Compare two validated reports item by item, matching every collection by id, never by position.

The engine works on the canonical JSON form of each report (the same data the PDF carries), so a
folder, a PDF and an HTML report all diff alike. Lists of items with ids are matched by id; lists of
records without ids by a natural key (a history entry by date and change, a result by red line); lists
of plain values as multisets, so reordering is never a difference. Red-line semantics live in
:mod:`reportgen.redline_rules`.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .editions import WITHHELD_REF, WITHHELD_TEXT
from .redline_rules import RuleHit, classify_red_line
from .schema import AUDIENCE_ORDER, LIST_SECTIONS, Report

# Sections whose items belong to one reporting period: across years they are summarised, not listed.
PERIOD_SECTIONS = ("meetings", "evaluations", "decisions", "incidents", "information_sharing", "attestations")
# Natural keys of records that have no id of their own.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "history": ("date", "change"),
    "results": ("red_line",),
    "recused": ("member",),
    "dissents": ("member",),
    "tiers": ("name",),
    "timeline": ("date", "event"),
    "glossary": ("term",),
}
TITLE_FIELDS = ("title", "name", "partner", "by")
_WORD = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: Any
    new: Any
    words: list[tuple[str, str]] | None = None  # ("equal"|"delete"|"insert", text) for prose


@dataclass
class ItemChange:
    id: str
    title: str
    fields: list[FieldChange]
    classification: str = "changed"  # red lines: strengthened, weakened, clarified, retired, mixed
    rules: list[RuleHit] = field(default_factory=list)
    unexplained: bool = False
    audience_change: str = ""  # "newly withheld" or "newly published"
    renamed_from: str = ""


@dataclass
class ItemRef:
    id: str
    title: str
    audience: str
    flag: str = ""  # "vanished" for a decision that disappeared within one period


@dataclass
class FieldRef:
    """A field of an item both sides show that one side withholds (its ``field_audience`` is narrower)."""

    id: str
    title: str
    field: str
    audience: str
    flag: str  # "withheld in this edition" (the new side withholds it) or "withheld in the earlier edition"


@dataclass
class SectionDiff:
    section: str
    added: list[ItemRef] = field(default_factory=list)
    removed: list[ItemRef] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    summarised: bool = False  # period-bound section across two periods: counts only
    withheld_fields: list[FieldRef] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.withheld_fields)


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

    @property
    def empty(self) -> bool:
        return not self.report_fields and all(s.empty for s in self.sections)

    def count(self, what: str) -> int:
        if what == "weakened":
            return sum(
                1 for s in self.sections for c in s.changed if c.classification in ("weakened", "mixed", "retired")
            )
        if what == "unexplained":
            return sum(1 for s in self.sections for c in s.changed if c.unexplained) + sum(
                1 for s in self.sections if s.section == "red_lines" for r in s.removed if r.flag
            )
        if what == "withheld":
            return sum(1 for s in self.sections if not s.summarised for r in s.removed if r.flag.startswith("withheld"))
        if what == "withheld_details":
            return sum(len(s.withheld_fields) for s in self.sections if not s.summarised)
        if what == "vanished":
            return sum(1 for s in self.sections for r in s.removed if r.flag == "vanished")
        if what == "newly_withheld":
            return sum(1 for s in self.sections for c in s.changed if c.audience_change == "newly withheld")
        counts = Counter[str]()
        for s in self.sections:
            if s.summarised:
                continue  # other periods' items are not differences
            counts["added"] += len(s.added)
            counts["removed"] += len(s.removed)
            counts["changed"] += len(s.changed)
        counts["changed"] += 1 if self.report_fields else 0
        return counts[what]


def words(old: str, new: str) -> list[tuple[str, str]] | None:
    """Word-level edit of prose: runs of equal, deleted and inserted text; None for a rewrite.

    When less than half the words survive, interleaving them reads as noise: the change is then shown
    as the old text replaced by the new.
    """
    a, b = _WORD.findall(old), _WORD.findall(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    if matcher.ratio() < 0.5:
        return None
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", "".join(b[j1:j2])))
    return out


def _title(item: dict[str, Any]) -> str:
    for name in TITLE_FIELDS:
        if isinstance(item.get(name), str):
            return str(item[name])
    return str(item.get("id", ""))


def _key(record: Any, name: str) -> Any:
    keys = RECORD_KEYS.get(name)
    if isinstance(record, dict):
        if "id" in record:
            return record["id"]
        if keys:
            return tuple(str(record.get(k)) for k in keys)
    return None


def compare_values(old: Any, new: Any, path: str = "", name: str = "") -> list[FieldChange]:
    """Field-level changes between two JSON values; lists matched by id or natural key, never position."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in sorted(set(old) | set(new)):
            sub = f"{path}.{key}" if path else key
            changes += compare_values(old.get(key), new.get(key), sub, key)
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(old, new, path, name)
    prose = words(old, new) if isinstance(old, str) and isinstance(new, str) and " " in old + new else None
    return [FieldChange(path, old, new, prose)]


def _compare_lists(old: list[Any], new: list[Any], path: str, name: str) -> list[FieldChange]:
    old_keys = [_key(x, name) for x in old]
    new_keys = [_key(x, name) for x in new]
    if all(k is not None for k in old_keys + new_keys):
        old_by = dict(zip(old_keys, old, strict=True))
        new_by = dict(zip(new_keys, new, strict=True))
        changes: list[FieldChange] = []
        for key in [*old_by, *(k for k in new_by if k not in old_by)]:
            label = key if isinstance(key, str) else " ".join(key)
            changes += compare_values(old_by.get(key), new_by.get(key), f"{path}[{label}]", name)
        return changes
    if all(not isinstance(x, (dict, list)) for x in old + new):
        removed = list((Counter(map(repr, old)) - Counter(map(repr, new))).elements())
        added = list((Counter(map(repr, new)) - Counter(map(repr, old))).elements())
        if not removed and not added:
            return []  # only the order changed
        lookup = {repr(x): x for x in old + new}
        return [FieldChange(path, [lookup[r] for r in removed] or None, [lookup[a] for a in added] or None)]
    return [FieldChange(path, old, new)]


def _sections(data: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name in (*LIST_SECTIONS, "members"):
        value = data["board"]["members"] if name == "members" else data.get(name)
        out[name] = {item["id"]: item for item in value} if isinstance(value, list) else {}
    return out


def diff_reports(old: Report, new: Report, old_label: str, new_label: str) -> ReportDiff:
    """The full comparison of two reports."""
    old_data, new_data = old.model_dump(mode="json"), new.model_dump(mode="json")
    same_period = old.report.period == new.report.period
    old_sections, new_sections = _sections(old_data), _sections(new_data)
    sections = []
    for name in ("members", *LIST_SECTIONS):
        sections.append(_section_diff(name, old_sections[name], new_sections[name], same_period))
    report_fields = compare_values(
        {k: v for k, v in old_data["report"].items() if k not in ("period", "published", "edition", "previous_report")},
        {k: v for k, v in new_data["report"].items() if k not in ("period", "published", "edition", "previous_report")},
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
    )


def _section_diff(
    name: str, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], same_period: bool
) -> SectionDiff:
    diff = SectionDiff(name, summarised=not same_period and name in PERIOD_SECTIONS)
    removed = [i for i in old if i not in new]
    added = [i for i in new if i not in old]
    renamed = _renames(old, new, removed, added)
    for old_id, new_id in renamed.items():
        removed.remove(old_id)
        added.remove(new_id)
    for item_id in added:
        diff.added.append(ItemRef(item_id, _title(new[item_id]), new[item_id].get("audience", "public")))
    for item_id in removed:
        flag = ""
        if same_period and old[item_id].get("audience", "public") != "public":
            flag = "withheld in this edition"  # an edition leaves out what its audience may not see
        elif name == "decisions" and same_period:
            flag = "vanished"
        if name == "red_lines" and old[item_id].get("status") != "retired":
            flag = "removed without being retired"
        diff.removed.append(ItemRef(item_id, _title(old[item_id]), old[item_id].get("audience", "public"), flag))
    pairs = [(i, i) for i in old if i in new] + [(o, n) for o, n in renamed.items()]
    for old_id, new_id in pairs:
        withheld = _withheld_fields(old[old_id], new[new_id])
        diff.withheld_fields += withheld
        hidden = {w.field for w in withheld}
        change = _item_change(
            name,
            {k: v for k, v in old[old_id].items() if k not in hidden},
            {k: v for k, v in new[new_id].items() if k not in hidden},
        )
        if old_id != new_id:
            change = change or ItemChange(id=new_id, title=_title(new[new_id]), fields=[])
            change.fields.insert(0, FieldChange("id", old_id, new_id))
            change.renamed_from = old_id
        if change is not None:
            diff.changed.append(change)
    return diff


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


def _withheld_fields(old: dict[str, Any], new: dict[str, Any]) -> list[FieldRef]:
    """Fields one side withholds: named in its ``field_audience``, blank there, and different from the other side."""
    found = []
    for side, other, flag in ((new, old, "withheld in this edition"), (old, new, "withheld in the earlier edition")):
        settings = side.get("field_audience") or {}
        for name in sorted(settings):
            if _is_blank(side.get(name)) and side.get(name) != other.get(name):
                audience = settings[name]["audience"] if isinstance(settings[name], dict) else str(settings[name])
                found.append(FieldRef(new["id"], _title(new), name, audience, flag))
    return found


def _is_redaction(change: FieldChange) -> bool:
    """A reference an edition replaced by "withheld": reported through the withheld item, not here."""
    sides = [change.old, change.new]
    if WITHHELD_REF in sides:
        return True
    return any(isinstance(side, list) and side and all(v == WITHHELD_REF for v in side) for side in sides)


def _item_change(section: str, old: dict[str, Any], new: dict[str, Any]) -> ItemChange | None:
    fields = compare_values({k: v for k, v in old.items() if k != "id"}, {k: v for k, v in new.items() if k != "id"})
    fields = [f for f in fields if not _is_redaction(f)]
    if not fields:
        return None
    change = ItemChange(id=new["id"], title=_title(new), fields=fields)
    old_audience, new_audience = old.get("audience", "public"), new.get("audience", "public")
    if AUDIENCE_ORDER[new_audience] > AUDIENCE_ORDER[old_audience]:
        change.audience_change = "newly withheld"
    elif AUDIENCE_ORDER[new_audience] < AUDIENCE_ORDER[old_audience]:
        change.audience_change = "newly published"
    if section == "red_lines":
        change.classification, change.rules, change.unexplained = classify_red_line(old, new)
    return change
