"""``reportgen verify``: was this PDF (or HTML edition) produced from these inputs, by this code, with this theme?

The order of the checks follows what an auditor can act on: the embedded data against its record, the
edition, then the inputs (which need no renderer, so a different tool version never hides a changed
input), then the tools, code and theme, and last a rebuild compared byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..build.manifest import code_digest, tool_versions
from ..build.orchestrator import edition_outputs
from ..build.previous import PREVIOUS_REPORT, as_shown, load_previous, previous_entry
from ..checks.logo import logo_source
from ..checks.validate import Validated, validate
from ..core.errors import ReportgenError, UsageError
from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.outputs import EDITIONS
from ..diff.sides import pdf_attachments
from ..editions.canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT
from ..editions.commitment_key import KeyProblem, commitment_secret, read_key
from ..editions.filtering import WITHHELD_FILE, keyed_digest, withheld_file_label
from ..inputs.discovery import find_input_files, sha256
from ..render.pdf import render_pdf
from ..render.theme import Theme


@dataclass
class Verdict:
    """``match``, ``mismatch`` or ``undecided``, with the reasons in plain words."""

    status: str
    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    edition: str = ""  # the edition the file is, once known

    def fail(self, status: str, reason: str) -> Verdict:
        self.status = status
        self.reasons.append(reason)
        return self


def verify(
    target: Path,
    inputs: Path | None,
    templates: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    edition: str | None = None,
) -> Verdict:
    """The verdict on a built PDF or HTML edition; ``edition`` requires it to be that edition."""
    if not target.is_file():
        raise UsageError(f"{target}: no such file")
    head = target.read_bytes()[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return _verify_html(target, inputs, templates, limits, edition)
    attachments = pdf_attachments(target)
    if DATA_ATTACHMENT not in attachments or BUILD_ATTACHMENT not in attachments:
        return Verdict("mismatch", ["the PDF carries no reportgen data and build record"])
    try:
        record = json.loads(attachments[BUILD_ATTACHMENT])
    except ValueError:
        return Verdict("mismatch", ["the embedded build record is not readable JSON"])
    verdict = Verdict("match", edition=str(record.get("edition", "")))
    if verdict.edition not in EDITIONS:
        return Verdict("mismatch", [f"the build record names no known edition ({verdict.edition!r})"])
    if sha256(attachments[DATA_ATTACHMENT]) != record.get("data_sha256"):
        return verdict.fail(
            "mismatch", "the embedded data does not match the hash in its build record (it was replaced)"
        )
    verdict.checks.append("the embedded data matches its build record")
    if edition is not None and verdict.edition != edition:
        return verdict.fail("mismatch", f"this is the {verdict.edition} edition, not the {edition} edition")
    if inputs is None:
        return verdict.fail(
            "undecided", "only the embedded data was checked: give --inputs FOLDER to check the inputs and the pages"
        )
    try:
        key = read_key(inputs)
    except KeyProblem as exc:
        return verdict.fail("undecided", f"the inputs' {exc}")
    keyed = [e["file"] for e in record.get("inputs", []) if str(e.get("file", "")).startswith(WITHHELD_FILE)]
    if keyed and key is None:
        return verdict.fail(
            "undecided",
            f"this edition lists {len(keyed)} input file(s) under keyed labels, and these inputs have no commitment "
            "key (.reportgen/commitment.key) to pair them with: verify with the board's key, or ask the board to",
        )
    secret = commitment_secret(key)
    try:
        validated: Validated | None = validate(inputs, limits)
        failure = ""
    except ReportgenError as exc:
        validated, failure = None, str(exc)
    try:
        previous = load_previous(validated) if validated is not None else None
    except ReportgenError as exc:
        return verdict.fail("mismatch", f"the previous report the inputs name cannot be read: {exc}")
    also = {}
    if validated is not None:
        also = {source.rel: source.sha256 for source in logo_source(inputs, validated.report.report.logo)}
        if previous is not None:
            entry = previous_entry(validated, as_shown(previous, verdict.edition)[0])
            also[entry.rel] = entry.sha256
    paired = _check_inputs(inputs, record, verdict, limits, secret, also, validated is not None)
    if keyed and not paired:
        return Verdict(
            "undecided",
            ["the commitment key in these inputs is not the one this edition was built with: no keyed entry pairs"],
            verdict.checks,
            verdict.edition,
        )
    if verdict.status != "match":
        return verdict
    if validated is None:
        return verdict.fail("mismatch", f"the inputs no longer build: {failure}")
    _check_tools(record, verdict, Theme.with_overrides(templates))
    if verdict.status != "match":
        return verdict
    try:
        _, job, _ = edition_outputs(validated, verdict.edition, Theme.with_overrides(templates))
        rebuilt = render_pdf(job)
    except ReportgenError as exc:
        return verdict.fail("mismatch", f"the inputs no longer build: {exc}")
    if rebuilt != target.read_bytes():
        return verdict.fail(
            "mismatch",
            "a rebuild from these inputs gives different bytes: "
            "the PDF's pages or metadata were edited after the build",
        )
    verdict.checks.append("a rebuild from the inputs is byte-identical")
    return verdict


def _check_tools(record: dict[str, object], verdict: Verdict, theme: Theme) -> None:
    """Pages can only be compared when built by the same tools, code and theme: otherwise undecided."""
    mine, theirs = tool_versions(), record.get("tools", {})
    if theirs != mine:
        assert isinstance(theirs, dict)
        differing = ", ".join(f"{k} {theirs.get(k, '?')} (here {v})" for k, v in mine.items() if theirs.get(k) != v)
        verdict.fail("undecided", f"built with {differing}: install those versions to compare the pages")
    elif record.get("reportgen_code_sha256") != code_digest():
        verdict.fail(
            "undecided",
            "built by other reportgen code than this installation's (same version number, different modules): "
            "install the reportgen it was built with to compare the pages",
        )
    elif theme.digest() != record.get("theme_sha256"):
        verdict.fail(
            "undecided",
            "built with another theme than the one given here (use --templates with the theme it was built with)",
        )


def _check_inputs(
    inputs: Path,
    record: dict[str, object],
    verdict: Verdict,
    limits: Limits,
    secret: bytes,
    also: dict[str, str],
    validated: bool,
) -> bool:
    """Compare the inputs with the record's list. A file holding withheld content is listed under a
    keyed label with a keyed digest (see :func:`~reportgen.editions.redact_file_names`): the key in the
    folder pairs it with its file, so a changed file is named even when the edition hides its name.
    Returns whether any keyed label paired with a file (none does when the key is another one)."""
    present = {
        path.relative_to(inputs).as_posix(): sha256(path.read_bytes()) for path in find_input_files(inputs, limits)
    }
    present.update(also)  # the logo and the previous report as the edition sees it
    by_label = {withheld_file_label(secret, name): name for name in present}
    recorded: dict[str, bool] = {}  # file -> whether it is unchanged
    missing: list[str] = []
    paired = False
    for entry in record.get("inputs", []):  # type: ignore[attr-defined]
        name, digest = entry["file"], entry["sha256"]
        if name.startswith(WITHHELD_FILE):
            if name not in by_label:
                missing.append(name)
                continue
            paired, name = True, by_label[name]
            recorded[name] = keyed_digest(secret, present[name]) == digest
        elif name.startswith(PREVIOUS_REPORT):
            if validated:  # (inputs that do not validate do not say which report came before)
                recorded[name] = name in present and present[name] == digest
        elif name in present:
            recorded[name] = present[name] == digest
        else:
            missing.append(name)
    changed = sorted(name for name, same in recorded.items() if not same)
    extra = sorted(set(present) - set(recorded))
    for label, names in (
        ("changed since the build", changed),
        ("missing", sorted(missing)),
        ("not in the build", extra),
    ):
        if names:
            verdict.fail("mismatch", f"input files {label}: {', '.join(names)}")
    if verdict.status == "match":
        verdict.checks.append(f"all {len(present)} input files match the build record")
    return paired


def _verify_html(
    target: Path, inputs: Path | None, templates: Path | None, limits: Limits, edition: str | None
) -> Verdict:
    """An HTML edition carries its data but no build record: it matches when rebuilding one of the
    editions from the inputs gives exactly its bytes."""
    if inputs is None:
        return Verdict(
            "undecided", ["an HTML edition carries no build record: give --inputs FOLDER to rebuild and compare"]
        )
    try:
        validated = validate(inputs, limits)
    except ReportgenError as exc:
        return Verdict("mismatch", [f"the inputs no longer build: {exc}"])
    theme = Theme.with_overrides(templates)
    data = target.read_bytes()
    for candidate in (edition,) if edition else EDITIONS:
        if _rebuilds(validated, candidate, theme, data):
            return Verdict("match", checks=["a rebuild from the inputs is byte-identical"], edition=candidate)
    if edition:
        other = next((e for e in EDITIONS if e != edition and _rebuilds(validated, e, theme, data)), None)
        if other:
            return Verdict("mismatch", [f"this is the {other} edition, not the {edition} edition"], edition=other)
        reason = (
            f"the {edition} edition rebuilt from these inputs (with this reportgen and theme) differs from these bytes"
        )
    else:
        reason = "no edition rebuilt from these inputs (with this reportgen and theme) gives these bytes"
    return Verdict("mismatch", [reason])


def _rebuilds(validated: Validated, edition: str, theme: Theme, data: bytes) -> bool:
    return edition_outputs(validated, edition, theme)[0].encode("utf-8") == data
