"""Editions: canaries planted in every withheld field never reach an edition that may not see them."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import BASE, pdf_attachments, pdftotext
from pypdf import PdfReader
from pypdf.generic import StreamObject

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.diff.engine import diff_reports
from reportgen.diff.output import render_text
from reportgen.diff.sides import load_side

INTERNAL_DECISION = """decisions:
  - id: D-CANARYINT9
    audience: internal
    withheld_reason: Concerns an unreleased model
    date: 2026-05-05
    title: CANARY-INT-TITLE approved
    kind: approve_with_conditions
    decided_by: CANARY-INT-BODY
    models: [m-canaryint]
    rationale: The CANARY-INT-RATIONALE text, with **CANARY-INT-BOLD**.
    conditions: [CANARY-INT-CONDITION]
"""
INTERNAL_MODEL = """
  - id: m-canaryint
    audience: internal
    withheld_reason: Unreleased
    name: CANARY-INT-MODELNAME
    developer: CANARY-INT-DEVELOPER
    status: in_development
    description: CANARY-INT-MODELDESC
"""
REGULATOR_INCIDENT = """incidents:
  - id: INC-CANARYREG1
    audience: regulator
    withheld_reason: Security detail
    title: CANARY-REG-TITLE
    detected: 2026-06-01
    resolved: 2026-06-03
    severity: high
    description: CANARY-REG-DESCRIPTION
    timeline:
      - {date: 2026-06-01, event: CANARY-REG-EVENT}
    notified: [CANARY-REG-NOTIFIED]
"""
REGULATOR_INCIDENT_WITH_INTERNAL_TIMELINE = """
  - id: INC-CANARYREG2
    audience: regulator
    withheld_reason: Security detail
    title: CANARY-REG-TITLE2
    detected: 2026-07-01
    severity: low
    description: CANARY-REG-DESCRIPTION2
    timeline:
      - {date: 2026-07-02, event: CANARY-INT-FIELD-EVENT}
    field_audience:
      timeline: {audience: internal, reason: Names an informant}
"""
# Fields of public items with a narrower audience of their own: (file, text to find, text to put after it).
FIELD_EDITS = [
    (
        "decisions/D-1.yaml",
        "    rationale: Evaluators needed to know which tasks count.\n",
        "    conditions: [CANARY-REG-FIELD-CONDITION]\n"
        "    field_audience:\n"
        "      rationale: {audience: internal, reason: Legal advice to the board}\n"
        "      conditions: regulator\n",
    ),
    (
        "evaluations.yaml",
        "    mitigations_on: false\n",
        "    summary: The CANARY-REG-FIELD-SUMMARY finding.\n"
        "    field_audience:\n"
        "      summary: {audience: regulator, reason: Describes an exploit in detail}\n"
        "      method: internal\n",
    ),
    (
        "models.yaml",
        "    status: limited_release\n",
        "    field_audience: {description: internal}\n",
    ),
    (
        "board.yaml",
        "      role: chair\n",
        "      biography: CANARY-INT-FIELD-BIOGRAPHY\n      field_audience: {biography: internal}\n",
    ),
]
FIELD_TEXTS = [
    ("decisions/D-1.yaml", "Evaluators needed to know which tasks count.", "CANARY-INT-FIELD-RATIONALE"),
    ("evaluations.yaml", "Expert capture-the-flag tasks", "CANARY-INT-FIELD-METHOD"),
    ("models.yaml", "A general-purpose language model.", "CANARY-INT-FIELD-MODELDESC"),
]
CANARY = re.compile(rb"CANARY-?(INT|REG)[A-Z0-9-]*|canaryint|CANARYREG|CANARYINT")


def _canary_report(root: Path) -> Path:
    """The base report with canaries planted in every withheld item and field, at ``root/report``."""
    source = root / "report"
    shutil.copytree(BASE, source)
    (source / "decisions" / "D-9.yaml").write_text(INTERNAL_DECISION)
    (source / "incidents.yaml").write_text(REGULATOR_INCIDENT + REGULATOR_INCIDENT_WITH_INTERNAL_TIMELINE)
    for file, anchor, added in FIELD_EDITS:
        path = source / file
        assert path.read_text().count(anchor) == 1, (file, anchor)
        path.write_text(path.read_text().replace(anchor, anchor + added))
    for file, text, canary in FIELD_TEXTS:
        path = source / file
        path.write_text(path.read_text().replace(text, f"{text} {canary}", 1))
    models = source / "models.yaml"
    models.write_text(models.read_text() + INTERNAL_MODEL)
    # a public decision that refers to the internal model: the reference must read "withheld"
    d1 = source / "decisions" / "D-1.yaml"
    d1.write_text(d1.read_text().replace("    red_lines:\n", "    models: [m-canaryint]\n    red_lines:\n", 1))
    return source


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition of the canary report, HTML and PDF (``editions.parent / "report"`` is its inputs)."""
    root = tmp_path_factory.mktemp("canary")
    out = root / "out"
    build(BuildOptions(_canary_report(root), out))
    return out


