"""Mistakes that used to pass ``validate`` silently and change what is published: a previous report that
is not there, inputs saved as ``X.yaml.txt``, empty files and empty lists, HTML and images in prose, an
attestation dated before the period, example text left in a final report.

Each case asserts the exact finding lines (``file:line:col: path: [warning: ]message``) and the exit code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import BASE, INPUTS, summary

from reportgen.authoring.scaffold import init_report
from reportgen.checks.validate import check_report, validate
from reportgen.core.errors import Finding, InvalidReport

LANGUAGE = "  language: en\n"
FOREWORD = "  foreword: The board met twice this year.\n"
RATIONALE_D1 = "    rationale: Evaluators needed to know which tasks count."
DISSENT_D2 = "        statement: The margin is too small to deploy."
MODEL_DESCRIPTION = "    description: A general-purpose language model."
CHAPTER = "(the 'Changes since the last report' chapter is built from it); fix the path or remove the line"
NOT_READ = "warning: this file is not read: only .yaml, .yml and .json files are inputs"


def assert_findings(run, lines: list[str]) -> None:
    """Errors exit 1 with the summary; warnings alone exit 0 with each on stderr."""
    if any(" warning: " not in line for line in lines):
        assert (run.code, run.lines) == (1, [*lines, summary(lines)])
    else:
        assert (run.code, run.lines) == (0, lines)


# -- 1. report.previous_report ---------------------------------------------------------------------


def test_previous_report_that_does_not_exist_is_an_error(make_case, run_validate) -> None:
    case = make_case([("report.yaml", LANGUAGE, LANGUAGE + "  previous_report: ../asab-2025\n")])
    assert_findings(
        run_validate(case.root),
        [f"report.yaml:13:20: report.previous_report: no report folder at ../asab-2025 {CHAPTER}"],
    )


def test_previous_report_folder_without_inputs_is_an_error(make_case, run_validate) -> None:
    case = make_case([("report.yaml", LANGUAGE, LANGUAGE + "  previous_report: ../old\n")])
    old = case.root.parent / "old"
    (old / ".reportgen").mkdir(parents=True)
    (old / ".reportgen" / "settings.yaml").write_text("x: 1\n")  # hidden: not an input
    (old / "notes.txt").write_text("last year\n")
    assert_findings(
        run_validate(case.root),
        [
            "report.yaml:13:20: report.previous_report: no report in ../old: it holds no .yaml, .yml or .json "
            f"files {CHAPTER}"
        ],
    )


def test_previous_report_that_is_not_a_report_file_is_an_error(make_case, run_validate) -> None:
    case = make_case([("report.yaml", LANGUAGE, LANGUAGE + "  previous_report: ../report-2025.docx\n")])
    (case.root.parent / "report-2025.docx").write_bytes(b"PK")
    assert_findings(
        run_validate(case.root),
        [
            "report.yaml:13:20: report.previous_report: ../report-2025.docx is not a report: give its folder, "
            f"or its .pdf or .html file {CHAPTER}"
        ],
    )


@pytest.mark.parametrize("target", ["../old", "../old/", "../report-2025.pdf"])
def test_previous_report_that_is_there_is_fine(make_case, run_validate, target: str) -> None:
    case = make_case([("report.yaml", LANGUAGE, LANGUAGE + f"  previous_report: {target}\n")])
    shutil.copytree(BASE, case.root.parent / "old")
    (case.root.parent / "report-2025.pdf").write_bytes(b"%PDF-1.7\n")
    run = run_validate("--strict", case.root)
    assert (run.code, run.stderr) == (0, "")


def test_an_invalid_previous_report_folder_is_reported_with_its_folder(make_case, run_validate) -> None:
    """``build`` reads the previous report for its "Changes" chapter: ``validate`` reports its errors, each
    file named from the report's folder, so that it never says valid while ``build`` then fails."""
    case = make_case([("report.yaml", LANGUAGE, LANGUAGE + "  previous_report: ../2025/\n")])
    old = case.root.parent / "2025"
    shutil.copytree(BASE, old)
    edit = old / "decisions" / "D-1.yaml"
    edit.write_text(edit.read_text().replace("meeting: M-1", "meeting: M-9"))
    board = old / "board.yaml"
    board.write_text(board.read_text().replace("quorum: 3", "quorum: three"))
    assert_findings(
        run_validate(case.root),
        [
            "../2025/board.yaml:5:11: board.quorum: expected a whole number, got the text 'three'",
        ],
    )
    board.write_text(board.read_text().replace("quorum: three", "quorum: 3"))
    assert_findings(
        run_validate(case.root),
        [
            "../2025/decisions/D-1.yaml:6:14: decisions[D-1].meeting: meeting 'M-9' is not in meetings",
        ],
    )
    assert check_report(case.root, to_build=False)[0] is not None  # read only to be compared: not looked at


