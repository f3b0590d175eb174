"""Each red-line rule, and the engine's matching: by id and natural key, never by position."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from reportgen.diffing import compare_values, diff_reports, words
from reportgen.redline_rules import classify_red_line
from reportgen.schema import Report

RED_LINE: dict[str, Any] = {
    "id": "RL-CYBER-1",
    "audience": "public",
    "withheld_reason": None,
    "title": "Autonomous cyber offence",
    "domain": "cybersecurity",
    "tier": 3,
    "tier_label": "High",
    "tracked": True,
    "capability": "End-to-end exploitation of hardened targets.",
    "harm": "Attacks on critical infrastructure.",
    "criterion": {
        "description": "Solves at least half of the expert range tasks.",
        "metric": "range tasks solved",
        "comparison": ">=",
        "value": 50,
        "unit": "%",
    },
    "early_warning": {
        "description": "Solves a quarter.",
        "metric": "range tasks solved",
        "comparison": ">=",
        "value": 25,
        "unit": "%",
    },
    "required_safeguards": ["SG-1", "SG-2"],
    "response": {"actions": ["halt_deployment", "notify_authorities"], "description": "Halt and notify."},
    "decided_by": "the Board",
    "review": {"interval_months": 6, "last_reviewed": None},
    "status": "active",
    "history": [
        {
            "date": "2025-01-10",
            "change": "introduced",
            "summary": "Introduced.",
            "reason": "Policy.",
            "decision": None,
        }
    ],
    "notes": None,
}


def changed(**edits: Any) -> dict[str, Any]:
    new = copy.deepcopy(RED_LINE)
    for path, value in edits.items():
        target = new
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[key]
        if value is _DELETE:
            target[keys[-1]] = None
        else:
            target[keys[-1]] = value
    return new


_DELETE = object()


@pytest.mark.parametrize(
    ("edits", "classification", "rule"),
    [
        ({"criterion__value": 60}, "weakened", "criterion_loosened"),
        ({"criterion__value": 40}, "strengthened", "criterion_tightened"),
        ({"criterion__comparison": ">"}, "weakened", "criterion_comparison"),
        ({"early_warning": _DELETE}, "weakened", "early_warning_removed"),
        ({"early_warning__value": 30}, "weakened", "early_warning_loosened"),
        ({"required_safeguards": ["SG-1"]}, "weakened", "safeguard_dropped"),
        ({"required_safeguards": ["SG-1", "SG-2", "SG-3"]}, "strengthened", "safeguard_added"),
        ({"response__actions": ["delay_deployment", "notify_authorities"]}, "weakened", "response_softened"),
        ({"response__actions": ["halt_deployment"]}, "weakened", "response_softened"),
        (
            {"response__actions": ["halt_development", "notify_authorities"]},
            "strengthened",
            "response_hardened",
        ),
        ({"tier": 2}, "weakened", "tier_lowered"),
        ({"tier": 4}, "strengthened", "tier_raised"),
        ({"tracked": False}, "weakened", "moved_to_research"),
        ({"review__interval_months": 12}, "weakened", "review_less_often"),
        ({"status": "retired"}, "retired", "retired"),
        ({"capability": "End-to-end exploitation of hardened networks."}, "clarified", "capability_reworded"),
        ({"criterion__description": "At least half of the range tasks."}, "clarified", "criterion_reworded"),
        (
            {"criterion__value": 60, "required_safeguards": ["SG-1", "SG-2", "SG-3"]},
            "mixed",
            "safeguard_added",
        ),
    ],
)
def test_each_red_line_rule(edits: dict[str, Any], classification: str, rule: str) -> None:
    result, hits, _ = classify_red_line(RED_LINE, changed(**edits))
    assert result == classification
    assert rule in [hit.rule for hit in hits]


def test_a_new_review_date_alone_leaves_the_commitment_unchanged() -> None:
    assert classify_red_line(RED_LINE, changed(review__last_reviewed="2026-05-01"))[0] == "commitment unchanged"


def test_downward_criteria_loosen_the_other_way() -> None:
    old = changed(criterion__comparison="<=", criterion__value=10)
    assert classify_red_line(old, changed(criterion__comparison="<=", criterion__value=5))[0] == "weakened"
    assert classify_red_line(old, changed(criterion__comparison="<=", criterion__value=20))[0] == "strengthened"


def test_a_weakening_is_explained_only_by_a_new_history_entry() -> None:
    weaker = changed(criterion__value=60)
    assert classify_red_line(RED_LINE, weaker)[2] is True
    weaker["history"].append(
        {
            "date": "2026-05-01",
            "change": "weakened",
            "summary": "Raised to 60%.",
            "reason": "Range recalibrated.",
            "decision": "D-1",
        }
    )
    assert classify_red_line(RED_LINE, weaker)[2] is False


def test_reordered_lists_are_no_difference() -> None:
    old = {"models": ["a", "b", "c"], "history": [{"date": "1", "change": "x"}, {"date": "2", "change": "y"}]}
    new = {"models": ["c", "a", "b"], "history": [{"date": "2", "change": "y"}, {"date": "1", "change": "x"}]}
    assert compare_values(old, new) == []


def test_records_without_ids_match_by_natural_key() -> None:
    old = {"results": [{"red_line": "A", "result": "below"}, {"red_line": "B", "result": "below"}]}
    new = {"results": [{"red_line": "B", "result": "reached"}, {"red_line": "A", "result": "below"}]}
    [change] = compare_values(old, new)
    assert (change.path, change.old, change.new) == ("results[B].result", "below", "reached")


def test_prose_changes_are_word_level() -> None:
    assert words("the board approved it", "the board rejected it") == [
        ("equal", "the board "),
        ("delete", "approved"),
        ("insert", "rejected"),
        ("equal", " it"),
    ]


def _report(**sections: Any) -> Report:
    member = {
        "id": "m-1",
        "name": "A Chair",
        "role": "chair",
        "affiliation": "X",
        "category": "independent_expert",
        "independent": True,
        "term": {"start": "2020-01-01"},
    }
    data = {
        "report": {
            "title": "T",
            "organisation": {"name": "O"},
            "period": "2026-01-01/2026-12-31",
            "edition": "1",
            "status": "final",
            "published": "2027-01-15",
        },
        "board": {"name": "B", "chair": "m-1", "mandate": "M", "quorum": 1, "members": [member]},
        **sections,
    }
    return Report.model_validate(data)


def _decision(item_id: str, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "date": "2026-03-01",
        "title": title,
        "kind": "approve",
        "rationale": "Because.",
        **extra,
    }


def test_a_renamed_item_is_a_change_not_a_removal_and_an_addition() -> None:
    old = _report(decisions=[_decision("D-1", "Approve Atlas")])
    new = _report(decisions=[_decision("D-1", "Approve Atlas-3")])
    result = diff_reports(old, new, "old", "new")
    [section] = [s for s in result.sections if s.section == "decisions"]
    assert (section.added, section.removed) == ([], [])
    assert [(c.id, c.fields[0].path) for c in section.changed] == [("D-1", "title")]


def test_a_changed_id_with_the_same_content_is_reported_as_renamed() -> None:
    old = _report(decisions=[_decision("D-1", "Approve Atlas")])
    new = _report(decisions=[_decision("D-001", "Approve Atlas")])
    [section] = [s for s in diff_reports(old, new, "a", "b").sections if s.section == "decisions"]
    assert [(c.id, c.renamed_from) for c in section.changed] == [("D-001", "D-1")]
    assert section.added == section.removed == []


def test_a_decision_that_vanishes_within_one_period_is_flagged() -> None:
    old = _report(decisions=[_decision("D-1", "One"), _decision("D-2", "Two")])
    new = _report(decisions=[_decision("D-1", "One")])
    result = diff_reports(old, new, "draft", "final")
    assert result.count("vanished") == 1


def test_an_item_that_becomes_internal_is_newly_withheld() -> None:
    old = _report(decisions=[_decision("D-1", "One")])
    new = _report(decisions=[_decision("D-1", "One", audience="internal", withheld_reason="Unreleased model")])
    result = diff_reports(old, new, "a", "b")
    assert result.count("newly_withheld") == 1


def test_identical_reports_have_no_differences() -> None:
    report = _report(decisions=[_decision("D-1", "One"), _decision("D-2", "Two")])
    shuffled = _report(decisions=[_decision("D-2", "Two"), _decision("D-1", "One")])
    assert diff_reports(report, shuffled, "a", "b").empty
