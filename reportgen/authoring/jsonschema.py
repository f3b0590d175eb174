"""``reportgen schema``: the JSON Schema of one input file, for editors that validate as people type.

pydantic emits JSON Schema 2020-12; the YAML language server checks draft-07 rules, so ``$defs`` become
``definitions``. Every input file holds some of the report's sections, so no section is required at
the top level; the whole report's required sections are checked by ``validate``.
"""

from __future__ import annotations

import json
from typing import Any

from ..schema import SCHEMA_VERSION, Report

SCHEMA_ID = f"urn:reportgen:schema:input:{SCHEMA_VERSION}"


def _draft7(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$defs":
                out["definitions"] = _draft7(value)
            elif key == "$ref" and isinstance(value, str):
                out[key] = value.replace("#/$defs/", "#/definitions/")
            else:
                out[key] = _draft7(value)
        return out
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    return node


def input_file_schema() -> dict[str, Any]:
    schema = _draft7(Report.model_json_schema(mode="validation"))
    schema.pop("required", None)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": f"reportgen input file (schema {SCHEMA_VERSION})",
        **{k: v for k, v in schema.items() if k not in ("title",)},
    }


def schema_text() -> str:
    return json.dumps(input_file_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
