"""A review of ``reportgen diff``'s rules: redacted references, respelled units, dropped response actions,
the withheld counts, and red lines an edition withholds. Each asserts the exact classification, rules,
summary counts and text."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli
from reportgen.diff.engine import (
    NEWLY_WITHHELD,
    NOT_RETIRED,
    PlaceholderKey,
    _item_change,
    diff_reports,
    list_edit,
)
from reportgen.diff.output import render_text, summary_counts, summary_line
from reportgen.diff.redline_rules import classify_red_line, unmatched_references
from reportgen.diff.sides import load_side
from reportgen.schema import Report

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = ROOT / "inputs" / "asab-2025", ROOT / "inputs" / "asab-2026"

RED_LINE: dict[str, Any] = {
    "id": "RL-1",
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
    "early_warning": None,
    "required_safeguards": ["SG-1", "SG-2"],
    "response": {"actions": ["halt_deployment", "notify_authorities"], "description": "Halt and notify."},
    "decided_by": "the Board",
    "review": {"interval_months": 6, "last_reviewed": None},
    "status": "active",
    "history": [],
    "notes": None,
}
WINDOW = ("2026-01-01", "2027-01-15")


def line(**edits: Any) -> dict[str, Any]:
    new = copy.deepcopy(RED_LINE)
    for path, value in edits.items():
        *parents, last = path.split("__")
        target = new
        for key in parents:
            target = target[key]
        target[last] = value
    return new


def rules(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(h.rule, h.effect, h.detail) for h in classify_red_line(old, new, WINDOW).rules]


def cli_run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, list(map(str, args)))


def copy_inputs(tmp_path: Path, name: str) -> Path:
    if not (tmp_path / OLD.name).exists():
        shutil.copytree(OLD, tmp_path / OLD.name)
    target = tmp_path / name
    shutil.copytree(NEW, target)
    return target


def edit(path: Path, old: str, new: str, *, after: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    at = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def build_public_html(folder: Path, out: Path) -> Path:
    result = cli_run("build", folder, "-o", out, "--edition", "public", "--format", "html")
    assert result.exit_code == 0, result.output
    return out / "report.html"


# 1. A redacted reference is no change -------------------------------------------------------------------


def test_withheld_pairs_with_an_id_only_the_other_side_has() -> None:
    assert unmatched_references(["A", "B"], ["A", "withheld"]) == ([], [])
    assert unmatched_references(["A", "withheld"], ["A", "B"]) == ([], [])
    assert unmatched_references(["A", "B"], ["withheld", "withheld"]) == ([], [])
    # A "withheld" with no unmatched id on the other side is a reference added (or dropped).
    assert unmatched_references(["A"], ["A", "withheld"]) == ([], ["withheld"])
    assert unmatched_references(["A", "withheld"], ["A"]) == (["withheld"], [])
    # An id with no "withheld" to pair with is still dropped.
    assert unmatched_references(["A", "B", "C"], ["A", "withheld"]) == (["C"], [])


def test_a_redacted_safeguard_with_a_tightening_is_strengthened() -> None:
    new = line(required_safeguards=["SG-1", "withheld"], criterion__value=40)
    result = classify_red_line(RED_LINE, new, WINDOW)
    assert (result.classification, result.unexplained) == ("strengthened", False)
    assert rules(RED_LINE, new) == [("criterion_tightened", "strengthened", "the criterion moved from 50 to 40")]
    # The other way round: the earlier side is the edition.
    old = line(required_safeguards=["withheld", "SG-2"])
    assert classify_red_line(old, RED_LINE, WINDOW).classification == "commitment unchanged"


def test_a_withheld_reference_with_nothing_to_stand_for_is_still_a_change() -> None:
    assert rules(RED_LINE, line(required_safeguards=["SG-1", "SG-2", "withheld"])) == [
        ("safeguard_added", "strengthened", "required safeguard(s) added: withheld")
    ]
    assert rules(line(required_safeguards=["SG-1", "SG-2", "withheld"]), RED_LINE) == [
        ("safeguard_dropped", "weakened", "required safeguard(s) dropped: withheld")
    ]
    # Two ids, one "withheld": one of them was dropped, and which is unknown.
    assert rules(RED_LINE, line(required_safeguards=["withheld"])) == [
        ("safeguard_dropped", "weakened", "required safeguard(s) dropped: 1 of SG-1, SG-2 (1 withheld in this edition)")
    ]


def test_redacted_reference_lists_and_references_are_no_change() -> None:
    decision = {"id": "D-1", "meeting": "M-1", "red_lines": ["RL-1", "RL-2"], "models": ["M-A"]}
    edition = {"id": "D-1", "meeting": "withheld", "red_lines": ["withheld", "RL-2"], "models": ["withheld"]}
    assert _item_change("decisions", decision, edition, "", WINDOW) is None
    assert _item_change("decisions", edition, decision, "", WINDOW) is None
    grown = {**edition, "red_lines": ["withheld", "RL-2", "withheld"]}
    change = _item_change("decisions", decision, grown, "", WINDOW)
    assert change is not None
    [field] = change.fields
    assert (field.path, field.old, field.new) == ("red_lines", ["RL-1", "RL-2"], ["withheld", "RL-2", "withheld"])
    assert list_edit(field.old, field.new) == ([], ["withheld"])
    # A reference that was not there cannot have been redacted.
    no_meeting = _item_change("decisions", {**decision, "meeting": None}, edition, "", WINDOW)
    assert no_meeting is not None
    assert [(f.path, f.old, f.new) for f in no_meeting.fields] == [("meeting", None, "withheld")]


def test_results_of_a_withheld_red_line_pair_with_the_shown_ones() -> None:
    old = {"id": "E-1", "results": [{"red_line": "RL-1", "result": "below"}, {"red_line": "RL-2", "result": "below"}]}
    new = {**old, "results": [{"red_line": "withheld", "result": "below"}, {"red_line": "RL-2", "result": "below"}]}
    assert _item_change("evaluations", old, new, "", WINDOW) is None
    # Two withheld results (no longer one overwriting the other), each paired with the result it is closest to.
    old["results"][1]["result"] = "above"
    both = {
        **old,
        "results": [{"red_line": "withheld", "result": "above"}, {"red_line": "withheld", "result": "below"}],
    }
    assert _item_change("evaluations", old, both, "", WINDOW) is None
    extra = {**old, "results": [*both["results"], {"red_line": "withheld", "result": "below"}]}
    change = _item_change("evaluations", old, extra, "", WINDOW)
    assert change is not None
    assert [(f.path, f.old, f.new) for f in change.fields] == [
        ("results[withheld]", None, {"red_line": "withheld", "result": "below"})
    ]


def test_a_public_edition_against_its_folder_reports_the_tightening_only(tmp_path: Path) -> None:
    folder_a = copy_inputs(tmp_path, "A")
    edit(
        folder_a / "safeguards.yaml",
        "  - id: SG-INSIDER-CONTROLS\n",
        "  - id: SG-INSIDER-CONTROLS\n    audience: regulator\n",
    )
    folder_b = tmp_path / "B"
    shutil.copytree(folder_a, folder_b)
    edit(folder_b / "red-lines.yaml", "value: 15", "value: 10", after="id: RL-BIO-CRIT")
    html = build_public_html(folder_b, tmp_path / "outB")
    result = cli_run("diff", folder_a, html, "--fail-on", "weakening")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2] == "6 removed, 1 changed, 6 withheld, 3 withheld details"
    at = lines.index("Red lines:")
    assert lines[at : at + 4] == [
        "Red lines:",
        "  ~ RL-BIO-CRIT Novel biological threat design: STRENGTHENED",
        "      rule criterion_tightened: the criterion moved from 15 to 10 (strengthened)",
        "      criterion.value: 15 -> 10",
    ]
    assert lines[at + 4] == "Evaluations:"
    assert "  - SG-INSIDER-CONTROLS Two-person rule and insider-risk programme  [WITHHELD IN THIS EDITION]" in lines
    # What the folders say, too.
    folders = cli_run("diff", folder_a, folder_b).stdout.splitlines()
    assert folders[2:4] == ["1 changed", "Red lines:"]
    assert folders[4] == "  ~ RL-BIO-CRIT Novel biological threat design: STRENGTHENED"


# 2. Respelling keeps every script's letters ----------------------------------------------------------------


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


# 3. Every dropped response action is a weakening ------------------------------------------------------------


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
    result = classify_red_line(RED_LINE, new, WINDOW)
    assert (result.classification, result.unexplained, result.reason) == (
        "mixed",
        True,
        "no history entry gives a reason",
    )
    assert rules(RED_LINE, new) == [
        ("response_softened", "weakened", "response actions removed: halt_deployment, notify_authorities"),
        (
            "response_hardened",
            "strengthened",
            "response actions added: halt_development (the strongest is now halt_development)",
        ),
    ]
    explained = classify_red_line(RED_LINE, {**new, "history": [_weakened_entry()]}, WINDOW)
    assert (explained.classification, explained.unexplained) == ("mixed", False)


def test_an_action_swapped_for_a_weaker_one_is_softened_only() -> None:
    new = line(response__actions=["delay_deployment", "notify_authorities"])
    assert classify_red_line(RED_LINE, new, WINDOW).classification == "weakened"
    assert rules(RED_LINE, new) == [("response_softened", "weakened", "response actions removed: halt_deployment")]


def test_an_extra_action_alone_is_hardened() -> None:
    new = line(response__actions=["halt_deployment", "notify_authorities", "restrict_access"])
    assert classify_red_line(RED_LINE, new, WINDOW).classification == "strengthened"
    assert rules(RED_LINE, new) == [("response_hardened", "strengthened", "response actions added: restrict_access")]


# 4. withheld_details counts what the new side withholds ----------------------------------------------------


def test_withheld_details_count_only_the_new_side(tmp_path: Path) -> None:
    html = build_public_html(copy_inputs(tmp_path, "asab-2026"), tmp_path / "out")
    forward = cli_run("diff", html, NEW, "--fail-on", "weakening")
    assert forward.exit_code == 0, forward.output
    assert forward.stdout.splitlines()[2] == "5 added"
    backward = cli_run("diff", NEW, html).stdout.splitlines()
    assert backward[2] == "5 removed, 5 withheld, 3 withheld details"
    data = cli_run("diff", html, NEW, "--format", "json").stdout
    assert '"withheld": 0,\n    "withheld_details": 0\n' in data


# 5. A red line the new edition withholds ---------------------------------------------------------------------


def _reports() -> tuple[Report, Report]:
    report = load_side(NEW).report
    without = report.model_copy(update={"red_lines": [r for r in report.red_lines if r.id != "RL-MANIP"]})
    return report, without


@pytest.mark.parametrize("day", [None, "2026-05-28"])
def test_a_red_line_behind_a_placeholder_is_newly_withheld(day: str | None) -> None:
    old, new = _reports()
    diff = diff_reports(old, new, "old", "new", old_withheld=(), new_withheld=[PlaceholderKey("red_lines", day)])
    [section] = [s for s in diff.sections if s.section == "red_lines"]
    assert [(r.id, r.flag) for r in section.removed] == [("RL-MANIP", NEWLY_WITHHELD)]
    counts = summary_counts(diff)
    assert (counts["removed"], counts["weakened"], counts["unexplained"], counts["newly_withheld"]) == (1, 0, 0, 1)
    assert summary_line(diff) == "1 removed, 1 newly withheld"
    assert "  - RL-MANIP Harmful manipulation at scale  [NEWLY WITHHELD]" in render_text(diff).splitlines()


def test_a_red_line_without_a_placeholder_was_removed_without_being_retired() -> None:
    old, new = _reports()
    diff = diff_reports(old, new, "old", "new", old_withheld=(), new_withheld=[PlaceholderKey("decisions", None)])
    [section] = [s for s in diff.sections if s.section == "red_lines"]
    assert [(r.id, r.flag) for r in section.removed] == [("RL-MANIP", NOT_RETIRED)]
    assert summary_line(diff) == "1 removed, 1 weakened, 1 unexplained"