def test_previous_report_can_be_left_unchecked_for_a_report_read_to_compare(make_case) -> None:
    """A side of a diff is read, not built: its own previous report need not be at hand."""
    case = make_case([("report.yaml", LANGUAGE, LANGUAGE + "  previous_report: ../asab-2025\n")])
    report, _, findings = check_report(case.root, to_build=False)
    assert (report is not None, findings) == (True, [])
    assert validate(case.root, to_build=False).warnings == []
    with pytest.raises(InvalidReport):
        validate(case.root)


@pytest.mark.parametrize("name", ["asab-2025", "asab-2026"])
def test_shipped_examples_have_no_findings(run_validate, name: str) -> None:
    """asab-2026 names ../asab-2025, is final and illustrative: none of that is a finding."""
    run = run_validate("--strict", INPUTS / name)
    assert run.code == 0
    assert run.stderr == ""
    assert run.stdout.endswith(" files, 0 warning(s))\n")


# -- 2. files that look like inputs but are not read -----------------------------------------------


def test_files_saved_with_txt_after_yaml_are_named(make_case, run_validate) -> None:
    d2 = (BASE / "decisions" / "D-2.yaml").read_text()
    case = make_case(
        [
            ("decisions/D-3.yaml.txt", None, d2.replace("D-2", "D-3")),
            ("decisions/D-1.yaml.txt", None, "decisions: []\n"),  # an old copy beside the real one
            ("glossary.JSON.TXT", None, '{"glossary": []}\n'),
            ("incidents.yml.txt", None, "incidents: []\n"),
            # never inputs, never named: hidden files and folders, backups, other text files
            (".drafts/D-4.yaml.txt", None, "x"),
            (".D-5.yaml.txt", None, "x"),
            ("decisions/D-2.yaml.bak", None, "x"),
            ("decisions/D-2.yaml~", None, "x"),
            ("notes.txt", None, "x"),
            ("yaml.txt", None, "x"),
        ]
    )
    assert_findings(
        run_validate(case.root),
        [
            f"decisions/D-1.yaml.txt:1:1: {NOT_READ}; D-1.yaml next to it is read (delete this copy if it is "
            "an old one)",
            f"decisions/D-3.yaml.txt:1:1: {NOT_READ}; rename it to D-3.yaml",
            f"glossary.JSON.TXT:1:1: {NOT_READ}; rename it to glossary.JSON",
            f"incidents.yml.txt:1:1: {NOT_READ}; rename it to incidents.yml",
        ],
    )


def test_a_folder_of_only_txt_inputs_says_which_to_rename(tmp_path: Path, run_validate) -> None:
    (tmp_path / "report.yaml.txt").write_text("report: {}\n")
    run = run_validate(tmp_path)
    assert (run.code, run.lines) == (
        2,
        [
            f"error: {tmp_path}: no .yaml, .yml or .json files in this folder "
            "(report.yaml.txt is not read: rename it to report.yaml)"
        ],
    )


def test_the_not_read_warning_is_a_finding_of_check_report(make_case) -> None:
    case = make_case([("decisions/D-3.yaml.txt", None, "x")])
    report, _, findings = check_report(case.root)
    assert report is not None
    assert findings == [
        Finding(
            "decisions/D-3.yaml.txt",
            1,
            1,
            "",
            "this file is not read: only .yaml, .yml and .json files are inputs; rename it to D-3.yaml",
            "warning",
            "not-read",
        )
    ]


# -- 3. empty files ---------------------------------------------------------------------------------


def test_an_empty_file_says_its_section_is_not_reported(make_case, run_validate) -> None:
    case = make_case(
        [
            ("incidents.yaml", None, "# yaml-language-server: $schema=x.json\n# Incidents.\n"),
            ("red-lines-2.yaml", None, ""),  # red_lines are in red-lines.yaml: nothing goes missing
            ("decisions/D-3.yaml", None, "\n"),
            ("information-sharing.yml", None, ""),
        ]
    )
    generic = (
        "warning: this file is empty (or holds only comments): it adds nothing to the report; fill it in or delete it"
    )
    assert_findings(
        run_validate(case.root),
        [
            f"decisions/D-3.yaml:1:1: {generic}",
            "incidents.yaml:1:1: warning: this file is empty: incidents is published as 'Not reported'; to say "
            'there were none write incidents: {none_this_year: "..."}',
            "information-sharing.yml:1:1: warning: this file is empty: information_sharing is published as 'Not "
            'reported\'; to say there were none write information_sharing: {none_this_year: "..."}',
            f"red-lines-2.yaml:1:1: {generic}",
        ],
    )


