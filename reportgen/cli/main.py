"""The command line: a thin shell over the library; every command body is a few lines.

Modules are imported inside the commands so that ``reportgen validate`` does not pay for WeasyPrint,
Jinja and the PDF reader at start-up.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ..core.errors import ExitCode, ReportgenError, UsageError
from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.outputs import EDITIONS, FORMATS
from ..core.version import __version__
from ..diff.levels import FAIL_ON_HELP

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
            click.echo("interrupted; earlier outputs are unchanged", err=True)
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


def _choices(value: str, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    chosen = tuple(allowed) if value == "all" else tuple(v.strip() for v in value.split(",") if v.strip())
    if not chosen or any(v not in allowed for v in chosen):
        raise click.BadParameter(f"choose from {', '.join(allowed)} or all", param_hint=option)
    return chosen


report_dir = click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
limit_option = click.option(
    "--limit",
    "limits",
    multiple=True,
    metavar="NAME=VALUE",
    help="Raise or lower a limit: max_file_bytes, max_files, max_depth, max_string_chars, max_items or "
    "render_seconds (CPU seconds one PDF may take; defaults in docs/security.md). Repeat for several.",
)
templates_option = click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), help="Folder of template overrides."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def cli() -> None:
    """Build annual transparency reports for AI governance boards from YAML inputs.

    Exit codes: 0 success, 1 invalid inputs / differences / mismatch, 2 usage error or undecided, 3 bug.
    """


@cli.command()
@report_dir
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one finding per line; json: the same findings for CI.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@limit_option
@friendly
def validate(folder: Path, fmt: str, strict: bool, limits: tuple[str, ...]) -> None:
    """Check a report folder and list every problem as file:line:col: field: message.

    Example: reportgen validate inputs/asab-2026 --strict
    """
    from ..checks.validate import check_report
    from .console import print_validation

    report, inputs, findings = check_report(folder, _limits(limits))
    gc.freeze()  # the process ends now: spare its last collection a walk over the million loaded objects
    sys.exit(print_validation(folder, report is not None, len(inputs.files), findings, fmt, strict))


@cli.command(name="build")
@report_dir
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False), help="Output folder [build/NAME].")
@click.option("--format", "formats", default="html,pdf", show_default=True, help="html, pdf, or all.")
@click.option("--edition", "editions", default="all", show_default=True, help="public, regulator, internal or all.")
@templates_option
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
    from ..build.cache import BuildOptions, BuildResult, cached_warnings, check_up_to_date
    from .console import print_build

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
    out, _, fresh = check_up_to_date(options)
    if fresh:  # answered before the renderer is even imported
        print_build(BuildResult(out, up_to_date=True, warnings=cached_warnings(out)))
        return
    from ..build.orchestrator import build
    from .progress import stage_display

    with stage_display(quiet) as progress:
        result = build(options, progress)
    print_build(result)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html", "pdf"]), default="text", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File for html/pdf output [html: standard output; pdf: redline.pdf].",
)
@click.option(
    "--fail-on",
    type=click.Choice(["any", "weakening", "unexplained"]),
    default="any",
    show_default=True,
    help="Which differences make the exit status 1. "
    + " ".join(f"{level}: {text}" for level, text in FAIL_ON_HELP.items()),
)
@click.option(
    "--only",
    type=click.Choice(["red-lines", "weakened"]),
    help="Show only the red lines, or only the red lines that weakened (the exit status still counts everything).",
)
@templates_option
@limit_option
@friendly
def diff(
    old: Path,
    new: Path,
    fmt: str,
    output: Path | None,
    fail_on: str,
    only: str | None,
    templates: Path | None,
    limits: tuple[str, ...],
) -> None:
    """Compare two versions of a report: folders, input files, built PDFs or HTML editions.

    It opens with each red line's verdict and the board's reason for it. Exit 0 when nothing --fail-on
    counts changed, 1 when something did, 2 could not compare (a side is missing, unreadable or invalid:
    its findings are printed).

    Example: reportgen diff build/asab-2025/report.pdf inputs/asab-2026 --fail-on weakening
    """
    from ..diff.compare import CouldNotCompare, compare_sides, failing
    from .console import emit_diff

    try:
        comparison = compare_sides(old, new, _limits(limits))
    except CouldNotCompare as failure:
        if fmt == "json":  # a pipeline reading stdout sees why there is no diff
            click.echo(failure.to_json())
        raise
    fails = failing(comparison.diff, fail_on)
    emit_diff(comparison, fmt, output, templates, (fail_on, fails), only)
    sys.exit(int(ExitCode.INVALID if fails else ExitCode.OK))


@cli.command(name="verify")
@click.argument("built", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--inputs", type=click.Path(path_type=Path, file_okay=False), help="The report folder it came from.")
@click.option("--edition", type=click.Choice(EDITIONS), help="Require FILE to be this edition.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Also lay the PDF out again from the inputs and compare it byte for byte (minutes for a long report).",
)
@click.option(
    "--trust",
    multiple=True,
    metavar="CERT",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A root certificate (PEM or DER) the signature's certificate chain must lead to. Repeat for several.",
)
@templates_option
@limit_option
@friendly
def verify_command(
    built: Path,
    inputs: Path | None,
    edition: str | None,
    rebuild: bool,
    trust: tuple[Path, ...],
    templates: Path | None,
    limits: tuple[str, ...],
) -> None:
    """Check that a built PDF or HTML edition was produced from the given inputs.

    A signature, if the PDF has one, is checked first: integrity, signer, signing time, the certificate
    chain (against --trust; without it the chain is not checked and that line is UNDECIDED), and that
    nothing was changed after signing; the rest is checked on what was signed. With --inputs: the
    embedded data and build record are compared with the inputs (those holding withheld content are
    paired using the folder's commitment key) and the file with the checksum written into it: MATCH at
    the data level, in seconds. --rebuild also lays the PDF out again and compares it byte for byte.
    Without --inputs only the embedded data is checked, and the verdict is UNDECIDED.

    Exit 0 MATCH, 1 MISMATCH, 2 UNDECIDED (other tools, code or theme; no --inputs; a chain not checked)
    or a usage error.

    Example: reportgen verify build/asab-2026/report.pdf --inputs inputs/asab-2026 --edition public
    """
    from ..audit.verify import verify
    from .console import print_verdict
    from .progress import stage_display

    with stage_display(quiet=not rebuild) as progress:
        verdict = verify(
            built, inputs, templates, _limits(limits), edition, rebuild=rebuild, trust=trust, progress=progress
        )
    sys.exit(print_verdict(built, verdict))


@cli.command(name="sign")
@click.argument("report", metavar="REPORT.pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--key",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The signer's private key (PEM or DER; asked for its passphrase if it is encrypted).",
)
@click.option(
    "--cert", required=True, type=click.Path(path_type=Path, dir_okay=False), help="The signer's certificate."
)
@click.option(
    "--chain",
    multiple=True,
    metavar="CERT",
    type=click.Path(path_type=Path, dir_okay=False),
    help="An intermediate or root certificate to embed with the signature. Repeat for several.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write here [REPORT.signed.pdf].")
@click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A file whose first line is the key's passphrase (for scripts; otherwise it is asked for).",
)
@friendly
def sign_command(
    report: Path, key: Path, cert: Path, chain: tuple[Path, ...], output: Path | None, passphrase_file: Path | None
) -> None:
    """Sign a built PDF (PAdES, as an incremental update that keeps it PDF/A-3 with its attachments).

    The PDF as built stays an unchanged prefix of the signed file, and is itself never modified: the
    signed copy goes to -o, or to REPORT.signed.pdf beside it. Check it with reportgen verify --trust.

    Example: reportgen sign build/asab-2026/report.pdf --key board.key --cert board.pem --chain ca.pem
    """
    from ..audit.sign import KeyLocked, sign_pdf
    from .console import print_signed

    passphrase = None
    if passphrase_file is not None:
        try:
            text = passphrase_file.read_bytes()
        except OSError as exc:
            raise UsageError(f"{passphrase_file}: cannot read the passphrase: {exc.strerror or exc}") from None
        passphrase = text.splitlines()[0] if text else b""
    try:
        written = sign_pdf(report, key, cert, chain, output, passphrase)
    except KeyLocked:
        if passphrase is not None or not sys.stdin.isatty():
            raise
        passphrase = click.prompt(f"passphrase for {key}", hide_input=True, err=True).encode()
        written = sign_pdf(report, key, cert, chain, output, passphrase)
    print_signed(report, written)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to FILE instead.")
@friendly
def schema(output: Path | None) -> None:
    """Print the JSON Schema of an input file (for editors), or write it with -o.

    Example: reportgen schema -o schema/reportgen-input.schema.json
    """
    from ..authoring.jsonschema import schema_text
    from .console import write_or_print

    write_or_print(schema_text(), output)


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@friendly
def init(folder: Path) -> None:
    """Create a new report folder with a commented skeleton of every input file; it builds as is.

    Example: reportgen init inputs/asab-2027
    """
    from ..authoring.scaffold import init_report

    created = init_report(folder)
    click.echo(
        f"created {len(created)} files in {folder}: replace the examples in its .yaml files with your "
        f"board's year (or fill in the spreadsheets in {folder}/.reportgen/ and run reportgen import), "
        f"then: reportgen validate {folder}"
    )


@cli.command()
@report_dir
@friendly
def key(folder: Path) -> None:
    """Create the folder's private commitment key (.reportgen/commitment.key), if it has none.

    Every report that withholds something from the public edition needs one: the salted hashes that
    stand in for withheld content derive from it. Keep it with the inputs; never publish it.

    Example: reportgen key inputs/asab-2026
    """
    from ..editions.commitment_key import create_key

    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    path, created = create_key(folder)
    click.echo(f"{'created' if created else 'kept the existing key'}: {path} (keep it private, never publish it)")


from .authoring_commands import register  # noqa: E402  (export, new; import and serve with all their options)

register(cli)

from .check_command import check  # noqa: E402  (the disclosure index: docs/disclosures.md)

cli.add_command(check)


def main() -> None:
    try:
        cli(prog_name="reportgen")
    except SystemExit as done:
        # Leave without tearing down a report's million objects one by one (a tenth of a second on a
        # 10-year archive): nothing is left to write once the output is flushed.
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            click.echo(done.code, err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except Exception as exc:
        click.echo(f"reportgen {__version__}: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("This is a bug in reportgen; please report it with the command you ran.", err=True)
        sys.exit(int(ExitCode.INTERNAL))
