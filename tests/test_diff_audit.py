"""What an auditor's review of ``reportgen diff`` found, each on edited copies of the example reports:
classifications, the exact text, JSON and HTML output, and the exit code of each ``--fail-on`` level."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = ROOT / "inputs" / "asab-2025", ROOT / "inputs" / "asab-2026"
BASE = Path(__file__).parent / "corpus" / "base"
LEVELS = ("unexplained", "weakening", "any")


def copy(tmp_path: Path, name: str = "edited", source: Path = NEW) -> Path:
    """A copy of the example report (with last year's beside it, as ``previous_report`` names it)."""
    if not (tmp_path / OLD.name).exists():
        shutil.copytree(OLD, tmp_path / OLD.name)
    target = tmp_path / name
    shutil.copytree(source, target)
    return target


def edit(path: Path, old: str, new: str, *, after: str = "") -> None:
    """Replace the first ``old`` (after the first ``after``) in ``path``; the text must be there."""
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(cli, ["diff", *map(str, args)])


def diff_json(old: Path, new: Path) -> dict[str, Any]:
    result = run(old, new, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def exit_codes(old: Path, new: Path) -> dict[str, int]:
    return {level: run(old, new, "--fail-on", level).exit_code for level in LEVELS}


def changed_item(data: dict[str, Any], section: str, item_id: str) -> dict[str, Any]:
    [found] = [c for s in data["sections"] if s["section"] == section for c in s["changed"] if c["id"] == item_id]
    return found


def text_lines(old: Path, new: Path) -> list[str]:
    return str(run(old, new).stdout).splitlines()


# 1. One "weakened" history entry no longer excuses every weakening of its red line.


def test_one_weakened_entry_does_not_explain_three_weakenings(tmp_path: Path) -> None:
    new = copy(tmp_path)
    red_lines = new / "red-lines.yaml"
    edit(red_lines, "value: 95", "value: 99", after="id: RL-MANIP")
    edit(red_lines, "[SG-PERSUASION-POLICY, SG-MISUSE-MONITORING]", "[SG-PERSUASION-POLICY]", after="id: RL-MANIP")
    manip = changed_item(diff_json(OLD, new), "red_lines", "RL-MANIP")
    assert (manip["classification"], manip["unexplained"]) == ("weakened", True)
    assert manip["unexplained_reason"] == "3 weakenings, only 1 new history entry of kind weakened"
    weakenings = [r["rule"] for r in manip["rules"] if r["effect"] == "weakened"]
    assert weakenings == ["criterion_loosened", "early_warning_loosened", "safeguard_dropped"]
    assert (
        "  ~ RL-MANIP Harmful manipulation at scale: WEAKENED "
        "(UNEXPLAINED: 3 weakenings, only 1 new history entry of kind weakened)"
    ) in text_lines(OLD, new)
    assert exit_codes(OLD, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_one_weakened_entry_per_weakening_explains_them(tmp_path: Path) -> None:
    new = copy(tmp_path)
    red_lines = new / "red-lines.yaml"
    edit(red_lines, "value: 95", "value: 99", after="id: RL-MANIP")
    entry = (
        "      - date: 2026-06-{day}\n        change: weakened\n        summary: {summary}\n"
        "        reason: The panel was recalibrated.\n        decision: D-2026-014\n"
    )
    edit(
        red_lines,
        "    notes: |\n",
        entry.format(day="02", summary="Raised to the 99th.") + "    notes: |\n",
        after="id: RL-MANIP",
    )
    manip = changed_item(diff_json(OLD, new), "red_lines", "RL-MANIP")
    assert (manip["classification"], manip["unexplained"], manip["unexplained_reason"]) == ("weakened", False, "")
    # RL-AUTO-REPL stays unexplained, as in the example reports
    assert exit_codes(OLD, new)["unexplained"] == 1


# 2. A respelled unit or metric, or a reversed comparison, cannot hide a loosening.


@pytest.mark.parametrize(
    ("edits", "rules"),
    [
        ([('unit: "%"', 'unit: "percent"'), ("value: 40", "value: 60")], ["criterion_loosened"]),
        (
            [
                ("cyber-range tasks solved end to end", "cyber range tasks solved end-to-end"),
                ("value: 40", "value: 60"),
            ],
            ["criterion_loosened"],
        ),
        ([('comparison: ">="', 'comparison: "<="')], ["criterion_reversed"]),
        (
            [("metric: share of professional-level", "metric: number of"), ("value: 40", "value: 12")],
            ["criterion_redefined"],
        ),
    ],
)
def test_a_respelled_or_reversed_criterion_fails_on_weakening(
    tmp_path: Path, edits: list[tuple[str, str]], rules: list[str]
) -> None:
    new = copy(tmp_path)
    for old_text, new_text in edits:
        edit(new / "red-lines.yaml", old_text, new_text, after="id: RL-CYBER-HIGH")
    cyber = changed_item(diff_json(NEW, new), "red_lines", "RL-CYBER-HIGH")
    assert cyber["classification"] == "weakened"
    assert [r["rule"] for r in cyber["rules"] if r["effect"] == "weakened"] == rules
    assert cyber["unexplained"] is True
    assert exit_codes(NEW, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_the_text_says_why_a_reversed_comparison_is_weaker(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", 'comparison: ">="', 'comparison: "<="', after="id: RL-CYBER-HIGH")
    lines = text_lines(NEW, new)
    head = lines.index(
        "  ~ RL-CYBER-HIGH Autonomous professional-level cyber operations: WEAKENED "
        "(UNEXPLAINED: no history entry gives a reason)"
    )
    assert lines[head + 1] == (
        "      rule criterion_reversed: the criterion comparison changed direction (>= to <=): "
        "cannot be shown to be no weaker (weakened)"
    )


# 3. The --fail-on levels nest: unexplained ⊆ weakening ⊆ any.


def test_a_red_line_renamed_and_loosened_fails_on_weakening(tmp_path: Path) -> None:
    new = copy(tmp_path)
    for path in [new / "red-lines.yaml", new / "evaluations.yaml", *sorted((new / "decisions").glob("*.yaml"))]:
        path.write_text(path.read_text(encoding="utf-8").replace("RL-MANIP", "RL-PERSUADE"), encoding="utf-8")
    edit(new / "red-lines.yaml", "value: 95", "value: 99", after="id: RL-PERSUADE")
    data = diff_json(NEW, new)
    assert (data["summary"]["weakened"], data["summary"]["unexplained"]) == (1, 1)
    [red_lines] = [s for s in data["sections"] if s["section"] == "red_lines"]
    assert [(r["id"], r["flag"]) for r in red_lines["removed"]] == [("RL-MANIP", "removed without being retired")]
    assert exit_codes(NEW, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_a_vanished_decision_fails_every_level(tmp_path: Path) -> None:
    new = copy(tmp_path)
    (new / "decisions" / "D-2026-019.yaml").unlink()
    assert "1 removed, 1 unexplained, 1 vanished decision" in text_lines(NEW, new)
    assert exit_codes(NEW, new) == {"unexplained": 1, "weakening": 1, "any": 1}


def test_a_newly_withheld_decision_is_a_weakening_with_a_reason(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(
        new / "decisions" / "D-2026-019.yaml",
        "    date:",
        "    audience: internal\n    withheld_reason: Legal advice\n    date:",
    )
    assert diff_json(NEW, new)["summary"]["newly_withheld"] == 1
    assert exit_codes(NEW, new) == {"unexplained": 0, "weakening": 1, "any": 1}


def test_a_clarification_fails_only_on_any(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", "restricted, additional enforcement", "restricted, further enforcement")
    assert exit_codes(NEW, new) == {"unexplained": 0, "weakening": 0, "any": 1}
    assert exit_codes(NEW, NEW) == {"unexplained": 0, "weakening": 0, "any": 0}


# 4. A decision withheld in the new public edition is newly withheld, not vanished, between built editions too.


@pytest.fixture(scope="module")
def public_editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    """The public editions (PDF and HTML) of a draft with a third decision D-3, of a final version in which
    D-2 became internal, and of one from which D-3 was deleted; and the final version's inputs. (The
    small test report: a PDF of the example report takes too long to build.)"""
    from reportgen.build.orchestrator import BuildOptions, build

    tmp = tmp_path_factory.mktemp("editions")
    draft, final, deleted = (copy(tmp, name, source=BASE) for name in ("draft", "final", "deleted"))
    third = (BASE / "decisions" / "D-1.yaml").read_text(encoding="utf-8").replace("id: D-1", "id: D-3")
    for source in (draft, final):
        (source / "decisions" / "D-3.yaml").write_text(third, encoding="utf-8")
    withheld = "    audience: internal\n    withheld_reason: Commercial\n    date:"
    edit(final / "decisions" / "D-2.yaml", "    date:", withheld)
    for source in (draft, final, deleted):
        formats = ("html",) if source == deleted else ("pdf", "html")
        build(BuildOptions(source, tmp / "out" / source.name, formats=formats, editions=("public",)))
    return tmp / "out" / "draft", tmp / "out" / "final", tmp / "out" / "deleted", final


@pytest.mark.parametrize("name", ["report.pdf", "report.html"])
def test_a_decision_withheld_in_a_built_edition_is_newly_withheld(
    public_editions: tuple[Path, Path, Path, Path], name: str
) -> None:
    draft, final, _, _ = public_editions
    data = diff_json(draft / name, final / name)
    [decisions] = [s for s in data["sections"] if s["section"] == "decisions"]
    assert [(r["id"], r["flag"]) for r in decisions["removed"]] == [("D-2", "newly withheld")]
    assert (data["summary"]["newly_withheld"], data["summary"]["vanished_decisions"]) == (1, 0)
    lines = text_lines(draft / name, final / name)
    assert lines[2] == "1 removed, 1 newly withheld"
    assert "  - D-2 Deployment of Atlas-3 approved with conditions  [NEWLY WITHHELD]" in lines
    assert exit_codes(draft / name, final / name) == {"unexplained": 0, "weakening": 1, "any": 1}


def test_the_folders_and_the_editions_agree_on_what_is_newly_withheld(
    public_editions: tuple[Path, Path, Path, Path],
) -> None:
    draft, final, _, final_inputs = public_editions
    from_folders = diff_json(final_inputs.parent / "draft", final_inputs)["summary"]
    from_pdfs = diff_json(draft / "report.pdf", final / "report.pdf")["summary"]
    assert from_folders["newly_withheld"] == from_pdfs["newly_withheld"] == 1
    assert from_folders["vanished_decisions"] == from_pdfs["vanished_decisions"] == 0


def test_a_decision_deleted_from_a_built_edition_still_vanishes(public_editions: tuple[Path, Path, Path, Path]) -> None:
    """Deleted, not withheld: the later edition has no new placeholder for it."""
    draft, _, deleted, _ = public_editions
    data = diff_json(draft / "report.html", deleted / "report.html")
    [decisions] = [s for s in data["sections"] if s["section"] == "decisions"]
    assert [(r["id"], r["flag"]) for r in decisions["removed"]] == [("D-3", "vanished")]
    assert exit_codes(draft / "report.html", deleted / "report.html")["unexplained"] == 1


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
    new = copy(tmp_path)
    edit(
        new / "decisions" / "D-2026-004.yaml",
        "    date:",
        "    field_audience:\n      conditions: {audience: regulator, reason: Commercial terms}\n    date:",
    )
    lines = text_lines(NEW, new)
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
    assert run(NEW, new, "--format", "html", "-o", html).exit_code == 1
    page = html.read_text(encoding="utf-8")
    assert re.search(r"Deployment of Atlas-3.5 approved with conditions: conditions.*?Newly withheld", page, re.S)
    assert "<strong>1</strong> detail newly withheld" in page
    assert exit_codes(NEW, new) == {"unexplained": 0, "weakening": 1, "any": 1}


# 6. The text view never cuts away changed words.


def test_long_changes_keep_every_changed_word(tmp_path: Path) -> None:
    text = "\n".join(text_lines(OLD, NEW))
    assert "measured the model at the 76th percentile. Under the early-warning threshold" in text
    assert "became markedly more capable in the two domains we watch most closely, cybersecurity and biology" in text
    assert "..." not in text
    # unchanged text between changes is shortened to the words beside them
    assert "  ~ report.methodology: … report from the signed minutes of\nthe Board's [-eight-]{+ten+} meetings" in text


# 7. Output details.


def test_counts_of_one_read_in_the_singular(tmp_path: Path) -> None:
    new = copy(tmp_path)
    (new / "decisions" / "D-2026-019.yaml").unlink()
    edit(new / "red-lines.yaml", "value: 40", "value: 60", after="id: RL-CYBER-HIGH")
    assert text_lines(NEW, new)[2] == "1 removed, 1 changed, 1 weakened, 2 unexplained, 1 vanished decision"
    html = tmp_path / "diff.html"
    run(NEW, new, "--format", "html", "-o", html)
    page = html.read_text(encoding="utf-8")
    for label in ("1</strong> red line weakened", "1</strong> decision vanished", "2</strong> weakenings unexplained"):
        assert label in page


def test_an_emptied_list_is_an_empty_list_in_json(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", "[SG-PERSUASION-POLICY, SG-MISUSE-MONITORING]", "[]", after="id: RL-MANIP")
    [field] = [f for f in changed_item(diff_json(NEW, new), "red_lines", "RL-MANIP")["fields"]]
    assert field == {
        "path": "required_safeguards",
        "old": ["SG-PERSUASION-POLICY", "SG-MISUSE-MONITORING"],
        "new": [],
        "words": None,
    }
    assert "      required_safeguards: removed SG-PERSUASION-POLICY, SG-MISUSE-MONITORING" in text_lines(NEW, new)


def test_summarised_sections_are_counted_not_listed() -> None:
    data = diff_json(OLD, NEW)
    [decisions] = [s for s in data["sections"] if s["section"] == "decisions"]
    assert decisions == {
        "section": "decisions",
        "summarised": True,
        "old_count": 16,
        "new_count": 32,
        "added": [],
        "removed": [],
        "changed": [],
        "withheld_fields": [],
    }
    assert data["summary"]["added"] == sum(len(s["added"]) for s in data["sections"])


def test_items_without_a_title_are_named_once(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "evaluations.yaml", "mitigations_on: false", "mitigations_on: true", after="id: E-2026-01")
    lines = text_lines(NEW, new)
    assert "  ~ E-2026-01 Atlas-3.5 by Meridian AI Frontier Evaluations team" in lines
    assert not any(re.search(r"(E-2026-\d+) \1", line) for line in lines)


# 8. Invalid inputs exit 2: the versions could not be compared.


def test_an_invalid_side_exits_2_with_its_findings_on_stderr(tmp_path: Path) -> None:
    new = copy(tmp_path)
    edit(new / "red-lines.yaml", "tier: 3", "tier: three")
    result = run(NEW, new)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{new}/red-lines.yaml:" in result.stderr
    assert "red_lines[0].tier: expected a whole number, got the text 'three'" in result.stderr
    assert f"error: could not compare: {new} is not a valid report" in result.stderr
    as_json = run(NEW, new, "--format", "json", "--fail-on", "unexplained")
    assert as_json.exit_code == 2
    # with --format json, a pipeline reading stdout learns why there is no diff
    payload = json.loads(as_json.stdout)
    assert (payload["compared"], payload["invalid"][0]["source"]) == (False, str(new))
    assert payload["invalid"][0]["findings"][0]["path"] == "red_lines[0].tier"
