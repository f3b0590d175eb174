"""``reportgen check DIR --against NAME``: the disclosure index of one checklist, requirement by requirement.

A table on a terminal (rich), plain lines when piped, or JSON. Exit 0 when every requirement is answered
(fully, in part, or in a narrower edition) or omitted with a reason, 1 when one is neither (or the report
is invalid), 2 for a usage error (an unknown checklist, a checklist file that is not one).

Registered by :mod:`reportgen.cli.main` (``cli.add_command(check)``); the body is a few lines over
:mod:`reportgen.checks.disclosures` and :mod:`reportgen.checks.checklist_files`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..core.outputs import EDITIONS

if TYPE_CHECKING:
    from ..checks.disclosures import ChecklistCoverage, RequirementCoverage
    from ..schema import Checklist, Report

# How each status reads in the table.
STATUS_WORDS = {
    "answered": "answered",
    "partial": "partial",
    "omitted": "omitted",
    "missing": "MISSING",
    "restricted": "restricted",
}
OMISSION_WORDS = {
    "not_applicable": "not applicable",
    "confidential": "confidential",
    "not_yet_available": "not yet available",
}


@click.command(name="check")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--against",
    "against",
    metavar="NAME",
    help="The checklist: a shipped one (seoul-2024, eu-gpai-cop-ss-2025), one the report names in "
    "report.checklists, or the id of the --checklist file [the --checklist file's].",
)
@click.option(
    "--checklist",
    "checklist_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="A checklist file of your own (YAML, the format in docs/disclosures.md). Repeat for several.",
)
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default="public",
    show_default=True,
    help="The edition whose readers are asked about: an answer only a narrower edition shows is 'restricted'.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a table (plain lines when piped); json: the same for scripts.",
)
def check(folder: Path, against: str | None, checklist_files: tuple[Path, ...], edition: str, fmt: str) -> None:
    """Show, requirement by requirement, where the report answers a checklist.

    Each requirement is answered, partial (what is missing is said), omitted (with the reason), restricted
    (answered only in an edition narrower than --edition) or MISSING. Exit 0 when none is missing, 1 when
    one is (or the report is invalid), 2 for a usage error.

    Example: reportgen check inputs/asab-2026 --against eu-gpai-cop-ss-2025 --edition public
    """
    from .main import friendly  # here: main registers this command when it is imported

    sys.exit(friendly(_check)(folder, against, checklist_files, edition, fmt))


def _check(folder: Path, against: str | None, checklist_files: tuple[Path, ...], edition: str, fmt: str) -> int:
    from ..checks.checklist_files import checklist_file
    from ..checks.disclosures import coverage
    from ..checks.validate import validate
    from ..core.errors import ExitCode, UsageError

    extra = [checklist_file(path) for path in checklist_files]
    if against is None:
        if not extra:
            raise UsageError("name the checklist: --against NAME (e.g. --against seoul-2024), or give --checklist FILE")
        against = extra[0].id
    report = validate(folder, to_build=False).report
    chosen = _choose(against, report, folder, extra)
    result = coverage(report, [chosen], edition)
    (found,) = result.checklists
    if fmt == "json":
        click.echo(json.dumps({"report": str(folder), **result.to_json()}, indent=2, ensure_ascii=False))
    else:
        _print_text(found, edition)
    return int(ExitCode.OK if result.complete else ExitCode.INVALID)


def _choose(name: str, report: Report, folder: Path, extra: list[Checklist]) -> Checklist:
    """The checklist ``--against`` names: a --checklist file's, one the report names, or a shipped one."""
    from ..checks.checklist_files import shipped_checklists
    from ..checks.disclosures import resolve_checklists
    from ..checks.messages import did_you_mean
    from ..core.errors import UsageError

    resolved = resolve_checklists(report, folder, extra)
    named = resolved.checklists
    known = {**shipped_checklists(), **named, **{c.id: c for c in extra}}
    for checklist_id, loc in resolved.locations.items():  # a file also by the path report.checklists gives
        index = loc[-1]
        if isinstance(index, int):
            known.setdefault(report.report.checklists[index], named[checklist_id])
    if name in known:
        return known[name]
    listed = ", ".join(sorted(known))
    raise UsageError(
        f"--against: no checklist '{name}' (known: {listed}){did_you_mean(name, sorted(known))}; "
        "give your own with --checklist FILE"
    )


def _where(requirement: RequirementCoverage) -> str:
    """Where a requirement is answered, or why not, in one line."""
    places = []
    for place in requirement.places:
        if not place.shown:
            continue
        places.append(f"{place.item} ({place.section})" if place.item else place.section)
    hidden = sum(1 for p in requirement.places if not p.shown)
    if hidden:
        places.append(f"{hidden} item{'s' if hidden > 1 else ''} in narrower editions")
    text = ", ".join(places)
    if requirement.status == "omitted":
        text = f"{OMISSION_WORDS.get(requirement.omitted or '', requirement.omitted)}: {requirement.explanation}"
    elif requirement.status == "restricted":
        text = f"answered in the {requirement.restricted_to or 'internal'} edition"
    if requirement.partial and requirement.status in ("partial", "restricted"):
        text += f"; missing: {requirement.partial}"
    return text


def _print_text(found: ChecklistCoverage, edition: str) -> None:
    from rich.console import Console

    counts = found.counts
    head = f"{found.id}: {found.name}; {found.version}; {edition} edition"
    tail = (
        f"{counts.total} requirements: {counts.answered} answered, {counts.partial} partial, {counts.omitted} "
        f"omitted, {counts.missing} missing, {counts.restricted} restricted"
    )
    console = Console()
    if not console.is_terminal:
        click.echo(head)
        width = max((len(r.id) for r in found.requirements), default=2)
        for r in found.requirements:
            click.echo(f"  {r.id:<{width}}  {STATUS_WORDS[r.status]:<10}  {r.title}: {_where(r) or '-'}")
        click.echo(tail)
        return
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(head), title_justify="left", show_lines=False)
    table.add_column("requirement", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("title")
    table.add_column("where answered, or why not")
    colours = {"missing": "bold red", "partial": "yellow", "omitted": "cyan", "restricted": "magenta"}
    for r in found.requirements:
        status = STATUS_WORDS[r.status]
        style = colours.get(r.status)
        shown = f"[{style}]{status}[/]" if style else status
        table.add_row(escape(r.id), shown, escape(r.title), escape(_where(r) or "-"))
    console.print(table)
    console.print(escape(tail), highlight=False)
