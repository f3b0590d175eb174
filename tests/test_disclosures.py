"""The disclosure index: ``disclosures`` validated with located, plain-language messages; the coverage of each
checklist requirement by requirement (counts, restricted editions); ``reportgen check``; the coverage diff.

Most cases are the small base report answering a three-requirement checklist of its own
(``.reportgen/checklists/mini.yaml``), so that every message is short enough to read whole.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import BASE, EXAMPLE, INPUTS, assert_invalid, copy_base, invoke

from reportgen.checks.checklist_files import read_checklist, shipped_checklists
from reportgen.checks.disclosures import coverage, resolve_checklists
from reportgen.checks.validate import validate
from reportgen.diff.coverage import CoverageChange, coverage_diff
from reportgen.editions.filtering import redact_disclosures
from reportgen.schema import Omission

MINI = """id: mini
name: Mini checklist
issuer: Test issuer
version: "1"
published: 2026-01-01
url: https://example.org/mini
requirements:
  - {id: R1, title: Thresholds, text: Set out thresholds., source: Section 1, hints: [red_lines]}
  - {id: R2, title: Evaluations, text: Report evaluations., source: Section 2}
  - {id: R3, title: Incidents, text: Report incidents., source: Section 3}
"""
MINI_FILE = ".reportgen/checklists/mini.yaml"
NAMED = (
    "report.yaml",
    "  illustrative: true\n",
    "  illustrative: true\n  checklists: [.reportgen/checklists/mini.yaml]\n",
)
R1 = """      - requirement: R1
        items: [RL-CYBER, RL-BIO]
        sections: [red_lines]
"""
R2 = """      - requirement: R2
        items: [E-1]
        partial: The evaluators' own reports are not linked.
"""
R3 = """      - requirement: R3
        omitted:
          reason: not_applicable
          text: No model is on the market yet.
"""
HEAD = "disclosures:\n  - checklist: mini\n    answers:\n"
DISCLOSURES = HEAD + R1 + R2 + R3
INTERNAL_DECISION = """decisions:
  - id: D-9
    audience: internal
    withheld_reason: Concerns an unreleased model
    date: 2026-05-05
    title: Training of an unreleased model approved
    kind: approve
    decided_by: the Board
    rationale: The safeguards were in place.
