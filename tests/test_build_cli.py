"""What ``reportgen build`` and the file-writing commands tell the user: warnings, leftovers, new folders."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from helpers import invoke

from reportgen.build.cache import BuildOptions
from reportgen.cli.main import cli

WARNINGS = [
    "decisions/D-2.yaml:3:11: decisions[D-2].date: warning: 2026-06-02 is outside the reporting period "
    "2026-01-01/2026-05-31",
    "meetings.yaml:11:11: meetings[M-2].date: warning: 2026-06-02 is outside the reporting period "
    "2026-01-01/2026-05-31",
]


def _build(*args: str | Path) -> tuple[int, str, str]:
    result = invoke("build", *args, "-q")
    return result.exit_code, result.stdout, result.stderr


def test_build_prints_the_warnings_validate_would_and_repeats_them_when_up_to_date(
    make_case: Callable[..., object], tmp_path: Path
) -> None:
    case = make_case([("report.yaml", "period: 2026-01-01/2026-12-31", "period: 2026-01-01/2026-05-31")])
    out = tmp_path / "out"
    code, stdout, stderr = _build(case.root, "-o", out, "--format", "html")  # type: ignore[attr-defined]
    assert code == 0
    assert stderr.splitlines() == WARNINGS
    assert stdout == f"built 6 file(s): {out} (2 warning(s): see above)\n"
    code, stdout, stderr = _build(case.root, "-o", out, "--format", "html")  # type: ignore[attr-defined]
    assert (code, stderr.splitlines()) == (0, WARNINGS)
    assert stdout == f"up to date: {out} (2 warning(s): see above)\n"


def test_a_partial_rebuild_names_the_outputs_it_left_from_an_earlier_build(
    make_case: Callable[..., object], tmp_path: Path
) -> None:
    case = make_case()
    out = tmp_path / "out"
    (out).mkdir()
    (out / "report.pdf").write_bytes(b"%PDF- an earlier build")
    code, stdout, stderr = _build(case.root, "-o", out, "--format", "html", "--edition", "public")  # type: ignore[attr-defined]
    assert code == 0
    assert stderr == "note: report.pdf is from an earlier build and was not rebuilt this time\n"
    assert stdout == f"built 2 file(s): {out}\n"


def test_the_default_output_folder_is_beside_the_report_when_run_from_inside_it(tmp_path: Path) -> None:
    report = tmp_path / "inputs" / "asab-2027"
    report.mkdir(parents=True)
    here = Path.cwd()
    try:
        os.chdir(report)
        assert BuildOptions(Path(".")).output_dir() == tmp_path / "inputs" / "build" / "asab-2027"
        os.chdir(tmp_path)
        assert BuildOptions(Path("inputs/asab-2027")).output_dir() == Path("build/asab-2027")
    finally:
        os.chdir(here)


def test_schema_and_diff_create_the_folder_they_write_into(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "schema.json"
    result = CliRunner().invoke(cli, ["schema", "-o", str(target)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (0, f"wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith("{")


def test_an_unwritable_output_is_a_plain_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["schema", "-o", str(blocker / "schema.json")], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {blocker / 'schema.json'}: File exists\n"
