"""Cross-checks of the items that passed schema validation, when others did not.

Schema errors used to stop validation before the cross-checks, so fixing five of them could reveal forty
more. Instead the items that failed are set aside (a list item of a section, or a board member), what is
left is validated again and cross-checked, and the findings are put back at the items' own positions.
A finding that only the setting aside caused is dropped: a reference to an item that is there but
broken is not an "unknown id", and a vote cannot be counted without one of the members.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import Loc, Problem
from ..schema.base import ID_PATTERN

_ID = re.compile(ID_PATTERN)
_QUOTED = re.compile(r"'([^'\s]+)'")  # how a message names an id: 'D-2026-03'
# Where list items may be set aside: a section's items, and the board's members.
_MEMBERS = ("board", "members")
# Findings that judge what is absent or counted, which a set-aside item would have changed, by the
# section whose items were set aside. The rest are dropped when they name a set-aside item's id.
_COUNTED_BY = {
    "members": frozenset({"quorum", "vote", "attendance", "outcome", "casting-vote", "member-audience"}),
    "meetings": frozenset({"quorum", "vote", "attendance", "outcome", "casting-vote"}),
    "decisions": frozenset({"unaddressed", "history"}),
    "disclosures": frozenset({"disclosure-missing", "duplicate"}),
}


@dataclass
class SetAside:
    """The input document without the items that failed schema validation, and how to put locations back."""

    document: dict[str, Any]
    kept: dict[Loc, list[int]] = field(default_factory=dict)  # list path -> original index of each kept item
    ids: set[str] = field(default_factory=set)  # the ids of the items set aside
    sections: set[str] = field(default_factory=set)  # the sections (and 'members') items were taken from
    unnamed: set[str] = field(default_factory=set)  # ... and those where one had no valid id to match

    def original(self, loc: Loc) -> Loc:
        """``loc`` in the pruned document, as a location in the document as written."""
        for prefix, indices in self.kept.items():
            n = len(prefix)
            index = loc[n] if loc[:n] == prefix and len(loc) > n else None
            if isinstance(index, int) and index < len(indices):
                return (*prefix, indices[index], *loc[n + 1 :])
        return loc

    def caused(self, problem: Problem) -> bool:
        """Whether ``problem`` comes only from the items set aside."""
        if any(problem.code in _COUNTED_BY.get(section, ()) for section in self.sections):
            return True
        if any(prefix[: len(problem.loc)] == problem.loc for prefix in self.kept):
            return True  # about a list items were taken from, as a whole: "an empty list", say
        if problem.code == "dangling-ref" and self.unnamed and problem.refers_to in (*self.unnamed, None):
            return True  # it may name the item whose id is broken: that id's own error says what to fix
        return not self.ids.isdisjoint(_QUOTED.findall(problem.message))


def set_aside(document: dict[str, Any], failed: Iterable[Loc], known: Collection[str]) -> SetAside | None:
    """The document without the list items at the ``failed`` locations (pydantic's, union tags removed)
    and without keys that are not ``known`` sections, or None when a failure is not inside such an item
    (a section as a whole, the report's own fields): the cross-checks then wait, as what they judge is
    not known."""
    drop: dict[Loc, set[int]] = {}
    unknown = set()
    for loc in failed:
        if len(loc) == 1 and loc[0] not in known:
            unknown.add(loc[0])
            continue
        prefix: Loc = _MEMBERS if loc[:2] == _MEMBERS else loc[:1]
        index = loc[len(prefix)] if len(loc) > len(prefix) else None
        held = _at(document, prefix)
        if not isinstance(index, int) or not isinstance(held, list) or not 0 <= index < len(held):
            return None
        drop.setdefault(prefix, set()).add(index)
    pruned = SetAside({key: value for key, value in document.items() if key not in unknown})
    for prefix, indices in drop.items():
        held = _at(document, prefix)
        assert isinstance(held, list)
        pruned.kept[prefix] = [k for k in range(len(held)) if k not in indices]
        for k in indices:
            ident = held[k].get("id") if isinstance(held[k], dict) else None
            if isinstance(ident, str) and _ID.match(ident):
                pruned.ids.add(ident)
            else:
                pruned.unnamed.add(str(prefix[-1]))
        pruned.sections.add(str(prefix[-1]))
        kept = [held[k] for k in pruned.kept[prefix]]
        if prefix == _MEMBERS:
            pruned.document["board"] = {**document["board"], "members": kept}
        else:
            pruned.document[str(prefix[0])] = kept
    return pruned


def _at(document: dict[str, Any], prefix: Loc) -> object:
    node: object = document
    for part in prefix:
        node = node.get(part) if isinstance(node, dict) and isinstance(part, str) else None
    return node
