"""``reportgen init`` (a commented report folder that validates and builds) and ``reportgen import``
(decisions, members and red lines from a spreadsheet), through click's CliRunner."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import invoke, write_csv, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.authoring import importer
from reportgen.authoring.jsonschema import schema_text
from reportgen.authoring.scaffold import dump_yaml
from reportgen.core.limits import DEFAULT_LIMITS
from reportgen.inputs.parsing import read_data

openpyxl = pytest.importorskip("openpyxl")

Y = date.today().year  # init dates its examples in the current year
TOPIC_FILES = [
    "attestations.yaml",
    "board.yaml",
    "decisions/D-0001.yaml",
    "evaluations.yaml",
    "incidents.yaml",
    "meetings.yaml",
    "models.yaml",
    "red-lines.yaml",
    "report.yaml",
    "safeguards.yaml",
    "sharing.yaml",
]
DECISION_HEADER = ["Id", "Date", "Title", "Kind", "Meeting", "Models", "Red lines", "In favour", "Against"]
DECISION_HEADER += ["Abstained", "Absent", "Recused", "Dissents", "Rationale", "Conditions", "Casting vote"]


def validate(folder: Path) -> list[dict[str, object]]:
    result = invoke("validate", folder, "--format", "json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report["findings"]
    findings: list[dict[str, object]] = report["findings"]
    return findings


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "report"
    result = invoke("init", folder)
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def folder(pristine: Path, tmp_path: Path) -> Path:
    """A fresh copy of an ``init``-ed report folder."""
    return Path(shutil.copytree(pristine, tmp_path / "report"))


def decision_rows() -> list[list[object]]:
    """Two decisions using the init folder's members, meeting, model and red line."""
    return [
        DECISION_HEADER,
        ["D-0002", datetime(Y, 3, 5), "Red line reviewed", "governance", "M-0001", "", "RL-EXAMPLE",
         "ada-example, ben-example, cara-example", "", "", "", "", "", "Annual review; no change.", "", ""],
        ["D-0003", f"{Y}-05-02", "Wider release delayed", "delay", "", "example-model", "",
         "ada-example", "cara-example", "", "", "ben-example: Employed by Example Lab, the developer.",
         "cara-example: The delay is too short.", "More evidence is needed.\n\nSee the evaluation.",
         "Re-test first.\nPublish the results.", "in_favour"],
    ]  # fmt: skip


# ------------------------------------------------------------------------------------------------------ init


def test_init_validates_with_no_findings_and_builds(folder: Path, tmp_path: Path) -> None:
    assert validate(folder) == []
    result = invoke("build", folder, "-o", tmp_path / "out", "--format", "html", "--edition", "public", "-q")
    assert result.exit_code == 0, result.output
    assert "Example AI Safety Board" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_init_writes_every_topic_file_with_the_schema_line_first(pristine: Path) -> None:
    data = sorted(p.relative_to(pristine).as_posix() for p in pristine.rglob("*.yaml"))
    assert data == TOPIC_FILES
    schema = pristine / ".reportgen" / "reportgen-input.schema.json"
    assert schema.read_text(encoding="utf-8") == schema_text()
    for rel in data:
        first = (pristine / rel).read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), rel
        assert ((pristine / rel).parent / first[len(prefix) :]).resolve() == schema.resolve()
    for template in ("decisions-template.xlsx", "decisions-template.csv", "members-template.csv"):
        assert (pristine / ".reportgen" / template).is_file()


def test_init_comments_every_field_and_its_allowed_values(pristine: Path) -> None:
    text = (pristine / "decisions" / "D-0001.yaml").read_text(encoding="utf-8")
    assert "# The kind of decision. One of: approve, approve_with_conditions, reject," in text
    assert "    # Date of the decision. A date: YYYY-MM-DD. Required.\n    date: " in text
    assert "      # against:\n" in text  # optional fields not in the example are shown, commented out


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "notes.txt").write_text("keep me", encoding="utf-8")
    (tmp_path / "report" / "old").mkdir()
    result = invoke("init", tmp_path / "report")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'report'}: not empty (notes.txt, old/);")
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == ["notes.txt", "old"]


