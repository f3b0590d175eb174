"""PDF/UA-1 on top of PDF/A-3a (issue 16): the built example's editions and the diff redline PDF.

The checker is ``page-validation`` (its profiles ``3a`` and ``ua1`` apply veraPDF's rules, the machine-checkable
failure conditions of the Matterhorn protocol; docs/accessibility.md says why this one). The structure checks
below name the defects the issue found, each of which that checker let through: page furniture tagged as
content, ``L > Div``, ``H2 > [NonStruct, H2]``, header cells without ``/Scope``, ``/Headers`` without an
``/IDTree``, a chart's ``/Alt`` without its summary, links described by their fragment id, a system font,
and "THE YEAR AT A GL ANCE"; and two that outloud found: empty ``Span`` s, and a link's page number
(``a::after``) tagged as a ``Link`` inside the ``Link``.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import page
import pikepdf
import pytest
from helpers import EXAMPLE, PREVIOUS, invoke, pdftotext

from reportgen.render.pdf import PdfJob, render_pdf
from reportgen.render.theme import default_theme_dir

EDITIONS = ("report.pdf", "report-internal.pdf", "report-regulator.pdf")
THEME_FONTS = {"Inter", "Inter-Bold", "Inter-Semi-Bold", "Inter-Italic", "Inter-Display-Bold"}
HEADINGS = {f"/H{level}" for level in range(1, 7)}


@pytest.fixture(scope="module")
def diff_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The redline between the example and its previous report, as ``reportgen diff --format pdf`` writes it."""
    pdf = tmp_path_factory.mktemp("diff-pdf") / "changes.pdf"
    assert invoke("diff", PREVIOUS, EXAMPLE, "--format", "pdf", "-o", pdf).exit_code == 1  # differences found
    return pdf


def _findings(pdf: Path, profile: str) -> list[str]:
    report = page.validate_pdf(pdf, profile=profile)
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


def _elements(pdf: pikepdf.Pdf) -> Iterator[tuple[pikepdf.Dictionary, str]]:
    """Every structure element reachable from the root, with its parent's type."""
    root = pdf.Root.StructTreeRoot
    stack = [(kid, "/StructTreeRoot") for kid in _kids(root)]
    while stack:
        element, parent = stack.pop()
        yield element, parent
        stack.extend((kid, str(element.S)) for kid in _kids(element))


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = element.get("/K", pikepdf.Array())
    kids = kids if isinstance(kids, pikepdf.Array) else pikepdf.Array([kids])
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _marked_content(element: pikepdf.Dictionary) -> bool:
    """Whether the element or one of its descendants holds marked content (an MCID, or a marked-content reference)."""
    kids = element.get("/K", pikepdf.Array())
    kids = kids if isinstance(kids, pikepdf.Array) else pikepdf.Array([kids])
    return any(
        isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR") for kid in kids
    ) or any(_marked_content(kid) for kid in _kids(element))


def _empty_and_nested_links(pdf: pikepdf.Pdf) -> tuple[int, int, int]:
    """Span and NonStruct elements with no kids at all (a reader meets an element that says nothing), Link
    elements inside a Link (a link's ``::after`` page number tagged as a second link), and Links without text."""
    empty = nested = textless = 0
    stack = [(kid, False) for kid in _kids(pdf.Root.StructTreeRoot)]
    while stack:
        element, in_link = stack.pop()
        kind, kids = str(element.S), element.get("/K", pikepdf.Array())
        if kind in ("/Span", "/NonStruct") and isinstance(kids, pikepdf.Array) and len(kids) == 0:
            empty += 1
        if kind == "/Link":
            nested += in_link
            textless += not _marked_content(element) and "/Alt" not in element
        stack.extend((kid, in_link or kind == "/Link") for kid in _kids(element))
    return empty, nested, textless


