"""Plain-language messages for pydantic's validation errors, with 'did you mean' hints.

Messages speak in the user's terms: an item referred to by its title or a member by name gets the id
they meant (:func:`did_you_mean_item`), a value pasted from a word processor in curly quotes is said to
be in curly quotes (:func:`~reportgen.inputs.yaml_advice.curly_quote_advice`), and a comma that ended a
value inside ``{...}`` is named as the cause of the "unknown field" it made.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from ..core.describe import describe
from ..core.labels import ITEM_LABELS
from ..core.problems import Problem
from ..inputs.yaml_advice import curly_quote_advice, curly_quoted
from ..schema import Item, Report, items
from ..schema.base import PATTERN_ADVICE
from ..schema.introspect import models_in
from .paths import dotted

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


Titles = Mapping[str, str | None]  # an item's id -> its title (a member's name); None when it has none


def did_you_mean_item(ref: str, known: Titles | Iterable[str], word: str = "titled") -> str:
    """A hint for a reference to an item that is not there: the id it was close to, or else the item
    whose title (or a member whose name, with ``word="named"``) it is.

    ``did_you_mean_item("Uplift to cyber attacks", {"RL-CYBER": "Uplift to cyber attacks"})`` is
    `` (did you mean RL-CYBER, titled 'Uplift to cyber attacks'?)``; ``"Okafor"`` finds the one member
    whose name has that word. ``known`` may be plain ids (then only the id hint is possible).
    """
    titles: dict[str, str | None] = dict(known) if isinstance(known, Mapping) else dict.fromkeys(known)
    by_id = did_you_mean(ref, sorted(titles))
    if by_id:
        return by_id
    found = _titled(ref, {i: t for i, t in titles.items() if isinstance(t, str) and t})
    if not found:
        return ""
    if len(found) == 1:
        return f" (did you mean {found[0]}, {word} '{titles[found[0]]}'?)"
    listed = ", ".join(f"{i} ({word} '{titles[i]}')" for i in found[:-1])
    return f" (did you mean {listed} or {found[-1]} ({word} '{titles[found[-1]]}')?)"


def _titled(ref: str, titles: dict[str, str]) -> list[str]:
    """The ids whose title is ``ref`` (case, spaces and punctuation aside), or else those whose title has
    ``ref`` as a word (a surname), or else the one whose title, or a word of it, is close to it."""
    folded = _folded(ref)
    if not folded:
        return []
    same = sorted(i for i, t in titles.items() if _folded(t) == folded)
    if same:
        return same
    if len(folded) < 3:
        return []
    words = {i: {_folded(w) for w in re.split(r"[\s-]+", t)} for i, t in titles.items()}
    named = sorted(i for i, w in words.items() if folded in w)
    if named:  # a word of the title, a member's surname: every item that has it
        return named
    by_title = {t.casefold(): i for i, t in sorted(titles.items(), reverse=True)}
    close = difflib.get_close_matches(ref.casefold(), list(by_title), n=1, cutoff=0.8)
    if close:
        return [by_title[close[0]]]
    near = sorted(i for i, w in words.items() if difflib.get_close_matches(folded, list(w), n=1, cutoff=0.8))
    return near if len(near) == 1 else []  # a surname mistyped: only when one item is that close


_last_titles: tuple[weakref.ref[Report], dict[str, dict[str, str | None]]] | None = None


def item_titles(report: Report) -> dict[str, dict[str, str | None]]:
    """Section (and ``members``) -> each item's id -> its title or name, for :func:`did_you_mean_item`.

    Gathered once per report (the last one asked about is remembered), so a check may ask for every
    reference it cannot resolve. Do not change the mappings."""
    global _last_titles
    last = _last_titles  # one read: another thread may replace it meanwhile
    if last is not None and last[0]() is report:
        return last[1]
    found = _item_titles(report)
    _last_titles = (weakref.ref(report), found)
    return found


def _item_titles(report: Report) -> dict[str, dict[str, str | None]]:
    found: dict[str, dict[str, str | None]] = {"members": {m.id: m.name for m in report.board.members}}
    for name in Report.model_fields:
        found[name] = {
            item.id: _title_of(item.__dict__) for item in items(getattr(report, name)) if isinstance(item, Item)
        }
    return found


def _title_of(fields: Mapping[str, object]) -> str | None:
    title = fields.get("title", fields.get("name"))
    return title if isinstance(title, str) else None


def document_titles(document: Mapping[str, object], section: str) -> dict[str, str | None]:
    """Like :func:`item_titles` for one section, from the merged input document (before validation)."""
    if section == "members":
        board = document.get("board")
        entries = board.get("members") if isinstance(board, dict) else None
    else:
        entries = document.get(section)
    if not isinstance(entries, list):
        return {}
    return {e["id"]: _title_of(e) for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


# (model, field) -> the section whose ids the field names
REFERENCES: dict[tuple[str, str], str] = {
    ("Board", "chair"): "members",
    ("ReportMeta", "foreword_by"): "members",
    ("Meeting", "attendees"): "members",
    **{("Vote", f): "members" for f in ("in_favour", "against", "abstained", "absent")},
    ("Recusal", "member"): "members",
    ("Dissent", "member"): "members",
    ("Decision", "meeting"): "meetings",
    ("Decision", "models"): "models",
    ("Decision", "red_lines"): "red_lines",
    ("Decision", "evaluations"): "evaluations",
    ("Decision", "incidents"): "incidents",
    ("RedLine", "required_safeguards"): "safeguards",
    ("RedLine", "internal_deployment_safeguards"): "safeguards",
    ("RedLine", "development_safeguards"): "safeguards",
    ("RedLine", "framework"): "frameworks",
    ("RedLine", "replaces"): "red_lines",
    ("RedLine", "split_from"): "red_lines",
    ("RedLine", "merged_into"): "red_lines",
    ("HistoryEntry", "decision"): "decisions",
    ("Evaluation", "model"): "models",
    ("Evaluation", "models"): "models",
    ("RedLineResult", "red_line"): "red_lines",
    ("Determination", "red_line"): "red_lines",
    ("Determination", "decision"): "decisions",
    ("Determination", "safeguards"): "safeguards",
    ("Model", "safeguards_active"): "safeguards",
    ("Incident", "models"): "models",
    ("InformationSharing", "models"): "models",
    ("AccessTier", "models"): "models",
    ("AccessProgramme", "safeguards"): "safeguards",
    ("Safeguard", "supersedes"): "safeguards",
    ("Framework", "supersedes"): "frameworks",
}


def referenced_section(loc: tuple[str | int, ...]) -> str | None:
    """The section whose ids the field at ``loc`` names (``decisions[3].red_lines[0]``: red_lines), if any."""
    names = [i for i, p in enumerate(loc) if isinstance(p, str)]
    if not names:
        return None
    model = model_at(loc[: names[-1]])
    return REFERENCES.get((model.__name__, str(loc[names[-1]]))) if model is not None else None


def missing_item(what_section: str, ref: str, titles: Titles) -> str:
    """``red line 'X' is not in red_lines (did you mean RL-CYBER, titled 'X'?)``, or ``''`` when no item
    is close to ``ref`` by id or title."""
    word = "named" if what_section == "members" else "titled"
    hint = did_you_mean_item(ref, titles, word)
    if not hint:
        return ""
    what = "member" if what_section == "members" else ITEM_LABELS.get(what_section, what_section)
    where = "on the board" if what_section == "members" else f"in {what_section}"
    return f"{what} '{ref}' is not {where}{hint}"


def message_for(
    error: ErrorDetails,
    raw: Callable[[tuple[str | int, ...]], str | None] = lambda loc: None,
    document: Mapping[str, object] | None = None,
) -> tuple[tuple[str | int, ...], str, str]:
    """(location to point at, dotted path, message) for one pydantic error.

    ``raw`` gives a scalar as the user wrote it, so that ``1.10`` is not reported as ``1.1``. ``document``,
    the merged input document that was validated, lets a message name the item a title referred to and
    the value a comma cut short inside ``{...}``.
    """
    loc = clean_loc(tuple(error["loc"]))
    kind = error["type"]
    value = error.get("input")
    if isinstance(value, float):
        value = _Written(value, raw(loc) or f"{value:g}")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    path = dotted(loc, document)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        model = model_at(loc[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = did_you_mean(name, allowed)
        if not hint and value is None:
            hint = _comma_hint(loc, name, model, raw, document)
        hint = hint or (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        return (*loc[:-1], "@key", name), path, f"unknown field '{name}'{hint}"
    if kind == "missing" and len(loc) == 1:  # a whole section: no file to point at
        section = str(loc[0])
        home = f"{section.replace('_', '-')}.yaml"
        return (), path, f"no input file has the '{section}' section (it normally lives in {home})"
    if kind == "missing":
        return loc[:-1], path, f"missing required field '{loc[-1]}'"
    if isinstance(value, dict) and len(value) == 1 and curly_quoted(str(next(iter(value)))):
        (first, rest), *_ = value.items()  # - “Testing: first”: a mapping to YAML, cut at the ': '
        value = f"{first}: {rest}" if isinstance(rest, str) else value
    if isinstance(value, str) and curly_quoted(value) and kind not in _NOT_ABOUT_THE_VALUE:
        key = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
        return loc, path, curly_quote_advice(value, key, list_item=key is None)
    # A title where an id belongs has spaces; an id with an invisible character keeps its own advice below.
    if kind == "string_pattern_mismatch" and isinstance(value, str) and " " in value and document is not None:
        referred = referenced_section(loc)
        named = missing_item(referred, value, document_titles(document, referred)) if referred is not None else ""
        if named:
            return loc, path, named
    text = _type_message(kind, value, ctx, loc)
    return loc, path, text


# Errors about the length of a text, not what it says: curly quotes are not their cause.
_NOT_ABOUT_THE_VALUE = frozenset({"string_too_long", "string_too_short", "too_long", "too_short"})
# A key no field has: a lowercase word with underscores. 'the developer.' or 'Inc' is the rest of a text.
_FIELD_LIKE = re.compile(r"[a-z][a-z0-9_]*\Z")


def _comma_hint(
    loc: tuple[str | int, ...],
    name: str,
    model: type[BaseModel] | None,
    raw: Callable[[tuple[str | int, ...]], str | None],
    document: Mapping[str, object] | None,
) -> str:
    """``{member: m-okoro, reason: Employed by OpenAI, the developer.}`` reads as a field 'the developer.'
    with no value: the comma ended the reason. Say so, with the value as it should be written."""
    if _FIELD_LIKE.match(name):
        return ""
    before = _value_before(loc, name, document) if document is not None else None
    if before is None and model is not None:  # without the document: the last text field the item has
        texts = [f for f, info in model.model_fields.items() if _is_free_text(info)]
        found = [(f, raw((*loc[:-1], f))) for f in texts]
        before = next(((f, v) for f, v in reversed(found) if v), None)
    if before is None:
        return ""
    field, text = before
    whole = f"{text}, {name}"
    quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"; a comma inside {{...}} ends the value: put the value in quotes, e.g. {field}: {quoted}"


def _value_before(loc: tuple[str | int, ...], name: str, document: Mapping[str, object]) -> tuple[str, str] | None:
    """The key and text value written just before key ``name`` in the mapping at ``loc[:-1]``."""
    node: object = document
    for step in loc[:-1]:
        if isinstance(node, Mapping) and isinstance(step, str):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    if not isinstance(node, Mapping) or name not in node:
        return None
    keys = list(node)
    at = keys.index(name)
    if at == 0 or not isinstance(node[keys[at - 1]], str):
        return None
    return str(keys[at - 1]), str(node[keys[at - 1]])


def _is_free_text(info: FieldInfo) -> bool:
    """A text field whose value may hold a comma (``Text``, ``ShortText``): not an id, not a fixed value."""
    union = typing.get_origin(info.annotation) in (Union, types.UnionType)
    candidates = [(info.annotation, info.metadata)]
    for arg in typing.get_args(info.annotation) if union else ():
        if typing.get_origin(arg) is typing.Annotated:
            plain, *metadata = typing.get_args(arg)
            candidates.append((plain, metadata))
    return any(
        plain is str and any(getattr(m, "min_length", None) and not getattr(m, "pattern", None) for m in metadata)
        for plain, metadata in candidates
    )


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
    if kind == "literal_error" and value is None:  # left empty, as a new item's skeleton leaves it
        listed = ", ".join(_literal_choices(loc)) or str(ctx.get("expected", ""))
        return f"expected one of: {listed}, got {got}"
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


def curly_quote_problems(report: Report) -> Iterator[Problem]:
    """Units in curly quotes (``unit: “%”``): YAML keeps the quotes as part of the text, and the report
    would print “%” after every value. The schema lets any short text be a unit, so this check says it."""
    for i, line in enumerate(items(report.red_lines)):
        for name in ("criterion", "early_warning"):
            threshold = getattr(line, name)
            if threshold is None:
                continue
            conditions: list[tuple[tuple[str | int, ...], Any]] = [((name,), threshold)]
            conditions += [
                ((name, group, k), c) for group in ("any_of", "all_of") for k, c in enumerate(getattr(threshold, group))
            ]
            for where, condition in conditions:
                if isinstance(condition.unit, str) and curly_quoted(condition.unit):
                    yield Problem(
                        ("red_lines", i, *where, "unit"),
                        curly_quote_advice(condition.unit, "unit"),
                        code="curly-quotes",
                    )
