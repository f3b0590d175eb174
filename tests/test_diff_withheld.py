"""``reportgen diff`` and what an edition withholds: a redacted reference is no change, an item or a detail
newly withheld is flagged as such (between folders, between built editions, and between an edition and its
folder), never as vanished or removed, and the withheld counts are the new side's. Each asserts the exact
classification, rules, summary counts and text.

(Found by reviews of ``reportgen diff``: sections 1-3 were in ``test_diff_review.py``, 4 and 5 in
``test_diff_audit.py``.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    BASE,
    EXAMPLE,
    RED_LINE,
    RED_LINE_WINDOW,
    copy_example,
    diff_exit_codes,
    diff_json,
    diff_lines,
    edit,
    edited,
    invoke,
)

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.diff.engine import NEWLY_WITHHELD, NOT_RETIRED, PlaceholderKey, _item_change, diff_reports, list_edit
from reportgen.diff.output import render_text, summary_counts, summary_line
from reportgen.diff.redline_rules import classify_red_line, unmatched_references
from reportgen.diff.sides import load_side
from reportgen.schema import Report

NEW = EXAMPLE
WINDOW = RED_LINE_WINDOW


def line(**edits: Any) -> dict[str, Any]:
    return edited(RED_LINE, **edits)


def rules(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(h.rule, h.effect, h.detail) for h in classify_red_line(old, new, WINDOW).rules]


def build_public_html(folder: Path, out: Path) -> Path:
    result = invoke("build", folder, "-o", out, "--edition", "public", "--format", "html")
    assert result.exit_code == 0, result.output
    return out / "report.html"


# 1. A redacted reference is no change -------------------------------------------------------------------


def test_withheld_pairs_with_an_id_only_the_other_side_has() -> None:
    assert unmatched_references(["A", "B"], ["A", "withheld"]) == ([], [])
    assert unmatched_references(["A", "withheld"], ["A", "B"]) == ([], [])
    assert unmatched_references(["A", "B"], ["withheld", "withheld"]) == ([], [])
    # A "withheld" with no unmatched id on the other side is a reference added (or dropped).
    assert unmatched_references(["A"], ["A", "withheld"]) == ([], ["withheld"])
    assert unmatched_references(["A", "withheld"], ["A"]) == (["withheld"], [])
    # An id with no "withheld" to pair with is still dropped.
    assert unmatched_references(["A", "B", "C"], ["A", "withheld"]) == (["C"], [])


def test_a_redacted_safeguard_with_a_tightening_is_strengthened() -> None:
    new = line(required_safeguards=["SG-1", "withheld"], criterion__value=40)
    result = classify_red_line(RED_LINE, new, WINDOW)
    assert (result.classification, result.unexplained) == ("strengthened", False)
    assert rules(RED_LINE, new) == [("criterion_tightened", "strengthened", "the criterion moved from 50 to 40")]
    # The other way round: the earlier side is the edition.
    old = line(required_safeguards=["withheld", "SG-2"])
    assert classify_red_line(old, RED_LINE, WINDOW).classification == "commitment unchanged"


def test_a_withheld_reference_with_nothing_to_stand_for_is_still_a_change() -> None:
    assert rules(RED_LINE, line(required_safeguards=["SG-1", "SG-2", "withheld"])) == [
        ("safeguard_added", "strengthened", "required safeguard(s) added: withheld")
    ]
    assert rules(line(required_safeguards=["SG-1", "SG-2", "withheld"]), RED_LINE) == [
        ("safeguard_dropped", "weakened", "required safeguard(s) dropped: withheld")
    ]
    # Two ids, one "withheld": one of them was dropped, and which is unknown.
    assert rules(RED_LINE, line(required_safeguards=["withheld"])) == [
        ("safeguard_dropped", "weakened", "required safeguard(s) dropped: 1 of SG-1, SG-2 (1 withheld in this edition)")
    ]


def test_redacted_reference_lists_and_references_are_no_change() -> None:
    decision = {"id": "D-1", "meeting": "M-1", "red_lines": ["RL-1", "RL-2"], "models": ["M-A"]}
    edition = {"id": "D-1", "meeting": "withheld", "red_lines": ["withheld", "RL-2"], "models": ["withheld"]}
    assert _item_change("decisions", decision, edition, "", WINDOW) is None
    assert _item_change("decisions", edition, decision, "", WINDOW) is None
    grown = {**edition, "red_lines": ["withheld", "RL-2", "withheld"]}
    change = _item_change("decisions", decision, grown, "", WINDOW)
    assert change is not None
    [field] = change.fields
    assert (field.path, field.old, field.new) == ("red_lines", ["RL-1", "RL-2"], ["withheld", "RL-2", "withheld"])
    assert list_edit(field.old, field.new) == ([], ["withheld"])
    # A reference that was not there cannot have been redacted.
    no_meeting = _item_change("decisions", {**decision, "meeting": None}, edition, "", WINDOW)
    assert no_meeting is not None
    assert [(f.path, f.old, f.new) for f in no_meeting.fields] == [("meeting", None, "withheld")]


def test_results_of_a_withheld_red_line_pair_with_the_shown_ones() -> None:
    old = {"id": "E-1", "results": [{"red_line": "RL-1", "result": "below"}, {"red_line": "RL-2", "result": "below"}]}
    new = {**old, "results": [{"red_line": "withheld", "result": "below"}, {"red_line": "RL-2", "result": "below"}]}
    assert _item_change("evaluations", old, new, "", WINDOW) is None
    # Two withheld results (no longer one overwriting the other), each paired with the result it is closest to.
    old["results"][1]["result"] = "above"
    both = {
        **old,
        "results": [{"red_line": "withheld", "result": "above"}, {"red_line": "withheld", "result": "below"}],
    }
    assert _item_change("evaluations", old, both, "", WINDOW) is None
    extra = {**old, "results": [*both["results"], {"red_line": "withheld", "result": "below"}]}
    change = _item_change("evaluations", old, extra, "", WINDOW)
    assert change is not None
    assert [(f.path, f.old, f.new) for f in change.fields] == [
        ("results[withheld]", None, {"red_line": "withheld", "result": "below"})
    ]


def test_a_public_edition_against_its_folder_reports_the_tightening_only(tmp_path: Path) -> None:
    folder_a = copy_example(tmp_path, "A")
    edit(
        folder_a / "safeguards.yaml",
        "  - id: SG-INSIDER-CONTROLS\n",
        "  - id: SG-INSIDER-CONTROLS\n    audience: regulator\n",
    )
    folder_b = tmp_path / "B"
    shutil.copytree(folder_a, folder_b)
    edit(folder_b / "red-lines.yaml", "value: 15", "value: 10", after="id: RL-BIO-CRIT")
    html = build_public_html(folder_b, tmp_path / "outB")
    result = invoke("diff", folder_a, html, "--fail-on", "weakening")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2] == "6 removed, 1 changed, 6 withheld, 3 withheld details"
    at = lines.index("Red lines:")
    assert lines[at : at + 4] == [
        "Red lines:",
        "  ~ RL-BIO-CRIT Novel biological threat design: STRENGTHENED",
        "      Finding: the criterion moved from 15 to 10 (strengthened)",
        "      Red line › Value: 15 → 10",
    ]
    assert lines[at + 4] == "Evaluations:"
    assert "  - SG-INSIDER-CONTROLS Two-person rule and insider-risk programme  [WITHHELD IN THIS EDITION]" in lines
    # What the folders say, too.
    folders = invoke("diff", folder_a, folder_b).stdout.splitlines()
    assert folders[2] == "1 changed"
    at = folders.index("Red lines:")
    assert folders[at + 1] == "  ~ RL-BIO-CRIT Novel biological threat design: STRENGTHENED"


# 2. withheld_details counts what the new side withholds ----------------------------------------------------


def test_withheld_details_count_only_the_new_side(example_html: Path) -> None:
    html = example_html / "report.html"  # the example's public edition
    forward = invoke("diff", html, NEW, "--fail-on", "weakening")
    assert forward.exit_code == 0, forward.output
    assert forward.stdout.splitlines()[2] == "5 added"
    backward = invoke("diff", NEW, html).stdout.splitlines()
    assert backward[2] == "5 removed, 5 withheld, 3 withheld details"
    data = invoke("diff", html, NEW, "--format", "json").stdout
    assert '"withheld": 0,\n    "withheld_details": 0\n' in data


# 3. A red line the new edition withholds ---------------------------------------------------------------------


def _reports() -> tuple[Report, Report]:
    report = load_side(NEW).report
    without = report.model_copy(update={"red_lines": [r for r in report.red_lines if r.id != "RL-MANIP"]})
    return report, without


@pytest.mark.parametrize("day", [None, "2026-05-28"])
def test_a_red_line_behind_a_placeholder_is_newly_withheld(day: str | None) -> None:
    old, new = _reports()
    diff = diff_reports(old, new, "old", "new", old_withheld=(), new_withheld=[PlaceholderKey("red_lines", day)])
    [section] = [s for s in diff.sections if s.section == "red_lines"]
    assert [(r.id, r.flag) for r in section.removed] == [("RL-MANIP", NEWLY_WITHHELD)]
    counts = summary_counts(diff)
    assert (counts["removed"], counts["weakened"], counts["unexplained"], counts["newly_withheld"]) == (1, 0, 0, 1)
    assert summary_line(diff) == "1 removed, 1 newly withheld"
    assert "  - RL-MANIP Harmful manipulation at scale  [NEWLY WITHHELD]" in render_text(diff).splitlines()


def test_a_red_line_without_a_placeholder_was_removed_without_being_retired() -> None:
    old, new = _reports()
    diff = diff_reports(old, new, "old", "new", old_withheld=(), new_withheld=[PlaceholderKey("decisions", None)])
    [section] = [s for s in diff.sections if s.section == "red_lines"]
    assert [(r.id, r.flag) for r in section.removed] == [("RL-MANIP", NOT_RETIRED)]
    assert summary_line(diff) == "1 removed, 1 weakened, 1 unexplained"


# 4. A decision withheld in the new public edition is newly withheld, not vanished, between built editions too.


@pytest.fixture(scope="module")
def edition_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A draft with a third decision D-3, a final version in which D-2 became internal, and one from which
    D-3 was deleted. (The small test report: a PDF of the example report takes too long to build.)"""
    tmp = tmp_path_factory.mktemp("edition-inputs")
    draft, final, deleted = (copy_example(tmp, name, source=BASE) for name in ("draft", "final", "deleted"))
    third = (BASE / "decisions" / "D-1.yaml").read_text(encoding="utf-8").replace("id: D-1", "id: D-3")
    for source in (draft, final):
        (source / "decisions" / "D-3.yaml").write_text(third, encoding="utf-8")
    withheld = "    audience: internal\n    withheld_reason: Commercial\n    date:"
    edit(final / "decisions" / "D-2.yaml", "    date:", withheld)
    return draft, final, deleted


