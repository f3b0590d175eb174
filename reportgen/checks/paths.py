"""How a finding names where it is: ``decisions[D-2026-03].vote.in_favour[1]``."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..schema.base import ID_PATTERN


def dotted(loc: tuple[str | int, ...], document: object = None) -> str:
    """``decisions[D-2026-03].field_audience.rationale``; an ``@key`` step (pointing at a key) is not shown.

    With the ``document`` the path runs through, a list item is named by its id when it has one that is
    valid and unique in its list: positions are counted across the files a section is merged from, so
    ``decisions[2]`` may be the only decision in its file. Without one it keeps its index."""
    out = ""
    node = document
    for part in loc:
        if part == "@key":
            continue
        if isinstance(part, int):
            held = node if isinstance(node, list) else None
            node = held[part] if held is not None and 0 <= part < len(held) else None
            out += f"[{_item_name(node, held, document) or part}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            out += f".{part}" if out else str(part)
    return out


_ID = re.compile(ID_PATTERN)
# The id counts of each list in the last document asked about (every finding of a run names items in
# the same lists), by the list's identity; the lists are kept so that an identity is not reused.
_last_counts: tuple[object, dict[int, tuple[list[Any], Counter[str]]]] | None = None


def _item_name(item: object, held: list[Any] | None, document: object) -> str | None:
    """The id naming ``item`` in a path, or None (no id, an invalid one, or one its list holds twice)."""
    ident = item.get("id") if isinstance(item, dict) else None
    if held is None or not isinstance(ident, str) or not _ID.match(ident):
        return None
    global _last_counts
    if _last_counts is None or _last_counts[0] is not document:
        _last_counts = (document, {})
    counted = _last_counts[1].get(id(held))
    if counted is None:
        ids = (entry.get("id") for entry in held if isinstance(entry, dict))
        counted = (held, Counter(i for i in ids if isinstance(i, str)))
        _last_counts[1][id(held)] = counted
    return ident if counted[1][ident] == 1 else None
