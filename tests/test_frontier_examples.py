"""The frontier example: a fictional board over the real OpenAI, Anthropic and Google DeepMind frameworks.

``inputs/frontier-2024`` and ``inputs/frontier-2025`` encode the published frameworks and their real 2024-2025
changes (each threshold citing its source); the board, its people and its decisions are fictional. The diff
of the two years is a golden file, reviewed line by line against the frameworks' own change logs.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.checks.validate import check_report
from reportgen.core.limits import DEFAULT_LIMITS
from reportgen.diff.compare import compare
from reportgen.diff.engine import NOT_RETIRED, ItemChange, ReportDiff
from reportgen.diff.output import render_text

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = "inputs/frontier-2024", "inputs/frontier-2025"
GOLDEN = ROOT / "tests" / "golden" / "frontier-2024-2025.txt"
UPDATE = os.environ.get("REPORTGEN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def frontier_diff() -> ReportDiff:
    """The diff of the two years, compared by their paths relative to the repository (as the golden file
    names them)."""
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        return compare(Path(OLD), Path(NEW), DEFAULT_LIMITS)
    finally:
        os.chdir(here)


def red_line_changes(diff: ReportDiff) -> dict[tuple[str, str], ItemChange]:
    """Each changed red line by (earlier id, id): a line merged from two earlier ones is listed once for each."""
    section = next(s for s in diff.sections if s.section == "red_lines")
    return {(c.renamed_from or c.id, c.id): c for c in section.changed}


def rules(change: ItemChange) -> set[str]:
    return {hit.rule for hit in change.rules}


@pytest.mark.parametrize("folder", [OLD, NEW])
def test_the_frontier_examples_validate_with_no_findings(folder: str) -> None:
    report, _, findings = check_report(ROOT / folder)
    assert report is not None
    assert [f"{f.file}:{f.line}:{f.col}: {f.message}" for f in findings] == []


def test_text_diff_of_the_two_frontier_years(frontier_diff: ReportDiff) -> None:
    text = render_text(frontier_diff) + "\n"
    if UPDATE:
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), f"{GOLDEN.name} differs (REPORTGEN_UPDATE_GOLDEN=1 to accept)"


def test_biological_and_chemical_is_split_from_cbrn_and_weakened(frontier_diff: ReportDiff) -> None:
    lines = red_line_changes(frontier_diff)
    bio = lines[("OAI-PF1-CBRN-HIGH", "OAI-PF2-BIO-HIGH")]
    assert bio.lineage == "split from"
    assert bio.classification == "weakened" and not bio.unexplained and not bio.mislabelled
    # the Beta's expert novel-threat condition left High, the scope narrowed, and the marginal-risk clause
    assert {"criterion_any_of_condition_removed", "category_changed", "response_conditional"} <= rules(bio)
    assert [e["change"] for e in bio.explanations] == ["weakened"]
    assert bio.explanations[0]["decision"] == "D-2025-005"
    # nuclear and radiological: the same Beta line's other successor, now a research category
    nucrad = lines[("OAI-PF1-CBRN-HIGH", "OAI-PF2-NUCRAD")]
    assert nucrad.lineage == "split from"
    assert nucrad.classification == "weakened" and not nucrad.unexplained
    assert "moved_to_research" in rules(nucrad)
    critical = lines[("OAI-PF1-CBRN-CRITICAL", "OAI-PF2-BIO-CRITICAL")]
    assert critical.classification == "weakened" and not critical.unexplained


def test_model_autonomy_is_split_into_self_improvement_and_research(frontier_diff: ReportDiff) -> None:
    lines = red_line_changes(frontier_diff)
    high = lines[("OAI-PF1-AUTO-HIGH", "OAI-PF2-SELFIMP-HIGH")]
    assert high.lineage == "split from" and high.classification == "weakened" and not high.unexplained
    critical = lines[("OAI-PF1-AUTO-CRITICAL", "OAI-PF2-SELFIMP-CRITICAL")]
    assert critical.lineage == "split from" and critical.classification == "mixed" and not critical.unexplained
    ara = lines[("OAI-PF1-AUTO-CRITICAL", "OAI-PF2-ARA")]
    assert ara.lineage == "split from" and ara.classification == "weakened" and "moved_to_research" in rules(ara)


def test_the_marginal_risk_clause_weakens_cybersecurity(frontier_diff: ReportDiff) -> None:
    lines = red_line_changes(frontier_diff)
    high = lines[("OAI-PF1-CYBER-HIGH", "OAI-PF2-CYBER-HIGH")]
    assert high.lineage == "replaces"
    # stricter internal-deployment safeguards, looser response: mixed, and explained
    assert high.classification == "mixed" and not high.unexplained
    assert {"safeguard_added", "response_conditional"} <= rules(high)
    critical = lines[("OAI-PF1-CYBER-CRITICAL", "OAI-PF2-CYBER-CRITICAL")]
    assert critical.classification == "weakened" and not critical.unexplained
    assert {h.rule for h in critical.rules if h.effect == "weakened"} == {"response_conditional"}


def test_dropped_levels_and_persuasion_are_retired_with_reasons(frontier_diff: ReportDiff) -> None:
    lines = red_line_changes(frontier_diff)
    retired = [
        "OAI-PF1-CYBER-MEDIUM",
        "OAI-PF1-CBRN-MEDIUM",
        "OAI-PF1-AUTO-MEDIUM",
        "OAI-PF1-PERS-MEDIUM",
        "OAI-PF1-PERS-HIGH",
        "OAI-PF1-PERS-CRITICAL",
        "GDM-AUTO-1",
        "GDM-CYBER-AUTO-1",
    ]
    for line_id in retired:
        change = lines[(line_id, line_id)]
        assert change.classification == "retired" and not change.unexplained, line_id
        assert change.explanations[-1]["change"] == "retired", line_id


def test_anthropic_lines_follow_their_predecessors(frontier_diff: ReportDiff) -> None:
    lines = red_line_changes(frontier_diff)
    cbrn = lines[("ANT-RSP20-CBRN", "ANT-CBRN-3")]
    assert cbrn.lineage == "replaces" and not cbrn.unexplained
    # version 2.2 narrowed the ASL-3 Security Standard: the narrower standard replaced the broader one, a
    # weakening (not a drop and an unrelated addition), explained by that entry
    assert cbrn.classification == "weakened"
    assert [(h.rule, h.detail) for h in cbrn.rules if h.rule.startswith("safeguard")] == [
        (
            "safeguard_narrowed",
            "SG-ANT-ASL3-SECURITY replaced by the narrower SG-ANT-ASL3-SECURITY-V22 (development)",
        )
    ]
    assert [(e["date"], e["change"]) for e in cbrn.explanations] == [
        ("2025-03-31", "clarified"),
        ("2025-05-14", "weakened"),
    ]
    for line_id in ("ANT-AIRD-4", "ANT-AIRD-5"):
        assert lines[("ANT-RSP20-AIRD", line_id)].lineage == "split from"
    checkpoint = lines[("ANT-RSP20-AUTO-CHECKPOINT", "ANT-AUTO-CHECKPOINT")]
    assert checkpoint.classification == "clarified" and checkpoint.lineage == "replaces"


def test_no_red_line_disappears_unexplained(frontier_diff: ReportDiff) -> None:
    section = next(s for s in frontier_diff.sections if s.section == "red_lines")
    # the only line gone without a successor was retired in the 2024 report itself
    assert [(r.id, r.flag) for r in section.removed] == [("ANT-RSP1-ASL3", "")]
    assert not any(r.flag == NOT_RETIRED for r in section.removed)
    added = {r.id for r in section.added}
    assert added == {
        "ANT-CBRN-4",
        "ANT-CYBER",
        "GDM-HM-1",
        "GDM-MISALIGN-IR-1",
        "GDM-MISALIGN-IR-2",
        "OAI-PF2-LRA",
        "OAI-PF2-SANDBAG",
        "OAI-PF2-UNDERMINE",
    }


@pytest.mark.parametrize("folder", [OLD, NEW])
def test_every_red_line_cites_its_source(folder: str) -> None:
    report, _, _ = check_report(ROOT / folder)
    assert report is not None
    lines = report.red_lines if isinstance(report.red_lines, list) else []
    assert lines
    missing = [line.id for line in lines if not (line.source or "").startswith("https://")]
    assert missing == []


def test_the_cover_prints_the_reports_own_notice(tmp_path: Path) -> None:
    build(BuildOptions(root=ROOT / NEW, out_dir=tmp_path, formats=("html",), editions=("public",)))
    page = html.unescape((tmp_path / "report.html").read_text(encoding="utf-8"))
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    report, _, _ = check_report(ROOT / NEW)
    assert report is not None and report.report.notice
    notice = " ".join(report.report.notice.split())
    assert notice in text
    assert "the safety frameworks, their thresholds" in notice.lower() and "are real" in notice
    assert "The organisations, people, models and results in this report are invented." not in text
