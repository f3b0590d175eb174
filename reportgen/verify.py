"""``reportgen verify``: was this PDF produced from these inputs, by this version, with this theme?"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .build import edition_outputs
from .canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT, canonical_json, sha256
from .discovery import SourceFile, find_input_files
from .editions import WITHHELD_FILE, commitment_secret, keyed_digest
from .errors import ReportgenError, UsageError
from .limits import DEFAULT_LIMITS, Limits
from .logo import logo_source
from .manifest import tool_versions
from .render_pdf import render_pdf
from .sides import pdf_attachments
from .theme import Theme
from .validate import Validated, validate


@dataclass
class Verdict:
    """``match``, ``mismatch`` or ``undecided``, with the reasons in plain words."""

    status: str
    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


def verify(pdf: Path, inputs: Path | None, templates: Path | None = None, limits: Limits = DEFAULT_LIMITS) -> Verdict:
    if not pdf.is_file():
        raise UsageError(f"{pdf}: no such file")
    data_bytes = pdf.read_bytes()
    attachments = pdf_attachments(pdf)
    if DATA_ATTACHMENT not in attachments or BUILD_ATTACHMENT not in attachments:
        return Verdict("mismatch", ["the PDF carries no reportgen data and build record"])
    try:
        record = json.loads(attachments[BUILD_ATTACHMENT])
    except ValueError:
        return Verdict("mismatch", ["the embedded build record is not readable JSON"])
    verdict = Verdict("match")
    if sha256(attachments[DATA_ATTACHMENT]) != record.get("data_sha256"):
        verdict.status = "mismatch"
        verdict.reasons.append("the embedded data does not match the hash in its build record (it was replaced)")
        return verdict
    verdict.checks.append("the embedded data matches its build record")
    mine = tool_versions()
    theirs = record.get("tools", {})
    if theirs != mine:
        differing = ", ".join(f"{k} {theirs.get(k, '?')} (here {v})" for k, v in mine.items() if theirs.get(k) != v)
        return Verdict(
            "undecided",
            [f"built with {differing}: install those versions to compare the pages"],
            verdict.checks,
        )
    if inputs is None:
        verdict.checks.append("give --inputs FOLDER to check the inputs and the rendered pages too")
        return verdict
    try:
        validated: Validated | None = validate(inputs, limits)
        failure = ""
    except ReportgenError as exc:
        validated, failure = None, str(exc)
    # Files holding withheld content are listed by a digest keyed with the full data: known only here.
    secret = commitment_secret(canonical_json(validated.report)) if validated is not None else None
    logo = logo_source(inputs, validated.report.report.logo) if validated is not None else []
    _check_inputs(inputs, record, verdict, limits, secret, logo)
    if verdict.status != "match":
        return verdict
    if validated is None:
        return Verdict("mismatch", [f"the inputs no longer build: {failure}"], verdict.checks)
    theme = Theme.with_overrides(templates)
    if theme.digest() != record.get("theme_sha256"):
        return Verdict(
            "undecided",
            ["built with another theme than the one given here (use --templates with the theme it was built with)"],
            verdict.checks,
        )
    try:
        _, job, _ = edition_outputs(validated, record.get("edition", "public"), theme)
        rebuilt = render_pdf(job)
    except ReportgenError as exc:
        return Verdict("mismatch", [f"the inputs no longer build: {exc}"], verdict.checks)
    if rebuilt != data_bytes:
        verdict.status = "mismatch"
        verdict.reasons.append(
            "a rebuild from these inputs gives different bytes: the PDF's pages or metadata were edited after the build"
        )
    else:
        verdict.checks.append("a rebuild from the inputs is byte-identical")
    return verdict


def _check_inputs(
    inputs: Path,
    record: dict[str, object],
    verdict: Verdict,
    limits: Limits,
    secret: bytes | None,
    also: list[SourceFile],
) -> None:
    entries: list[dict[str, str]] = list(record.get("inputs", []))  # type: ignore[call-overload]
    present = {
        path.relative_to(inputs).as_posix(): sha256(path.read_bytes()) for path in find_input_files(inputs, limits)
    }
    present.update({source.rel: source.sha256 for source in also})  # the logo
    # An edition lists files holding withheld content by a keyed digest only: match those by content.
    by_keyed = {keyed_digest(secret, digest): name for name, digest in present.items()} if secret else {}
    recorded: dict[str, str] = {}
    for entry in entries:
        name = entry["file"]
        if name.startswith(WITHHELD_FILE) and entry["sha256"] in by_keyed:
            name = by_keyed[entry["sha256"]]
            recorded[name] = present[name]  # matched by its keyed digest
        else:
            recorded[name] = entry["sha256"]
    changed = sorted(name for name in recorded if name in present and present[name] != recorded[name])
    missing = sorted(set(recorded) - set(present))
    extra = sorted(set(present) - set(recorded))
    for label, names in (
        ("changed since the build", changed),
        ("missing", missing),
        ("not in the build", extra),
    ):
        if names:
            verdict.status = "mismatch"
            verdict.reasons.append(f"input files {label}: {', '.join(names)}")
    if verdict.status == "match":
        verdict.checks.append(f"all {len(present)} input files match the build record")
