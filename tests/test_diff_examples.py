"""Golden files for the diff of the two example years, the same findings from PDFs, and verify."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from helpers import BASE, EXAMPLE, PREVIOUS, TESTS, copy_base, copy_example, invoke, pdftotext
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject

from reportgen.audit.verify import verify
from reportgen.build.orchestrator import BuildOptions, build
from reportgen.checks.validate import validate
from reportgen.diff.engine import diff_reports
from reportgen.diff.output import render_text, to_json

GOLDEN = TESTS / "golden"
OLD, NEW = PREVIOUS, EXAMPLE
UPDATE = os.environ.get("REPORTGEN_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs (REPORTGEN_UPDATE_GOLDEN=1 to accept)"


@pytest.fixture(scope="module")
def example_diff():  # type: ignore[no-untyped-def]
    from reportgen.diff.summary import cite_decisions

    new = validate(NEW).report
    diff = diff_reports(validate(OLD).report, new, "inputs/asab-2025", "inputs/asab-2026")
    cite_decisions(diff, new)  # as `reportgen diff` does: each explanation gives its decision's date and tally
    return diff


def test_text_diff_of_the_two_example_years(example_diff) -> None:  # type: ignore[no-untyped-def]
    """Red-line verdicts first, with the board's reasons and deciding decisions; words, not codes."""
    text = render_text(example_diff) + "\n"
    check_golden("asab-2025-2026.txt", text)
    assert text.index("Red-line verdicts:") < text.index("Report and board:") < text.index("Red lines:")
    assert "Decision D-2026-014, 28 May 2026: carried, 7 for, 1 against, 1 abstaining; 1 dissent." in text


def test_html_redline_of_the_two_example_years(example_diff) -> None:  # type: ignore[no-untyped-def]
    """The auditor's HTML redline with its memo header (a fixed date and tool, so the golden file holds)."""
    from reportgen.diff.document import diff_document
    from reportgen.diff.summary import side_facts
    from reportgen.diff.view import memo_header
    from reportgen.editions.canonical import canonical_json
    from reportgen.inputs.discovery import sha256

    old, new = validate(OLD).report, validate(NEW).report
    sides = [
        side_facts(f"inputs/{path.name}", sha256(canonical_json(report)), "data", report, None)
        for path, report in ((OLD, old), (NEW, new))
    ]
    memo = memo_header(example_diff, *sides, "2026-12-06", "reportgen (golden)", "weakening", True)
    html = diff_document(example_diff, "html", None, None, memo).decode("utf-8")
    # the golden holds the document, not the theme's stylesheets (they change with the look, not the findings)
    check_golden("asab-2025-2026.html", re.sub(r"<style>.*?</style>", "<style>…</style>", html, flags=re.S))
    assert html.index("Red-line verdicts") < html.index("Report and board") < html.index("<h2>Red lines</h2>")
    assert "Decision D-2026-014, 28 May 2026: carried, 7 for, 1 against, 1 abstaining; 1 dissent." in html
    assert '<th scope="col">Before</th>' in html and "limited_release" not in html and "**" not in html


def test_json_diff_of_the_two_example_years(example_diff) -> None:  # type: ignore[no-untyped-def]
    check_golden("asab-2025-2026.json", to_json(example_diff) + "\n")


def test_a_round_trip_through_the_canonical_data_keeps_the_report(example_diff) -> None:  # type: ignore[no-untyped-def]
    from reportgen.editions.canonical import canonical_json
    from reportgen.schema import Report

    report = validate(NEW).report
    assert Report.model_validate(json.loads(canonical_json(report))) == report


def test_the_story_the_examples_tell(example_diff) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(to_json(example_diff))
    lines = {c["id"]: c for s in data["sections"] if s["section"] == "red_lines" for c in s["changed"]}
    assert lines["RL-CYBER-HIGH"]["classification"] == "strengthened"
    assert lines["RL-MANIP"]["classification"] == "weakened" and not lines["RL-MANIP"]["unexplained"]
    assert lines["RL-AUTO-REPL"]["classification"] == "weakened" and lines["RL-AUTO-REPL"]["unexplained"]
    assert data["summary"]["unexplained"] == 1


