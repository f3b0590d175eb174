"""Placeholders for withheld items, as rows the templates display."""

from __future__ import annotations

from markupsafe import Markup

from . import labels as L
from .editions import Withheld
from .view import Row


def withheld_rows(withheld: list[Withheld]) -> list[Row]:
    rows = []
    for index, item in enumerate(sorted(withheld, key=lambda w: (w.section, w.day or w.section, w.commitment)), 1):
        facts = [("Kind", L.ITEM_LABELS.get(item.section, item.section).capitalize())]
        if item.day is not None:
            facts.append(("Date", L.long_date(item.day)))
        facts.append(("Reason", item.reason))
        facts.append(("Commitment (sha256)", item.commitment))
        if item.salt:
            facts.append(("Item", item.item_id))
            facts.append(("Salt", item.salt))
        rows.append(
            Row(
                anchor=f"withheld-{index}",
                id=f"W-{index}",
                title=f"Withheld {L.ITEM_LABELS.get(item.section, item.section)}",
                facts=facts,
                body=Markup(""),
            )
        )
    return rows
