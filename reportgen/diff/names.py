"""What the report calls the things a value refers to by id: a model, a framework, a risk category, a
checklist. The redline prints "Atlas-3.5" where the data says ``atlas-3-5``, and "ASAB Red-Line
Framework, version 2" for ``ASAB-RLF-2``; the JSON keeps the ids.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..checks.checklist_files import shipped_checklists
from ..core.labels import framework_title
from ..schema import Report, items

# For a field that holds ids (by its name, last in the path): the names of what they refer to, by id.
Names = Mapping[str, Mapping[str, str]]


def _names_of(report: Report) -> dict[str, dict[str, str]]:
    models = {m.id: m.name for m in items(report.models)}
    frameworks = items(report.frameworks)
    return {
        "models": models,
        "model": models,
        "framework": {f.id: framework_title(f.name, f.version) for f in frameworks},
        # frameworks' versions name their categories alike ("Cybersecurity" in version 1 and 2): the id
        # tells which one a red line moved to
        "category": {c.id: f"{c.name} ({c.id})" for f in frameworks for c in f.categories},
    }


def reference_names(old: Report, new: Report) -> dict[str, dict[str, str]]:
    """Names by field and id from both sides (the new side's where both name an id), and the shipped
    checklists' names; a checklist file of the report's own is named by its path, as written."""
    named = {*old.report.checklists, *new.report.checklists}
    shipped = shipped_checklists() if named else {}  # read only when a report names a checklist
    names: dict[str, dict[str, str]] = {"checklists": {k: shipped[k].name for k in named if k in shipped}}
    for side in (old, new):
        for field, by_id in _names_of(side).items():
            names.setdefault(field, {}).update(by_id)
    return names


def named(names: Names | None, field: str, value: object) -> object:
    """``value`` (an id, or a list of ids) by the names of what it refers to; anything else as it is."""
    by_id = names.get(field) if names else None
    if not by_id:
        return value
    if isinstance(value, list):
        return [by_id.get(v, v) if isinstance(v, str) else v for v in value]
    return by_id.get(value, value) if isinstance(value, str) else value
