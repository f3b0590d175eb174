"""Text YAML drops silently: ``title: Approved #1 and #2`` publishes "Approved"; a warning says so."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from reportgen.checks.validate import check_report
from reportgen.inputs import reading
from reportgen.inputs.comments import cut_text_warnings

CUT = (
    "the text after ' #' is read as a comment and left out: the value is '{}'; to keep the rest, "
    "put the whole value in quotes"
)


def test_only_an_unquoted_value_cut_by_a_hash_warns() -> None:
    data = (
        b"decisions:\n  - id: D-1\n    title: Approved with conditions #1 and #2\n"
        b"    note: fine # a comment written as one\n"
        b"    rationale: |\n      See issue #12, kept: this is block text.\n"
        b'    other: "quoted #1 is kept"\n    plain: C#, F# and #hashtag\n'
    )
    found = [f.format() for f in cut_text_warnings(data, "d.yaml")]
    assert found == [
        "d.yaml:3:37: warning: " + CUT.format("Approved with conditions"),
        "d.yaml:8:23: warning: " + CUT.format("C#, F# and"),
    ]
    assert cut_text_warnings(b"title: nothing to see # here\n", "x.yaml") == []


@pytest.mark.parametrize("helper", [False, True], ids=["one process", "forked helper"])
def test_validate_reports_it_and_keeps_the_rest_of_the_file(
    make_case: Callable[..., object], monkeypatch: pytest.MonkeyPatch, helper: bool
) -> None:
    monkeypatch.setattr(reading, "PARALLEL_MIN_BYTES", 0 if helper else 10**12)
    old = "title: Red line on cyber offence clarified"
    case = make_case([("decisions/D-1.yaml", old, old + " #1 and #2")])
    report, _, findings = check_report(case.root)  # type: ignore[attr-defined]
    assert report is not None  # a warning: the report is still read, every other value kept
    assert [f.format() for f in findings] == [
        "decisions/D-1.yaml:4:48: warning: " + CUT.format("Red line on cyber offence clarified")
    ]
