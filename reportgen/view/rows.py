"""The sections the report shows as uniform rows: incidents, information sharing, partnerships,
safeguards, access programmes and attestations (models have their own view, :mod:`reportgen.view.models`).
Each row's facts, order and badge are decided here."""

from __future__ import annotations

from ..core import labels as L
from ..schema import Report, items
from .links import Links, anchor
from .prose import render_markdown
from .viewmodel import Row


def row_sections(report: Report, refs: Links) -> dict[str, list[Row]]:
    incidents = [
        Row(
            anchor=anchor("incident", i.id),
            id=i.id,
            title=i.title,
            facts=[
                ("Detected", L.long_date(i.detected)),
                ("Resolved", L.long_date(i.resolved) if i.resolved else "Open"),
                ("Models", ", ".join(r.text for r in refs.refs("model", i.models)) or "–"),
                ("Notified", ", ".join(i.notified) or "–"),
            ],
            body=render_markdown(i.description),
            badge=i.severity.capitalize(),
            badge_code=f"severity-{i.severity}",
            timeline=[(L.short_date(t.date), t.event) for t in sorted(i.timeline, key=lambda t: t.date)],
        )
        for i in sorted(items(report.incidents), key=lambda i: (i.detected, i.id))
    ]
    sharing = [
        Row(
            anchor=anchor("sharing", s.id),
            id=s.id,
            title=", ".join(s.counterparties),
            facts=[
                ("Date", L.short_date(s.date)),
                ("Kind", L.label({}, s.kind)),
                ("Models", ", ".join(r.text for r in refs.refs("model", s.models)) or "–"),
            ],
            body=render_markdown(s.scope),
            badge=f"TLP:{s.tlp.upper()}",
            badge_code=f"tlp-{s.tlp.replace('+', '-')}",
        )
        for s in sorted(items(report.information_sharing), key=lambda s: (s.date, s.id))
    ]
    partnerships = [
        Row(
            anchor=anchor("partnership", p.id),
            id=p.id,
            title=p.partner,
            facts=[("Kind", L.label({}, p.kind)), ("Since", L.long_date(p.since))],
            body=render_markdown(p.description),
        )
        for p in sorted(items(report.partnerships), key=lambda p: (p.since, p.id))
    ]
    status_order = {"verified": 0, "implemented": 1, "planned": 2}
    safeguards = [
        Row(
            anchor=anchor("safeguard", s.id),
            id=s.id,
            title=s.name,
            facts=[
                ("Kind", L.label({}, s.kind)),
                ("Verified by", s.verified_by or "–"),
                *([("Standard", s.level)] if s.level else []),
                *(
                    [("Supersedes", ", ".join(r.text for r in refs.refs("safeguard", s.supersedes)))]
                    if s.supersedes
                    else []
                ),
            ],
            body=render_markdown(s.description),
            badge=L.label(L.STATUS_LABELS, s.status),
            badge_code=f"status-{s.status}",
        )
        for s in sorted(items(report.safeguards), key=lambda s: (status_order[s.status], s.name))
    ]
    programmes = [
        Row(
            anchor=anchor("programme", a.id),
            id=a.id,
            title=a.name,
            facts=[
                ("Launched", L.long_date(a.launched)),
                ("Participants", str(sum(t.participants for t in a.tiers))),
                ("Safeguards", ", ".join(r.text for r in refs.refs("safeguard", a.safeguards)) or "–"),
            ],
            body=render_markdown(a.purpose),
            timeline=[
                (
                    t.name,
                    f"{t.eligibility} Models: {', '.join(r.text for r in refs.refs('model', t.models))}. "
                    f"{L.plural(t.participants, 'participant')}.",
                )
                for t in a.tiers
            ],
        )
        for a in items(report.access_programmes)
    ]
    attestation_order = {"chair_statement": 0, "external_auditor": 1, "member_statement": 2}
    attestations = [
        Row(
            anchor=anchor("attestation", a.id),
            id=a.id,
            title=L.label(
                {
                    "chair_statement": "Statement of the Chair",
                    "external_auditor": "Statement of the external auditor",
                    "member_statement": "Statement of a member",
                },
                a.kind,
            ),
            facts=[("Signed", a.by), ("Role", a.role), ("Date", L.long_date(a.date))],
            body=render_markdown(a.statement),
        )
        for a in sorted(items(report.attestations), key=lambda a: (attestation_order[a.kind], a.date, a.id))
    ]
    return {
        "incidents": incidents,
        "sharing": sharing,
        "partnerships": partnerships,
        "safeguards": safeguards,
        "access_programmes": programmes,
        "attestations": attestations,
    }
