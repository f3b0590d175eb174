"""``reportgen verify`` as an auditor uses it: which edition, what was checked, and why not a match."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import BASE

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.cli.main import cli

INTERNAL_DECISION = """decisions:
  - id: D-9
    audience: internal
    withheld_reason: Concerns an unreleased model
    date: 2026-05-05
    title: Internal approval
    kind: governance
    decided_by: board
    rationale: A rationale nobody outside may read.
"""


def _inputs(root: Path) -> Path:
    """The base report with an internal decision and a previous report, in ``root``."""
    shutil.copytree(BASE, root / "previous")
    source = root / "report"
    shutil.copytree(BASE, source)
    (source / "decisions" / "D-9.yaml").write_text(INTERNAL_DECISION)
    meta = source / "report.yaml"
    meta.write_text(
        meta.read_text().replace(
            "  edition: First edition\n", "  edition: First edition\n  previous_report: ../previous\n"
        )
    )
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """That report built as public and internal, HTML and PDF, in ``out/``."""
    root = _inputs(tmp_path_factory.mktemp("verify"))
    build(BuildOptions(root / "report", root / "out", editions=("public", "internal")))
    return root


@pytest.fixture(scope="module")
def built_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same report built as public and internal HTML only, in ``out/``."""
    root = _inputs(tmp_path_factory.mktemp("verify-html"))
    build(BuildOptions(root / "report", root / "out", formats=("html",), editions=("public", "internal")))
    return root


def _verify(*args: str | Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["verify", *map(str, args)], catch_exceptions=False)
    assert result.stderr == ""  # the verdict and its reasons are the result: all on stdout
    return result.exit_code, result.stdout.splitlines()


@pytest.mark.pdf
def test_a_match_names_the_edition(built: Path) -> None:
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", built / "report", "--rebuild")
    assert code == 0
    assert lines[-1] == f"MATCH (public edition): {built / 'out' / 'report.pdf'}"
    assert "ok: a rebuild from the inputs is byte-identical" in lines


@pytest.mark.pdf
def test_the_wrong_edition_is_a_mismatch_when_one_is_required(built: Path) -> None:
    internal = built / "out" / "report-internal.pdf"
    code, lines = _verify(internal, "--inputs", built / "report", "--edition", "public")
    assert code == 1
    assert lines[-2:] == [
        "mismatch: this is the internal edition, not the public edition",
        f"MISMATCH (internal edition): {internal}",
    ]


@pytest.mark.pdf
def test_without_inputs_only_the_embedded_data_is_checked_and_the_verdict_is_undecided(built: Path) -> None:
    pdf = built / "out" / "report.pdf"
    code, lines = _verify(pdf)
    assert code == 2
    assert lines == [
        "ok: the embedded data matches its build record",
        "undecided: only the embedded data was checked: give --inputs FOLDER to check the inputs and the pages",
        f"UNDECIDED (public edition): {pdf}",
    ]


def test_an_html_edition_is_verified_by_rebuilding_it(built_html: Path, tmp_path: Path) -> None:
    html = built_html / "out" / "report.html"
    code, lines = _verify(html, "--inputs", built_html / "report")
    assert (code, lines[-1]) == (0, f"MATCH (public edition): {html}")
    edited = tmp_path / "report.html"
    edited.write_text(html.read_text().replace("Annual Transparency Report", "Annual Transparency Reports", 1))
    code, lines = _verify(edited, "--inputs", built_html / "report")
    assert code == 1
    assert lines == [
        "mismatch: no edition rebuilt from these inputs (with this reportgen and theme) gives these bytes",
        f"MISMATCH: {edited}",
    ]