@pytest.fixture(scope="module")
def html_editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every edition of the canary report as HTML only."""
    root = tmp_path_factory.mktemp("canary-html")
    out = root / "out"
    build(BuildOptions(_canary_report(root), out, formats=("html",)))
    return out


def _pdf_bytes(path: Path) -> bytes:
    """Every byte a reader could get at: raw file, decompressed streams, attachments, text layer."""
    reader = PdfReader(str(path))
    chunks = [path.read_bytes()]
    for number in range(1, len(reader.xref_objStm) + reader.trailer["/Size"]):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if isinstance(obj, StreamObject):
            chunks.append(obj.get_data())
        chunks.append(repr(obj).encode())
    for contents in reader.attachments.values():
        chunks.extend(contents)
    chunks.append(str(reader.metadata).encode())
    chunks.append(repr(reader.outline).encode())
    chunks.append(pdftotext(path).encode())
    return b"\n".join(chunks)


def _edition_bytes(out: Path, suffix: str) -> bytes:
    names = [f"report{suffix}.html", f"manifest{suffix}.json"]
    data = b"\n".join((out / name).read_bytes() for name in names)
    return data + _pdf_bytes(out / f"report{suffix}.pdf") + " ".join(p.name for p in out.iterdir()).encode()


def _canaries(data: bytes) -> set[str]:
    return {m.group(0).decode() for m in CANARY.finditer(data)}


@pytest.mark.pdf
def test_the_public_edition_holds_no_canary_anywhere(editions: Path) -> None:
    assert _canaries(_edition_bytes(editions, "")) == set()


@pytest.mark.pdf
def test_the_regulator_edition_holds_regulator_canaries_but_no_internal_one(editions: Path) -> None:
    found = _canaries(_edition_bytes(editions, "-regulator"))
    assert not [c for c in found if "INT" in c.upper()], found
    for expected in (
        "CANARY-REG-TITLE",
        "CANARY-REG-DESCRIPTION",
        "CANARY-REG-EVENT",
        "CANARY-REG-NOTIFIED",
        "CANARY-REG-DESCRIPTION2",
        "CANARY-REG-FIELD-CONDITION",
        "CANARY-REG-FIELD-SUMMARY",
    ):
        assert expected in found


@pytest.mark.pdf
def test_every_field_canary_is_somewhere_to_be_found(editions: Path) -> None:
    """The field canaries reach the internal edition's PDF (so their absence elsewhere means something)."""
    found = _canaries(_edition_bytes(editions, "-internal"))
    for expected in (
        "CANARY-INT-FIELD-RATIONALE",
        "CANARY-INT-FIELD-METHOD",
        "CANARY-INT-FIELD-MODELDESC",
        "CANARY-INT-FIELD-BIOGRAPHY",
        "CANARY-INT-FIELD-EVENT",
        "CANARY-REG-FIELD-CONDITION",
        "CANARY-REG-FIELD-SUMMARY",
    ):
        assert expected in found


@pytest.mark.pdf
def test_the_public_data_attachment_holds_placeholders_for_withheld_fields(editions: Path) -> None:
    data = json.loads(pdf_attachments(editions / "report.pdf")["reportgen-data.json"])
    decision = data["decisions"][0]
    assert decision["id"] == "D-1"
    assert decision["rationale"] == "Withheld from this edition."
    assert decision["conditions"] == []
    evaluation = data["evaluations"][0]
    assert (evaluation["summary"], evaluation["method"]) == (None, "Withheld from this edition.")
    assert data["models"][0]["description"] is None
    assert data["board"]["members"][0]["biography"] is None


