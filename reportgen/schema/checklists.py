"""Checklists: an external framework's disclosure requirements, as data (one YAML file per checklist).

A checklist is what a board reports against: the EU GPAI Code of Practice's Safety and Security chapter,
the Frontier AI Safety Commitments of Seoul, or a board's own list. Each requirement quotes the framework
briefly, names the section of the source that states it, and may hint at the report sections that usually
answer it. Two checklists ship with reportgen (``reportgen/schema/checklists/``); a board can add its own
file and name it in ``report.checklists``. Reading a file is :func:`reportgen.checks.checklist_files.read_checklist`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import WEB_ADDRESS_PATTERN, Closed, IsoDate, ItemId, ShortText, Text

WebAddress = Annotated[str, Field(pattern=WEB_ADDRESS_PATTERN, strict=True)]


class ChecklistRequirement(Closed):
    """One requirement of a checklist: what the framework asks a report to say, and where it asks it."""

    id: ItemId = Field(
        description="Stable identifier within the checklist, as the framework numbers it where it can, e.g. "
        "'II' or 'M7.2'; a report's disclosures name it."
    )
    title: ShortText = Field(description="Short name, e.g. 'Reasons for proceeding'.")
    text: Text = Field(
        description="The requirement, quoted faithfully but briefly from the source (an ellipsis marks a cut); "
        "where the wording could not be checked against the source it says 'wording not verified'."
    )
    source: ShortText = Field(
        description="The section of the source that states it, e.g. 'Commitment 7, Measure 7.2' or "
        "'Outcome 1, commitment II'."
    )
    group: ShortText | None = Field(
        None, description="The heading it sits under in the source, e.g. 'Outcome 1' or 'Commitment 7'."
    )
    hints: list[ShortText] = Field(
        default_factory=list,
        description="Report sections that usually answer it (e.g. [red_lines, frameworks]): a suggestion for "
        "whoever writes the disclosures, never a check.",
    )


class Checklist(Closed):
    """An external framework's requirements, one file per framework version."""

    id: ItemId = Field(description="Identifier a report names in report.checklists and disclosures, e.g. 'seoul-2024'.")
    name: ShortText = Field(description="The framework's name, e.g. 'Frontier AI Safety Commitments'.")
    issuer: ShortText = Field(description="Who published the framework.")
    version: ShortText = Field(description="Which version or edition the requirements come from.")
    published: IsoDate = Field(description="Date the version was published.")
    url: WebAddress = Field(description="https:// address of the published text.")
    notes: Text | None = Field(
        None,
        description="How the requirements were encoded: which copy of the text was read, what could not be "
        "verified against it.",
    )
    requirements: list[ChecklistRequirement] = Field(
        min_length=1, description="The requirements, in the order of the source."
    )

    def requirement(self, requirement_id: str) -> ChecklistRequirement | None:
        """The requirement with this id, if the checklist has one."""
        return next((r for r in self.requirements if r.id == requirement_id), None)


__all__ = ["Checklist", "ChecklistRequirement"]