@pytest.mark.pdf
def test_the_previous_report_is_a_listed_input(built: Path, tmp_path: Path) -> None:
    """Its "Changes" chapter is built from the previous report: a change there that the edition would
    show is named, not blamed on the PDF. The entry is the digest of the previous report as this edition
    sees it, so it says nothing of what the earlier year withheld (and needs no key)."""
    import json

    from reportgen.checks.validate import validate
    from reportgen.editions.canonical import canonical_json
    from reportgen.editions.filtering import filter_report
    from reportgen.inputs.discovery import sha256

    record = json.loads((built / "out" / "manifest.json").read_text())
    (entry,) = [e for e in record["inputs"] if e["file"] == "(previous report) ../previous"]
    earlier = filter_report(validate(built / "previous").report, "public", secret=b"")[0]
    assert entry["sha256"] == sha256(canonical_json(earlier)) and "size" not in entry
    shutil.copytree(built / "report", tmp_path / "report")
    shutil.copytree(built / "previous", tmp_path / "previous")
    models = tmp_path / "previous" / "models.yaml"
    models.write_text(models.read_text() + "# a comment changes nothing the chapter shows\n")
    assert _verify(built / "out" / "report.pdf", "--inputs", tmp_path / "report")[0] == 0
    models.write_text(models.read_text().replace("name: Atlas-3", "name: Atlas-3 (renamed)"))
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", tmp_path / "report")
    assert code == 1
    assert "mismatch: input files changed since the build: (previous report) ../previous" in lines


