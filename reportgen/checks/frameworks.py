"""Cross-checks of what the frameworks give a red line: its framework, category and level, what each kind of
line must state, criteria that say one thing, lineage, per-model determinations and joint evaluations.

Every message says what to write instead, in the board secretary's words: a research category needs no
criterion, a range is written value_min to value_max, a line cannot replace itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..core.problems import Loc, Problem
from ..schema import Category, Condition, Framework, RedLine, Report, Threshold, items
from .messages import Titles, did_you_mean, did_you_mean_item, item_titles

# What a capability threshold or a safeguard standard must state, and what each is.
_REQUIRED = (
    ("criterion", "a criterion (when it counts as reached)"),
    ("response", "a response (what is done when it is reached)"),
    ("tier", "a tier (1-5)"),
    ("tier_label", "a tier label"),
    ("decided_by", "who decides on the response (decided_by)"),
)


def framework_problems(report: Report) -> list[Problem]:
    """Every check of this module, in a stable order."""
    ids = item_titles(report)  # ids (and titles, for 'did you mean') by section
    frameworks = items(report.frameworks)
    categories = {c.id: (f, c) for f in frameworks for c in f.categories}
    found = [
        *_frameworks(frameworks, ids, report.report.previous_report is not None),
        *_red_lines(report, ids, categories),
        *_determinations(report, ids, categories),
        *_evaluations(report, ids, categories),
        *_safeguards(report, ids, report.report.previous_report is not None),
    ]
    return found


def _dangling(loc: Loc, ref: str, known: Titles | Iterable[str], what: str, where: str) -> Problem:
    return Problem(loc, f"{what} '{ref}' is not {where}{did_you_mean_item(ref, known)}", code="dangling-ref")


def _refs(loc: Loc, refs: list[str], known: Titles, what: str, where: str) -> Iterator[Problem]:
    for k, ref in enumerate(refs):
        if ref not in known:
            yield _dangling((*loc, k), ref, known, what, where)


def _frameworks(frameworks: list[Framework], ids: Mapping[str, Titles], earlier_known: bool) -> Iterator[Problem]:
    """Framework versions: what each supersedes (in this report, or an earlier one once previous_report names
    it), dates in order, category ids unique, levels unique, renamed levels among the levels."""
    seen: dict[str, Loc] = {}
    for i, framework in enumerate(frameworks):
        base: Loc = ("frameworks", i)
        if framework.supersedes is not None:
            if framework.supersedes == framework.id:
                yield Problem((*base, "supersedes"), "a framework cannot supersede itself", code="lineage")
            elif framework.supersedes not in ids["frameworks"] and not earlier_known:
                yield _dangling(
                    (*base, "supersedes"), framework.supersedes, ids["frameworks"], "framework", "in frameworks"
                )
        if framework.effective and framework.effective < framework.published:
            yield Problem(
                (*base, "effective"),
                f"takes effect ({framework.effective}) before it was published ({framework.published})",
                code="dates",
            )
        for k, category in enumerate(framework.categories):
            loc: Loc = (*base, "categories", k, "id")
            if category.id in seen:
                yield Problem(
                    loc, f"duplicate category id '{category.id}' (also at {{related}})", related=seen[category.id]
                )
            seen.setdefault(category.id, loc)
            doubled = sorted({level for level in category.levels if category.levels.count(level) > 1})
            if doubled:
                yield Problem((*base, "categories", k, "levels"), f"level '{doubled[0]}' is listed twice")
            unknown = sorted(set(category.renamed_levels) - set(category.levels))
            if unknown:
                yield Problem(
                    (*base, "categories", k, "renamed_levels"),
                    f"'{unknown[0]}' is not one of this category's levels ({', '.join(category.levels) or 'none'}): "
                    "renamed_levels maps a level's new name to its old name",
                )
            if category.kind == "tracked" and not category.levels:
                yield Problem(
                    (*base, "categories", k, "levels"),
                    "a tracked category needs its levels, lowest first (e.g. [High, Critical]); "
                    "for a category monitored with no threshold write kind: research",
                )


def _level(loc: Loc, level: str | None, category: Category) -> Iterator[Problem]:
    if level is not None and level not in category.levels:
        listed = ", ".join(category.levels) or "none"
        hint = did_you_mean(level, category.levels)
        yield Problem(loc, f"'{level}' is not a level of {category.id} (its levels: {listed}){hint}", code="level")


def _category(
    loc: Loc,
    category_id: str | None,
    level: str | None,
    categories: dict[str, tuple[Framework, Category]],
    framework_id: str | None = None,
) -> Iterator[Problem]:
    """The category exists (in the given framework, if one is named) and the level is one of its levels."""
    if category_id is None:
        if level is not None:
            yield Problem(
                (*loc[:-1], "level"), "a level needs its category (category: <id>) to say what it is a level of"
            )
        return
    found = categories.get(category_id)
    if found is None:
        yield _dangling(loc, category_id, set(categories), "category", "a category of any framework")
        return
    framework, category = found
    if framework_id is not None and framework.id != framework_id:
        yield Problem(loc, f"category '{category_id}' belongs to framework '{framework.id}', not '{framework_id}'")
    yield from _level((*loc[:-1], "level"), level, category)


def _conditions(loc: Loc, threshold: Threshold) -> Iterator[Problem]:
    parts: list[tuple[Loc, Condition]] = [(loc, threshold)]
    parts += [((*loc, "any_of", k), c) for k, c in enumerate(threshold.any_of)]
    parts += [((*loc, "all_of", k), c) for k, c in enumerate(threshold.all_of)]
    if threshold.any_of and threshold.all_of:
        yield Problem(
            (*loc, "all_of"),
            "give any_of or all_of, not both: for 'A or (B and C)' write any_of with the combined condition "
            "described in words",
        )
    for where, condition in parts:
        ranged = condition.value_min is not None or condition.value_max is not None
        if ranged and condition.value is not None:
            yield Problem(
                (*where, "value"),
                "a range (value_min, value_max) and a single value both given: keep one",
                code="criterion",
            )
        if ranged and condition.comparison is not None:
            yield Problem(
                (*where, "comparison"),
                "a range needs no comparison: reached within value_min to value_max",
                code="criterion",
            )
        low, high = condition.value_min, condition.value_max
        if low is not None and high is not None and low > high:
            yield Problem((*where, "value_max"), f"the range ends ({high:g}) below where it starts ({low:g})")


def _red_lines(
    report: Report, ids: Mapping[str, Titles], categories: dict[str, tuple[Framework, Category]]
) -> Iterator[Problem]:
    lines = items(report.red_lines)
    by_id = {line.id: line for line in lines}
    earlier_known = report.report.previous_report is not None
    for i, line in enumerate(lines):
        base: Loc = ("red_lines", i)
        if line.kind != "research_category":
            for field, what in _REQUIRED:
                if getattr(line, field) is None:
                    yield Problem(
                        (*base, field),
                        f"a {line.kind.replace('_', ' ')} needs {what}; for a category that is monitored with no "
                        "threshold yet, write kind: research_category",
                        code="required",
                    )
        if line.framework is not None and line.framework not in ids["frameworks"]:
            yield _dangling((*base, "framework"), line.framework, ids["frameworks"], "framework", "in frameworks")
        yield from _category((*base, "category"), line.category, line.level, categories, line.framework)
        found = categories.get(line.category or "")
        if found and found[1].kind == "research" and line.kind != "research_category":
            yield Problem(
                (*base, "category"),
                f"category '{found[1].id}' is a research category: give this line kind: research_category",
                code="kind",
            )
        if line.criterion is not None:
            yield from _conditions((*base, "criterion"), line.criterion)
        if line.early_warning is not None:
            yield from _conditions((*base, "early_warning"), line.early_warning)
            yield from _refs(
                (*base, "early_warning", "required_safeguards"),
                line.early_warning.required_safeguards,
                ids["safeguards"],
                "safeguard",
                "in safeguards",
            )
        if line.response is not None and not (line.response.actions or line.response.steps):
            yield Problem((*base, "response"), "a response needs its actions or its steps", code="required")
        for field in ("internal_deployment_safeguards", "development_safeguards"):
            yield from _refs((*base, field), getattr(line, field), ids["safeguards"], "safeguard", "in safeguards")
        yield from _lineage(base, line, by_id, earlier_known)


def _lineage(base: Loc, line: RedLine, by_id: dict[str, RedLine], earlier_known: bool) -> Iterator[Problem]:
    """Lineage names other red lines: of this report, or (with a previous report named) of an earlier one,
    which ``diff`` pairs; never the line itself, and never in a circle."""
    named: list[tuple[Loc, str]] = [((*base, "replaces", k), ref) for k, ref in enumerate(line.replaces)]
    named += [((*base, f), v) for f in ("split_from", "merged_into") if (v := getattr(line, f)) is not None]
    for loc, ref in named:
        if ref == line.id:
            yield Problem(loc, f"red line '{ref}' cannot replace, split from or merge into itself", code="lineage")
        elif ref not in by_id and not earlier_known:
            yield Problem(
                loc,
                f"red line '{ref}' is not in this report{did_you_mean(ref, sorted(by_id))}; a line of an earlier "
                "report can be named once report.previous_report says where that report is",
                code="lineage",
            )
    if line.merged_into is not None and line.status != "retired":
        yield Problem((*base, "merged_into"), "a line merged into another is retired: write status: retired")
    # a circle: following replaces/split_from from this line comes back to it
    todo = [r for r in [*line.replaces, *([line.split_from] if line.split_from else [])] if r != line.id]
    seen: set[str] = set()
    while todo:
        current = todo.pop()
        if current == line.id and seen:
            yield Problem((*base, "id"), f"red line '{line.id}' replaces itself through its lineage", code="lineage")
            break
        if current in seen or current not in by_id:
            continue
        seen.add(current)
        earlier = by_id[current]
        todo += [*earlier.replaces, *([earlier.split_from] if earlier.split_from else [])]


def _determinations(
    report: Report, ids: Mapping[str, Titles], categories: dict[str, tuple[Framework, Category]]
) -> Iterator[Problem]:
    lines = {line.id: line for line in items(report.red_lines)}
    for i, model in enumerate(items(report.models)):
        base: Loc = ("models", i)
        yield from _refs(
            (*base, "safeguards_active"), model.safeguards_active, ids["safeguards"], "safeguard", "in safeguards"
        )
        for k, found in enumerate(model.determinations):
            loc: Loc = (*base, "determinations", k)
            if found.red_line is None and found.category is None:
                yield Problem(
                    loc, "a determination names the red line (red_line) or the category (category) it concerns"
                )
            if found.red_line is not None and found.red_line not in lines:
                yield _dangling((*loc, "red_line"), found.red_line, set(lines), "red line", "in red_lines")
            line = lines.get(found.red_line or "")
            category = found.category or (line.category if line else None)
            if found.category is not None or found.level is not None:
                yield from _category((*loc, "category"), category, found.level, categories)
            if found.decision is not None and found.decision not in ids["decisions"]:
                yield _dangling((*loc, "decision"), found.decision, ids["decisions"], "decision", "in decisions")
            yield from _refs((*loc, "safeguards"), found.safeguards, ids["safeguards"], "safeguard", "in safeguards")


def _evaluations(
    report: Report, ids: Mapping[str, Titles], categories: dict[str, tuple[Framework, Category]]
) -> Iterator[Problem]:
    lines = {line.id: line for line in items(report.red_lines)}
    for i, evaluation in enumerate(items(report.evaluations)):
        base: Loc = ("evaluations", i)
        if evaluation.model is None and not evaluation.models:
            yield Problem((*base, "model"), "name the model evaluated (model: <id>), or several (models: [a, b])")
        elif evaluation.model is not None and evaluation.models:
            yield Problem((*base, "models"), "give model (one) or models (several), not both")
        yield from _refs((*base, "models"), evaluation.models, ids["models"], "model", "in models")
        for k, result in enumerate(evaluation.results):
            line = lines.get(result.red_line)
            if result.level_reached is None or line is None:
                continue
            if line.category is None:
                yield Problem(
                    (*base, "results", k, "level_reached"),
                    f"red line '{line.id}' has no category, so there are no levels to reach",
                )
            elif line.category in categories:
                yield from _level(
                    (*base, "results", k, "level_reached"), result.level_reached, categories[line.category][1]
                )


def _safeguards(report: Report, ids: Mapping[str, Titles], earlier_known: bool) -> Iterator[Problem]:
    """What a safeguard replaces names safeguards of this report, or of an earlier one once previous_report
    names it (a standard replaced between reports is gone from the new one)."""
    for i, safeguard in enumerate(items(report.safeguards)):
        for field in ("supersedes", "replaces_stronger"):
            loc: Loc = ("safeguards", i, field)
            for k, ref in enumerate(getattr(safeguard, field)):
                if ref == safeguard.id:
                    yield Problem((*loc, k), "a safeguard cannot replace itself", code="lineage")
                elif ref not in ids["safeguards"] and not earlier_known:
                    yield _dangling((*loc, k), ref, ids["safeguards"], "safeguard", "in safeguards")
