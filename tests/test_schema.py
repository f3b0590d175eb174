"""The schema: every field described, the editor schema up to date and accepting the examples."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import BaseModel

from reportgen.authoring.jsonschema import schema_text
from reportgen.core.limits import Limits
from reportgen.inputs.parsing import read_data
from reportgen.schema import Report

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "reportgen-input.schema.json"


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> None:
    from reportgen.schema.introspect import models_in as _models_in

    if model in seen:
        return
    seen.add(model)
    for field in model.model_fields.values():
        for inner in _models_in(field.annotation):
            _models(inner, seen)


def test_every_field_of_every_model_has_a_description() -> None:
    seen: set[type[BaseModel]] = set()
    _models(Report, seen)
    assert len(seen) > 20
    missing = [f"{m.__name__}.{n}" for m in seen for n, f in m.model_fields.items() if not f.description]
    assert missing == []


def test_every_model_is_closed() -> None:
    seen: set[type[BaseModel]] = set()
    _models(Report, seen)
    assert [m.__name__ for m in seen if m.model_config.get("extra") != "forbid"] == []


def test_the_committed_editor_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run: reportgen schema -o " + str(
        SCHEMA_FILE.relative_to(ROOT)
    )


EXAMPLE_FILES = sorted((ROOT / "inputs").glob("*/**/*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_editor_schema_accepts_every_example_file(path: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    data = read_data(path.read_bytes(), path.name, False, Limits())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data), key=str)
    assert [e.message for e in errors] == []
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_the_editor_schema_rejects_an_unknown_key() -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    errors = list(jsonschema.Draft7Validator(schema).iter_errors({"decisions": [{"id": "D-1", "votee": 1}]}))
    assert any("votee" in e.message for e in errors)


def test_every_pattern_the_schema_enforces_has_advice_in_words() -> None:
    """A value that does not match a pattern is told what to write (messages.py), never 'the expected form'."""
    from reportgen.schema.base import PATTERN_ADVICE

    found: set[str] = set()
    stack: list[object] = [Report.__pydantic_core_schema__]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.add(node["pattern"])
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    assert len(found) >= 4
    assert found <= set(PATTERN_ADVICE)
