"""The ids of each section of a report, worked out once and shared by the checks that need them.

Collecting them touches every item: on a 10-year archive that costs milliseconds, mostly waiting for
memory, so the references check and the example-text check share one collection. It is kept for the
last report only, and dropped with it.
"""

from __future__ import annotations

import weakref

from .schema import Item, Report, items

_last: tuple[weakref.ref[Report], dict[str, set[str]]] | None = None


def section_ids(report: Report) -> dict[str, set[str]]:
    """Section name (and ``members``) -> the ids of its items. The sets are shared: do not change them."""
    global _last
    last = _last  # one read: another thread may replace it meanwhile
    if last is not None and last[0]() is report:
        return last[1]
    ids: dict[str, set[str]] = {"members": {m.id for m in report.board.members}}
    for name in Report.model_fields:
        ids[name] = {item.id for item in items(getattr(report, name)) if isinstance(item, Item)}
    _last = (weakref.ref(report, _forget), ids)
    return ids


def _forget(ref: weakref.ref[Report]) -> None:
    global _last
    last = _last
    if last is not None and last[0] is ref:
        _last = None
