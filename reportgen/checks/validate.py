"""Stage 1: inputs -> one validated :class:`~reportgen.schema.Report`, or every finding at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..core.errors import Finding, InvalidReport, ReportgenError, Severity
from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.problems import Problem
from ..inputs.sources import Inputs, Reading, load_inputs, start_reading

if TYPE_CHECKING:
    from ..schema import Report
    from .partial import SetAside


@dataclass
class Validated:
    """A report that passed validation, with its inputs and any warnings."""

    report: Report
    inputs: Inputs
    warnings: list[Finding]


def _code(kind: str) -> str:
    return kind.replace("_", "-")  # one style for every finding code: pydantic's and ours


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Loading allocates a million objects and frees none: cycle collection there only costs time (a
    quarter of it on a 10-year archive). The collector is put back as it was afterwards; freezing what
    was loaded is left to short-lived processes (the command line), since a long-running one (``serve``)
    would keep every frozen report forever."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_report(
    root: Path, limits: Limits = DEFAULT_LIMITS, *, to_build: bool = True
) -> tuple[Report | None, Inputs, list[Finding]]:
    """Load, validate and cross-check a report folder; return the model (if valid) and all findings.

    ``to_build=False`` is for a report read only to be compared (a side of a diff, the previous report
    behind a "Changes" chapter): what only its own build needs, its previous report and its commitment
    key, need not be at hand."""
    with _no_gc_pauses():
        reading, not_read = start_reading(root, limits)
        report, inputs, findings = _check_report(root, limits, reading, to_build)
        return report, inputs, sorted([*findings, *not_read])


def _check_report(
    root: Path, limits: Limits, reading: Reading, to_build: bool
) -> tuple[Report | None, Inputs, list[Finding]]:
    # Imported here, not above: building the schema takes a third of a second, which another core
    # spends reading the files of a large report meanwhile.
    from pydantic import ValidationError

    from ..editions.commitment_key import key_problems
    from ..schema import Report
    from .authoring_checks import previous_report_problems
    from .cross_checks import run_checks
    from .disclosure_checks import disclosure_problems
    from .frameworks import framework_problems
    from .logo import logo_problems
    from .messages import clean_loc, message_for
    from .partial import set_aside
    from .paths import dotted

    inputs = load_inputs(root, limits, reading)
    findings = list(inputs.findings)
    unreadable = any(f.severity == "error" for f in findings)
    pruned: SetAside | None = None
    try:
        report = Report.model_validate(inputs.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in errors:
            loc, path, message = message_for(error, inputs.raw, inputs.data)
            if unreadable and error["type"] == "missing" and len(loc) <= 1:
                continue  # the section may be in the file that could not be read: not a finding of its own
            if not loc and error["type"] == "missing":  # a section no file holds: name the file it belongs in
                file, line, col = f"{str(error['loc'][0]).replace('_', '-')}.yaml", 1, 1
            else:
                file, line, col = inputs.where(loc)
            findings.append(Finding(file, line, col, path, message, code=_code(error["type"])))
        # The items that did validate are cross-checked all the same: every independent problem in one run.
        failed = [clean_loc(tuple(error["loc"])) for error in errors]
        pruned = None if unreadable else set_aside(inputs.data, failed, Report.model_fields)
        if pruned is None:
            return None, inputs, sorted(findings)
        try:
            report = Report.model_validate(pruned.document)
        except ValidationError:  # what is left is not a report (a required list emptied): its checks wait
            return None, inputs, sorted(findings)
    if unreadable:
        return None, inputs, sorted(findings)  # cross-checks on a partial report would mislead
    meta = report.report
    found = [
        *run_checks(report),
        *framework_problems(report),
        *disclosure_problems(report, root),
        *logo_problems(root, meta.logo),
    ]
    if to_build:
        found += [*key_problems(root, report), *previous_report_problems(root, meta.previous_report)]
    if pruned is not None:
        found = [_restored(problem, pruned) for problem in found if not pruned.caused(problem)]
    for problem in found:
        file, line, col = inputs.where(problem.loc)
        message = problem.message
        if problem.related is not None:
            other = inputs.where(problem.related)
            message = message.replace("{related}", f"{other[0]}:{other[1]}:{other[2]}")
        severity: Severity = "warning" if problem.severity == "warning" else "error"
        findings.append(
            Finding(file, line, col, dotted(problem.loc, inputs.data), message, severity, _code(problem.code))
        )
    if to_build and meta.previous_report and not any(p.code == "previous-report" for p in found):
        findings += _previous_report_errors(inputs, meta.previous_report)
    has_errors = pruned is not None or any(f.severity == "error" for f in findings)
    return (None if has_errors else report), inputs, sorted(findings)


def _previous_report_errors(inputs: Inputs, previous: str) -> list[Finding]:
    """The errors of the previous report's folder, which ``build`` reads for its "Changes" chapter, each
    file named as from this report's folder (``../asab-2025/decisions.yaml``), so that ``validate`` never
    says valid while ``build`` then fails. Its warnings are left out: that report is already published,
    and its own validation shows them."""
    folder = inputs.root / previous
    if not folder.is_dir():
        return []  # a .pdf or .html report: read when building
    try:
        _, _, found = check_report(folder, inputs.limits, to_build=False)
    except ReportgenError as exc:
        file, line, col = inputs.where(("report", "previous_report"))
        message = f"the previous report in {previous} cannot be read: {exc}"
        return [Finding(file, line, col, "report.previous_report", message, code="previous-report")]
    return [
        replace(finding, file=(PurePosixPath(previous) / finding.file).as_posix())
        for finding in found
        if finding.severity == "error"
    ]


def _restored(problem: Problem, pruned: SetAside) -> Problem:
    """A finding on the report without the items set aside, located in the document as written."""
    related = pruned.original(problem.related) if problem.related is not None else None
    return replace(problem, loc=pruned.original(problem.loc), related=related)


def validate(root: Path, limits: Limits = DEFAULT_LIMITS, *, strict: bool = False, to_build: bool = True) -> Validated:
    """The validated report, or :class:`InvalidReport` carrying every finding (``to_build``: see
    :func:`check_report`)."""
    report, inputs, findings = check_report(root, limits, to_build=to_build)
    if report is None or (strict and findings):
        raise InvalidReport(findings, strict=strict)
    return Validated(report, inputs, findings)
