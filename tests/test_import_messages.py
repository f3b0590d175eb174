"""``reportgen import`` as a board secretary meets it: the workbook ``reportgen init`` writes, with only its
Decisions sheet filled in; a mistyped report folder; findings that name the spreadsheet cell."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from helpers import EXAMPLE, invoke, write_csv, write_xlsx

from reportgen.authoring.import_cells import cell_name
from reportgen.authoring.scaffold import examples
from reportgen.authoring.sheets import write_templates

openpyxl = pytest.importorskip("openpyxl")

Y = date.today().year  # init dates its examples in the current year
LEFT_OUT = "the {} sheet still holds the template's examples: left out; delete or replace them"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under ``folder`` with its content and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def asab(tmp_path: Path) -> Path:
    """A copy of the example report, whose members (okafor, lindqvist, ...) are not the template's."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "asab"))


def template_workbook(tmp_path: Path, year: int) -> Path:
    """The workbook ``reportgen init`` writes (in ``year``), as it leaves it in ``.reportgen/``."""
    folder = tmp_path / f"template-{year}"
    folder.mkdir()
    write_templates(folder, {rel: document for rel, (_, document) in examples(year).items()})
    return folder / "decisions-template.xlsx"


def fill_decisions(template: Path, target: Path, rows: list[dict[str, object]]) -> Path:
    """The template with its Decisions sheet's example replaced by ``rows``; the other sheets left as they are."""
    book = openpyxl.load_workbook(template)
    sheet = book["Decisions"]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([row.get(str(name)) for name in header])
    book.save(target)
    return target


def decision(**cells: object) -> dict[str, object]:
    return {"Id": "D-2026-100", "Date": date(2026, 11, 5), "Title": "Policy reviewed", "Kind": "governance",
            "Rationale": "Annual review.", "In favour": "okafor, lindqvist", **cells}  # fmt: skip


# ------------------------------------------------------------------------ the template's Members and Red lines


@pytest.mark.parametrize("year", [Y, 2023], ids=["made-this-year", "made-in-2023"])
def test_template_examples_are_left_out_and_votes_are_checked_against_board_yaml(
    asab: Path, tmp_path: Path, year: int
) -> None:
    sheet = fill_decisions(template_workbook(tmp_path, year), tmp_path / "dec.xlsx", [decision()])
    before = snapshot(asab)
    result = invoke("import", sheet, "--into", asab, "--force")  # --force: still never the examples
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "note: dec.xlsx: " + LEFT_OUT.format("Members"),
        "note: dec.xlsx: " + LEFT_OUT.format("Red lines"),
    ]
    assert result.stdout == f"imported 1 file(s) into {asab}; next: reportgen validate {asab}\n"
    after = snapshot(asab)
    assert sorted(set(after) - set(before)) == ["decisions/D-2026-100.yaml"]
    files = [k for k in before if (asab / k).is_file()]
    assert {k: after[k] for k in files} == {k: before[k] for k in files}  # board.yaml, red-lines.yaml untouched
    assert "in_favour: [okafor, lindqvist]" in (asab / "decisions" / "D-2026-100.yaml").read_text(encoding="utf-8")


def test_an_unknown_member_names_board_yaml_when_the_members_sheet_holds_the_examples(
    asab: Path, tmp_path: Path
) -> None:
    rows = [decision(**{"In favour": "okafr", "Dissents": "lindqvist: Too soon.\nmensa: Too late."})]
    sheet = fill_decisions(template_workbook(tmp_path, Y), tmp_path / "dec.xlsx", rows)
    before = snapshot(asab)
    result = invoke("import", sheet, "--into", asab, "--force")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "note: dec.xlsx: " + LEFT_OUT.format("Members"),
        "note: dec.xlsx: " + LEFT_OUT.format("Red lines"),
        "dec.xlsx[Decisions]:2:10: In favour: (cell J2) 'okafr' is not a member in board.yaml (did you mean 'okafor'?)",
        "dec.xlsx[Decisions]:2:15: Dissents: (cell O2) 'mensa' is not a member in board.yaml (did you mean 'mensah'?)",
        "invalid: 2 error(s), 0 warning(s)",
    ]
    assert snapshot(asab) == before


