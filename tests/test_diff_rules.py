"""Each red-line rule, and the engine's matching: by id and natural key, never by position."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from helpers import RED_LINE as BARE
from helpers import RED_LINE_WINDOW, edited, minimal_report

from reportgen.diff.engine import compare_values, diff_reports, words
from reportgen.diff.redline_rules import classify_red_line
from reportgen.schema import Report

# The red line of helpers.py, with an early warning and the entry that introduced it.
RED_LINE = edited(
    BARE,
    id="RL-CYBER-1",
    early_warning={
        "description": "Solves a quarter.",
        "metric": "range tasks solved",
        "comparison": ">=",
        "value": 25,
        "unit": "%",
    },
    history=[
        {
            "date": "2025-01-10",
            "change": "introduced",
            "summary": "Introduced.",
            "reason": "Policy.",
            "decision": None,
        }
    ],
)
WINDOW = RED_LINE_WINDOW


def line(**edits: Any) -> dict[str, Any]:
    """The bare red line of helpers.py (no early warning, no history) with these edits."""
    return edited(BARE, **edits)


def rules(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(h.rule, h.effect, h.detail) for h in classify_red_line(old, new, WINDOW).rules]


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
        (  # halting development does not stop deploying the model there is: dropping that is a weakening
            {"response__actions": ["halt_development", "notify_authorities"]},
            "mixed",
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
    result, hits, *_ = classify_red_line(RED_LINE, changed(**edits))
    assert result == classification
    assert rule in [hit.rule for hit in hits]


def test_a_new_review_date_alone_leaves_the_commitment_unchanged() -> None:
    assert classify_red_line(RED_LINE, changed(review__last_reviewed="2026-05-01"))[0] == "commitment unchanged"


def test_downward_criteria_loosen_the_other_way() -> None:
    old = changed(criterion__comparison="<=", criterion__value=10)
    assert classify_red_line(old, changed(criterion__comparison="<=", criterion__value=5))[0] == "weakened"
    assert classify_red_line(old, changed(criterion__comparison="<=", criterion__value=20))[0] == "strengthened"


def _entry(day: str, kind: str = "weakened", summary: str = "Raised to 60%.") -> dict[str, Any]:
    return {"date": day, "change": kind, "summary": summary, "reason": "Range recalibrated.", "decision": "D-1"}


def test_a_weakening_is_explained_only_by_a_new_history_entry() -> None:
    weaker = changed(criterion__value=60)
    assert classify_red_line(RED_LINE, weaker)[2] is True
    weaker["history"].append(_entry("2026-05-01"))
    assert classify_red_line(RED_LINE, weaker)[2] is False


def test_one_weakened_entry_explains_the_weakening_of_one_line_however_many_rules_fire() -> None:
    """Three rules find one real change weaker: one verdict, explained by one new "weakened" entry."""
    weaker = changed(criterion__value=60, required_safeguards=["SG-1"], early_warning__value=30)
    result = classify_red_line(RED_LINE, weaker, ("2026-01-01", "2027-01-15"))
    assert (result.classification, result.unexplained) == ("weakened", True)
    assert result.reason == "no new history entry of kind weakened gives a reason"
    weaker["history"].append(_entry("2026-05-01", summary="The red line itself is unchanged."))
    result = classify_red_line(RED_LINE, weaker, ("2026-01-01", "2027-01-15"))
    assert (result.classification, result.unexplained) == ("weakened", False)
    assert [h.effect for h in result.rules] == ["weakened"] * 3


def test_only_weakened_entries_in_the_new_period_explain_a_weakening() -> None:
    weaker = changed(criterion__value=60)
    weaker["history"].append(_entry("2026-05-01", kind="clarified"))  # the wrong kind
    assert classify_red_line(RED_LINE, weaker, ("2026-01-01", "2027-01-15")).reason == (
        "no new history entry of kind weakened gives a reason"
    )
    backdated = changed(criterion__value=60)
    backdated["history"].append(_entry("2024-05-01"))  # before the new period: not this change
    assert classify_red_line(RED_LINE, backdated, ("2026-01-01", "2027-01-15")).unexplained is True
    # an old entry whose summary was edited is not a new entry
    reworded = changed(criterion__value=60)
    reworded["history"][0] = {**reworded["history"][0], "summary": "Introduced, then raised to 60%."}
    assert classify_red_line(RED_LINE, reworded).unexplained is True


def test_a_retirement_is_explained_by_a_retired_entry_only() -> None:
    retired = changed(status="retired")
    retired["history"].append(_entry("2026-05-01"))
    assert classify_red_line(RED_LINE, retired).reason == "no new history entry of kind retired"
    retired["history"].append(_entry("2026-05-01", kind="retired"))
    assert classify_red_line(RED_LINE, retired).unexplained is False


@pytest.mark.parametrize(
    ("edits", "classification", "rules"),
    [
        # a respelled unit or metric is the same measure: the loosening shows
        (
            {"criterion__unit": "percent", "criterion__value": 60},
            "weakened",
            ["criterion_respelled", "criterion_loosened"],
        ),
        (
            {"criterion__metric": "range-tasks solved", "criterion__value": 60},
            "weakened",
            ["criterion_respelled", "criterion_loosened"],
        ),
        ({"criterion__unit": "Percent"}, "clarified", ["criterion_respelled"]),
        # another measure with another threshold cannot be compared: it counts as a weakening
        ({"criterion__metric": "range tasks attempted", "criterion__value": 60}, "weakened", ["criterion_redefined"]),
        ({"criterion__metric": "range tasks attempted", "criterion__value": 40}, "weakened", ["criterion_redefined"]),
        ({"criterion__unit": "tasks", "criterion__comparison": "<="}, "weakened", ["criterion_redefined"]),
        ({"criterion__metric": "range tasks attempted"}, "clarified", ["criterion_redefined"]),
        # a reversed comparison is never provably stricter
        ({"criterion__comparison": "<="}, "weakened", ["criterion_reversed"]),
        ({"criterion__comparison": "<", "criterion__value": 10}, "weakened", ["criterion_reversed"]),
        ({"early_warning__comparison": "<="}, "weakened", ["early_warning_reversed"]),
        ({"criterion__comparison": None}, "weakened", ["criterion_comparison_removed"]),
    ],
)
def test_a_redefined_or_reversed_criterion_cannot_hide_a_loosening(
    edits: dict[str, Any], classification: str, rules: list[str]
) -> None:
    result = classify_red_line(RED_LINE, changed(**edits))
    assert result.classification == classification
    assert [hit.rule for hit in result.rules if not hit.rule.endswith("_reworded")] == rules


def test_the_rule_details_say_why_a_redefinition_counts_as_weaker() -> None:
    [hit] = classify_red_line(RED_LINE, changed(criterion__unit="tasks", criterion__value=60)).rules
    assert hit.detail == "the criterion was redefined and its threshold changed: cannot be shown to be no weaker"
    [hit] = classify_red_line(RED_LINE, changed(criterion__comparison="<=")).rules
    assert hit.detail == "the criterion comparison changed direction (>= to <=): cannot be shown to be no weaker"


# Respelling keeps every script's letters (on the bare red line of helpers.py) ------------------------------


@pytest.mark.parametrize(
    ("old_unit", "new_unit", "value", "expected"),
    [
        ("µg", "g", 50, ("weakened", "criterion_redefined", "weakened")),  # 50 g is not 50 µg
        ("µg", "g", 60, ("weakened", "criterion_redefined", "weakened")),
        ("µg", "μg", 50, ("clarified", "criterion_respelled", "clarified")),  # micro sign, Greek mu
        ("Percent", "%", 50, ("clarified", "criterion_respelled", "clarified")),
        ("per cent", "pct", 50, ("clarified", "criterion_respelled", "clarified")),
        ("percentage-points", "Percentage points", 50, ("clarified", "criterion_respelled", "clarified")),
        ("件数", "割合", 50, ("weakened", "criterion_redefined", "weakened")),  # another unit: another threshold
        ("件数", "件数。", 50, ("clarified", "criterion_respelled", "clarified")),
    ],
)
def test_spelling_keeps_letters_of_every_script(
    old_unit: str, new_unit: str, value: int, expected: tuple[str, str, str]
) -> None:
    old = line(criterion__unit=old_unit)
    new = line(criterion__unit=new_unit, criterion__value=value)
    result = classify_red_line(old, new, WINDOW)
    classification, rule, effect = expected
    assert result.classification == classification
    assert [(h.rule, h.effect) for h in result.rules] == [(rule, effect)]


def test_a_non_latin_metric_is_not_blank() -> None:
    old, new = line(criterion__metric="解決した課題の割合"), line(criterion__metric="試行の成功率", criterion__value=60)
    assert rules(old, new) == [
        (
            "criterion_redefined",
            "weakened",
            "the criterion was redefined and its threshold changed: cannot be shown to be no weaker",
        )
    ]


# Every dropped response action is a weakening ------------------------------------------------------------


def _weakened_entry() -> dict[str, Any]:
    return {
        "date": "2026-03-01",
        "change": "weakened",
        "summary": "Halt development.",
        "reason": "R.",
        "decision": None,
    }


def test_a_dropped_action_is_softened_even_when_the_strongest_rises() -> None:
    new = line(response__actions=["halt_development"])
    result = classify_red_line(BARE, new, WINDOW)
    assert (result.classification, result.unexplained, result.reason) == (
        "mixed",
        True,
        "no new history entry of kind weakened gives a reason",
    )
    # halting development does not replace halting deployment (another kind of action): both count
    assert rules(BARE, new) == [
        ("response_softened", "weakened", "response actions removed: Halt deployment, Notify authorities"),
        ("response_hardened", "strengthened", "response actions added: Halt development"),
    ]
    explained = classify_red_line(BARE, {**new, "history": [_weakened_entry()]}, WINDOW)
    assert (explained.classification, explained.unexplained) == ("mixed", False)


def test_an_action_swapped_for_a_weaker_one_is_softened_only() -> None:
    new = line(response__actions=["delay_deployment", "notify_authorities"])
    assert classify_red_line(BARE, new, WINDOW).classification == "weakened"
    assert rules(BARE, new) == [("response_softened", "weakened", "response actions removed: Halt deployment")]


def test_an_extra_action_alone_is_hardened() -> None:
    new = line(response__actions=["halt_deployment", "notify_authorities", "restrict_access"])
    assert classify_red_line(BARE, new, WINDOW).classification == "strengthened"
    assert rules(BARE, new) == [("response_hardened", "strengthened", "response actions added: Restrict access")]


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


def test_neighbouring_word_changes_read_as_one_and_a_rewrite_keeps_every_word() -> None:
    assert words("keep her seat on condition that she recuses", "keep her seat under the policy she recuses") == [
        ("equal", "keep her seat "),
        ("delete", "on condition that"),
        ("insert", "under the policy"),
        ("equal", " she recuses"),
    ]
    old, new = "An entirely different text about one thing.", "Nothing here matches the earlier wording at all."
    assert words(old, new) == [("delete", old), ("insert", new)]


def test_reflowed_prose_is_no_difference() -> None:
    assert compare_values({"notes": "one two\nthree four\n"}, {"notes": "one two three\nfour"}) == []
    [change] = compare_values({"notes": "one two\nthree four"}, {"notes": "one two\nthree five"})
    assert change.words == [("equal", "one two\nthree "), ("delete", "four"), ("insert", "five")]


def test_an_emptied_list_is_an_empty_list_not_none() -> None:
    [change] = compare_values({"conditions": ["a", "b"]}, {"conditions": []})
    assert (change.old, change.new) == (["a", "b"], [])


def _report(**sections: Any) -> Report:
    return minimal_report(**sections)


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
