"""Verdicts on the changes the real frameworks made between versions, each pinned on a small case.

Auditors read red lines first: a false "weakened" or a missed narrowing is the worst thing the diff can
say. Each test is one kind of real change (OpenAI Preparedness Framework beta -> v2, Anthropic RSP 1 -> 2.x,
Google DeepMind FSF 1 -> 3) reduced to the fields that carry it.
"""

from __future__ import annotations

from typing import Any

from helpers import RED_LINE, RED_LINE_WINDOW, edited, minimal_report

from reportgen.diff.engine import NOT_RETIRED, Count, diff_reports
from reportgen.diff.output import render_text
from reportgen.diff.redline_rules import Classification, RuleContext, classify_red_line
from reportgen.schema import Report

WINDOW = RED_LINE_WINDOW  # 2026-01-01 to 2027-01-15
INTRODUCED = {"date": "2025-01-10", "change": "introduced", "summary": "Introduced.", "reason": "Policy."}
OLD = edited(RED_LINE, history=[INTRODUCED])


def entry(change: str, day: str = "2026-03-14", **more: Any) -> dict[str, Any]:
    return {"date": day, "change": change, "summary": f"{change}.", "reason": f"Why {change}.", **more}


def verdict(new: dict[str, Any], context: RuleContext | None = None, old: dict[str, Any] = OLD) -> Classification:
    return classify_red_line(old, new, WINDOW, context)


def rule_names(result: Classification) -> list[tuple[str, str]]:
    return [(hit.rule, hit.effect) for hit in result.rules]


def test_interim_measures_added_before_a_halt_soften_the_response() -> None:
    """'Interim measures, otherwise halt' is weaker than 'halt': the halt now comes only if they fail."""
    new = edited(OLD, response__actions=["halt_deployment", "interim_measures", "notify_authorities"])
    result = verdict(new)
    assert rule_names(result) == [("response_interim_added", "weakened")]
    assert result.classification == "weakened" and result.unexplained


def test_a_halt_made_conditional_on_interim_measures_failing_softens_the_response() -> None:
    steps = [
        {"action": "interim_measures", "condition": None, "within_days": None},
        {"action": "halt_deployment", "condition": "if interim measures are not in place", "within_days": 30},
    ]
    new = edited(OLD, response={"actions": ["notify_authorities"], "steps": steps, "description": "Interim."})
    assert rule_names(verdict(new)) == [
        ("response_interim_added", "weakened"),
        ("response_conditional", "weakened"),
    ]


def test_a_stronger_action_of_the_same_family_replacing_a_weaker_one_is_a_strengthening() -> None:
    new = edited(OLD, response__actions=["withdraw_model", "notify_authorities"])
    result = verdict(new)
    assert rule_names(result) == [("response_hardened", "strengthened")]
    assert result.rules[0].detail == "halt_deployment replaced by the stronger withdraw_model"
    assert result.classification == "strengthened"


def test_a_safeguard_superseded_by_a_stricter_one_is_no_weakening() -> None:
    """ASL-2 security replaced by the ASL-3 Security Standard, which supersedes it."""
    new = edited(OLD, required_safeguards=["SG-ASL3", "SG-2"])
    context = RuleContext(supersedes={"SG-ASL3": frozenset({"SG-1"})})
    result = verdict(new, context)
    assert rule_names(result) == [("safeguard_superseded", "strengthened")]
    assert result.rules[0].detail == "SG-1 replaced by the stricter SG-ASL3"
    without = verdict(new)  # the same swap, with no word that SG-ASL3 supersedes SG-1
    assert rule_names(without) == [("safeguard_dropped", "weakened"), ("safeguard_added", "strengthened")]


def test_a_safeguard_moved_to_an_earlier_stage_is_no_drop_and_to_a_later_one_is() -> None:
    earlier = edited(OLD, required_safeguards=["SG-2"], development_safeguards=["SG-1"])
    assert rule_names(verdict(earlier)) == [("safeguard_added", "strengthened")]
    old = edited(OLD, development_safeguards=["SG-0"])
    later = edited(OLD, required_safeguards=["SG-1", "SG-2", "SG-0"])
    assert rule_names(verdict(later, old=old)) == [
        ("safeguard_dropped", "weakened"),
        ("safeguard_added", "strengthened"),
    ]


def test_three_rules_on_one_line_are_one_weakening_explained_by_one_entry() -> None:
    new = edited(
        OLD,
        criterion__value=60,
        required_safeguards=["SG-1"],
        review__interval_months=12,
        history=[INTRODUCED, entry("weakened", decision="D-2026-014")],
    )
    result = verdict(new)
    assert [effect for _, effect in rule_names(result)] == ["weakened"] * 3
    assert result.classification == "weakened" and not result.unexplained
    assert result.entries == (entry("weakened", decision="D-2026-014"),)


