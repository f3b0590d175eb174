"""Votes and their outcome: the chair's casting vote, an outcome against the tally and the kind, quorum and
attendance at the meeting, and the outcome in words in the report.

The cases edit the small base report (``tests/corpus/base``): four voting members, quorum 3, chair
``m-chair``. D-1 (meeting M-1) is carried 4-0; D-2 (meeting M-2, an ``approve_with_conditions``) is
carried 2-1 with ``m-bell`` recused.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from reportgen.checks.validate import validate
from reportgen.editions.filtering import filter_report
from reportgen.render.html import render_html
from reportgen.render.theme import Theme
from reportgen.schema import FieldWithholding, Report
from reportgen.view.build_view import build_view, outcome_words
from reportgen.view.viewmodel import DecisionView, EditionFacts

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "corpus" / "base"
EXAMPLES = [ROOT / "inputs" / "asab-2025", ROOT / "inputs" / "asab-2026"]

D2 = "decisions/D-2.yaml"
# D-2 tied 1-1: m-cruz abstains instead of voting in favour (m-bell stays recused).
TIE = (
    D2,
    "        - m-cruz\n      against:\n        - m-diaz\n",
    "      against:\n        - m-diaz\n      abstained:\n        - m-cruz\n",
)
# D-2 lost 1-2: m-cruz votes against.
LOST = (
    D2,
    "        - m-cruz\n      against:\n        - m-diaz\n",
    "      against:\n        - m-cruz\n        - m-diaz\n",
)
# D-2 not put to a vote: its vote and dissents left out.
_D2 = (BASE / D2).read_text(encoding="utf-8")
NO_VOTE = (D2, _D2[_D2.index("    vote:\n") : _D2.index("    rationale:")], "")


def casting(value: str) -> tuple[str, str, str]:
    """The chair's casting vote on D-2 (after TIE it sits at line 20)."""
    return (D2, "      recused:", f"      casting_vote: {value}\n      recused:")


def outcome(value: str) -> tuple[str, str, str]:
    """An explicit outcome on D-2, just before its rationale."""
    return (D2, "    rationale:", f"    outcome: {value}\n    rationale:")


def findings(run: Any) -> list[str]:
    """The findings of an invalid run, without the summary line."""
    assert run.code == 1 and run.stdout == "", run.stdout + run.stderr
    assert run.lines[-1].startswith("invalid: ")
    return run.lines[:-1]


def warnings_of(run: Any, root: Path) -> list[str]:
    """The warnings of a valid run."""
    assert run.code == 0, run.stderr
    assert re.fullmatch(rf"valid: {re.escape(str(root))} \(\d+ files, {len(run.lines)} warning\(s\)\)\n", run.stdout)
    return run.lines


def d2_view(root: Path) -> DecisionView:
    [view] = [d for d in build_view(validate(root).report).decisions if isinstance(d, DecisionView) and d.id == "D-2"]
    return view


# -- ties and the casting vote ---------------------------------------------------------------------


def test_a_tied_approval_without_a_casting_vote_is_an_error(make_case, run_validate) -> None:
    run = run_validate(make_case([TIE]).root)
    assert findings(run) == [
        "decisions/D-2.yaml:14:7: decisions[D-2].vote: the vote is tied (1 for, 1 against) and no casting vote is "
        "recorded: an 'approve_with_conditions' decision needs a majority; record the chair's casting vote "
        "(vote.casting_vote), or, if the motion failed, write outcome: not_carried and say so in the title"
    ]


