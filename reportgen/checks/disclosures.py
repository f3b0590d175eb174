"""The disclosure index: checklists (shipped and a board's own), the checks of a report's ``disclosures``,
and the coverage of each checklist requirement by requirement.

Three entry points:

- :func:`disclosure_problems` (validation): located, plain-language problems with ``report.checklists``
  and ``disclosures``: unknown checklists and requirements, references that do not resolve, a
  requirement answered twice, answers that say two things; requirements neither answered nor omitted
  are one warning per checklist.
- :func:`coverage` (pure, for the report's appendix and ``reportgen check``): per checklist, each
  requirement's status in an edition, where the report answers it, and the counts.
- :func:`resolve_checklists`, :func:`shipped_checklists` and :func:`read_checklist`: the checklists a
  report names, read and validated.

The view calls ``coverage(report, resolve_checklists(report, root).checklists, edition)``; the shape it
returns is :class:`Coverage` (``to_json()`` gives the same as plain data).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ..core.errors import Finding, UsageError
from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.problems import Loc, Problem
from ..core.sections import LIST_SECTIONS
from ..editions.filtering import WITHHELD_REF
from ..inputs.locating import ParseFailure, locate
from ..inputs.parsing import locate_in, read_data
from ..schema import (
    AUDIENCE_ORDER,
    Checklist,
    ChecklistRequirement,
    Disclosure,
    Item,
    Report,
    RequirementAnswer,
    items,
)
from ..schema.base import PATTERN_ADVICE
from .messages import did_you_mean, did_you_mean_item, item_titles
from .paths import dotted
from .shared_scans import section_ids

Status = Literal["answered", "partial", "omitted", "missing", "restricted"]
STATUSES: tuple[Status, ...] = ("answered", "partial", "omitted", "missing", "restricted")
# Sections a requirement can be answered by, by name: the report's own text, the board, every list section.
ANSWERING_SECTIONS: tuple[str, ...] = ("report", "board", *LIST_SECTIONS, "glossary")
CHECKLIST_SUFFIXES = (".yaml", ".yml", ".json")
# Where a board keeps its own checklist files: a hidden folder is not read as report input.
CHECKLIST_FOLDER = ".reportgen/checklists"
_LISTED = 10  # requirement ids named in one message before "and N more"


# --------------------------------------------------------------------------------------------------------
# Reading checklists


class ChecklistError(UsageError):
    """A checklist file that cannot be read or is not a valid checklist; carries located findings."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.file = file
        self.findings = sorted(findings)
        super().__init__(f"{file}: not a valid checklist ({len(self.findings)} problem(s))")

    def render(self) -> str:
        lines = [f.format() for f in self.findings]
        lines.append(f"error: {self}; the format is described in docs/disclosures.md")
        return "\n".join(lines)

    def first(self) -> str:
        """The first problem, in one line without the file name: for a message about the file."""
        if not self.findings:
            return str(self)
        first = self.findings[0]
        where = f"line {first.line}, column {first.col}: " + (f"{first.path}: " if first.path else "")
        more = len(self.findings) - 1
        return where + first.message + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def read_checklist(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Checklist:
    """The checklist in a file's bytes (YAML or JSON), or :class:`ChecklistError` with every problem located."""
    try:
        document = read_data(data, file, file.lower().endswith(".json"), limits)
    except ParseFailure as failure:
        raise ChecklistError(file, failure.findings) from None
    tree = None

    def at(loc: tuple[str | int, ...]) -> tuple[int, int]:
        nonlocal tree
        if tree is None:
            tree = locate_in(data, file, limits)
        if tree is None:
            return 1, 1
        line, col, _ = locate(tree, loc)
        return line, col

    if not isinstance(document, dict):
        raise ChecklistError(
            file, [Finding(file, 1, 1, "", "a checklist file is a mapping: id, name, ... requirements")]
        )
    try:
        checklist = Checklist.model_validate(document)
    except ValidationError as exc:
        findings = []
        for error in exc.errors(include_url=False):
            where, message = _checklist_message(error)
            line, col = at(where)
            findings.append(Finding(file, line, col, dotted(tuple(error["loc"]), document), message, code="checklist"))
        raise ChecklistError(file, findings) from None
    findings = []
    seen: dict[str, int] = {}
    for k, requirement in enumerate(checklist.requirements):
        loc: tuple[str | int, ...] = ("requirements", k, "id")
        if requirement.id in seen:
            line, col = at(loc)
            message = f"requirement id '{requirement.id}' is used twice (also by requirements[{seen[requirement.id]}])"
            findings.append(Finding(file, line, col, dotted(loc), message, code="checklist"))
        seen.setdefault(requirement.id, k)
        for h, hint in enumerate(requirement.hints):
            if hint not in ANSWERING_SECTIONS:
                hint_loc: tuple[str | int, ...] = ("requirements", k, "hints", h)
                line, col = at(hint_loc)
                path = dotted(hint_loc, document)
                findings.append(Finding(file, line, col, path, _not_a_section(hint), code="checklist"))
    if findings:
        raise ChecklistError(file, findings)
    return checklist


def _checklist_message(error: Any) -> tuple[tuple[str | int, ...], str]:
    """Where to point and what to say for one pydantic error in a checklist file."""
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        return loc[:-1], f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        model = ChecklistRequirement if "requirements" in loc else Checklist
        allowed = sorted(model.model_fields)
        hint = did_you_mean(name, allowed) or f"; allowed here: {', '.join(allowed)}"
        return (*loc[:-1], "@key", name), f"unknown field '{name}'{hint}"
    if kind == "string_pattern_mismatch":
        advice = PATTERN_ADVICE.get(str((error.get("ctx") or {}).get("pattern")))
        if advice:
            return loc, f"'{error.get('input')}' is not {advice[0]}: {advice[1]}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return loc, message[:1].lower() + message[1:]


@functools.cache
def shipped_checklists() -> dict[str, Checklist]:
    """The checklists that ship with reportgen (``reportgen/schema/checklists/*.yaml``), by id."""
    folder = files("reportgen.schema").joinpath("checklists")
    found: dict[str, Checklist] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(CHECKLIST_SUFFIXES):
            checklist = read_checklist(entry.read_bytes(), f"reportgen/schema/checklists/{entry.name}")
            found[checklist.id] = checklist
    return found


def checklist_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Checklist:
    """The checklist in ``path`` (``reportgen check --checklist FILE``); :class:`ChecklistError` if it is not one."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the checklist: {exc.strerror or exc}") from None
    return read_checklist(data, str(path), limits)


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


# --------------------------------------------------------------------------------------------------------
# Checks


def _not_a_section(name: str) -> str:
    hint = did_you_mean(name, list(ANSWERING_SECTIONS)) or f"; sections are: {', '.join(ANSWERING_SECTIONS)}"
    return f"'{name}' is not a section of a report{hint}"


def _listed(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_LISTED])
    return shown + (f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else "")


def disclosure_problems(report: Report, root: Path | None = None, extra: Iterable[Checklist] = ()) -> list[Problem]:
    """Every problem with ``report.checklists`` and ``disclosures``, in a stable order (``root``: the report
    folder, where checklist files named by path are read)."""
    if not report.report.checklists and not report.disclosures:
        return []  # most reports, and every earlier one: nothing to look at (a 10-year archive is not walked)
    resolved = resolve_checklists(report, root, extra)
    found = list(resolved.problems)
    written = set(report.report.checklists)
    ids = section_ids(report)
    titles: dict[str, str | None] = {}
    for section_titles in item_titles(report).values():
        for item_id, title in section_titles.items():
            titles.setdefault(item_id, title)
    first_entry: dict[str, Loc] = {}
    answered: dict[str, set[str]] = {}
    for i, disclosure in enumerate(report.disclosures):
        base: Loc = ("disclosures", i)
        name = disclosure.checklist
        checklist = resolved.checklists.get(name)
        if name in first_entry:
            found.append(
                Problem(
                    (*base, "checklist"),
                    f"checklist '{name}' has a second list of answers (the first at {{related}}): keep one entry "
                    "per checklist",
                    code="duplicate",
                    related=first_entry[name],
                )
            )
        first_entry.setdefault(name, (*base, "checklist"))
        if checklist is None and name not in written and not resolved.unresolved:
            found.append(Problem((*base, "checklist"), _not_named(name, report, resolved), code="checklist"))
        found.extend(_answers(base, disclosure, checklist, ids, titles, report, answered.setdefault(name, set())))
    for checklist_id, checklist in resolved.checklists.items():
        missing = [r.id for r in checklist.requirements if r.id not in answered.get(checklist_id, set())]
        if missing:
            loc = first_entry.get(checklist_id, resolved.locations[checklist_id])
            total = len(checklist.requirements)
            verb = "is" if len(missing) == 1 else "are"
            found.append(
                Problem(
                    loc,
                    f"{len(missing)} of the {total} requirements of {checklist_id} {verb} neither answered nor "
                    f"omitted: {_listed(missing)}; answer each in disclosures (items or sections), or say why it "
                    "is omitted",
                    "warning",
                    code="disclosure-missing",
                )
            )
    found.extend(_withheld_mentions(report))
    return found


def _not_named(name: str, report: Report, resolved: Resolved) -> str:
    named = list(report.report.checklists)
    if name in shipped_checklists():
        return f"checklist '{name}' is not named in report.checklists: add it there to report against it"
    listed = f" ({', '.join(named)})" if named else ""
    hint = did_you_mean(name, sorted({*resolved.checklists, *named, *shipped_checklists()}))
    return f"checklist '{name}' is not named in report.checklists{listed}{hint}"


def _answers(
    base: Loc,
    disclosure: Disclosure,
    checklist: Checklist | None,
    ids: Mapping[str, set[str]],
    titles: Mapping[str, str | None],
    report: Report,
    answered: set[str],
) -> Iterator[Problem]:
    """The checks of one checklist's answers (``answered`` collects the requirement ids, across entries)."""
    first: dict[str, Loc] = {}
    known_ids = {item_id for section in ids.values() for item_id in section}
    requirement_ids = [r.id for r in checklist.requirements] if checklist else []
    for j, answer in enumerate(disclosure.answers):
        loc: Loc = (*base, "answers", j)
        rid = answer.requirement
        if checklist is not None and checklist.requirement(rid) is None:
            hint = (
                did_you_mean(rid, requirement_ids)
                or f"; its requirements are {requirement_ids[0]} to {requirement_ids[-1]}"
            )
            yield Problem(
                (*loc, "requirement"), f"'{rid}' is not a requirement of {checklist.id}{hint}", code="checklist"
            )
        elif rid in first:
            yield Problem(
                (*loc, "requirement"),
                f"requirement '{rid}' of {disclosure.checklist} is answered twice (first at {{related}}): keep one "
                "entry per requirement",
                code="duplicate",
                related=first[rid],
            )
        first.setdefault(rid, (*loc, "requirement"))
        answered.add(rid)
        for k, ref in enumerate(answer.items):
            if ref not in known_ids:
                yield Problem(
                    (*loc, "items", k),
                    f"'{ref}' is not the id of an item in this report{did_you_mean_item(ref, titles)}",
                    code="dangling-ref",
                )
        for k, name in enumerate(answer.sections):
            problem = _section_problem(name, report)
            if problem is not None:
                yield Problem((*loc, "sections", k), problem, code="dangling-ref")
        yield from _consistency(loc, answer, disclosure.checklist)


def _section_problem(name: str, report: Report) -> str | None:
    if name not in ANSWERING_SECTIONS:
        return _not_a_section(name)
    if name in LIST_SECTIONS and getattr(report, name) is None:
        return (
            f"the report leaves out the section '{name}' (it reads 'Not reported'): name what the report does "
            "hold, or say why the requirement is omitted"
        )
    if name == "glossary" and not report.glossary:
        return "the report has no glossary: name what the report does hold, or say why the requirement is omitted"
    return None


def _consistency(loc: Loc, answer: RequirementAnswer, checklist: str) -> Iterator[Problem]:
    """An answer says one thing: where it is answered, what part is missing, or why it is omitted."""
    refs = bool(answer.items or answer.sections)
    if answer.omitted is not None and answer.partial is not None:
        yield Problem((*loc, "partial"), "give partial (what is still missing) or omitted (why not answered), not both")
    elif answer.omitted is not None and refs:
        yield Problem(
            (*loc, "omitted"),
            "an omitted requirement names no items or sections: remove omitted, or the items and sections",
        )
    elif answer.partial is not None and not refs:
        yield Problem((*loc, "partial"), "a partial answer names the items or sections that answer part of it")
    elif answer.omitted is None and not refs:
        yield Problem(
            loc,
            f"requirement '{answer.requirement}' of {checklist} has no answer: name the items or sections that "
            "answer it, or say why it is omitted (omitted: {reason: ..., text: ...})",
        )


def _withheld_mentions(report: Report) -> Iterator[Problem]:
    """The text of the disclosures is public text: naming a withheld item there would reveal it."""
    from .withheld_mentions import _mention_patterns, _mentions, _problem

    hidden = {
        item.id: item.audience
        for name in LIST_SECTIONS
        for item in items(getattr(report, name))
        if isinstance(item, Item) and item.audience != "public"
    }
    if not hidden or not report.disclosures:
        return
    patterns = _mention_patterns(hidden)
    for i, disclosure in enumerate(report.disclosures):
        for j, answer in enumerate(disclosure.answers):
            loc: Loc = ("disclosures", i, "answers", j)
            texts: list[tuple[Loc, str | None]] = [
                ((*loc, "note"), answer.note),
                ((*loc, "partial"), answer.partial),
                ((*loc, "omitted", "text"), answer.omitted.text if answer.omitted else None),
            ]
            for where, text in texts:
                mentioned = next(_mentions(text, patterns), None) if text else None
                if mentioned is not None:
                    yield _problem(where, mentioned, hidden[mentioned])


# --------------------------------------------------------------------------------------------------------
# Coverage


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
