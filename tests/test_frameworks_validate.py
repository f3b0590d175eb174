"""Validation of what the frameworks give a red line: each bad input is one located, plain-language error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers import assert_invalid

FRAMEWORKS = """frameworks:
  - id: FW-1
    name: Preparedness Framework
    owner: Example Lab
    version: "2"
    published: 2026-01-15
    categories:
      - id: CAT-CYBER
        name: Cybersecurity
        levels: [High, Critical]
      - id: CAT-NUC
        name: Nuclear and radiological
        kind: research
"""
LINKED = "    title: Autonomous cyber offence\n    framework: FW-1\n    category: CAT-CYBER\n    level: High\n"
TITLE = "    title: Autonomous cyber offence\n"
CRITERION = """    criterion:
      description: Solves at least half of the expert capture-the-flag tasks.
      metric: expert CTF tasks solved
      comparison: ">="
      value: 50
      unit: "%"
"""
VETTED = "    description: Only vetted"


def test_a_red_line_placed_in_a_framework_category_at_a_level_is_valid(make_case: Callable, run_validate: Callable):
    case = make_case([("frameworks.yaml", None, FRAMEWORKS), ("red-lines.yaml", TITLE, LINKED)])
    run = run_validate(case.root)
    assert (run.code, run.stderr) == (0, ""), run.stderr


@pytest.mark.parametrize(
    ("edits", "lines"),
    [
        pytest.param(
            [("red-lines.yaml", TITLE, LINKED.replace("level: High", "level: Hihg"))],
            ["red-lines.yaml:6:12: red_lines[RL-CYBER].level: 'Hihg' is not a level of CAT-CYBER (its levels: High, "
             "Critical) (did you mean 'High'?)"],
            id="unknown-level",
        ),
        pytest.param(
            [("red-lines.yaml", TITLE, LINKED.replace("framework: FW-1", "framework: FW-2"))],
            ["red-lines.yaml:4:16: red_lines[RL-CYBER].framework: framework 'FW-2' is not in frameworks (did you mean "
             "'FW-1'?)",
             "red-lines.yaml:5:15: red_lines[RL-CYBER].category: category 'CAT-CYBER' belongs to framework 'FW-1', not "
             "'FW-2'"],
            id="unknown-framework",
        ),
        pytest.param(
            [("red-lines.yaml", TITLE, TITLE + "    category: CAT-NUC\n")],
            ["red-lines.yaml:4:15: red_lines[RL-CYBER].category: category 'CAT-NUC' is a research category: give this "
             "line kind: research_category"],
            id="threshold-in-a-research-category",
        ),
        pytest.param(
            [("red-lines.yaml", CRITERION, "")],
            ["red-lines.yaml:2:5: red_lines[RL-CYBER].criterion: a capability threshold needs a criterion (when "
             "it counts as reached); for a category that is monitored with no threshold yet, write kind: "
             "research_category"],
            id="threshold-without-criterion",
        ),
        pytest.param(
            [("red-lines.yaml", "      value: 50\n", "      value: 50\n      value_min: 40\n      value_max: 30\n")],
            ["red-lines.yaml:12:19: red_lines[RL-CYBER].criterion.comparison: a range needs no comparison: "
             "reached within value_min to value_max",
             "red-lines.yaml:13:14: red_lines[RL-CYBER].criterion.value: a range (value_min, value_max) and a "
             "single value both given: keep one",
             "red-lines.yaml:15:18: red_lines[RL-CYBER].criterion.value_max: the range ends (30) below where it "
             "starts (40)"],
            id="range-and-value",
        ),
        pytest.param(
            [("red-lines.yaml", TITLE, TITLE + "    split_from: RL-CYBER\n")],
            ["red-lines.yaml:4:17: red_lines[RL-CYBER].split_from: red line 'RL-CYBER' cannot replace, split from "
             "or merge into itself"],
            id="lineage-to-itself",
        ),
        pytest.param(
            [("red-lines.yaml", TITLE, TITLE + "    replaces: [RL-OLD]\n")],
            ["red-lines.yaml:4:16: red_lines[RL-CYBER].replaces[0]: red line 'RL-OLD' is not in this report; a "
             "line of an earlier report can be named once report.previous_report says where that report is"],
            id="lineage-to-an-unknown-line",
        ),
        pytest.param(
            [("safeguards.yaml", VETTED, "    supersedes: [SG-NONE]\n" + VETTED)],
            ["safeguards.yaml:7:18: safeguards[SG-ACCESS].supersedes[0]: safeguard 'SG-NONE' is not in safeguards"],
            id="superseded-safeguard-unknown",
        ),
    ],
)  # fmt: skip
def test_bad_framework_inputs_are_located_errors(
    make_case: Callable, run_validate: Callable, edits: list[tuple[str, str | None, str]], lines: list[str]
) -> None:
    case = make_case([("frameworks.yaml", None, FRAMEWORKS), *edits])
    assert_invalid(run_validate(case.root), lines)


def test_a_research_category_needs_no_criterion_response_or_tier(make_case: Callable, run_validate: Callable) -> None:
    research = """  - id: RL-NUC
    title: Nuclear and radiological
    kind: research_category
    framework: FW-1
    category: CAT-NUC
    domain: nuclear_radiological
    tracked: false
    capability: Meaningful uplift towards nuclear or radiological weapons.
    harm: Mass casualties.
    review:
      interval_months: 12
    history:
      - date: 2026-02-01
        change: introduced
        summary: Monitored as a research category.
        reason: The framework moved it out of the tracked categories.
"""
    case = make_case(
        [("frameworks.yaml", None, FRAMEWORKS), ("red-lines.yaml", "red_lines:\n", "red_lines:\n" + research)]
    )
    run = run_validate(case.root)
    assert (run.code, run.stderr) == (0, ""), run.stderr
