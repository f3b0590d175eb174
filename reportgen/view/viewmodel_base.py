"""The parts of the view model every section's dataclasses use: a link to another item (:class:`Ref`), a
field an edition withholds (:class:`WithheldPart`, :class:`WithheldFields`), and a withheld item's
placeholder in its list (:class:`Placeholder`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Ref:
    """A link to another item (its anchor and label), or a withheld reference."""

    anchor: str
    text: str
    withheld: bool = False


@dataclass(frozen=True)
class WithheldPart:
    """A field this edition withholds from an item it shows, displayed where the field would be."""

    label: str  # "Rationale"
    text: str  # "Rationale withheld from this edition"
    reason: str
    short_commitment: str
    register_anchor: str  # the full entry in the withheld chapter


class WithheldFields(dict[str, WithheldPart]):
    """Withheld fields by name; a field that is not withheld reads as None, so that a template can ask
    ``d.withheld.rationale``."""

    def __getattr__(self, name: str) -> WithheldPart | None:
        return self.get(name)


@dataclass(frozen=True)
class Placeholder:
    """A withheld item, displayed where it would sit in its section's list."""

    title: str  # "Decision withheld"
    date: str  # "" when the item has no date
    reason: str
    short_commitment: str
    register_anchor: str
    placeholder: ClassVar[bool] = True
