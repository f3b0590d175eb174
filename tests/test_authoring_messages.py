"""Messages in a board secretary's terms, as a tester met them: text pasted from a word processor in curly
quotes, a comma that cut a value short inside ``{...}``, an item referred to by its title or a member by
name, spreadsheet headers as people write them, local dates. Each exact line is asserted, located.

The YAML cases are a copy of ``tests/corpus/base`` with one edit, run through ``reportgen validate``; the
spreadsheet cases run ``reportgen import`` into such a copy.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.checks.messages import (
    curly_quote_problems,
    did_you_mean_item,
    item_titles,
    message_for,
    missing_item,
)
from reportgen.checks.validate import check_report
from reportgen.cli.main import cli
from reportgen.core.limits import DEFAULT_LIMITS
from reportgen.inputs.sources import load_inputs
from reportgen.inputs.yaml_advice import curly_quote_advice
from reportgen.schema import Report

BASE = Path(__file__).resolve().parent / "corpus" / "base"
KINDS = (
    "approve, approve_with_conditions, reject, delay, halt, withdraw, amend_red_line, grant_exception, "
    "incident_response, third_party_evaluation, information_sharing, governance"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BASE, tmp_path / "report"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r} is not there exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run(*args: str | Path) -> tuple[int, list[str], str]:
    """``reportgen ARGS`` in-process: exit code, stderr lines, stdout."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stderr.splitlines(), result.stdout


def invalid(report: Path) -> list[str]:
    """The findings ``reportgen validate`` prints for an invalid report (its summary line left out)."""
    code, lines, _ = run("validate", report)
    assert code == 1, lines
    return lines[:-1]


# ------------------------------------------------------------------------------------------------ curly quotes


def test_a_value_in_curly_quotes_with_a_colon_is_named_as_curly_quotes(report: Path) -> None:
    d1 = report / "decisions" / "D-1.yaml"
    edit(d1, "rationale: Evaluators needed to know which tasks count.", "rationale: “Testing: before deployment”")
    assert invalid(report) == [
        "decisions/D-1.yaml:15:16: YAML syntax error: the value is in curly quotes (“Testing: before deployment”), "
        'which YAML does not treat as quotes; use straight quotes " or none, e.g. rationale: "Testing: before '
        'deployment"'
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "line"),
    [
        pytest.param(
            "red-lines.yaml",
            'comparison: ">="',
            "comparison: “>=”",
            "red-lines.yaml:12:19: red_lines[RL-CYBER].criterion.comparison: the value is in curly quotes (“>=”), "
            "which YAML "
            'does not treat as quotes; use straight quotes " or none, e.g. comparison: ">="',
            id="comparison",
        ),
        pytest.param(
            "decisions/D-1.yaml",
            "kind: amend_red_line",
            "kind: ‘amend_red_line’",
            "decisions/D-1.yaml:5:11: decisions[D-1].kind: the value is in curly quotes (‘amend_red_line’), which YAML "
            'does not treat as quotes; use straight quotes " or none, e.g. kind: amend_red_line',
            id="kind",
        ),
        pytest.param(
            "decisions/D-1.yaml",
            "      - RL-CYBER",
            "      - “RL-CYBER”",
            "decisions/D-1.yaml:8:9: decisions[D-1].red_lines[0]: the value is in curly quotes (“RL-CYBER”), which "
            "YAML "
            'does not treat as quotes; use straight quotes " or none, e.g. - RL-CYBER',
            id="id-in-a-list",
        ),
        pytest.param(
            "red-lines.yaml",
            "tier: 3",
            "tier: “3”",
            "red-lines.yaml:5:11: red_lines[RL-CYBER].tier: the value is in curly quotes (“3”), which YAML does "
            "not treat as "
            'quotes; use straight quotes " or none, e.g. tier: 3',
            id="number",
        ),
        pytest.param(
            "red-lines.yaml",
            "last_reviewed: 2026-03-10",
            "last_reviewed: “2026-03-10”",
            "red-lines.yaml:25:22: red_lines[RL-CYBER].review.last_reviewed: the value is in curly quotes "
            "(“2026-03-10”), "
            'which YAML does not treat as quotes; use straight quotes " or none, e.g. last_reviewed: 2026-03-10',
            id="date",
        ),
        pytest.param(
            "decisions/D-2.yaml",
            "      - Access only through the vetted programme.",
            "      - “Access only: through the vetted programme”",
            "decisions/D-2.yaml:27:9: decisions[D-2].conditions[0]: the value is in curly quotes (“Access only: "
            "through "
            'the vetted prog...), which YAML does not treat as quotes; use straight quotes " or none, e.g. - "Access '
            'only: through the vetted programme"',
            id="list-item-with-a-colon",
        ),
    ],
)
def test_a_code_in_curly_quotes_is_named_as_curly_quotes_not_as_a_wrong_value(
    report: Path, file: str, old: str, new: str, line: str
) -> None:
    edit(report / file, old, new)
    assert invalid(report) == [line]


