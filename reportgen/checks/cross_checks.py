"""Cross-checks that types alone cannot express: ids, references, votes, dates, red-line follow-up.

Each check yields :class:`Problem` values located by their path in the input document; the caller
turns paths into ``file:line:col``. Errors fail validation; warnings fail it only under ``--strict``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from ..core import labels as L
from ..core.problems import Loc, Problem
from ..schema import Decision, Item, Meeting, Member, Report, Vote, items
from .authoring_checks import authoring_problems
from .field_checks import field_audience_problems
from .messages import Titles, curly_quote_problems, did_you_mean_item, item_titles
from .paths import dotted
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
        curly_quote_problems,
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


def _dangling(loc: Loc, ref: str, known: Titles | Iterable[str], section: str, what: str) -> Problem:
    hint = did_you_mean_item(ref, known, "named" if section == "members" else "titled")
    where = "on the board" if section == "members" else f"in {section}"
    return Problem(loc, f"{what} '{ref}' is not {where}{hint}", code="dangling-ref", refers_to=section)


class _Index:
    """Ids by section, and the dangling references found so far.

    Plain methods appending to one list, not generators: on a 10-year archive they run a hundred
    thousand times, nearly always to find nothing."""

    def __init__(self, report: Report) -> None:
        self.ids = section_ids(report)
        self.report = report
        self.problems: list[Problem] = []

    def check(self, loc: Loc, ref: str | None, section: str, what: str) -> None:
        if ref is None or ref in self.ids[section]:
            return
        self.problems.append(_dangling(loc, ref, item_titles(self.report)[section], section, what))

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
            if (entry.adopted or entry.date) >= report.report.period.start:  # earlier: earlier reports' decisions
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


class _MeetingFacts:
    """What the vote checks need of one meeting, worked out once however many decisions it took."""

    __slots__ = ("attendees", "date", "id", "voting")

    def __init__(self, meeting: Meeting, voting_ids: set[str]) -> None:
        self.id = meeting.id
        self.date = meeting.date
        self.attendees = set(meeting.attendees)
        self.voting = len(voting_ids.intersection(meeting.attendees))  # members who could vote; not observers


def _votes(report: Report) -> Iterator[Problem]:
    board = report.board
    quorum = board.quorum
    members = {m.id: m for m in board.members}
    voting_on: dict[date, list[Member]] = {}
    voting_ids: dict[date, set[str]] = {}

    def voters(day: date) -> set[str]:
        if day not in voting_ids:
            voting_on[day] = board.voters_on(day)
            voting_ids[day] = {m.id for m in voting_on[day]}
        return voting_ids[day]

    meetings = {m.id: _MeetingFacts(m, voters(m.date)) for m in items(report.meetings)}
    for i, d in enumerate(items(report.decisions)):
        meeting = meetings.get(d.meeting) if d.meeting else None
        below_quorum = meeting is not None and meeting.voting < quorum
        if below_quorum:
            assert meeting is not None
            yield Problem(
                ("decisions", i, "meeting"),
                f"below quorum: {L.plural(meeting.voting, 'voting member')} attended meeting {meeting.id}, "
                f"quorum is {quorum}",
                "warning",
                code="quorum",
            )
        vote = d.vote
        if vote is None:
            if d.outcome is not None:
                yield from _outcome_problems(i, d, board.chair, members, meeting)
            continue
        in_favour, against = len(vote.in_favour), len(vote.against)
        if in_favour <= against or d.outcome is not None or vote.casting_vote is not None:
            yield from _outcome_problems(i, d, board.chair, members, meeting)
        if d.date not in voting_ids:
            voters(d.date)
        present = in_favour + against + len(vote.abstained) + len(vote.recused)
        clean = _vote_is_clean(d, present, voting_ids[d.date], quorum)
        # A clean vote, on the meeting's day, listing as many members voting or recused as attended with a
        # vote, none of its absentees among the attendees, names only attendees: no need to look closer.
        if meeting is not None and not (
            clean
            and present == meeting.voting
            and d.date == meeting.date
            and (not vote.absent or meeting.attendees.isdisjoint(vote.absent))
        ):
            yield from _attendance_problems(i, vote, meeting, members)
        if clean:
            continue  # every serving member listed once, no one else: nothing more to say
        base: Loc = ("decisions", i, "vote")
        seen: dict[str, str] = {}
        groups = [
            ("in_favour", vote.in_favour),
            ("against", vote.against),
            ("abstained", vote.abstained),
            ("absent", vote.absent),
            ("recused", [r.member for r in vote.recused]),
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
                    yield _dangling(loc, member_id, item_titles(report)["members"], "members", "member")
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
        if present < quorum and not below_quorum:  # the meeting's warning has said it already
            yield Problem(
                base,
                f"only {present} members present, below the quorum of {quorum}",
                "warning",
                code="quorum",
            )
        for k, dissent in enumerate(d.dissents):
            if dissent.member in vote.in_favour:
                yield Problem(
                    ("decisions", i, "dissents", k, "member"),
                    f"member '{dissent.member}' dissents but voted in favour",
                    "warning",
                    code="vote",
                )


def _attendance_problems(i: int, vote: Vote, meeting: _MeetingFacts, members: dict[str, Member]) -> Iterator[Problem]:
    """Voters missing from the meeting's attendees, and members listed absent who attended it (an id that
    is not on the board is reported as such, not here)."""
    for field, ids in (("in_favour", vote.in_favour), ("against", vote.against), ("abstained", vote.abstained)):
        for k, member_id in enumerate(ids):
            if member_id not in meeting.attendees and member_id in members:
                yield Problem(
                    ("decisions", i, "vote", field, k),
                    f"member '{member_id}' voted ({field}) but is not among the attendees of meeting {meeting.id}",
                    "warning",
                    code="attendance",
                )
    for k, member_id in enumerate(vote.absent):
        if member_id in meeting.attendees:
            yield Problem(
                ("decisions", i, "vote", "absent", k),
                f"member '{member_id}' is listed as absent but is among the attendees of meeting {meeting.id}",
                "warning",
                code="attendance",
            )


def _a(kind: str) -> str:
    """``a 'reject'`` or ``an 'approve'`` decision."""
    return f"{'an' if kind[0] in 'aeiou' else 'a'} '{kind}'"


def _outcome_problems(
    i: int, d: Decision, chair: str, members: dict[str, Member], meeting: _MeetingFacts | None
) -> Iterator[Problem]:
    """The casting vote, and the outcome against the tally and the kind (see ``Decision.outcome``)."""
    vote = d.vote
    outcome_loc: Loc = ("decisions", i, "outcome")
    if vote is None:
        if d.outcome in ("carried", "not_carried"):
            yield Problem(
                outcome_loc,
                f"the outcome is '{d.outcome}' but no vote is recorded: record the vote, or write consensus or no_vote",
                code="outcome",
            )
        return
    tally, tied, casting = vote.tally(), vote.tied(), vote.casting_vote
    if casting is not None:
        casting_loc: Loc = ("decisions", i, "vote", "casting_vote")
        if not tied:
            yield Problem(
                casting_loc,
                f"a casting vote only breaks a tie, and this vote is not tied ({tally}): remove casting_vote",
                code="casting-vote",
            )
        else:
            why = _chair_cannot_cast(d, vote, chair, members, meeting)
            if why:
                yield Problem(
                    casting_loc,
                    f"a casting vote is the chair's, and the chair '{chair}' {why}: remove casting_vote "
                    "(a tie the chair does not break does not carry)",
                    code="casting-vote",
                )
    carried = vote.carried()
    if tied:
        how = "no casting vote is recorded" if casting is None else f"the chair's casting vote is {_WORDS[casting]}"
        result = f"the vote is tied ({tally}) and {how}"
    else:
        result = f"the vote {'carried' if carried else 'did not carry'} ({tally})"
    if d.outcome is None:
        if not carried:
            if casting is None and tied:
                advice = "record the chair's casting vote (vote.casting_vote), or, if the motion failed, write "
            else:
                advice = "a motion that failed keeps its kind: write "
            advice += "outcome: not_carried and say so in the title"
            yield Problem(
                ("decisions", i, "vote"),
                f"{result}: {_a(d.kind)} decision needs a majority; {advice}",
                code="outcome",
            )
    elif d.outcome == "no_vote":
        message = "the outcome is 'no_vote' but a vote is recorded: remove one of them"
        yield Problem(outcome_loc, message, code="outcome")
    elif d.outcome == "consensus":
        if vote.against:
            yield Problem(
                outcome_loc,
                f"the outcome is 'consensus' but {L.plural(len(vote.against), 'member')} voted against: a "
                "decision with votes against is carried or not_carried (leave outcome out to derive it)",
                code="outcome",
            )
    elif (d.outcome == "carried") != carried:
        if d.outcome == "carried" and tied and casting is None:
            result += "; record the chair's casting vote (vote.casting_vote) if the chair broke the tie"
        yield Problem(outcome_loc, f"the outcome is '{d.outcome}' but {result}", code="outcome")


_WORDS = {"in_favour": "in favour", "against": "against"}


def _chair_cannot_cast(
    d: Decision, vote: Vote, chair: str, members: dict[str, Member], meeting: _MeetingFacts | None
) -> str:
    """Why the chair could not cast a vote on this decision, or "" if they could."""
    member = members.get(chair)
    if member is None:
        return ""  # the board's chair is not on the board: reported at board.chair
    if not member.serving_on(d.date):
        return f"was not serving on {d.date}"
    if chair in vote.absent:
        return "is listed as absent"
    if any(r.member == chair for r in vote.recused):
        return "is recused from this vote"
    if meeting is not None and chair not in meeting.attendees:
        return f"did not attend meeting {meeting.id}"
    if chair not in vote.in_favour and chair not in vote.against and chair not in vote.abstained:
        return "is not listed in the vote"
    return ""


def _vote_is_clean(decision: Decision, present: int, voting: set[str], quorum: int) -> bool:
    """Every member serving on the day listed once and no one else, a quorum, no dissent from a member in
    favour. ``present``: how many voted or were recused."""
    vote = decision.vote
    assert vote is not None
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