@pytest.mark.pdf
def test_changed_inputs_are_named_before_a_tool_difference_can_hide_them(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.audit.verify

    shutil.copytree(built / "report", tmp_path / "report")
    shutil.copytree(built / "previous", tmp_path / "previous")
    board = tmp_path / "report" / "board.yaml"
    board.write_text(board.read_text() + "# edited later\n")
    monkeypatch.setattr(reportgen.audit.verify, "tool_versions", lambda: {"weasyprint": "99.0"})
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", tmp_path / "report")
    assert code == 1
    assert "mismatch: input files changed since the build: board.yaml" in lines


@pytest.mark.pdf
def test_other_reportgen_code_is_undecided_not_tampering(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reportgen.audit.verify

    monkeypatch.setattr(reportgen.audit.verify, "code_digest", lambda: "0" * 64)
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", built / "report", "--rebuild")
    assert code == 2
    assert lines[-2] == (
        "undecided: built by other reportgen code than this installation's (same version number, different "
        "modules): install the reportgen it was built with to compare the pages"
    )


def test_the_public_record_lists_withheld_files_without_name_or_size(built_html: Path) -> None:
    import json

    record = json.loads((built_html / "out" / "manifest.json").read_text())
    files = [entry["file"] for entry in record["inputs"]]
    assert files == sorted(files)
    assert "decisions/D-9.yaml" not in files
    withheld = [entry for entry in record["inputs"] if entry["file"].startswith("(withheld file) ")]
    assert len(withheld) == 1 and "size" not in withheld[0]
    assert "source_data_sha256" not in record and len(record["source_data_commitment"]) == 64
    internal = json.loads((built_html / "out" / "manifest-internal.json").read_text())
    assert "decisions/D-9.yaml" in [entry["file"] for entry in internal["inputs"]]


def test_a_report_that_withholds_needs_its_key(built_html: Path, tmp_path: Path) -> None:
    source = tmp_path / "report"
    shutil.copytree(built_html / "report", source)
    shutil.copytree(built_html / "previous", tmp_path / "previous")
    (source / ".reportgen" / "commitment.key").unlink()
    result = CliRunner().invoke(cli, ["validate", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "decisions/D-9.yaml:3:15: decisions[D-9].audience: this is withheld from the public edition, and the "
        "commitments that stand in for withheld content need the board's private key, which this folder "
        f"lacks: run `reportgen key {source}` once, then keep .reportgen/commitment.key with the inputs and "
        "never publish it"
    )
    result = CliRunner().invoke(cli, ["key", str(source)])
    assert (result.exit_code, result.stdout) == (
        0,
        f"created: {source / '.reportgen' / 'commitment.key'} (keep it private, never publish it)\n",
    )
    assert CliRunner().invoke(cli, ["validate", str(source)]).exit_code == 0
    again = CliRunner().invoke(cli, ["key", str(source)])
    assert again.stdout.startswith("kept the existing key: ")


@pytest.mark.pdf
def test_an_edition_records_its_placeholders_for_diff(built: Path) -> None:
    """The section and date of each withheld item, as the placeholders print them, in machine form: a diff
    of two editions reads them there, whatever the theme does with the register chapter."""
    import json

    from reportgen.diff.engine import PlaceholderKey
    from reportgen.diff.sides import load_side

    record = json.loads((built / "out" / "manifest.json").read_text())
    assert record["withheld_items"] == [{"section": "decisions", "date": "2026-05-05"}]
    html = (built / "out" / "report.html").read_text()
    assert (
        '<script type="application/json" id="reportgen-withheld">[{"date":"2026-05-05","section":"decisions"}]' in html
    )
    for side in ("report.pdf", "report.html"):
        assert load_side(built / "out" / side).withheld == (PlaceholderKey("decisions", "2026-05-05"),)
    internal = json.loads((built / "out" / "manifest-internal.json").read_text())
    assert internal["withheld_items"] == []  # the internal edition withholds nothing
    assert load_side(built / "out" / "report-internal.pdf").withheld == ()


@pytest.mark.pdf
def test_without_the_key_an_auditor_gets_undecided_not_a_false_mismatch(built: Path, tmp_path: Path) -> None:
    shutil.copytree(built / "report", tmp_path / "report")
    shutil.copytree(built / "previous", tmp_path / "previous")
    shutil.rmtree(tmp_path / "report" / ".reportgen")
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", tmp_path / "report")
    assert code == 2
    assert lines[-2] == (
        "undecided: this edition lists 1 input file(s) under keyed labels, and these inputs have no commitment "
        "key (.reportgen/commitment.key) to pair them with: verify with the board's key, or ask the board to"
    )
    (tmp_path / "report" / ".reportgen").mkdir()
    (tmp_path / "report" / ".reportgen" / "commitment.key").write_text("0" * 64 + "\n")
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", tmp_path / "report")
    assert code == 2
    assert "no keyed entry pairs" in lines[-2]


def test_a_board_member_cannot_be_withheld_whole(tmp_path: Path) -> None:
    source = tmp_path / "report"
    shutil.copytree(BASE, source)
    board = source / "board.yaml"
    board.write_text(
        board.read_text().replace(
            "    - id: m-bell\n", "    - id: m-bell\n      audience: internal\n      withheld_reason: Safety\n", 1
        )
    )
    result = CliRunner().invoke(cli, ["validate", str(source)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "board.yaml:16:17: board.members[m-bell].audience: a board member cannot be withheld from an edition: every "
        "edition lists the whole board; withhold single fields with field_audience instead (e.g. field_audience: "
        "{biography: internal})"
    )


def test_a_file_that_refers_to_a_withheld_item_is_not_listed_by_name(built_html: Path, tmp_path: Path) -> None:
    """A public decision naming an internal model prints "withheld" where its file names the model: a
    plain hash of that file would let anyone test guesses of the id, so it is listed under a keyed label."""
    import json

    source = tmp_path / "report"
    shutil.copytree(built_html / "report", source)
    shutil.copytree(built_html / "previous", tmp_path / "previous")
    models = source / "models.yaml"
    models.write_text(
        models.read_text()
        + "  - id: m-secret\n    audience: internal\n    withheld_reason: Unreleased\n    name: Secret\n"
        "    developer: Example Lab\n    status: in_development\n    description: Not yet announced.\n"
    )
    d2 = source / "decisions" / "D-2.yaml"
    d2.write_text(d2.read_text().replace("      - atlas-3\n", "      - atlas-3\n      - m-secret\n", 1))
    build(BuildOptions(source, tmp_path / "out", formats=("html",), editions=("public", "internal")))
    listed = [e["file"] for e in json.loads((tmp_path / "out" / "manifest.json").read_text())["inputs"]]
    assert "decisions/D-2.yaml" not in listed and "models.yaml" not in listed
    assert "decisions/D-1.yaml" in listed  # a file the edition prints as written keeps its name
    internal = json.loads((tmp_path / "out" / "manifest-internal.json").read_text())["inputs"]
    assert "decisions/D-2.yaml" in [e["file"] for e in internal]


def test_tampered_embedded_lists_are_reported_not_crashed_on(built_html: Path, tmp_path: Path) -> None:
    html = (built_html / "out" / "report.html").read_text()
    edited = tmp_path / "report.html"
    edited.write_text(html.replace('id="reportgen-withheld">[', 'id="reportgen-withheld">[oops', 1))
    result = CliRunner().invoke(cli, ["diff", str(edited), str(built_html / "report")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {edited}: its list of withheld items is not readable JSON (was it edited?)\n"