def test_a_tie_broken_by_the_chairs_casting_vote_carries_and_the_report_says_so(make_case, run_validate) -> None:
    case = make_case([TIE, casting("in_favour")])
    run = run_validate(case.root)
    assert warnings_of(run, case.root) == []
    view = d2_view(case.root)
    assert (view.outcome, view.outcome_code) == ("Carried on the chair's casting vote", "carried")
    assert view.vote is not None and view.vote.casting_vote == "In favour"
    assert view.vote.tally == "1 for, 1 against, 1 abstaining, 1 recused"
    html = render_html(build_view(validate(case.root).report), Theme.with_overrides(None))
    article = html[html.index('id="decision-D-2"') :]
    article = article[: article.index("</article>")]
    assert '<span class="outcome outcome-carried">Carried on the chair&#39;s casting vote</span>' in article
    assert "<dt>Chair's casting vote</dt><dd>In favour</dd>" in article


def test_a_tie_the_chair_breaks_against_defeats_an_approval(make_case, run_validate) -> None:
    run = run_validate(make_case([TIE, casting("against")]).root)
    assert findings(run) == [
        "decisions/D-2.yaml:14:7: decisions[D-2].vote: the vote is tied (1 for, 1 against) and the chair's casting "
        "vote is against: an 'approve_with_conditions' decision needs a majority; a motion that failed keeps its "
        "kind: write outcome: not_carried and say so in the title"
    ]


def test_a_tie_the_chair_breaks_against_is_published_as_not_carried(make_case, run_validate) -> None:
    case = make_case([TIE, casting("against"), outcome("not_carried")])
    assert warnings_of(run_validate(case.root), case.root) == []
    assert d2_view(case.root).outcome == "Not carried on the chair's casting vote"


def test_a_casting_vote_without_a_tie_is_an_error(make_case, run_validate) -> None:
    run = run_validate(make_case([casting("in_favour")]).root)
    assert findings(run) == [
        "decisions/D-2.yaml:19:21: decisions[D-2].vote.casting_vote: a casting vote only breaks a tie, and this vote "
        "is not tied (2 for, 1 against): remove casting_vote"
    ]


def test_only_the_chair_taking_part_in_the_vote_has_a_casting_vote(make_case, run_validate) -> None:
    chair_recused = (
        D2,
        "      in_favour:\n        - m-chair\n        - m-cruz\n",
        "      in_favour:\n        - m-cruz\n",
    )
    recusal = (
        D2,
        "      recused:\n",
        "      recused:\n        - member: m-chair\n          reason: Former employee.\n",
    )
    run = run_validate(make_case([chair_recused, recusal, casting("in_favour")]).root)
    assert findings(run) == [
        "decisions/D-2.yaml:18:21: decisions[D-2].vote.casting_vote: a casting vote is the chair's, and the chair "
        "'m-chair' is recused from this vote: remove casting_vote (a tie the chair does not break does not carry)"
    ]


def test_the_chair_must_attend_the_meeting_to_cast_a_vote(make_case, run_validate) -> None:
    chair_away = (
        "meetings.yaml",
        "    kind: extraordinary\n    attendees:\n      - m-chair\n",
        "    kind: extraordinary\n    attendees:\n",
    )
    run = run_validate(make_case([TIE, casting("in_favour"), chair_away]).root)
    assert findings(run) == [
        "decisions/D-2.yaml:15:11: decisions[D-2].vote.in_favour[0]: warning: member 'm-chair' voted (in_favour) but "
        "is not among the attendees of meeting M-2",
        "decisions/D-2.yaml:20:21: decisions[D-2].vote.casting_vote: a casting vote is the chair's, and the chair "
        "'m-chair' did not attend meeting M-2: remove casting_vote (a tie the chair does not break does not carry)",
    ]


# -- the outcome against the tally and the kind -----------------------------------------------------


def test_an_approval_that_lost_the_vote_is_an_error(make_case, run_validate) -> None:
    run = run_validate(make_case([LOST]).root)
    assert findings(run) == [
        "decisions/D-2.yaml:14:7: decisions[D-2].vote: the vote did not carry (1 for, 2 against): an "
        "'approve_with_conditions' decision needs a majority; a motion that failed keeps its kind: write "
        "outcome: not_carried and say so in the title"
    ]


