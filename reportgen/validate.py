"""Stage 1: inputs -> one validated :class:`~reportgen.schema.Report`, or every finding at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .checks import run_checks
from .errors import Finding, InvalidReport
from .limits import DEFAULT_LIMITS, Limits
from .messages import dotted, message_for
from .schema import Report
from .sources import Inputs, load_inputs


@dataclass
class Validated:
    """A report that passed validation, with its inputs and any warnings."""

    report: Report
    inputs: Inputs
    warnings: list[Finding]


def check_report(root: Path, limits: Limits = DEFAULT_LIMITS) -> tuple[Report | None, Inputs, list[Finding]]:
    """Load, validate and cross-check a report folder; return the model (if valid) and all findings."""
    inputs = load_inputs(root, limits)
    findings = list(inputs.findings)
    if any(f.severity == "error" for f in findings):
        return None, inputs, findings
    try:
        report = Report.model_validate(inputs.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc, path, message = message_for(error)
            file, line, col = inputs.where(loc)
            findings.append(Finding(file, line, col, path, message, code=error["type"]))
        return None, inputs, findings
    for problem in run_checks(report):
        file, line, col = inputs.where(problem.loc)
        severity = "warning" if problem.severity == "warning" else "error"
        findings.append(
            Finding(file, line, col, dotted(problem.loc), problem.message, severity, problem.code)
        )
    has_errors = any(f.severity == "error" for f in findings)
    return (None if has_errors else report), inputs, findings


def validate(root: Path, limits: Limits = DEFAULT_LIMITS, *, strict: bool = False) -> Validated:
    """The validated report, or :class:`InvalidReport` carrying every finding."""
    report, inputs, findings = check_report(root, limits)
    if report is None or (strict and findings):
        raise InvalidReport(findings, strict=strict)
    return Validated(report, inputs, findings)
