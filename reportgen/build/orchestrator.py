"""The orchestrator: validate -> filter per edition -> view -> HTML -> PDF, written atomically.

Each stage is one typed function in its own module; this module only runs them in order, decides
what is already up to date (content-addressed), and fans PDF layout out to worker processes.
"""

from __future__ import annotations

import json

from ..checks.disclosures import Coverage, coverage, resolve_checklists
from ..checks.logo import logo_data_url, logo_source
from ..checks.validate import Validated, validate
from ..core.output import prepare_output_dir, write_atomic
from ..core.outputs import EDITIONS, FORMATS
from ..core.verdicts import LineVerdict
from ..diff.engine import PlaceholderKey
from ..editions.canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT, canonical_json, script_safe
from ..editions.commitment_key import commitment_secret, read_key
from ..editions.filtering import disclosure_register, filter_report, keyed_digest, placeholder_keys, redact_file_names
from ..inputs.discovery import SourceFile, sha256
from ..render.html import render_html
from ..render.pdf import PDF_VARIANT, PdfJob
from ..render.theme import Theme
from ..render.workers import LAYOUT_CACHE, PdfTask, run_pdf_tasks
from ..schema import Report
from ..view.build_view import build_view
from ..view.viewmodel import EMPTY, EditionFacts
from .cache import (
    CACHE_FILE,
    BuildOptions,
    BuildResult,
    Progress,
    cached_warnings,
    check_up_to_date,
    dependencies,
    manifest_name,
    output_name,
    planned_outputs,
    stale_outputs,
)
from .manifest import BuildRecord, manifest_json, tool_versions
from .previous import as_shown, changes_since, load_previous, previous_entry

__all__ = ["EDITIONS", "FORMATS", "BuildOptions", "BuildResult", "Progress", "build", "edition_outputs"]


def build(options: BuildOptions, progress: Progress = lambda stage: None) -> BuildResult:
    """Build the requested editions and formats; raises a ReportgenError subclass on any problem."""
    out, key, fresh = check_up_to_date(options)
    names = planned_outputs(options)
    if fresh:
        return BuildResult(out.resolve(), [out.resolve() / n for n in names], True, cached_warnings(out))
    out = prepare_output_dir(out, options.root)
    theme = Theme.with_overrides(options.templates)

    progress("validating")
    validated = validate(options.root, options.limits, strict=options.strict)
    full_data = canonical_json(validated.report)
    previous = load_previous(validated)
    theme_digest = theme.digest()
    tasks: list[PdfTask] = []
    written: dict[str, bytes] = {}
    records: dict[str, BuildRecord] = {}
    for edition in options.editions:
        progress(f"rendering the {edition} edition")
        html_screen, job, record = _edition(
            validated, edition, theme, theme_digest, full_data, previous, "pdf" in options.formats
        )
        records[edition] = record
        if "html" in options.formats:
            written[output_name(edition, "html")] = html_screen.encode("utf-8")
        if "pdf" in options.formats:
            tasks.append(PdfTask(job, out / output_name(edition, "pdf")))
    if tasks:
        progress(f"laying out {len(tasks)} PDF(s)")
        # page groups laid out before are kept beside the outputs: a rebuild lays out only what changed
        run_pdf_tasks(tasks, options.limits.render_seconds, cache=out / LAYOUT_CACHE)
    progress("writing")
    for name, data in written.items():
        write_atomic(out / name, data)
    hashes = {name: sha256((out / name).read_bytes()) for name in names if not name.startswith("manifest")}
    for edition, record in records.items():
        mine = {n: h for n, h in hashes.items() if n in {output_name(edition, f) for f in options.formats}}
        write_atomic(out / manifest_name(edition), manifest_json(record, mine))
    all_hashes = {name: sha256((out / name).read_bytes()) for name in names}
    meta = validated.report.report
    read_too = dependencies(options.root, meta.previous_report, meta.logo, options.limits)
    warnings = [w.format() for w in validated.warnings]
    cache = {"key": key, "outputs": all_hashes, "dependencies": read_too, "warnings": warnings}
    write_atomic(out / CACHE_FILE, json.dumps(cache, indent=1).encode())
    return BuildResult(out, [out / n for n in names], warnings=warnings, stale=stale_outputs(out, names))


