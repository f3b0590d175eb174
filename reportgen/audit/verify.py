"""``reportgen verify``: was this PDF (or HTML edition) produced from these inputs, by this code, with this theme?

The order of the checks follows what an auditor can act on: the signature, if there is one (and from
there on, the signed part of the file); the embedded data against its record; the edition; whether the
inputs are this report's at all (a build folder, another period, another board); then the inputs
themselves (which need no renderer, so a different tool version never hides a changed input) and the
data they give. That is the data level, answered in a second or two: the file is then checked against
the checksum its writer stored in it. The pages are compared byte for byte with a rebuild only when
asked (``rebuild``: the command's ``--rebuild``), since laying a long report out again takes minutes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..build.cache import Progress
from ..build.manifest import code_digest, tool_versions
from ..checks.logo import logo_source
from ..checks.validate import Validated, check_report, validate
from ..core.errors import InvalidReport, ReportgenError, UsageError
from ..core.limits import DEFAULT_LIMITS, Limits
from ..core.outputs import EDITIONS
from ..core.version import __version__
from ..editions.canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT, canonical_json
from ..editions.commitment_key import KeyProblem, commitment_secret, read_key
from ..editions.filtering import WITHHELD_FILE, filter_report, keyed_digest, withheld_file_label
from ..inputs.discovery import find_input_files, sha256
from ..render.theme import Theme
from .pdf_file import read_pdf, revision_ends, writer_checksum
from .signature import Line, check_signature, load_trust_roots

_SEVERITY = {"match": 0, "undecided": 1, "mismatch": 2}
# what marks a folder as a build's output rather than a report's inputs
_BUILD_FILES = ("report*.pdf", "report*.html", "manifest*.json", ".reportgen-cache.json")
_REPORT_FILES = ("report.yaml", "report.yml", "report.json")


@dataclass
class Verdict:
    """``match``, ``mismatch`` or ``undecided``, with the reasons in plain words.

    ``lines`` holds every line in the order it was checked, each with its own status (``ok``, ``note``,
    ``mismatch`` or ``undecided``): the signature's lines first, when there is a signature. ``level`` is
    what a match stands for: ``data`` (data and inputs; the pages were not rebuilt) or ``bytes``."""

    status: str
    reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    edition: str = ""  # the edition the file is, once known
    level: str = ""
    lines: list[Line] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = [Line("ok", c) for c in self.checks] + [Line(self.status, r) for r in self.reasons]

    def fail(self, status: str, reason: str) -> Verdict:
        """Add a reason against; the verdict becomes the more serious of the two (mismatch > undecided)."""
        if _SEVERITY[status] > _SEVERITY[self.status]:
            self.status = status
        self.reasons.append(reason)
        self.lines.append(Line(status, reason))
        return self

    def passed(self, check: str) -> None:
        self.checks.append(check)
        self.lines.append(Line("ok", check))

    def note(self, text: str) -> None:
        self.lines.append(Line("note", text))


def verify(
    target: Path,
    inputs: Path | None,
    templates: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    edition: str | None = None,
    *,
    rebuild: bool = True,
    trust: tuple[Path, ...] = (),
    progress: Progress = lambda stage: None,
) -> Verdict:
    """The verdict on a built PDF or HTML edition; ``edition`` requires it to be that edition.

    ``rebuild``: lay the PDF out again and compare bytes (slow); without it the verdict is at the data
    level. ``trust``: certificate files, the roots a signature's chain must lead to."""
    if not target.is_file():
        raise UsageError(f"{target}: no such file")
    data = target.read_bytes()
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        if trust:
            raise UsageError(f"{target}: an HTML edition carries no signature: --trust is for a signed PDF")
        progress("rebuilding the HTML edition")
        return _verify_html(target, inputs, templates, limits, edition)
    if b"%pdf-" not in data[:1024].lower():  # readers allow a little before the header; so does this
        raise UsageError(f"{target}: not a PDF or an HTML edition")
    roots = load_trust_roots(trust)
    progress("reading the PDF")
    facts = read_pdf(data, str(target))
    signature: list[Line] = []
    original = data  # the PDF as reportgen wrote it, as far as it can be told
    if facts.signed:
        progress("checking the signature")
        checked = check_signature(data, roots)
        signature = checked.lines
        if checked.signed_end is not None and checked.signed_end < len(data):
            facts = read_pdf(data[: checked.signed_end], str(target))  # what was signed, not what came later
        if checked.original_end is not None:
            original = data[: checked.original_end]
    elif roots:
        signature = [Line("mismatch", "not signed: --trust was given, but this PDF carries no signature")]
    if facts.damaged:
        name, why = next(iter(facts.damaged.items()))
        verdict = Verdict("mismatch", [f"the embedded {name} cannot be read: the file is damaged ({why})"])
    else:
        verdict = _verify_pdf(
            facts.attachments, original, facts.signed, inputs, templates, limits, edition, rebuild, progress
        )
    for line in signature:
        if line.status in _SEVERITY and _SEVERITY[line.status] > _SEVERITY[verdict.status]:
            verdict.status = line.status
    verdict.checks[:0] = [line.text for line in signature if line.status == "ok"]
    verdict.reasons[:0] = [line.text for line in signature if line.status in _SEVERITY and line.status != "match"]
    verdict.lines[:0] = signature
    if verdict.status == "match" and verdict.level == "data":
        verdict.note("the pages were not rebuilt: add --rebuild to lay the PDF out again and compare it byte for byte")
    return verdict


