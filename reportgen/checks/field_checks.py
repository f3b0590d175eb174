"""Cross-checks of per-field audiences (``field_audience``): which fields may be withheld on their own.

A field may have its own, narrower audience when an edition can leave it out honestly: an optional field
(it becomes absent) or a required piece of prose (it becomes a neutral placeholder). Fields that make
up what the item is (its id, date, kind, title, required lists and records) cannot: the whole item
is withheld instead. Problems are located by their path in the input document, like :mod:`checks`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..core import labels as L
from ..core.problems import Loc, Problem
from ..schema import AUDIENCE_ORDER, LIST_SECTIONS, Item, Report, items
from .messages import did_you_mean

# Fields that say how the item itself is shared: they cannot be shared differently from it.
ITEM_FIELDS = ("id", "audience", "withheld_reason", "field_audience")
# Optional fields that still say what the item is (a red line's threshold, tier and place in a framework,
# its lineage, which models an evaluation covers, a framework's version facts), by model: an edition that
# left one out would misstate the item, so the whole item is withheld instead.
DEFINING_FIELDS: dict[str, frozenset[str]] = {
    "RedLine": frozenset(
        {
            "kind",
            "tier",
            "tier_label",
            "criterion",
            "response",
            "decided_by",
            "framework",
            "category",
            "level",
            "replaces",
            "split_from",
            "merged_into",
            "internal_deployment_safeguards",
            "development_safeguards",
        }
    ),
    "Evaluation": frozenset({"model", "models"}),
    "Model": frozenset({"determinations", "safeguards_active"}),
    "Safeguard": frozenset({"level", "supersedes", "replaces_stronger"}),
    "Framework": frozenset({"url", "effective", "adopted", "supersedes", "categories"}),
}
_PROSE_LENGTH = 100_000  # the maximum length of Text and Markdown, against 300 for ShortText


def _is_prose(info: FieldInfo) -> bool:
    return info.annotation is str and any(getattr(m, "max_length", 0) == _PROSE_LENGTH for m in info.metadata)


def withholding_refusal(model: type[BaseModel], name: str, label: str) -> str | None:
    """Why field ``name`` of a ``label`` cannot have an audience of its own; None when it can."""
    if name in ITEM_FIELDS:
        if name == "id":
            return "'id' cannot have an audience of its own: it names the item; withhold the whole item instead"
        return f"'{name}' cannot have an audience of its own: it says how the whole item is shared"
    if name in DEFINING_FIELDS.get(model.__name__, frozenset()):
        return (
            f"'{name}' cannot have an audience of its own: it says what the {label} is; "
            "withhold the whole item instead (set its audience)"
        )
    info = model.model_fields[name]
    if info.is_required():
        if _is_prose(info):
            return None
        return (
            f"'{name}' cannot have an audience of its own: every {label} shows it; "
            "withhold the whole item instead (set its audience)"
        )
    default = info.get_default(call_default_factory=True)
    if default is None or default == []:
        return None
    return (
        f"'{name}' cannot have an audience of its own: it always shows a value ('{default}' when left out); "
        "withhold the whole item instead (set its audience)"
    )


def withholdable_fields(model: type[BaseModel]) -> list[str]:
    """Every field of ``model`` that may have an audience of its own, in schema order."""
    return [name for name in model.model_fields if withholding_refusal(model, name, "item") is None]


def _sections(report: Report) -> Iterator[tuple[str, Loc, list[Item]]]:
    yield "members", ("board", "members"), list(report.board.members)
    for section in LIST_SECTIONS:
        yield section, (section,), [i for i in items(getattr(report, section)) if isinstance(i, Item)]


def field_audience_problems(report: Report) -> Iterator[Problem]:
    """Every ``field_audience`` entry names a field that can be withheld, for a narrower audience; and no
    board member is withheld whole (every edition lists the whole board: that would publish them)."""
    for index, member in enumerate(report.board.members):
        if member.audience != "public":
            yield Problem(
                ("board", "members", index, "audience"),
                "a board member cannot be withheld from an edition: every edition lists the whole board; "
                "withhold single fields with field_audience instead (e.g. field_audience: {biography: internal})",
                code="member-audience",
            )
    for section, prefix, section_items in _sections(report):
        label = L.ITEM_LABELS[section]
        for index, item in enumerate(section_items):
            for name, setting in item.field_audience.items():
                loc: Loc = (*prefix, index, "field_audience")
                yield from _entry_problems(type(item), item, name, setting.audience, label, loc)


def _entry_problems(model: type[Item], item: Item, name: str, audience: str, label: str, loc: Loc) -> Iterator[Problem]:

    if name not in model.model_fields:
        choices = withholdable_fields(model)
        hint = did_you_mean(name, sorted(model.model_fields)) or f"; fields that can: {', '.join(choices)}"
        yield Problem(
            (*loc, "@key", name),
            f"'{name}' is not a field of a {label}, so it cannot have an audience of its own{hint}",
            code="field-audience",
        )
        return
    refusal = withholding_refusal(model, name, label)
    if refusal is not None:
        yield Problem((*loc, "@key", name), refusal, code="field-audience")
        return
    if AUDIENCE_ORDER[audience] < AUDIENCE_ORDER[item.audience]:
        yield Problem(
            (*loc, name),
            f"'{name}' cannot be {audience} when the {label} itself is {item.audience}: "
            "a field can only be narrower than its item",
            code="field-audience",
        )
    elif audience == item.audience:
        yield Problem(
            (*loc, name),
            f"'{name}' is already {audience} with the rest of the {label}: remove this line",
            "warning",
            code="field-audience",
        )
