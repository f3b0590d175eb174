"""Withheld things shown where they would be: a placeholder among a section's items, a notice in place of
a field. The register chapter (:mod:`reportgen.view.withheld`) lists the same things with full commitments.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from datetime import date
from typing import Any

from ..core import labels as L
from ..editions.filtering import Withheld, item_date
from ..schema import LIST_SECTIONS, Item, Report, items
from .viewmodel import ReportView, Row, SectionState
from .viewmodel_base import Placeholder, WithheldFields, WithheldPart

# Each section's list in the view, and the prefix of its items' anchors.
SECTION_VIEWS: dict[str, tuple[str, str]] = {
    "meetings": ("meetings", "meeting"),
    "models": ("models", "model"),
    "red_lines": ("red_lines", "red-line"),
    "evaluations": ("evaluations", "evaluation"),
    "decisions": ("decisions", "decision"),
    "incidents": ("incidents", "incident"),
    "information_sharing": ("sharing", "sharing"),
    "partnerships": ("partnerships", "partnership"),
    "safeguards": ("safeguards", "safeguard"),
    "access_programmes": ("access_programmes", "programme"),
    "attestations": ("attestations", "attestation"),
    "frameworks": ("frameworks", "framework"),
    "members": ("members", "member"),
}
# Sections listed in date order: a placeholder goes where its date puts it; in the others, at the end.
DATED = ("meetings", "evaluations", "decisions", "incidents", "information_sharing", "partnerships")
# Where a withheld field of a generic entry shows: the label of the fact it fills, or its body or timeline.
# Sections with their own templates (decisions, evaluations, red lines, meetings, members) show a
# withheld field by its name, from the view's ``withheld`` mapping.
ROW_PLACES: dict[str, dict[str, str]] = {
    "incidents": {
        "resolved": "Resolved",
        "models": "Models",
        "notified": "Notified",
        "description": "body",
        "timeline": "timeline",
    },
    "information_sharing": {"models": "Models", "scope": "body"},
    "partnerships": {"description": "body"},
    "safeguards": {"verified_by": "Verified by", "description": "body"},
    "access_programmes": {"purpose": "body", "safeguards": "Safeguards"},
    "attestations": {"statement": "body"},
    "models": {"description": "body"},
}


SHORT_COMMITMENT = 16  # hex characters of a commitment shown in place; the register gives all 64


def register_anchor(trace: Withheld) -> str:
    """The anchor of a withheld thing's entry in the register chapter."""
    return f"withheld-{trace.commitment[:SHORT_COMMITMENT]}"


def field_label(name: str) -> str:
    """``rationale`` -> ``Rationale``, ``verified_by`` -> ``Verified by``."""
    return name.replace("_", " ").capitalize()


def reason_words(reason: str) -> str:
    """A withholding reason without its closing full stop: the templates end the sentence ("Reason: Shared
    in confidence. Commitment ..."), so a reason written as a sentence must not give two full stops."""
    words = reason.strip()
    return words[:-1].rstrip() if words.endswith(".") and not words.endswith("..") else words


def withheld_part(trace: Withheld) -> WithheldPart:
    """A withheld field as shown where it would be."""
    label = field_label(trace.field)
    return WithheldPart(
        label=label,
        text=f"{label} withheld from this edition",
        reason=reason_words(trace.reason),
        short_commitment=trace.commitment[:SHORT_COMMITMENT],
        register_anchor=register_anchor(trace),
    )


def placeholder(trace: Withheld) -> Placeholder:
    """A withheld item as shown where it would sit in its section."""
    return Placeholder(
        title=f"{L.ITEM_LABELS[trace.section].capitalize()} withheld",
        date=L.short_date(trace.day) if trace.day else "",
        reason=reason_words(trace.reason),
        short_commitment=trace.commitment[:SHORT_COMMITMENT],
        register_anchor=register_anchor(trace),
    )


def place_withheld(view: ReportView, report: Report, withheld: list[Withheld]) -> None:
    """Insert a placeholder for each withheld item into its section's list, and mark withheld fields."""
    parts: dict[str, dict[str, dict[str, WithheldPart]]] = {}  # section -> anchor -> field -> part
    for trace in withheld:
        if trace.field:
            anchor = f"{SECTION_VIEWS[trace.section][1]}-{trace.item_id}"
            parts.setdefault(trace.section, {}).setdefault(anchor, {})[trace.field] = withheld_part(trace)
    for section, by_anchor in parts.items():
        attribute = SECTION_VIEWS[section][0]
        marked = [_mark(e, by_anchor.get(e.anchor, {}), section) for e in getattr(view, attribute)]
        setattr(view, attribute, marked)
    for section in LIST_SECTIONS:
        traces = [w for w in withheld if w.section == section and not w.field]
        if not traces:
            continue
        attribute, kind = SECTION_VIEWS[section]
        days = {f"{kind}-{item.id}": item_date(item) for item in _items(report, section)}
        shown = getattr(view, attribute)
        dated = [(days.get(entry.anchor), entry) for entry in shown]
        for trace in sorted(traces, key=lambda w: (w.day or date.max, w.commitment)):
            day = trace.day if section in DATED else None
            dated.insert(_position(dated, day), (day, placeholder(trace)))
        setattr(view, attribute, [entry for _, entry in dated])
        if view.states[section].kind == "none" and not shown:
            view.states[section] = SectionState("items")  # "none this year" would not be true


def _items(report: Report, section: str) -> list[Item]:
    return [i for i in items(getattr(report, section)) if isinstance(i, Item)]


def _position(dated: list[tuple[date | None, Any]], day: date | None) -> int:
    """After the last entry dated on or before ``day``; at the end when there is no date to go by."""
    if day is None:
        return len(dated)
    return bisect.bisect_right([d or date.min for d, _ in dated], day)


def _mark(entry: Any, fields: dict[str, WithheldPart], section: str) -> Any:
    """A view entry with its withheld fields marked: by name, or in the fact, body or timeline they fill."""
    if not fields:
        return entry
    if not isinstance(entry, Row):
        return replace(entry, withheld=WithheldFields(fields))
    by_place = {ROW_PLACES[section][name]: part for name, part in fields.items()}
    facts = [(label, by_place.get(label, value)) for label, value in entry.facts]
    roles = {place: part for place, part in by_place.items() if place in ("body", "timeline")}
    return replace(entry, facts=facts, withheld=WithheldFields(roles))
