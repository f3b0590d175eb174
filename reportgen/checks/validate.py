"""Stage 1: inputs -> one validated :class:`~reportgen.schema.Report`, or every finding at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import Finding, InvalidReport, Severity
from ..core.limits import DEFAULT_LIMITS, Limits
from ..inputs.sources import Inputs, Reading, load_inputs, start_reading

if TYPE_CHECKING:
    from ..schema import Report


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
    from .disclosures import disclosure_problems
    from .frameworks import framework_problems
    from .logo import logo_problems
    from .messages import dotted, message_for

    inputs = load_inputs(root, limits, reading)
    findings = list(inputs.findings)
    unreadable = any(f.severity == "error" for f in findings)
    try:
        report = Report.model_validate(inputs.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, path, message = message_for(error, inputs.raw, inputs.data)
            if unreadable and error["type"] == "missing" and len(loc) <= 1:
                continue  # the section may be in the file that could not be read: not a finding of its own
            if not loc and error["type"] == "missing":  # a section no file holds: name the file it belongs in
                file, line, col = f"{str(error['loc'][0]).replace('_', '-')}.yaml", 1, 1
            else:
                file, line, col = inputs.where(loc)
            findings.append(Finding(file, line, col, path, message, code=_code(error["type"])))
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
    for problem in found:
        file, line, col = inputs.where(problem.loc)
        message = problem.message
        if problem.related is not None:
            other = inputs.where(problem.related)
            message = message.replace("{related}", f"{other[0]}:{other[1]}:{other[2]}")
        severity: Severity = "warning" if problem.severity == "warning" else "error"
        findings.append(Finding(file, line, col, dotted(problem.loc), message, severity, _code(problem.code)))
    has_errors = any(f.severity == "error" for f in findings)
    return (None if has_errors else report), inputs, sorted(findings)


def validate(root: Path, limits: Limits = DEFAULT_LIMITS, *, strict: bool = False, to_build: bool = True) -> Validated:
    """The validated report, or :class:`InvalidReport` carrying every finding (``to_build``: see
    :func:`check_report`)."""
    report, inputs, findings = check_report(root, limits, to_build=to_build)
    if report is None or (strict and findings):
        raise InvalidReport(findings, strict=strict)
    return Validated(report, inputs, findings)