def test_members_and_red_lines_sheets_with_only_their_header_row_are_as_if_absent(asab: Path, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(fill_decisions(template_workbook(tmp_path, Y), tmp_path / "t.xlsx", []))
    for name in ("Members", "Red lines"):
        book[name].delete_rows(2, book[name].max_row)
    book.save(tmp_path / "empty.xlsx")
    sheet = fill_decisions(tmp_path / "empty.xlsx", tmp_path / "dec.xlsx", [decision(Absent="raman, okafor-x")])
    before = snapshot(asab)
    result = invoke("import", sheet, "--into", asab)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "dec.xlsx[Decisions]:2:13: Absent: (cell M2) 'okafor-x' is not a member in board.yaml (did you mean 'okafor'?)",
        "invalid: 1 error(s), 0 warning(s)",
    ]
    assert snapshot(asab) == before
    result = invoke("import", fill_decisions(sheet, sheet, [decision()]), "--into", asab)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert sorted(set(snapshot(asab)) - set(before)) == ["decisions/D-2026-100.yaml"]


def test_an_unknown_member_names_the_members_sheet_when_it_is_imported_too(asab: Path, tmp_path: Path) -> None:
    members = [
        ["Id", "Name", "Affiliation", "Category", "Independent", "Term start"],
        ["okafor", "Dr Okafor", "Independent", "independent_expert", True, "2026-01-01"],
    ]
    decisions = [
        ["Id", "Date", "Title", "Kind", "Rationale", "In favour"],
        ["D-2026-100", "2026-11-05", "Policy reviewed", "governance", "Annual review.", "okafor, lindqvist"],
    ]
    sheet = write_xlsx(tmp_path / "dec.xlsx", {"Decisions": decisions, "Members": members})
    before = snapshot(asab)
    result = invoke("import", sheet, "--into", asab, "--force")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "dec.xlsx[Decisions]:2:6: In favour: (cell F2) 'lindqvist' is not on the Members sheet",
        "invalid: 1 error(s), 0 warning(s)",
    ]
    assert snapshot(asab) == before


def test_a_workbook_holding_nothing_but_the_template_examples_imports_nothing(asab: Path, tmp_path: Path) -> None:
    sheet = fill_decisions(template_workbook(tmp_path, Y), tmp_path / "dec.xlsx", [])
    before = snapshot(asab)
    result = invoke("import", sheet, "--into", asab, "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {sheet}: nothing to import: the Members and Red lines sheets still hold the template's examples "
        "(delete or replace them); the Decisions sheet has no rows below the header row\n"
    )
    assert snapshot(asab) == before


# ---------------------------------------------------------------------------------------- the report folder


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_mistyped_report_folder_is_an_error_and_nothing_is_created(tmp_path: Path, suffix: str) -> None:
    rows: list[list[object]] = [["Id", "Date", "Title", "Kind", "Rationale"],
                                ["D-1", "2026-11-05", "T", "governance", "R."]]  # fmt: skip
    sheet = (
        write_csv(tmp_path / "ok.csv", rows)
        if suffix == ".csv"
        else write_xlsx(tmp_path / "ok.xlsx", {"Decisions": rows})
    )
    before = snapshot(tmp_path)
    nope = tmp_path / "nope"
    result = invoke("import", sheet, "--into", nope)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: no report folder at {nope}: create one with reportgen init {nope}, or check the path\n"
    )
    assert result.stdout == ""
    assert snapshot(tmp_path) == before


# ---------------------------------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("row", "column", "name"),
    [(3, 7, "G3"), (1, 1, "A1"), (2, 26, "Z2"), (2, 27, "AA2"), (9, 28, "AB9"), (5, 702, "ZZ5"), (5, 703, "AAA5")],
)
def test_cell_names(row: int, column: int, name: str) -> None:
    assert cell_name(row, column) == name


def test_csv_findings_do_not_name_a_cell(asab: Path, tmp_path: Path) -> None:
    rows: list[list[object]] = [["Id", "Date", "Title", "Kind", "Rationale", "In favour"],
                                ["D-1", "2026-11-05", "T", "governance", "R.", "okafr"]]  # fmt: skip
    result = invoke("import", write_csv(tmp_path / "log.csv", rows), "--into", asab)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "log.csv:2:6: In favour: 'okafr' is not a member in board.yaml (did you mean 'okafor'?)",
        "invalid: 1 error(s), 0 warning(s)",
    ]
