"""Editions: canaries planted in every withheld field never reach an edition that may not see them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import StreamObject

from reportgen.build import BuildOptions, build
from reportgen.diffing import diff_reports
from reportgen.sides import load_side

BASE = Path(__file__).parent / "corpus" / "base"

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
CANARY = re.compile(rb"CANARY-?(INT|REG)[A-Z0-9-]*|canaryint|CANARYREG|CANARYINT")


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("canary")
    source = root / "report"
    shutil.copytree(BASE, source)
    (source / "decisions" / "D-9.yaml").write_text(INTERNAL_DECISION)
    (source / "incidents.yaml").write_text(REGULATOR_INCIDENT)
    models = source / "models.yaml"
    models.write_text(models.read_text() + INTERNAL_MODEL)
    # a public decision that refers to the internal model: the reference must read "withheld"
    d1 = source / "decisions" / "D-1.yaml"
    d1.write_text(d1.read_text().replace("    red_lines:\n", "    models: [m-canaryint]\n    red_lines:\n", 1))
    out = root / "out"
    build(BuildOptions(source, out))
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
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    chunks.append(text)
    return b"\n".join(chunks)


def _edition_bytes(out: Path, suffix: str) -> bytes:
    names = [f"report{suffix}.html", f"manifest{suffix}.json"]
    data = b"\n".join((out / name).read_bytes() for name in names)
    return data + _pdf_bytes(out / f"report{suffix}.pdf") + " ".join(p.name for p in out.iterdir()).encode()


def _canaries(data: bytes) -> set[str]:
    return {m.group(0).decode() for m in CANARY.finditer(data)}


def test_the_public_edition_holds_no_canary_anywhere(editions: Path) -> None:
    assert _canaries(_edition_bytes(editions, "")) == set()


def test_the_regulator_edition_holds_regulator_canaries_but_no_internal_one(editions: Path) -> None:
    found = _canaries(_edition_bytes(editions, "-regulator"))
    assert not [c for c in found if "INT" in c.upper()], found
    for expected in ("CANARY-REG-TITLE", "CANARY-REG-DESCRIPTION", "CANARY-REG-EVENT", "CANARY-REG-NOTIFIED"):
        assert expected in found


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


def test_the_public_edition_leaves_honest_placeholders(editions: Path) -> None:
    text = subprocess.run(["pdftotext", str(editions / "report.pdf"), "-"], capture_output=True, check=True).stdout
    flat = re.sub(rb"\s+", b" ", text).decode()
    assert "What this edition withholds" in flat
    assert "Concerns an unreleased model" in flat and "Security detail" in flat
    assert "withheld model" in flat  # the public decision's reference to the internal model


def test_the_internal_edition_keeps_the_salts_that_prove_a_later_disclosure(editions: Path) -> None:
    internal = (editions / "report-internal.html").read_text()
    public = (editions / "report.html").read_text()
    salts = re.findall(r"[0-9a-f]{64}", internal)
    commitments_public = set(re.findall(r"[0-9a-f]{64}", public))
    assert "Register of items withheld from other editions" in internal
    assert any(s not in public for s in salts)  # salts appear only internally
    assert commitments_public & set(salts)  # the public commitments are listed in the register too


def test_diff_between_editions_lists_exactly_what_is_withheld(editions: Path) -> None:
    internal, public = load_side(editions / "report-internal.pdf"), load_side(editions / "report.pdf")
    result = diff_reports(internal.report, public.report, "internal", "public")
    removed = sorted((s.section, r.id) for s in result.sections for r in s.removed)
    assert removed == [("decisions", "D-CANARYINT9"), ("incidents", "INC-CANARYREG1"), ("models", "m-canaryint")]
    assert all(r.flag == "withheld in this edition" for s in result.sections for r in s.removed)
    assert [c for s in result.sections for c in s.changed] == []


def test_validate_warns_when_public_text_names_a_withheld_item(tmp_path: Path) -> None:
    from reportgen.validate import check_report

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
        "decisions/D-1.yaml:15:16: decisions[0].rationale: warning: public text mentions 'D-CANARYINT9', "
        "which is internal only: the public edition would reveal it"
    ]