def test_cli_exit_codes_follow_diff(tmp_path: Path) -> None:
    assert invoke("diff", NEW, NEW).exit_code == 0
    assert invoke("diff", OLD, NEW).exit_code == 1
    assert invoke("diff", OLD, NEW, "--fail-on", "unexplained").exit_code == 1
    result = invoke("diff", OLD, tmp_path / "missing")
    assert result.exit_code == 2 and "no such file or folder" in result.stderr


def test_diffing_the_pdfs_gives_the_same_findings_as_the_folders(
    built_previous_example: Path, built_example: Path
) -> None:
    old_pdf, new_pdf = built_previous_example / "report-internal.pdf", built_example / "report-internal.pdf"
    folders = json.loads(invoke("diff", OLD, NEW, "--format", "json").stdout)
    pdfs = json.loads(invoke("diff", old_pdf, new_pdf, "--format", "json").stdout)
    for side in ("old", "new"):  # what each side is (path, hash, edition) differs by design; the findings may not
        folders[side] = {"period": folders[side]["period"]}
        pdfs[side] = {"period": pdfs[side]["period"]}
    assert pdfs == folders


@pytest.fixture(scope="module")
def base_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("base")
    build(BuildOptions(BASE, out, formats=("pdf",), editions=("public",)))
    return out / "report.pdf"


@pytest.mark.pdf
def test_verify_accepts_an_untouched_pdf(base_pdf: Path) -> None:
    verdict = verify(base_pdf, BASE)
    assert verdict.status == "match", verdict.reasons
    assert "a rebuild from the inputs is byte-identical" in verdict.checks


@pytest.mark.pdf
def test_verify_rejects_a_swapped_attachment(base_pdf: Path, tmp_path: Path) -> None:
    reader = PdfReader(str(base_pdf))
    writer = PdfWriter(clone_from=reader)
    data = json.loads(reader.attachments["reportgen-data.json"][0])
    data["decisions"][0]["title"] = "Something else entirely"
    # Replace the embedded file's stream in place.
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    for i in range(0, len(names), 2):
        if names[i] == "reportgen-data.json":
            stream = names[i + 1].get_object()["/EF"]["/F"].get_object()
            stream.set_data(json.dumps(data).encode())
    tampered = tmp_path / "swapped.pdf"
    with tampered.open("wb") as handle:
        writer.write(handle)
    verdict = verify(tampered, BASE)
    assert verdict.status == "mismatch"
    assert "the embedded data does not match the hash in its build record" in verdict.reasons[0]


@pytest.mark.pdf
def test_verify_rejects_edited_text(base_pdf: Path, tmp_path: Path) -> None:
    reader = PdfReader(str(base_pdf))
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[2]
    content = page.get_contents()
    assert content is not None
    edited = StreamObject()
    edited.set_data(content.get_data() + b"\nBT /F1 12 Tf 72 72 Td (edited) Tj ET\n")
    page[NameObject("/Contents")] = writer._add_object(edited)
    tampered = tmp_path / "edited.pdf"
    with tampered.open("wb") as handle:
        writer.write(handle)
    verdict = verify(tampered, BASE)
    assert verdict.status == "mismatch"
    assert any("rebuild from these inputs gives different bytes" in r for r in verdict.reasons)


@pytest.mark.pdf
def test_verify_names_changed_inputs(base_pdf: Path, tmp_path: Path) -> None:
    inputs = copy_base(tmp_path / "inputs")
    path = inputs / "models.yaml"
    path.write_text(path.read_text() + "\n# a comment added after publication\n")
    verdict = verify(base_pdf, inputs)
    assert verdict.status == "mismatch"
    assert verdict.reasons == ["input files changed since the build: models.yaml"]