def test_a_weakening_with_no_entry_is_unexplained() -> None:
    result = verdict(edited(OLD, criterion__value=60))
    assert result.unexplained and result.reason == "no new history entry of kind weakened gives a reason"


def test_a_narrowed_domain_is_a_weakening() -> None:
    result = verdict(edited(OLD, domain="nuclear_radiological"))
    assert rule_names(result) == [("domain_changed", "weakened")]


def test_moving_a_line_to_a_research_category_is_a_weakening() -> None:
    """OpenAI PF v2 moved nuclear and radiological capabilities into research categories."""
    new = edited(OLD, kind="research_category", criterion=None, response=None, tier=None, tier_label=None)
    result = verdict(new)
    assert ("moved_to_research", "weakened") in rule_names(result)
    assert result.classification == "weakened"


def test_a_category_continued_with_the_same_scope_is_a_clarification_and_any_other_change_a_weakening() -> None:
    old = edited(OLD, category="OAI-PF1-CYBER", level="High")
    new = edited(OLD, category="OAI-PF2-CYBER", level="High")
    same = RuleContext(
        same_scope={"OAI-PF2-CYBER": frozenset({"OAI-PF1-CYBER"})}, levels={"OAI-PF2-CYBER": ["High", "Critical"]}
    )
    assert rule_names(verdict(new, same, old=old)) == [("category_renewed", "clarified")]
    narrowed = verdict(edited(OLD, category="OAI-PF2-BIO", level="High"), same, old=edited(OLD, category="CBRN"))
    assert ("category_changed", "weakened") in rule_names(narrowed)


def test_a_line_moved_to_a_higher_level_of_its_category_triggers_later() -> None:
    context = RuleContext(levels={"C": ["Low", "Medium", "High", "Critical"]})
    old = edited(OLD, category="C", level="Medium")
    assert rule_names(verdict(edited(old, level="High"), context, old=old)) == [("level_raised", "weakened")]
    assert rule_names(verdict(edited(old, level="Low"), context, old=old)) == [("level_lowered", "strengthened")]


def test_an_illustrative_value_is_never_compared_as_a_binding_number() -> None:
    """'e.g. >2x time saved' (OpenAI PF beta, cybersecurity Medium) moved to 3x is no loosening."""
    old = edited(OLD, criterion__example=True, criterion__value=2)
    assert rule_names(verdict(edited(old, criterion__value=3), old=old)) == [("criterion_example_changed", "clarified")]
    now_example = verdict(edited(OLD, criterion__example=True))
    assert rule_names(now_example) == [("criterion_value_now_example", "weakened")]


def test_any_of_losing_a_condition_loosens_and_all_of_gaining_one_loosens() -> None:
    a = {"description": "Develops a novel threat vector.", "metric": "novel vector"}
    b = {"description": "Uplifts anyone with basic training.", "metric": "novice uplift"}
    old = edited(OLD, criterion__any_of=[a, b])
    assert rule_names(verdict(edited(old, criterion__any_of=[a]), old=old)) == [
        ("criterion_any_of_condition_removed", "weakened")
    ]
    old = edited(OLD, criterion__all_of=[a])
    assert rule_names(verdict(edited(old, criterion__all_of=[a, b]), old=old)) == [
        ("criterion_all_of_condition_added", "weakened")
    ]


def test_a_narrowed_range_is_a_weakening_and_a_widened_one_a_strengthening() -> None:
    """An autonomy checkpoint on tasks of '2-8 hours'."""
    old = edited(OLD, criterion__comparison=None, criterion__value=None, criterion__value_min=2, criterion__value_max=8)
    narrower = edited(old, criterion__value_min=4)
    assert rule_names(verdict(narrower, old=old)) == [("criterion_range_narrowed", "weakened")]
    wider = edited(old, criterion__value_min=1)
    assert rule_names(verdict(wider, old=old)) == [("criterion_range_widened", "strengthened")]


def test_a_weakening_the_board_calls_clarified_is_flagged_mislabelled() -> None:
    new = edited(OLD, criterion__value=60, history=[INTRODUCED, entry("clarified")])
    result = verdict(new)
    assert result.mislabelled == "the board calls the change clarified, but the rules find it weaker"
    assert result.unexplained


def test_a_weakened_entry_that_no_rule_confirms_is_flagged_mislabelled() -> None:
    new = edited(OLD, criterion__description="Reworded.", history=[INTRODUCED, entry("weakened")])
    result = verdict(new)
    assert result.classification == "clarified"
    assert result.mislabelled == "the board calls the change weakened, but no rule finds a weakening"


