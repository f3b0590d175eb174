"""``reportgen init``: a new report folder whose every input file is a commented, valid example.

The comments come from the schema itself (each field's description, its allowed values, whether it is
required), so they never drift from what ``validate`` checks. The example data is one item per section,
dated in the current year, and the folder validates with no findings and builds as it is.

The YAML writer here is shared with :mod:`reportgen.authoring.importer`. It writes only what the reader reads back
unchanged: a string is left unquoted only when no YAML reader (ours, PyYAML, editors' YAML 1.2) could
take it for a number, a boolean, null or syntax; dates are written plain (``2026-03-14``) and stay text
for the schema to parse.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
import typing
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..core.errors import UsageError
from ..core.output import write_atomic
from ..schema import Report
from ..schema.base import ItemId
from ..schema.examples import examples
from ..schema.introspect import choices, models_in, strip_optional

SCHEMA_FILE = ".reportgen/reportgen-input.schema.json"
_WIDTH = 100
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_PLAIN_CHARS = set(" _.,;:()/+'&%@-–—’?!")
_NUMERIC = set("0123456789abcdefABCDEF._:+- xXoOtTzZ")  # numbers, versions, times
_FLOW = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*\Z")  # ids and values: [a, b] on one line
_ESCAPES = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\ufeff"}


# ----------------------------------------------------------------------------------------------- writing YAML


def _plain_ok(text: str) -> bool:
    """Text that every YAML reader takes for this same text when written without quotes."""
    if not text or not text[0].isalnum() or text.lower() in _RESERVED or text[-1] in " :" or ": " in text:
        return False
    if text[0].isdigit() and not _ISO_DATE.match(text) and set(text) <= _NUMERIC:
        return False  # a number, a version or a sexagesimal to some reader: quote it
    return all(c.isalnum() or c in _PLAIN_CHARS for c in text)


def _quoted(text: str) -> str:
    out = json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    out = re.sub(r"[\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", out)
    return "".join(_ESCAPES.get(c, c) for c in out)


def scalar(value: object) -> str:
    """One scalar on one line, as YAML that reads back as the same value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    return text if _plain_ok(text) else _quoted(text)


def _block_ok(text: str) -> bool:
    """Multi-line text that a literal block (``|-``) keeps exactly."""
    return (
        "\n" in text
        and not text[0].isspace()
        and not text[-1].isspace()
        and all(c == "\n" or (c.isprintable() and c not in _ESCAPES) for c in text)
    )


class _Placeholder:
    """A value still to be filled in: written as nothing after its key (``title:``), which reads as empty."""

    def __repr__(self) -> str:
        return "PLACEHOLDER"


PLACEHOLDER: Any = _Placeholder()


def _value_lines(lead: str, value: object, indent: int) -> list[str]:
    """``lead`` (``key:`` or ``-``) followed by a scalar: inline, folded (``>-``) or as a literal block."""
    if value is PLACEHOLDER:
        return [lead]
    if isinstance(value, str) and _block_ok(value):
        body = [(" " * indent + line) if line else "" for line in value.split("\n")]
        return [f"{lead} |-", *body]
    inline = f"{lead} {scalar(value)}"
    if isinstance(value, str) and len(inline) > _WIDTH and _block_ok(value + "\nx") and "  " not in value:
        return [
            f"{lead} >-",
            *textwrap.wrap(
                value,
                _WIDTH,
                initial_indent=" " * indent,
                subsequent_indent=" " * indent,
                break_long_words=False,
                break_on_hyphens=False,
            ),
        ]
    return [inline]


def _flow_ok(values: list[Any]) -> bool:
    return all(isinstance(v, str) and _plain_ok(v) and _FLOW.match(v) for v in values)


def _model_for(annotation: Any, value: object) -> type[BaseModel] | None:
    sample = value[0] if isinstance(value, list) and value else value
    if not isinstance(sample, dict):
        return None
    return next((m for m in models_in(annotation) if set(sample) <= set(m.model_fields)), None)


def _hint(annotation: Any) -> str:
    base, values = strip_optional(annotation), ", ".join(choices(annotation))
    if typing.get_origin(base) is list:
        if values:
            return f"A list, e.g. [a, b], each one of: {values}."
        return "A list of ids, e.g. [a, b]." if typing.get_args(base)[0] == ItemId else ""
    if values:
        return f"One of: {values}."
    hints = {date: "A date: YYYY-MM-DD.", bool: "true or false.", int: "A whole number.", float: "A number."}
    return "A number." if set(typing.get_args(base)) == {int, float} else hints.get(base, "")


def comment_for(info: FieldInfo) -> str:
    """What a board secretary needs to know about one field, in one or two sentences."""
    parts = [info.description or "", _hint(info.annotation)]
    if info.is_required():
        parts.append("Required.")
    elif info.default is not None and info.default is not PydanticUndefined:
        parts.append(f"Optional (if left out: {scalar(info.default)}).")
    else:
        parts.append("Optional.")
    return " ".join(p for p in parts if p)