def _structure_defects(path: Path) -> list[str]:
    """What a screen reader would trip on, as lines naming the rule; empty when the tree is sound."""
    defects: list[str] = []
    with pikepdf.open(path) as pdf:
        reached, ids, headers = set(), set(), []
        for element, parent in _elements(pdf):
            kind, kinds = str(element.S), [str(kid.S) for kid in _kids(element)]
            reached.add(element.objgen)
            if kind == "/L" and set(kinds) - {"/LI", "/L", "/Caption"}:
                defects.append(f"L holds {sorted(set(kinds) - {'/LI', '/L', '/Caption'})}")
            if kind == "/LI" and parent != "/L":
                defects.append(f"LI inside {parent}")
            if kind == "/LI" and set(kinds) - {"/Lbl", "/LBody"}:
                defects.append(f"LI holds {sorted(set(kinds) - {'/Lbl', '/LBody'})}")
            if kind in HEADINGS and set(kinds) - {"/Span", "/Link"}:
                defects.append(f"{kind} holds {sorted(set(kinds) - {'/Span', '/Link'})}")
            if kind == "/TH" and "/Scope" not in element.get("/A", {}):
                defects.append("TH without /Scope")
            if "/ID" in element:
                ids.add(bytes(element.ID))
            if kind == "/TD" and "/Headers" in element.get("/A", {}):
                headers.extend(bytes(header) for header in element.A.Headers)
        root = pdf.Root.StructTreeRoot
        names = root.IDTree.Names if "/IDTree" in root else pikepdf.Array()
        id_tree = {bytes(names[i]) for i in range(0, len(names), 2)}
        if ids - id_tree or set(headers) - id_tree:
            defects.append(f"{len(ids - id_tree)} /ID and {len(set(headers) - id_tree)} /Headers not in the /IDTree")
        # marked content mapped to elements outside the tree: what margin boxes gave before they were artifacts
        nums = root.ParentTree.Nums
        mapped = [
            e for i in range(1, len(nums), 2) for e in (nums[i] if isinstance(nums[i], pikepdf.Array) else [nums[i]])
        ]
        orphans = [e for e in mapped if isinstance(e, pikepdf.Dictionary) and e.objgen not in reached]
        if orphans:
            defects.append(f"{len(orphans)} marked contents belong to elements outside the structure tree")
        empty, nested, textless = _empty_and_nested_links(pdf)
        if empty or nested or textless:
            defects.append(f"{empty} empty Span/NonStruct, {nested} Link inside a Link, {textless} Link without text")
    return defects


@pytest.mark.parametrize("edition", EDITIONS)
def test_editions_have_no_pdfa3a_or_pdfua1_findings(built_example: Path, edition: str) -> None:
    assert _findings(built_example / edition, "3a") == []
    assert _findings(built_example / edition, "ua1") == []


@pytest.mark.pdf
def test_diff_pdf_has_no_pdfa3a_or_pdfua1_findings(diff_pdf: Path) -> None:
    assert _findings(diff_pdf, "3a") == []
    assert _findings(diff_pdf, "ua1") == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_editions_structure_lists_headings_and_tables(built_example: Path, edition: str) -> None:
    assert _structure_defects(built_example / edition) == []


@pytest.mark.pdf
def test_diff_pdf_structure(diff_pdf: Path) -> None:
    assert _structure_defects(diff_pdf) == []
    with pikepdf.open(diff_pdf) as pdf:
        assert [str(element.S) for element, _ in _elements(pdf)].count("/H1") == 1


def test_definition_lists_are_labelled_list_items(built_example: Path) -> None:
    """``<dl><div><dt><dd>``: each div an LI, its term the Lbl, its description the LBody."""
    with pikepdf.open(built_example / "report.pdf") as pdf:
        items = [
            [str(kid.S) for kid in _kids(element)] for element, parent in _elements(pdf) if str(element.S) == "/LI"
        ]
    assert ["/Lbl", "/LBody"] in items


def test_no_empty_spans_or_links_inside_links(built_example: Path) -> None:
    """WeasyPrint 70.0 gave the public edition 114 empty Spans (the colour marks, empty inline-blocks), 70 empty
    NonStructs (``<br>``), and 136 Links inside a Link (each ``a::after`` page number), one of them textless."""
    with pikepdf.open(built_example / "report.pdf") as pdf:
        assert _empty_and_nested_links(pdf) == (0, 0, 0)
        annotations = [a for p in pdf.pages for a in p.get("/Annots", []) if a.Subtype == "/Link"]
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        # every link annotation still belongs to a Link element (the page number's joins its link's)
        assert annotations and {str(parents[int(a.StructParent)].S) for a in annotations} == {"/Link"}


