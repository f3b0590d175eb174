"""Checklists as data: the shipped checklists validate, cite the section of their source for every
requirement, ship in the wheel, and the file format is closed, described and documented."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
from pydantic import BaseModel

from reportgen.checks.checklist_files import ANSWERING_SECTIONS, ChecklistError, read_checklist, shipped_checklists
from reportgen.core.sections import LIST_SECTIONS
from reportgen.schema import Checklist, ChecklistRequirement

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "reportgen" / "schema" / "checklists"
SEOUL, EU = "seoul-2024", "eu-gpai-cop-ss-2025"


def test_two_checklists_ship_and_validate() -> None:
    found = shipped_checklists()
    assert sorted(found) == [EU, SEOUL]
    assert sorted(p.name for p in FOLDER.iterdir()) == [f"{EU}.yaml", f"{SEOUL}.yaml"]
    for path in FOLDER.iterdir():  # each file read on its own, as a board's own checklist would be
        assert read_checklist(path.read_bytes(), path.name).id == path.stem


def test_the_seoul_commitments_are_i_to_viii_under_their_outcomes() -> None:
    seoul = shipped_checklists()[SEOUL]
    assert [r.id for r in seoul.requirements] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    assert [r.group for r in seoul.requirements] == ["Outcome 1"] * 5 + ["Outcome 2"] + ["Outcome 3"] * 2
    assert str(seoul.published) == "2024-05-21" and seoul.url.startswith("https://www.gov.uk/")
    for requirement in seoul.requirements:
        assert requirement.source == f"{requirement.group}, commitment {requirement.id}"


def test_the_eu_chapter_has_one_requirement_per_measure_of_commitments_1_to_10() -> None:
    eu = shipped_checklists()[EU]
    per_commitment: dict[int, int] = {}
    for requirement in eu.requirements:
        match = re.fullmatch(r"M(\d+)\.(\d+)", requirement.id)
        assert match, requirement.id
        commitment = int(match.group(1))
        assert requirement.source == f"Commitment {commitment}, Measure {commitment}.{match.group(2)}"
        assert requirement.group and requirement.group.startswith(f"Commitment {commitment}: ")
        per_commitment[commitment] = per_commitment.get(commitment, 0) + 1
    assert per_commitment == {1: 4, 2: 2, 3: 5, 4: 2, 5: 1, 6: 2, 7: 7, 8: 3, 9: 4, 10: 2}
    assert str(eu.published) == "2025-07-10"


@pytest.mark.parametrize("checklist_id", [SEOUL, EU])
def test_every_requirement_cites_its_source_section_quotes_it_and_hints_at_real_sections(checklist_id: str) -> None:
    checklist = shipped_checklists()[checklist_id]
    ids = [r.id for r in checklist.requirements]
    assert len(ids) == len(set(ids))
    assert checklist.notes and "checked against a stored" in checklist.notes  # says what the text was read from
    for requirement in checklist.requirements:
        assert requirement.source and requirement.group and requirement.title
        assert requirement.text.count('"') >= 2 or "wording not verified" in requirement.text, requirement.id
        assert requirement.hints and set(requirement.hints) <= set(ANSWERING_SECTIONS), requirement.id


def test_the_sections_a_requirement_can_be_answered_by_are_the_reports() -> None:
    assert set(ANSWERING_SECTIONS) == {"report", "board", "glossary", *LIST_SECTIONS}


def test_the_wheel_packages_every_shipped_checklist() -> None:
    """pyproject.toml's package data for reportgen.schema covers every file in the checklists folder (the
    slow wheel test checks the modules and the theme; this checks the data the schema package ships)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["reportgen.schema"]
    for path in FOLDER.iterdir():
        rel = path.relative_to(ROOT / "reportgen" / "schema").as_posix()
        assert any(fnmatch.fnmatch(rel, pattern) for pattern in patterns), rel


def test_the_checklist_models_are_closed_and_every_field_described() -> None:
    models: list[type[BaseModel]] = [Checklist, ChecklistRequirement]
    for model in models:
        assert model.model_config.get("extra") == "forbid", model.__name__
        assert [n for n, f in model.model_fields.items() if not f.description] == [], model.__name__


def test_the_docs_describe_every_field_of_a_checklist_file() -> None:
    text = (ROOT / "docs" / "disclosures.md").read_text(encoding="utf-8")
    for model in (Checklist, ChecklistRequirement):
        for name in model.model_fields:
            assert f"| `{name}` |" in text, f"{model.__name__}.{name}"


def test_a_checklist_file_with_problems_names_each_at_its_line() -> None:
    text = """id: own
name: Own
issuer: Us
version: "1"
published: 2026-13-01
url: http://example.org
requirements:
  - {id: A, title: A, text: A., source: S}
  - {id: A, title: B, text: B., source: S, hints: [incident]}
"""
    with pytest.raises(ChecklistError) as raised:
        read_checklist(text.encode(), "own.yaml")
    assert [f.format() for f in raised.value.findings] == [
        "own.yaml:5:12: published: '2026-13-01' is not a real calendar date",
        "own.yaml:6:6: url: 'http://example.org' is not a full web address: write a web address starting with https://",
    ]
    fixed = text.replace("2026-13-01", "2026-12-01").replace("http:", "https:")
    with pytest.raises(ChecklistError) as raised:
        read_checklist(fixed.encode(), "own.yaml")
    assert [f.format() for f in raised.value.findings] == [
        "own.yaml:9:10: requirements[1].id: requirement id 'A' is used twice (also by requirements[0])",
        "own.yaml:9:52: requirements[1].hints[0]: 'incident' is not a section of a report (did you mean 'incidents'?)",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"- a\n- b\n", "own.yaml:1:1: a checklist file is a mapping: id, name, ... requirements", id="list"
        ),
        pytest.param(
            b"id: [\n", "own.yaml:1:5: YAML syntax error: the '[' that starts here is never closed", id="syntax"
        ),
    ],
)
def test_a_file_that_is_no_checklist_says_so(data: bytes, message: str) -> None:
    with pytest.raises(ChecklistError) as raised:
        read_checklist(data, "own.yaml")
    assert raised.value.findings[0].format().startswith(message)
