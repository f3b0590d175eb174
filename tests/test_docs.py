"""The docs site: its generated pages match the schema, and ``mkdocs build --strict`` passes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reportgen.authoring.docs import COMMAND, REGIONS, MissingRegion, generated_pages, main, updated_page

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_the_generated_pages_match_the_schema_and_the_spreadsheet_layout() -> None:
    """A schema or sheet-layout change without regenerating the docs fails here."""
    stale = [
        path.relative_to(ROOT).as_posix()
        for path, text in generated_pages(DOCS).items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"out of date: {', '.join(stale)}; run: {COMMAND}"


def test_every_generated_region_is_on_its_page_once() -> None:
    for region in REGIONS:
        text = (DOCS / region.page).read_text(encoding="utf-8")
        assert text.count(region.start) == 1 and text.count(region.end) == 1, region.page


def test_the_generator_refuses_a_page_without_its_markers() -> None:
    with pytest.raises(MissingRegion, match=r"docs/reference\.md: expected one region"):
        updated_page("reference.md", "# Input reference\n\nno markers here\n")


def test_the_generator_rewrites_only_what_is_between_the_markers(tmp_path: Path) -> None:
    for region in REGIONS:
        (tmp_path / region.page).write_text(
            f"# Before\n\n{region.start}\nstale\n{region.end}\n\nAfter.\n", encoding="utf-8"
        )
    assert main([str(tmp_path)]) == 0
    for region in REGIONS:
        text = (tmp_path / region.page).read_text(encoding="utf-8")
        assert text.startswith("# Before\n\n") and text.endswith(f"{region.end}\n\nAfter.\n")
        assert "stale" not in text and f"{region.start}\n{region.body()}\n{region.end}" in text


def test_the_reference_covers_every_section_of_a_report() -> None:
    from reportgen.schema import Report

    text = (DOCS / "reference.md").read_text(encoding="utf-8")
    for name in Report.model_fields:
        assert f"| `{name}` |" in text, name


def test_the_nav_lists_every_page() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs"
    listed = {page for entry in config["nav"] for page in entry.values()}
    assert listed == {path.name for path in DOCS.glob("*.md")}


def test_no_benchmark_figures_outside_the_benchmarks_readme() -> None:
    """Timings live in benchmarks/README.md only (a limit such as '600 s' is a setting, not a timing)."""
    timing = re.compile(
        r"\b\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)? ?(?:ms|µs)\b|\b\d+\.\d+(?:-\d+\.\d+)? ?s\b|\d(?:\.\d+)?x\b"
    )
    for path in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        found = timing.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(ROOT)}: {found}: move figures to benchmarks/README.md"


def test_mkdocs_builds_the_site_strictly(tmp_path: Path) -> None:
    """Broken links and anchors between pages, and pages left out of the nav, are warnings (see
    mkdocs.yml's validation settings); --strict makes any warning fail the build."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "reference" / "index.html").is_file()
