"""The withheld-mention check reads the report's own text too: the foreword, methodology and subtitle, the
board's mandate, each member's fields the public edition shows (and the reasons of those it withholds), the
glossary and 'none this year' statements. Decision D-2026-017 of ``inputs/asab-2026`` is internal only.

Each case is a copy of ``inputs/`` (so that asab-2026's previous report is found) with one edit; the exact
withheld-mention findings are asserted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import EXAMPLE, copy_example, replace_once

from reportgen.checks.validate import check_report

WARNING = "warning: public text mentions 'D-2026-017', which is internal only: the public edition would reveal it"
FOREWORD = "    This is the Board's second annual transparency report."
LINDQVIST = "(Chief Safety Officer)\n      category: member_organisation\n      independent: false\n"
LINDQVIST_NOTE = LINDQVIST + "      independence_note: Employed by Meridian AI, whose models the Board oversees."
OKAFOR_TERM = "      term:\n        start: 2024-05-01\n      biography: >-\n        Adaeze Okafor"
GLOSSARY = "      A capability threshold the Board has committed"


def mentions(tmp_path: Path, edits: list[tuple[str, str, str]]) -> list[str]:
    root = copy_example(tmp_path / "inputs")
    for file, old, new in edits:
        replace_once(root / file, old, new)
    report, _, findings = check_report(root)
    assert report is not None
    return [f.format() for f in findings if f.code == "withheld-mention"]


CASES = [
    pytest.param(
        [("report.yaml", FOREWORD, "    Decision D-2026-017 was taken in June." + FOREWORD[4:])],
        [f"report.yaml:18:13: report.foreword: {WARNING}"],
        id="foreword",
    ),
    pytest.param(
        [
            (
                "report.yaml",
                "    **About this example.**",
                "    Decision D-2026-017 was internal. **About this example.**",
            )
        ],
        [f"report.yaml:41:16: report.methodology: {WARNING}"],
        id="methodology",
    ),
    pytest.param(
        [("report.yaml", "  subtitle: Joint", "  subtitle: After D-2026-017, Joint")],
        [f"report.yaml:4:13: report.subtitle: {WARNING}"],
        id="subtitle",
    ),
    pytest.param(
        [("board.yaml", "  mandate: |\n", "  mandate: |\n    Renewed by decision D-2026-017.\n")],
        [f"board.yaml:6:12: board.mandate: {WARNING}"],
        id="mandate",
    ),
    pytest.param(
        [("board.yaml", LINDQVIST_NOTE, LINDQVIST + "      independence_note: Recused from D-2026-017.")],
        [f"board.yaml:31:26: board.members[lindqvist].independence_note: {WARNING}"],
        id="member-independence-note",
    ),
    pytest.param(
        [("board.yaml", OKAFOR_TERM, OKAFOR_TERM.replace("Adaeze Okafor", "Since D-2026-017, Adaeze Okafor"))],
        [f"board.yaml:22:18: board.members[okafor].biography: {WARNING}"],
        id="member-biography",
    ),
    pytest.param(
        [("report.yaml", GLOSSARY, GLOSSARY.replace("A capability", "As in D-2026-017, a capability"))],
        [f"report.yaml:71:17: glossary[0].definition: {WARNING}"],
        id="glossary-definition",
    ),
    pytest.param(  # a member's field the public edition withholds may name it; the reason it gives may not
        [
            (
                "board.yaml",
                LINDQVIST_NOTE,
                LINDQVIST + "      independence_note: Recused from D-2026-017.\n"
                "      field_audience:\n"
                "        independence_note: {audience: internal, reason: Personal}",
            )
        ],
        [],
        id="member-field-withheld-from-the-public-edition",
    ),
    pytest.param(
        [
            (
                "board.yaml",
                LINDQVIST_NOTE,
                LINDQVIST_NOTE + "\n      field_audience:\n"
                "        independence_note: {audience: regulator, reason: Concerns D-2026-017}",
            )
        ],
        [f"board.yaml:33:58: board.members[lindqvist].field_audience.independence_note.reason: {WARNING}"],
        id="reason-of-a-withheld-member-field",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_report_and_board_text_naming_a_withheld_item(tmp_path: Path, edits, expected: list[str]) -> None:
    assert mentions(tmp_path, edits) == expected


def test_the_example_itself_names_no_withheld_item(tmp_path: Path) -> None:
    assert mentions(tmp_path, []) == []


def test_a_none_this_year_statement_naming_a_withheld_item(tmp_path: Path) -> None:
    sharing = (EXAMPLE / "sharing.yaml").read_text(encoding="utf-8")
    partnerships = sharing[sharing.index("partnerships:\n") :]
    statement = "partnerships:\n  none_this_year: No partnership began after D-2026-017.\n"
    line = sharing[: sharing.index("partnerships:\n")].count("\n") + 2
    assert mentions(tmp_path, [("sharing.yaml", partnerships, statement)]) == [
        f"sharing.yaml:{line}:19: partnerships.none_this_year: {WARNING}"
    ]
