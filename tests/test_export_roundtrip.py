"""``reportgen export`` and the way back: a report folder's decisions, members and red lines as a
spreadsheet, which ``reportgen import`` reads into the folder again changing only what was edited.

Every case works on copies of ``tests/corpus/base`` (never on the corpus itself): one exported, one
imported into; the YAML files are compared byte for byte.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli

BASE = Path(__file__).resolve().parent / "corpus" / "base"


def run(*args: str | Path) -> tuple[int, list[str], str]:
    """``reportgen ARGS`` in-process: exit code, stderr lines, stdout."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stderr.splitlines(), result.stdout


def yaml_files(folder: Path) -> dict[str, str]:
    """Every input file below ``folder`` (relative path -> sha256 of its bytes)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def changed_lines(before: Path, after: Path) -> list[str]:
    """The lines a unified diff of two files removes and adds."""
    diff = difflib.unified_diff(before.read_text().splitlines(), after.read_text().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """The folder exported: a copy of the base report."""
    return Path(shutil.copytree(BASE, tmp_path / "source"))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """The folder imported into: another copy of the base report."""
    return Path(shutil.copytree(BASE, tmp_path / "target"))


def test_an_unedited_xlsx_export_imports_back_byte_for_byte(source: Path, target: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "decisions.xlsx"
    code, notes, out = run("export", source, "--to", sheet)
    assert (code, notes) == (0, [])
    assert out == (
        f"exported Decisions, Members, Red lines of {source} to {sheet}; after editing it: "
        f"reportgen import {sheet} --into {source} --force\n"
    )
    book = openpyxl.load_workbook(sheet)
    assert book.sheetnames == ["Decisions", "Members", "Red lines", "Read me"]
    assert [c.value for c in book["Decisions"]["A"]] == ["Id", "D-1", "D-2"]
    before = yaml_files(target)
    code, lines, out = run("import", sheet, "--into", target)  # no --force: nothing changes
    assert (code, lines) == (0, [])
    assert out == f"imported 4 file(s) into {target}; next: reportgen validate {target}\n"
    assert yaml_files(target) == before == yaml_files(BASE)


def test_unedited_csv_exports_import_back_byte_for_byte(source: Path, target: Path, tmp_path: Path) -> None:
    for name, first in (("decisions.csv", "Id,Date,Title"), ("members.csv", "Id,Name,Role"),
                        ("red-lines.csv", "Id,Title,Domain")):  # fmt: skip
        code, _, _ = run("export", source, "--to", tmp_path / name)
        assert code == 0
        assert (tmp_path / name).read_text(encoding="utf-8-sig").startswith(first)
        assert run("import", tmp_path / name, "--into", target)[0] == 0
    assert yaml_files(target) == yaml_files(BASE)


def test_one_edited_cell_changes_only_that_value(source: Path, target: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "decisions.xlsx"
    assert run("export", source, "--to", sheet)[0] == 0
    book = openpyxl.load_workbook(sheet)
    decisions = book["Decisions"]
    header = [c.value for c in decisions[1]]
    decisions.cell(3, header.index("Title") + 1).value = "Atlas-3 deployment approved, with conditions: two"
    book.save(sheet)
    before = yaml_files(target)
    code, lines, _ = run("import", sheet, "--into", target)
    assert (code, lines) == (
        2,
        [f"error: would replace 1 existing file(s) in {target}: decisions/D-2.yaml; use --force"],
    )
    assert yaml_files(target) == before
    assert run("import", sheet, "--into", target, "--force")[0] == 0
    after = yaml_files(target)
    assert {name for name in after if after[name] != before[name]} == {"decisions/D-2.yaml"}
    assert changed_lines(BASE / "decisions" / "D-2.yaml", target / "decisions" / "D-2.yaml") == [
        "-    title: Deployment of Atlas-3 approved with conditions",
        '+    title: "Atlas-3 deployment approved, with conditions: two"',
    ]
    assert run("validate", target)[0] == 0


def test_an_edited_csv_cell_changes_only_that_value(source: Path, target: Path, tmp_path: Path) -> None:
    lines_csv = tmp_path / "red-lines.csv"
    assert run("export", source, "--to", lines_csv)[0] == 0
    rows = list(csv.reader(lines_csv.read_text(encoding="utf-8-sig").splitlines()))
    rows[1][rows[0].index("Review interval (months)")] = "6"
    with lines_csv.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert run("import", lines_csv, "--into", target, "--force")[0] == 0
    assert changed_lines(BASE / "red-lines.yaml", target / "red-lines.yaml") == [
        "-      interval_months: 12",
        "+      interval_months: 6",
    ]
    assert [k for k, v in yaml_files(target).items() if v != yaml_files(BASE)[k]] == ["red-lines.yaml"]


def test_a_filled_cell_adds_its_field_in_the_schemas_place_and_keeps_comments(
    source: Path, target: Path, tmp_path: Path
) -> None:
    d1 = target / "decisions" / "D-1.yaml"
    d1.write_text(d1.read_text().replace("    vote:\n", "    # Roll call from the minutes.\n    vote:\n"))
    sheet = tmp_path / "decisions.xlsx"
    assert run("export", source, "--to", sheet)[0] == 0
    book = openpyxl.load_workbook(sheet)
    header = [c.value for c in book["Decisions"][1]]
    book["Decisions"].cell(2, header.index("Outcome") + 1).value = "carried"
    book.save(sheet)
    assert run("import", sheet, "--into", target, "--force")[0] == 0
    text = d1.read_text()
    assert "    # Roll call from the minutes.\n    vote:\n" in text
    assert "        - m-diaz\n    outcome: carried\n    rationale:" in text


def test_fields_without_a_column_are_noted_and_kept(source: Path, target: Path, tmp_path: Path) -> None:
    for folder in (source, target):
        path = folder / "red-lines.yaml"
        path.write_text(
            path.read_text().replace(
                "        decision: D-1\n", "        decision: D-1\n        published: 2026-03-12\n"
            )
        )
    sheet = tmp_path / "lines.xlsx"
    code, notes, _ = run("export", source, "--to", sheet)
    assert (code, notes) == (
        0,
        [
            "note: Red lines: history.published have no column in the spreadsheet: not exported, and importing "
            "keeps them as they are"
        ],
    )
    before = yaml_files(target)
    book = openpyxl.load_workbook(sheet)
    header = [c.value for c in book["Red lines"][1]]
    book["Red lines"].cell(2, header.index("Tier label") + 1).value = "Very high"
    book.save(sheet)
    assert run("import", sheet, "--into", target, "--force")[0] == 0
    assert "        published: 2026-03-12\n" in (target / "red-lines.yaml").read_text()
    assert changed_lines(source / "red-lines.yaml", target / "red-lines.yaml") == [
        "-    tier_label: High",
        "+    tier_label: Very high",
    ]
    assert {k for k, v in yaml_files(target).items() if v != before[k]} == {"red-lines.yaml"}


def test_a_red_line_row_deleted_is_removed_with_a_note(source: Path, target: Path, tmp_path: Path) -> None:
    lines_csv = tmp_path / "red-lines.csv"
    assert run("export", source, "--to", lines_csv)[0] == 0
    rows = list(csv.reader(lines_csv.read_text(encoding="utf-8-sig").splitlines()))
    kept = [row for row in rows if row[0] != "RL-BIO"]
    with lines_csv.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(kept)
    code, lines, _ = run("import", lines_csv, "--into", target, "--force")
    assert (code, lines) == (0, ["note: red-lines.yaml: red line RL-BIO is not on the Red lines sheet: removed"])
    text = (target / "red-lines.yaml").read_text()
    assert "RL-BIO" not in text and text == (BASE / "red-lines.yaml").read_text().split("  - id: RL-BIO")[0]


def test_a_value_a_cell_cannot_hold_as_written_is_noted(source: Path, tmp_path: Path) -> None:
    d2 = source / "decisions" / "D-2.yaml"
    d2.write_text(
        d2.read_text().replace(
            "      - Access only through the vetted programme.",
            '      - "Access only\\n  through the vetted programme."',
        )
    )
    code, notes, _ = run("export", source, "--to", tmp_path / "decisions.csv")
    assert (code, notes) == (
        0,
        [
            "note: Decisions: decision D-2: conditions cannot be written in a cell as it is (a ';' or a line break "
            "where the column separates entries): check it before importing"
        ],
    )


def test_export_refuses_to_replace_a_file_and_an_item_that_does_not_fit(source: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "decisions.xlsx"
    sheet.write_bytes(b"mine")
    assert run("export", source, "--to", sheet)[1] == [f"error: {sheet}: exists; use --force to replace it"]
    assert sheet.read_bytes() == b"mine"
    d1 = source / "decisions" / "D-1.yaml"
    d1.write_text(d1.read_text().replace("    red_lines:\n      - RL-CYBER\n", "    red_lines: RL-CYBER\n"))
    code, lines, _ = run("export", source, "--to", sheet, "--force")
    assert (code, lines) == (
        1,
        [
            "decisions/D-1.yaml:7:16: decisions[D-1].red_lines: expected a list (one '- ' line per item), got the "
            "text 'RL-CYBER'",
            "invalid: 1 error(s), 0 warning(s)",
        ],
    )
    assert sheet.read_bytes() == b"mine"
    code, lines, _ = run("export", source, "--to", tmp_path / "decisions.txt")
    assert (code, lines) == (2, [f"error: {tmp_path / 'decisions.txt'}: name an .xlsx or .csv file to write"])


def test_text_that_looks_like_a_formula_stays_text(source: Path, target: Path, tmp_path: Path) -> None:
    for folder in (source, target):
        d1 = folder / "decisions" / "D-1.yaml"
        d1.write_text(d1.read_text().replace("rationale: Evaluators", 'rationale: "=SUM(A1) Evaluators'))
        d1.write_text(d1.read_text().replace("which tasks count.", 'which tasks count."'))
    sheet = tmp_path / "decisions.xlsx"
    assert run("export", source, "--to", sheet)[0] == 0
    cell = openpyxl.load_workbook(sheet)["Decisions"]["R2"]
    assert (cell.value, cell.data_type) == ("=SUM(A1) Evaluators needed to know which tasks count.", "s")
    before = yaml_files(target)
    assert run("import", sheet, "--into", target)[0] == 0
    assert yaml_files(target) == before
