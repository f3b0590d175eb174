"""PDFs laid out group by group: in parallel, each group kept by its content, and merged.

A print document whose theme marks its forced page breaks (:mod:`.page_groups`) is split into groups of pages;
each group is laid out on its own by WeasyPrint, in worker processes, and the PDFs are merged (:mod:`.merge`).
What a group cannot know on its own is settled here:

- **Page numbers of targets** (the contents, "(p. 12)"): every group is first laid out with the page numbers
  known so far (99 for those not yet known); a group that printed a page number that turned out different is
  laid out again, until none moves (the contents page is a page or two: a second layout costs little).
- **"Page 3 of 86"**: the groups leave out the margin boxes that show a page number; one *furniture* document,
  one empty page per page of the whole, with the same named pages, draws only those, and is laid over the
  merged pages.

Groups are kept (:mod:`.group_cache`) by a digest of their HTML, the layout code, the fonts and images they read,
and the page numbers they printed: an edit lays out again only the chapters it changed (and the contents when a
page number moved), and the three editions share every chapter that has no edition-specific content. The
result is the same bytes whether a group came from the cache or not, and whichever worker laid it out.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..core.errors import BuildError
from .page_groups import PageGroup, light_head, split_page_groups
from .pdf import PdfJob, lay_out_document

if TYPE_CHECKING:
    from .group_cache import GroupCache

# How often the groups that print page numbers may be laid out again before the numbers must have settled.
MAX_ROUNDS = 5
UNKNOWN_PAGE = 99
_NAME = re.compile(r"[^A-Za-z0-9_-]")  # a named page is a CSS identifier


@dataclass(frozen=True)
class GroupTask:
    """One layout for a worker: a page group, a whole document, or a document's page furniture."""

    kind: str  # "whole", "group" or "furniture"
    job: PdfJob  # settings (fonts folder, confinement, metadata, attachments); its html is not used
    html: str
    label: str  # the output it is for, in messages
    base: bool = False  # the group that carries the document's metadata and attachments
    known_anchors: frozenset[str] = frozenset()
    page_numbers: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> str:
        """What the layout depends on apart from page numbers and the files it reads (see group_cache)."""
        job = self.job
        settings: list[object] = [self.kind, str(job.theme_dir), [str(r) for r in job.allowed_roots], job.variant]
        settings += [job.published.isoformat(), sorted(self.known_anchors)]
        if self.base or self.kind == "whole":
            attached = [[n, d, hashlib.sha256(b).hexdigest()] for n, d, b in job.attachments]
            settings += [job.title, job.author, job.identifier, attached]
        digest = hashlib.sha256(json.dumps(settings).encode())
        digest.update(self.html.encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class GroupResult:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # anchor -> 0-based page in the group
    page_names: tuple[str, ...]  # each page's named page, for the furniture
    lookups: dict[str, int]  # anchor -> the page number printed for it
    served: tuple[str, ...]  # files the layout read (fonts, images)
    breaks: tuple[bool, bool] = (True, True)  # a forced page break before its first box, after its last


Runner = Callable[[list[GroupTask]], list[GroupResult]]


def lay_out_group(task: GroupTask) -> GroupResult:
    """Lay out one task (in a worker process, or here)."""
    from .group_patch import GroupLayout, laying_out

    if task.kind == "whole":
        laid = lay_out_document(task.html, task.job)
        return GroupResult(laid.pdf, laid.pages, laid.anchors, (), {}, laid.served, laid.breaks)
    furniture = task.kind == "furniture"
    state = GroupLayout(
        mode="furniture" if furniture else "group",
        known_anchors=task.known_anchors,
        page_numbers=dict(task.page_numbers),
        default_page=UNKNOWN_PAGE,
    )
    with laying_out(state):
        laid = lay_out_document(task.html, task.job, attachments=task.base, furniture=furniture)
    return GroupResult(
        laid.pdf, laid.pages, laid.anchors, tuple(state.page_names), state.lookups, laid.served, laid.breaks
    )


def forked_runner(cpu_seconds: float | None = None, parallel: int | None = None) -> Runner:
    """Each task in a forked worker process, several at once, each within ``cpu_seconds`` of CPU."""
    from ..core.limits import DEFAULT_LIMITS
    from .workers import run_forked

    limit = DEFAULT_LIMITS.render_seconds if cpu_seconds is None else cpu_seconds

    def run(tasks: list[GroupTask]) -> list[GroupResult]:
        return run_forked(tasks, limit, parallel)

    return run


@dataclass
class _Plan:
    """One document's groups, their layouts so far, and the page numbers they give."""

    job: PdfJob
    label: str
    groups: list[PageGroup]
    results: list[GroupResult | None] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.results = [None] * len(self.groups)
        self.known = frozenset().union(*(group.anchors for group in self.groups))

    @property
    def identity(self) -> str:
        """Which document this is across builds (its output, fonts folder and report folder), for the cache."""
        where = [self.label, str(self.job.theme_dir), [str(root) for root in self.job.allowed_roots]]
        return hashlib.sha256(json.dumps(where).encode()).hexdigest()[:32]

    @property
    def whole(self) -> bool:
        return len(self.groups) == 1

    def task(self, index: int) -> GroupTask:
        group = self.groups[index]
        light = replace(self.job, html="")
        if self.whole:
            return GroupTask("whole", light, group.html, self.label, base=True)
        if index:  # only the first group's metadata and attachments reach the merged PDF
            light = replace(light, title="", author="", identifier="0" * 32, attachments=())
        # Only what the group links to is part of its task: a chapter the editions print alike is one task
        # for all three, though each edition has anchors of its own elsewhere.
        known = self.known & group.links
        numbers = tuple(sorted((anchor, page) for anchor, page in self.numbers.items() if anchor in known))
        return GroupTask("group", light, group.html, self.label, index == 0, known, numbers)

    def fits(self, result: GroupResult) -> bool:
        """Whether every page number ``result`` printed is the one the document now gives its anchor."""
        return all(self.numbers.get(anchor, UNKNOWN_PAGE) == number for anchor, number in result.lookups.items())

    def settled(self, index: int) -> bool:
        result = self.results[index]
        return result is not None and self.fits(result)

    def split_at_breaks(self) -> bool:
        """Whether every group starts where the layout breaks the page anyway (as far as laid out yet)."""
        laid = self.results
        return all(
            before is None or after is None or before.breaks[1] or after.breaks[0]
            for before, after in itertools.pairwise(laid)
        )

    def renumber(self) -> None:
        """Each anchor's page number in the whole document, from the groups' page counts."""
        numbers: dict[str, int] = {}
        offset = 0
        for result in self.results:
            if result is None:  # not laid out yet: whole again after an unforced mark
                return
            for anchor, page in result.anchors.items():
                numbers.setdefault(anchor, offset + page + 1)
            offset += result.pages
        self.numbers = numbers

    def furniture(self) -> GroupTask:
        names = [name for result in self.results if result is not None for name in result.page_names]
        pages = "".join(
            f'<div style="page: {_NAME.sub("", name) or "auto"};{" break-before: page;" if index else ""}"></div>'
            for index, name in enumerate(names)
        )
        # only the margin boxes are drawn (group_patch): no background may cover the page it is laid over
        html = (
            light_head(self.job.html).replace(
                "</head>", "<style>html, body { background: none !important; } </style></head>", 1
            )
            + f"<body>{pages}</body></html>"
        )
        light = replace(self.job, html="", title="", author="", identifier="0" * 32, attachments=())
        return GroupTask("furniture", light, html, self.label)


def render_pdfs(
    jobs: Sequence[PdfJob], run: Runner, store: GroupCache | None = None, labels: Sequence[str] = ()
) -> list[bytes]:
    """The PDF of each job, laying out only what the cache (``store``) does not already hold."""
    from .checksum import stamp
    from .merge import merge_parts

    plans = [
        _Plan(job, labels[i] if i < len(labels) else "report.pdf", split_page_groups(job.html))
        for i, job in enumerate(jobs)
    ]
    if store:
        # The first guess at the page numbers: those of the last layout. After an edit that moved no page the
        # contents are then laid out once, not first with placeholders and then again.
        for plan in plans:
            plan.numbers = store.last_numbers(plan.identity)
    for _ in range(MAX_ROUNDS):
        wanted: dict[str, GroupTask] = {}
        waiting: list[tuple[_Plan, int, str]] = []
        for plan in plans:
            for index in range(len(plan.groups)):
                if plan.settled(index):
                    continue
                task = plan.task(index)
                hit = store.get(task) if store else None
                if hit is not None and plan.fits(hit):
                    plan.results[index] = hit
                    continue
                identity = task.key + hashlib.sha256(repr(task.page_numbers).encode()).hexdigest()
                wanted.setdefault(identity, task)
                waiting.append((plan, index, identity))
        if wanted:
            identities = list(wanted)
            results = dict(zip(identities, run([wanted[i] for i in identities]), strict=True))
            if store:
                for identity, result in results.items():
                    store.put(wanted[identity], result)
            for plan, index, identity in waiting:
                plan.results[index] = results[identity]
        for plan in plans:
            if not plan.whole and not plan.split_at_breaks():
                # A mark where the layout does not break the page (a theme that starts chapters on the same
                # page): laid out alone, the groups would change the layout. The document is laid out whole.
                plan.groups = [PageGroup(plan.job.html, frozenset())]
                plan.results = [None]
            if not plan.whole:
                plan.renumber()
        if all(plan.settled(i) for plan in plans for i in range(len(plan.groups))):
            break
    else:
        raise BuildError(f"{plans[0].label}: the contents' page numbers did not settle after {MAX_ROUNDS} layouts")
    if store:
        for plan in plans:
            store.keep_numbers(plan.identity, plan.numbers)
    furniture = _furniture(plans, run, store)
    pdfs = []
    for plan in plans:
        parts = [result.pdf for result in plan.results if result is not None]
        pdfs.append(parts[0] if plan.whole else stamp(merge_parts(parts, furniture[id(plan)])))
    return pdfs


def _furniture(plans: list[_Plan], run: Runner, cache: GroupCache | None) -> dict[int, bytes]:
    """Each grouped document's furniture (by ``id`` of its plan), from the cache or laid out (once per key)."""
    tasks = {id(plan): plan.furniture() for plan in plans if not plan.whole}
    found: dict[int, bytes] = {}
    wanted: dict[str, GroupTask] = {}
    for plan_id, task in tasks.items():
        hit = cache.get(task) if cache else None
        if hit is not None:
            found[plan_id] = hit.pdf
        else:
            wanted.setdefault(task.key, task)
    if wanted:
        keys = list(wanted)
        laid = dict(zip(keys, run([wanted[k] for k in keys]), strict=True))
        for key, result in laid.items():
            if cache:
                cache.put(wanted[key], result)
        for plan_id, task in tasks.items():
            if plan_id not in found:  # every task the cache did not hold was laid out above
                found[plan_id] = laid[task.key].pdf
    return found
