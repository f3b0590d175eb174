"""Disclosures: where the report answers each requirement of the checklists it names, or why it does not.

A content index in the manner of sustainability reporting (GRI): for every requirement of a checklist
named in ``report.checklists``, the report items (by id, any section) or whole sections that answer it;
or ``partial`` with what is still missing; or ``omitted`` with a reason. The checks are in
:mod:`reportgen.checks.disclosure_checks`; :mod:`reportgen.checks.disclosures` computes the coverage a view shows.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Closed, ItemId, ShortText, Text

OmissionReason = Literal["not_applicable", "confidential", "not_yet_available"]
OMISSION_REASONS: tuple[str, ...] = ("not_applicable", "confidential", "not_yet_available")
# What a reference to an item an edition withholds reads in that edition's data (as editions.filtering writes it).


class Omission(Closed):
    """Why the report does not answer a requirement."""

    reason: OmissionReason = Field(
        description="not_applicable (the requirement does not apply to this board), confidential (the answer "
        "exists but is not published) or not_yet_available (it will be answered in a later report)."
    )
    text: Text = Field(description="The explanation readers see, e.g. 'The Board places no model on the market.'")


class RequirementAnswer(Closed):
    """Where the report answers one requirement: items, whole sections, or why not."""

    requirement: ItemId = Field(description="Id of the requirement in its checklist, e.g. 'II' or 'M7.2'.")
    items: list[ItemId] = Field(
        default_factory=list,
        description="Ids of the report items that answer it, from any section (red lines, frameworks, decisions, "
        "evaluations, incidents, safeguards, board members ...).",
    )
    sections: list[ShortText] = Field(
        default_factory=list,
        description="Whole sections that answer it, by name: report, board, red_lines, frameworks, decisions, ...",
    )
    partial: Text | None = Field(
        None, description="For an answer that covers only part of the requirement: what is still missing."
    )
    omitted: Omission | None = Field(
        None, description="For a requirement the report does not answer: the reason and its explanation."
    )
    note: Text | None = Field(None, description="How the items and sections answer it, in a sentence or two.")


class Disclosure(Closed):
    """The answers to one checklist the report names in report.checklists."""

    checklist: ItemId = Field(
        description="Id of the checklist, e.g. 'seoul-2024' (a checklist file's own id when report.checklists "
        "names the file)."
    )
    answers: list[RequirementAnswer] = Field(
        default_factory=list, description="One entry per requirement, in any order."
    )


__all__ = [
    "OMISSION_REASONS",
    "Disclosure",
    "Omission",
    "OmissionReason",
    "RequirementAnswer",
]
