"""The view model: plain dataclasses of display-ready text that the templates show.

Built by :mod:`reportgen.view`; nothing here computes anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

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


@dataclass(frozen=True)
class HistoryView:
    date: str
    change: str
    change_code: str
    summary: str
    reason: str
    decision: Ref | None
    this_period: bool


@dataclass(frozen=True)
class RedLineView:
    anchor: str
    id: str
    title: str
    domain: str
    tier: str
    tracked: bool
    status: str
    current_result: str
    current_result_code: str
    capability: str
    harm: str
    criterion: str
    criterion_measure: str
    early_warning: str
    early_warning_measure: str
    safeguards: list[Ref]
    response_actions: list[str]
    response: str
    decided_by: str
    review: str
    history: list[HistoryView]
    changed_this_period: list[str]
    results: list[ResultView]
    decisions: list[Ref]
    notes: Markup
    withheld: WithheldFields = field(default_factory=WithheldFields)  # by field name
    placeholder: ClassVar[bool] = False


@dataclass(frozen=True)
class EvaluationView:
    anchor: str
    id: str
    model: Ref
    date: str
    evaluator: str
    evaluator_kind: str
    independent: bool
    access: str
    mitigations: str
    method: str
    results: Sequence[tuple[Ref, str, str, str, str]]  # red line, result label, code, score, note
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
    evaluations: Sequence[EvaluationView | Placeholder]
    decisions: Sequence[DecisionView | Placeholder]
    incidents: Sequence[Row | Placeholder]
    sharing: Sequence[Row | Placeholder]
    partnerships: Sequence[Row | Placeholder]
    safeguards: Sequence[Row | Placeholder]
    access_programmes: Sequence[Row | Placeholder]
    attestations: Sequence[Row | Placeholder]
    models: Sequence[Row | Placeholder]
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
