"""Stage 2: the validated report -> the view model the templates display.

Every count, sort, percentage, label and date computation happens here (and in :mod:`figures`), once,
and is tested here; templates only display.
"""

from __future__ import annotations

from ..core import labels as L
from ..schema import Decision, Report, ReportMeta, items
from ..schema.base import NoneThisYear
from .disclosures import disclosure_index
from .figures import chart_data, composition, current_results, key_figures
from .frameworks import framework_views, group_red_lines
from .links import Links, anchor
from .models import determination_views, model_views
from .prose import render_markdown
from .red_lines import evaluation_views, red_line_views
from .rows import row_sections
from .verdicts import line_verdicts, verdict_basis
from .viewmodel import (
    ChartData,
    ContentsEntry,
    DecisionView,
    EditionFacts,
    KeyFigure,
    MeetingView,
    MemberView,
    ReportView,
    Row,
    SectionState,
    VoteView,
)
from .viewmodel_base import Ref
from .viewmodel_red_lines import EvaluationView, RedLineView
from .withheld import show_withheld

# An independence note up to this long (one of the example's "Employed by ..., whose models the Board
# oversees.") stays in its cell; a longer one gets a row of its own under the member's row.
NOTE_IN_CELL_CHARS = 90

__all__ = [
    "ChartData",
    "ContentsEntry",
    "DecisionView",
    "EvaluationView",
    "KeyFigure",
    "MeetingView",
    "MemberView",
    "RedLineView",
    "Ref",
    "ReportView",
    "Row",
    "SectionState",
    "VoteView",
    "build_view",
    "current_results",
]


def _state(section: object) -> SectionState:
    if section is None:
        return SectionState("not_reported", "Not reported.")
    if isinstance(section, NoneThisYear):
        return SectionState("none", section.none_this_year)
    return SectionState("items") if section else SectionState("none", "None this year.")


def _members(report: Report) -> list[MemberView]:
    meetings = items(report.meetings)
    views = []
    order = {"chair": 0, "vice_chair": 1, "member": 2, "observer": 3}
    for member in sorted(report.board.members, key=lambda m: (order[m.role], m.name)):
        eligible = [m for m in meetings if member.serving_on(m.date)]
        present = sum(1 for m in eligible if member.id in m.attendees)
        attendance = f"{present} of {len(eligible)} ({L.percent(present, len(eligible))})" if eligible else "–"
        end = L.short_date(member.term.end) if member.term.end else "present"
        views.append(
            MemberView(
                anchor=anchor("member", member.id),
                id=member.id,
                name=member.name,
                role=L.label(L.ROLE_LABELS, member.role),
                affiliation=member.affiliation,
                category=L.label(L.CATEGORY_LABELS, member.category),
                independent=member.independent,
                independence_note=member.independence_note or "",
                note_below=len(member.independence_note or "") > NOTE_IN_CELL_CHARS,
                term=f"{L.short_date(member.term.start)} – {end}",
                attendance=attendance,
                biography=member.biography or "",
            )
        )
    return views


def _meetings(report: Report, refs: Links) -> list[MeetingView]:
    by_meeting: dict[str, list[str]] = {}
    for decision in items(report.decisions):
        if decision.meeting:
            by_meeting.setdefault(decision.meeting, []).append(decision.id)
    views = []
    for meeting in sorted(items(report.meetings), key=lambda m: (m.date, m.id)):
        eligible = report.board.voters_on(meeting.date)
        present = sum(1 for m in eligible if m.id in meeting.attendees)
        views.append(
            MeetingView(
                anchor=anchor("meeting", meeting.id),
                date=L.long_date(meeting.date),
                kind=L.label({"regular": "Regular", "extraordinary": "Extraordinary"}, meeting.kind),
                present=present,
                eligible=len(eligible),
                quorate=present >= report.board.quorum,
                absent=[m.name for m in eligible if m.id not in meeting.attendees],
                summary=meeting.summary or "",
                decisions=refs.refs("decision", by_meeting.get(meeting.id, [])),
            )
        )
    return views


