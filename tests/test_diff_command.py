"""``reportgen diff`` on edited copies of the example reports: red-line classifications, the ``--fail-on``
levels and their exit codes, the exact text, JSON and HTML output, and invalid inputs. (Found by an
auditor's review; this was ``test_diff_audit.py``. What an edition withholds: ``test_diff_withheld.py``.)"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLE, PREVIOUS, copy_example, diff_exit_codes, diff_json, diff_lines, edit, invoke

OLD, NEW = PREVIOUS, EXAMPLE


def copy(tmp_path: Path) -> Path:
    """A copy of the example report (with last year's beside it, as ``previous_report`` names it)."""
    return copy_example(tmp_path, "edited")


def changed_item(data: dict[str, Any], section: str, item_id: str) -> dict[str, Any]:
    [found] = [c for s in data["sections"] if s["section"] == section for c in s["changed"] if c["id"] == item_id]
    return found


# 1. One real change of a red line is one verdict: one "weakened" entry explains it, however many rules fire.


def test_one_weakened_entry_explains_one_lines_weakening_however_many_rules_fire(tmp_path: Path) -> None:
    new = copy(tmp_path)
    red_lines = new / "red-lines.yaml"
    edit(red_lines, "value: 95", "value: 99", after="id: RL-MANIP")
    edit(red_lines, "[SG-PERSUASION-POLICY, SG-MISUSE-MONITORING]", "[SG-PERSUASION-POLICY]", after="id: RL-MANIP")
    manip = changed_item(diff_json(OLD, new), "red_lines", "RL-MANIP")
    assert (manip["classification"], manip["unexplained"]) == ("weakened", False)
    assert [(e["date"], e["change"]) for e in manip["explanations"]] == [("2026-05-28", "weakened")]
    weakenings = [r["rule"] for r in manip["rules"] if r["effect"] == "weakened"]
    assert weakenings == ["criterion_loosened", "early_warning_loosened", "safeguard_dropped"]
    assert "  ~ RL-MANIP Harmful manipulation at scale: WEAKENED" in diff_lines(OLD, new)
    # (still 1 unexplained: RL-AUTO-REPL, weakened in the example with no entry)
    assert diff_exit_codes(OLD, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_one_weakened_entry_per_weakening_explains_them(tmp_path: Path) -> None:
    new = copy(tmp_path)
    red_lines = new / "red-lines.yaml"
    edit(red_lines, "value: 95", "value: 99", after="id: RL-MANIP")
    entry = (
        "      - date: 2026-06-{day}\n        change: weakened\n        summary: {summary}\n"
        "        reason: The panel was recalibrated.\n        decision: D-2026-014\n"
    )
    edit(
        red_lines,
        "    notes: |\n",
        entry.format(day="02", summary="Raised to the 99th.") + "    notes: |\n",
        after="id: RL-MANIP",
    )
    manip = changed_item(diff_json(OLD, new), "red_lines", "RL-MANIP")
    assert (manip["classification"], manip["unexplained"], manip["unexplained_reason"]) == ("weakened", False, "")
    # RL-AUTO-REPL stays unexplained, as in the example reports
    assert diff_exit_codes(OLD, new)["unexplained"] == 1


# 2. A respelled unit or metric, or a reversed comparison, cannot hide a loosening.


@pytest.mark.parametrize(
    ("edits", "rules"),
    [
        ([('unit: "%"', 'unit: "percent"'), ("value: 40", "value: 60")], ["criterion_loosened"]),
        (
            [
                ("cyber-range tasks solved end to end", "cyber range tasks solved end-to-end"),
                ("value: 40", "value: 60"),
            ],
            ["criterion_loosened"],
        ),
        ([('comparison: ">="', 'comparison: "<="')], ["criterion_reversed"]),
        (
            [("metric: share of professional-level", "metric: number of"), ("value: 40", "value: 12")],
            ["criterion_redefined"],
        ),
    ],
)
def test_a_respelled_or_reversed_criterion_fails_on_weakening(
    tmp_path: Path, edits: list[tuple[str, str]], rules: list[str]
) -> None:
    new = copy(tmp_path)
    for old_text, new_text in edits:
        edit(new / "red-lines.yaml", old_text, new_text, after="id: RL-CYBER-HIGH")
    cyber = changed_item(diff_json(NEW, new), "red_lines", "RL-CYBER-HIGH")
    assert cyber["classification"] == "weakened"
    assert [r["rule"] for r in cyber["rules"] if r["effect"] == "weakened"] == rules
    assert cyber["unexplained"] is True
    assert diff_exit_codes(NEW, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_the_text_says_why_a_reversed_comparison_is_weaker(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", 'comparison: ">="', 'comparison: "<="', after="id: RL-CYBER-HIGH")
    lines = diff_lines(NEW, new)
    head = lines.index(
        "  ~ RL-CYBER-HIGH Autonomous professional-level cyber operations: WEAKENED "
        "(UNEXPLAINED: no new history entry of kind weakened gives a reason)"
    )
    assert lines[head + 1] == (
        "      Finding: the criterion comparison changed direction (>= to <=): "
        "cannot be shown to be no weaker (weakened)"
    )


# 3. The --fail-on levels nest: unexplained ⊆ weakening ⊆ any.


def test_a_red_line_renamed_and_loosened_fails_on_weakening(tmp_path: Path) -> None:
    new = copy(tmp_path)
    for path in [new / "red-lines.yaml", new / "evaluations.yaml", *sorted((new / "decisions").glob("*.yaml"))]:
        path.write_text(path.read_text(encoding="utf-8").replace("RL-MANIP", "RL-PERSUADE"), encoding="utf-8")
    edit(new / "red-lines.yaml", "value: 95", "value: 99", after="id: RL-PERSUADE")
    data = diff_json(NEW, new)
    assert (data["summary"]["weakened"], data["summary"]["unexplained"]) == (1, 1)
    [red_lines] = [s for s in data["sections"] if s["section"] == "red_lines"]
    assert [(r["id"], r["flag"]) for r in red_lines["removed"]] == [("RL-MANIP", "removed without being retired")]
    assert diff_exit_codes(NEW, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_a_vanished_decision_fails_every_level(tmp_path: Path) -> None:
    new = copy(tmp_path)
    (new / "decisions" / "D-2026-019.yaml").unlink()
    assert "1 removed, 1 unexplained, 1 vanished decision" in diff_lines(NEW, new)
    assert diff_exit_codes(NEW, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_a_newly_withheld_decision_is_a_weakening_with_a_reason(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(
        new / "decisions" / "D-2026-019.yaml",
        "    date:",
        "    audience: internal\n    withheld_reason: Legal advice\n    date:",
    )
    assert diff_json(NEW, new)["summary"]["newly_withheld"] == 1
    assert diff_exit_codes(NEW, new) == {"unexplained": 0, "weakening": 1, "any": 1}


def test_a_clarification_fails_only_on_any(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", "restricted, additional enforcement", "restricted, further enforcement")
    assert diff_exit_codes(NEW, new) == {"unexplained": 0, "weakening": 0, "any": 1}
    assert diff_exit_codes(NEW, NEW) == {"unexplained": 0, "weakening": 0, "any": 0}


# 4. The text view never cuts away changed words.


def test_long_changes_keep_every_changed_word(tmp_path: Path) -> None:
    text = "\n".join(diff_lines(OLD, NEW))
    assert "measured the model at the 76th percentile. Under the early-warning threshold" in text
    assert "became markedly more capable in the two domains we watch most closely, cybersecurity and biology" in text
    assert "..." not in text
    # unchanged text between changes is shortened to the words beside them
    assert "  ~ Report › Methodology, paragraph by paragraph:" in text
    assert "        … report from the signed minutes of the Board's [-eight-]{+ten+} meetings" in text


# 5. Output details.


def test_counts_of_one_read_in_the_singular(tmp_path: Path) -> None:
    new = copy(tmp_path)
    (new / "decisions" / "D-2026-019.yaml").unlink()
    edit(new / "red-lines.yaml", "value: 40", "value: 60", after="id: RL-CYBER-HIGH")
    assert diff_lines(NEW, new)[2] == "1 removed, 1 changed, 1 weakened, 2 unexplained, 1 vanished decision"
    html = tmp_path / "diff.html"
    invoke("diff", NEW, new, "--format", "html", "-o", html)
    page = html.read_text(encoding="utf-8")
    for label in ("1</strong> red line weakened", "1</strong> decision vanished", "2</strong> weakenings unexplained"):
        assert label in page


def test_an_emptied_list_is_an_empty_list_in_json(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", "[SG-PERSUASION-POLICY, SG-MISUSE-MONITORING]", "[]", after="id: RL-MANIP")
    [field] = [f for f in changed_item(diff_json(NEW, new), "red_lines", "RL-MANIP")["fields"]]
    assert field == {
        "path": "required_safeguards",
        "old": ["SG-PERSUASION-POLICY", "SG-MISUSE-MONITORING"],
        "new": [],
        "words": None,
    }
    shown = "      Required safeguards before external deployment: removed SG-PERSUASION-POLICY, SG-MISUSE-MONITORING"
    assert shown in diff_lines(NEW, new)


def test_summarised_sections_are_counted_not_listed() -> None:
    data = diff_json(OLD, NEW)
    [decisions] = [s for s in data["sections"] if s["section"] == "decisions"]
    assert decisions == {
        "section": "decisions",
        "summarised": True,
        "old_count": 16,
        "new_count": 32,
        "added": [],
        "removed": [],
        "changed": [],
        "withheld_fields": [],
    }
    assert data["summary"]["added"] == sum(len(s["added"]) for s in data["sections"])


def test_items_without_a_title_are_named_once(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "evaluations.yaml", "mitigations_on: false", "mitigations_on: true", after="id: E-2026-01")
    lines = diff_lines(NEW, new)
    assert "  ~ E-2026-01 Atlas-3.5 by Meridian AI Frontier Evaluations team" in lines
    assert not any(re.search(r"(E-2026-\d+) \1", line) for line in lines)


# 6. Invalid inputs exit 2: the versions could not be compared.


def test_an_invalid_side_exits_2_with_its_findings_on_stderr(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", "tier: 3", "tier: three")
    result = invoke("diff", NEW, new)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{new}/red-lines.yaml:" in result.stderr
    assert "red_lines[RL-BIO-HIGH].tier: expected a whole number, got the text 'three'" in result.stderr
    assert f"error: could not compare: {new} is not a valid report" in result.stderr
    as_json = invoke("diff", NEW, new, "--format", "json", "--fail-on", "unexplained")
    assert as_json.exit_code == 2
    # with --format json, a pipeline reading stdout learns why there is no diff
    payload = json.loads(as_json.stdout)
    assert (payload["compared"], payload["invalid"][0]["source"]) == (False, str(new))
    assert payload["invalid"][0]["findings"][0]["path"] == "red_lines[RL-BIO-HIGH].tier"
