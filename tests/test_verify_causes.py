"""``reportgen verify`` names the real cause, in plain words, and answers at the data level in seconds.

Each misleading case an auditor meets: a build folder given as the inputs, inputs of another period or
another board, the wrong edition, a PDF reportgen did not make, a PDF edited after the build (by a tool
that rewrites it, by an appended update, by bytes changed in place, by data swapped together with its
record). Exit 0 MATCH, 1 MISMATCH, 2 UNDECIDED.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from helpers import BASE

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.cli.main import cli
from reportgen.inputs.discovery import sha256


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the base report in ``report/``, built as public and internal PDFs in ``out/``."""
    root = tmp_path_factory.mktemp("causes")
    shutil.copytree(BASE, root / "report")
    build(BuildOptions(root=root / "report", out_dir=root / "out", formats=("pdf",), editions=("public", "internal")))
    return root


def _verify(*args: str | Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["verify", *map(str, args)], catch_exceptions=False)
    assert result.stderr == ""  # the verdict and its reasons are the result: all on stdout
    return result.exit_code, result.stdout.splitlines()


def _inputs(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built / "report", tmp_path / "report"))


@pytest.mark.pdf
def test_a_match_without_rebuild_is_at_the_data_level_and_renders_nothing(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.render.pdf

    def no_layout(*args: object) -> bytes:
        raise AssertionError("verify laid the PDF out without --rebuild")

    monkeypatch.setattr(reportgen.render.pdf, "render_pdf", no_layout)
    pdf = built / "out" / "report.pdf"
    code, lines = _verify(pdf, "--inputs", built / "report")
    assert code == 0
    assert lines == [
        "ok: the embedded data matches its build record",
        "ok: all 9 input files match the build record",
        "ok: the embedded data is what these inputs give for the public edition",
        "ok: the file is as reportgen wrote it: its objects give the checksum written into it at the build",
        "note: the pages were not rebuilt: add --rebuild to lay the PDF out again and compare it byte for byte",
        f"MATCH (public edition, data level): {pdf}",
    ]


@pytest.mark.pdf
def test_rebuild_compares_the_pages_byte_for_byte_quietly_when_piped(built: Path) -> None:
    pdf = built / "out" / "report.pdf"
    code, lines = _verify(pdf, "--inputs", built / "report", "--rebuild")  # _verify: nothing on stderr
    assert code == 0, lines
    assert lines[-2:] == ["ok: a rebuild from the inputs is byte-identical", f"MATCH (public edition): {pdf}"]


@pytest.mark.pdf
def test_a_build_folder_given_as_inputs_is_named(built: Path) -> None:
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", built / "out")
    assert code == 2
    assert lines[-2] == (
        f"undecided: --inputs {built / 'out'}: that is a build folder (it holds manifest-internal.json, "
        "manifest.json, report-internal.pdf, report.pdf, not YAML inputs): give the report's input folder, "
        "the one with report.yaml"
    )


@pytest.mark.pdf
def test_inputs_of_another_period_are_named(built: Path, tmp_path: Path) -> None:
    inputs = _inputs(built, tmp_path)
    meta = inputs / "report.yaml"
    meta.write_text(meta.read_text().replace("period: 2026-01-01/2026-12-31", "period: 2025-01-01/2025-12-31"))
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", inputs)
    assert code == 1
    assert lines[-2:] == [
        "mismatch: these inputs are for 2025-01-01/2025-12-31, the PDF for 2026-01-01/2026-12-31: inputs of "
        "another period",
        f"MISMATCH (public edition): {built / 'out' / 'report.pdf'}",
    ]


@pytest.mark.pdf
def test_inputs_of_another_board_are_named(built: Path, tmp_path: Path) -> None:
    inputs = _inputs(built, tmp_path)
    board = inputs / "board.yaml"
    board.write_text(board.read_text().replace("  name: Example AI Safety Board", "  name: Another Board", 1))
    code, lines = _verify(built / "out" / "report.pdf", "--inputs", inputs)
    assert code == 1
    assert lines[-2] == (
        "mismatch: these inputs are for board Another Board, the PDF for board Example AI Safety Board: another "
        "board's inputs"
    )


@pytest.mark.pdf
def test_an_internal_pdf_is_not_the_public_edition(built: Path) -> None:
    internal = built / "out" / "report-internal.pdf"
    code, lines = _verify(internal, "--inputs", built / "report", "--edition", "public")
    assert code == 1
    assert lines[-2:] == [
        "mismatch: this is the internal edition, not the public edition",
        f"MISMATCH (internal edition): {internal}",
    ]


def test_a_pdf_without_reportgen_data_was_not_made_by_reportgen(tmp_path: Path) -> None:
    other = tmp_path / "other.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(other)
    code, lines = _verify(other, "--inputs", BASE)
    assert (code, lines) == (
        1,
        ["mismatch: not made by reportgen: it carries no reportgen data", f"MISMATCH: {other}"],
    )


@pytest.mark.pdf
def test_a_pdf_rewritten_by_a_tool_is_changed_after_the_build(built: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited.pdf"
    with pikepdf.open(built / "out" / "report.pdf") as pdf:
        pdf.docinfo["/Title"] = "Another title"
        # written the way most tools write (a cross-reference table), not the way reportgen's writers do
        pdf.save(edited, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    code, lines = _verify(edited, "--inputs", built / "report")
    assert code == 1
    assert lines[-2].startswith("mismatch: changed after the build: the PDF was rewritten (")


@pytest.mark.pdf
def test_a_pdf_saved_again_by_qpdf_is_edited(built: Path, tmp_path: Path) -> None:
    """Saved by the library that merges page groups, in the same layout: its checksum tells the change."""
    edited = tmp_path / "edited.pdf"
    with pikepdf.open(built / "out" / "report.pdf") as pdf:
        pdf.docinfo["/Title"] = "Another title"
        pdf.save(edited)
    code, lines = _verify(edited, "--inputs", built / "report")
    assert (code, lines[-2]) == (
        1,
        "mismatch: changed after the build: the PDF was edited (its objects no longer give the checksum written "
        "into it when it was built)",
    )


@pytest.mark.pdf
def test_bytes_changed_in_place_are_changed_after_the_build(built: Path, tmp_path: Path) -> None:
    """Bytes changed in place (a letter of the metadata): same length, same offsets, a checksum that fails."""
    data = (built / "out" / "report.pdf").read_bytes()
    assert b"reportgen</xmp:CreatorTool>" in data
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(data.replace(b"reportgen</xmp:CreatorTool>", b"reportgeN</xmp:CreatorTool>", 1))
    code, lines = _verify(edited, "--inputs", built / "report")
    assert code == 1
    assert lines[-2] == (
        "mismatch: changed after the build: the PDF was edited (its objects no longer give the checksum written "
        "into it when it was built)"
    )


@pytest.mark.pdf
def test_an_update_appended_after_the_build_is_named(built: Path, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO((built / "out" / "report.pdf").read_bytes()))
    writer.trailer["/Info"]["/Title"] = generic.TextStringObject("Another title")
    writer.mark_update(writer.trailer.raw_get("/Info"))
    edited = tmp_path / "edited.pdf"
    with edited.open("wb") as out:
        writer.write(out)
    code, lines = _verify(edited, "--inputs", built / "report")
    assert code == 1
    assert lines[-2] == (
        "mismatch: changed after the build: 1 update(s) were appended to the PDF reportgen wrote (an edit made "
        "with a PDF tool)"
    )


@pytest.mark.pdf
def test_data_swapped_with_its_record_no_longer_matches_the_inputs(built: Path, tmp_path: Path) -> None:
    """Text changed in the embedded data, and its record's digest with it: the data these inputs give is
    compared with the embedded data itself, not only with the record."""
    edited = tmp_path / "edited.pdf"
    with pikepdf.open(built / "out" / "report.pdf") as pdf:
        data = json.loads(pdf.attachments["reportgen-data.json"].get_file().read_bytes())
        data["decisions"][0]["title"] = "Something else entirely"
        changed = json.dumps(data, sort_keys=True).encode()
        record = json.loads(pdf.attachments["reportgen-build.json"].get_file().read_bytes())
        record["data_sha256"] = sha256(changed)
        pdf.attachments["reportgen-data.json"] = pikepdf.AttachedFileSpec(pdf, changed)
        pdf.attachments["reportgen-build.json"] = pikepdf.AttachedFileSpec(pdf, json.dumps(record).encode())
        pdf.save(edited)
    code, lines = _verify(edited, "--inputs", built / "report")
    assert code == 1
    assert lines[-2] == (
        "mismatch: the embedded data is not what these inputs give for the public edition: the data or its build "
        "record was altered"
    )


@pytest.mark.pdf
def test_replaced_embedded_data_is_named(built: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited.pdf"
    with pikepdf.open(built / "out" / "report.pdf") as pdf:
        pdf.attachments["reportgen-data.json"] = pikepdf.AttachedFileSpec(pdf, b'{"report": {}}')
        pdf.save(edited)
    code, lines = _verify(edited, "--inputs", built / "report")
    assert (code, lines[-2]) == (
        1,
        "mismatch: the embedded data does not match the hash in its build record (it was replaced, or the file is "
        "damaged)",
    )


@pytest.mark.pdf
def test_damaged_embedded_data_is_a_mismatch_not_an_error(built: Path, tmp_path: Path) -> None:
    data = bytearray((built / "out" / "report.pdf").read_bytes())
    with pikepdf.open(built / "out" / "report.pdf") as pdf:
        stream = pdf.attachments["reportgen-data.json"].obj.EF.F
        compressed = stream.read_raw_bytes()
    at = data.index(compressed) + len(compressed) // 2
    data[at] ^= 0xFF
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    code, lines = _verify(damaged, "--inputs", built / "report")
    assert (code, lines[-2]) == (
        1,
        "mismatch: the embedded data does not match the hash in its build record (it was replaced, or the file is "
        "damaged)",
    )