def _verify_pdf(
    attachments: dict[str, bytes],
    original: bytes,
    signed: bool,
    inputs: Path | None,
    templates: Path | None,
    limits: Limits,
    edition: str | None,
    rebuild: bool,
    progress: Progress,
) -> Verdict:
    """Everything but the signature: ``attachments`` are the (signed part of the) PDF's, ``original`` the
    bytes of the PDF as reportgen wrote it (a signed PDF's first revision)."""
    if DATA_ATTACHMENT not in attachments or BUILD_ATTACHMENT not in attachments:
        return Verdict("mismatch", ["not made by reportgen: it carries no reportgen data"])
    try:
        record = json.loads(attachments[BUILD_ATTACHMENT])
        if not isinstance(record, dict):
            raise ValueError
    except ValueError:
        return Verdict("mismatch", ["the embedded build record is not readable JSON"])
    verdict = Verdict("match", edition=str(record.get("edition", "")))
    if verdict.edition not in EDITIONS:
        return Verdict("mismatch", [f"the build record names no known edition ({verdict.edition!r})"])
    if sha256(attachments[DATA_ATTACHMENT]) != record.get("data_sha256"):
        return verdict.fail(
            "mismatch",
            "the embedded data does not match the hash in its build record (it was replaced, or the file is damaged)",
        )
    verdict.passed("the embedded data matches its build record")
    if edition is not None and verdict.edition != edition:
        return verdict.fail("mismatch", f"this is the {verdict.edition} edition, not the {edition} edition")
    if inputs is None:
        return verdict.fail(
            "undecided", "only the embedded data was checked: give --inputs FOLDER to check the inputs and the pages"
        )
    built = _build_folder(inputs)
    if built:
        return verdict.fail(
            "undecided",
            f"--inputs {inputs}: that is a build folder (it holds {', '.join(built)}, not YAML inputs): give the "
            "report's input folder, the one with report.yaml",
        )
    progress("reading the inputs")
    try:
        report, loaded, findings = check_report(inputs, limits)
    except UsageError:
        raise
    except ReportgenError as exc:
        report, loaded, findings, failure = None, None, [], str(exc)
    else:
        failure = "" if report is not None else str(InvalidReport(findings))
    validated = Validated(report, loaded, findings) if report is not None and loaded is not None else None
    embedded = _json(attachments[DATA_ATTACHMENT])
    others = _another_report(embedded, validated, loaded.data if loaded is not None else {})
    if others:
        for reason in others:
            verdict.fail("mismatch", reason)
        return verdict
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
    # imported here: the previous report's module brings the diff and its chapter, which a report that
    # names no previous report never needs
    from ..build.previous import as_shown, load_previous, previous_entry

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
    _check_data(validated, verdict, record, secret, attachments[DATA_ATTACHMENT])
    if verdict.status != "match":
        return verdict
    if rebuild:
        verdict.level = "bytes"
        _check_tools(record, verdict, Theme.with_overrides(templates))
        if verdict.status != "match":
            return verdict
        progress(f"laying the {verdict.edition} edition out again")
        from ..build.orchestrator import edition_outputs  # the renderer: only for a rebuild
        from ..render.pdf import render_pdf

        try:
            _, job, _ = edition_outputs(validated, verdict.edition, Theme.with_overrides(templates))
            rebuilt = render_pdf(job)
        except ReportgenError as exc:
            return verdict.fail("mismatch", f"the inputs no longer build: {exc}")
        progress("comparing bytes")
        if rebuilt != original:
            return verdict.fail(
                "mismatch",
                "a rebuild from these inputs gives different bytes: "
                "the PDF's pages or metadata were edited after the build",
            )
        verdict.passed("a rebuild from the inputs is byte-identical")
        return verdict
    verdict.level = "data"
    _check_file(original, signed, str(record.get("data_sha256", "")), verdict)
    return verdict


