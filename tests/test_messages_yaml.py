"""YAML syntax errors a board secretary makes, each told in words that say what to change, at the place to
change it: a key indented too far, a value that starts with a quote, a bracket, '*' or '&', a non-breaking
space pasted into the indentation, a file saved as UTF-16, a key indented one space off after a value
over several lines.

Each case is the valid ``tests/corpus/base`` with one edit; the exact finding lines are asserted.
"""

from __future__ import annotations

import pytest
from helpers import BASE, Edits, assert_invalid

from reportgen.core.limits import Limits
from reportgen.inputs.locating import ParseFailure
from reportgen.inputs.parsing import read_data
from reportgen.inputs.yaml_advice import looks_like_utf16

TITLE = "  title: Annual Transparency Report 2026"
D1_TITLE = "    title: Red line on cyber offence clarified"
M2_KIND = "    kind: extraordinary"

CASES: list = [
    # -- indentation ----------------------------------------------------------------------------
    pytest.param(
        [("meetings.yaml", M2_KIND, "      kind: extraordinary")],
        [
            "meetings.yaml:12:7: YAML syntax error: 'kind' is indented 6 spaces but 'date' on line 11 is "
            "indented 4; the fields of one item must start in the same column"
        ],
        id="key-indented-too-far",
    ),
    pytest.param(
        [("meetings.yaml", M2_KIND, "   kind: extraordinary")],
        [
            "meetings.yaml:12:4: YAML syntax error: 'kind' is indented 3 spaces but 'date' on line 11 is "
            "indented 4; the fields of one item must start in the same column"
        ],
        id="key-indented-too-little",
    ),
    pytest.param(
        [("report.yaml", "  subtitle: Test corpus base folder", " subtitle: Test corpus base folder")],
        [
            "report.yaml:3:2: YAML syntax error: 'subtitle' is indented 1 spaces but 'title' on line 2 is "
            "indented 2; the fields of one item must start in the same column"
        ],
        id="key-indented-too-little-in-a-mapping",
    ),
    pytest.param(
        [("meetings.yaml", "  - id: M-2\n    date: 2026-06-02", "  - id: M-2\n      date: 2026-06-02")],
        [
            "meetings.yaml:11:7: YAML syntax error: 'date' is indented 6 spaces but 'id' on line 10 is "
            "indented 4; the fields of one item must start in the same column"
        ],
        id="key-under-a-list-item-indented-too-far",
    ),
    pytest.param(  # a ': ' inside a value is still told as such
        [("models.yaml", "    developer: Example Lab", "    developer: Example Lab: Research")],
        [
            "models.yaml:4:27: YAML syntax error: mapping values are not allowed in this context; a ': ' "
            "inside a value; put the whole value in quotes"
        ],
        id="colon-inside-a-value-is-not-an-indentation-problem",
    ),
    # -- a value that starts with a quote or a bracket ------------------------------------------
    pytest.param(
        [("report.yaml", TITLE, '  title: "Approved" with conditions')],
        [
            'report.yaml:2:10: YAML syntax error: a value that starts with " must be put in quotes as a whole, '
            "e.g. title: '\"Approved\" with conditions'"
        ],
        id="value-starting-with-a-quoted-word",
    ),
    pytest.param(
        [("report.yaml", TITLE, "  title: 'Approved' with conditions")],
        [
            "report.yaml:2:10: YAML syntax error: a value that starts with ' must be put in quotes as a whole, "
            "e.g. title: \"'Approved' with conditions\""
        ],
        id="value-starting-with-a-single-quoted-word",
    ),
    pytest.param(
        [("report.yaml", TITLE, "  title: [Draft] approved")],
        [
            "report.yaml:2:10: YAML syntax error: a value that starts with [ must be put in quotes as a whole, "
            "e.g. title: '[Draft] approved'"
        ],
        id="value-starting-with-a-bracket",
    ),
    pytest.param(
        [("decisions/D-1.yaml", "      - RL-CYBER", '      - "RL-CYBER" (cyber)')],
        [
            'decisions/D-1.yaml:8:9: YAML syntax error: a value that starts with " must be put in quotes as a '
            "whole, e.g. - '\"RL-CYBER\" (cyber)'"
        ],
        id="list-item-starting-with-a-quoted-word",
    ),
    pytest.param(
        [("report.yaml", TITLE, '  title: "Approved" with conditions  # see the minutes')],
        [
            'report.yaml:2:10: YAML syntax error: a value that starts with " must be put in quotes as a whole, '
            "e.g. title: '\"Approved\" with conditions'"
        ],
        id="the-example-leaves-out-a-comment",
    ),
    # -- a value that starts with * or & ---------------------------------------------------------
    pytest.param(
        [("decisions/D-1.yaml", D1_TITLE, "    title: *Provisional* approval")],
        [
            "decisions/D-1.yaml:4:12: YAML syntax error: a value that starts with * must be put in quotes, "
            "e.g. title: '*Provisional* approval'"
        ],
        id="markdown-emphasis-at-the-start",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_TITLE, "    title: **Provisional** approval")],
        [
            "decisions/D-1.yaml:4:12: YAML syntax error: a value that starts with * must be put in quotes, "
            "e.g. title: '**Provisional** approval'"
        ],
        id="markdown-bold-at-the-start",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_TITLE, "    title: *Provisional approval")],
        [
            "decisions/D-1.yaml:4:12: YAML syntax error: a value that starts with * must be put in quotes, "
            "e.g. title: '*Provisional approval'"
        ],
        id="star-at-the-start",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_TITLE, "    title: *Provisional")],
        [
            "decisions/D-1.yaml:4:12: YAML syntax error: a value that starts with * must be put in quotes, "
            "e.g. title: '*Provisional'"
        ],
        id="star-word-alone",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_TITLE, "    title: &Co review")],
        [
            "decisions/D-1.yaml:4:12: YAML syntax error: a value that starts with & must be put in quotes, "
            "e.g. title: '&Co review'"
        ],
        id="ampersand-at-the-start",
    ),
    pytest.param(
        [("decisions/D-1.yaml", D1_TITLE, "    title: & Co review")],
        [
            "decisions/D-1.yaml:4:12: YAML syntax error: a value that starts with & must be put in quotes, "
            "e.g. title: '& Co review'"
        ],
        id="ampersand-and-space-at-the-start",
    ),
    # -- invisible characters --------------------------------------------------------------------
    pytest.param(
        [("meetings.yaml", M2_KIND, "  \u00a0 kind: extraordinary")],
        [
            "meetings.yaml:12:3: YAML syntax error: a non-breaking space (U+00A0) is in the indentation; "
            "replace it with ordinary spaces"
        ],
        id="non-breaking-space-in-the-indentation",
    ),
    pytest.param(
        [("meetings.yaml", M2_KIND, "\u00a0   kind: extraordinary")],
        [
            "meetings.yaml:12:1: YAML syntax error: a non-breaking space (U+00A0) is in the indentation; "
            "replace it with ordinary spaces"
        ],
        id="non-breaking-space-starting-a-line",
    ),
    pytest.param(
        [("board.yaml", "      role: vice_chair", "   \u2003  role: vice_chair")],
        [
            "board.yaml:24:4: YAML syntax error: an em space (U+2003) is in the indentation; "
            "replace it with ordinary spaces"
        ],
        id="em-space-in-the-indentation",
    ),
    # -- encodings -------------------------------------------------------------------------------
    pytest.param(
        [("meetings.yaml", None, (BASE / "meetings.yaml").read_text(encoding="utf-8").encode("utf-16-le"))],
        ["meetings.yaml:1:1: this file looks like UTF-16; save it as UTF-8"],
        id="utf-16-little-endian-without-byte-order-mark",
    ),
    pytest.param(
        [("meetings.yaml", None, (BASE / "meetings.yaml").read_text(encoding="utf-8").encode("utf-16-be"))],
        ["meetings.yaml:1:1: this file looks like UTF-16; save it as UTF-8"],
        id="utf-16-big-endian-without-byte-order-mark",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_yaml_message(make_case, run_validate, edits: Edits, expected: list[str]) -> None:
    assert_invalid(run_validate(make_case(edits).root), expected)


def test_an_anchor_that_an_alias_uses_is_still_told_as_an_anchor() -> None:
    with pytest.raises(ParseFailure) as caught:
        read_data(b"a: &x 1\nb: *x\n", "f.yaml", False, Limits())
    assert [f.format() for f in caught.value.findings] == [
        "f.yaml:1:4: anchors (&x) are not allowed; write the value out in full",
        "f.yaml:2:4: aliases (*x) are not allowed; write the value out in full",
    ]


@pytest.mark.parametrize("text", [b"a: [x, *Note]\n", b"a: {b: *Note}\n"])
def test_a_star_inside_brackets_is_quoted_alone(text: bytes) -> None:
    with pytest.raises(ParseFailure) as caught:
        read_data(text, "f.yaml", False, Limits())
    assert [f.format() for f in caught.value.findings] == [
        "f.yaml:1:8: YAML syntax error: a value that starts with * must be put in quotes, e.g. '*Note'"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("models:\n".encode("utf-16-le"), True),
        ("models:\n".encode("utf-16-be"), True),
        ("models:\n".encode("utf-16"), True),  # with a byte-order mark
        (b"models:\n  - id: a\x00b\n", False),  # one NUL is a control character, not an encoding
        (b"", False),
    ],
)
def test_looks_like_utf16(data: bytes, expected: bool) -> None:
    assert looks_like_utf16(data) is expected
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        assert looks_like_utf16(data.decode("latin-1")) is expected