def test_init_accepts_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("init", tmp_path / "empty")
    assert result.exit_code == 0
    folder = tmp_path / "empty"
    assert result.stdout == (
        f"created 17 files in {folder}: replace the examples in its .yaml files with your board's year (or fill "
        f"in the spreadsheets in {folder}/.reportgen/ and run reportgen import), then: reportgen validate {folder}\n"
    )
    assert (folder / ".reportgen" / "commitment.key").stat().st_mode & 0o077 == 0  # the key is private


# ---------------------------------------------------------------------------------------------------- import


def test_import_xlsx_decisions_into_an_init_folder(folder: Path, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "decisions.xlsx", {"Read me": [["ignored"]], "Decisions": decision_rows()})
    result = invoke("import", sheet, "--into", folder)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"imported 2 file(s) into {folder}; next: reportgen validate {folder}\n"
    assert validate(folder) == []
    assert (
        (folder / "decisions" / "D-0003.yaml").read_text(encoding="utf-8")
        == f"""\
# yaml-language-server: $schema=../.reportgen/reportgen-input.schema.json
# Imported from decisions.xlsx[Decisions] row 3 by reportgen import; import again with --force to replace.
decisions:
  - id: D-0003
    date: {Y}-05-02
    title: Wider release delayed
    kind: delay
    models: [example-model]
    vote:
      in_favour: [ada-example]
      against: [cara-example]
      recused:
        - member: ben-example
          reason: Employed by Example Lab, the developer.
      casting_vote: in_favour
    dissents:
      - member: cara-example
        statement: The delay is too short.
    rationale: |-
      More evidence is needed.

      See the evaluation.
    conditions:
      - Re-test first.
      - Publish the results.
"""
    )


def test_import_csv_decisions_semicolon_separated(folder: Path, tmp_path: Path) -> None:
    rows = [[c.date().isoformat() if isinstance(c, datetime) else c for c in row] for row in decision_rows()]
    result = invoke("import", write_csv(tmp_path / "log.csv", rows, ";"), "--into", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "decisions").iterdir()) == ["D-0001.yaml", "D-0002.yaml", "D-0003.yaml"]
    assert validate(folder) == []


def test_import_members_and_red_lines_replace_board_and_red_lines_with_force(folder: Path, tmp_path: Path) -> None:
    members = [
        ["Id", "Name", "Role", "Affiliation", "Category", "Independent", "Term start", "Term end"],
        ["ada-example", "Prof. Ada Example", "chair", "Independent", "independent_expert", True, f"{Y}-01-01", None],
        ["ben-example", "Ben Example", "member", "Example Lab", "member_organisation", "FALSE", date(Y - 1, 5, 1), ""],
        ["cara-example", "Cara Example", "", "Trust", "civil_society", "true", f"{Y}-01-01", None],
    ]
    red_lines = [
        ["Id", "Title", "Domain", "Tier", "Tier label", "Capability", "Harm", "Criterion", "Criterion comparison",
         "Criterion value", "Response actions", "Response", "Decided by", "Review interval (months)",
         "History date", "History change", "History summary", "History reason", "History decision"],
        ["RL-EXAMPLE", "Cyber uplift", "cybersecurity", 3, "High", "Exploits.", "Attacks.", "Half the tasks.", ">=",
         "50", "delay_deployment, restrict_access", "Delay.", "The board", "12", f"{Y}-01-15", "introduced",
         "Introduced.", "First framework.", ""],
        ["RL-EXAMPLE", None, None, None, None, None, None, None, None, None, None, None, None, None,
         date(Y, 3, 5), "clarified", "Reworded.", "Clearer.", "D-0001"],
    ]  # fmt: skip
    sheet = write_xlsx(tmp_path / "board.xlsx", {"Members": members, "Red lines": red_lines})
    refused = invoke("import", sheet, "--into", folder)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: would replace 2 existing file(s) in {folder}: board.yaml, red-lines.yaml; use --force "
        "(board.yaml: its members are replaced; name, chair, mandate and quorum are kept)\n"
    )
    result = invoke("import", sheet, "--into", folder, "--force")
    assert result.exit_code == 0, result.output
    assert validate(folder) == []
    board = read_data((folder / "board.yaml").read_bytes(), "board.yaml", False, DEFAULT_LIMITS)
    assert isinstance(board, dict)
    assert board["board"]["name"] == "Example AI Safety Board"  # kept from the existing board.yaml
    assert board["board"]["members"][0]["name"] == "Prof. Ada Example"
    assert board["board"]["members"][1] == {
        "id": "ben-example", "name": "Ben Example", "role": "member", "affiliation": "Example Lab",
        "category": "member_organisation", "independent": False, "term": {"start": f"{Y - 1}-05-01"},
    }  # fmt: skip
    lines = read_data((folder / "red-lines.yaml").read_bytes(), "red-lines.yaml", False, DEFAULT_LIMITS)
    assert isinstance(lines, dict)
    assert [h["change"] for h in lines["red_lines"][0]["history"]] == ["introduced", "clarified"]
    assert lines["red_lines"][0]["criterion"]["value"] == 50


