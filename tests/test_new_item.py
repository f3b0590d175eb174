"""``reportgen new decision|red-line|incident FOLDER``: a commented skeleton with the next free id, where
the folder keeps such items; it reads as YAML, ``validate`` lists exactly the fields left to fill in, and
once they are filled in the report is valid. Never an existing file overwritten.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.authoring.skeleton import next_id
from reportgen.cli.main import cli
from reportgen.core.limits import DEFAULT_LIMITS
from reportgen.inputs.parsing import read_data

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "corpus" / "base"
SCHEMA_LINE = "# yaml-language-server: $schema=.reportgen/reportgen-input.schema.json"
EMPTY = "got nothing (an empty value)"

# What a secretary writes into each empty field, by field name.
FILLS = {
    "date": "2026-07-01", "detected": "2026-07-01", "title": "Policy reviewed", "kind": "governance",
    "rationale": "Annual review.", "domain": "other", "tier": "2", "tier_label": "Medium",
    "capability": "Something new.", "harm": "Some harm.", "description": "In plain words.",
    "actions": "[halt_deployment]", "decided_by": "the Board", "interval_months": "12", "summary": "First version.",
    "reason": "Adopted.", "severity": "low",
}  # fmt: skip


def run(*args: str | Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stderr.splitlines(), result.stdout


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BASE, tmp_path / "report"))


def fill(path: Path, after: str, but: tuple[str, ...] = ()) -> None:
    """Write a value into every empty field of the item that starts at ``after`` (but those named)."""
    text = path.read_text(encoding="utf-8")
    at = text.index(after)
    filled = re.sub(
        r"^(\s*(?:- )?)(\w+):$",
        lambda m: (
            f"{m.group(1)}{m.group(2)}: {FILLS[m.group(2)]}" if m.group(2) in set(FILLS) - set(but) else m.group(0)
        ),
        text[at:],
        flags=re.MULTILINE,
    )
    path.write_text(text[:at] + filled, encoding="utf-8")


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["D-2026-013", "D-2026-015", "D-2026-014"], "D-2026-016"),
        (["D-2025-040", "D-2026-001"], "D-2026-002"),  # the numbering the last id follows
        (["D-1", "D-2"], "D-3"),
        (["D-0009"], "D-0010"),
        (["D-9"], "D-10"),
        (["RL-CYBER", "RL-BIO"], "RL-1"),
        ([], "RL-1"),
        (["RL-1", "RL-CYBER"], "RL-2"),
    ],
)
def test_the_next_id_continues_the_numbering(ids: list[str], expected: str) -> None:
    assert next_id(ids, "RL-" if not ids or ids[0].startswith("RL") else "D-") == expected


def test_a_new_decision_gets_its_own_file_and_validate_lists_what_to_fill_in(report: Path) -> None:
    code, lines, out = run("new", "decision", report)
    path = report / "decisions" / "D-3.yaml"
    assert (code, lines) == (0, [])
    assert (
        out
        == f"wrote {path}: a new decision; fill in date, title, kind, rationale, then: reportgen validate {report}\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../.reportgen/reportgen-input.schema.json\n"
        "# A new decision, D-3: fill in every field left empty (date, title, kind, rationale), uncomment the\n"
        "# optional ones you need, then run reportgen validate on the folder\n"
    )
    assert "  # Stable identifier, unique within its section; used in links and diffs. Required.\n  - id: D-3\n" in text
    assert "    # Dissenting statements. Optional.\n    # dissents:\n" in text  # init's style: optional ones commented
    document = read_data(text.encode("utf-8"), "D-3.yaml", False, DEFAULT_LIMITS)
    assert document == {"decisions": [{"id": "D-3", "date": None, "title": None, "kind": None, "rationale": None}]}
    code, lines, _ = run("validate", report)
    assert code == 1
    assert lines == [
        f"decisions/D-3.yaml:20:10: decisions[D-3].date: expected a date in the form YYYY-MM-DD, {EMPTY}",
        f"decisions/D-3.yaml:22:11: decisions[D-3].title: expected text, {EMPTY}",
        f"decisions/D-3.yaml:26:10: decisions[D-3].kind: expected one of: approve, approve_with_conditions, reject, "
        f"delay, halt, withdraw, amend_red_line, grant_exception, incident_response, third_party_evaluation, "
        f"information_sharing, governance, {EMPTY}",
        f"decisions/D-3.yaml:54:15: decisions[D-3].rationale: expected text, {EMPTY}",
        "invalid: 4 error(s), 0 warning(s)",
    ]
    fill(path, "- id: D-3")
    assert run("validate", report)[0] == 0
    assert run("new", "decision", report)[2].startswith(f"wrote {report / 'decisions' / 'D-4.yaml'}:")


def test_a_new_red_line_goes_at_the_end_of_the_file_holding_them(report: Path) -> None:
    path = report / "red-lines.yaml"
    before = path.read_text(encoding="utf-8")
    code, _, out = run("new", "red-line", report)
    assert code == 0
    assert out == (
        f"added RL-1 at the end of {path}: a new red line; fill in title, domain, tier, tier_label, capability, "
        "harm, criterion.description, response.actions, response.description, decided_by, review.interval_months, "
        f"history[0].date, history[0].summary, history[0].reason, then: reportgen validate {report}\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before)  # nothing above it changed
    added = text[len(before) :]
    assert added.startswith("  # A new red line, RL-1: fill in every field left empty (title, domain, tier,")
    assert "\n  - id: RL-1\n" in added and "\n      - date:\n        # " in added
    code, lines, _ = run("validate", report)
    assert code == 1 and len(lines) == 12  # the 11 fields the schema requires, and the summary
    assert all(re.match(r"red-lines\.yaml:\d+:\d+: red_lines\[RL-1\]\.", line) for line in lines[:-1])
    assert all(line.endswith(EMPTY) for line in lines[:-1])
    optional = ("tier", "tier_label", "decided_by")  # the schema lets them be empty; a threshold needs them
    fill(path, "- id: RL-1", but=optional)
    code, lines, _ = run("validate", report)
    research = "for a category that is monitored with no threshold yet, write kind: research_category"
    assert (code, [re.sub(r":\d+:\d+:", ":L:C:", line) for line in lines]) == (
        1,
        [
            f"red-lines.yaml:L:C: red_lines[RL-1].tier: a capability threshold needs a tier (1-5); {research}",
            f"red-lines.yaml:L:C: red_lines[RL-1].tier_label: a capability threshold needs a tier label; {research}",
            "red-lines.yaml:L:C: red_lines[RL-1].decided_by: a capability threshold needs who decides on the response "
            f"(decided_by); {research}",
            "invalid: 3 error(s), 0 warning(s)",
        ],
    )
    fill(path, "- id: RL-1")
    assert run("validate", report)[0] == 0


def test_a_first_incident_gets_a_folder_of_its_own(report: Path) -> None:
    code, _, out = run("new", "incident", report)
    path = report / "incidents" / "INC-1.yaml"
    assert code == 0 and out.startswith(f"wrote {path}: a new incident; fill in title, detected, severity, description")
    fill(path, "- id: INC-1")
    assert run("validate", report)[0] == 0


def test_new_never_overwrites_a_file(report: Path) -> None:
    (report / "decisions" / "D-3.yaml").write_text("# to be written\n", encoding="utf-8")
    code, lines, _ = run("new", "decision", report)
    assert (code, lines) == (
        2,
        [f"error: {report / 'decisions' / 'D-3.yaml'}: exists already; reportgen new never overwrites a file"],
    )
    assert (report / "decisions" / "D-3.yaml").read_text(encoding="utf-8") == "# to be written\n"


def test_a_section_that_says_none_this_year_is_named(report: Path) -> None:
    (report / "incidents.yaml").write_text('incidents:\n  none_this_year: "No incidents."\n', encoding="utf-8")
    code, lines, _ = run("new", "incident", report)
    assert (code, lines) == (
        2,
        [
            "error: incidents.yaml: says there were no incidents this year (none_this_year); remove that section "
            f"first, then run reportgen new incident {report} again"
        ],
    )


def test_in_an_init_folder_the_new_file_points_at_inits_schema(tmp_path: Path) -> None:
    folder = tmp_path / "2027"
    assert run("init", folder)[0] == 0
    assert run("new", "decision", folder)[0] == 0
    new, example = folder / "decisions" / "D-0002.yaml", folder / "decisions" / "D-0001.yaml"
    assert new.read_text().split("\n")[0] == example.read_text().split("\n")[0]


def test_the_readme_and_getting_started_name_the_schema_line_init_writes(tmp_path: Path) -> None:
    folder = tmp_path / "2027"
    assert run("init", folder)[0] == 0
    assert (folder / "report.yaml").read_text().split("\n")[0] == SCHEMA_LINE
    assert (folder / "decisions" / "D-0001.yaml").read_text().startswith(SCHEMA_LINE.replace("=", "=../"))
    for page in (ROOT / "README.md", ROOT / "docs" / "getting-started.md"):
        text = page.read_text(encoding="utf-8")
        assert f"`{SCHEMA_LINE}`" in text and "`../.reportgen/...` in `decisions/`" in text, page