def test_a_section_with_no_value_says_it_is_not_reported(make_case, run_validate) -> None:
    case = make_case(
        [("incidents.yaml", None, "# Incidents.\nincidents:\n"), ("p.json", None, '{"partnerships": null}')]
    )
    assert_findings(
        run_validate(case.root),
        [
            "incidents.yaml:2:1: incidents: warning: incidents has no value, so it is published as 'Not reported'; "
            'to say there were none write incidents: {none_this_year: "..."}, or remove the line',
            "p.json:1:2: partnerships: warning: partnerships has no value, so it is published as 'Not reported'; "
            'to say there were none write partnerships: {none_this_year: "..."}, or remove the line',
        ],
    )


# -- 4. empty lists ---------------------------------------------------------------------------------


def test_an_empty_list_is_none_this_year_without_a_reason(make_case, run_validate) -> None:
    case = make_case(
        [
            ("incidents.yaml", None, "incidents: []\n"),
            ("sharing.yaml", None, "partnerships:\n  []\n"),
            ("decisions/D-3.yaml", None, "decisions: []\n"),  # the other files have decisions: no finding
            ("access.yaml", None, 'access_programmes: {none_this_year: "We run none."}\n'),
        ]
    )
    assert_findings(
        run_validate(case.root),
        [
            "incidents.yaml:1:12: incidents: warning: an empty list is published as 'None this year.'; say why "
            'with incidents: {none_this_year: "..."}',
            "sharing.yaml:2:3: partnerships: warning: an empty list is published as 'None this year.'; say why "
            'with partnerships: {none_this_year: "..."}',
        ],
    )


# -- 5. HTML and images in prose --------------------------------------------------------------------

LINK = "for a link write [the minutes](https://...)"
MARKDOWN = "write Markdown instead: **bold**, *italics*, [a link](https://...)"


def test_html_and_images_in_prose_are_named(make_case, run_validate) -> None:
    case = make_case(
        [
            ("report.yaml", FOREWORD, '  foreword: See <a href="https://example.org/m">the minutes</a>.\n'),
            ("decisions/D-1.yaml", RATIONALE_D1, "    rationale: Evaluators needed<br/>to know which tasks count."),
            ("decisions/D-2.yaml", DISSENT_D2, "        statement: 'The margin is <script>alert(1)</script> small.'"),
            ("models.yaml", MODEL_DESCRIPTION, "    description: A model. ![Its architecture](https://x.org/a.png)"),
        ]
    )
    assert_findings(
        run_validate(case.root),
        [
            "decisions/D-1.yaml:15:16: decisions[D-1].rationale: warning: HTML such as '<br/>' is not allowed in "
            f"text and is printed as written; {MARKDOWN}",
            "decisions/D-2.yaml:24:20: decisions[D-2].dissents[0].statement: warning: HTML such as '<script>' is "
            f"not allowed in text and is printed as written; {MARKDOWN}",
            "models.yaml:6:18: models[atlas-3].description: warning: images are not shown: "
            "'![Its architecture](https://x.org/a.png)' is printed as '!' and a link; to link to the picture, "
            "write it without the '!'",
            """report.yaml:14:13: report.foreword: warning: HTML such as '<a href="https://example.org/m">' is """
            f"not allowed in text and is printed as written; {LINK}",
        ],
    )


@pytest.mark.parametrize(
    "text",
    [
        "Scores < 50% and > 20% are flagged.",
        "The limit is <50 tasks; a<b and b>a; x <y =z.",
        "See <https://example.org/minutes> or write to <board@example.org>.",
        "Write `<br>` in code, or ```<p>``` in a fence.",
        "An escaped \\<b> is shown as written on purpose.",
        "Wow! [the minutes](https://example.org) are out!",
        "A bang![ without a link.",
    ],
)
def test_text_that_only_looks_like_markup_is_fine(make_case, run_validate, text: str) -> None:
    quoted = text.replace("'", "''")
    case = make_case([("report.yaml", FOREWORD, f"  foreword: '{quoted}'\n")])
    run = run_validate("--strict", case.root)
    assert (run.code, run.stderr) == (0, "")


# -- 6. attestation dates ---------------------------------------------------------------------------

