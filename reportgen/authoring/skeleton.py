"""``reportgen new decision|red-line|incident FOLDER``: a commented skeleton of one new item, with the next
free id, where the folder keeps such items.

The skeleton is written as ``reportgen init`` writes its files (each field's description from the schema
above it; optional fields as commented-out lines to fill in or leave), with the id filled in and every
required field left empty after its key (``title:``). So the file reads, and ``validate`` lists exactly
the fields still to fill in ("expected text, got nothing (an empty value)"); once they are filled the item
is valid. It follows the folder's layout: where each item has a file of its own (``decisions/D-7.yaml``)
the new item gets one next to the last; where the items share a file (``red-lines.yaml``) it is added at
the end of that file's list; a folder without any gets ``decisions/<id>.yaml``, ``red-lines/<id>.yaml`` or
``incidents/<id>.yaml``. Nothing is ever overwritten.

The next id continues the numbering of the last numbered id of the section: after ``D-2026-015`` comes
``D-2026-016`` (the width kept), after ``D-2`` ``D-3``; a section with no numbered ids starts at ``D-1``,
``RL-1`` or ``INC-1``.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..core.errors import InvalidReport, UsageError
from ..core.limits import DEFAULT_LIMITS
from ..core.output import write_atomic
from ..inputs.locating import ParseFailure
from ..inputs.parsing import read_data
from ..schema import Decision, Incident, RedLine
from ..schema.introspect import models_in, strip_optional
from .folder import Folder
from .import_plan import schema_target
from .jsonschema import schema_text
from .scaffold import PLACEHOLDER, dump_yaml, schema_line

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBERED = re.compile(r"(.*?)([0-9]+)\Z")
_DASH = re.compile(r"(?P<dash> *)- +\Z")


@dataclass(frozen=True)
class Kind:
    """One kind of item ``new`` writes."""

    name: str  # as typed: decision, red-line, incident
    section: str
    model: type[BaseModel]
    prefix: str  # of the first id when the section has no numbered ones
    folder: str  # where a folder without any such item gets its file
    label: str
    prefilled: dict[str, Any]  # values a new item of this kind nearly always has


KINDS = {
    kind.name: kind
    for kind in (
        Kind("decision", "decisions", Decision, "D-", "decisions", "decision", {}),
        Kind(
            "red-line",
            "red_lines",
            RedLine,
            "RL-",
            "red-lines",
            "red line",
            {
                # what a capability threshold (the kind a new line nearly always is) must say, validate checks
                "tier": PLACEHOLDER,
                "tier_label": PLACEHOLDER,
                "criterion": {},
                "response": {"actions": PLACEHOLDER},
                "decided_by": PLACEHOLDER,
                "history": [{"change": "introduced"}],
            },
        ),
        Kind("incident", "incidents", Incident, "INC-", "incidents", "incident", {}),
    )
}


def next_id(ids: list[str], prefix: str) -> str:
    """The id after the section's last numbered one, with the same prefix and width (``D-2026-015``:
    ``D-2026-016``); ``prefix`` + 1 when none is numbered; never one already taken."""
    numbered = [found for i in ids if (found := _NUMBERED.match(i))]
    if numbered:
        last = numbered[-1].group(1)
        digits = max((f.group(2) for f in numbered if f.group(1) == last), key=int)
        number, width = int(digits) + 1, len(digits)
    else:
        last, number, width = prefix, 1, 1
    taken = set(ids)
    while f"{last}{number:0{width}d}" in taken:
        number += 1
    return f"{last}{number:0{width}d}"


def skeleton(model: type[BaseModel], prefilled: dict[str, Any]) -> dict[str, Any]:
    """Every required field of ``model``: a placeholder, or the skeleton of the record it holds."""
    item: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not info.is_required() and name not in prefilled:
            continue
        given, inner = prefilled.get(name), models_in(info.annotation)
        if inner and isinstance(given, list | type(None)) and strip_optional(info.annotation) is not inner[0]:
            first = given[0] if given else {}
            item[name] = [skeleton(inner[0], first)]  # a list of records: one to fill in
        elif inner:
            item[name] = skeleton(inner[0], given if isinstance(given, dict) else {})
        else:
            item[name] = given if name in prefilled else PLACEHOLDER
    return item


@dataclass(frozen=True)
class NewItem:
    path: Path
    id: str
    appended: bool  # added to an existing file's list rather than written as a file of its own
    to_fill: list[str]  # the fields left empty, as dotted paths


def _to_fill(item: Any, at: str = "") -> list[str]:
    if isinstance(item, dict):
        return [p for k, v in item.items() for p in _to_fill(v, f"{at}.{k}" if at else k)]
    if isinstance(item, list):
        return [p for k, v in enumerate(item) for p in _to_fill(v, f"{at}[{k}]")]
    return [at] if item is PLACEHOLDER else []


def new_item(root: Path, kind_name: str) -> NewItem:
    """Write a skeleton of a new item of ``kind_name`` (decision, red-line, incident) into ``root``."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise UsageError(f"reportgen new {kind_name}: choose one of {', '.join(KINDS)}")
    if not root.is_dir():
        raise UsageError(f"{root}: not a report folder (create one with reportgen init {root})")
    folder = Folder.read(root)
    if folder.errors:
        raise InvalidReport(folder.errors)
    value = folder.inputs.data.get(kind.section)
    if isinstance(value, dict):
        rel = folder.file_of(kind.section)
        raise UsageError(
            f"{rel}: says there were no {kind.section.replace('_', ' ')} this year (none_this_year); "
            f"remove that section first, then run reportgen new {kind.name} {root} again"
        )
    existing = folder.items(kind.section)
    new_id = next_id([str(item.get("id")) for _, _, item in existing], kind.prefix)
    item = skeleton(kind.model, {"id": new_id, **kind.prefilled})
    about = (
        f"A new {kind.label}, {new_id}: fill in every field left empty ({', '.join(_to_fill(item))}), "
        "uncomment the optional ones you need, then run reportgen validate on the folder"
    )
    last = existing[-1][0] if existing else None  # the file holding the section's last item
    if last is not None and not _one_per_file(folder, kind) and _appendable(root / last, kind.section):
        _append(root / last, kind.section, item, about, new_id)
        return NewItem(root / last, new_id, True, _to_fill(item))
    home = Path(last).parent if last is not None and _one_per_file(folder, kind) else Path(kind.folder)
    path = root / home / f"{new_id}.yaml"
    if path.exists():
        raise UsageError(f"{path}: exists already; reportgen new never overwrites a file")
    schema, write_schema = schema_target(root)
    line = schema_line(path, schema) if isinstance(schema, Path) else f"# yaml-language-server: $schema={schema}"
    text = dump_yaml({kind.section: [item]}, header=[line, *_comment(about)], comments=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if write_schema and isinstance(schema, Path):
            schema.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(schema, schema_text().encode("utf-8"))
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return NewItem(path, new_id, False, _to_fill(item))


def _comment(text: str, indent: int = 0) -> list[str]:
    return [" " * indent + f"# {line}" for line in textwrap.wrap(text, 98 - indent)]


def _one_per_file(folder: Folder, kind: Kind) -> bool:
    """Whether every item of the section has a file of its own, in a subfolder (``decisions/D-1.yaml``)."""
    files = [rel for rel, _, _ in folder.items(kind.section)]
    return bool(files) and len(set(files)) == len(files) and all("/" in rel for rel in files)


def _appendable(path: Path, section: str) -> bool:
    """A file whose last top-level key is ``section``, a block list of at least one item."""
    if path.suffix.lower() == ".json" or not path.is_file():
        return False
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return False
    if not isinstance(root, yaml.MappingNode) or root.flow_style or not root.value:
        return False
    key, value = root.value[-1]
    return key.value == section and isinstance(value, yaml.SequenceNode) and not value.flow_style and bool(value.value)


def _append(path: Path, section: str, item: dict[str, Any], about: str, new_id: str) -> None:
    """Add ``item`` at the end of the file's ``section`` list, indented as its items are; checked by reading back."""
    text = path.read_text(encoding="utf-8-sig")
    document = yaml.compose(text, Loader=_Loader)
    assert isinstance(document, yaml.MappingNode)  # _appendable said so
    first = document.value[-1][1].value[0]
    found = _DASH.match(text.split("\n")[first.start_mark.line][: first.start_mark.column])
    dash = len(found.group("dash")) if found else 2
    lines = dump_yaml({section: [item]}, header=[], comments=True).rstrip("\n").split("\n")
    body = lines[lines.index(f"{section}:") + 1 :]  # written with the dash in column 2
    body = [" " * (dash - 2) + line if dash >= 2 else line[2 - dash :] for line in body]
    new_text = (text if text.endswith("\n") else text + "\n") + "\n".join([*_comment(about, dash), *body]) + "\n"
    try:
        data = read_data(new_text.encode("utf-8"), path.name, False, DEFAULT_LIMITS)
    except ParseFailure:
        data = None
    entries = data.get(section) if isinstance(data, dict) else None
    if (
        not isinstance(entries, list)
        or not entries
        or not isinstance(entries[-1], dict)
        or entries[-1].get("id") != new_id
    ):
        raise UsageError(f"{path}: the new item cannot be added at the end of its list; add it by hand")
    try:
        write_atomic(path, new_text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror or exc}") from None