def outcome_words(decision: Decision) -> tuple[str, str]:
    """The decision's outcome in words, and its code (``Decision.final_outcome``): "Carried unanimously" when
    no one voted against or abstained, "... on the chair's casting vote" when the chair broke a tie."""
    outcome = decision.final_outcome()
    vote = decision.vote
    if vote is not None and outcome in L.CASTING_VOTE_OUTCOME_LABELS:
        if vote.casting_vote is not None and vote.tied():
            return L.CASTING_VOTE_OUTCOME_LABELS[outcome], outcome
        if outcome == "carried" and vote.in_favour and not vote.against and not vote.abstained:
            return L.UNANIMOUS_LABEL, outcome
    return L.label(L.OUTCOME_LABELS, outcome), outcome


def _vote(decision: Decision, refs: Links, outcome: str) -> VoteView | None:
    vote = decision.vote
    if vote is None:
        return None
    yes, no, abstain = len(vote.in_favour), len(vote.against), len(vote.abstained)
    tally = f"{yes} for, {no} against, {abstain} abstaining"
    if vote.recused:
        tally += f", {len(vote.recused)} recused"
    if vote.absent:
        tally += f", {len(vote.absent)} absent"
    return VoteView(
        in_favour=[refs.name(m) for m in vote.in_favour],
        against=[refs.name(m) for m in vote.against],
        abstained=[refs.name(m) for m in vote.abstained],
        absent=[refs.name(m) for m in vote.absent],
        recused=[(refs.name(r.member), r.reason) for r in vote.recused],
        tally=tally,
        outcome=outcome,
        casting_vote=L.label(L.CASTING_VOTE_LABELS, vote.casting_vote) if vote.casting_vote else "",
    )


def sorted_decisions(report: Report) -> list[Decision]:
    return sorted(items(report.decisions), key=lambda d: (d.date, d.id))


def _decisions(report: Report, refs: Links) -> list[DecisionView]:
    views = []
    for d in sorted_decisions(report):
        outcome, outcome_code = outcome_words(d)
        views.append(
            DecisionView(
                anchor=anchor("decision", d.id),
                id=d.id,
                date=L.short_date(d.date),
                quarter=f"Q{L.quarter(d.date)}",
                title=d.title,
                kind=L.label(L.KIND_LABELS, d.kind),
                kind_code=d.kind,
                decided_by=d.decided_by,
                meeting=refs.ref("meeting", d.meeting) if d.meeting else None,
                models=refs.refs("model", d.models),
                red_lines=refs.refs("red-line", d.red_lines),
                evaluations=refs.refs("evaluation", d.evaluations),
                incidents=refs.refs("incident", d.incidents),
                vote=_vote(d, refs, outcome),
                dissents=[(refs.name(x.member), render_markdown(x.statement)) for x in d.dissents],
                rationale=render_markdown(d.rationale),
                conditions=list(d.conditions),
                outcome=outcome,
                outcome_code=outcome_code,
            )
        )
    return views


ILLUSTRATIVE_NOTICE = "fictional data. The organisations, people, models and results in this report are invented."
CONTENTS: tuple[tuple[str, str], ...] = (
    ("foreword", "Foreword by the Chair"),
    ("at-a-glance", "The year at a glance"),
    ("board", "The board"),
    ("frameworks", "Frameworks"),
    ("red-lines", "Red lines"),
    ("evaluations", "Evaluations"),
    ("decisions", "Decisions"),
    ("incidents", "Incidents"),
    ("sharing", "Information sharing and partnerships"),
    ("safeguards", "Safeguards and access programmes"),
    ("attestations", "Attestations"),
    ("methodology", "Methodology and glossary"),
    ("provenance", "Appendix: provenance"),
)


