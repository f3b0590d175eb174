"""The auditor's redline in words: paragraph-level redlines, folded unchanged text, the report's labels for
codes and paths, what each side withholds, and the tagged PDF with its header block in the text layer."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from helpers import EXAMPLE, PREVIOUS, invoke, pdftotext

from reportgen.diff.paragraphs import paragraph_redline
from reportgen.diff.summary import SideFacts, withheld_line
from reportgen.diff.values import compare_values
from reportgen.diff.wording import path_words, value_words

LONG = " ".join(f"word{i}" for i in range(60))  # an unchanged paragraph long enough to fold


def test_a_long_rewritten_text_is_a_paragraph_level_redline() -> None:
    old = f"First paragraph says eight things.\n\n{LONG}\n\nA paragraph the new text drops entirely, sadly."
    new = (
        f"First paragraph says ten things.\n\n{LONG}\n\n"
        "Something else altogether, written afresh for the later year only."
    )
    shown = paragraph_redline(old, new)
    assert shown is not None
    assert [p.kind for p in shown] == ["edited", "folded", "rewritten"]
    assert shown[0].runs == (
        ("equal", "First paragraph says "),
        ("delete", "eight"),
        ("insert", "ten"),
        ("equal", " things."),
    )
    assert (shown[1].text, shown[1].words_total) == (" ".join(f"word{i}" for i in range(10)), 60)
    assert shown[2].old.startswith("A paragraph the new text drops") and shown[2].new.startswith("Something else")


def test_paragraphs_added_and_removed_keep_their_place() -> None:
    shown = paragraph_redline("One.\n\nTwo two two.", "One.\n\nTwo two two.\n\nThree, new.")
    assert shown is not None
    assert [(p.kind, p.text) for p in shown] == [
        ("unchanged", "One."),
        ("unchanged", "Two two two."),
        ("added", "Three, new."),
    ]


def test_the_text_view_folds_unchanged_paragraphs_and_sets_rewrites_before_and_after() -> None:
    [change] = compare_values(
        {"notes": f"Kept short.\n\n{LONG}\n\nOld ending here."},
        {"notes": f"Kept short.\n\n{LONG}\n\nBrand new closing words."},
    )
    from reportgen.diff.output import _field_lines

    assert _field_lines(change, False, "red_lines", {}) == [
        "Notes, paragraph by paragraph:",
        "    (unchanged) Kept short.",
        "    (unchanged) word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 …",
        "    before: Old ending here.",
        "    after:  Brand new closing words.",
    ]


def test_the_html_redline_renders_markdown_with_its_marks_and_keeps_paragraphs() -> None:
    [change] = compare_values(
        {"description": "We **lowered** the line to 50%.\n\nSecond."},
        {"description": "We **lowered** the line to 40%.\n\nSecond."},
    )
    from reportgen.diff.view import _field

    shown = _field(change, "red_lines", {})
    assert shown.layout == "paragraphs"
    assert [str(p.html) for p in shown.paragraphs] == [
        "<p>We <strong>lowered</strong> the line to <del>50%.</del> <ins>40%.</ins></p>\n",
        "<p>Second.</p>\n",
    ]


def test_codes_and_paths_read_in_the_reports_words() -> None:
    assert path_words("history[2026-01-22 clarified]") == "History entry of 22 January 2026 (clarified)"
    assert path_words("decisions[D-2026-014].vote.in_favour") == "Decision D-2026-014 › Vote › In favour"
    assert path_words("criterion.value") == "Red line › Value"
    assert path_words("tiers[Tier 1, Verified defenders].models") == "Tier 1, Verified defenders › Models"
    assert value_words("models", "status", "limited_release") == "Limited release"
    assert value_words("red_lines", "kind", "research_category") == "Research category"
    assert value_words("red_lines", "response.actions", ["halt_deployment"]) == ["Halt deployment"]
    assert value_words("red_lines", "category", "ASAB-BIO") == "ASAB-BIO"  # an id stays an id


def test_the_example_redline_says_its_codes_in_words() -> None:
    result = invoke("diff", PREVIOUS, EXAMPLE)
    assert result.exit_code == 1
    assert "      Status: Limited release → Withdrawn" in result.stdout
    assert "      Kind: Capability threshold → Research category" in result.stdout
    assert "limited_release" not in result.stdout and "history[" not in result.stdout
    # ids in values by the names of what they refer to (the JSON keeps the ids)
    assert "Tier 1, Verified defenders › Models: removed Atlas-3; added Atlas-3.5" in result.stdout
    assert "      Framework: (none) → ASAB Red-Line Framework, version 2.0" in result.stdout
    assert "      Category: (none) → Biological and chemical (ASAB-BIO)" in result.stdout
    assert "Checklists: added Frontier AI Safety Commitments, General-Purpose AI Code of Practice" in result.stdout
    data = json.loads(invoke("diff", PREVIOUS, EXAMPLE, "--format", "json").stdout)
    assert {
        "path": "report.checklists",
        "old": [],
        "new": ["seoul-2024", "eu-gpai-cop-ss-2025"],
        "words": None,
    } in data["report_fields"]
    # the legend, once, at the top
    lines = result.stdout.splitlines()
    assert lines[3].startswith("(in changed text, [-old words-] were removed and {+new words+} added")
    assert sum("[-old words-]" in line for line in lines) == 1


def test_withheld_counts_are_said_by_side() -> None:
    new = SideFacts("b26/report.pdf", "0" * 64, "file", "public", withheld_items=5, withheld_details=3)
    old = SideFacts("b25/report-internal.pdf", "1" * 64, "file", "internal", withheld_items=0, withheld_details=0)
    assert withheld_line(old, new) == (
        "b26/report.pdf (public edition) withholds 5 items, 3 details; "
        "b25/report-internal.pdf (internal edition) withheld 0 items, 0 details"
    )


@pytest.mark.pdf
def test_the_example_pdfs_withheld_counts_per_side(built_example: Path, built_previous_example: Path) -> None:
    old, new = built_previous_example / "report-internal.pdf", built_example / "report.pdf"
    text = invoke("diff", old, new).stdout.splitlines()
    assert (
        text[2]
        == f"{new} (public edition) withholds 5 items, 3 details; {old} (internal edition) withheld 0 items, 0 details"
    )
    data = json.loads(invoke("diff", old, new, "--format", "json").stdout)
    assert (data["new"]["withheld_items"], data["new"]["withheld_details"]) == (5, 3)
    assert (data["old"]["withheld_items"], data["old"]["withheld_details"]) == (0, 0)


def test_the_memo_drops_the_edition_against_edition_badges(tmp_path: Path) -> None:
    html = tmp_path / "redline.html"
    invoke("diff", PREVIOUS, EXAMPLE, "--format", "html", "-o", html)
    text = html.read_text(encoding="utf-8")
    assert "withheld in this edition" not in text
    assert "<h1 " in text and text.index("<h1 ") < text.index("<h2>")
    assert '<th scope="col">Before</th><th scope="col">After</th>' in text
    # an inline word diff has no Before | After heading: it is one text, marked
    assert (
        '<div class="diff-words"><p>The model solves at least <del>30%</del> <ins>25%</ins> of the same tasks.</p>'
        in text
    )


@pytest.mark.pdf
def test_the_redline_pdf_is_tagged_and_reads_its_header_block(tmp_path: Path) -> None:
    from reportgen.core.version import __version__
    from reportgen.diff.summary import today

    pdf = tmp_path / "redline.pdf"
    assert invoke("diff", PREVIOUS, EXAMPLE, "--format", "pdf", "-o", pdf).exit_code == 1
    with pikepdf.open(pdf) as document:
        assert "/StructTreeRoot" in document.Root and document.Root.MarkInfo.Marked
        metadata = document.open_metadata()
        assert (metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance")) == ("3", "A")
        kinds = set()
        stack = [document.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Dictionary):
                kinds.add(str(node.get("/S", "")))
                kids = node.get("/K")
                stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        assert {"/H1", "/H2", "/Table"} <= kinds
    text = " ".join(pdftotext(pdf).split())
    data = json.loads(invoke("diff", PREVIOUS, EXAMPLE, "--format", "json").stdout)
    for side in ("old", "new"):  # a SHA-256 may break across lines in its cell
        assert data[side]["sha256"][:32] in text.replace(" ", "")
    from reportgen.diff.wording import day_words

    assert f"Compared on {day_words(today().isoformat())} by reportgen {__version__}" in text
    assert "Changes between two versions of the report" in text and "Red-line verdicts" in text