"""


def mini_case(make_case: Callable, *edits: tuple[str, str | None, str], disclosures: str = DISCLOSURES):  # type: ignore[no-untyped-def]
    return make_case([(MINI_FILE, None, MINI), NAMED, ("disclosures.yaml", None, disclosures), *edits])


def mini():  # type: ignore[no-untyped-def]
    return read_checklist(MINI.encode(), "mini.yaml")


# -- validation ---------------------------------------------------------------------------------------------


def test_a_complete_mapping_against_a_boards_own_checklist_is_valid(make_case: Callable, run_validate: Callable):
    case = mini_case(make_case)
    run = run_validate(case.root)
    assert (run.code, run.stderr) == (0, ""), run.stderr


def test_a_reference_to_an_item_withheld_from_the_public_edition_is_allowed(
    make_case: Callable, run_validate: Callable
) -> None:
    case = mini_case(
        make_case, ("decisions/D-9.yaml", None, INTERNAL_DECISION), disclosures=DISCLOSURES.replace("[E-1]", "[D-9]")
    )
    run = run_validate(case.root, "--strict")
    assert (run.code, run.stderr) == (0, ""), run.stderr


@pytest.mark.parametrize(
    ("edits", "disclosures", "lines"),
    [
        pytest.param(
            [], DISCLOSURES.replace("checklist: mini", "checklist: minni"),
            ["disclosures.yaml:2:16: disclosures[0].checklist: checklist 'minni' is not named in report.checklists "
             "(.reportgen/checklists/mini.yaml) (did you mean 'mini'?)",
             "report.yaml:14:16: report.checklists[0]: warning: 3 of the 3 requirements of mini are neither answered "
             "nor omitted: R1, R2, R3; answer each in disclosures (items or sections), or say why it is omitted"],
            id="checklist-not-named",
        ),
        pytest.param(
            [], HEAD.replace("mini", "seoul-2024") + R1,
            ["disclosures.yaml:2:16: disclosures[0].checklist: checklist 'seoul-2024' is not named in "
             "report.checklists: add it there to report against it",
             "report.yaml:14:16: report.checklists[0]: warning: 3 of the 3 requirements of mini are neither answered "
             "nor omitted: R1, R2, R3; answer each in disclosures (items or sections), or say why it is omitted"],
            id="shipped-checklist-not-named",
        ),
        pytest.param(
            [], DISCLOSURES.replace("requirement: R1", "requirement: r1"),
            ["disclosures.yaml:2:16: disclosures[0].checklist: warning: 1 of the 3 requirements of mini is neither "
             "answered nor omitted: R1; answer each in disclosures (items or sections), or say why it is omitted",
             "disclosures.yaml:4:22: disclosures[0].answers[0].requirement: 'r1' is not a requirement of mini (did "
             "you mean 'R1'?)"],
            id="unknown-requirement",
        ),
        pytest.param(
            [], DISCLOSURES.replace("requirement: R1", "requirement: R7"),
            ["disclosures.yaml:2:16: disclosures[0].checklist: warning: 1 of the 3 requirements of mini is neither "
             "answered nor omitted: R1; answer each in disclosures (items or sections), or say why it is omitted",
             "disclosures.yaml:4:22: disclosures[0].answers[0].requirement: 'R7' is not a requirement of mini; its "
             "requirements are R1 to R3"],
            id="unknown-requirement-no-hint",
        ),
        pytest.param(
            [], DISCLOSURES + R1,
            ["disclosures.yaml:14:22: disclosures[0].answers[3].requirement: requirement 'R1' of mini is answered "
             "twice (first at disclosures.yaml:4:22): keep one entry per requirement"],
            id="answered-twice",
        ),
        pytest.param(
            [], DISCLOSURES.replace("[RL-CYBER, RL-BIO]", "[RL-CYBER, RL-BOI]"),
            ["disclosures.yaml:5:27: disclosures[0].answers[0].items[1]: 'RL-BOI' is not the id of an item in this "
             "report (did you mean 'RL-BIO'?)"],
            id="dangling-item",
        ),
        pytest.param(
            [], DISCLOSURES.replace("[red_lines]", "[redlines]"),
            ["disclosures.yaml:6:20: disclosures[0].answers[0].sections[0]: 'redlines' is not a section of a report "
             "(did you mean 'red_lines'?)"],
            id="unknown-section",
        ),
        pytest.param(
            [], DISCLOSURES.replace("[red_lines]", "[incidents]"),
            ["disclosures.yaml:6:20: disclosures[0].answers[0].sections[0]: the report leaves out the section "
             "'incidents' (it reads 'Not reported'): name what the report does hold, or say why the requirement is "
             "omitted"],
            id="section-not-reported",
        ),
        pytest.param(
            [], DISCLOSURES.replace("      - requirement: R3\n", "      - requirement: R3\n        items: [D-1]\n"),
            ["disclosures.yaml:13:11: disclosures[0].answers[2].omitted: an omitted requirement names no items or "
             "sections: remove omitted, or the items and sections"],
            id="omitted-with-items",
        ),
        pytest.param(
            [], DISCLOSURES.replace("      - requirement: R3\n", "      - requirement: R3\n        partial: Most.\n"),
            ["disclosures.yaml:11:18: disclosures[0].answers[2].partial: give partial (what is still missing) or "
             "omitted (why not answered), not both"],
            id="partial-and-omitted",
        ),
        pytest.param(
            [], DISCLOSURES.replace("        items: [E-1]\n", ""),
            ["disclosures.yaml:8:18: disclosures[0].answers[1].partial: a partial answer names the items or sections "
             "that answer part of it"],
            id="partial-without-references",
        ),
        pytest.param(
            [], HEAD + R1 + "      - requirement: R2\n" + R3,
            ["disclosures.yaml:7:9: disclosures[0].answers[1]: requirement 'R2' of mini has no answer: name the items "
             "or sections that answer it, or say why it is omitted (omitted: {reason: ..., text: ...})"],
            id="no-answer",
        ),
        pytest.param(
            [], DISCLOSURES.replace("reason: not_applicable", "reason: secret"),
            ["disclosures.yaml:12:19: disclosures[0].answers[2].omitted.reason: the text 'secret' is not one of: "
             "not_applicable, confidential, not_yet_available"],
            id="unknown-omission-reason",
        ),
        pytest.param(
            [("report.yaml", "[.reportgen/checklists/mini.yaml]", "[.reportgen/checklists/mini.yaml, seoul2024]")],
            DISCLOSURES,
            ["report.yaml:14:49: report.checklists[1]: checklist 'seoul2024' is neither a shipped checklist "
             "(eu-gpai-cop-ss-2025, seoul-2024) nor a file in the report folder (did you mean 'seoul-2024'?)"],
            id="unknown-checklist",
        ),
        pytest.param(
            [("report.yaml", "checklists/mini.yaml]", "checklists/mini.yml]")],
            DISCLOSURES,
            ["report.yaml:14:16: report.checklists[0]: checklist file '.reportgen/checklists/mini.yml' is not in the "
             "report folder (keep it in .reportgen/checklists/)"],
            id="checklist-file-missing",
        ),
        pytest.param(
            [(MINI_FILE, "source: Section 2}", "sauce: Section 2}")],
            DISCLOSURES,
            ["report.yaml:14:16: report.checklists[0]: checklist file '.reportgen/checklists/mini.yaml' is not a valid "
             "checklist: line 9, column 5: requirements[R2].source: missing required field 'source' (and 1 more "
             "problem)"],
            id="checklist-file-invalid",
        ),
        pytest.param(
            [("report.yaml", "[.reportgen/checklists/mini.yaml]", "[../mini.yaml]")],
            DISCLOSURES,
            ["report.yaml:14:16: report.checklists[0]: checklist file '../mini.yaml' is outside the report folder: "
             "copy it into the folder, e.g. to .reportgen/checklists/"],
            id="checklist-file-outside",
        ),
        pytest.param(
            [("report.yaml", "[.reportgen/checklists/mini.yaml]",
              "[.reportgen/checklists/mini.yaml, .reportgen/checklists/mini.yaml]")],
            DISCLOSURES,
            ["report.yaml:14:49: report.checklists[1]: checklist '.reportgen/checklists/mini.yaml' is named twice "
             "(also at report.yaml:14:16)"],
            id="checklist-named-twice",
        ),
        pytest.param(
            [], DISCLOSURES + "  - checklist: mini\n    answers: []\n",
            ["disclosures.yaml:14:16: disclosures[1].checklist: checklist 'mini' has a second list of answers (the "
             "first at disclosures.yaml:2:16): keep one entry per checklist"],
            id="checklist-mapped-twice",
        ),
    ],
)  # fmt: skip
def test_bad_disclosures_are_located_errors(
    make_case: Callable, run_validate: Callable, edits: list, disclosures: str, lines: list[str]
) -> None:
    case = mini_case(make_case, *edits, disclosures=disclosures)
    assert_invalid(run_validate(case.root, "--strict"), lines, strict=True)


def test_requirements_neither_answered_nor_omitted_are_a_warning_and_an_error_under_strict(
    make_case: Callable, run_validate: Callable
) -> None:
    case = mini_case(make_case, disclosures=HEAD + R1)
    warning = (
        "disclosures.yaml:2:16: disclosures[0].checklist: warning: 2 of the 3 requirements of mini are neither "
        "answered nor omitted: R2, R3; answer each in disclosures (items or sections), or say why it is omitted"
    )
    run = run_validate(case.root)
    assert run.code == 0 and run.stderr.splitlines() == [warning]
    assert_invalid(run_validate(case.root, "--strict"), [warning], strict=True)


def test_disclosure_text_naming_a_withheld_item_is_a_warning(make_case: Callable, run_validate: Callable) -> None:
    text = R1 + "        note: As decided in D-9.\n"
    case = mini_case(make_case, ("decisions/D-9.yaml", None, INTERNAL_DECISION), disclosures=HEAD + text + R2 + R3)
    assert_invalid(
        run_validate(case.root, "--strict"),
        ["disclosures.yaml:7:15: disclosures[0].answers[0].note: warning: public text mentions 'D-9', which is "
         "internal only: the public edition would reveal it"],
        strict=True,
    )  # fmt: skip


@pytest.mark.parametrize("example", ["asab-2026", "frontier-2025"])
def test_the_examples_map_both_shipped_checklists_and_validate_without_findings(
    run_validate: Callable, example: str
) -> None:
    folder = INPUTS / example
    run = run_validate(folder, "--strict")
    assert run.code == 0 and run.stderr == "", run.stderr
    report = validate(folder).report
    assert report.report.checklists == ["seoul-2024", "eu-gpai-cop-ss-2025"]
    found = coverage(report, resolve_checklists(report, folder).checklists)
    assert found.complete and [c.id for c in found.checklists] == ["seoul-2024", "eu-gpai-cop-ss-2025"]


# -- coverage -------------------------------------------------------------------------------------------------


def _report(root: Path):  # type: ignore[no-untyped-def]
    return validate(root, to_build=False).report


def test_coverage_counts_each_status(make_case: Callable) -> None:
    case = mini_case(make_case, disclosures=HEAD + R1 + R2)
    found = coverage(_report(case.root), [mini()], "public")
    (checklist,) = found.checklists
    assert [(r.id, r.status) for r in checklist.requirements] == [
        ("R1", "answered"),
        ("R2", "partial"),
        ("R3", "missing"),
    ]
    assert checklist.counts.to_json() == {
        "answered": 1, "partial": 1, "omitted": 0, "missing": 1, "restricted": 0, "total": 3
    }  # fmt: skip
    assert not found.complete
    r1, r2, _ = checklist.requirements
    assert [(p.section, p.item, p.shown) for p in r1.places] == [
        ("red_lines", "RL-CYBER", True), ("red_lines", "RL-BIO", True), ("red_lines", None, True)
    ]  # fmt: skip
    assert r1.places[0].title == "Autonomous cyber offence"
    assert r2.partial == "The evaluators' own reports are not linked."


def test_an_omitted_requirement_carries_its_reason_and_text(make_case: Callable) -> None:
    found = coverage(_report(mini_case(make_case).root), [mini()])
    r3 = found.checklists[0].requirements[2]
    assert (r3.status, r3.omitted, r3.explanation, r3.places) == (
        "omitted", "not_applicable", "No model is on the market yet.", ()
    )  # fmt: skip
    assert found.complete and found.checklists[0].counts.omitted == 1


def test_an_answer_only_a_narrower_edition_shows_is_restricted_there(make_case: Callable) -> None:
    disclosures = DISCLOSURES.replace("[E-1]", "[D-9]").replace("[RL-CYBER, RL-BIO]", "[RL-CYBER, D-9]")
    case = mini_case(make_case, ("decisions/D-9.yaml", None, INTERNAL_DECISION), disclosures=disclosures)
    report = _report(case.root)
    public = coverage(report, [mini()], "public").checklists[0]
    r1, r2, _ = public.requirements
    # R1 is also answered by a public red line and the red-lines section: answered, the withheld item unnamed
    assert r1.status == "answered"
    assert [(p.section, p.item, p.title, p.shown) for p in r1.places] == [
        ("red_lines", "RL-CYBER", "Autonomous cyber offence", True),
        ("decisions", None, None, False),
        ("red_lines", None, None, True),
    ]
    # R2 is answered only by the internal decision: restricted in the public and regulator editions
    assert (r2.status, r2.restricted_to, r2.partial) == (
        "restricted",
        "internal",
        "The evaluators' own reports are not linked.",
    )
    assert (
        public.counts.restricted == 1 and coverage(report, [mini()], "regulator").checklists[0].counts.restricted == 1
    )
    internal = coverage(report, [mini()], "internal").checklists[0].requirements[1]
    assert (internal.status, internal.places[0].item) == ("partial", "D-9")
    assert "D-9" not in json.dumps(coverage(report, [mini()], "public").to_json())


def test_references_an_edition_redacted_read_as_restricted(make_case: Callable) -> None:
    disclosures = DISCLOSURES.replace("[E-1]", "[D-9]")
    case = mini_case(make_case, ("decisions/D-9.yaml", None, INTERNAL_DECISION), disclosures=disclosures)
    report = _report(case.root)
    redacted = redact_disclosures(report.disclosures, {"D-9"})
    assert redacted[0].answers[1].items == ["withheld"] and redacted[0].answers[0] is report.disclosures[0].answers[0]
    edition = report.model_copy(update={"disclosures": redacted})
    r2 = coverage(edition, [mini()], "internal").checklists[0].requirements[1]
    assert (r2.status, r2.places[0].shown, r2.restricted_to) == ("restricted", False, None)
    assert redact_disclosures(report.disclosures, set()) is report.disclosures


def test_coverage_of_the_example_against_the_eu_chapter() -> None:
    report = validate(EXAMPLE).report
    found = coverage(report, [shipped_checklists()["eu-gpai-cop-ss-2025"]], "public").checklists[0]
    counts = found.counts
    assert (counts.answered, counts.partial, counts.omitted, counts.missing, counts.total) == (19, 6, 7, 0, 32)


def test_coverage_refuses_an_unknown_edition() -> None:
    with pytest.raises(ValueError, match="unknown edition 'press'"):
        coverage(validate(BASE).report, [], "press")


# -- reportgen check --------------------------------------------------------------------------------------------


def test_check_prints_the_table_and_exits_0_when_nothing_is_missing(make_case: Callable) -> None:
    case = mini_case(make_case)
    result = invoke("check", case.root, "--against", "mini")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "mini: Mini checklist; 1; public edition",
        "  R1  answered    Thresholds: RL-CYBER (red_lines), RL-BIO (red_lines), red_lines",
        "  R2  partial     Evaluations: E-1 (evaluations); missing: The evaluators' own reports are not linked.",
        "  R3  omitted     Incidents: not applicable: No model is on the market yet.",
        "3 requirements: 1 answered, 1 partial, 1 omitted, 0 missing, 0 restricted",
    ]


def test_check_takes_a_checklist_file_by_the_path_the_report_names_it_by(make_case: Callable) -> None:
    case = mini_case(make_case)
    by_path = invoke("check", case.root, "--against", MINI_FILE)
    assert by_path.exit_code == 0 and by_path.stdout == invoke("check", case.root, "--against", "mini").stdout


def test_check_exits_1_when_a_requirement_is_missing_and_says_so_in_json(make_case: Callable) -> None:
    case = mini_case(make_case, disclosures=HEAD + R1 + R3)
    result = invoke("check", case.root, "--against", "mini", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["edition"], data["complete"]) == ("public", False)
    (checklist,) = data["checklists"]
    assert checklist["counts"] == {"answered": 1, "partial": 0, "omitted": 1, "missing": 1, "restricted": 0, "total": 3}
    r2 = checklist["requirements"][1]
    assert (r2["id"], r2["status"], r2["places"], r2["text"]) == ("R2", "missing", [], "Report evaluations.")
    assert checklist["requirements"][2]["omitted"] == {
        "reason": "not_applicable",
        "text": "No model is on the market yet.",
    }


def test_check_shows_restricted_answers_for_the_edition_asked_about(make_case: Callable) -> None:
    disclosures = DISCLOSURES.replace("[E-1]", "[D-9]")
    case = mini_case(make_case, ("decisions/D-9.yaml", None, INTERNAL_DECISION), disclosures=disclosures)
    public = invoke("check", case.root, "--against", "mini").stdout.splitlines()
    assert public[2] == (
        "  R2  restricted  Evaluations: answered in the internal edition; missing: The evaluators' own reports are "
        "not linked."
    )
    internal = invoke("check", case.root, "--against", "mini", "--edition", "internal")
    assert internal.exit_code == 0 and internal.stdout.splitlines()[2].startswith("  R2  partial     Evaluations: D-9")


def test_check_against_a_shipped_checklist_the_report_does_not_map_lists_every_requirement_missing() -> None:
    result = invoke("check", BASE, "--against", "seoul-2024")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "8 requirements: 0 answered, 0 partial, 0 omitted, 8 missing, 0 restricted"
    assert "  VIII  MISSING     Involvement of external actors: -" in result.stdout.splitlines()


def test_check_reads_a_checklist_file_given_on_the_command_line(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(MINI.replace("id: mini", "id: own"), encoding="utf-8")
    result = invoke("check", BASE, "--checklist", own, "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["checklists"][0]["id"] == "own"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--against", "seol-2024"],
            "error: --against: no checklist 'seol-2024' (known: eu-gpai-cop-ss-2025, seoul-2024) (did you mean "
            "'seoul-2024'?); give your own with --checklist FILE",
            id="unknown-name",
        ),
        pytest.param(
            [],
            "error: name the checklist: --against NAME (e.g. --against seoul-2024), or give --checklist FILE",
            id="no-checklist",
        ),
        pytest.param(["--against", "seoul-2024", "--edition", "press"], "Invalid value for '--edition'", id="edition"),
    ],
)
def test_check_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = invoke("check", BASE, *args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_check_names_every_problem_of_a_bad_checklist_file_and_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.replace("source: Section 2", "source: Section 2, sauce: x").replace("[red_lines]", "[redline]"))
    result = invoke("check", BASE, "--checklist", bad)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:9:80: requirements[R2].sauce: unknown field 'sauce'; allowed here: group, hints, id, source, text, "
        "title",
        f"error: {bad}: not a valid checklist (1 problem(s)); the format is described in docs/disclosures.md",
    ]
    bad.write_text(MINI.replace("[red_lines]", "[redline]"))
    assert invoke("check", BASE, "--checklist", bad).stderr.splitlines()[0] == (
        f"{bad}:8:87: requirements[R1].hints[0]: 'redline' is not a section of a report (did you mean 'red_lines'?)"
    )


def test_check_on_an_invalid_report_prints_its_findings_and_exits_1(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "report")
    (root / "disclosures.yaml").write_text("disclosures:\n  - checklist: seoul-2024\n    answers: []\n")
    result = invoke("check", root, "--against", "seoul-2024")
    assert result.exit_code == 1 and result.stdout == ""
    assert "checklist 'seoul-2024' is not named in report.checklists" in result.stderr


# -- the coverage diff ----------------------------------------------------------------------------------------


def test_an_answer_lost_since_last_year_is_a_finding(make_case: Callable) -> None:
    root = mini_case(make_case).root
    old = _report(root)
    answers = old.disclosures[0].answers
    gone = Omission(reason="confidential", text="Not this year.")
    new_answers = [answers[0].model_copy(update={"items": [], "sections": [], "omitted": gone}), answers[2]]
    new = old.model_copy(update={"disclosures": [old.disclosures[0].model_copy(update={"answers": new_answers})]})
    found = coverage_diff(old, new, old_root=root, new_root=root)
    assert found.changes == (
        CoverageChange("mini", "R1", "Thresholds", "answered", "omitted", True, "confidential: Not this year."),
        CoverageChange("mini", "R2", "Evaluations", "partial", "missing", True, ""),
    )
    assert found.findings == 2
    assert found.lines() == [
        "Disclosures:",
        "  ! mini R1 Thresholds: answered -> omitted (confidential: Not this year.)",
        "  ! mini R2 Evaluations: partial -> missing",
    ]
    back = coverage_diff(new, old, old_root=root, new_root=root)
    assert back.findings == 0 and [c.line() for c in back.changes] == [
        "  + mini R1 Thresholds: omitted -> answered",
        "  + mini R2 Evaluations: missing -> partial (missing: The evaluators' own reports are not linked.)",
    ]


def test_an_answer_narrowed_to_partial_is_a_finding_and_a_dropped_checklist_too(make_case: Callable) -> None:
    root = mini_case(make_case).root
    old = _report(root)
    r1 = old.disclosures[0].answers[0].model_copy(update={"partial": "Only the cyber line."})
    narrowed = old.model_copy(
        update={
            "disclosures": [old.disclosures[0].model_copy(update={"answers": [r1, *old.disclosures[0].answers[1:]]})]
        }
    )
    found = coverage_diff(old, narrowed, old_root=root, new_root=root)
    assert [(c.requirement, c.old_status, c.new_status, c.finding) for c in found.changes] == [
        ("R1", "answered", "partial", True)
    ]
    dropped = old.model_copy(update={"report": old.report.model_copy(update={"checklists": []}), "disclosures": []})
    gone = coverage_diff(old, dropped, old_root=root, new_root=root)
    assert (gone.dropped, gone.changes, gone.findings) == (("mini",), (), 1)
    assert gone.to_json() == {"findings": 1, "changes": [], "dropped": ["mini"], "added": [], "unavailable": []}
    assert gone.lines() == [
        "Disclosures:",
        "  ! checklist mini: answered last time, no longer named in report.checklists",
    ]


def test_the_example_years_differ_in_the_checklists_answered() -> None:
    old = validate(INPUTS / "asab-2025", to_build=False).report
    new = validate(EXAMPLE, to_build=False).report
    found = coverage_diff(old, new, old_root=INPUTS / "asab-2025", new_root=EXAMPLE)
    assert (found.added, found.dropped, found.changes, found.findings) == (
        ("seoul-2024", "eu-gpai-cop-ss-2025"), (), (), 0
    )  # fmt: skip
    assert coverage_diff(new, new, new_root=EXAMPLE, old_root=EXAMPLE).empty


def test_a_checklist_file_a_side_without_its_folder_names_is_not_compared(make_case: Callable) -> None:
    report = _report(mini_case(make_case).root)
    found = coverage_diff(report, report)
    assert (found.unavailable, found.dropped, found.empty) == ((MINI_FILE,), (), True)
    assert found.lines() == ["Disclosures:", f"  ? checklist {MINI_FILE}: not compared (the file is not at hand)"]


def test_the_public_editions_data_names_no_withheld_item_from_the_disclosure_index(make_case: Callable) -> None:
    """A disclosure answer naming an internal decision must not carry its id into a wider edition's data."""
    from reportgen.editions.canonical import canonical_json
    from reportgen.editions.filtering import filter_report

    case = mini_case(
        make_case, ("decisions/D-9.yaml", None, INTERNAL_DECISION), disclosures=DISCLOSURES.replace("[E-1]", "[D-9]")
    )
    report = _report(case.root)
    public, _ = filter_report(report, "public", secret=b"k" * 32)
    assert b"D-9" not in canonical_json(public)
    assert "withheld" in [ref for d in public.disclosures for a in d.answers for ref in a.items]
    internal, _ = filter_report(report, "internal", secret=b"k" * 32)
    assert b"D-9" in canonical_json(internal)


def test_the_report_has_a_disclosure_index_appendix(example_html: Path) -> None:
    html = (example_html / "report.html").read_text(encoding="utf-8")
    assert '<h2 id="disclosure-index-title">Appendix: disclosure index</h2>' in html
    assert 'href="#disclosure-index">Appendix: disclosure index</a>' in html  # listed in the contents
    assert "<strong>8</strong> answered" in html  # the Frontier AI Safety Commitments, all eight answered


@pytest.mark.pdf
def test_the_pdf_disclosure_index_gives_the_page_of_each_answer(built_example: Path) -> None:
    from helpers import pdftotext

    text = pdftotext(built_example / "report.pdf")
    index = text[text.rindex("Appendix: disclosure index") :]
    assert "I Risk assessment across the AI lifecycle" in index
    assert re.search(r"ASAB-RLF-2 \(p\. \d+\)", index), index[:600]
