"""The view model: plain dataclasses of display-ready text that the templates show.

Built by :mod:`reportgen.view`; nothing here computes anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from markupsafe import Markup

from ..core.verdicts import LineVerdict
from ..editions.filtering import Withheld

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
class Ref:
    """A link to another item (its anchor and label), or a withheld reference."""

    anchor: str
    text: str
    withheld: bool = False


@dataclass(frozen=True)
class WithheldPart:
    """A field this edition withholds from an item it shows, displayed where the field would be."""

    label: str  # "Rationale"
    text: str  # "Rationale withheld from this edition"
    reason: str
    short_commitment: str
    register_anchor: str  # the full entry in the withheld chapter


class WithheldFields(dict[str, WithheldPart]):
    """Withheld fields by name; a field that is not withheld reads as None, so that a template can ask
    ``d.withheld.rationale``."""

    def __getattr__(self, name: str) -> WithheldPart | None:
        return self.get(name)


@dataclass(frozen=True)
class Placeholder:
    """A withheld item, displayed where it would sit in its section's list."""

    title: str  # "Decision withheld"
    date: str  # "" when the item has no date
    reason: str
    short_commitment: str
    register_anchor: str
    placeholder: ClassVar[bool] = True


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
class ResultView:
    evaluation: Ref
    model: str
    date: str
    evaluator: str
    result: str
    result_code: str
    score: str
    # "Alert threshold reached; Critical level not reached", "Level reached: Medium", "Before mitigations: ..."
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class VerdictView:
    """A red line's one verdict for the period, as the overview, the year at a glance and its card show it."""

    code: str  # weakened, strengthened, mixed, clarified, retired, introduced, commitment-unchanged, unchanged
    label: str  # "Weakened"
    board: str = ""  # "the board calls it clarified", when the board's own label differs
    unexplained: str = ""  # why a weakening or retirement is unexplained; "" when it is not
    mislabelled: str = ""  # why the board's label contradicts the computed verdict
    computed: bool = False  # True: against the previous report; False: from the board's history entries

    @property
    def changed(self) -> bool:
        return self.code not in ("unchanged", "commitment-unchanged")


@dataclass(frozen=True)
class ConditionView:
    """One condition of a criterion: its words and its measure ("uplift ≥ 20 percentage points", "e.g. 3×")."""

    description: str
    measure: str
    example: bool = False


@dataclass(frozen=True)
class ThresholdView:
    """A criterion or an early warning: its words, its measure, and its combined conditions if any."""

    description: str
    measure: str
    example: bool = False
    combine: str = ""  # "Any of" or "All of"
    conditions: list[ConditionView] = field(default_factory=list)


@dataclass(frozen=True)
class ResponseView:
    actions: list[str]
    steps: list[tuple[str, str, str]]  # (condition, action, time allowed), in order
    description: str


@dataclass(frozen=True)
class StageView:
    """The safeguards a red line requires at one stage (development, internal or external deployment)."""

    field: str  # the red line's field, e.g. "required_safeguards"
    label: str  # "Before external deployment"
    safeguards: list[Ref]


@dataclass(frozen=True)
class DeterminationView:
    """A formal finding about one model: against a red line or a category's level."""

    date: str
    model: Ref
    concerning: Ref  # the red line by its id, or the category and level in words (no anchor)
    concerning_note: str  # the red line's title
    outcome: str  # "Treated as reached (precaution)"
    outcome_code: str
    safeguards: list[Ref]
    by: str
    decision: Ref | None
    note: str
    source: str  # the address where it was published, if given
    source_text: str  # the address as printed (without https://)
    source_note: str  # the words beside the address, or the source in words
    red_line_id: str = ""  # the red line it concerns, if it names one


@dataclass(frozen=True)
class HistoryView:
    date: str
    change: str
    change_code: str
    summary: str
    reason: str
    decision: Ref | None
    this_period: bool  # adopted (else dated) within the reporting period
    dates_note: str = ""  # "Published 2 Apr 2025 · adopted 15 Apr 2025", when not the same as the date


