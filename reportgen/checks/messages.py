"""Plain-language messages for pydantic's validation errors, with 'did you mean' hints."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ..core.describe import describe
from ..schema import Report
from ..schema.base import PATTERN_ADVICE
from ..schema.introspect import models_in

_TAGS = ("items", "none")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\x00-\x1f\x7f]")


class _Written(float):
    """A float that remembers how it was written, for messages."""

    def __new__(cls, value: float, text: str) -> _Written:
        made = super().__new__(cls, value)
        made.text = text
        return made

    text: str

    def __format__(self, spec: str) -> str:
        return self.text


def clean_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop the union tags pydantic inserts (``decisions.items.3`` is ``decisions.3`` to a user)."""
    return tuple(part for i, part in enumerate(loc) if not (i == 1 and part in _TAGS))


def dotted(loc: tuple[str | int, ...]) -> str:
    """``decisions[3].field_audience.rationale``; an ``@key`` step (pointing at a key) is not shown."""
    out = ""
    for part in loc:
        if part == "@key":
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _literals_in(annotation: Any) -> list[str]:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return [str(a) for a in typing.get_args(annotation)]
    found: list[str] = []
    if origin in (Union, types.UnionType, list, typing.Annotated) or typing.get_args(annotation):
        for arg in typing.get_args(annotation):
            found.extend(_literals_in(arg))
    return found


def model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc`` (ints index lists and are skipped)."""
    model: type[BaseModel] = Report
    key_next = False  # after a mapping field (field_audience), the next name is one of its keys
    for part in loc:
        if isinstance(part, int) or key_next:
            key_next = False
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        key_next = typing.get_origin(field.annotation) is dict
        candidates = [m for m in models_in(field.annotation) if m.__name__ != "NoneThisYear"]
        if not candidates:
            return None
        model = candidates[0]
    return model


# Prefixes that turn a word into its opposite (or another word): 'ordinary' is not a typo of 'extraordinary'.
_PREFIXES = ("un", "in", "im", "il", "ir", "non", "dis", "mis", "not", "anti", "counter", "extra")


def _folded(word: str) -> str:
    """A word without case, spaces, hyphens and underscores: 'Vice Chair' and 'vice_chair' fold alike."""
    return "".join(char for char in word.casefold() if char.isalnum())


def _prefixed(one: str, other: str) -> bool:
    """One is the other with a prefix in front ('extraordinary', 'ordinary'): a different word, not a typo."""
    a, b = _folded(one), _folded(other)
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return bool(shorter) and longer.endswith(shorter) and longer[: -len(shorter)] in _PREFIXES


def did_you_mean(word: str, choices: list[str]) -> str:
    folded = _folded(word)
    same = [choice for choice in choices if folded and _folded(choice) == folded]
    if same:  # only case, spaces or separators differ: 'Governance', 'vice chair'
        return f" (did you mean '{same[0]}'?)"
    close = [c for c in difflib.get_close_matches(word, choices, n=3, cutoff=0.75) if not _prefixed(word, c)]
    return f" (did you mean '{close[0]}'?)" if close else ""


def message_for(
    error: ErrorDetails, raw: Callable[[tuple[str | int, ...]], str | None] = lambda loc: None
) -> tuple[tuple[str | int, ...], str, str]:
    """(location to point at, dotted path, message) for one pydantic error.

    ``raw`` gives a scalar as the user wrote it, so that ``1.10`` is not reported as ``1.1``.
    """
    loc = clean_loc(tuple(error["loc"]))
    kind = error["type"]
    value = error.get("input")
    if isinstance(value, float):
        value = _Written(value, raw(loc) or f"{value:g}")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    path = dotted(loc)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        model = model_at(loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = did_you_mean(name, allowed) or (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        return (*loc[:-1], "@key", name), path, f"unknown field '{name}'{hint}"
    if kind == "missing" and len(loc) == 1:  # a whole section: no file to point at
        section = str(loc[0])
        home = f"{section.replace('_', '-')}.yaml"
        return (), path, f"no input file has the '{section}' section (it normally lives in {home})"
    if kind == "missing":
        return loc[:-1], path, f"missing required field '{loc[-1]}'"
    text = _type_message(kind, value, ctx, loc)
    return loc, path, text


def _type_message(kind: str, value: object, ctx: dict[str, Any], loc: tuple[str | int, ...]) -> str:
    got = describe(value)
    if loc and loc[-1] == "none_this_year" and kind in ("string_type", "string_sub_type", "string_too_short"):
        return (
            "expected a sentence saying why there were none (such as 'No incidents met the reporting "
            f"threshold.'), got {got}"
        )
    if kind in ("string_type", "string_sub_type"):
        quote = " (put it in quotes to make it text)" if isinstance(value, (bool, int, float)) else ""
        return f"expected text, got {got}{quote}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {got}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {got}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {got}"
    if kind in ("list_type",):
        return f"expected a list (one '- ' line per item), got {got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields (name: value), got {got}"
    if kind == "literal_error":
        choices = _literal_choices(loc)
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        listed = ", ".join(choices) if choices else str(ctx.get("expected", ""))
        return f"{got} is not one of: {listed}{hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long" and isinstance(value, str):
        return f"is {len(value):,} characters, over the limit of {ctx.get('max_length', 0):,}"
    if kind == "string_too_long":
        return f"is longer than {ctx.get('max_length')} characters"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long" and isinstance(ctx.get("actual_length"), int):
        return f"has {ctx['actual_length']:,} items, over the limit of {ctx.get('max_length', 0):,}"
    if kind == "too_long":
        return f"has more than {ctx.get('max_length')} items"
    if kind == "string_pattern_mismatch" and isinstance(value, str) and _INVISIBLE.search(value):
        return "an id must not contain invisible, bidirectional or control characters"
    if kind == "string_pattern_mismatch":
        advice = PATTERN_ADVICE.get(str(ctx.get("pattern", "")))
        if advice is not None:
            return f"{got} is not {advice[0]}: {advice[1]}"
        return f"{got} does not have the expected form"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }
        return f"must be {words[kind]} {bound}, got {value}"
    if kind == "value_error":
        return str(ctx.get("error", "invalid value"))
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"expected a list of items or {{none_this_year: ...}}, got {got}"
    return f"invalid value ({kind}): {got}"


def _literal_choices(loc: tuple[str | int, ...]) -> list[str]:
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return []
    model = model_at(loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    if model is None:
        return []
    field = model.model_fields.get(names[-1])
    return _literals_in(field.annotation) if field else []
