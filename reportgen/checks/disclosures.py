"""The disclosure index: the checklists a report names (:func:`resolve_checklists`: shipped ones by id,
a board's own files by their path in the report folder) and the coverage of each checklist requirement by
requirement (:func:`coverage`, pure, for the report's appendix and ``reportgen check``): each requirement's
status in an edition, where the report answers it, and the counts.

The view calls ``coverage(report, resolve_checklists(report, root).checklists, edition)``; the shape it
returns is :class:`Coverage` (``to_json()`` gives the same as plain data). Reading a checklist file is
:mod:`.checklist_files`; the checks of ``disclosures`` are :mod:`.disclosure_checks`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ..core.problems import Loc, Problem
from ..core.sections import LIST_SECTIONS
from ..editions.filtering import WITHHELD_REF
from ..schema import AUDIENCE_ORDER, Checklist, ChecklistRequirement, Report, RequirementAnswer, items
from .checklist_files import (
    ANSWERING_SECTIONS,
    CHECKLIST_FOLDER,
    CHECKLIST_SUFFIXES,
    ChecklistError,
    read_checklist,
    shipped_checklists,
)
from .messages import did_you_mean

Status = Literal["answered", "partial", "omitted", "missing", "restricted"]
STATUSES: tuple[Status, ...] = ("answered", "partial", "omitted", "missing", "restricted")


def _is_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.lower().endswith(CHECKLIST_SUFFIXES)


@dataclass(frozen=True)
class Resolved:
    """The checklists ``report.checklists`` names, by id, with the problems of those that could not be read."""

    checklists: dict[str, Checklist]
    problems: list[Problem]
    unavailable: list[str]  # files named when no report folder was given (a side read from a built edition)
    unresolved: int = 0  # names that are not checklists (each a problem) or are unavailable
    locations: dict[str, Loc] = field(default_factory=dict)  # checklist id -> where report.checklists names it


def resolve_checklists(report: Report, root: Path | None = None, extra: Iterable[Checklist] = ()) -> Resolved:
    """The checklists a report names in ``report.checklists``: shipped ones by id, files by their path in the
    report folder ``root`` (left ``unavailable`` without one), and ``extra`` ones (``--checklist``) by id."""
    given = {c.id: c for c in extra}
    shipped = shipped_checklists()
    found: dict[str, Checklist] = {}
    where: dict[str, Loc] = {}
    by_name: dict[str, Loc] = {}
    problems: list[Problem] = []
    unavailable: list[str] = []
    for k, name in enumerate(report.report.checklists):
        loc: Loc = ("report", "checklists", k)
        if name in by_name:
            problems.append(
                Problem(
                    loc,
                    f"checklist '{name}' is named twice (also at {{related}})",
                    code="duplicate",
                    related=by_name[name],
                )
            )
            continue
        by_name[name] = loc
        checklist: Checklist | None = None
        if name in given:
            checklist = given[name]
        elif _is_path(name):
            if root is None:
                unavailable.append(name)
                continue
            checklist, problem = _from_folder(root, name)
            if problem is not None:
                problems.append(Problem(loc, problem, code="checklist"))
                continue
        elif name in shipped:
            checklist = shipped[name]
        else:
            known = sorted({*shipped, *given})
            problems.append(
                Problem(
                    loc,
                    f"checklist '{name}' is neither a shipped checklist ({', '.join(known)}) nor a file in the "
                    f"report folder{did_you_mean(name, known)}",
                    code="checklist",
                )
            )
            continue
        assert checklist is not None
        if checklist.id in where:
            problems.append(
                Problem(
                    loc,
                    f"checklist file '{name}' has the id '{checklist.id}', which report.checklists already names "
                    "(at {related}): give the file an id of its own",
                    code="checklist",
                    related=where[checklist.id],
                )
            )
            continue
        found[checklist.id] = checklist
        where[checklist.id] = loc
    unresolved = len(unavailable) + sum(1 for p in problems if p.code == "checklist" and p.related is None)
    return Resolved(found, problems, unavailable, unresolved=unresolved, locations=where)


def _from_folder(root: Path, name: str) -> tuple[Checklist | None, str | None]:
    """A checklist file named by its path in the report folder, or what is wrong with it."""
    path = root / name
    inside = not Path(name).is_absolute() and path.resolve().is_relative_to(root.resolve())
    if not inside:
        return None, (
            f"checklist file '{name}' is outside the report folder: copy it into the folder, e.g. to "
            f"{CHECKLIST_FOLDER}/"
        )
    if not path.is_file():
        return None, f"checklist file '{name}' is not in the report folder (keep it in {CHECKLIST_FOLDER}/)"
    try:
        return read_checklist(path.read_bytes(), name), None
    except OSError as exc:
        return None, f"checklist file '{name}' cannot be read: {exc.strerror or exc}"
    except ChecklistError as error:
        return None, f"checklist file '{name}' is not a valid checklist: {error.first()}"


@dataclass(frozen=True)
class Place:
    """Where a requirement is answered: an item (``item`` its id) or a whole section (``item`` None).

    In an edition that does not show the item, ``shown`` is False and ``item`` and ``title`` are None:
    coverage never names what the edition withholds."""

    section: str  # the section's name; "board" for a board member; "" for a reference an edition redacted
    item: str | None
    title: str | None
    audience: str  # the widest audience that sees it; "" when not known (a reference an edition redacted)
    shown: bool


@dataclass(frozen=True)
class RequirementCoverage:
    """One requirement of a checklist, as an edition of the report answers it."""

    id: str
    title: str
    text: str
    source: str
    group: str | None
    status: Status  # restricted: answered (or partly), but only in editions narrower than the one asked about
    places: tuple[Place, ...] = ()  # where it is answered, in the order the disclosures name them
    partial: str | None = None  # what is still missing (a partial answer, or a restricted one that is partial)
    omitted: str | None = None  # the reason: not_applicable, confidential, not_yet_available
    explanation: str | None = None  # the omission's text
    note: str | None = None
    restricted_to: str | None = None  # restricted: the widest edition that shows the answer (regulator, internal)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "source": self.source,
            "group": self.group,
            "status": self.status,
            "places": [place.__dict__ for place in self.places],
            "partial": self.partial,
            "omitted": {"reason": self.omitted, "text": self.explanation} if self.omitted else None,
            "note": self.note,
            "restricted_to": self.restricted_to,
        }


@dataclass(frozen=True)
class Counts:
    """How many requirements of a checklist have each status."""

    answered: int = 0
    partial: int = 0
    omitted: int = 0
    missing: int = 0
    restricted: int = 0

    @property
    def total(self) -> int:
        return self.answered + self.partial + self.omitted + self.missing + self.restricted

    def to_json(self) -> dict[str, int]:
        return {**{s: getattr(self, s) for s in STATUSES}, "total": self.total}


@dataclass(frozen=True)
class ChecklistCoverage:
    """One checklist, requirement by requirement."""

    id: str
    name: str
    version: str
    url: str
    requirements: tuple[RequirementCoverage, ...]

    @property
    def counts(self) -> Counts:
        found = {s: sum(1 for r in self.requirements if r.status == s) for s in STATUSES}
        return Counts(**found)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "version": self.version,
            "url": self.url,
            "counts": self.counts.to_json(),
            "requirements": [r.to_json() for r in self.requirements],
        }


@dataclass(frozen=True)
class Coverage:
    """Every checklist asked about, as ``edition`` shows the report (:func:`coverage`)."""

    edition: str
    checklists: tuple[ChecklistCoverage, ...]

    def checklist(self, checklist_id: str) -> ChecklistCoverage | None:
        return next((c for c in self.checklists if c.id == checklist_id), None)

    @property
    def complete(self) -> bool:
        """No requirement of any checklist is neither answered nor omitted."""
        return all(c.counts.missing == 0 for c in self.checklists)

    def to_json(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "complete": self.complete,
            "checklists": [c.to_json() for c in self.checklists],
        }


def _index(report: Report) -> dict[str, list[tuple[str, str | None, str]]]:
    """Item id -> (section, title, audience) of each item with that id (board members in section 'board')."""
    found: dict[str, list[tuple[str, str | None, str]]] = {}
    for member in report.board.members:
        found.setdefault(member.id, []).append(("board", member.name, "public"))
    for section in LIST_SECTIONS:
        for item in items(getattr(report, section)):
            title = getattr(item, "title", None) or getattr(item, "name", None)
            found.setdefault(item.id, []).append((section, title if isinstance(title, str) else None, item.audience))
    return found


def coverage(
    report: Report, checklists: Iterable[Checklist] | Mapping[str, Checklist], edition: str = "internal"
) -> Coverage:
    """Each checklist's requirements as ``edition`` (public, regulator or internal) shows the report.

    Pure: it reads only its arguments. A requirement is *answered* when the disclosures name items or
    sections for it, *partial* when they also say what is missing, *omitted* with a reason, *missing* when
    the disclosures do not mention it, and *restricted* when every item answering it is withheld from
    ``edition`` (a reference an edition's data redacted to ``withheld`` counts as withheld). Meant for a
    validated report: references that do not resolve are left out of ``places``."""
    if edition not in AUDIENCE_ORDER:
        raise ValueError(f"unknown edition {edition!r}; one of: {', '.join(AUDIENCE_ORDER)}")
    listed = list(checklists.values()) if isinstance(checklists, Mapping) else list(checklists)
    index = _index(report)
    answers: dict[str, dict[str, RequirementAnswer]] = {}
    for disclosure in report.disclosures:
        mine = answers.setdefault(disclosure.checklist, {})
        for answer in disclosure.answers:
            mine.setdefault(answer.requirement, answer)
    out = []
    for checklist in listed:
        mine = answers.get(checklist.id, {})
        rows = tuple(_requirement(r, mine.get(r.id), index, edition) for r in checklist.requirements)
        out.append(ChecklistCoverage(checklist.id, checklist.name, checklist.version, checklist.url, rows))
    return Coverage(edition, tuple(out))


def _requirement(
    requirement: ChecklistRequirement,
    answer: RequirementAnswer | None,
    index: Mapping[str, list[tuple[str, str | None, str]]],
    edition: str,
) -> RequirementCoverage:
    row = RequirementCoverage(
        requirement.id, requirement.title, requirement.text, requirement.source, requirement.group, "missing"
    )
    if answer is None:
        return row
    note = answer.note
    if answer.omitted is not None and not (answer.items or answer.sections):
        return _with(row, status="omitted", omitted=answer.omitted.reason, explanation=answer.omitted.text, note=note)
    places = _places(answer, index, edition)
    if not places:
        return _with(row, note=note)
    status: Status = "partial" if answer.partial is not None else "answered"
    if not any(p.shown for p in places):
        audiences = [p.audience for p in places if p.audience in AUDIENCE_ORDER]
        widest = min(audiences, key=AUDIENCE_ORDER.__getitem__) if audiences else None
        return _with(row, status="restricted", places=places, partial=answer.partial, note=note, restricted_to=widest)
    return _with(row, status=status, places=places, partial=answer.partial, note=note)


def _with(row: RequirementCoverage, **changes: Any) -> RequirementCoverage:
    return replace(row, **changes)


def _places(
    answer: RequirementAnswer, index: Mapping[str, list[tuple[str, str | None, str]]], edition: str
) -> tuple[Place, ...]:
    places: list[Place] = []
    for ref in answer.items:
        if ref == WITHHELD_REF and ref not in index:
            places.append(Place("", None, None, "", False))
            continue
        for section, title, audience in index.get(ref, []):
            shown = AUDIENCE_ORDER[audience] <= AUDIENCE_ORDER[edition]
            places.append(Place(section, ref if shown else None, title if shown else None, audience, shown))
    places.extend(Place(name, None, None, "public", True) for name in answer.sections if name in ANSWERING_SECTIONS)
    return tuple(places)
