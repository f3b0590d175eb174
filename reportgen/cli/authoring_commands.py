"""The authoring commands a board secretary uses between ``init`` and ``build``: ``export`` (the report's
decisions, members and red lines as a spreadsheet), ``new`` (a skeleton of one new item), and the full
``import`` and ``serve`` (a team's own column headers, local dates; the paged PDF preview).

:func:`register` adds them to the command group (``import`` and ``serve`` replace the plainer versions of
the same name). Each body is a few lines over :mod:`reportgen.authoring`; the library never prints.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..core.outputs import EDITIONS


def _note(text: str) -> None:
    click.echo(f"note: {text}", err=True)


def _say(text: str) -> None:
    click.echo(text, err=True)


@click.command(name="export")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--to", "to", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The .xlsx or .csv to write."
)
@click.option(
    "--sheet",
    type=click.Choice(["decisions", "members", "red-lines"], case_sensitive=False),
    help="The table a .csv holds [by its name: members.csv, red-lines.csv, else decisions]; a workbook gets all.",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def export_command(folder: Path, to: Path, sheet: str | None, force: bool) -> None:
    """Write a report's decisions, members and red lines as the spreadsheet `reportgen import` reads.

    Edit the cells and import it back: only what you edited changes in the input files.

    Example: reportgen export inputs/asab-2026 --to decisions.xlsx
    """
    from ..authoring.export import export_spreadsheet

    written = export_spreadsheet(folder, to, sheet=sheet, force=force, note=_note)
    click.echo(
        f"exported {', '.join(written)} of {folder} to {to}; after editing it: "
        f"reportgen import {to} --into {folder} --force"
    )


@click.command(name="new")
@click.argument("kind", type=click.Choice(["decision", "red-line", "incident"]))
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def new_command(kind: str, folder: Path) -> None:
    """Add a commented skeleton of a new decision, red line or incident, with the next free id.

    A folder with one file per decision gets a new file; items kept together in one file get the new
    one at the end of it. Existing files are never overwritten.

    Example: reportgen new decision inputs/asab-2026
    """
    from ..authoring.skeleton import KINDS, new_item

    made = new_item(folder, kind)
    where = f"added {made.id} at the end of {made.path}" if made.appended else f"wrote {made.path}"
    click.echo(
        f"{where}: a new {KINDS[kind].label}; fill in {', '.join(made.to_fill)}, then: reportgen validate {folder}"
    )


@click.command(name="import")
@click.argument("spreadsheet", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--into", "into", required=True, type=click.Path(path_type=Path, file_okay=False), help="Report folder.")
@click.option("--force", is_flag=True, help="Change files that already exist.")
@click.option(
    "--columns",
    "columns",
    multiple=True,
    metavar="HEADER=COLUMN,...|FILE",
    help="Read your own headers as the columns they stand for, e.g. 'Decision ID=Id,Type=Kind,Votes For=In "
    "favour', or a file with one HEADER=COLUMN per line. Repeat for several.",
)
@click.option(
    "--date-format",
    metavar="LAYOUT",
    help="Read text dates written this way, e.g. DD/MM/YYYY, MM/DD/YYYY or DD.MM.YYYY (YYYY-MM-DD always works).",
)
def import_command(
    spreadsheet: Path, into: Path, force: bool, columns: tuple[str, ...], date_format: str | None
) -> None:
    """Turn a spreadsheet (.xlsx or .csv) of decisions, members or red lines into input files.

    A workbook's sheets named Decisions, Members and Red lines are read (a .csv is recognised by its
    header row); `reportgen init` leaves templates of them in the folder's .reportgen/, and `reportgen
    export` writes the folder's own. Items the folder holds are updated in place. Nothing is written
    until every row is valid.

    Example: reportgen import decisions.xlsx --into inputs/asab-2027 --date-format DD/MM/YYYY
    """
    from ..authoring.import_options import parse_columns
    from ..authoring.importer import import_spreadsheet

    written = import_spreadsheet(
        spreadsheet, into, force=force, note=_note, columns=parse_columns(columns), date_format=date_format
    )
    click.echo(f"imported {len(written)} file(s) into {into}; next: reportgen validate {into}")


@click.command(name="serve")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default="internal",
    show_default=True,
    help="Which edition to show (internal shows withheld content too).",
)
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="Folder of template overrides.")
@click.option(
    "--pdf",
    is_flag=True,
    help="Show the paged layout: the edition's PDF as `reportgen build` lays it out, with its page count, "
    "laid out again after each save (a few seconds).",
)
def serve_command(folder: Path, port: int, edition: str, templates: Path | None, pdf: bool) -> None:
    """Preview the report in a browser; it rebuilds and reloads when an input or template changes.

    A strip on top says which edition it is and lists the warnings. Example:
    reportgen serve inputs/asab-2026 --edition public --pdf
    """
    from ..authoring.serve import serve_report

    serve_report(folder, port, templates, edition, pdf=pdf, say=_say)


COMMANDS = (export_command, new_command, import_command, serve_command)


def register(group: click.Group) -> None:
    """Add the authoring commands to ``group`` (``import`` and ``serve`` replace those of the same name),
    each turning a ReportgenError into its message and exit code as every command does."""
    from .main import friendly  # here, not above: main registers these commands when it is imported

    for command in COMMANDS:
        if command.callback is not None and not getattr(command.callback, "friendly", False):
            command.callback = friendly(command.callback)
            command.callback.friendly = True  # type: ignore[attr-defined]
        group.add_command(command)