def test_the_init_templates_import_back_into_the_same_report(folder: Path) -> None:
    templates = folder / ".reportgen"
    result = invoke("import", templates / "decisions-template.xlsx", "--into", folder, "--force")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"imported 1 file(s) into {folder}; next: reportgen validate {folder}\n"
    assert result.stderr.splitlines() == [  # their examples never replace board.yaml and red-lines.yaml
        f"note: decisions-template.xlsx: the {name} sheet still holds the template's examples: left out; "
        "delete or replace them"
        for name in ("Members", "Red lines")
    ]
    assert invoke("import", templates / "decisions-template.csv", "--into", folder, "--force").exit_code == 0
    assert validate(folder) == []
    for template, name, column in (("members-template.csv", "Members", "Name"),
                                   ("red-lines-template.csv", "Red lines", "Title")):  # fmt: skip
        path = templates / template
        board, lines = (folder / "board.yaml").read_bytes(), (folder / "red-lines.yaml").read_bytes()
        refused = invoke("import", path, "--into", folder, "--force")
        assert refused.exit_code == 2
        assert refused.stderr == (
            f"error: {path}: nothing to import: the {name} sheet still holds the template's examples "
            "(delete or replace them)\n"
        )
        assert (folder / "board.yaml").read_bytes() == board and (folder / "red-lines.yaml").read_bytes() == lines
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        rows[1][rows[0].index(column)] += " (edited)"  # no longer the examples: imported as the board's own
        result = invoke("import", write_csv(path, rows), "--into", folder, "--force")
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        assert validate(folder) == []
    assert "name: Dr Ada Example (edited)" in (folder / "board.yaml").read_text(encoding="utf-8")
    assert "title: Uplift to cyber attacks (edited)" in (folder / "red-lines.yaml").read_text(encoding="utf-8")


def test_existing_files_are_replaced_only_with_force(folder: Path, tmp_path: Path) -> None:
    rows = decision_rows()[:2]
    rows[1][0] = "D-0001"
    sheet = write_xlsx(tmp_path / "decisions.xlsx", {"Decisions": rows})
    before = (folder / "decisions" / "D-0001.yaml").read_bytes()
    refused = invoke("import", sheet, "--into", folder)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: would replace 1 existing file(s) in {folder}: decisions/D-0001.yaml; use --force\n"
    )
    assert (folder / "decisions" / "D-0001.yaml").read_bytes() == before
    assert invoke("import", sheet, "--into", folder, "--force").exit_code == 0
    assert "title: Red line reviewed" in (folder / "decisions" / "D-0001.yaml").read_text(encoding="utf-8")
    assert validate(folder) == []