def test_a_unit_in_curly_quotes_is_an_error_at_the_unit(report: Path) -> None:
    """The schema takes any short text as a unit: the check says “%” would be printed with its quotes."""
    edit(report / "red-lines.yaml", 'unit: "%"', "unit: “%”")
    validated, _, findings = check_report(report)
    assert validated is None
    assert [f.format() for f in findings] == [
        "red-lines.yaml:14:13: red_lines[RL-CYBER].criterion.unit: the value is in curly quotes (“%”), which YAML does "
        'not treat as quotes; use straight quotes " or none, e.g. unit: "%"'
    ]


def test_curly_quotes_inside_a_text_are_left_alone(report: Path) -> None:
    edit(
        report / "decisions" / "D-1.yaml",
        "Evaluators needed to know",
        "Evaluators asked “which tasks?” and needed to know",
    )
    code, _, _ = run("validate", report)
    assert code == 0
    validated, _, _ = check_report(report)
    assert validated is not None and list(curly_quote_problems(validated)) == []


def test_curly_quote_advice_quotes_only_what_needs_quotes() -> None:
    assert curly_quote_advice("“approve”", "kind").endswith("e.g. kind: approve")
    assert curly_quote_advice("‘it's: fine’", "title").endswith("""e.g. title: "it's: fine\"""")
    assert curly_quote_advice("„RL-CYBER“", None, list_item=True).endswith("e.g. - RL-CYBER")


# ---------------------------------------------------------------------------------------- a comma inside {...}


def test_a_comma_inside_a_flow_mapping_is_named_with_the_value_quoted(report: Path) -> None:
    edit(
        report / "decisions" / "D-2.yaml",
        "          reason: Advises a competitor of the developer.\n",
        "          reason: Advises a competitor of the developer.\n"
        "        - {member: m-cruz, reason: Employed by OpenAI, the developer.}\n",
    )
    assert invalid(report) == [
        "decisions/D-2.yaml:22:56: decisions[D-2].vote.recused[1].the developer.: unknown field 'the developer.'; "
        'a comma inside {...} ends the value: put the value in quotes, e.g. reason: "Employed by OpenAI, the '
        'developer."'
    ]


def test_with_the_document_the_comma_hint_names_the_value_written_before_the_comma(report: Path) -> None:
    """Given the validated document (as validate can pass it), the hint names the field written just before
    the comma: here the description, though the condition's metric is a text field too and comes later."""
    edit(
        report / "red-lines.yaml",
        "    criterion:\n      description: Uplift over the internet-only baseline of at least 20 percentage points.",
        "    criterion: {description: Uplift of at least 20 points, measured twice, metric: uplift}",
    )
    inputs = load_inputs(report, DEFAULT_LIMITS)
    error = {
        "type": "extra_forbidden",
        "loc": ("red_lines", 1, "criterion", "measured twice"),
        "msg": "",
        "input": None,
    }
    assert message_for(error, inputs.raw, inputs.data)[2] == (  # type: ignore[arg-type]
        "unknown field 'measured twice'; a comma inside {...} ends the value: put the value in quotes, e.g. "
        'description: "Uplift of at least 20 points, measured twice"'
    )


def test_an_unknown_field_that_is_a_word_keeps_the_list_of_fields(report: Path) -> None:
    edit(report / "decisions" / "D-1.yaml", "    meeting: M-1\n", "    meeting: M-1\n    colour: blue\n")
    (line,) = invalid(report)
    assert line.startswith(
        "decisions/D-1.yaml:7:5: decisions[D-1].colour: unknown field 'colour'; allowed here: audience,"
    )


# --------------------------------------------------------------------------------- an item named by its title


