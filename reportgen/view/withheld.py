"""What an edition withholds, as the view displays it: the register chapter, its counts and key figures.

The register lists every withheld item and every withheld field of a shown item, with its reason and
its commitment (the internal edition adds the salts). The placeholders in each section's own listing
are made by :mod:`reportgen.view.withheld_in_place`.
"""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..core import labels as L
from ..editions.filtering import Withheld, withheld_counts
from ..schema import Report
from .viewmodel import ContentsEntry, KeyFigure, ReportView, Row
from .viewmodel_base import WithheldPart
from .withheld_in_place import field_label, place_withheld, register_anchor

_TITLES = {
    "public": "What this edition withholds",
    "regulator": "What this edition withholds",
    "internal": "Register of items withheld from other editions",
}
_SHOWN_TO = {"regulator": "Regulator and internal editions", "internal": "Internal edition only"}
_ITEM_AUDIENCE = {"public": "public", "regulator": "regulator-only", "internal": "internal"}


def _order(trace: Withheld) -> tuple[str, str, str, str]:
    return (trace.section, (trace.day.isoformat() if trace.day else ""), trace.field, trace.commitment)


def withheld_rows(withheld: list[Withheld]) -> list[Row]:
    """The register: one entry per withheld item or field, each with its full commitment."""
    rows = []
    for index, trace in enumerate(sorted(withheld, key=_order), 1):
        kind = L.ITEM_LABELS.get(trace.section, trace.section)
        facts: list[tuple[str, str | WithheldPart]] = []
        if trace.field:
            title = f"{field_label(trace.field)} of {kind} {trace.item_id}"
            facts.append(("Detail", f"{field_label(trace.field)} of a {_ITEM_AUDIENCE[trace.item_audience]} {kind}"))
        else:
            title = f"Withheld {kind}"
            facts.append(("Kind", kind.capitalize()))
        if trace.day is not None:
            facts.append(("Date", L.long_date(trace.day)))
        facts.append(("Reason", trace.reason))
        if trace.salt:  # the internal register: what each entry is and who may see it
            facts.append(("Shown to", _SHOWN_TO.get(trace.audience, trace.audience)))
            if not trace.field:
                facts.append(("Item", trace.item_id))
        facts.append(("Commitment (sha256)", trace.commitment))
        if trace.salt:
            facts.append(("Salt", trace.salt))
        rows.append(Row(anchor=register_anchor(trace), id=f"W-{index}", title=title, facts=facts, body=Markup("")))
    return rows


def field_counts(withheld: list[Withheld]) -> list[tuple[str, str, int]]:
    """How many fields of shown items are withheld: (what, reason, count), most first."""
    counts = Counter(
        (
            f"{field_label(w.field)} of a {_ITEM_AUDIENCE[w.item_audience]} {L.ITEM_LABELS.get(w.section, w.section)}",
            w.reason,
        )
        for w in withheld
        if w.field
    )
    return sorted(((what, why, n) for (what, why), n in counts.items()), key=lambda row: (-row[2], row[0], row[1]))


def show_withheld(
    view: ReportView, report: Report, edition: str, withheld: list[Withheld], register: list[Withheld]
) -> None:
    """Put what ``edition`` withholds into its view: in place in each section, and in the register chapter.

    ``withheld`` is what this edition leaves out; the internal edition leaves out nothing and shows
    ``register``, everything the other editions leave out, with the salts.
    """
    place_withheld(view, report, withheld)
    shown = register if edition == "internal" else withheld
    view.withheld = withheld_rows(shown)
    view.withheld_counts = withheld_counts(shown)
    view.withheld_field_counts = field_counts(shown)
    view.withheld_title = _TITLES[edition]
    if shown:
        view.contents.append(ContentsEntry("withheld", view.withheld_title))
    whole = sum(1 for w in withheld if not w.field)
    if any(w.section == "decisions" and not w.field for w in withheld):
        view.decisions_withheld_note = "Decisions this edition withholds are not listed here."
    parts = len(withheld) - whole
    if whole:
        view.key_figures.append(KeyFigure(str(whole), "items withheld", "from this edition, with reasons"))
    if parts:
        label = "detail withheld" if parts == 1 else "details withheld"
        view.key_figures.append(KeyFigure(str(parts), label, "from items this edition shows"))