def test_a_broken_spreadsheet_lists_every_problem_at_its_cell(folder: Path, tmp_path: Path) -> None:
    header = ["Id", "Date", "Title", "Kind", "In favour", "Recused", "Colour"]
    rows: list[list[object]] = [
        header,
        ["D-0010", datetime(Y, 3, 5), "Fine", "approve", "ada-example, ben-example, cara-example", None, None],
        [None, None, None, None, None, None, None],  # empty rows are skipped
        ["D-0011", "14/03/2026", "", "approved", "ada-exampel", "ben-example conflict", None],
        ["D-0010", 46095, "Again", "reject", None, None, None, "stray"],
    ]
    sheet = write_xlsx(tmp_path / "decisions.xlsx", {"Decisions": rows})
    result = invoke("import", sheet, "--into", folder)
    assert result.exit_code == 1
    kinds = "approve, approve_with_conditions, reject, delay, halt, withdraw, amend_red_line, grant_exception, "
    kinds += "incident_response, third_party_evaluation, information_sharing, governance"
    assert result.stderr.splitlines() == [
        "decisions.xlsx[Decisions]:1:1: Rationale: required column is missing: add a column headed 'Rationale' to "
        "row 1",
        "decisions.xlsx[Decisions]:1:7: Colour: (cell G1) unknown column: see the column reference in "
        "docs/import.md for the columns this sheet has",
        "decisions.xlsx[Decisions]:4:2: Date: (cell B4) '14/03/2026' is not a date in the form YYYY-MM-DD: write "
        "2026-03-14 (14 March 2026), or import with --date-format DD/MM/YYYY",
        "decisions.xlsx[Decisions]:4:3: Title: (cell C4) required, but the cell is empty",
        f"decisions.xlsx[Decisions]:4:4: Kind: (cell D4) the text 'approved' is not one of: {kinds} "
        "(did you mean 'approve'?)",
        "decisions.xlsx[Decisions]:4:5: In favour: (cell E4) 'ada-exampel' is not a member in board.yaml "
        "(did you mean 'ada-example'?)",
        "decisions.xlsx[Decisions]:4:6: Recused: (cell F4) 'ben-example conflict' is not in the form "
        "'member-id: reason' (separate entries with ';' or line breaks)",
        "decisions.xlsx[Decisions]:5:1: Id: (cell A5) 'D-0010' is already used on row 2",
        "decisions.xlsx[Decisions]:5:8: (cell H5) this column has no header in row 1, so the cell cannot be read",
        "invalid: 9 error(s), 0 warning(s)",
    ]
    assert sorted(p.name for p in (folder / "decisions").iterdir()) == ["D-0001.yaml"]  # nothing written


def test_csv_findings_name_the_file_row_and_column(folder: Path, tmp_path: Path) -> None:
    rows = [["Id", "Title", "Domain", "Tier", "Tracked"], ["RL-X", "X", "cyber", "high", "yes"]]
    result = invoke("import", write_csv(tmp_path / "lines.csv", rows), "--into", folder)
    assert result.exit_code == 1
    findings = [line for line in result.stderr.splitlines() if ":2:" in line]
    assert findings == [
        "lines.csv:2:3: Domain: the text 'cyber' is not one of: biological_chemical, cybersecurity, "
        "ai_self_improvement, autonomous_replication, long_range_autonomy, harmful_manipulation, "
        "nuclear_radiological, sandbagging, undermining_safeguards, misalignment, other",
        "lines.csv:2:4: Tier: expected a whole number, got the text 'high'",
        "lines.csv:2:5: Tracked: expected true or false, got the text 'yes'",
    ]
    assert (
        "lines.csv:1:1: Capability: required column is missing: add a column headed 'Capability' to row 1"
        in result.stderr
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("log.txt", b"x", "log.txt: not an .xlsx or .csv file"),
        ("log.xlsx", b"not a zip", "log.xlsx: cannot be read as an .xlsx workbook"),
        ("log.csv", b"Colour,Size\nred,2\n", "log.csv: cannot tell whether it holds decisions, members or red"),
        ("log.csv", b"Id,Date\n\xff\n", "log.csv: not UTF-8 text"),
    ],
)
def test_unreadable_spreadsheets_are_usage_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "report").mkdir()
    result = invoke("import", tmp_path / name, "--into", tmp_path / "report")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {tmp_path}/{message}")
    assert not any((tmp_path / "report").iterdir())