@pytest.mark.pdf
def test_tagging_drops_empty_elements_and_merges_link_pseudo_elements(tmp_path: Path) -> None:
    theme = default_theme_dir()
    html_text = (
        "<!DOCTYPE html><html lang='en'><head><title>t</title><style>"
        ".mark { display: inline-block; width: 1em; height: 1em; background: black }"
        "a::after { content: ' (p. ' target-counter(attr(href), page) ')' }"
        "</style></head><body><h1 id='top'>Title</h1>"
        "<p><span>Status <span class='mark' aria-hidden='true'></span> open</span><br>next<br><br>line</p>"
        "<p><a href='#top'>Back to the title</a></p></body></html>"
    )
    job = PdfJob(html_text, theme, (theme,), "t", "a", date(2026, 1, 1), "test", ())
    (tmp_path / "t.pdf").write_bytes(render_pdf(job))
    with pikepdf.open(tmp_path / "t.pdf") as pdf:
        assert _empty_and_nested_links(pdf) == (0, 0, 0)
        links = [element for element, _ in _elements(pdf) if str(element.S) == "/Link"]
        assert len(links) == 1  # the link and its "(p. 1)", one element with both annotations
        assert [kid.Type for kid in links[0].K if isinstance(kid, pikepdf.Dictionary)] == ["/OBJR", "/OBJR"]


def test_page_furniture_is_pagination_artifacts(built_example: Path) -> None:
    with pikepdf.open(built_example / "report.pdf") as pdf:
        for number, pdf_page in enumerate(pdf.pages[1:], start=2):  # the cover has no running head or footer
            content = b"".join(pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf_page)).split())
            assert content.count(b"/Artifact<</Subtype/Header/Type/Pagination>>BDC") == 2, number
            assert content.count(b"/Artifact<</Subtype/Footer/Type/Pagination>>BDC") == 2, number


def test_catalog_and_xmp_declare_pdfua1_and_pdfa3a(built_example: Path) -> None:
    with pikepdf.open(built_example / "report.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A checkers read the XMP as it is
        with pdf.open_metadata() as xmp:
            assert (xmp["pdfuaid:part"], xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("1", "3", "A")
            assert xmp["dc:language"] == {"en"}


def test_charts_alternative_text_carries_their_data_summary(built_example: Path) -> None:
    screen = (built_example / "report.html").read_text(encoding="utf-8")
    charts = re.findall(
        r'<title id="chart-[^"]+-title">([^<]+)</title><desc id="chart-[^"]+-desc">([^<]+)</desc>', screen
    )
    assert len(charts) == 3
    with pikepdf.open(built_example / "report.pdf") as pdf:
        alts = {str(element.Alt) for element, _ in _elements(pdf) if str(element.S) == "/Figure" and "/Alt" in element}
    for title, desc in charts:
        assert f"{html.unescape(title)}. {html.unescape(desc)}" in alts


def test_links_are_described_in_words(built_example: Path) -> None:
    ids = set(re.findall(r' id="([^"]+)"', (built_example / "report.html").read_text(encoding="utf-8")))
    with pikepdf.open(built_example / "report.pdf") as pdf:
        contents = [str(a.Contents) for p in pdf.pages for a in p.get("/Annots", []) if a.Subtype == "/Link"]
    assert "Foreword by the Chair" in contents
    assert [text for text in contents if text in ids] == []


def _fonts(pdf: Path) -> set[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].partition("+")[2] for line in listing.splitlines()[2:]}


@pytest.mark.parametrize("edition", EDITIONS)
def test_editions_embed_only_theme_fonts(built_example: Path, edition: str) -> None:
    fonts = _fonts(built_example / edition)
    assert fonts and fonts <= THEME_FONTS, fonts - THEME_FONTS


@pytest.mark.pdf
def test_diff_pdf_embeds_only_theme_fonts(diff_pdf: Path) -> None:
    fonts = _fonts(diff_pdf)
    assert fonts and fonts <= THEME_FONTS, fonts - THEME_FONTS


def test_running_heads_extract_as_written(built_example: Path) -> None:
    """Each chapter's running head (its title in tracked capitals) reads back as its words, not "GL ANCE"."""
    with pikepdf.open(built_example / "report.pdf") as pdf, pdf.open_outline() as outline:
        chapters = [item.title for item in outline.root]
    assert "The year at a glance" in chapters
    lines = set(pdftotext(built_example / "report.pdf").splitlines())
    assert [title for title in chapters if title.upper() not in lines] == []


@pytest.mark.pdf
def test_diff_pdf_is_the_same_bytes_twice(diff_pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    assert invoke("diff", PREVIOUS, EXAMPLE, "--format", "pdf", "-o", again).exit_code == 1
    assert again.read_bytes() == diff_pdf.read_bytes()


def test_patch_applies_to_weasyprint_70_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    from reportgen.render import tagging_patch

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert tagging_patch.apply("pdf/a-3a") is False
