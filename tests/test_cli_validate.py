"""The ``reportgen validate`` command through click's CliRunner: exit codes, output shapes, usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import BASE, EXAMPLE

from reportgen import __version__
from reportgen.cli.main import cli

M3 = "\n  - id: M-3\n    date: 2027-01-05\n    attendees:\n      - m-chair\n"
ADD_M3 = (
    "meetings.yaml",
    "    summary: Decided on the deployment of Atlas-3.\n",
    "    summary: Decided on the deployment of Atlas-3." + M3,
)
ATLAS_4 = ("evaluations.yaml", "    model: atlas-3", "    model: atlas-4")


# -- exit codes -------------------------------------------------------------------------------------


def test_valid_folder_exits_0(run_validate) -> None:
    run = run_validate(BASE)
    assert run.code == 0
    assert run.stdout == f"valid: {BASE} (9 files, 0 warning(s))\n"
    assert run.stderr == ""


def test_invalid_folder_exits_1(make_case, run_validate) -> None:
    run = run_validate(make_case([ATLAS_4]).root)
    assert run.code == 1
    assert run.stdout == ""
    assert run.lines == [
        "evaluations.yaml:3:12: evaluations[E-1].model: model 'atlas-4' is not in models (did you mean 'atlas-3'?)",
        "invalid: 1 error(s), 0 warning(s)",
    ]


def test_warnings_exit_0_and_fail_only_under_strict(make_case, run_validate) -> None:
    case = make_case([ADD_M3])
    warning = (
        "meetings.yaml:20:11: meetings[M-3].date: warning: 2027-01-05 is outside the reporting period "
        "2026-01-01/2026-12-31"
    )
    relaxed = run_validate(case.root)
    assert (relaxed.code, relaxed.lines) == (0, [warning])
    assert relaxed.stdout == f"valid: {case.root} (9 files, 1 warning(s))\n"
    strict = run_validate("--strict", case.root)
    assert strict.code == 1
    assert strict.lines == [warning, "invalid: 0 error(s), 1 warning(s) (--strict fails on warnings)"]
    assert strict.stdout == ""


@pytest.mark.parametrize(
    ("args", "stderr_start"),
    [
        pytest.param(["--format", "xml", str(BASE)], "Usage: ", id="unknown-format"),
        pytest.param([], "Usage: ", id="no-folder-argument"),
        pytest.param(["--limit", "max_file_bytes", str(BASE)], "Usage: ", id="limit-without-value"),
        pytest.param(
            ["--limit", "max_bytes=10", str(BASE)],
            "error: unknown limit 'max_bytes'; known limits: ",
            id="unknown-limit",
        ),
        pytest.param(
            ["--limit", "max_file_bytes=ten", str(BASE)],
            "error: limit max_file_bytes needs a number, got 'ten'",
            id="limit-not-a-number",
        ),
        pytest.param([str(BASE / "report.yaml")], "Usage: ", id="file-not-folder"),
    ],
)
def test_usage_errors_exit_2(run_validate, args: list[str], stderr_start: str) -> None:
    run = run_validate(*args)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.startswith(stderr_start)


def test_folder_without_data_files_exits_2(tmp_path: Path, run_validate) -> None:
    (tmp_path / "notes.txt").write_text("not a report\n")
    run = run_validate(tmp_path)
    assert run.code == 2
    assert run.lines == [f"error: {tmp_path}: no .yaml, .yml or .json files in this folder"]


def test_missing_folder_exits_2_and_says_it_does_not_exist(tmp_path: Path, run_validate) -> None:
    missing = tmp_path / "no-such-report"
    for args in ([missing], ["--format", "json", missing], ["--strict", missing]):
        run = run_validate(*args)
        assert run.code == 2
        assert run.stdout == ""
        assert run.lines == [f"error: {missing}: no such folder"]


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"reportgen, version {__version__}\n"


# -- --format json ----------------------------------------------------------------------------------


def test_json_output_for_an_invalid_folder(make_case, run_validate) -> None:
    run = run_validate("--format", "json", make_case([ATLAS_4, ADD_M3]).root)
    assert run.code == 1
    assert run.stderr == ""
    assert json.loads(run.stdout) == {
        "valid": False,
        "errors": 1,
        "warnings": 1,
        "findings": [
            {
                "file": "evaluations.yaml",
                "line": 3,
                "col": 12,
                "path": "evaluations[E-1].model",
                "message": "model 'atlas-4' is not in models (did you mean 'atlas-3'?)",
                "severity": "error",
                "code": "dangling-ref",
            },
            {
                "file": "meetings.yaml",
                "line": 20,
                "col": 11,
                "path": "meetings[M-3].date",
                "message": "2027-01-05 is outside the reporting period 2026-01-01/2026-12-31",
                "severity": "warning",
                "code": "period",
            },
        ],
    }


def test_json_output_for_schema_and_parse_errors(make_case, run_validate) -> None:
    schema = run_validate("--format", "json", make_case([("models.yaml", "    developer:", "    develper:")]).root)
    assert schema.code == 1
    assert json.loads(schema.stdout)["findings"] == [
        {
            "file": "models.yaml",
            "line": 2,
            "col": 5,
            "path": "models[atlas-3].developer",
            "message": "missing required field 'developer'",
            "severity": "error",
            "code": "missing",
        },
        {
            "file": "models.yaml",
            "line": 4,
            "col": 5,
            "path": "models[atlas-3].develper",
            "message": "unknown field 'develper' (did you mean 'developer'?)",
            "severity": "error",
            "code": "extra-forbidden",
        },
    ]


def test_json_output_for_a_syntax_error(make_case, run_validate) -> None:
    case = make_case([("models.yaml", "    status: limited_release", "\tstatus: limited_release")])
    run = run_validate("--format", "json", case.root)
    assert run.code == 1
    assert json.loads(run.stdout) == {
        "valid": False,
        "errors": 1,
        "warnings": 0,
        "findings": [
            {
                "file": "models.yaml",
                "line": 5,
                "col": 1,
                "path": "",
                "message": "YAML syntax error: a tab character; YAML indents with spaces only",
                "severity": "error",
                "code": "syntax",
            }
        ],
    }


def test_json_output_for_a_valid_folder(make_case, run_validate) -> None:
    case = make_case([ADD_M3])
    relaxed = json.loads(run_validate("--format", "json", case.root).stdout)
    assert (relaxed["valid"], relaxed["errors"], relaxed["warnings"]) == (True, 0, 1)
    assert [f["severity"] for f in relaxed["findings"]] == ["warning"]
    strict = run_validate("--format", "json", "--strict", case.root)
    assert strict.code == 1
    assert json.loads(strict.stdout) == {**relaxed, "valid": False}


def test_json_output_is_the_only_thing_on_stdout(run_validate) -> None:
    run = run_validate("--format", "json", BASE)
    assert run.code == 0
    assert run.stderr == ""
    assert json.loads(run.stdout) == {"valid": True, "errors": 0, "warnings": 0, "findings": []}


# -- the real example -------------------------------------------------------------------------------


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="inputs/asab-2026 is not written yet (someone else owns it)")
def test_real_example_validates(run_validate) -> None:
    run = run_validate(EXAMPLE)
    assert run.code == 0, run.stderr
    assert run.stdout.startswith(f"valid: {EXAMPLE} (")
