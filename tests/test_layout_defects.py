"""The layout defects of issue 16, each checked on the built example (HTML, and the PDF's fonts and text):
a withheld reason ends in one full stop, a long independence note gets a row of its own, the "withheld
decisions" note stands only under the red lines it concerns, a criterion without an early warning takes
the whole width, a chart's caption belongs to its figure, one h1 per page, only theme fonts in the PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from helpers import copy_example, pdftotext, replace_once

from reportgen.build.orchestrator import BuildOptions, build

WITHHELD_NOTE = "Decisions this edition withholds are not listed here."


def _page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def _cls(name: str) -> str:
    """An XPath test: the element has class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_a_reason_written_as_a_sentence_gets_one_full_stop(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    replace_once(root / "incidents.yaml", "withheld_reason: Security detail", "withheld_reason: Held in confidence.")
    replace_once(
        root / "evaluations.yaml",
        "reason: Describes a novel exploit chain in detail}",
        "reason: Describes a novel exploit chain in detail.}",
    )
    out = tmp_path / "out"
    build(BuildOptions(root, out, formats=("html",), editions=("public",)))
    text = _text(_page(out / "report.html").body)
    assert "Reason: Held in confidence. Commitment" in text  # the withheld incident's placeholder
    assert "Describes a novel exploit chain in detail. Commitment" in text  # the withheld summary, in place
    assert re.findall(r"\w\.\. ", text) == []


def test_a_long_independence_note_gets_a_row_of_its_own(example_html: Path) -> None:
    page = _page(example_html / "report.html")
    rows = page.xpath(f".//table[{_cls('members')}]/tbody/tr")
    notes = [_text(r) for r in rows if "member-note-row" in r.classes]
    assert len(notes) == 1
    assert notes[0].startswith("Independence of Dr Ruth Fairbrother: Dr Fairbrother holds an ethics seat")
    owner = rows[[r.get("class") for r in rows].index("member-note-row") - 1]
    assert _text(owner.xpath(f"td[{_cls('independence')}]")[0]) == "No See the note below."
    # the short notes stay in their cells
    cells = [_text(c) for c in page.xpath(f".//table[{_cls('members')}]//td[{_cls('independence')}]")]
    assert "No Employed by Meridian AI, whose models the Board oversees." in cells


def _withheld_notes(page: lxml.html.HtmlElement) -> dict[str, tuple[bool, bool, bool]]:
    """Each red-line card: whether it carries the withheld-decisions note, says "None listed.", and shows a
    reference to a withheld item (in its history or determinations: what the edition knows of them)."""
    found = {}
    for card in page.xpath(f".//article[{_cls('red-line')}]"):
        text = _text(card)
        refers = bool(card.xpath(f".//*[{_cls('withheld-ref')}]"))
        found[card.get("id")] = (WITHHELD_NOTE in text, "None listed." in text, refers)
    return found


def test_the_withheld_decisions_note_stands_only_under_the_lines_it_concerns(example_html: Path) -> None:
    """The note is not printed under every red line: only under a line whose card refers to a withheld
    decision (the edition does not know which lines a withheld decision addressed, and must not say), and
    never in the internal edition, which withholds nothing."""
    internal = _withheld_notes(_page(example_html / "report-internal.html"))
    assert internal and not any(noted or empty for noted, empty, _ in internal.values())
    for name in ("report.html", "report-regulator.html"):
        cards = _withheld_notes(_page(example_html / name))
        assert cards.keys() == internal.keys()
        assert all(noted == refers for noted, _, refers in cards.values()), (name, cards)
        assert all(refers for _, empty, refers in cards.values() if empty), (name, cards)


def test_a_criterion_without_an_early_warning_takes_the_whole_width(example_html: Path) -> None:
    page = _page(example_html / "report-internal.html")
    boxes = page.xpath(f".//div[{_cls('thresholds')}]")
    assert boxes
    for box in boxes:
        single = len(box.xpath(f"div[{_cls('threshold')}]")) == 1
        assert ("thresholds-single" in box.classes) == single, lxml.html.tostring(box)[:200]
    css = (Path(__file__).parents[1] / "templates" / "frameworks.css").read_text(encoding="utf-8")
    assert ".thresholds.thresholds-single { grid-template-columns: minmax(0, 1fr); }" in css


@pytest.mark.parametrize("name", ["report.html", "report-internal.html", "report-regulator.html"])
def test_each_chart_caption_belongs_to_its_figure_and_each_page_has_one_h1(example_html: Path, name: str) -> None:
    page = _page(example_html / name)
    figures = page.xpath(f".//figure[{_cls('chart-body')}]")
    assert len(figures) == 3
    for figure in figures:
        children = [child.tag for child in figure]
        assert children[-1] == "figcaption" and children.count("figcaption") == 1
        assert figure.xpath(".//*[local-name()='svg'][@viewbox]")
    assert [_text(h) for h in page.xpath(".//h1")] == ["Annual Transparency Report 2026"]


def test_a_chart_scales_with_its_column(example_html: Path) -> None:
    """The SVG keeps its drawn size for print and carries its viewBox and a screen maximum; the screen CSS
    gives it the column's width."""
    html = (example_html / "report.html").read_text(encoding="utf-8")
    heads = re.findall(r'<svg [^>]*class="chart"[^>]*>', html)
    assert len(heads) == 3
    for head in heads:
        width = float(re.search(r' width="([\d.]+)"', head)[1])  # type: ignore[index]
        assert f'viewBox="0 0 {width:.1f} ' in head
        assert f'style="max-width: {width * 1.2:.1f}px"' in head
    assert "svg.chart { width: 100%; height: auto; }" in html
    assert "min-width: 380px" not in html


def test_the_changes_chapter_shows_no_raw_markdown(example_html: Path) -> None:
    chapter = _page(example_html / "report.html").get_element_by_id("changes")
    assert "**" not in _text(chapter)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("name", ["report.pdf", "report-regulator.pdf"])
def test_only_theme_fonts_in_the_pdf(built_example: Path, name: str) -> None:
    """The commitment hashes of withheld things use the theme's Inter, not a system monospace font."""
    listing = subprocess.run(["pdffonts", str(built_example / name)], capture_output=True, text=True, check=True)
    fonts = {line.split()[0].split("+", 1)[-1] for line in listing.stdout.splitlines()[2:]}
    assert "DejaVu-Sans-Mono" not in fonts
    assert fonts and all(font.startswith("Inter") for font in fonts), fonts  # templates/fonts/Inter*.otf
    reason = {"report.pdf": "Security detail", "report-regulator.pdf": "Concerns an unreleased model"}[name]
    assert f"Reason: {reason}. Commitment" in " ".join(pdftotext(built_example / name).split())
