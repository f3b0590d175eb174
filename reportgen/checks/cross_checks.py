"""Cross-checks that types alone cannot express: ids, references, votes, dates, red-line follow-up.

Each check yields :class:`Problem` values located by their path in the input document; the caller
turns paths into ``file:line:col``. Errors fail validation; warnings fail it only under ``--strict``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from ..core.problems import Loc, Problem
from ..schema import Decision, Item, Member, Report, items
from .authoring_checks import authoring_problems
from .field_checks import field_audience_problems
from .messages import did_you_mean, dotted
from .shared_scans import decision_scan, section_ids
from .withheld_mentions import withheld_mentions


def run_checks(report: Report) -> list[Problem]:
    """Every cross-check, in a stable order."""
    checks = (
        _unique_ids,
        _references,
        _votes,
        _dates,
        _red_line_follow_up,
        _histories,
        _consistency,
        withheld_mentions,
        field_audience_problems,
        authoring_problems,
    )
    return [problem for check in checks for problem in check(report)]


def _unique_ids(report: Report) -> Iterator[Problem]:
    sections: list[tuple[Loc, Sequence[Item]]] = [(("board", "members"), report.board.members)]
    for name in Report.model_fields:
        value = getattr(report, name)
        if isinstance(value, list) and value and isinstance(value[0], Item):
            sections.append(((name,), value))
    for prefix, section in sections:
        first_index: dict[str, int] = {}
        for index, item in enumerate(section):
            if item.id in first_index:
                first = (*prefix, first_index[item.id], "id")
                yield Problem(
                    (*prefix, index, "id"),
                    f"duplicate id '{item.id}' (also used by {dotted(first[:-1])} at {{related}})",
                    code="duplicate-id",
                    related=first,
                )
            else:
                first_index[item.id] = index


def _dangling(loc: Loc, ref: str, known: Iterable[str], section: str, what: str) -> Problem:
    hint = did_you_mean(ref, sorted(known))
    where = "on the board" if section == "members" else f"in {section}"
    return Problem(loc, f"{what} '{ref}' is not {where}{hint}", code="dangling-ref")


class _Index:
    """Ids by section, and the dangling references found so far.

    Plain methods appending to one list, not generators: on a 10-year archive they run a hundred
    thousand times, nearly always to find nothing."""

    def __init__(self, report: Report) -> None:
        self.ids = section_ids(report)
        self.problems: list[Problem] = []

    def check(self, loc: Loc, ref: str | None, section: str, what: str) -> None:
        if ref is None or ref in self.ids[section]:
            return
        self.problems.append(_dangling(loc, ref, self.ids[section], section, what))

    def check_all(self, loc: Loc, refs: list[str], section: str, what: str) -> None:
        if self.ids[section].issuperset(refs):
            return  # the common case, decided in one set operation
        for i, ref in enumerate(refs):
            self.check((*loc, i), ref, section, what)


def _references(report: Report) -> list[Problem]:
    index = _Index(report)
    check, check_all = index.check, index.check_all
    check(("board", "chair"), report.board.chair, "members", "chair")
    check(("report", "foreword_by"), report.report.foreword_by, "members", "member")
    for i, meeting in enumerate(items(report.meetings)):
        check_all(("meetings", i, "attendees"), meeting.attendees, "members", "member")
    for i, line in enumerate(items(report.red_lines)):
        check_all(("red_lines", i, "required_safeguards"), line.required_safeguards, "safeguards", "safeguard")
        for k, entry in enumerate(line.history):
            if entry.date >= report.report.period.start:  # earlier entries cite earlier reports' decisions
                check(("red_lines", i, "history", k, "decision"), entry.decision, "decisions", "decision")
    for i, evaluation in enumerate(items(report.evaluations)):
        check(("evaluations", i, "model"), evaluation.model, "models", "model")
        for k, result in enumerate(evaluation.results):
            check(("evaluations", i, "results", k, "red_line"), result.red_line, "red_lines", "red line")
    decisions = items(report.decisions)
    for i, d in enumerate([] if _decisions_resolve(report, index.ids) else decisions):
        check(("decisions", i, "meeting"), d.meeting, "meetings", "meeting")
        check_all(("decisions", i, "models"), d.models, "models", "model")
        check_all(("decisions", i, "red_lines"), d.red_lines, "red_lines", "red line")
        check_all(("decisions", i, "evaluations"), d.evaluations, "evaluations", "evaluation")
        check_all(("decisions", i, "incidents"), d.incidents, "incidents", "incident")
        for k, dissent in enumerate(d.dissents):
            check(("decisions", i, "dissents", k, "member"), dissent.member, "members", "member")
    for i, incident in enumerate(items(report.incidents)):
        check_all(("incidents", i, "models"), incident.models, "models", "model")
    for i, shared in enumerate(items(report.information_sharing)):
        check_all(("information_sharing", i, "models"), shared.models, "models", "model")
    for i, programme in enumerate(items(report.access_programmes)):
        check_all(("access_programmes", i, "safeguards"), programme.safeguards, "safeguards", "safeguard")
        for k, tier in enumerate(programme.tiers):
            check_all(("access_programmes", i, "tiers", k, "models"), tier.models, "models", "model")
    return index.problems


def _decisions_resolve(report: Report, ids: dict[str, set[str]]) -> bool:
    """Whether every reference of every decision resolves, decided from the ids all of them name, gathered
    in one pass (the located walk, a hundred thousand lookups on a 10-year archive, runs only when one does not).
    Members named in votes are checked by :func:`_votes`, which looks closely at every vote that does
    not list exactly the members serving that day."""
    referenced = decision_scan(report).referenced
    return all(ids[section].issuperset(refs) for section, refs in referenced.items())


def _votes(report: Report) -> Iterator[Problem]:
    members = {m.id: m for m in report.board.members}
    voting_on: dict[date, list[Member]] = {}
    voting_ids: dict[date, set[str]] = {}
    for i, decision in enumerate(items(report.decisions)):
        d = decision
        if d.vote is None:
            continue
        if d.date not in voting_on:
            voting_on[d.date] = report.board.voters_on(d.date)
            voting_ids[d.date] = {m.id for m in voting_on[d.date]}
        if _vote_is_clean(d, voting_ids[d.date], report.board.quorum):
            continue  # every serving member listed once, no one else: nothing to say
        base: Loc = ("decisions", i, "vote")
        seen: dict[str, str] = {}
        groups = [
            ("in_favour", d.vote.in_favour),
            ("against", d.vote.against),
            ("abstained", d.vote.abstained),
            ("absent", d.vote.absent),
            ("recused", [r.member for r in d.vote.recused]),
        ]
        for field, ids in groups:
            for k, member_id in enumerate(ids):
                loc: Loc = (*base, field, k, "member") if field == "recused" else (*base, field, k)
                if member_id in seen:
                    other = seen[member_id]
                    if "recused" in (field, other):
                        voted = other if field == "recused" else field
                        message = f"member '{member_id}' is recused but also listed as {voted}"
                    else:
                        message = f"member '{member_id}' is listed twice in the vote ({other} and {field})"
                    yield Problem(loc, message, code="vote")
                    continue
                seen[member_id] = field
                member = members.get(member_id)
                if member is None:
                    yield _dangling(loc, member_id, members, "members", "member")
                elif not member.serving_on(d.date):
                    yield Problem(
                        loc,
                        f"member '{member_id}' was not serving on {d.date} ({_term(member)})",
                        code="vote",
                    )
        voting = voting_on[d.date]
        missing = [m.id for m in voting if m.id not in seen]
        if missing:
            yield Problem(
                base,
                f"the vote does not add up: {len(voting) - len(missing)} of {len(voting)} serving members "
                "are listed; "
                f"missing {', '.join(repr(x) for x in missing)} (list each as in_favour, against, abstained, "
                "absent or recused)",
                code="vote",
            )
        present = len(d.vote.in_favour) + len(d.vote.against) + len(d.vote.abstained)
        if present + len(d.vote.recused) < report.board.quorum:
            yield Problem(
                base,
                f"only {present + len(d.vote.recused)} members present, below the quorum of {report.board.quorum}",
                "warning",
                code="quorum",
            )
        for k, dissent in enumerate(d.dissents):
            if dissent.member in d.vote.in_favour:
                yield Problem(
                    ("decisions", i, "dissents", k, "member"),
                    f"member '{dissent.member}' dissents but voted in favour",
                    "warning",
                    code="vote",
                )


def _vote_is_clean(decision: Decision, voting: set[str], quorum: int) -> bool:
    vote = decision.vote
    assert vote is not None
    present = len(vote.in_favour) + len(vote.against) + len(vote.abstained) + len(vote.recused)
    if present + len(vote.absent) != len(voting) or present < quorum:
        return False
    listed = {*vote.in_favour, *vote.against, *vote.abstained, *vote.absent, *(r.member for r in vote.recused)}
    dissenters_ok = not decision.dissents or not any(x.member in vote.in_favour for x in decision.dissents)
    return listed == voting and dissenters_ok


def _term(member: Member) -> str:
    if member.term.end is None:
        return f"term starts {member.term.start}"
    return f"term {member.term.start} to {member.term.end}"


def _dates(report: Report) -> Iterator[Problem]:
    period = report.report.period
    dated: list[tuple[str, str]] = [
        ("meetings", "date"),
        ("evaluations", "date"),
        ("decisions", "date"),
        ("incidents", "detected"),
        ("information_sharing", "date"),
    ]
    for section, field in dated:
        for i, item in enumerate(items(getattr(report, section))):
            day: date = getattr(item, field)
            if not period.contains(day):
                yield Problem(
                    (section, i, field),
                    f"{day} is outside the reporting period {period.start}/{period.end}",
                    "warning",
                    code="period",
                )
    published = report.report.published
    for i, attestation in enumerate(items(report.attestations)):
        signed = attestation.date
        if signed < period.start or signed > published:
            when = (
                f"before the reporting period {period.start}/{period.end} starts"
                if signed < period.start
                else f"after the report is published ({published})"
            )
            yield Problem(("attestations", i, "date"), f"{signed} is {when}", "warning", code="period")
    for i, member in enumerate(report.board.members):
        if member.term.end is not None and member.term.end < member.term.start:
            yield Problem(("board", "members", i, "term", "end"), "the term ends before it starts", code="dates")
    for i, incident in enumerate(items(report.incidents)):
        resolved = incident.resolved
        if resolved is not None and resolved < incident.detected:
            yield Problem(("incidents", i, "resolved"), "resolved before it was detected", code="dates")


def _red_line_follow_up(report: Report) -> Iterator[Problem]:
    addressed: dict[str, list[date]] = {}
    for decision in items(report.decisions):
        for line_id in decision.red_lines:
            addressed.setdefault(line_id, []).append(decision.date)
    for i, evaluation in enumerate(items(report.evaluations)):
        for k, result in enumerate(evaluation.results):
            if result.result == "below":
                continue
            if not any(day >= evaluation.date for day in addressed.get(result.red_line, [])):
                words = "was reached" if result.result == "reached" else "cannot be ruled out"
                yield Problem(
                    ("evaluations", i, "results", k, "result"),
                    f"red line '{result.red_line}' {words} but no decision on or after {evaluation.date} "
                    "addresses it (list the red line under that decision's red_lines)",
                    code="unaddressed",
                )


def _histories(report: Report) -> Iterator[Problem]:
    for i, line in enumerate(items(report.red_lines)):
        history = line.history
        for k in range(1, len(history)):
            if history[k].date < history[k - 1].date:
                yield Problem(
                    ("red_lines", i, "history", k, "date"),
                    f"{history[k].date} is listed after {history[k - 1].date} (list the entries oldest first)",
                    code="history",
                )
        if history and history[0].change != "introduced":
            yield Problem(
                ("red_lines", i, "history", 0, "change"),
                "the first history entry should be 'introduced'",
                "warning",
                code="history",
            )
        retired = line.status == "retired"
        if retired != (history[-1].change == "retired"):
            yield Problem(
                ("red_lines", i, "status"),
                "status and history disagree: a retired red line's last history entry is 'retired'",
                "warning",
                code="history",
            )


def _consistency(report: Report) -> Iterator[Problem]:
    chair = next((m for m in report.board.members if m.id == report.board.chair), None)
    if chair is not None and chair.role != "chair":
        index = report.board.members.index(chair)
        yield Problem(
            ("board", "members", index, "role"),
            "this member is the board's chair but their role is not 'chair'",
            "warning",
        )
    meetings = {m.id: m for m in items(report.meetings)}
    for i, decision in enumerate(items(report.decisions)):
        meeting = meetings.get(decision.meeting) if decision.meeting else None
        if meeting is not None and meeting.date != decision.date:
            yield Problem(
                ("decisions", i, "date"),
                f"differs from the date of meeting '{meeting.id}' ({meeting.date})",
                "warning",
            )
    for name in Report.model_fields:
        for i, item in enumerate(items(getattr(report, name))):
            if isinstance(item, Item) and item.withheld_reason and item.audience == "public":
                yield Problem(
                    (name, i, "withheld_reason"),
                    "a public item is not withheld; remove withheld_reason or set audience",
                    "warning",
                )
