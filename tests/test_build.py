"""``reportgen build`` on the real example and on the small base report: the outputs themselves.

The example is built once per run (``built_example`` and ``example_html`` in ``conftest.py``)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import BASE, EXAMPLE, ROOT, pdf_attachments, pdftotext, run_reportgen, squash
from pypdf import PdfReader

from reportgen.build.orchestrator import BuildOptions, build
from reportgen.checks.validate import validate
from reportgen.core.errors import UsageError
from reportgen.editions.canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT, canonical_json
from reportgen.editions.filtering import filter_report
from reportgen.schema import items


def pdf_pages_text(path: Path) -> list[str]:
    """The text layer of each page, as poppler's pdftotext reads it."""
    return pdftotext(path, "-layout").split("\f")


@pytest.fixture(scope="session")
def example_report():  # type: ignore[no-untyped-def]
    return validate(EXAMPLE).report


def test_every_edition_and_format_is_written(built_example: Path) -> None:
    names = sorted(p.name for p in built_example.iterdir() if not p.name.startswith("."))
    assert names == [
        "manifest-internal.json",
        "manifest-regulator.json",
        "manifest.json",
        "report-internal.html",
        "report-internal.pdf",
        "report-regulator.html",
        "report-regulator.pdf",
        "report.html",
        "report.pdf",
    ]
    assert not [p for p in built_example.iterdir() if p.name.endswith(".tmp")]


def test_the_pdf_text_holds_the_board_every_red_line_and_every_public_decision(
    built_example: Path, example_report
) -> None:  # type: ignore[no-untyped-def]
    text = squash(" ".join(pdf_pages_text(built_example / "report.pdf")))
    assert example_report.board.name in text
    for member in example_report.board.members:
        assert member.name in text
    for line in items(example_report.red_lines):
        if line.audience == "public":
            assert line.id in text and squash(line.title) in text
    public = [d for d in items(example_report.decisions) if d.audience == "public"]
    withheld = [d for d in items(example_report.decisions) if d.audience != "public"]
    assert public and withheld
    for decision in public:
        assert decision.id in text, decision.id
    for decision in withheld:
        assert decision.id not in text, decision.id


def test_the_contents_page_numbers_point_at_the_sections(built_example: Path) -> None:
    pages = pdf_pages_text(built_example / "report.pdf")
    contents_page = next(i for i, page in enumerate(pages) if "Contents" in page)
    entries = re.findall(
        r"^\s*(?:\d+\s+)?([A-Z][A-Za-z ,:]+?)\s*(?:\.\s*){2,}(\d+)\s*$", pages[contents_page], re.MULTILINE
    )
    assert len(entries) >= 8, pages[contents_page]
    for title, number in entries:
        page = pages[int(number) - 1]
        assert squash(title.strip()) in squash(page), f"{title} is not on page {number}"


def test_the_pdf_has_an_outline_with_the_sections(built_example: Path) -> None:
    outline = PdfReader(str(built_example / "report.pdf")).outline
    titles = [entry.title for entry in outline if not isinstance(entry, list)]
    for expected in ("The board", "Red lines", "Decisions", "Evaluations"):
        assert any(expected in t for t in titles), titles


def test_the_pdf_is_pdf_a_3a_and_carries_its_data(built_example: Path, example_report) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(str(built_example / "report.pdf"))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part[^0-9]*3", xmp) and re.search(r"pdfaid:conformance[^A-Z]*A", xmp)
    attachments = pdf_attachments(built_example / "report.pdf")
    public, _ = filter_report(example_report, "public", secret=b"unused for the data")
    assert attachments[DATA_ATTACHMENT] == canonical_json(public)
    record = json.loads(attachments[BUILD_ATTACHMENT])
    assert record["edition"] == "public"
    assert {f["file"] for f in record["inputs"]} >= {"report.yaml", "board.yaml"}


def test_the_html_is_self_contained_with_stable_anchors(example_html: Path, example_report) -> None:  # type: ignore[no-untyped-def]
    html = (example_html / "report.html").read_text(encoding="utf-8")
    assert "<link" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace('href="https://', ""))
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [  # data only, never code
        '<script type="application/json" id="reportgen-data">',
        '<script type="application/json" id="reportgen-withheld">',
    ]
    for decision in items(example_report.decisions):
        if decision.audience == "public":
            assert f'id="decision-{decision.id}"' in html
    for line in items(example_report.red_lines):
        assert f'id="red-line-{line.id}"' in html


def test_the_manifest_hashes_every_input_and_output(built_example: Path) -> None:
    manifest = json.loads((built_example / "manifest.json").read_text())
    assert set(manifest["outputs"]) == {"report.html", "report.pdf"}
    for name, digest in manifest["outputs"].items():
        assert hashlib.sha256((built_example / name).read_bytes()).hexdigest() == digest
    present = {
        p.relative_to(EXAMPLE).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in [*EXAMPLE.rglob("*.yaml"), EXAMPLE / "logo.svg"]  # the logo's bytes are in the outputs too
    }
    named = {e["file"]: e["sha256"] for e in manifest["inputs"] if not e["file"].startswith("(")}
    assert all(present[name] == digest for name, digest in named.items())
    # A file holding something the public edition withholds (an item, or a field of a public item) is
    # listed under a keyed label with a keyed digest and no size: neither its name nor a plain sha256
    # anyone could test guesses of its withheld text against.
    from reportgen.editions.commitment_key import commitment_secret, read_key
    from reportgen.editions.filtering import keyed_digest, withheld_file_label

    secret = commitment_secret(read_key(EXAMPLE))
    withheld = {e["file"]: e for e in manifest["inputs"] if e["file"].startswith("(withheld file)")}
    hidden_files = sorted(set(present) - set(named))
    assert sorted(withheld) == sorted(withheld_file_label(secret, name) for name in hidden_files)
    for name in hidden_files:
        entry = withheld[withheld_file_label(secret, name)]
        assert entry["sha256"] == keyed_digest(secret, present[name]) and "size" not in entry
    assert not {e["sha256"] for e in withheld.values()} & set(present.values())
    assert {"decisions/D-2026-018.yaml", "evaluations.yaml", "incidents.yaml"} <= set(hidden_files)  # fields
    previous = [e["file"] for e in manifest["inputs"] if e["file"].startswith("(previous report)")]
    assert previous == ["(previous report) ../asab-2025"]
    assert "D-2026-017" not in json.dumps(manifest)
    assert manifest["tools"]["weasyprint"] == "70.0"


def test_an_unchanged_rebuild_renders_nothing(built_example: Path, tmp_path: Path) -> None:
    out = Path(shutil.copytree(built_example, tmp_path / "out"))  # the shared build stays as it is
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    result = build(BuildOptions(EXAMPLE, out))
    assert result.up_to_date
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def _build_in_subprocess(source: Path, out: Path) -> None:
    done = run_reportgen("build", source, "-o", out, "--edition", "public,internal", "-q", cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.pdf
def test_two_builds_in_two_processes_are_byte_identical(tmp_path: Path) -> None:
    _build_in_subprocess(BASE, tmp_path / "one")
    _build_in_subprocess(BASE, tmp_path / "two")
    for name in ("report.pdf", "report.html", "report-internal.pdf", "manifest.json"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_the_output_folder_may_not_be_inside_the_input_folder(tmp_path: Path) -> None:
    source = tmp_path / "report"
    shutil.copytree(BASE, source)
    with pytest.raises(UsageError, match="inside the input folder"):
        build(BuildOptions(source, source / "build"))
