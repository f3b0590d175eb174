"""The view model: plain dataclasses of display-ready text that the templates show.

Built by :mod:`reportgen.view`; nothing here computes anything. Here: the report as a whole
(:class:`ReportView`), the board, meetings, decisions, models, the simpler sections and the disclosure
index; the red lines, frameworks and evaluations are in :mod:`.viewmodel_red_lines`, and the parts every
section uses (links, withheld fields, placeholders) in :mod:`.viewmodel_base`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from markupsafe import Markup

from ..core.verdicts import LineVerdict
from ..editions.filtering import Withheld
from .viewmodel_base import Placeholder, Ref, WithheldFields, WithheldPart
from .viewmodel_red_lines import DeterminationView, EvaluationView, FrameworkGroup, FrameworkView, RedLineView

EMPTY = Markup("")


@dataclass(frozen=True)
class SectionState:
    """Whether a section has items, says 'none this year', or was not reported."""

    kind: str  # "items", "none" or "not_reported"
    statement: str = ""


@dataclass(frozen=True)
class KeyFigure:
    value: str
    label: str
    note: str = ""


@dataclass(frozen=True)
class MemberView:
    anchor: str
    id: str
    name: str
    role: str
    affiliation: str
    category: str
    independent: bool
    independence_note: str
    term: str
    attendance: str
    biography: str
    withheld: WithheldFields = field(default_factory=WithheldFields)  # by field name
    # A long independence note goes in a row of its own under the member's row, across the table: in the
    # narrow "Independent" column it would make the row many lines tall.
    note_below: bool = False
    placeholder: ClassVar[bool] = False


@dataclass(frozen=True)
class MeetingView:
    anchor: str
    date: str
    kind: str
    present: int
    eligible: int
    quorate: bool
    absent: list[str]
    summary: str
    decisions: list[Ref]
    withheld: WithheldFields = field(default_factory=WithheldFields)  # by field name
    placeholder: ClassVar[bool] = False


@dataclass(frozen=True)
class ModelView:
    anchor: str
    id: str
    name: str
    developer: str
    status: str
    description: Markup
    safeguards_active: list[Ref]
    determinations: list[DeterminationView]
    withheld: WithheldFields = field(default_factory=WithheldFields)  # by field name
    placeholder: ClassVar[bool] = False


@dataclass(frozen=True)
class VoteView:
    in_favour: list[str]
    against: list[str]
    abstained: list[str]
    absent: list[str]
    recused: list[tuple[str, str]]
    tally: str
    outcome: str  # the decision's outcome in words, as DecisionView.outcome
    casting_vote: str = ""  # "In favour" or "Against" when the chair broke a tie


@dataclass(frozen=True)
class DecisionView:
    anchor: str
    id: str
    date: str
    quarter: str
    title: str
    kind: str
    kind_code: str
    decided_by: str
    meeting: Ref | None
    models: list[Ref]
    red_lines: list[Ref]
    evaluations: list[Ref]
    incidents: list[Ref]
    vote: VoteView | None
    dissents: list[tuple[str, Markup]]
    rationale: Markup
    conditions: list[str]
    outcome: str  # "Carried", "Not carried", "Carried on the chair's casting vote", "By consensus", "No vote"
    outcome_code: str  # carried, not_carried, consensus or no_vote
    withheld: WithheldFields = field(default_factory=WithheldFields)  # by field name
    placeholder: ClassVar[bool] = False


@dataclass(frozen=True)
class Row:
    """A generic item for the simpler sections: a title, a few labelled facts, and prose."""

    anchor: str
    id: str
    title: str
    facts: list[tuple[str, str | WithheldPart]]
    body: Markup
    badge: str = ""
    badge_code: str = ""
    timeline: list[tuple[str, str]] = field(default_factory=list)
    withheld: WithheldFields = field(default_factory=WithheldFields)  # "body" or "timeline", when withheld
    placeholder: ClassVar[bool] = False


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, as numbers; :mod:`reportgen.view.charts` draws it, templates show its table."""

    title: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[float | int | str]]]
    svg: Markup = EMPTY


@dataclass(frozen=True)
class ContentsEntry:
    anchor: str
    title: str


