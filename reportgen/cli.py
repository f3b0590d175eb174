"""The command line: a thin shell over the library; every command body is a few lines."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .build import EDITIONS, FORMATS, BuildOptions, build
from .diff_command import compare, diff_exit_code, emit_diff
from .errors import ExitCode, InvalidReport, ReportgenError, findings_json
from .jsonschema import schema_text
from .limits import DEFAULT_LIMITS, Limits
from .output import write_atomic
from .progress import stage_display
from .validate import check_report
from .verify import verify

F = TypeVar("F", bound=Callable[..., Any])


def friendly(command: F) -> F:
    """Turn every :class:`ReportgenError` into its message and exit code; never a traceback."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ReportgenError as exc:
            click.echo(exc.render(), err=True)
            sys.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo("interrupted; no output was changed", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _limits(values: tuple[str, ...]) -> Limits:
    pairs = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep:
            raise click.BadParameter(f"expected NAME=VALUE, got {value!r}", param_hint="--limit")
        pairs[name.strip()] = number.strip()
    return DEFAULT_LIMITS.with_overrides(pairs)


report_dir = click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
limit_option = click.option(
    "--limit", "limits", multiple=True, metavar="NAME=VALUE", help="Raise or lower a limit (see README)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def cli() -> None:
    """Build annual transparency reports for AI governance boards from YAML inputs."""


@cli.command()
@report_dir
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@limit_option
@friendly
def validate(folder: Path, fmt: str, strict: bool, limits: tuple[str, ...]) -> None:
    """Check a report folder and list every problem as file:line:col: field: message.

    Example: reportgen validate inputs/asab-2026 --strict
    """
    report, inputs, findings = check_report(folder, _limits(limits))
    ok = report is not None and not (strict and findings)
    if fmt == "json":
        click.echo(findings_json(findings, valid=ok))
    elif not ok:
        click.echo(InvalidReport(findings, strict=strict).render(), err=True)
    else:
        for finding in findings:
            click.echo(finding.format(), err=True)
        click.echo(f"valid: {folder} ({len(inputs.files)} files, {len(findings)} warning(s))")
    sys.exit(ExitCode.OK if ok else ExitCode.INVALID)


def _choices(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    chosen = tuple(allowed) if value == "all" else tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in allowed]
    if unknown or not chosen:
        raise click.BadParameter(f"choose from {', '.join(allowed)} or all", param_hint=option)
    return chosen


@cli.command(name="build")
@report_dir
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, file_okay=False), help="Output folder [build/NAME]."
)
@click.option("--format", "formats", default="html,pdf", show_default=True, help="html, pdf, or both.")
@click.option(
    "--edition", "editions", default="all", show_default=True, help="public, regulator, internal or all."
)
@click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), help="Folder of template overrides."
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress display.")
@limit_option
@friendly
def build_command(
    folder: Path,
    output: Path | None,
    formats: str,
    editions: str,
    templates: Path | None,
    strict: bool,
    force: bool,
    quiet: bool,
    limits: tuple[str, ...],
) -> None:
    """Validate a report folder and build its HTML and PDF editions.

    Example: reportgen build inputs/asab-2026 -o build/asab-2026 --edition public
    """
    options = BuildOptions(
        folder,
        output,
        _choices(formats, FORMATS, "--format"),
        _choices(editions, EDITIONS, "--edition"),
        templates,
        _limits(limits),
        strict,
        force,
    )
    with stage_display(quiet) as progress:
        result = build(options, progress)
    state = "up to date" if result.up_to_date else f"built {len(result.outputs)} file(s)"
    click.echo(f"{state}: {result.out_dir}")


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "html", "pdf"]), default="text", show_default=True
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File for html/pdf output."
)
@click.option(
    "--fail-on",
    type=click.Choice(["any", "weakening", "unexplained"]),
    default="any",
    show_default=True,
    help="Which differences make the exit status 1.",
)
@click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), help="Folder of template overrides."
)
@limit_option
@friendly
def diff(
    old: Path,
    new: Path,
    fmt: str,
    output: Path | None,
    fail_on: str,
    templates: Path | None,
    limits: tuple[str, ...],
) -> None:
    """Compare two versions of a report: folders, input files, built PDFs or HTML editions.

    Example: reportgen diff build/asab-2025/report.pdf inputs/asab-2026 --fail-on weakening
    """
    result = compare(old, new, _limits(limits))
    emit_diff(result, fmt, output, templates)
    sys.exit(diff_exit_code(result, fail_on))


@cli.command(name="verify")
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--inputs",
    type=click.Path(path_type=Path, file_okay=False),
    help="The report folder it claims to come from.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    help="The theme overrides it was built with.",
)
@limit_option
@friendly
def verify_command(pdf: Path, inputs: Path | None, templates: Path | None, limits: tuple[str, ...]) -> None:
    """Check that a PDF was produced from the given inputs (exit 0 match, 1 mismatch, 2 undecided).

    Example: reportgen verify build/asab-2026/report.pdf --inputs inputs/asab-2026
    """
    verdict = verify(pdf, inputs, templates, _limits(limits))
    for line in verdict.checks:
        click.echo(f"ok: {line}")
    for line in verdict.reasons:
        click.echo(f"{verdict.status}: {line}", err=True)
    click.echo(
        {"match": "MATCH", "mismatch": "MISMATCH", "undecided": "UNDECIDED"}[verdict.status] + f": {pdf}"
    )
    sys.exit({"match": 0, "mismatch": 1, "undecided": 2}[verdict.status])


@cli.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE instead."
)
@friendly
def schema(output: Path | None) -> None:
    """Print the JSON Schema of an input file (for editors), or write it with -o.

    Example: reportgen schema -o schema/reportgen-input.schema.json
    """
    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")


def main() -> None:
    cli(prog_name="reportgen")