def test_utf16_with_byte_order_mark_gets_the_same_advice(make_case, run_validate) -> None:
    text = (BASE / "meetings.yaml").read_text(encoding="utf-8")
    run = run_validate(make_case([("meetings.yaml", None, text.encode("utf-16"))]).root)
    assert_invalid(run, ["meetings.yaml:1:1: this file looks like UTF-16; save it as UTF-8"])


# -- a key indented one space off after a value over several lines ------------------------------------------
# The message names the sibling key, never a line of the value's text that happens to hold ': '
# (``The board found two problems: ...``). Each case writes ``rationale`` of D-1 over several lines with a
# ``decided_by`` after it indented 5 spaces instead of 4. (This was ``test_review_locating.py``.)

RATIONALE = "    rationale: Evaluators needed to know which tasks count."
PROSE = "The board found two problems: the tasks were unclear."


def misindented_message(line: int) -> str:
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
    assert_invalid(run_validate(case.root), [misindented_message(line)])


def test_a_key_line_above_still_counts(make_case, run_validate) -> None:
    """A value on one line before the misindented key: that key is the sibling, as before."""
    case = make_case([("decisions/D-1.yaml", RATIONALE, f"{RATIONALE}\n     decided_by: Board\n")])
    assert_invalid(run_validate(case.root), [misindented_message(16)])
