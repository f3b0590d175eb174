"""What commands print: findings, verdicts, written files. Kept apart so command bodies stay short."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..core.errors import ExitCode, Finding, InvalidReport, findings_json
from ..core.output import write_atomic
from .progress import stage_display

if TYPE_CHECKING:  # verify imports the whole build: too much for printing validate's findings
    from ..audit.verify import Verdict
    from ..build.cache import BuildResult
    from ..diff.compare import Comparison


def print_validation(folder: Path, valid: bool, files: int, findings: list[Finding], fmt: str, strict: bool) -> int:
    """Print ``validate``'s result and return its exit code."""
    ok = valid and not (strict and findings)
    if fmt == "json":
        click.echo(findings_json(findings, valid=ok))
    elif not ok:
        click.echo(InvalidReport(findings, strict=strict).render(), err=True)
    else:
        for finding in findings:
            click.echo(finding.format(), err=True)
        click.echo(f"valid: {folder} ({files} files, {len(findings)} warning(s))")
    return int(ExitCode.OK if ok else ExitCode.INVALID)


def print_build(result: BuildResult) -> None:
    """A build's warnings (the same lines ``validate`` prints), then what it wrote."""
    for line in result.warnings:
        click.echo(line, err=True)
    for name in result.stale:
        click.echo(f"note: {name} is from an earlier build and was not rebuilt this time", err=True)
    warned = f" ({len(result.warnings)} warning(s): see above)" if result.warnings else ""
    if result.up_to_date:
        click.echo(f"up to date: {result.out_dir}{warned}")
    else:
        click.echo(f"built {len(result.outputs)} file(s): {result.out_dir}{warned}")


def print_verdict(target: Path, verdict: Verdict) -> int:
    """Each line in the order it was checked (the signature's first), each with its own status (``ok``,
    ``note``, ``mismatch``, ``undecided``), then the verdict: all on stdout, since they are the result
    (only a usage error goes to stderr). A match without a rebuild says it is one at the data level."""
    for line in verdict.lines:
        click.echo(f"{line.status}: {line.text}")
    facts = [f"{verdict.edition} edition"] if verdict.edition else []
    if verdict.status == "match" and verdict.level == "data":
        facts.append("data level")
    shown = f" ({', '.join(facts)})" if facts else ""
    click.echo(f"{verdict.status.upper()}{shown}: {target}")
    return {"match": 0, "mismatch": 1, "undecided": 2}[verdict.status]


def print_signed(source: Path, written: Path) -> None:
    """Where ``sign`` wrote the signed copy, and how to check it."""
    click.echo(f"signed: {written} (the PDF as built, {source}, is unchanged)")
    click.echo(f"check it with: reportgen verify {written} --inputs FOLDER --trust ROOT-CERT")


def write_or_print(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")


def emit_diff(
    comparison: Comparison,
    fmt: str,
    output: Path | None,
    templates: Path | None,
    verdict: tuple[str, bool],
    only: str | None = None,
) -> None:
    """The diff as text on the terminal, JSON on stdout, or an HTML/PDF redline with its memo header (written
    to ``output``; HTML without it to standard output, PDF to redline.pdf)."""
    from ..diff.summary import only as narrowed

    diff = narrowed(comparison.diff, only) if only else comparison.diff
    sides = (comparison.old, comparison.new)
    if fmt == "text":
        from rich.console import Console

        from ..diff.output import print_text

        print_text(diff, Console(), sides)
        return
    if fmt == "json":
        from ..diff.output import to_json

        click.echo(to_json(diff, sides))
        return
    from ..core.version import __version__
    from ..diff.document import diff_document
    from ..diff.summary import today
    from ..diff.view import memo_header

    fail_on, fails = verdict
    memo = memo_header(diff, *sides, today().isoformat(), f"reportgen {__version__}", fail_on, fails)
    published = date.fromisoformat(diff.new_published) if diff.new_published else None
    if fmt == "html" and output is None:
        click.echo(diff_document(diff, fmt, templates, published, memo).decode("utf-8"), nl=False)
        return
    target = output or Path("redline.pdf")
    with stage_display(quiet=False) as progress:
        progress(f"laying out the {fmt.upper()} redline")
        document = diff_document(diff, fmt, templates, published, memo)
    write_atomic(target, document)
    click.echo(f"wrote {target}")