def _comment(pad: str, text: str) -> list[str]:
    return [f"{pad}# {line}" for line in textwrap.wrap(text, _WIDTH - len(pad) - 2)]


def _emit_map(
    out: list[str], data: dict[str, Any], model: type[BaseModel] | None, indent: int, comments: bool, dash: bool
) -> None:
    """A mapping at ``indent``; with ``dash`` its first key carries the list's ``- `` marker."""
    fields = model.model_fields if model is not None else {}
    names = list(fields) if comments and fields else list(data)
    names += [k for k in data if k not in names]
    first = True
    for name in names:
        pad = " " * indent
        info = fields.get(name)
        if comments and info is not None:
            out.extend(_comment(pad[:-2] if dash and first else pad, comment_for(info)))
        if name not in data:
            out.append(f"{pad}# {name}:")
            continue
        lead = f"{pad[:-2]}- {name}:" if dash and first else f"{pad}{name}:"
        first = False
        _emit_value(out, lead, data[name], info.annotation if info else None, indent, comments)


def _emit_value(out: list[str], lead: str, value: Any, annotation: Any, indent: int, comments: bool) -> None:
    model = _model_for(annotation, value)
    if isinstance(value, dict):
        out.append(lead)
        _emit_map(out, value, model, indent + 2, comments, dash=False)
    elif isinstance(value, list):
        flow = f"{lead} [{', '.join(scalar(v) for v in value)}]"
        if _flow_ok(value) and len(flow) <= _WIDTH:
            out.append(flow)
            return
        out.append(lead)
        for i, element in enumerate(value):
            if isinstance(element, dict):
                _emit_map(out, element, model, indent + 4, comments and i == 0, dash=True)
            else:
                out.extend(_value_lines(" " * (indent + 2) + "-", element, indent + 4))
    else:
        out.extend(_value_lines(lead, value, indent + 2))


def entry_lines(lead: str, value: Any, indent: int) -> list[str]:
    """``lead`` (``key:``, with what stands before the key on its line) and ``value``, as :func:`dump_yaml`
    writes them when the key is at column ``indent``."""
    out: list[str] = []
    _emit_value(out, lead, value, None, indent, False)
    return out


def item_lines(value: Any, dash: int) -> list[str]:
    """One list item, its ``-`` at column ``dash``, as :func:`dump_yaml` writes it."""
    out: list[str] = []
    if isinstance(value, dict):
        _emit_map(out, value, None, dash + 2, False, dash=True)
    elif isinstance(value, list):
        out.append(" " * dash + "-")  # a list in a list: not in any input file, but written correctly
        for element in value:
            out.extend(item_lines(element, dash + 2))
    else:
        out.extend(_value_lines(" " * dash + "-", value, dash + 2))
    return out


def flow_text(value: Any) -> str:
    """``value`` on one line in flow style (``[a, b]``, ``{member: x, reason: "y, z"}``)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow_text(v) for v in value) + "]"
    text = scalar(value)
    return _quoted(value) if isinstance(value, str) and text == value and set(text) & set(",[]{}#") else text


def dump_yaml(document: dict[str, Any], *, header: list[str], comments: bool = False) -> str:
    """A report input file: the header comment lines, then the sections (commented from the schema)."""
    out = list(header)
    for name, value in document.items():
        info = Report.model_fields.get(name)
        if comments and info is not None:
            out.extend(_comment("", comment_for(info)))
        _emit_value(out, f"{name}:", value, info.annotation if info else None, 0, comments)
    return "\n".join(out) + "\n"


def schema_line(file: Path, schema: Path) -> str:
    """The editor line pointing from ``file`` at the schema file, as a relative path."""
    rel = Path(os.path.relpath(schema, file.parent)).as_posix()
    return f"# yaml-language-server: $schema={rel}"


# ----------------------------------------------------------------------------------------------------- init


def _existing(folder: Path) -> list[str]:
    names = sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
    return names if len(names) <= 10 else [*names[:10], f"and {len(names) - 10} more"]


def init_report(folder: Path) -> list[Path]:
    """Create ``folder`` with every input file, the editor schema and the import templates."""
    from ..editions.commitment_key import create_key
    from .jsonschema import schema_text
    from .sheets import write_templates

    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(
            f"{folder}: not empty ({', '.join(_existing(folder))}); "
            "reportgen init only writes into a new or empty folder"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        schema = folder / SCHEMA_FILE
        schema.parent.mkdir()
        write_atomic(schema, schema_text().encode("utf-8"))
        created = [schema]
        year = date.today().year
        data = examples(year)
        for rel, (about, document) in data.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            header = [schema_line(path, schema), *_comment("", about)]
            write_atomic(path, dump_yaml(document, header=header, comments=True).encode("utf-8"))
            created.append(path)
        created.extend(write_templates(schema.parent, {rel: doc for rel, (_, doc) in data.items()}))
        created.append(create_key(folder)[0])  # ready for the day an item is marked regulator or internal
    except OSError as exc:
        raise UsageError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    return created
