"""The check that public text does not name a withheld item (the public edition would reveal it).

On a 10-year archive this reads every word of public prose, so it looks at each section's prose in one
piece first, with one trie-shaped pattern per id prefix, and walks item by item only where that finds
a candidate. The report's own text (title, foreword, methodology, the board's mandate, its members,
the glossary, 'none this year' statements) is looked at the same way, in one piece first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any, get_args

from pydantic import BaseModel

from ..core.problems import Loc, Problem
from ..schema import Item, NoneThisYear, Report, items

_REFERENCE_FIELDS = {
    "id",
    "audience",
    "models",
    "red_lines",
    "evaluations",
    "incidents",
    "meeting",
    "model",
    "red_line",
    "required_safeguards",
    "internal_deployment_safeguards",
    "development_safeguards",
    "framework",
    "category",
    "replaces",
    "split_from",
    "merged_into",
    "supersedes",
    "safeguards_active",
    "safeguards",
    "decision",
    "member",
    "in_favour",
    "against",
    "abstained",
    "absent",
}
_ID_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def _trie(words: Iterable[str]) -> str:
    """A regex for any of ``words``, shaped as a trie: ``re`` tries alternatives one by one, so
    a flat ``a|b|c`` over hundreds of ids is far slower, and a shared literal prefix lets it skip ahead."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        if "" in node:  # a word ends here and longer ones go on
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(root)


def _mention_patterns(hidden: Iterable[str]) -> list[re.Pattern[str]]:
    """One pattern per leading three characters, so each starts with a literal ``re`` searches for fast."""
    groups: dict[str, list[str]] = {}
    for item_id in hidden:
        groups.setdefault(item_id[:3], []).append(item_id)
    return [re.compile(_trie(ids)) for _, ids in sorted(groups.items())]


