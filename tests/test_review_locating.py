"""A key indented one space off after a value over several lines: the message names the sibling key,
never a line of the value's text that happens to hold ': ' (``The board found two problems: ...``).

Each case is the valid ``tests/corpus/base`` with ``rationale`` of D-1 written over several lines and a
``decided_by`` after it indented 5 spaces instead of 4; the exact finding lines are asserted.
"""

from __future__ import annotations

import pytest
from test_validate_corpus import assert_invalid

RATIONALE = "    rationale: Evaluators needed to know which tasks count."
PROSE = "The board found two problems: the tasks were unclear."


def message(line: int) -> str:
    return (
        f"decisions/D-1.yaml:{line}:6: YAML syntax error: 'decided_by' is indented 5 spaces but 'rationale' "
        "on line 15 is indented 4; the fields of one item must start in the same column"
    )


@pytest.mark.parametrize(
    ("value", "line"),
    [
        pytest.param(f"|\n      {PROSE}", 17, id="literal-block"),
        pytest.param(f">\n      {PROSE}", 17, id="folded-block"),
        pytest.param(f"|-\n      {PROSE}", 17, id="literal-block-strip"),
        pytest.param(f">+\n      {PROSE}", 17, id="folded-block-keep"),
        pytest.param(f"|2\n      {PROSE}", 17, id="literal-block-indentation-indicator"),
        pytest.param(f"|\n      {PROSE}\n\n      Second: the votes were late.", 19, id="block-of-paragraphs"),
        pytest.param(f"|\n      {PROSE}\n      # not a comment: text", 18, id="block-line-like-a-comment"),
        pytest.param('"The board found\n      two problems: the tasks were unclear."', 17, id="double-quoted"),
        pytest.param("'The board found\n      two problems: the tasks were unclear.'", 17, id="single-quoted"),
        pytest.param("The board found two problems\n      and the tasks were unclear.", 17, id="plain"),
    ],
)
def test_misindented_key_after_a_value_over_several_lines(make_case, run_validate, value: str, line: int) -> None:
    case = make_case([("decisions/D-1.yaml", RATIONALE, f"    rationale: {value}\n     decided_by: Board\n")])
    assert_invalid(run_validate(case.root), [message(line)])


def test_a_key_line_above_still_counts(make_case, run_validate) -> None:
    """A value on one line before the misindented key: that key is the sibling, as before."""
    case = make_case([("decisions/D-1.yaml", RATIONALE, f"{RATIONALE}\n     decided_by: Board\n")])
    assert_invalid(run_validate(case.root), [message(16)])