@pytest.mark.pdf
def test_the_internal_edition_holds_every_canary(editions: Path) -> None:
    html = (editions / "report-internal.html").read_text()
    for expected in (
        "CANARY-INT-TITLE",
        "CANARY-INT-RATIONALE",
        "CANARY-INT-BOLD",
        "CANARY-INT-CONDITION",
        "CANARY-INT-MODELNAME",
        "CANARY-REG-TITLE",
        "CANARY-REG-DESCRIPTION",
    ):
        assert expected in html
    # the search itself finds canaries in a PDF (so a clean public result means something)
    in_pdf = _canaries(_pdf_bytes(editions / "report-internal.pdf"))
    assert {"CANARY-INT-TITLE", "CANARY-INT-RATIONALE", "CANARY-REG-TITLE"} <= in_pdf


@pytest.mark.pdf
def test_the_public_edition_leaves_honest_placeholders(editions: Path) -> None:
    flat = re.sub(r"\s+", " ", pdftotext(editions / "report.pdf"), flags=re.ASCII)
    assert "What this edition withholds" in flat
    assert "Concerns an unreleased model" in flat and "Security detail" in flat
    assert "withheld model" in flat  # the public decision's reference to the internal model
    # in place, where the withheld things would be
    assert "Rationale withheld from this edition: Legal advice to the board." in flat
    assert "Conditions withheld from this edition: Not cleared for this audience." in flat
    assert "Summary withheld from this edition: Describes an exploit in detail." in flat
    assert "Method withheld from this edition: Not cleared for this audience." in flat
    assert "Incident withheld · 1 Jun 2026 Reason: Security detail." in flat
    assert "Incident withheld · 1 Jul 2026 Reason: Security detail." in flat
    assert "Decision withheld · 5 May 2026 Reason: Concerns an unreleased model." in flat
    # and counted in the withheld chapter (read from the HTML: the PDF's text layer may split a table's rows)
    html = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (editions / "report.html").read_text()))
    assert "Rationale of a public decision Legal advice to the board 1" in html
    assert "Summary of a public evaluation Describes an exploit in detail 1" in html
    assert "Biography of a public board member Not cleared for this audience 1" in html
    assert "4 items withheld from this edition, with reasons" in html
    assert "6 details withheld from items this edition shows" in html


def test_a_placeholder_sits_where_its_item_would(html_editions: Path) -> None:
    html = (html_editions / "report.html").read_text()
    decisions = html[html.index('id="decisions"') : html.index('id="incidents"')]
    # in the log and among the entries: D-1 (10 March), the withheld decision (5 May), D-2 (2 June)
    log = decisions[: decisions.index("</table>")]
    assert log.index(">D-1<") < log.index("Decision withheld") < log.index(">D-2<")
    entries = decisions[decisions.index("</table>") :]
    order = [entries.index(marker) for marker in ('id="decision-D-1"', "Decision withheld", 'id="decision-D-2"')]
    assert order == sorted(order)
    # a section whose only items are withheld is not "None this year"
    incidents = html[html.index('id="incidents"') : html.index('id="sharing"')]
    assert "None this year" not in incidents and incidents.count("Incident withheld") == 2


def test_the_internal_edition_keeps_the_salts_that_prove_a_later_disclosure(html_editions: Path) -> None:
    internal = (html_editions / "report-internal.html").read_text()
    public = (html_editions / "report.html").read_text()
    salts = re.findall(r"[0-9a-f]{64}", internal)
    commitments_public = set(re.findall(r"[0-9a-f]{64}", public))
    assert "Register of items withheld from other editions" in internal
    assert any(s not in public for s in salts)  # salts appear only internally
    assert commitments_public & set(salts)  # the public commitments are listed in the register too


