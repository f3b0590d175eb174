"""The command line: a thin shell over the library; every command body is a few lines."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import ExitCode, InvalidReport, ReportgenError, findings_json
from .limits import DEFAULT_LIMITS, Limits
from .validate import check_report

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


def main() -> None:
    cli(prog_name="reportgen")