@dataclass
class ReportView:
    title: str
    subtitle: str
    organisation: str
    website: str
    contact: str
    board_name: str
    period: str
    year: str
    edition: str
    edition_title: str
    audience: str
    status: str
    draft: bool
    illustrative: bool
    notice_label: str  # "Illustrative example:" for illustrative data
    notice: str  # the cover's notice: report.notice, or the standard words for illustrative data
    colophon_note: str  # "Illustrative example: fictional data", or "Illustrative example" under a notice
    published: str
    published_iso: str
    language: str
    foreword: Markup
    foreword_by: str
    methodology: Markup
    mandate: Markup
    chair: str
    quorum: int
    key_figures: list[KeyFigure]
    members: list[MemberView]
    composition: list[KeyFigure]
    meetings: Sequence[MeetingView | Placeholder]
    red_lines: Sequence[RedLineView | Placeholder]
    frameworks: Sequence[FrameworkView | Placeholder]
    evaluations: Sequence[EvaluationView | Placeholder]
    decisions: Sequence[DecisionView | Placeholder]
    incidents: Sequence[Row | Placeholder]
    sharing: Sequence[Row | Placeholder]
    partnerships: Sequence[Row | Placeholder]
    safeguards: Sequence[Row | Placeholder]
    access_programmes: Sequence[Row | Placeholder]
    attestations: Sequence[Row | Placeholder]
    models: Sequence[ModelView | Placeholder]
    determinations: list[DeterminationView]
    models_safeguards: bool  # a model lists the safeguard standards in force for it: the table has that column
    models_columns: int  # the models table's columns
    glossary: list[tuple[str, str]]
    states: dict[str, SectionState]
    charts: dict[str, ChartData]
    contents: list[ContentsEntry]
    provenance: list[tuple[str, str, str]] = field(default_factory=list)
    logo: str = ""  # a data: URL, embedded so that the HTML is one file and the PDF fetches nothing
    canonical_sha256: str = ""
    generator: str = ""
    withheld: list[Row] = field(default_factory=list)
    withheld_counts: list[tuple[str, int]] = field(default_factory=list)
    withheld_field_counts: list[tuple[str, str, int]] = field(default_factory=list)  # what, reason, count
    withheld_title: str = "What this edition withholds"
    # Lists built from decisions (a meeting's, a red line's) cannot mark a withheld one without telling
    # which meeting or red line it concerned: they say once that withheld decisions are left out.
    decisions_withheld_note: str = ""
    changes: Markup = EMPTY
    # The red lines by framework and category (levels in order), with the placeholders of withheld ones.
    red_line_groups: list[FrameworkGroup] = field(default_factory=list)
    # How the verdicts of the period were reached: against the previous report, or from the board's history.
    verdict_basis: str = ""
    # Appendix: where the report answers each checklist it names, requirement by requirement.
    disclosure_index: list[DisclosureChecklistView] = field(default_factory=list)


@dataclass(frozen=True)
class DisclosureRowView:
    """One requirement of a checklist in the disclosure index: where it is answered, or why not."""

    id: str
    title: str
    source: str
    status: str
    status_code: str
    places: list[Ref]
    note: str


@dataclass(frozen=True)
class DisclosureChecklistView:
    """One checklist of the disclosure index, with its counts."""

    id: str
    name: str
    version: str
    url: str
    counts: list[tuple[str, str]]
    rows: list[DisclosureRowView]


@dataclass(frozen=True)
class EditionFacts:
    """What the build knows of one edition beyond its filtered data, handed to :func:`build_view` so that
    the view is complete when built (nothing outside the view stage changes it afterwards)."""

    provenance: list[tuple[str, str, str]] = field(default_factory=list)  # file, sha256, size
    logo: str = ""  # a data: URL
    canonical_sha256: str = ""
    generator: str = ""
    withheld: list[Withheld] = field(default_factory=list)  # what this edition leaves out
    register: list[Withheld] = field(default_factory=list)  # the internal edition: what the others leave out
    changes: Markup = EMPTY  # the "Changes since the last report" chapter, rendered
    # each red line's verdict against the previous report (computed by diff), shown wherever the line is
    red_line_verdicts: dict[str, LineVerdict] = field(default_factory=dict)
    # the disclosure index as this edition shows it (checks.disclosures.coverage), when checklists are named
    disclosures: Any = None