def edition_outputs(validated: Validated, edition: str, theme: Theme) -> tuple[str, PdfJob, BuildRecord]:
    """The screen HTML, the PDF job and the build record of one edition (used by ``verify`` too)."""
    previous = load_previous(validated)
    return _edition(validated, edition, theme, theme.digest(), canonical_json(validated.report), previous)


def listed_inputs(
    validated: Validated, shown: Report, secret: bytes, earlier: tuple[Report, list[PlaceholderKey]] | None
) -> list[SourceFile]:
    """Every input an edition (printing ``shown``) was built from, as it may name them: the files (those
    holding withheld content under a keyed label), the logo, and the previous report its "Changes"
    chapter compares with (``earlier``, as the edition sees it)."""
    inputs, meta = validated.inputs, validated.report.report
    listed = redact_file_names(inputs.files, inputs.origin, inputs.item_origin, validated.report, shown, secret)
    listed += logo_source(inputs.root, meta.logo)
    if earlier is not None:
        listed.append(previous_entry(validated, earlier[0]))
    return sorted(listed, key=lambda f: f.rel)


def _coverage(validated: Validated, edition: str) -> Coverage | None:
    """The disclosure index as ``edition`` shows it; None when the report names no checklist."""
    if not validated.report.report.checklists:
        return None
    resolved = resolve_checklists(validated.report, validated.inputs.root)
    return coverage(validated.report, list(resolved.checklists.values()), edition)


def _edition(
    validated: Validated,
    edition: str,
    theme: Theme,
    theme_digest: str,
    full_data: bytes,
    previous: Report | None,
    pdf: bool = True,
) -> tuple[str, PdfJob, BuildRecord]:
    """The screen HTML, the PDF job and the build record of one edition."""
    inputs = validated.inputs
    secret = commitment_secret(read_key(inputs.root))
    report, withheld = filter_report(validated.report, edition, secret=secret)
    data = canonical_json(report)
    earlier = as_shown(previous, edition) if previous is not None else None
    listed = listed_inputs(validated, report, secret, earlier)
    record = BuildRecord(
        edition=edition,
        theme_sha256=theme_digest,
        inputs=tuple(listed),
        source_data_commitment=keyed_digest(secret, sha256(full_data)),
        data_sha256=sha256(data),
        variant=PDF_VARIANT,
        withheld_items=placeholder_keys(withheld),
    )
    changes, verdicts = EMPTY, dict[str, LineVerdict]()
    if earlier is not None:
        withheld_here = [PlaceholderKey(section, day) for section, day in record.withheld_items]
        changes, verdicts = changes_since(earlier, report, withheld_here, theme)
    facts = EditionFacts(
        provenance=[(f.rel, f.sha256, f"{f.size:,} bytes" if f.size >= 0 else "–") for f in listed],
        logo=logo_data_url(inputs.root, report.report.logo),
        canonical_sha256=record.data_sha256,
        generator=" · ".join(f"{k} {v}" for k, v in tool_versions().items()),
        withheld=withheld,
        register=disclosure_register(validated.report, secret) if edition == "internal" else [],
        changes=changes,
        red_line_verdicts=verdicts,
        disclosures=_coverage(validated, edition),
    )
    view = build_view(report, audience=edition, facts=facts)
    placeholders = json.dumps(record.to_dict()["withheld_items"], sort_keys=True, separators=(",", ":"))
    html_screen = render_html(
        view, theme, medium="screen", data_json=script_safe(data), withheld_json=script_safe(placeholders.encode())
    )
    html_print = render_html(view, theme, medium="print") if pdf else ""
    job = PdfJob(
        html=html_print,
        theme_dir=theme.folders[-1],
        allowed_roots=(*theme.folders, validated.inputs.root.resolve()),
        title=f"{view.title} · {view.edition_title}",
        author=view.board_name,
        published=report.report.published,
        identifier=record.data_sha256[:32],
        attachments=(
            (DATA_ATTACHMENT, "The report's input data, validated, in canonical JSON", data),
            (
                BUILD_ATTACHMENT,
                "What this PDF was built from and by (reportgen build record)",
                record.to_json(),
            ),
        ),
    )
    return html_screen, job, record