def test_redline_document_in_html(tmp_path: Path) -> None:
    html = tmp_path / "changes.html"
    assert invoke("diff", OLD, NEW, "--format", "html", "-o", html).exit_code == 1
    text = html.read_text(encoding="utf-8")
    assert "<del>50</del>" in text and "<ins>40</ins>" in text and "<del>50%</del> <ins>40%</ins>" in text
    assert "RL-AUTO-REPL" in text and "Unexplained: no new history entry of kind weakened gives a reason" in text
    # the memo header: both sides, their SHA-256, the comparison date and tool, and the --fail-on verdict
    assert '<h1 id="diff-title">Changes between two versions of the report</h1>' in text
    assert "Verdict: <strong>fails --fail-on any: 2 red lines weakened, 1 weakening unexplained</strong>" in text
    assert "Decision D-2026-014, 28 May 2026: carried, 7 for, 1 against, 1 abstaining; 1 dissent." in text
    # a field reads in words, with its exact path beneath for the auditor who goes back to the inputs
    assert 'Early warning › Value<code class="diff-path">early_warning.value</code>' in text


@pytest.mark.pdf
def test_redline_document_in_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "changes.pdf"
    assert invoke("diff", OLD, NEW, "--format", "pdf", "-o", pdf).exit_code == 1
    extracted = pdftotext(pdf)
    assert "Changes between two versions of the report" in extracted and "RL-AUTO-REPL" in extracted


def test_fields_read_in_words() -> None:
    from reportgen.diff.view import path_label

    assert path_label("verified_by") == "Verified by"
    assert path_label("review.last_reviewed") == "Review › Last reviewed"
    assert path_label("tiers[Tier 1, Verified defenders].models") == "Tier 1, Verified defenders › Models"
    assert path_label("history[2026-03-14 weakened].note") == "History entry of 14 March 2026 (weakened) › Note"
    assert path_label("tlp") == "TLP"


def test_a_single_input_file_is_a_side_of_its_own(tmp_path: Path) -> None:
    from reportgen.core.limits import Limits
    from reportgen.inputs.sources import load_inputs

    whole = tmp_path / "report.json"
    whole.write_text(json.dumps(load_inputs(BASE, Limits()).data), encoding="utf-8")
    result = invoke("diff", BASE, whole)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "No differences." in result.stdout


def test_the_report_chapter_leaves_out_paths_and_edition_against_edition_counts(example_diff) -> None:  # type: ignore[no-untyped-def]
    """Both sides of a report's own "Changes" chapter are the same edition: counts of what one edition
    withholds against another would always read 0, and field paths are for the auditor's document."""
    from reportgen.diff.document import changes_chapter, render_diff_html
    from reportgen.diff.view import build_diff_view
    from reportgen.render.theme import Theme

    theme = Theme.with_overrides(None)
    chapter = str(changes_chapter(example_diff, theme))
    auditors = render_diff_html(build_diff_view(example_diff), theme)
    assert "withheld in this edition" not in chapter and "withheld in this edition" in auditors
    assert 'class="diff-path"' not in chapter and 'class="diff-path"' in auditors
    assert "red lines weakened" in chapter and "Early warning › Value" in chapter
    # a deletion and the insertion after it read apart, in the page and in the PDF's text layer
    assert "<del>eight</del> <ins>ten</ins> meetings" in chapter and "</del><ins>" not in chapter


def test_the_public_changes_chapter_says_newly_withheld_for_a_red_line_it_withholds(tmp_path: Path) -> None:
    lines = copy_example(tmp_path) / "red-lines.yaml"
    text = lines.read_text(encoding="utf-8")
    anchor = "  - id: RL-SANDBAG\n"
    lines.write_text(text.replace(anchor, anchor + "    audience: regulator\n    withheld_reason: Under review\n", 1))
    build(BuildOptions(tmp_path / "asab-2026", tmp_path / "out", formats=("html",), editions=("public",)))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    chapter = html[html.index('id="changes"') :]
    assert "Removed without being retired" not in chapter
    assert re.search(r"<strong>1</strong> newly withheld", chapter)
