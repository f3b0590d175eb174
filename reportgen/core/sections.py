"""The top-level sections of a report's input files, without the schema (which costs a third of a
second to build): reading files needs only their names."""

from __future__ import annotations

# Sections that hold lists of items with ids, in report order; mapping sections are 'report' and 'board'.
LIST_SECTIONS: tuple[str, ...] = (
    "meetings",
    "models",
    "red_lines",
    "evaluations",
    "decisions",
    "incidents",
    "information_sharing",
    "partnerships",
    "safeguards",
    "access_programmes",
    "attestations",
    "frameworks",  # last: added in 0.2, so that earlier outputs keep their order
)
MAP_SECTIONS: tuple[str, ...] = ("report", "board")

# The field that dates an item, first found first: what placeholders and sorting by date use.
DATE_FIELDS: tuple[str, ...] = ("date", "detected", "since", "launched")
ALL_SECTIONS: tuple[str, ...] = (*MAP_SECTIONS, *LIST_SECTIONS, "glossary", "disclosures")