def _public_editions(inputs: tuple[Path, ...], out: Path, fmt: str) -> tuple[Path, ...]:
    for source in inputs:
        build(BuildOptions(source, out / source.name, formats=(fmt,), editions=("public",)))
    return tuple(out / source.name for source in inputs)


@pytest.fixture(scope="module")
def html_editions(
    edition_inputs: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ...]:
    """The public HTML editions of the draft, the final version and the one without D-3."""
    return _public_editions(edition_inputs, tmp_path_factory.mktemp("html-editions"), "html")


@pytest.fixture(scope="module")
def pdf_editions(edition_inputs: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    """The public PDF editions of the draft and of the final version."""
    return _public_editions(edition_inputs[:2], tmp_path_factory.mktemp("pdf-editions"), "pdf")


@pytest.mark.parametrize(
    ("name", "editions"),
    [pytest.param("report.pdf", "pdf_editions", marks=pytest.mark.pdf), ("report.html", "html_editions")],
)
def test_a_decision_withheld_in_a_built_edition_is_newly_withheld(
    request: pytest.FixtureRequest, name: str, editions: str
) -> None:
    draft, final, *_ = request.getfixturevalue(editions)
    data = diff_json(draft / name, final / name)
    [decisions] = [s for s in data["sections"] if s["section"] == "decisions"]
    assert [(r["id"], r["flag"]) for r in decisions["removed"]] == [("D-2", "newly withheld")]
    assert (data["summary"]["newly_withheld"], data["summary"]["vanished_decisions"]) == (1, 0)
    lines = diff_lines(draft / name, final / name)
    # a PDF's build record says what each side withholds (a line before the summary); an HTML edition's does not
    summary = lines[3] if "withholds" in lines[2] else lines[2]
    assert summary == "1 removed, 1 newly withheld"
    assert "  - D-2 Deployment of Atlas-3 approved with conditions  [NEWLY WITHHELD]" in lines
    assert diff_exit_codes(draft / name, final / name) == {"unexplained": 0, "weakening": 1, "any": 1}


@pytest.mark.pdf
def test_the_folders_and_the_editions_agree_on_what_is_newly_withheld(
    edition_inputs: tuple[Path, Path, Path], pdf_editions: tuple[Path, ...]
) -> None:
    draft, final = pdf_editions
    draft_inputs, final_inputs, _ = edition_inputs
    from_folders = diff_json(draft_inputs, final_inputs)["summary"]
    from_pdfs = diff_json(draft / "report.pdf", final / "report.pdf")["summary"]
    assert from_folders["newly_withheld"] == from_pdfs["newly_withheld"] == 1
    assert from_folders["vanished_decisions"] == from_pdfs["vanished_decisions"] == 0


def test_a_decision_deleted_from_a_built_edition_still_vanishes(html_editions: tuple[Path, ...]) -> None:
    """Deleted, not withheld: the later edition has no new placeholder for it."""
    draft, _, deleted = html_editions
    data = diff_json(draft / "report.html", deleted / "report.html")
    [decisions] = [s for s in data["sections"] if s["section"] == "decisions"]
    assert [(r["id"], r["flag"]) for r in decisions["removed"]] == [("D-3", "vanished")]
    assert diff_exit_codes(draft / "report.html", deleted / "report.html")["unexplained"] == 1


def test_the_placeholders_of_the_example_edition_are_read_from_its_register() -> None:
    from reportgen.diff.sides import html_placeholders

    page = """<article class="entry withheld-entry" id="withheld-1"><dl class="facts facts-inline">
      <div><dt>Kind</dt><dd>Information-sharing record</dd></div><div><dt>Date</dt><dd>23 October 2026</dd></div>
      <div><dt>Reason</dt><dd>Security detail</dd></div></dl></article>
      <article class="entry withheld-entry" id="withheld-2"><dl class="facts facts-inline">
      <div><dt>Detail</dt><dd>Rationale of a public decision</dd></div></dl></article>"""
    assert [(p.section, p.day) for p in html_placeholders(page)] == [("information_sharing", "2026-10-23")]


# 5. Adding a field_audience entry is flagged as newly withheld between input folders too.


def test_a_field_newly_withheld_in_the_inputs_is_flagged(tmp_path: Path) -> None:
    new = copy_example(tmp_path, "edited")
    edit(
        new / "decisions" / "D-2026-004.yaml",
        "    date:",
        "    field_audience:\n      conditions: {audience: regulator, reason: Commercial terms}\n    date:",
    )
    lines = diff_lines(NEW, new)
    assert lines[2] == "1 changed, 1 newly withheld detail"
    assert (
        "  - D-2026-004 Deployment of Atlas-3.5 approved with conditions: conditions  [NEWLY WITHHELD] (regulator only)"
    ) in lines
    data = diff_json(NEW, new)
    assert data["summary"]["newly_withheld_details"] == 1
    [decisions] = [s for s in data["sections"] if s["section"] == "decisions"]
    assert decisions["withheld_fields"] == [
        {
            "id": "D-2026-004",
            "title": "Deployment of Atlas-3.5 approved with conditions",
            "field": "conditions",
            "audience": "regulator",
            "flag": "newly withheld",
        }
    ]
    html = tmp_path / "diff.html"
    assert invoke("diff", NEW, new, "--format", "html", "-o", html).exit_code == 1
    page = html.read_text(encoding="utf-8")
    assert re.search(r"Deployment of Atlas-3.5 approved with conditions: conditions.*?Newly withheld", page, re.S)
    assert "<strong>1</strong> detail newly withheld" in page
    assert diff_exit_codes(NEW, new) == {"unexplained": 0, "weakening": 1, "any": 1}
