"""The generated parts of the docs site: ``python -m reportgen.authoring.docs`` rewrites them.

Two marked regions, each between an HTML-comment start and end marker, are generated rather than written:
the input reference in ``docs/reference.md`` (from the pydantic schema) and the spreadsheet column reference
in ``docs/import.md`` (from the importer's layout in :mod:`.sheets`). ``tests/test_docs.py`` fails when a
committed page differs from what this produces, so the reference never drifts from the schema.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel

from ..schema import Report
from ..schema.introspect import models_in

START, END = "<!-- input-reference:start -->", "<!-- input-reference:end -->"
IMPORT_START, IMPORT_END = "<!-- import-columns:start -->", "<!-- import-columns:end -->"
COMMAND = "python -m reportgen.authoring.docs"


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
    """The input reference: one table per model, in the order a reader meets them from ``Report`` down."""
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


def _column_reference() -> str:
    from .sheets import column_reference

    return column_reference()


@dataclass(frozen=True)
class Region:
    """A generated stretch of a docs page, between its two marker lines."""

    page: str  # relative to the docs folder
    start: str
    end: str
    body: Callable[[], str]


REGIONS: tuple[Region, ...] = (
    Region("reference.md", START, END, reference),
    Region("import.md", IMPORT_START, IMPORT_END, _column_reference),
)


class MissingRegion(ValueError):
    """A page lacks a region's markers (or has them more than once): nothing would be generated there."""


def _replace(text: str, region: Region) -> str:
    pattern = re.compile(re.escape(region.start) + ".*?" + re.escape(region.end), re.DOTALL)
    found = len(pattern.findall(text))
    if found != 1:
        raise MissingRegion(
            f"docs/{region.page}: expected one region from {region.start} to {region.end}, found {found}"
        )
    body = region.body()
    return pattern.sub(lambda _: f"{region.start}\n{body}\n{region.end}", text)


def updated_page(page: str, text: str) -> str:
    """``text`` of the docs page ``page`` (e.g. ``"reference.md"``) with its generated regions rewritten."""
    for region in REGIONS:
        if region.page == page:
            text = _replace(text, region)
    return text


def default_docs_dir() -> Path:
    """The ``docs/`` folder of the source checkout this module runs from."""
    return Path(__file__).resolve().parents[2] / "docs"


def generated_pages(docs: Path) -> dict[Path, str]:
    """Every page with a generated region, mapped to the text it should have."""
    pages = dict.fromkeys(region.page for region in REGIONS)
    return {docs / page: updated_page(page, (docs / page).read_text(encoding="utf-8")) for page in pages}


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the generated regions of the docs pages (in ``argv[0]``, a docs folder, if given)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0].startswith("-")):
        print(f"usage: {COMMAND} [DOCS_DIR]", file=sys.stderr)
        return 2
    docs = Path(args[0]) if args else default_docs_dir()
    try:
        pages = generated_pages(docs)
    except (OSError, MissingRegion) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path, text in pages.items():
        if path.read_text(encoding="utf-8") == text:
            print(f"up to date: {path}")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