@dataclass(frozen=True)
class RedLineView:
    anchor: str
    id: str
    title: str
    kind: str  # "Capability threshold", "Safeguard standard", "Research category"
    research: bool  # monitored with no threshold: no criterion box, response or tier
    research_status: str  # "Monitored, no threshold" for a research category, else ""
    place: str  # "Biological and chemical · High", or the domain and tier of a line outside a framework
    framework: Ref | None
    group: tuple[str, str]  # (framework id, category id) it is listed under; "" when it has none
    domain: str
    tier: str
    tracked: bool
    status: str
    current_result: str
    current_result_code: str
    verdict: VerdictView
    capability: str
    harm: str
    criterion: ThresholdView | None
    early_warning: ThresholdView | None
    early_warning_response: ResponseView | None
    early_warning_safeguards: list[Ref]
    stages: list[StageView]  # the stages with safeguards, earliest first
    response: ResponseView | None
    decided_by: str
    review: str
    lineage: list[tuple[str, Ref]]  # ("Split from", RL-CBRN)
    source: str  # the address of the framework text, if given
    source_text: str  # the address as printed
    source_note: str  # the words beside it ("Capability Thresholds"), or the source in words
    history: list[HistoryView]
    results: list[ResultView]
    determinations: list[DeterminationView]
    decisions: list[Ref]
    withheld_decisions: bool  # a decision this edition withholds concerns the line (in its history, say)
    notes: Markup
    withheld: WithheldFields = field(default_factory=WithheldFields)  # by field name
    placeholder: ClassVar[bool] = False


@dataclass(frozen=True)
class CategoryGroup:
    """The red lines of one category (or those outside any), levels in order, under their heading."""

    anchor: str
    title: str  # "" when the chapter needs no category headings
    note: str  # "Tracked category · levels High, Critical"
    lines: Sequence[RedLineView | Placeholder]
    level: int = 3  # the heading level of its title
    card_level: int = 3  # the heading level of its red lines' titles


@dataclass(frozen=True)
class FrameworkGroup:
    """The red lines of one framework, by category; ``title`` is "" when there is only one framework."""

    anchor: str
    title: str
    note: str
    categories: list[CategoryGroup]


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str
    kind: str  # "Tracked" or "Research"
    kind_code: str
    levels: list[str]  # lowest first
    description: str
    red_lines: list[Ref]  # the report's red lines in it, levels in order


@dataclass(frozen=True)
class CommitmentView:
    id: str
    title: str
    text: str
    source: str  # the address of its source, if it gives one
    source_text: str  # the address as printed
    source_note: str  # the words beside the address ("section 6"), or the source in words


@dataclass(frozen=True)
class FrameworkView:
    anchor: str
    id: str
    title: str  # "Preparedness Framework, version 2"
    name: str
    owner: str
    version: str
    status: str
    status_code: str
    url: str
    url_text: str
    dates: list[tuple[str, str]]  # ("Published", "15 Apr 2025"), ("In effect from", ...), ("Adopted by the board", ...)
    supersedes: Ref | None
    superseded_by: list[Ref]
    categories: list[CategoryView]
    commitments: list[CommitmentView]
    notes: Markup
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
class EvaluationResultView:
    """One result of an evaluation, against one red line."""

    red_line: Ref  # by its id ("withheld red line" when withheld)
    title: str  # the red line's title
    result: str
    result_code: str
    score: str
    note: str
    details: list[str]  # the alert threshold's result beside the line's, the level reached, pre/post-mitigation


@dataclass(frozen=True)
class EvaluationView:
    anchor: str
    id: str
    models: list[Ref]  # one, or several for a joint evaluation
    models_label: str  # "Model", or "Models (joint evaluation)"
    title: str  # the models' names: "Atlas-3.5 and Beacon-2"
    date: str
    evaluator: str
    evaluator_kind: str
    independent: bool
    access: str
    mitigations: str
    method: str
    results: Sequence[EvaluationResultView]
    summary: Markup
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