def _mentions(text: str, patterns: list[re.Pattern[str]]) -> Iterator[str]:
    """Ids in ``text`` standing as words of their own ("D-7." counts, "D-7b" and "XD-7" do not)."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            rest = text[end:].lstrip(".")
            if (start == 0 or text[start - 1] not in _ID_CHARS) and not (rest and rest[0] in _ID_CHARS):
                yield match.group()


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every free-text string inside an item, with its path; references are skipped (they are redacted)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name, inner in value.__dict__.items():
            if name not in _REFERENCE_FIELDS and inner is not None:
                yield from _texts(inner, (*loc, name))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _texts(inner, (*loc, index))


@functools.cache
def _prose_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold free text: not references, dates, numbers or fixed words."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if name not in _REFERENCE_FIELDS and _may_hold_text(info.annotation)
    )


def _may_hold_text(annotation: object) -> bool:
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return True
    return any(_may_hold_text(inner) for inner in get_args(annotation))


def _collect_prose(model: BaseModel, out: list[str], skip: frozenset[str] = frozenset()) -> None:
    """Every free-text string inside a model: :func:`_texts` without the paths and several times
    quicker, for the look that decides whether the paths are needed at all."""
    values = model.__dict__
    for name in _prose_fields(type(model)):
        if name in skip:
            continue
        inner = values[name]
        if type(inner) is str:
            out.append(inner)
        elif type(inner) is list:
            for element in inner:
                if type(element) is str:
                    out.append(element)
                elif isinstance(element, BaseModel):
                    _collect_prose(element, out)
        elif isinstance(inner, BaseModel):
            _collect_prose(inner, out)


def _not_public(item: Item) -> frozenset[str]:
    """Fields the public edition leaves out, and the bookkeeping shown (if at all) in other words."""
    hidden = (name for name, setting in item.field_audience.items() if setting.audience != "public")
    return frozenset((*hidden, "field_audience", "withheld_reason"))


def _shown_in_public(item: Item) -> list[str]:
    """What the public edition prints of an item: a withheld item's placeholder gives its reason; a
    public item shows its text except the fields it withholds, whose placeholders give their reasons."""
    if item.audience != "public":
        return [item.withheld_reason] if item.withheld_reason else []
    out = [setting.reason for setting in item.field_audience.values() if setting.reason]
    _collect_prose(item, out, _not_public(item))
    return out


def _public_texts(item: Item, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """:func:`_shown_in_public` with the path of each text."""
    if item.audience != "public":
        if item.withheld_reason:
            yield (*loc, "withheld_reason"), item.withheld_reason
        return
    for name, setting in item.field_audience.items():
        if setting.reason:
            yield (*loc, "field_audience", name, "reason"), setting.reason
    skip = _not_public(item)
    for name, inner in item.__dict__.items():
        if name not in skip and name not in _REFERENCE_FIELDS and inner is not None:
            yield from _texts(inner, (*loc, name))


# Fields of the report's and the board's own text that are not prose: references and file names.
_NOT_PROSE = frozenset({"foreword_by", "logo", "language", "chair", "members"})


def _model_texts(model: BaseModel, loc: Loc, skip: frozenset[str] = _NOT_PROSE) -> Iterator[tuple[Loc, str]]:
    """The free text of a model that is not an item, with paths (references, dates and fixed words left out)."""
    values = model.__dict__
    for name in _prose_fields(type(model)):
        if name not in skip and values[name] is not None:
            yield from _texts(values[name], (*loc, name))


def _report_texts(report: Report) -> Iterator[tuple[Loc, str]]:
    """Public text outside the items of the sections: the report's own (title, foreword, methodology ...),
    the board's mandate, each member's fields the public edition shows (a member is never withheld whole,
    only some fields) with the reasons of those it withholds, the glossary, and 'none this year' statements."""
    yield from _model_texts(report.report, ("report",))
    yield from _model_texts(report.board, ("board",))
    for i, member in enumerate(report.board.members):
        loc = ("board", "members", i)
        for name, setting in member.field_audience.items():
            if setting.audience != "public" and setting.reason:
                yield (*loc, "field_audience", name, "reason"), setting.reason
        yield from _model_texts(member, loc, _not_public(member))
    for i, entry in enumerate(report.glossary):
        yield from _model_texts(entry, ("glossary", i))
    for name in Report.model_fields:
        section = getattr(report, name)
        if isinstance(section, NoneThisYear):
            yield (name, "none_this_year"), section.none_this_year


def withheld_mentions(report: Report) -> Iterator[Problem]:
    """Text the public edition prints that names a withheld item would reveal it: warn where it does."""
    hidden = {
        item.id: item.audience
        for name in Report.model_fields
        for item in items(getattr(report, name))
        if isinstance(item, Item) and item.audience != "public"
    }
    if not hidden:
        return
    patterns = _mention_patterns(hidden)
    outside = list(_report_texts(report))
    if any(pattern.search("\n".join(text for _, text in outside)) for pattern in patterns):
        for loc, text in outside:
            found = next(_mentions(text, patterns), None)
            if found is not None:
                yield _problem(loc, found, hidden[found])
    for name in Report.model_fields:
        listed = [(i, item) for i, item in enumerate(items(getattr(report, name))) if isinstance(item, Item)]
        # One look at all of a section's public text at once before walking any item's fields: on a
        # 10-year archive nearly every section has no candidate at all.
        whole = "\n".join(text for _, item in listed for text in _shown_in_public(item))
        if not any(pattern.search(whole) for pattern in patterns):
            continue
        for i, item in listed:
            for loc, text in _public_texts(item, (name, i)):
                found = next(_mentions(text, patterns), None)
                if found is not None:
                    yield _problem(loc, found, hidden[found])


def _problem(loc: Loc, found: str, audience: str) -> Problem:
    return Problem(
        loc,
        f"public text mentions '{found}', which is {audience} only: the public edition would reveal it",
        "warning",
        code="withheld-mention",
    )