@pytest.mark.pdf
def test_diff_between_editions_lists_exactly_what_is_withheld(editions: Path) -> None:
    internal, public = load_side(editions / "report-internal.pdf"), load_side(editions / "report.pdf")
    result = diff_reports(internal.report, public.report, "internal", "public")
    removed = sorted((s.section, r.id) for s in result.sections for r in s.removed)
    assert removed == [
        ("decisions", "D-CANARYINT9"),
        ("incidents", "INC-CANARYREG1"),
        ("incidents", "INC-CANARYREG2"),
        ("models", "m-canaryint"),
    ]
    assert all(r.flag == "withheld in this edition" for s in result.sections for r in s.removed)
    fields = sorted((s.section, w.id, w.field, w.audience) for s in result.sections for w in s.withheld_fields)
    assert fields == [
        ("decisions", "D-1", "conditions", "regulator"),
        ("decisions", "D-1", "rationale", "internal"),
        ("evaluations", "E-1", "method", "internal"),
        ("evaluations", "E-1", "summary", "regulator"),
        ("members", "m-chair", "biography", "internal"),
        ("models", "atlas-3", "description", "internal"),
    ]
    assert all(w.flag == "withheld in this edition" for s in result.sections for w in s.withheld_fields)
    assert [c for s in result.sections for c in s.changed] == []
    text = render_text(result)
    assert "  - D-1 Red line on cyber offence clarified: rationale  [WITHHELD IN THIS EDITION]" in text
    assert "6 withheld details" in text


@pytest.mark.pdf
def test_diff_between_regulator_and_internal_lists_only_internal_fields(editions: Path) -> None:
    internal, regulator = load_side(editions / "report-internal.pdf"), load_side(editions / "report-regulator.pdf")
    result = diff_reports(internal.report, regulator.report, "internal", "regulator")
    fields = sorted((s.section, w.id, w.field) for s in result.sections for w in s.withheld_fields)
    assert fields == [
        ("decisions", "D-1", "rationale"),
        ("evaluations", "E-1", "method"),
        ("incidents", "INC-CANARYREG2", "timeline"),
        ("members", "m-chair", "biography"),
        ("models", "atlas-3", "description"),
    ]
    reverse = diff_reports(regulator.report, internal.report, "regulator", "internal")
    assert {w.flag for s in reverse.sections for w in s.withheld_fields} == {"withheld in the earlier edition"}
    assert "  + D-1 Red line on cyber offence clarified: rationale (internal only)" in render_text(reverse)


def test_validate_warns_when_public_text_names_a_withheld_item(tmp_path: Path) -> None:
    from reportgen.checks.validate import check_report

    source = tmp_path / "report"
    shutil.copytree(BASE, source)
    (source / "decisions" / "D-9.yaml").write_text(INTERNAL_DECISION)
    models = source / "models.yaml"
    models.write_text(models.read_text() + INTERNAL_MODEL)
    d1 = source / "decisions" / "D-1.yaml"
    d1.write_text(d1.read_text().replace("rationale: ", "rationale: As decided in D-CANARYINT9. ", 1))
    report, _, findings = check_report(source)
    assert report is not None
    assert [f.format() for f in findings if f.code == "withheld-mention"] == [
        "decisions/D-1.yaml:15:16: decisions[D-1].rationale: warning: public text mentions 'D-CANARYINT9', "
        "which is internal only: the public edition would reveal it"
    ]


def test_mentions_are_judged_by_what_the_public_edition_prints(tmp_path: Path) -> None:
    """A withheld field may name withheld items; a placeholder's reason (of an item or a field) may not."""
    from reportgen.checks.validate import check_report

    source = tmp_path / "report"
    shutil.copytree(BASE, source)
    (source / "decisions" / "D-9.yaml").write_text(
        INTERNAL_DECISION.replace("Concerns an unreleased model", "Same model as m-canaryint")
    )
    models = source / "models.yaml"
    models.write_text(models.read_text() + INTERNAL_MODEL)
    d1 = source / "decisions" / "D-1.yaml"
    d1.write_text(
        d1.read_text().replace("rationale: ", "rationale: As decided in D-CANARYINT9. ", 1)
        + "    field_audience:\n      rationale: {audience: internal, reason: Follows D-CANARYINT9}\n"
    )
    report, _, findings = check_report(source)
    assert report is not None
    assert [f.format() for f in findings if f.code == "withheld-mention"] == [
        "decisions/D-1.yaml:17:47: decisions[D-1].field_audience.rationale.reason: warning: public text mentions "
        "'D-CANARYINT9', which is internal only: the public edition would reveal it",
        "decisions/D-9.yaml:4:22: decisions[D-CANARYINT9].withheld_reason: warning: public text mentions "
        "'m-canaryint', which is internal only: the public edition would reveal it",
    ]