def test_an_approval_that_lost_the_vote_is_published_as_not_carried(make_case, run_validate) -> None:
    case = make_case([LOST, outcome("not_carried")])
    assert warnings_of(run_validate(case.root), case.root) == []
    view = d2_view(case.root)
    assert (view.outcome, view.outcome_code) == ("Not carried", "not_carried")


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        pytest.param(
            [LOST, outcome("carried")],
            "decisions/D-2.yaml:25:14: decisions[D-2].outcome: the outcome is 'carried' but the vote did not carry "
            "(1 for, 2 against)",
            id="carried-but-lost",
        ),
        pytest.param(
            [outcome("not_carried")],
            "decisions/D-2.yaml:25:14: decisions[D-2].outcome: the outcome is 'not_carried' but the vote carried "
            "(2 for, 1 against)",
            id="not-carried-but-won",
        ),
        pytest.param(
            [TIE, outcome("carried")],
            "decisions/D-2.yaml:26:14: decisions[D-2].outcome: the outcome is 'carried' but the vote is tied "
            "(1 for, 1 against) and no casting vote is recorded; record the chair's casting vote "
            "(vote.casting_vote) if the chair broke the tie",
            id="carried-but-tied",
        ),
        pytest.param(
            [outcome("consensus")],
            "decisions/D-2.yaml:25:14: decisions[D-2].outcome: the outcome is 'consensus' but 1 member voted "
            "against: a decision with votes against is carried or not_carried (leave outcome out to derive it)",
            id="consensus-with-a-vote-against",
        ),
        pytest.param(
            [outcome("no_vote")],
            "decisions/D-2.yaml:25:14: decisions[D-2].outcome: the outcome is 'no_vote' but a vote is recorded: "
            "remove one of them",
            id="no-vote-with-a-vote",
        ),
        pytest.param(
            [NO_VOTE, outcome("carried")],
            "decisions/D-2.yaml:13:14: decisions[D-2].outcome: the outcome is 'carried' but no vote is recorded: "
            "record the vote, or write consensus or no_vote",
            id="carried-without-a-vote",
        ),
    ],
)
def test_an_outcome_that_contradicts_the_vote_is_an_error(make_case, run_validate, edits, message) -> None:
    assert findings(run_validate(make_case(edits).root)) == [message]


@pytest.mark.parametrize(
    "edits",
    [
        pytest.param([outcome("carried")], id="carried"),
        pytest.param([TIE, casting("in_favour"), outcome("carried")], id="carried-on-the-casting-vote"),
        pytest.param([NO_VOTE, outcome("consensus")], id="consensus-without-a-vote"),
        pytest.param([NO_VOTE, outcome("no_vote")], id="no-vote"),
        pytest.param([NO_VOTE], id="no-vote-derived"),
    ],
)
def test_a_recorded_outcome_that_agrees_with_the_vote_is_valid(make_case, run_validate, edits) -> None:
    case = make_case(edits)
    assert warnings_of(run_validate(case.root), case.root) == []


# -- quorum and attendance at the meeting ------------------------------------------------------------


def test_a_decision_at_a_meeting_below_quorum_is_a_warning(make_case, run_validate) -> None:
    two_attend = ("meetings.yaml", "      - m-cruz\n      - m-diaz\n    summary: Clarified", "    summary: Clarified")
    two_vote = (
        "decisions/D-1.yaml",
        "        - m-cruz\n        - m-diaz\n",
        "      absent:\n        - m-cruz\n        - m-diaz\n",
    )
    case = make_case([two_attend, two_vote])
    assert warnings_of(run_validate(case.root), case.root) == [
        "decisions/D-1.yaml:6:14: decisions[D-1].meeting: warning: below quorum: 2 voting members attended meeting "
        "M-1, quorum is 3"
    ]


