"""Looks over a whole report that several checks need, each taken once and shared.

On a 10-year archive every look at ten thousand decisions costs milliseconds, spent waiting for memory
rather than computing, so what two checks need from the same items is gathered in one pass: the ids
of each section (references, example text) and, from each decision, its dissents and whether its prose
may hold HTML or an image (references, prose markup). Kept for the last report only, dropped with it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from ..schema import Item, Report, items

_T = TypeVar("_T")
_last: tuple[weakref.ref[Report], dict[str, object]] | None = None


def _shared(report: Report, name: str, compute: Callable[[Report], _T]) -> _T:
    global _last
    last = _last  # one read: another thread may replace it meanwhile
    if last is None or last[0]() is not report:
        last = (weakref.ref(report, _forget), {})
        _last = last
    found = last[1]
    if name not in found:
        found[name] = compute(report)
    return cast(_T, found[name])


def _forget(ref: weakref.ref[Report]) -> None:
    global _last
    last = _last
    if last is not None and last[0] is ref:
        _last = None


def section_ids(report: Report) -> dict[str, set[str]]:
    """Section name (and ``members``) -> the ids of its items. The sets are shared: do not change them."""
    return _shared(report, "ids", _section_ids)


def _section_ids(report: Report) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {"members": {m.id for m in report.board.members}}
    for name in Report.model_fields:
        ids[name] = {item.id for item in items(getattr(report, name)) if isinstance(item, Item)}
    return ids


@dataclass(frozen=True)
class DecisionScan:
    """What one pass over the decisions found."""

    referenced: dict[str, set[str]]  # section (members for dissents) -> every id the decisions name there
    markup_suspects: list[int]  # decisions whose rationale or a dissent holds '<' or '!'


def decision_scan(report: Report) -> DecisionScan:
    return _shared(report, "decisions", _decision_scan)


def _decision_scan(report: Report) -> DecisionScan:
    """One pass, each decision's fields read while it is at hand: a pass per field took half as long again
    on a 10-year archive. Votes are not collected here (:func:`checks._votes` looks at them)."""
    meetings: set[str | None] = set()
    models: set[str] = set()
    red_lines: set[str] = set()
    evaluations: set[str] = set()
    incidents: set[str] = set()
    members: set[str] = set()
    suspects: list[int] = []
    for i, decision in enumerate(items(report.decisions)):
        values = decision.__dict__
        meetings.add(values["meeting"])
        models.update(values["models"])
        red_lines.update(values["red_lines"])
        evaluations.update(values["evaluations"])
        incidents.update(values["incidents"])
        text = values["rationale"]
        suspect = "<" in text or "!" in text
        for dissent in values["dissents"]:  # most decisions have none
            members.add(dissent.member)
            text = dissent.statement
            suspect = suspect or "<" in text or "!" in text
        if suspect:
            suspects.append(i)
    meetings.discard(None)
    referenced = {
        "meetings": cast(set[str], meetings),
        "models": models,
        "red_lines": red_lines,
        "evaluations": evaluations,
        "incidents": incidents,
        "members": members,
    }
    return DecisionScan(referenced, suspects)