def test_a_red_line_named_by_its_title_gets_its_id() -> None:
    titles = {"RL-CYBER": "Uplift to cyber attacks", "RL-BIO": "Biological weapons uplift"}
    assert missing_item("red_lines", "Uplift to cyber attacks", titles) == (
        "red line 'Uplift to cyber attacks' is not in red_lines (did you mean RL-CYBER, titled 'Uplift to cyber "
        "attacks'?)"
    )
    assert did_you_mean_item("uplift to cyber attacks.", titles) == (
        " (did you mean RL-CYBER, titled 'Uplift to cyber attacks'?)"
    )
    assert did_you_mean_item("Uplift to cyber atacks", titles) == (
        " (did you mean RL-CYBER, titled 'Uplift to cyber attacks'?)"
    )


@pytest.mark.parametrize(
    ("ref", "hint"),
    [
        ("m-okafr", " (did you mean 'm-okafor'?)"),  # an id mistyped: the id, as before
        ("Okafor", " (did you mean m-okafor, named 'Amara Okafor'?)"),  # a surname
        ("amara okafor", " (did you mean m-okafor, named 'Amara Okafor'?)"),  # the whole name
        ("Chen", " (did you mean m-lchen (named 'Li Chen') or m-wchen (named 'Wei Chen')?)"),  # two of them
        ("Okafr", " (did you mean m-okafor, named 'Amara Okafor'?)"),  # a surname mistyped
        ("Smith", ""),  # nobody
    ],
)
def test_a_member_named_by_name_gets_the_id(ref: str, hint: str) -> None:
    names = {"m-okafor": "Amara Okafor", "m-lchen": "Li Chen", "m-wchen": "Wei Chen"}
    assert did_you_mean_item(ref, names, "named") == hint


def test_plain_ids_still_get_the_id_hint_only() -> None:
    assert did_you_mean_item("RL-CYBR", ["RL-CYBER", "RL-BIO"]) == " (did you mean 'RL-CYBER'?)"
    assert did_you_mean_item("Cyber offence", ["RL-CYBER", "RL-BIO"]) == ""


def test_item_titles_gives_every_sections_titles_and_the_members_names(report: Path) -> None:
    validated, _, _ = check_report(report)
    assert isinstance(validated, Report)
    titles = item_titles(validated)
    assert titles["red_lines"] == {"RL-CYBER": "Autonomous cyber offence", "RL-BIO": "Biological weapons uplift"}
    assert titles["members"]["m-bell"] == "Ben Bell"
    assert titles["decisions"]["D-1"] == "Red line on cyber offence clarified"


def test_a_title_where_an_id_belongs_is_named_with_the_document(report: Path) -> None:
    """A title has spaces, so the schema refuses it before any cross-check: ``message_for`` given the
    document (as validate can give it) names the item instead of explaining what an id looks like."""
    edit(
        report / "decisions" / "D-2.yaml",
        "    red_lines:\n      - RL-CYBER",
        "    red_lines:\n      - Autonomous cyber offence",
    )
    inputs = load_inputs(report, DEFAULT_LIMITS)
    error = {"type": "string_pattern_mismatch", "loc": ("decisions", 1, "red_lines", 0), "msg": "",
             "input": "Autonomous cyber offence", "ctx": {"pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"}}  # fmt: skip
    assert message_for(error, inputs.raw, inputs.data)[2] == (  # type: ignore[arg-type]
        "red line 'Autonomous cyber offence' is not in red_lines (did you mean RL-CYBER, titled 'Autonomous cyber "
        "offence'?)"
    )
    error = {**error, "loc": ("decisions", 1, "vote", "in_favour", 0), "input": "Carla Cruz"}
    assert message_for(error, inputs.raw, inputs.data)[2] == (  # type: ignore[arg-type]
        "member 'Carla Cruz' is not on the board (did you mean m-cruz, named 'Carla Cruz'?)"
    )


# ------------------------------------------------------------------------------------------- spreadsheet import


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\n")
    return path


def test_headers_as_a_user_writes_them_get_the_column_they_mean(report: Path, tmp_path: Path) -> None:
    log = write_csv(
        tmp_path / "log.csv",
        [["Decision ID", "Date", "Title", "Type", "Votes For", "Rationale", "Colour"],
         ["D-3", "2026-07-01", "Policy reviewed", "governance", "m-chair", "Annual review.", "red"]],
    )  # fmt: skip
    code, lines, _ = run("import", log, "--into", report)
    reference = "see the column reference in docs/import.md"
    assert code == 1
    assert lines == [
        f"log.csv:1:1: Decision ID: unknown column (did you mean 'Id'?): rename it, or import with --columns "
        f"'Decision ID=Id'; {reference}",
        f"log.csv:1:4: Type: unknown column (did you mean 'Kind'?): rename it, or import with --columns "
        f"'Type=Kind'; {reference}",
        f"log.csv:1:5: Votes For: unknown column (did you mean 'In favour'?): rename it, or import with --columns "
        f"'Votes For=In favour'; {reference}",
        f"log.csv:1:7: Colour: unknown column: {reference} for the columns this sheet has",
        "invalid: 4 error(s), 0 warning(s)",
    ]