def test_members_need_an_existing_board_yaml(tmp_path: Path) -> None:
    rows = [
        ["Id", "Name", "Affiliation", "Category", "Independent", "Term start"],
        ["a", "A", "X", "civil_society", True, f"{Y}-01-01"],
    ]
    (tmp_path / "new").mkdir()
    result = invoke("import", write_xlsx(tmp_path / "m.xlsx", {"Members": rows}), "--into", tmp_path / "new")
    assert result.exit_code == 2
    assert not any((tmp_path / "new").iterdir())
    assert "board.yaml: not found; members are written into the board section of board.yaml" in result.stderr


def test_column_reference_is_documented() -> None:
    table = importer.column_reference()
    assert table.startswith("| sheet | column | required | becomes | what to write |\n")
    assert (
        "| Decisions | Date | yes | `decisions[].date` | A date cell or text YYYY-MM-DD. Date of the decision. |"
        in table
    )
    assert "| Red lines | History date | yes | `red_lines[].history[].date` |" in table
    assert table in (importer.__doc__ or "")


@settings(max_examples=300, deadline=None)
@given(
    st.text(),
    st.lists(st.text(min_size=1), max_size=3),
    st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.none(),
)
def test_written_yaml_reads_back_as_written(text: str, texts: list[str], number: object) -> None:
    document = {"glossary": [{"term": text, "definition": f"{text}\n{text}", "items": texts, "n": number}]}
    written = dump_yaml(document, header=["# test"])
    assert read_data(written.encode("utf-8"), "t.yaml", False, DEFAULT_LIMITS) == document


def test_import_field_audiences_with_and_without_a_reason(folder: Path, tmp_path: Path) -> None:
    rows = [[c.date().isoformat() if isinstance(c, datetime) else c for c in row] for row in decision_rows()]
    rows[0] = [*rows[0], "Field audience"]
    rows[1] = [*rows[1], "rationale: internal (Personnel matter; closed session)"]
    rows[2] = [*rows[2], "rationale: regulator\nconditions: internal"]
    result = invoke("import", write_csv(tmp_path / "log.csv", rows), "--into", folder)
    assert result.exit_code == 0, result.output
    d2 = (folder / "decisions" / "D-0002.yaml").read_text()
    assert "field_audience:\n" in d2 and "audience: internal" in d2 and "reason: Personnel matter; closed session" in d2
    assert validate(folder) == []
    from reportgen.checks.validate import validate as validated

    report = validated(folder).report
    settings = {d.id: {k: (v.audience, v.reason) for k, v in d.field_audience.items()} for d in report.decisions}  # type: ignore[union-attr]
    assert settings["D-0002"] == {"rationale": ("internal", "Personnel matter; closed session")}
    assert settings["D-0003"] == {"rationale": ("regulator", None), "conditions": ("internal", None)}


def test_a_field_audience_cell_that_cannot_be_read_is_located(folder: Path, tmp_path: Path) -> None:
    rows = [[c.date().isoformat() if isinstance(c, datetime) else c for c in row] for row in decision_rows()]
    rows[0] = [*rows[0], "Field audience"]
    rows[1] = [*rows[1], "rationale internal"]
    rows[2] = [*rows[2], "rationale: internal; rationale: regulator"]
    result = invoke("import", write_csv(tmp_path / "log.csv", rows), "--into", folder)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "log.csv:2:17: Field audience: 'rationale internal' is not in the form 'field: audience' or "
        "'field: audience (reason)' (separate entries with ';' or line breaks)",
        "log.csv:3:17: Field audience: 'rationale' is given twice",
    ]
    assert not (folder / "decisions" / "D-0002.yaml").exists()
