"""The view model's red lines, the frameworks they come from and the evaluations against them: plain
dataclasses of display-ready text (built by :mod:`.red_lines` and :mod:`.frameworks`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from markupsafe import Markup

from .viewmodel_base import Placeholder, Ref, WithheldFields


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