def test_columns_reads_a_teams_own_headers_and_members_by_name(report: Path, tmp_path: Path) -> None:
    log = write_csv(
        tmp_path / "log.csv",
        [["Decision ID", "Date", "Title", "Type", "Votes For", "Votes Against", "Rationale"],
         ["D-3", "2026-07-01", "Policy reviewed", "governance", "Ada Chair, Bell, cruz", "Diaz", "Annual review."]],
    )  # fmt: skip
    mapping = tmp_path / "headers.txt"
    mapping.write_text("# our log\nVotes Against = Against\n")
    code, lines, out = run(
        "import",
        log,
        "--into",
        report,
        "--columns",
        "Decision ID=id,Type=kind,Votes For=in_favour",
        "--columns",
        mapping,
    )
    assert (code, lines) == (0, [])
    assert out == f"imported 1 file(s) into {report}; next: reportgen validate {report}\n"
    written = (report / "decisions" / "D-3.yaml").read_text(encoding="utf-8")
    assert "      in_favour: [m-chair, m-bell, m-cruz]\n      against: [m-diaz]\n" in written
    assert run("validate", report)[0] == 0


def test_a_columns_mapping_to_no_column_is_a_usage_error(report: Path, tmp_path: Path) -> None:
    log = write_csv(tmp_path / "log.csv", [["Id", "Type"], ["D-3", "governance"]])
    code, lines, _ = run("import", log, "--into", report, "--columns", "Type=knd")
    assert code == 2
    assert lines == [
        "error: --columns: Type=knd: 'knd' is not a column (did you mean 'Kind'?); name a column by its header or "
        "its field (see the column reference in docs/import.md)"
    ]


def test_a_missing_column_is_located_at_the_header_row(report: Path, tmp_path: Path) -> None:
    log = write_csv(tmp_path / "log.csv", [["Id", "Date", "Title", "Kind"], ["D-3", "2026-07-01", "X", "governance"]])
    code, lines, _ = run("import", log, "--into", report)
    assert code == 1
    assert lines == [
        "log.csv:1:1: Rationale: required column is missing: add a column headed 'Rationale' to row 1",
        "invalid: 1 error(s), 0 warning(s)",
    ]


