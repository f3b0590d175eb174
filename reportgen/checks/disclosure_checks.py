"""The checks of a report's ``report.checklists`` and ``disclosures`` (:func:`disclosure_problems`, part of
validation): located, plain-language problems. Unknown checklists and requirements, references that do
not resolve, a requirement answered twice, answers that say two things, and a withheld item named in the
disclosures' public text; requirements neither answered nor omitted are one warning per checklist."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from ..core.problems import Loc, Problem
from ..core.sections import LIST_SECTIONS
from ..schema import Checklist, Disclosure, Item, Report, RequirementAnswer, items
from .checklist_files import ANSWERING_SECTIONS, not_a_section, shipped_checklists
from .disclosures import Resolved, resolve_checklists
from .messages import did_you_mean, did_you_mean_item, item_titles
from .shared_scans import section_ids

_LISTED = 10  # requirement ids named in one message before "and N more"


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
        return not_a_section(name)
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
