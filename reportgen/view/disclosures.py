"""The disclosure index appendix: requirement by requirement, where the report answers each checklist it
names (GRI's content index, for AI governance), as one edition shows it."""

from __future__ import annotations

from ..checks.disclosures import Coverage, Place
from .viewmodel import DisclosureChecklistView, DisclosureRowView
from .viewmodel_base import Ref
from .withheld_in_place import SECTION_VIEWS

# Where a whole section is answered: the chapter that shows it.
_CHAPTERS = {
    "red_lines": "red-lines",
    "frameworks": "frameworks",
    "evaluations": "evaluations",
    "decisions": "decisions",
    "incidents": "incidents",
    "information_sharing": "sharing",
    "partnerships": "sharing",
    "safeguards": "safeguards",
    "access_programmes": "safeguards",
    "attestations": "attestations",
    "meetings": "board",
    "members": "board",
    "board": "board",
    "models": "evaluations",
    "report": "methodology",
    "glossary": "methodology",
}
STATUS_WORDS = {
    "answered": "Answered",
    "partial": "Partly answered",
    "omitted": "Omitted",
    "missing": "Not answered",
    "restricted": "Answered in a restricted edition",
}
OMISSION_WORDS = {
    "not_applicable": "not applicable",
    "confidential": "confidential",
    "not_yet_available": "not yet available",
}


def _place(place: Place) -> Ref | None:
    """A link to the item (or the chapter) that answers; None for what this edition does not show."""
    if not place.shown:
        return None
    if place.item is None:
        chapter = _CHAPTERS.get(place.section, place.section.replace("_", "-"))
        return Ref(chapter, place.section.replace("_", " ").capitalize())
    prefix = SECTION_VIEWS.get(place.section, (place.section, place.section))[1]
    return Ref(f"{prefix}-{place.item}", place.item)  # the id alone: the table stays a scannable index


def disclosure_index(coverage: Coverage | None) -> list[DisclosureChecklistView]:
    """Each checklist with its counts and one row per requirement, in the checklist's order."""
    if coverage is None:
        return []
    views = []
    for checklist in coverage.checklists:
        rows = []
        for requirement in checklist.requirements:
            places = [ref for ref in map(_place, requirement.places) if ref is not None]
            note = requirement.partial or ""
            if requirement.omitted:
                reason = OMISSION_WORDS.get(requirement.omitted, requirement.omitted)
                note = f"{reason.capitalize()}: {requirement.explanation}" if requirement.explanation else reason
            rows.append(
                DisclosureRowView(
                    id=requirement.id,
                    title=requirement.title,
                    source=requirement.source,
                    status=STATUS_WORDS.get(requirement.status, requirement.status),
                    status_code=requirement.status,
                    places=places,
                    note=note,
                )
            )
        counts = checklist.counts
        summary = [
            (str(counts.answered), "answered"),
            (str(counts.partial), "partly answered"),
            (str(counts.omitted), "omitted"),
            (str(counts.restricted), "in a restricted edition"),
            (str(counts.missing), "not answered"),
        ]
        views.append(
            DisclosureChecklistView(
                id=checklist.id,
                name=checklist.name,
                version=checklist.version,
                url=checklist.url or "",
                counts=[(n, label) for n, label in summary if n != "0" or label == "answered"],
                rows=rows,
            )
        )
    return views