def test_a_voter_missing_from_the_meetings_attendees_is_a_warning(make_case, run_validate) -> None:
    diaz_away = ("meetings.yaml", "      - m-diaz\n    summary: Clarified", "    summary: Clarified")
    case = make_case([diaz_away])
    assert warnings_of(run_validate(case.root), case.root) == [
        "decisions/D-1.yaml:14:11: decisions[D-1].vote.in_favour[3]: warning: member 'm-diaz' voted (in_favour) but "
        "is not among the attendees of meeting M-1"
    ]


def test_a_member_listed_absent_who_attended_the_meeting_is_a_warning(make_case, run_validate) -> None:
    diaz_absent = ("decisions/D-1.yaml", "        - m-diaz\n", "      absent:\n        - m-diaz\n")
    case = make_case([diaz_absent])
    assert warnings_of(run_validate(case.root), case.root) == [
        "decisions/D-1.yaml:15:11: decisions[D-1].vote.absent[0]: warning: member 'm-diaz' is listed as absent but "
        "is among the attendees of meeting M-1"
    ]


# -- the example reports ----------------------------------------------------------------------------


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_the_example_reports_have_no_vote_findings(run_validate, folder: Path) -> None:
    run = run_validate("--format", "json", folder)
    result = json.loads(run.stdout)
    ours = {"outcome", "casting-vote", "attendance", "quorum", "vote"}
    assert [f for f in result["findings"] if f["code"] in ours] == []
    assert result["errors"] == 0 and run.code == 0


# -- the outcome in words -----------------------------------------------------------------------------


def _base_decision(**changes: Any) -> Report:
    data = validate(BASE).report.model_dump(mode="json")
    decision = copy.deepcopy(data["decisions"][1])  # D-2: 2 for, 1 against, 1 recused
    decision.update(changes)
    data["decisions"][1] = decision
    return Report.model_validate(data)


VOTE = {"in_favour": ["m-chair", "m-cruz"], "against": ["m-diaz"], "recused": [{"member": "m-bell", "reason": "R"}]}


@pytest.mark.parametrize(
    ("changes", "words", "code"),
    [
        pytest.param({}, "Carried", "carried", id="carried"),
        pytest.param(
            {"vote": {**VOTE, "against": []}, "dissents": []}, "Carried unanimously", "carried", id="unanimous"
        ),
        pytest.param(
            {"vote": {**VOTE, "in_favour": ["m-chair"], "abstained": ["m-cruz"], "casting_vote": "in_favour"}},
            "Carried on the chair's casting vote",
            "carried",
            id="casting-vote",
        ),
        pytest.param(
            {"vote": {**VOTE, "in_favour": ["m-chair"], "against": ["m-cruz", "m-diaz"]}, "outcome": "not_carried"},
            "Not carried",
            "not_carried",
            id="not-carried",
        ),
        pytest.param(
            {"vote": None, "dissents": [], "outcome": "consensus"}, "By consensus", "consensus", id="consensus"
        ),
        pytest.param({"vote": None, "dissents": []}, "No vote", "no_vote", id="no-vote"),
    ],
)
def test_the_outcome_in_words(changes: dict[str, Any], words: str, code: str) -> None:
    report = _base_decision(**changes)
    decision = report.decisions[1]  # type: ignore[index]
    assert outcome_words(decision) == (words, code)
    [view] = [d for d in build_view(report).decisions if isinstance(d, DecisionView) and d.id == "D-2"]
    assert (view.outcome, view.outcome_code) == (words, code)
    assert view.vote is None or view.vote.outcome == words


def test_a_withheld_vote_is_not_published_as_no_vote() -> None:
    """The public edition leaves the vote out: its outcome is withheld with it, never derived as 'No vote'."""
    report = _base_decision(field_audience={"vote": FieldWithholding(audience="internal", reason="R").model_dump()})
    public, withheld = filter_report(report, "public", b"secret")
    view = build_view(public, audience="public", facts=EditionFacts(withheld=withheld))
    html = render_html(view, Theme.with_overrides(None))
    article = html[html.index('id="decision-D-2"') :]
    assert "No vote" not in html and "Vote withheld from this edition" in article