def _json(data: bytes) -> dict[str, object]:
    try:
        loaded = json.loads(data)
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _build_folder(inputs: Path) -> list[str]:
    """The build outputs in ``inputs`` when it is a build's folder rather than a report's (no report.yaml)."""
    if not inputs.is_dir() or any((inputs / name).is_file() for name in _REPORT_FILES):
        return []
    found = sorted({path.name for pattern in _BUILD_FILES for path in inputs.glob(pattern) if path.is_file()})
    shown = [name for name in found if not name.startswith(".")]  # the build's cache is named only if alone
    return shown or found


def _another_report(embedded: dict[str, object], validated: Validated | None, raw: dict[str, object]) -> list[str]:
    """Inputs of another period or another board, named as such (rather than as every file changed)."""
    if validated is not None:
        period = validated.report.report.period
        mine = (f"{period.start.isoformat()}/{period.end.isoformat()}", validated.report.board.name)
    else:  # inputs that do not validate may still say which year and board they are
        mine = (_text(raw, "report", "period"), _text(raw, "board", "name"))
    theirs = (_text(embedded, "report", "period"), _text(embedded, "board", "name"))
    reasons = []
    if mine[0] and theirs[0] and mine[0] != theirs[0]:
        reasons.append(f"these inputs are for {mine[0]}, the PDF for {theirs[0]}: inputs of another period")
    if mine[1] and theirs[1] and mine[1] != theirs[1]:
        reasons.append(f"these inputs are for board {mine[1]}, the PDF for board {theirs[1]}: another board's inputs")
    return reasons


def _text(document: dict[str, object], section: str, name: str) -> str:
    """A string field of a section, or "" when there is none."""
    part = document.get(section)
    value = part.get(name) if isinstance(part, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _check_data(
    validated: Validated, verdict: Verdict, record: dict[str, object], secret: bytes, embedded: bytes
) -> None:
    """The edition's data as these inputs give it must be the embedded data, byte for byte: the inputs'
    digests alone do not tie the data to them (a record can list any digests)."""
    shown, _ = filter_report(validated.report, verdict.edition, secret=secret)
    if canonical_json(shown) == embedded:
        verdict.passed(f"the embedded data is what these inputs give for the {verdict.edition} edition")
        return
    tools = record.get("tools")
    same_code = record.get("reportgen_code_sha256") == code_digest() and (
        isinstance(tools, dict) and tools.get("reportgen") == __version__
    )
    if same_code:
        verdict.fail(
            "mismatch",
            f"the embedded data is not what these inputs give for the {verdict.edition} edition: the data or its "
            "build record was altered",
        )
    else:
        verdict.fail(
            "undecided",
            f"the embedded data is not what these inputs give for the {verdict.edition} edition with this reportgen, "
            "and the PDF was built by other reportgen code: install the reportgen it was built with to compare",
        )


def _check_file(original: bytes, signed: bool, data_sha256: str, verdict: Verdict) -> None:
    """The data-level stand-in for a rebuild: the PDF is one revision, and its objects still give the
    checksum its writer stored in it (an edit with a PDF tool changes them; a signature's own update was
    checked with the signature)."""
    ends = revision_ends(original)
    if not signed and len(ends) > 1:
        verdict.fail(
            "mismatch",
            f"changed after the build: {len(ends) - 1} update(s) were appended to the PDF reportgen wrote "
            "(an edit made with a PDF tool)",
        )
        return
    if not signed and ends and ends[0] < len(original):
        verdict.fail("mismatch", f"changed after the build: {len(original) - ends[0]:,} bytes follow the PDF's end")
        return
    checked = writer_checksum(original[: ends[0]] if ends else original, data_sha256[:32])
    if not checked.ok:
        what = "rewritten" if checked.rewritten else "edited"
        verdict.fail("mismatch", f"changed after the build: the PDF was {what} ({checked.reason})")
    else:
        verdict.passed("the file is as reportgen wrote it: its objects give the checksum written into it at the build")


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
    from ..build.previous import PREVIOUS_REPORT

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
        verdict.passed(f"all {len(present)} input files match the build record")
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
    from ..build.orchestrator import edition_outputs

    return edition_outputs(validated, edition, theme)[0].encode("utf-8") == data
