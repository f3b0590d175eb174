"""The whole report: its metadata and every section."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BeforeValidator, Discriminator, Field, PlainSerializer, Tag, WithJsonSchema

from ..core.sections import ALL_SECTIONS, LIST_SECTIONS, MAP_SECTIONS
from .activities import (
    AccessProgramme,
    Attestation,
    GlossaryEntry,
    Incident,
    InformationSharing,
    Partnership,
    Safeguard,
)
from .base import (
    EMAIL_PATTERN,
    LANGUAGE_PATTERN,
    WEB_ADDRESS_PATTERN,
    Closed,
    IsoDate,
    ItemId,
    Markdown,
    NoneThisYear,
    ShortText,
    Text,
)
from .board import Board, Meeting
from .decisions import Decision
from .disclosures import Disclosure
from .evaluations import Evaluation, Model
from .frameworks import Framework
from .redlines import RedLine

SCHEMA_VERSION = "1.0"

_PERIOD = re.compile(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})\Z")


class Period(Closed):
    """A reporting period: first and last day, inclusive."""

    start: date = Field(description="First day.")
    end: date = Field(description="Last day.")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _period(value: Any) -> Any:
    """An ISO 8601 interval ``2026-01-01/2026-12-31`` as the EU DSA templates write it."""
    if isinstance(value, str):
        match = _PERIOD.match(value)
        if not match:
            raise ValueError(f"'{value}' is not a period in the form YYYY-MM-DD/YYYY-MM-DD")
        try:
            start, end = (date.fromisoformat(g) for g in match.groups())
        except ValueError:
            raise ValueError(f"'{value}' holds a date that does not exist") from None
        if end < start:
            raise ValueError(f"the period ends ({end}) before it starts ({start})")
        return {"start": start, "end": end}
    if isinstance(value, Period):
        return value
    raise ValueError("expected a period in the form YYYY-MM-DD/YYYY-MM-DD")


class Organisation(Closed):
    """Who publishes the report."""

    name: ShortText = Field(description="Name of the publishing organisation or joint venture.")
    website: Annotated[str, Field(pattern=WEB_ADDRESS_PATTERN, strict=True)] | None = Field(
        None, description="https:// address of the organisation."
    )
    contact: Annotated[str, Field(pattern=EMAIL_PATTERN, strict=True)] | None = Field(
        None, description="E-mail address for questions about the report."
    )


class ReportMeta(Closed):
    """What the report is: title, publisher, period, edition."""

    title: ShortText = Field(description="Title on the cover, e.g. 'Annual Transparency Report 2026'.")
    subtitle: ShortText | None = Field(None, description="Line under the title.")
    organisation: Organisation = Field(description="Who publishes it.")
    period: Annotated[
        Period,
        BeforeValidator(_period),
        PlainSerializer(lambda p: f"{p.start}/{p.end}", return_type=str),
        WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}$"}),
    ] = Field(description="Reporting period as an ISO 8601 interval: YYYY-MM-DD/YYYY-MM-DD.")
    edition: ShortText = Field(description="Edition label, e.g. 'First edition' or 'v1.1'.")
    status: Literal["draft", "final"] = Field(description="draft or final; drafts are watermarked.")
    published: IsoDate = Field(description="Publication date; also the date stamped into the PDF.")
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN, strict=True)] = Field(
        "en", description="BCP 47 language tag of the text, e.g. 'en' or 'en-GB'."
    )
    previous_report: ShortText | None = Field(
        None, description="Path (relative to this folder) of the previous report's folder or PDF."
    )
    illustrative: bool = Field(
        False, strict=True, description="true for example data: the cover then says it is fictional."
    )
    notice: Text | None = Field(
        None,
        description="A notice printed on the cover in place of the standard one for illustrative data, e.g. "
        "'The board and its people are fictional; the frameworks quoted are real, with their sources.'",
    )
    foreword: Markdown | None = Field(None, description="The chair's foreword.")
    foreword_by: ItemId | None = Field(None, description="Member id of the foreword's author.")
    methodology: Markdown | None = Field(None, description="How the report was prepared.")
    logo: ShortText | None = Field(
        None, description="Path of an SVG or PNG logo inside the report folder (at most 1 MB), shown on the cover."
    )
    checklists: list[ShortText] = Field(
        default_factory=list,
        description="The external frameworks the report answers, requirement by requirement, in disclosures: ids "
        "of shipped checklists (seoul-2024, eu-gpai-cop-ss-2025) or paths of checklist files in the report folder.",
    )


def _section_tag(value: Any) -> str:
    # a mapping when validating; the model itself when serialising (else pydantic warns on every dump)
    return "none" if isinstance(value, dict | NoneThisYear) else "items"


def _section_field(what: str) -> Any:
    """A list of items, or ``{none_this_year: ...}``; leaving the key out means 'not reported'."""
    return Field(
        None,
        description=f"{what}. A list; or {{none_this_year: 'statement'}} to say explicitly that there "
        "were none. Leaving it out means 'not reported'.",
    )


_T = TypeVar("_T")
# A section is a list of items or an explicit 'none this year', told apart by shape (no union guessing).
Section = Annotated[
    Annotated[list[_T], Tag("items")] | Annotated[NoneThisYear, Tag("none")], Discriminator(_section_tag)
]


class Report(Closed):
    """A board's year, as one validated model."""

    report: ReportMeta = Field(description="What the report is.")
    board: Board = Field(description="The board and its members.")
    meetings: Section[Meeting] | None = _section_field("Board meetings")
    models: Section[Model] | None = _section_field("Models under the board's oversight")
    red_lines: Section[RedLine] | None = _section_field("Red lines")
    evaluations: Section[Evaluation] | None = _section_field("Evaluations")
    decisions: Section[Decision] | None = _section_field("Decisions")
    incidents: Section[Incident] | None = _section_field("Incidents")
    information_sharing: Section[InformationSharing] | None = _section_field("Information shared with others")
    partnerships: Section[Partnership] | None = _section_field("Partnerships")
    safeguards: Section[Safeguard] | None = _section_field("Safeguards")
    access_programmes: Section[AccessProgramme] | None = _section_field("Access programmes")
    attestations: Section[Attestation] | None = _section_field("Signed statements")
    frameworks: Section[Framework] | None = _section_field(
        "The safety frameworks the red lines come from (each version an item)"
    )
    glossary: list[GlossaryEntry] = Field(default_factory=list, description="Terms explained for readers.")
    disclosures: list[Disclosure] = Field(
        default_factory=list,
        description="For each checklist in report.checklists, where the report answers each requirement, or why not.",
    )


__all__ = [
    "ALL_SECTIONS",
    "LIST_SECTIONS",
    "MAP_SECTIONS",
    "SCHEMA_VERSION",
    "Period",
    "Report",
    "ReportMeta",
    "items",
]


def items(section: list[_T] | NoneThisYear | None) -> list[_T]:
    """The items of a section, whether it is a list, an explicit 'none this year', or not reported."""
    return section if isinstance(section, list) else []
