"""The models under the board's oversight, with the safeguard standards in force for each and the formal
determinations made about them ("treated as High", "ASL-3 not reached")."""

from __future__ import annotations

from ..core import labels as L
from ..schema import Model, Report, items
from .frameworks import categories_by_id, line_ref, source_parts
from .links import Links, anchor
from .prose import render_markdown
from .viewmodel import ModelView
from .viewmodel_base import Ref
from .viewmodel_red_lines import DeterminationView


def sorted_models(report: Report) -> list[Model]:
    return sorted(items(report.models), key=lambda m: (m.developer, m.name, m.id))


def determination_views(report: Report, refs: Links) -> list[DeterminationView]:
    """Every determination, by model (in the order the models are listed), then date."""
    categories = categories_by_id(report)
    titles = {line.id: line.title for line in items(report.red_lines)}
    views = []
    for model in sorted_models(report):
        for d in sorted(model.determinations, key=lambda d: d.date):
            if d.red_line:
                concerning, note = line_ref(refs, d.red_line), titles.get(d.red_line, "")
            else:
                found = categories.get(d.category or "")
                name = found[1].name if found else (d.category or "")
                concerning, note = Ref("", " · ".join(part for part in (name, d.level or "") if part)), ""
            views.append(
                DeterminationView(
                    date=L.short_date(d.date),
                    model=refs.ref("model", model.id),
                    concerning=concerning,
                    concerning_note=note,
                    outcome=L.DETERMINATION_LABELS[d.outcome],
                    outcome_code=d.outcome,
                    safeguards=refs.refs("safeguard", d.safeguards),
                    by=d.by or "",
                    decision=refs.ref("decision", d.decision) if d.decision else None,
                    note=d.note or "",
                    source=source_parts(d.source)[0],
                    source_text=source_parts(d.source)[1],
                    source_note=source_parts(d.source)[2],
                    red_line_id=d.red_line or "",
                )
            )
    return views


def model_views(report: Report, refs: Links) -> list[ModelView]:
    """Each model, by developer and name, with its safeguard standards and determinations."""
    determinations = determination_views(report, refs)
    return [
        ModelView(
            anchor=anchor("model", m.id),
            id=m.id,
            name=m.name,
            developer=m.developer,
            status=L.label(L.STATUS_LABELS, m.status),
            description=render_markdown(m.description),
            safeguards_active=refs.refs("safeguard", m.safeguards_active),
            determinations=[d for d in determinations if d.model.anchor == anchor("model", m.id)],
        )
        for m in sorted_models(report)
    ]