def build_view(report: Report, *, audience: str = "internal", facts: EditionFacts | None = None) -> ReportView:
    """The view model of a (possibly edition-filtered) report, with what its build knows of the edition."""
    facts = facts or EditionFacts()
    view = _view(report, audience, facts)
    view.provenance = facts.provenance
    view.logo = facts.logo
    view.canonical_sha256 = facts.canonical_sha256
    view.generator = facts.generator
    show_withheld(view, report, audience, facts.withheld, facts.register)
    # grouped once every withheld red line has its placeholder
    view.red_line_groups = group_red_lines(view.red_lines, report)
    if view.states["frameworks"].kind == "not_reported":  # a report without frameworks has no such chapter
        view.contents = [c for c in view.contents if c.anchor != "frameworks"]
    view.disclosure_index = disclosure_index(facts.disclosures)
    if view.disclosure_index:  # an appendix after the provenance one
        at = next((i + 1 for i, c in enumerate(view.contents) if c.anchor == "provenance"), len(view.contents))
        view.contents.insert(at, ContentsEntry("disclosure-index", "Appendix: disclosure index"))
    view.changes = facts.changes
    if view.changes:
        view.contents.append(ContentsEntry("changes", "Changes since the last report"))
    return view


def _notice(meta: ReportMeta) -> tuple[str, str, str]:
    """The cover's notice (its label and words) and the colophon's: the report's own notice when it gives
    one, else the standard words for illustrative data."""
    label = "Illustrative example:" if meta.illustrative else ""
    if meta.notice:
        return label, meta.notice, "Illustrative example" if meta.illustrative else ""
    if meta.illustrative:
        return label, ILLUSTRATIVE_NOTICE, "Illustrative example: fictional data"
    return "", "", ""


def _view(report: Report, audience: str, facts: EditionFacts) -> ReportView:
    meta = report.report
    refs = Links(report)
    simple = row_sections(report, refs)
    # compared with a previous report: diff's verdict for each line (a line it does not list did not change)
    compared = bool(facts.changes) or bool(facts.red_line_verdicts)
    verdicts = line_verdicts(report, facts.red_line_verdicts, compared)
    notice_label, notice, colophon_note = _notice(meta)
    chair = refs.members.get(report.board.chair)
    author = refs.members.get(meta.foreword_by or report.board.chair)
    states = {
        name: _state(getattr(report, name))
        for name in Report.model_fields
        if name not in ("report", "board", "glossary")
    }
    return ReportView(
        title=meta.title,
        subtitle=meta.subtitle or "",
        organisation=meta.organisation.name,
        website=meta.organisation.website or "",
        contact=meta.organisation.contact or "",
        board_name=report.board.name,
        period=f"{L.long_date(meta.period.start)} – {L.long_date(meta.period.end)}",
        year=str(meta.period.end.year)
        if meta.period.start.year == meta.period.end.year
        else f"{meta.period.start.year}–{meta.period.end.year}",
        edition=meta.edition,
        edition_title=L.EDITION_TITLES[audience],
        audience=audience,
        status=meta.status.capitalize(),
        draft=meta.status == "draft",
        illustrative=meta.illustrative,
        notice_label=notice_label,
        notice=notice,
        colophon_note=colophon_note,
        published=L.long_date(meta.published),
        published_iso=meta.published.isoformat(),
        language=meta.language,
        foreword=render_markdown(meta.foreword),
        foreword_by=f"{author.name}, {L.label(L.ROLE_LABELS, author.role)}" if author and meta.foreword else "",
        methodology=render_markdown(meta.methodology),
        mandate=render_markdown(report.board.mandate),
        chair=chair.name if chair else "",
        quorum=report.board.quorum,
        key_figures=key_figures(report, verdicts),
        members=_members(report),
        composition=composition(report),
        meetings=_meetings(report, refs),
        red_lines=red_line_views(report, refs, verdicts),
        frameworks=framework_views(report, refs),
        evaluations=evaluation_views(report, refs),
        decisions=_decisions(report, refs),
        incidents=simple["incidents"],
        sharing=simple["sharing"],
        partnerships=simple["partnerships"],
        safeguards=simple["safeguards"],
        access_programmes=simple["access_programmes"],
        attestations=simple["attestations"],
        models=model_views(report, refs),
        determinations=determination_views(report, refs),
        models_safeguards=any(m.safeguards_active for m in items(report.models)),
        models_columns=4 if any(m.safeguards_active for m in items(report.models)) else 3,
        glossary=sorted(((g.term, g.definition) for g in report.glossary), key=lambda g: g[0].lower()),
        states=states,
        charts=chart_data(report),
        contents=[ContentsEntry(a, t) for a, t in CONTENTS if a != "foreword" or meta.foreword],
        verdict_basis=verdict_basis(compared),
    )
