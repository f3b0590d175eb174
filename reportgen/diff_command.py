"""What ``reportgen diff`` does between reading its arguments and exiting."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from .diff_output import print_text, to_json
from .diffing import ReportDiff, diff_reports
from .errors import ExitCode, UsageError
from .limits import Limits
from .output import write_atomic
from .sides import load_side


def compare(old: Path, new: Path, limits: Limits) -> ReportDiff:
    old_side, new_side = load_side(old, limits), load_side(new, limits)
    return diff_reports(old_side.report, new_side.report, old_side.label, new_side.label)


def emit_diff(result: ReportDiff, fmt: str, output: Path | None, templates: Path | None) -> None:
    if fmt == "text":
        print_text(result, Console())
    elif fmt == "json":
        click.echo(to_json(result))
    else:
        from .diff_document import diff_document

        if output is None:
            raise UsageError(f"--format {fmt} needs -o FILE")
        from datetime import date

        published = date.fromisoformat(result.new_published) if result.new_published else None
        write_atomic(output, diff_document(result, fmt, templates, published))
        click.echo(f"wrote {output}")


def diff_exit_code(result: ReportDiff, fail_on: str) -> int:
    """Like diff(1): 0 no (relevant) differences, 1 differences; trouble (2) is raised as an error."""
    if fail_on == "weakening":
        failing = result.count("weakened") > 0
    elif fail_on == "unexplained":
        failing = result.count("unexplained") > 0
    else:
        failing = not result.empty
    return int(ExitCode.INVALID if failing else ExitCode.OK)
