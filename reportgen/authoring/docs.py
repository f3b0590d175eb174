"""The README's input reference, generated from the schema: ``python3 -m reportgen.docs``.

A test fails when the README's copy is out of date, so the reference never drifts from the schema.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel

from ..schema import Report
from ..schema.introspect import models_in

START, END = "<!-- input-reference:start -->", "<!-- input-reference:end -->"


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin in (Union, types.UnionType):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is dict:  # field_audience: the only mapping, its values an audience or a FieldWithholding
        return f"mapping of field names to an audience or {_type_name(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (
            "none this year"
            if annotation.__name__ == "NoneThisYear"
            else f"[{annotation.__name__}](#{annotation.__name__.lower()})"
        )
    plain = {"str": "text", "int": "whole number", "float": "number", "bool": "true/false", "date": "date"}
    name = str(getattr(annotation, "__name__", annotation))
    return plain.get(name, name)


def _ordered_models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen or model.__name__ == "NoneThisYear":
            return
        seen.append(model)
        for field in model.model_fields.values():
            for inner in models_in(field.annotation):
                visit(inner)

    visit(Report)
    return seen


def reference() -> str:
    parts = []
    for model in _ordered_models():
        doc = (model.__doc__ or "").strip().splitlines()[0]
        parts.append(f"### {model.__name__}\n\n{doc}\n\n| field | type | required | description |\n|---|---|---|---|")
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else ""
            description = (field.description or "").replace("|", "\\|")
            parts.append(f"| `{name}` | {_type_name(field.annotation)} | {required} | {description} |")
        parts.append("")
    return "\n".join(parts)


IMPORT_START, IMPORT_END = "<!-- import-columns:start -->", "<!-- import-columns:end -->"


def _replace(text: str, start: str, end: str, body: str) -> str:
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    return pattern.sub(lambda _: f"{start}\n{body}\n{end}", text)


def updated_readme(text: str) -> str:
    from .sheets import column_reference

    text = _replace(text, START, END, reference())
    return _replace(text, IMPORT_START, IMPORT_END, column_reference())


def main() -> None:
    readme = Path(__file__).resolve().parents[2] / "README.md"
    readme.write_text(updated_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated {readme}")


if __name__ == "__main__":
    main()