def test_an_entry_dated_before_the_period_says_so_and_its_adoption_date_explains() -> None:
    """A change published before the period (2025-12-01) but adopted by the board in it."""
    backdated = edited(OLD, criterion__value=60, history=[INTRODUCED, entry("weakened", day="2025-12-01")])
    result = verdict(backdated)
    assert result.unexplained
    assert result.reason == (
        "no new history entry of kind weakened gives a reason: the weakened entry is dated 2025-12-01, outside "
        "this report's period (2026-01-01 to 2027-01-15); if the board adopted the change in the period, give "
        "that date as adopted"
    )
    adopted = edited(backdated, history=[INTRODUCED, entry("weakened", day="2025-12-01", adopted="2026-02-03")])
    assert not verdict(adopted).unexplained


def _report(lines: list[dict[str, Any]]) -> Report:
    """A valid report (one member, one period) holding these red lines."""
    return minimal_report(red_lines=lines)


def test_lineage_pairs_a_split_line_with_its_successors_instead_of_a_removal() -> None:
    """CBRN (beta) split into biological and chemical (tracked) and nuclear and radiological (research)."""
    cbrn = edited(OLD, id="RL-CBRN")
    bio = edited(OLD, id="RL-BIO", split_from="RL-CBRN", history=[entry("introduced")])
    nuclear = edited(
        OLD,
        id="RL-NUC",
        split_from="RL-CBRN",
        kind="research_category",
        criterion=None,
        response=None,
        tier=None,
        tier_label=None,
        history=[entry("introduced"), entry("weakened")],
    )
    old, new = _report([cbrn]), _report([bio, nuclear])
    diff = diff_reports(old, new, "2025", "2026", old_withheld=(), new_withheld=())
    section = next(s for s in diff.sections if s.section == "red_lines")
    assert section.removed == [] and section.added == []
    assert [(c.id, c.lineage, c.renamed_from, c.classification, c.unexplained) for c in section.changed] == [
        ("RL-BIO", "split from", "RL-CBRN", "commitment unchanged", False),
        ("RL-NUC", "split from", "RL-CBRN", "weakened", False),
    ]
    assert diff.count(Count.WEAKENED) == 1 and diff.count(Count.UNEXPLAINED) == 0
    text = render_text(diff)
    assert "  ~ RL-NUC Autonomous cyber offence (split from RL-CBRN): WEAKENED" in text
    assert "Board's entry of 14 March 2026 (weakened): weakened. Reason: Why weakened." in text


def test_a_removed_line_with_no_successor_is_still_removed_without_being_retired() -> None:
    old, new = _report([edited(OLD, id="RL-A")]), _report([edited(OLD, id="RL-B", title="Another line")])
    diff = diff_reports(old, new, "a", "b")
    section = next(s for s in diff.sections if s.section == "red_lines")
    assert [(r.id, r.flag) for r in section.removed] == [("RL-A", NOT_RETIRED)]


def test_a_line_moved_into_a_category_that_covers_its_old_one_and_more_is_not_narrowed() -> None:
    """Google DeepMind FSF 3.0: a CBRN category covering the earlier biological one."""
    old = edited(OLD, category="GDM-FSF1-BIO", level="Bio amateur enablement level 1")
    new = edited(OLD, category="GDM-FSF3-CBRN", level="CBRN uplift level 1")
    context = RuleContext(
        wider={"GDM-FSF3-CBRN": frozenset({"GDM-FSF1-BIO"})},
        renamed_levels={"GDM-FSF3-CBRN": {"CBRN uplift level 1": "Bio amateur enablement level 1"}},
    )
    assert rule_names(verdict(new, context, old=old)) == [
        ("category_widened", "strengthened"),
        ("level_renamed", "clarified"),
    ]


def test_a_safeguard_replaced_by_a_narrower_one_is_one_weakening() -> None:
    """Anthropic RSP 2.2 narrowed the ASL-3 Security Standard."""
    new = edited(OLD, required_safeguards=["SG-NARROW", "SG-2"])
    result = verdict(new, RuleContext(narrower={"SG-NARROW": frozenset({"SG-1"})}))
    assert [(h.rule, h.effect, h.detail) for h in result.rules] == [
        ("safeguard_narrowed", "weakened", "SG-1 replaced by the narrower SG-NARROW")
    ]


def test_an_illustrative_value_removed_is_no_new_binding_value() -> None:
    old = edited(OLD, criterion__example=True)
    new = edited(OLD, criterion__value=None, criterion__comparison=None)
    assert rule_names(verdict(new, old=old)) == [("criterion_example_removed", "clarified")]