@pytest.mark.pdf
def test_nothing_public_lets_an_outsider_test_a_guess_of_a_withheld_field(editions: Path) -> None:
    """The attack: guess the withheld field, rebuild the full internal data from the public edition plus
    the guess, and hash it, or derive salts from it, to test the guess against what the edition prints.

    The outsider here is given the best possible guess: the full data exactly right. Nothing public may
    match any function of it; only the board's random key reproduces the printed commitment."""
    import hmac

    from reportgen.checks.validate import validate
    from reportgen.diff.sides import pdf_attachments
    from reportgen.editions.canonical import canonical_json
    from reportgen.editions.commitment_key import commitment_secret, read_key
    from reportgen.editions.filtering import _salt, field_commitment

    public_html = (editions / "report.html").read_text()
    record_bytes = pdf_attachments(editions / "report.pdf")["reportgen-build.json"]
    record = json.loads(record_bytes)
    full = validate(editions.parent / "report").report
    d1 = next(d for d in full.decisions if d.id == "D-1")  # type: ignore[union-attr]
    assert "CANARY-INT-FIELD-RATIONALE" in d1.rationale  # the guess is exactly right
    full_data = canonical_json(full)
    plain = hashlib.sha256(full_data).hexdigest()
    assert plain not in record_bytes.decode() and plain not in public_html  # no plain hash of the full data
    derivable = [
        hashlib.sha256(full_data).digest(),
        hashlib.sha256(b"reportgen commitment key v1\0" + full_data).digest(),  # the key of version 1
        commitment_secret(None),
        commitment_secret(full_data),
        bytes.fromhex(record["data_sha256"]),
    ]
    for secret in derivable:
        guess = field_commitment(d1, "rationale", _salt(secret, "decisions", "D-1", "rationale"))
        assert guess[:16] not in public_html
        assert hmac.new(secret, bytes.fromhex(plain), hashlib.sha256).hexdigest() != record["source_data_commitment"]
    key = read_key(editions.parent / "report")
    assert key is not None
    real = field_commitment(d1, "rationale", _salt(commitment_secret(key), "decisions", "D-1", "rationale"))
    assert real[:16] in public_html  # the commitment printed in place (and in full in the register)
    # and no file holding a withheld field is listed by its plain sha256, its name or its size
    d1_bytes = (editions.parent / "report" / "decisions" / "D-1.yaml").read_bytes()
    listed = record["inputs"]
    assert hashlib.sha256(d1_bytes).hexdigest() not in {e["sha256"] for e in listed}
    assert "decisions/D-1.yaml" not in {e["file"] for e in listed}
    assert [e for e in listed if e["file"].startswith("(withheld file) ") and "size" not in e]


@pytest.mark.pdf
def test_verify_pairs_a_file_listed_by_keyed_digest_and_notices_when_it_changed(editions: Path, tmp_path: Path) -> None:
    """A file holding a withheld field is listed under a keyed label, by a keyed digest: verify, holding
    the folder's key, pairs it with its file and names it when it changed, even after other edits."""
    from reportgen.audit.verify import verify
    from reportgen.diff.sides import pdf_attachments

    record = json.loads(pdf_attachments(editions / "report.pdf")["reportgen-build.json"])
    assert "decisions/D-1.yaml" not in {e["file"] for e in record["inputs"]}
    assert verify(editions / "report.pdf", editions.parent / "report").status == "match"
    inputs = tmp_path / "inputs"
    shutil.copytree(editions.parent / "report", inputs)
    path = inputs / "decisions" / "D-1.yaml"
    path.write_text(path.read_text() + "\n# a comment added after publication\n")
    models = inputs / "models.yaml"
    models.write_text(models.read_text() + "\n# and another\n")
    verdict = verify(editions / "report.pdf", inputs)
    assert verdict.status == "mismatch"
    assert verdict.reasons == ["input files changed since the build: decisions/D-1.yaml, models.yaml"]
