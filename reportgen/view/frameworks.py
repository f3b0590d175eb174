"""The frameworks the red lines come from, as the report shows them, and the red lines grouped by them.

Each framework version with its dates, status, what it supersedes, its categories (levels in order) and
its framework-level commitments; each red line's place in a framework ("Biological and chemical · High");
the order the red lines are listed in (framework, category, level) and their grouping under headings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..core import labels as L
from ..editions.filtering import WITHHELD_REF
from ..schema import Framework, RedLine, Report, items
from ..schema.frameworks import Category
from .links import Links, anchor
from .prose import render_markdown
from .viewmodel_base import Placeholder, Ref
from .viewmodel_red_lines import CategoryGroup, CategoryView, CommitmentView, FrameworkGroup, FrameworkView, RedLineView

# A withheld framework leaves its placeholder in the frameworks chapter, a withheld field its notice in place.

Categories = dict[str, tuple[Framework, Category]]


def categories_by_id(report: Report) -> Categories:
    """Every category of every framework the edition shows, by id, with its framework."""
    return {c.id: (f, c) for f in items(report.frameworks) for c in f.categories}


def link_text(address: str) -> str:
    """An address as printed: without its scheme and trailing slash."""
    for scheme in ("https://", "http://"):
        if address.startswith(scheme):
            return address[len(scheme) :].rstrip("/")
    return address


def is_address(text: str) -> bool:
    return text.startswith(("https://", "http://"))


def source_parts(source: str | None) -> tuple[str, str, str]:
    """A source as the data gives it ("https://... (section 3)", or words) -> (address, its link text, the
    words after it): the address alone is linked, the section stays beside it in words."""
    if not source:
        return "", "", ""
    if not is_address(source):
        return "", "", source
    address, _, rest = source.partition(" ")
    return address, link_text(address), rest.strip()


def is_research(line: RedLine) -> bool:
    """A research category: monitored, with no threshold that triggers a response (or an untracked line)."""
    return line.kind == "research_category" or not line.tracked


def line_place(line: RedLine, categories: Categories) -> str:
    """Where a line sits: "Biological and chemical · High"; outside a framework, its domain and tier."""
    if line.category:
        found = categories.get(line.category)
        name = found[1].name if found else line.category  # a withheld framework's category: its id
        return f"{name} · {line.level}" if line.level else name
    domain = L.label(L.DOMAIN_LABELS, line.domain)
    if is_research(line) or not line.tier:
        return domain
    return f"{domain} · Tier {line.tier}" + (f" ({line.tier_label})" if line.tier_label else "")


def line_order(report: Report) -> Callable[[RedLine], tuple[Any, ...]]:
    """The order red lines are listed in: by framework (those in force first, each as listed), category (as
    the framework lists them) and level (lowest first); active before retired; lines outside any framework
    last, by domain and tier."""
    # frameworks in force first, then drafts, then the versions they superseded; each as listed
    status_rank = {"active": 0, "draft": 1, "superseded": 2}
    listed = sorted(enumerate(items(report.frameworks)), key=lambda p: (status_rank[p[1].status], p[0]))
    frameworks = {f.id: rank for rank, (_, f) in enumerate(listed)}
    categories = categories_by_id(report)
    category_rank = {c.id: i for f in items(report.frameworks) for i, c in enumerate(f.categories)}

    def key(line: RedLine) -> tuple[Any, ...]:
        found = categories.get(line.category or "")
        framework = line.framework or (found[0].id if found else "")
        levels = found[1].levels if found else []
        level = levels.index(line.level) if line.level in levels else len(levels)
        return (
            frameworks.get(framework, len(frameworks)),
            category_rank.get(line.category or "", len(category_rank)),
            line.status != "active",
            level,
            line.domain,
            -(line.tier or 0),
            line.id,
        )

    return key


def line_group(line: RedLine, categories: Categories) -> tuple[str, str]:
    """(framework id, category id) a line is listed under; "" for none."""
    found = categories.get(line.category or "")
    framework = line.framework if line.framework and line.framework != WITHHELD_REF else ""
    return (framework or (found[0].id if found else ""), line.category or "")


def _ref(framework_id: str, frameworks: dict[str, Framework]) -> Ref:
    if framework_id == WITHHELD_REF:
        return Ref("", "withheld framework", withheld=True)
    found = frameworks.get(framework_id)
    if found is None:
        return Ref("", f"{framework_id} (not in this report)")
    return Ref(anchor("framework", framework_id), L.framework_title(found.name, found.version))


def framework_ref(line: RedLine, report: Report) -> Ref | None:
    if line.framework is None:
        return None
    return _ref(line.framework, {f.id: f for f in items(report.frameworks)})


def line_ref(refs: Links, line_id: str) -> Ref:
    """A link to a red line by its id alone ("RL-CBRN"); one of an earlier report or withheld, as such."""
    ref = refs.ref("red-line", line_id)
    return Ref(ref.anchor, line_id) if ref.anchor else ref


def framework_views(report: Report, refs: Links) -> list[FrameworkView]:
    """Each framework version, as listed, with its categories, their red lines and its commitments."""
    frameworks = {f.id: f for f in items(report.frameworks)}
    order = line_order(report)
    lines = sorted(items(report.red_lines), key=order)
    views = []
    for framework in items(report.frameworks):
        dates = [("Published", L.long_date(framework.published))]
        if framework.effective:
            dates.append(("In effect from", L.long_date(framework.effective)))
        if framework.adopted:
            dates.append(("Adopted by the board", L.long_date(framework.adopted)))
        categories = [
            CategoryView(
                id=c.id,
                name=c.name,
                kind=c.kind.capitalize(),
                kind_code=c.kind,
                levels=list(c.levels),
                description=c.description or "",
                red_lines=[line_ref(refs, line.id) for line in lines if line.category == c.id],
            )
            for c in framework.categories
        ]
        views.append(
            FrameworkView(
                anchor=anchor("framework", framework.id),
                id=framework.id,
                title=L.framework_title(framework.name, framework.version),
                name=framework.name,
                owner=framework.owner,
                version=framework.version,
                status=L.label(L.FRAMEWORK_STATUS_LABELS, framework.status),
                status_code=framework.status,
                url=framework.url or "",
                url_text=link_text(framework.url) if framework.url else "",
                dates=dates,
                supersedes=_ref(framework.supersedes, frameworks) if framework.supersedes else None,
                superseded_by=[
                    _ref(f.id, frameworks) for f in items(report.frameworks) if f.supersedes == framework.id
                ],
                categories=categories,
                commitments=[
                    CommitmentView(c.id, c.title, c.text, *source_parts(c.source)) for c in framework.commitments
                ],
                notes=render_markdown(framework.notes),
            )
        )
    return views


def _category_note(category: Category) -> str:
    if category.kind == "research":
        return f"{L.CATEGORY_KIND_LABELS['research']} · {L.RESEARCH_STATUS.lower()}"
    levels = ", ".join(category.levels)
    return f"{L.CATEGORY_KIND_LABELS['tracked']} · levels {levels}" if levels else L.CATEGORY_KIND_LABELS["tracked"]


def group_red_lines(entries: Sequence[RedLineView | Placeholder], report: Report) -> list[FrameworkGroup]:
    """The red lines (already in :func:`line_order`) under headings: one per framework when the lines come
    from more than one, one per category when any line has a category; withheld lines last."""
    frameworks = {f.id: f for f in items(report.frameworks)}
    categories = categories_by_id(report)
    shown = [e for e in entries if isinstance(e, RedLineView)]
    withheld = [e for e in entries if not isinstance(e, RedLineView)]
    by_framework = len({e.group[0] for e in shown if e.group[0]}) > 1
    by_category = any(e.group[1] for e in shown)
    runs: dict[str, dict[str, list[RedLineView | Placeholder]]] = {}
    for entry in shown:
        framework_id, category_id = entry.group
        runs.setdefault(framework_id if by_framework else "", {}).setdefault(category_id, []).append(entry)
    level = 4 if by_framework else 3
    groups = []
    for framework_id, by_id in runs.items():
        framework = frameworks.get(framework_id)
        cats = []
        for category_id, lines in by_id.items():
            found = categories.get(category_id)
            if found:
                title, note = found[1].name, _category_note(found[1])
            elif category_id:
                title, note = category_id, ""
            else:
                title, note = ("Other red lines" if len(by_id) > 1 else ""), ""
            heading = by_category and bool(title)
            cats.append(
                CategoryGroup(
                    anchor=anchor("category", category_id) if category_id else f"red-lines-other-{framework_id}",
                    title=title if heading else "",
                    note=note if heading else "",
                    lines=lines,
                    level=level,
                    card_level=level + 1 if heading else level,
                )
            )
        if framework is not None:
            title, note = L.framework_title(framework.name, framework.version), framework.owner
        else:
            title, note = ("Red lines outside the frameworks" if framework_id == "" and by_framework else ""), ""
        groups.append(
            FrameworkGroup(anchor=f"red-lines-{framework_id or 'other'}", title=title, note=note, categories=cats)
        )
    if withheld:
        heading = by_category or by_framework
        placeholders = CategoryGroup(
            anchor="red-lines-withheld",
            title="Withheld from this edition" if heading else "",
            note="",
            lines=withheld,
            level=3 if by_framework else level,
        )
        if groups and not by_framework:
            groups[-1].categories.append(placeholders)
        else:
            groups.append(
                FrameworkGroup(anchor="red-lines-withheld-group", title="", note="", categories=[placeholders])
            )
    return groups
