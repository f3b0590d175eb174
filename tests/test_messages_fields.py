"""Messages about values, in words a board secretary can act on: what a web address, an e-mail address, a
language code or an id must look like, which section no file holds, how long a text is, and 'did you mean'
only where it is meant (a different case or a space, a typo; not 'ordinary' for 'extraordinary').

Each case is the valid ``tests/corpus/base`` with one edit; the exact finding lines are asserted.
"""

from __future__ import annotations

import pytest
from helpers import Edits, assert_invalid

from reportgen.checks.messages import did_you_mean
from reportgen.schema.base import PATTERN_ADVICE

MEETINGS = "regular, extraordinary, written_procedure"
ROLES = "chair, vice_chair, member, observer"
SAFEGUARDS = "deployment, security, monitoring, governance"
ID_ADVICE = (
    "use unaccented letters a-z or A-Z, digits, '.', '_' and '-', starting with a letter or digit "
    "(at most 64 characters)"
)

CASES: list = [
    # -- text that must have a form --------------------------------------------------------------
    pytest.param(
        [("report.yaml", "website: https://example.org", "website: www.asab.example")],
        [
            "report.yaml:6:14: report.organisation.website: the text 'www.asab.example' is not a full web "
            "address: write a web address starting with https://"
        ],
        id="website-without-https",
    ),
    pytest.param(
        [("report.yaml", "contact: board@example.org", "contact: transparency at asab")],
        [
            "report.yaml:7:14: report.organisation.contact: the text 'transparency at asab' is not an e-mail "
            "address: write an e-mail address such as name@example.org"
        ],
        id="contact-not-an-email-address",
    ),
    pytest.param(
        [("report.yaml", "language: en", "language: English")],
        [
            "report.yaml:12:13: report.language: the text 'English' is not a language code: write a language "
            "code such as en or en-GB"
        ],
        id="language-name-for-code",
    ),
    pytest.param(
        [("meetings.yaml", "  - id: M-1", "  - id: ééé")],
        [f"meetings.yaml:2:9: meetings[0].id: the text 'ééé' is not a valid id: {ID_ADVICE}"],
        id="id-with-accents",
    ),
    pytest.param(
        [("meetings.yaml", "  - id: M-1", "  - id: M 1")],
        [f"meetings.yaml:2:9: meetings[0].id: the text 'M 1' is not a valid id: {ID_ADVICE}"],
        id="id-with-a-space",
    ),
    # -- lengths ---------------------------------------------------------------------------------
    pytest.param(
        [("report.yaml", "  title: Annual Transparency Report 2026", "  title: " + "x" * 342)],
        ["report.yaml:2:10: report.title: is 342 characters, over the limit of 300"],
        id="text-over-the-length-limit",
    ),
    # -- none this year --------------------------------------------------------------------------
    pytest.param(
        [("incidents.yaml", None, "incidents:\n  none_this_year: true\n")],
        [
            "incidents.yaml:2:19: incidents.none_this_year: expected a sentence saying why there were none "
            "(such as 'No incidents met the reporting threshold.'), got the boolean true"
        ],
        id="none-this-year-true",
    ),
    pytest.param(
        [("incidents.yaml", None, "incidents:\n  none_this_year:\n")],
        [
            "incidents.yaml:2:18: incidents.none_this_year: expected a sentence saying why there were none "
            "(such as 'No incidents met the reporting threshold.'), got nothing (an empty value)"
        ],
        id="none-this-year-empty",
    ),
    # -- did you mean ----------------------------------------------------------------------------
    pytest.param(
        [("meetings.yaml", "    kind: extraordinary", "    kind: ordinary")],
        [f"meetings.yaml:12:11: meetings[M-2].kind: the text 'ordinary' is not one of: {MEETINGS}"],
        id="no-suggestion-of-the-opposite",
    ),
    pytest.param(
        [("meetings.yaml", "    kind: extraordinary", "    kind: extraordinery")],
        [
            f"meetings.yaml:12:11: meetings[M-2].kind: the text 'extraordinery' is not one of: {MEETINGS} "
            "(did you mean 'extraordinary'?)"
        ],
        id="a-typo-is-still-suggested",
    ),
    pytest.param(
        [("safeguards.yaml", "    kind: deployment", "    kind: Governance")],
        [
            f"safeguards.yaml:4:11: safeguards[SG-ACCESS].kind: the text 'Governance' is not one of: {SAFEGUARDS} "
            "(did you mean 'governance'?)"
        ],
        id="capital-letter",
    ),
    pytest.param(
        [("board.yaml", "      role: chair", "      role: Chair")],
        [
            f"board.yaml:9:13: board.members[m-chair].role: the text 'Chair' is not one of: {ROLES} (did you mean "
            "'chair'?)"
        ],
        id="capital-letter-short-word",
    ),
    pytest.param(
        [("board.yaml", "      role: vice_chair", "      role: vice chair")],
        [
            f"board.yaml:24:13: board.members[m-cruz].role: the text 'vice chair' is not one of: {ROLES} "
            "(did you mean 'vice_chair'?)"
        ],
        id="space-for-underscore",
    ),
    pytest.param(
        [("board.yaml", "      role: vice_chair", "      role: Vice Chair")],
        [
            f"board.yaml:24:13: board.members[m-cruz].role: the text 'Vice Chair' is not one of: {ROLES} "
            "(did you mean 'vice_chair'?)"
        ],
        id="capitals-and-a-space",
    ),
    pytest.param(
        [("models.yaml", "    status: limited_release", "    status: limited_release\n    audience: Public")],
        [
            "models.yaml:6:15: models[atlas-3].audience: the text 'Public' is not one of: public, regulator, "
            "internal (did you mean 'public'?)"
        ],
        id="audience-with-a-capital",
    ),
    pytest.param(
        [("models.yaml", "    name: Atlas-3", "    Name: Atlas-3")],
        [
            "models.yaml:2:5: models[atlas-3].name: missing required field 'name'",
            "models.yaml:3:5: models[atlas-3].Name: unknown field 'Name' (did you mean 'name'?)",
        ],
        id="field-name-with-a-capital",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_field_message(make_case, run_validate, edits: Edits, expected: list[str]) -> None:
    assert_invalid(run_validate(make_case(edits).root), expected)


# --------------------------------------------------------------------------------------------------
# A section no file holds


def test_a_missing_section_says_no_file_has_it(make_case, run_validate) -> None:
    case = make_case()
    (case.root / "report.yaml").unlink()
    # named at the file it belongs in (which does not exist): where the user has to write it
    assert_invalid(
        run_validate(case.root),
        ["report.yaml:1:1: report: no input file has the 'report' section (it normally lives in report.yaml)"],
    )


def test_a_missing_board_says_no_file_has_it(make_case, run_validate) -> None:
    case = make_case()
    (case.root / "board.yaml").unlink()
    assert_invalid(
        run_validate(case.root),
        ["board.yaml:1:1: board: no input file has the 'board' section (it normally lives in board.yaml)"],
    )


# --------------------------------------------------------------------------------------------------
# did_you_mean on its own


@pytest.mark.parametrize(
    ("word", "choices", "hint"),
    [
        ("ordinary", ["regular", "extraordinary"], ""),
        ("formal", ["informal", "formal_vote"], ""),
        ("public", ["nonpublic", "regulator"], ""),
        ("develper", ["developer", "description"], " (did you mean 'developer'?)"),
        ("m-kim", ["m-kimura", "m-lee"], " (did you mean 'm-kimura'?)"),
        ("m-chiar", ["m-chair", "m-bell"], " (did you mean 'm-chair'?)"),
        ("LOW", ["low", "medium"], " (did you mean 'low'?)"),
        ("amber strict", ["amber", "amber+strict"], " (did you mean 'amber+strict'?)"),
        ("zzz", ["low", "medium"], ""),
        ("", ["low"], ""),
    ],
)
def test_did_you_mean(word: str, choices: list[str], hint: str) -> None:
    assert did_you_mean(word, choices) == hint


def test_every_pattern_has_advice() -> None:
    assert all(what.startswith(("a ", "an ")) and advice for what, advice in PATTERN_ADVICE.values())
