"""Links between items in the view: stable anchors, and references that show what this edition withholds."""

from __future__ import annotations

from ..core import labels as L
from ..editions.filtering import WITHHELD_REF
from ..schema import Report, items
from .viewmodel_base import Ref


def anchor(kind: str, item_id: str) -> str:
    """The stable anchor of an item: ``decision-D-2026-014``, ``red-line-RL-CYBER-1``."""
    return f"{kind}-{item_id}"


class Links:
    """Links to items by id; a reference to an item this edition does not hold shows as withheld."""

    def __init__(self, report: Report) -> None:
        self.labels: dict[tuple[str, str], str] = {}
        for model in items(report.models):
            self.labels[("model", model.id)] = model.name
        for line in items(report.red_lines):
            self.labels[("red-line", line.id)] = f"{line.id} {line.title}"
        for decision in items(report.decisions):
            self.labels[("decision", decision.id)] = decision.id
        for evaluation in items(report.evaluations):
            self.labels[("evaluation", evaluation.id)] = evaluation.id
        for incident in items(report.incidents):
            self.labels[("incident", incident.id)] = incident.title
        for safeguard in items(report.safeguards):
            self.labels[("safeguard", safeguard.id)] = safeguard.name
        for meeting in items(report.meetings):
            self.labels[("meeting", meeting.id)] = L.long_date(meeting.date)
        self.members = {m.id: m for m in report.board.members}

    def ref(self, kind: str, item_id: str) -> Ref:
        text = self.labels.get((kind, item_id))
        if item_id == WITHHELD_REF:
            return Ref("", f"withheld {kind.replace('-', ' ')}", withheld=True)
        if text is None:  # an item of an earlier report (a past decision in a red line's history)
            return Ref("", f"{item_id} (earlier report)", withheld=False)
        return Ref(anchor(kind, item_id), text)

    def refs(self, kind: str, ids: list[str]) -> list[Ref]:
        return [self.ref(kind, i) for i in ids]

    def name(self, member_id: str) -> str:
        member = self.members.get(member_id)
        return member.name if member else "a withheld member"