def test_an_ambiguous_or_unknown_member_name_is_an_error_at_its_cell(report: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    members = book.create_sheet("Members")
    for row in [
        ["Id", "Name", "Role", "Affiliation", "Category", "Independent", "Term start"],
        ["m-lchen", "Li Chen", "chair", "Lab", "member_organisation", False, date(2025, 1, 1)],
        ["m-wchen", "Wei Chen", "member", "University", "independent_expert", True, date(2025, 1, 1)],
        ["m-okafor", "Amara Okafor", "member", "Trust", "civil_society", True, date(2025, 1, 1)],
    ]:
        members.append(row)
    decisions = book.create_sheet("Decisions")
    for row in [
        ["Id", "Date", "Title", "Kind", "In favour", "Against", "Recused", "Rationale"],
        ["D-3", date(2026, 7, 1), "Policy reviewed", "governance", "Chen, Okafor", "Smith", "Okafr: Conflict", "Why."],
    ]:
        decisions.append(row)
    book.save(tmp_path / "log.xlsx")
    code, lines, _ = run("import", tmp_path / "log.xlsx", "--into", report)
    assert code == 1
    assert lines == [
        "log.xlsx[Decisions]:2:5: In favour: (cell E2) 'Chen' could be more than one member: m-lchen (Li Chen), "
        "m-wchen (Wei Chen); write the member's id",
        "log.xlsx[Decisions]:2:6: Against: (cell F2) 'Smith' is not on the Members sheet",
        "log.xlsx[Decisions]:2:7: Recused: (cell G2) 'Okafr' is not on the Members sheet (did you mean m-okafor, "
        "named 'Amara Okafor'?)",
        "invalid: 3 error(s), 0 warning(s)",
    ]


LOCAL_DATES = [
    (
        "10/02/2026",
        "'10/02/2026' is not a date in the form YYYY-MM-DD: write 2026-02-10 if it is 10 February 2026 or "
        "2026-10-02 if it is 2 October 2026; or import with --date-format DD/MM/YYYY (or MM/DD/YYYY)",
    ),
    (
        "14.05.2026",
        "'14.05.2026' is not a date in the form YYYY-MM-DD: write 2026-05-14 (14 May 2026), or import with "
        "--date-format DD.MM.YYYY",
    ),
    (
        "05/20/2026",
        "'05/20/2026' is not a date in the form YYYY-MM-DD: write 2026-05-20 (20 May 2026), or import with "
        "--date-format MM/DD/YYYY",
    ),
    ("2026/05/14", "'2026/05/14' is not a date in the form YYYY-MM-DD: write 2026-05-14"),
    ("31.02.2026", "'31.02.2026' is not a real calendar date"),
    ("14 May", "'14 May' is not a date in the form YYYY-MM-DD"),
]


@pytest.mark.parametrize(("written", "message"), LOCAL_DATES)
def test_a_local_date_is_refused_with_the_iso_date_it_stands_for(
    report: Path, tmp_path: Path, written: str, message: str
) -> None:
    log = write_csv(
        tmp_path / "log.csv",
        [["Id", "Date", "Title", "Kind", "Rationale"], ["D-3", written, "Policy reviewed", "governance", "Why."]],
    )
    code, lines, _ = run("import", log, "--into", report)
    assert (code, lines) == (1, [f"log.csv:2:2: Date: {message}", "invalid: 1 error(s), 0 warning(s)"])


def test_date_format_reads_local_dates(report: Path, tmp_path: Path) -> None:
    log = write_csv(
        tmp_path / "log.csv",
        [["Id", "Date", "Title", "Kind", "Rationale"],
         ["D-3", "10/02/2026", "Policy reviewed", "governance", "Why."],
         ["D-4", "2026-03-01", "ISO still works", "governance", "Why."],
         ["D-5", "10-02-2026", "Another layout", "governance", "Why."]],
    )  # fmt: skip
    code, lines, _ = run("import", log, "--into", report, "--date-format", "DD/MM/YYYY")
    assert (code, lines) == (
        1,
        [
            "log.csv:4:2: Date: '10-02-2026' is not a date in the form DD/MM/YYYY (--date-format) or YYYY-MM-DD",
            "invalid: 1 error(s), 0 warning(s)",
        ],
    )
    log.write_text(log.read_text().replace("10-02-2026", "11/02/2026"))
    assert run("import", log, "--into", report, "--date-format", "DD/MM/YYYY")[0] == 0
    assert "date: 2026-02-10\n" in (report / "decisions" / "D-3.yaml").read_text(encoding="utf-8")
    assert "date: 2026-02-11\n" in (report / "decisions" / "D-5.yaml").read_text(encoding="utf-8")
    code, lines, _ = run("import", log, "--into", report, "--date-format", "DD/MM/YY")
    assert code == 2 and lines[0].startswith("error: --date-format 'DD/MM/YY': write the day as DD")


def test_a_code_cell_in_curly_quotes_is_refused_and_a_title_is_not(report: Path, tmp_path: Path) -> None:
    log = write_csv(
        tmp_path / "log.csv",
        [["Id", "Date", "Title", "Kind", "Red lines", "Rationale"],
         ["D-3", "2026-07-01", "“Quoted” title", "“governance”", "RL-BIO, “RL-CYBER”", "Why."]],
    )  # fmt: skip
    code, lines, _ = run("import", log, "--into", report)
    assert (code, lines) == (
        1,
        [
            "log.csv:2:4: Kind: the cell is in curly quotes (“governance”), which are not part of the value: write "
            "governance without them",
            "log.csv:2:5: Red lines: the cell is in curly quotes (“RL-CYBER”), which are not part of the value: "
            "write RL-CYBER without them",
            "invalid: 2 error(s), 0 warning(s)",
        ],
    )


def test_outcome_and_casting_vote_columns_are_read(report: Path, tmp_path: Path) -> None:
    log = write_csv(
        tmp_path / "log.csv",
        [["Id", "Date", "Title", "Kind", "Meeting", "In favour", "Against", "Casting vote", "Outcome", "Rationale"],
         ["D-3", "2026-06-02", "Motion to approve Atlas-4", "approve", "M-2", "m-chair, m-cruz", "m-bell, m-diaz",
          "against", "not_carried", "Not enough evidence."]],
    )  # fmt: skip
    assert run("import", log, "--into", report)[0] == 0
    written = (report / "decisions" / "D-3.yaml").read_text(encoding="utf-8")
    assert "      casting_vote: against\n    outcome: not_carried\n" in written