ATTESTATIONS = """attestations:
  - id: AT-1
    kind: chair_statement
    by: Ada Chair
    role: Chair
    date: {first}
    statement: Complete.
  - id: AT-2
    kind: external_auditor
    by: Audit Ltd
    role: Auditor
    date: {second}
    statement: Checked.
"""


def test_attestation_dates_say_what_is_wrong(make_case, run_validate) -> None:
    case = make_case([("attestations.yaml", None, ATTESTATIONS.format(first="2025-12-15", second="2027-03-01"))])
    assert_findings(
        run_validate(case.root),
        [
            "attestations.yaml:6:11: attestations[AT-1].date: warning: 2025-12-15 is before the reporting period "
            "2026-01-01/2026-12-31 starts",
            "attestations.yaml:12:11: attestations[AT-2].date: warning: 2027-03-01 is after the report is published "
            "(2027-02-15)",
        ],
    )


def test_attestations_signed_after_the_period_before_publication_are_fine(make_case, run_validate) -> None:
    case = make_case([("attestations.yaml", None, ATTESTATIONS.format(first="2026-01-01", second="2027-02-15"))])
    run = run_validate("--strict", case.root)
    assert (run.code, run.stderr) == (0, "")


# -- 7. example text from reportgen init in a final report -------------------------------------------

EXAMPLE = "warning: status is final but this text is still the example from reportgen init"


def _at(folder: Path, file: str, start: str) -> str:
    """``file:line:col`` of the value on the first line of ``file`` that starts with ``start``."""
    for number, line in enumerate((folder / file).read_text().splitlines(), 1):
        if line.startswith(start):
            return f"{file}:{number}:{len(start) + 1}"
    raise AssertionError(f"{start!r} not in {file}")


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    folder = tmp_path / "report"
    init_report(folder)
    return folder


def test_draft_from_init_has_no_findings(scaffold: Path, run_validate) -> None:
    run = run_validate("--strict", scaffold)
    assert (run.code, run.stderr) == (0, "")


SUBTITLE = "  subtitle: Test corpus base folder\n"
INIT_SUBTITLE = "  subtitle: Example AI Safety Board (replace every example with your own text)\n"


def test_final_report_with_example_text_left_in_it(make_case, run_validate) -> None:
    """The base folder took its board's name and website from the scaffold: final, they are named too."""
    case = make_case(
        [("report.yaml", "  status: draft\n", "  status: final\n"), ("report.yaml", SUBTITLE, INIT_SUBTITLE)]
    )
    assert_findings(
        run_validate(case.root),
        [
            f"board.yaml:2:9: board.name: {EXAMPLE}",
            f"report.yaml:3:13: report.subtitle: {EXAMPLE}",
            f"report.yaml:5:11: report.organisation.name: {EXAMPLE}",
            f"report.yaml:6:14: report.organisation.website: {EXAMPLE}",
        ],
    )


def test_a_draft_may_hold_example_text(make_case, run_validate) -> None:
    run = run_validate("--strict", make_case([("report.yaml", SUBTITLE, INIT_SUBTITLE)]).root)
    assert (run.code, run.stderr) == (0, "")


def test_final_init_folder_names_one_example_text_per_field_or_item(scaffold: Path) -> None:
    report = scaffold / "report.yaml"
    report.write_text(report.read_text().replace("status: draft", "status: final"))
    validated, _, findings = check_report(scaffold)
    assert validated is not None
    assert {(f.message, f.severity, f.code) for f in findings} == {
        (EXAMPLE.removeprefix("warning: "), "warning", "example-text")
    }
    assert [f.path for f in findings] == [
        "attestations[AT-0001].by",
        "board.name",
        "board.mandate",
        "board.members[ada-example].name",
        "board.members[ben-example].name",
        "board.members[cara-example].name",
        "decisions[D-0001].title",
        "evaluations[E-0001].evaluator.name",
        "incidents[INC-0001].title",
        "meetings[M-0001].summary",
        "models[example-model].name",
        "red_lines[RL-EXAMPLE].title",
        "report.subtitle",
        "report.organisation.name",
        "report.organisation.website",
        "report.organisation.contact",
        "report.foreword",
        "report.methodology",
        "glossary[0].definition",
        "safeguards[SG-EXAMPLE].description",
        "access_programmes[AP-EXAMPLE].name",
        "information_sharing[IS-0001].counterparties[0]",
        "partnerships[P-0001].partner",
    ]
    subtitle = next(f for f in findings if f.path == "report.subtitle")
    assert f"{subtitle.file}:{subtitle.line}:{subtitle.col}" == _at(scaffold, "report.yaml", "  subtitle: ")
