"""Chunk PDFs laid out separately, merged into one (reportgen.render.merge): pages, text, outline, links,
structure tree, page-number furniture, attachments, PDF/A-3a + PDF/UA-1, one font program per face (the parts'
subsets, united) and the same bytes every time.

The chunks are three tiny documents rendered like an edition (``render_pdf``), with the links to the other chunks'
anchors kept as named destinations, as the chunked layout keeps them (WeasyPrint alone drops them); the furniture
is a WeasyPrint PDF/A-3b with only the "Page X of Y" margin box.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pikepdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.misc.psCharStrings import T2CharString
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from helpers import pdftotext
from test_pdf_accessibility import _elements, _findings, _kids, _structure_defects

from reportgen.render import font_union, merge, merge_resources
from reportgen.render.merge import merge_parts
from reportgen.render.pdf import PdfJob, render_pdf
from reportgen.render.theme import default_theme_dir

HEAD = (
    "<!DOCTYPE html><html lang='en'><head><title>Merge test</title><link rel='stylesheet' href='fonts.css'>"
    "<style>body { font-family: Inter } @page { size: A5; margin: 15mm }</style></head><body>"
)
TABLE = (
    "<table><thead><tr><th>Metric</th><th>Value</th></tr></thead>"
    "<tbody><tr><td>Incidents</td><td>3</td></tr><tr><td>Audits</td><td>2</td></tr></tbody></table>"
)
NEW_PAGE = " style='break-before: page'"
CHUNKS = (
    # the contents: links forward into the other chunks; a definition list
    "<h1 id='contents'>Contents</h1><p>See <a href='#results'>the results</a> and <a href='#method'>the method</a>."
    "</p><dl><div><dt>Edition</dt><dd>Public</dd></div><div><dt>Year</dt><dd>2026</dd></div></dl>",
    # two pages; a nested heading (an outline item's child); a table (header ids); a link back
    f"<h1 id='results'>Results</h1>{TABLE}<h2 id='details'>Details</h2><p>In detail.</p>"
    f"<h1 id='more'{NEW_PAGE}>More results</h1><p>Back to <a href='#contents'>the contents</a>.</p>",
    # the same shape: its table's header ids are the second chunk's, until the merge prefixes them
    f"<h1 id='method'>Method</h1>{TABLE}<h2 id='steps'>Steps</h2><p>Step by step.</p>"
    f"<h1 id='notes'{NEW_PAGE}>Notes</h1><p>See <a href='#details'>the details</a>.</p>",
)
ANCHOR_PAGES = {"contents": 0, "results": 1, "details": 1, "more": 2, "method": 3, "steps": 3, "notes": 4}
OUTLINE = [("Contents", 0, []), ("Results", 1, ["Details"]), ("More results", 2, []), ("Method", 3, ["Steps"])]
OUTLINE += [("Notes", 4, [])]
ATTACHMENT = ("data.json", "The report's input data", b'{"incidents": 3}\n')
PAGES = 5
FOOTER = re.compile(r"\s*Page (\d+) of (\d+)\s*")


@dataclass(frozen=True)
class Merged:
    parts: list[Path]
    furniture: Path
    path: Path  # parts merged, with the furniture


def _keeping_links(resolve_links: Any) -> Any:
    """WeasyPrint's ``resolve_links`` that keeps links to anchors of other documents (as named destinations)."""

    def resolve(pages: list[Any]) -> Iterator[tuple[list[Any], list[Any]]]:
        for page, (_, anchors) in zip(pages, list(resolve_links(pages)), strict=True):
            yield list(page.links), anchors

    return resolve


def _furniture(pages: int) -> bytes:
    import weasyprint

    theme = default_theme_dir()
    html = (
        "<!DOCTYPE html><html lang='en'><head><link rel='stylesheet' href='fonts.css'><style>@page { size: A5;"
        " margin: 15mm; @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); font-family: Inter;"
        " font-size: 7pt } }</style></head><body><div></div>" + "<div style='break-before: page'></div>" * (pages - 1)
    )
    html += "</body></html>"
    pdf = weasyprint.HTML(string=html, base_url=theme.as_uri() + "/").write_pdf(pdf_variant="pdf/a-3b")
    assert isinstance(pdf, bytes)
    return pdf


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Merged:
    import weasyprint.pdf

    folder = tmp_path_factory.mktemp("merge")
    theme = default_theme_dir()
    parts = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.pdf, "resolve_links", _keeping_links(weasyprint.pdf.resolve_links))
        for index, body in enumerate(CHUNKS):
            attachments = (ATTACHMENT,) if index == 0 else ()
            job = PdfJob(HEAD + body + "</body></html>", theme, (theme,), "Merge test", "Board", date(2026, 1, 1),
                         "merge-test", attachments)  # fmt: skip
            parts.append(folder / f"part{index}.pdf")
            parts[-1].write_bytes(render_pdf(job))
    furniture = folder / "furniture.pdf"
    furniture.write_bytes(_furniture(PAGES))
    path = folder / "merged.pdf"
    path.write_bytes(merge_parts([part.read_bytes() for part in parts], furniture.read_bytes()))
    return Merged(parts, furniture, path)


def _ids(path: Path) -> set[bytes]:
    with pikepdf.open(path) as pdf:
        return {bytes(element.ID) for element, _ in _elements(pdf) if "/ID" in element}


def _pages(pdf: pikepdf.Pdf) -> dict[tuple[int, int], int]:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages)}


@pytest.mark.pdf
def test_pages_and_text_in_order_with_the_page_numbers(merged: Merged) -> None:
    parts = [page for part in merged.parts for page in pdftotext(part, "-layout").split("\f")[:-1]]
    pages = pdftotext(merged.path, "-layout").split("\f")[:-1]
    assert len(pages) == len(parts) == PAGES
    for number, (page, part) in enumerate(zip(pages, parts, strict=True), start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        footer = FOOTER.fullmatch(lines[-1])
        assert footer is not None and footer.groups() == (str(number), str(PAGES))
        assert lines[:-1] == [line for line in part.splitlines() if line.strip()]
    assert "Page 2 of 5" in pages[1]
    # without furniture, the text is the parts' text exactly
    plain = merged.path.with_name("plain.pdf")
    plain.write_bytes(merge_parts([part.read_bytes() for part in merged.parts]))
    assert pdftotext(plain, "-layout") == "".join(pdftotext(part, "-layout") for part in merged.parts)


@pytest.mark.pdf
def test_outline_items_in_order_point_at_their_pages(merged: Merged) -> None:
    with pikepdf.open(merged.path) as pdf, pdf.open_outline() as outline:
        pages = _pages(pdf)
        items = [
            (
                item.title,
                pages[cast(pikepdf.Array, item.destination)[0].objgen],
                [child.title for child in item.children],
            )
            for item in outline.root
        ]
        assert int(pdf.Root.Outlines.Count) == 7
    assert items == OUTLINE


@pytest.mark.pdf
def test_every_link_resolves_to_its_anchor_page(merged: Merged) -> None:
    with pikepdf.open(merged.path) as pdf:
        pages = _pages(pdf)
        names = pdf.Root.Names.Dests.Names
        keys = [bytes(names[i]) for i in range(0, len(names), 2)]
        assert keys == sorted(keys) == sorted(set(keys))  # one flat, sorted name tree
        dests = {bytes(names[i]).decode(): pages[names[i + 1][0].objgen] for i in range(0, len(names), 2)}
        links = [
            (number, str(annotation.Dest))
            for number, page in enumerate(pdf.pages)
            for annotation in page.obj.get("/Annots", [])
            if "/Dest" in annotation
        ]
    assert dests == ANCHOR_PAGES
    # forward and back across chunks: contents -> results, method; more results -> contents; notes -> details
    assert sorted(links) == [(0, "method"), (0, "results"), (2, "contents"), (4, "details")]


@pytest.mark.pdf
def test_one_structure_tree_with_consistent_parent_tree_and_ids(merged: Merged) -> None:
    collided = _ids(merged.parts[1]) & _ids(merged.parts[2])
    assert collided  # WeasyPrint numbered the two tables' header cells alike
    assert _structure_defects(merged.path) == []
    with pikepdf.open(merged.path) as pdf:
        root, pages = pdf.Root.StructTreeRoot, _pages(pdf)
        (document,) = _kids(cast(pikepdf.Dictionary, root))
        assert document.S == "/Document"
        kids = _kids(document)
        assert {kid.P.objgen for kid in kids} == {document.objgen}
        first_pages = [pages[kid.Pg.objgen] for kid in kids]
        assert first_pages == sorted(first_pages) and set(first_pages) == set(range(PAGES))
        elements = [element for element, _ in _elements(pdf)]
        assert {pages.get(element.Pg.objgen) for element in elements if "/Pg" in element} <= set(range(PAGES))
        # the parent tree: each page's marked content and each annotation back to its element
        nums = root.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        assert list(parents) == sorted(parents) and int(root.ParentTreeNextKey) == max(parents) + 1
        reached = {element.objgen for element in elements}
        marked = 0
        for page in pdf.pages:
            for mcid, element in enumerate(parents[int(page.obj.StructParents)]):
                assert element.objgen in reached and element.Pg.objgen == page.obj.objgen
                assert mcid in [int(kid) for kid in element.K if isinstance(kid, int)]
                marked += 1
            for annotation in page.obj.get("/Annots", []):
                element = parents[int(annotation.StructParent)]
                assert element.S == "/Link" and element.objgen in reached
                objrs = [
                    kid for kid in element.K if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
                ]
                assert (annotation.objgen, page.obj.objgen) in [(kid.Obj.objgen, kid.Pg.objgen) for kid in objrs]
        assert marked > 20
        assert len({int(page.obj.StructParents) for page in pdf.pages}) == PAGES
        # header ids: unique, every one and every /Headers entry in the sorted /IDTree
        ids = [bytes(element.ID) for element in elements if "/ID" in element]
        headers = {bytes(h) for e in elements if "/Headers" in e.get("/A", {}) for h in e.A.Headers}
        names = root.IDTree.Names
        tree = [bytes(names[i]) for i in range(0, len(names), 2)]
        assert len(ids) == len(set(ids)) == 4 and tree == sorted(ids) and headers == set(ids)
        assert {bytes(names[i + 1].ID) for i in range(0, len(names), 2)} == set(ids)
        assert {f"p{part}-".encode() + key for key in collided for part in (1, 2)} <= set(ids)


@pytest.mark.pdf
def test_furniture_is_drawn_over_each_page_as_a_pagination_artifact(merged: Merged) -> None:
    with pikepdf.open(merged.path) as pdf:
        for page in pdf.pages:
            operations = [(list(op.operands), str(op.operator)) for op in pikepdf.parse_content_stream(page)]
            operators = [operator for _, operator in operations]
            assert operators[0] == "q" and operators[-6:] == ["Q", "BDC", "q", "Do", "Q", "EMC"]
            assert operators.count("q") == operators.count("Q")  # the page's own content wrapped
            tag, properties = operations[-5][0]
            assert tag == pikepdf.Name.Artifact and dict(properties.items()) == {
                "/Type": "/Pagination",
                "/Subtype": "/Footer",
            }
            form = page.resources.XObject[str(operations[-3][0][0])]
            assert form.Subtype == "/Form" and b"BDC" not in form.read_bytes()


@pytest.mark.pdf
def test_merged_pdf_has_no_pdfa3a_or_pdfua1_findings(merged: Merged) -> None:
    assert _findings(merged.path, "3a") == []
    assert _findings(merged.path, "ua1") == []


@pytest.mark.pdf
def test_catalog_and_attachments_are_the_first_parts(merged: Merged) -> None:
    with pikepdf.open(merged.path) as pdf, pikepdf.open(merged.parts[0]) as first:
        assert bytes(pdf.attachments["data.json"].get_file().read_bytes()) == ATTACHMENT[2]
        assert [str(spec.F) for spec in pdf.Root.AF] == [str(spec.F) for spec in first.Root.AF]
        assert pdf.Root.Metadata.read_bytes() == first.Root.Metadata.read_bytes()
        assert dict(pdf.docinfo.items()) == dict(first.docinfo.items())
        assert str(pdf.Root.Lang) == "en" and bool(pdf.Root.MarkInfo.Marked)
        assert pdf.trailer.ID[0] == first.trailer.ID[0]


@pytest.mark.pdf
def test_same_bytes_every_time(merged: Merged) -> None:
    parts = [str(part) for part in merged.parts]
    again = merge_parts([part.read_bytes() for part in merged.parts], merged.furniture.read_bytes())
    assert again == merged.path.read_bytes()
    script = (
        "import sys; from pathlib import Path; from reportgen.render.merge import merge_parts; "
        "parts, furniture = [Path(p).read_bytes() for p in sys.argv[2:]], Path(sys.argv[1]).read_bytes(); "
        "sys.stdout.buffer.write(merge_parts(parts, furniture))"
    )
    child = subprocess.run(
        [sys.executable, "-c", script, str(merged.furniture), *parts], capture_output=True, check=True
    )
    assert child.stdout == again


@pytest.mark.pdf
def test_role_and_class_maps_merge_and_a_part_in_another_language_says_so(merged: Merged) -> None:
    Dictionary, Name = pikepdf.Dictionary, pikepdf.Name
    parts = []
    for index, part in enumerate(merged.parts):
        with pikepdf.open(part) as pdf:
            root = pdf.Root.StructTreeRoot
            if index == 1:
                root.RoleMap = Dictionary(Chart=Name.Figure)
            if index == 2:
                root.RoleMap = Dictionary(Chart=Name.Div, Note=Name.P)
                root.ClassMap = Dictionary(Wide=Dictionary(O=Name.Layout, Placement=Name.Block))
                pdf.Root.Lang = pikepdf.String("fr")
            out = io.BytesIO()
            pdf.save(out)
            parts.append(out.getvalue())
    with pikepdf.open(io.BytesIO(merge_parts(parts))) as pdf:
        root = pdf.Root.StructTreeRoot
        assert dict(root.RoleMap.items()) == {"/Chart": Name.Figure, "/Note": Name.P}  # the first definition
        assert list(root.ClassMap.keys()) == ["/Wide"]
        pages = _pages(pdf)
        languages = {
            (pages[kid.Pg.objgen], str(kid.get("/Lang", ""))) for kid in _kids(_kids(cast(pikepdf.Dictionary, root))[0])
        }
        assert languages == {(0, ""), (1, ""), (2, ""), (3, "fr"), (4, "fr")}


@pytest.mark.pdf
def test_furniture_of_another_page_count_is_refused(merged: Merged) -> None:
    with pytest.raises(ValueError, match="furniture PDF has 5 pages but the merged parts have 3"):
        merge_parts([part.read_bytes() for part in merged.parts[:2]], merged.furniture.read_bytes())


def _plain_pdf(pages: int, dests: dict[str, int] | None = None, **catalog: Any) -> bytes:
    """An untagged PDF of blank pages, with named destinations (name -> page) and more catalog entries."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    if dests:
        names = [
            item
            for name in sorted(dests)
            for item in (pikepdf.String(name), [pdf.pages[dests[name]].obj, pikepdf.Name.Fit])
        ]
        pdf.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(names)))
    for key, value in catalog.items():
        pdf.Root[f"/{key}"] = value
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _dest_pages(data: bytes) -> dict[str, int]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages, names = _pages(pdf), pdf.Root.Names.Dests.Names
        return {str(names[i]): pages[names[i + 1][0].objgen] for i in range(0, len(names), 2)}


def test_named_destinations_merge_and_the_first_definition_wins() -> None:
    merged = merge_parts([_plain_pdf(2, {"b": 1, "same": 0}), _plain_pdf(1, {"a": 0, "same": 0})])
    assert _dest_pages(merged) == {"a": 2, "b": 1, "same": 0}


def test_parts_with_what_the_merge_cannot_carry_are_refused() -> None:
    with pytest.raises(ValueError, match=r"part 1: cannot merge catalog entries \['/PageLabels'\]"):
        merge_parts([_plain_pdf(1), _plain_pdf(1, PageLabels=pikepdf.Dictionary(Nums=pikepdf.Array()))])
    with pytest.raises(ValueError, match="part 1: attachments belong on the first part"):
        merge_parts([_plain_pdf(1), _plain_pdf(1, AF=pikepdf.Array())])
    with pytest.raises(ValueError, match="no PDF parts"):
        merge_parts([])


def test_written_again_numbered_otherwise_while_a_qpdf_stream_ends_with_cr(monkeypatch: pytest.MonkeyPatch) -> None:
    """1 file in ~30 has an object or cross-reference stream ending with CR, which a PDF/A checker reads as a wrong
    /Length: it is written again with its objects numbered otherwise."""
    parts = [_plain_pdf(2), _plain_pdf(1)]
    verdicts = iter([True, False])
    monkeypatch.setattr(merge, "_written_stream_ends_with_cr", lambda data: next(verdicts))
    with pikepdf.open(io.BytesIO(merge_parts(parts))) as pdf:
        assert pdf.pages[0].obj.MediaBox.is_indirect and len(pdf.pages) == 3
    monkeypatch.setattr(merge, "_written_stream_ends_with_cr", lambda data: True)
    with pytest.raises(RuntimeError, match="ending with CR"):
        merge_parts(parts)


def test_only_qpdfs_own_streams_ending_with_cr_count() -> None:
    copied = b"7 0 obj\n<< /Length 3 /Filter /FlateDecode >>\nstream\nab\r\nendstream\nendobj\n"
    made = b"9 0 obj\n<< /Type /ObjStm /Length 3 /Filter /FlateDecode >>\nstream\nab\r\nendstream\nendobj\n"
    assert not merge._written_stream_ends_with_cr(copied)
    assert merge._written_stream_ends_with_cr(copied + made)
    assert merge._written_stream_ends_with_cr(made.replace(b"/ObjStm", b"/XRef"))


def _programs(pdf: pikepdf.Pdf) -> dict[str, set[tuple[int, int]]]:
    """Each embedded font's /FontName -> its programs (objects), for the fonts the pages and their forms use."""
    programs: dict[str, set[tuple[int, int]]] = {}
    for font in _fonts(pdf):
        descriptor = font.DescendantFonts[0].FontDescriptor
        programs.setdefault(str(descriptor.FontName), set()).add(descriptor.FontFile3.objgen)
    return programs


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Object]:
    """The Type0 fonts of the pages' resources and of their forms' (the furniture), each once."""
    fonts: dict[tuple[int, int], pikepdf.Object] = {}
    for page in pdf.pages:
        resources: list[pikepdf.Object] = [page.resources]
        resources += [form.Resources for _, form in page.resources.get("/XObject", {}).items() if "/Resources" in form]
        for resource in resources:
            for _, font in resource.get("/Font", {}).items():
                fonts.setdefault(font.objgen, font)
    return list(fonts.values())


def _widths(font: pikepdf.Object) -> dict[int, int]:
    array, widths, i = list(font.DescendantFonts[0].W), {}, 0
    while i < len(array):
        widths.update({int(array[i]) + k: int(width) for k, width in enumerate(array[i + 1])})
        i += 2
    return widths


def _pixels(path: Path, folder: Path) -> list[bytes]:
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "100", "-png", str(path), str(folder / path.stem)], check=True)
    return [Image.open(png).convert("RGB").tobytes() for png in sorted(folder.glob(f"{path.stem}-*.png"))]


@pytest.fixture(scope="module")
def unshared(merged: Merged) -> Path:
    """The parts merged as before fonts were shared: each part's font programs and fonts its own."""
    path = merged.path.with_name("unshared.pdf")
    parts = [part.read_bytes() for part in merged.parts]
    path.write_bytes(merge_parts(parts, merged.furniture.read_bytes(), share_fonts=False))
    return path


@pytest.mark.pdf
def test_one_font_program_per_face(merged: Merged, unshared: Path) -> None:
    with pikepdf.open(unshared) as before, pikepdf.open(merged.path) as after:
        programs_before, programs_after = _programs(before), _programs(after)
        fonts_before, fonts_after = len(_fonts(before)), len(_fonts(after))
        for font in _fonts(after):
            assert "/CIDSet" not in font.DescendantFonts[0].FontDescriptor
    assert set(programs_after) == set(programs_before) and len(programs_before) >= 2
    assert all(len(programs) == 1 for programs in programs_after.values())
    assert sum(len(programs) for programs in programs_before.values()) >= 3 * len(programs_before) - 1
    # the parts' fonts of a face are one wherever their widths agree (here: everywhere), the furniture's too
    assert fonts_after == len(programs_after) < fonts_before
    fonts = subprocess.run(["pdffonts", str(merged.path)], capture_output=True, text=True, check=True).stdout
    assert len(fonts.splitlines()) - 2 == fonts_after


@pytest.mark.pdf
def test_a_glyph_only_a_later_part_draws_is_shared_and_renders(merged: Merged, unshared: Path, tmp_path: Path) -> None:
    glyphs: list[dict[str, set[int]]] = []
    texts: list[dict[str, dict[int, bytes] | None]] = []
    for part in merged.parts:
        with pikepdf.open(part) as pdf:
            glyphs.append({str(font.BaseFont): set(_widths(font)) for font in _fonts(pdf)})
            texts.append({str(font.BaseFont): merge_resources._to_unicode(font.ToUnicode) for font in _fonts(pdf)})
    index, name, glyph = next(
        (index, name, min(only))
        for index in (1, 2)
        for name, used in glyphs[index].items()
        if (only := used - set().union(*(other.get(name, set()) for other in glyphs if other is not glyphs[index])))
    )
    with pikepdf.open(merged.path) as pdf:
        [program] = _programs(pdf)[name]
        font = TTFont(io.BytesIO(pdf.get_object(program).read_bytes()))
        glyph_set = font.getGlyphSet()
        pen = BoundsPen(glyph_set)
        glyph_set[font.getGlyphName(glyph)].draw(pen)
        assert pen.bounds is not None  # drawn, in the program the first part's pages use too
        [merged_font] = [font for font in _fonts(pdf) if str(font.BaseFont) == name]
        assert glyph in _widths(merged_font)
        text = merge_resources._to_unicode(merged_font.ToUnicode)
        assert text is not None and text[glyph] == texts[index][name][glyph]  # type: ignore[index]
    assert pdftotext(merged.path, "-layout") == pdftotext(unshared, "-layout")
    assert _pixels(merged.path, tmp_path) == _pixels(unshared, tmp_path)


@pytest.mark.pdf
def test_sharing_fonts_makes_the_merged_pdf_smaller(merged: Merged, unshared: Path) -> None:
    def program_bytes(path: Path) -> int:
        with pikepdf.open(path) as pdf:
            return sum(len(pdf.get_object(objgen).read_raw_bytes()) for p in _programs(pdf).values() for objgen in p)

    before, after = program_bytes(unshared), program_bytes(merged.path)
    assert after < before / 2  # three parts: about a third
    assert merged.path.stat().st_size < unshared.stat().st_size - (before - after) * 0.9


@pytest.mark.pdf
def test_fonts_whose_widths_disagree_stay_apart_on_the_shared_program(merged: Merged, tmp_path: Path) -> None:
    """WeasyPrint rounds a glyph's width at the size it first draws it: parts can differ by a unit, and the text
    after a glyph whose width changed would move. Such fonts stay apart; their program is still one."""
    parts = [part.read_bytes() for part in merged.parts]
    with pikepdf.open(io.BytesIO(parts[0])) as first:
        widths = {str(font.BaseFont): _widths(font) for font in _fonts(first)}
    with pikepdf.open(io.BytesIO(parts[1])) as second:
        font = next(font for font in _fonts(second) if set(_widths(font)) & set(widths.get(str(font.BaseFont), {})))
        name = str(font.BaseFont)
        glyph = min(set(_widths(font)) & set(widths[name]))
        array = font.DescendantFonts[0].W
        for i in range(0, len(array), 2):
            if int(array[i]) <= glyph < int(array[i]) + len(array[i + 1]):
                array[i + 1][glyph - int(array[i])] = widths[name][glyph] + 1
        out = io.BytesIO()
        second.save(out)
        parts[1] = out.getvalue()
    shared, unshared = tmp_path / "shared.pdf", tmp_path / "unshared.pdf"
    shared.write_bytes(merge_parts(parts))
    unshared.write_bytes(merge_parts(parts, share_fonts=False))
    with pikepdf.open(shared) as pdf:
        assert len(_programs(pdf)[name]) == 1
        assert sorted(_widths(font)[glyph] for font in _fonts(pdf) if str(font.BaseFont) == name) == [
            widths[name][glyph],
            widths[name][glyph] + 1,
        ]
    assert pdftotext(shared, "-layout") == pdftotext(unshared, "-layout")
    assert _pixels(shared, tmp_path) == _pixels(unshared, tmp_path)
    assert _findings(shared, "3a") == [] and _findings(shared, "ua1") == []


def test_cid_widths_are_read_in_both_forms() -> None:
    assert merge_resources._widths(pikepdf.Array([2, [500, 600], 10, 12, 250])) == {
        2: 500,
        3: 600,
        10: 250,
        11: 250,
        12: 250,
    }
    assert merge_resources._widths(pikepdf.Array([7, [Decimal("562.5")]])) == {7: Decimal("562.5")}
    assert merge_resources._widths(pikepdf.Array([])) == {}
    for broken in ([2], [2, [1, [2]]], [[1], 2], [2, 3]):
        assert merge_resources._widths(pikepdf.Array(broken)) is None


def _test_font(drawn: dict[str, int], cff: bool) -> bytes:
    """A font of glyphs .notdef, A, B and space, as harfbuzz-subset leaves one with retained glyph ids: the glyphs not
    in ``drawn`` (name -> where its box starts; the space has no outline, only an advance) are empty."""
    names = [".notdef", "A", "B", "space"]
    advances = {name: (250 if name == "space" else 600) if name in drawn else 0 for name in names}
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({0x41: "A", 0x42: "B", 0x1F600: "B", 0x20: "space"})
    outlines: dict[str, Any] = {}
    for name in names:
        pen: Any = T2CharStringPen(advances[name], None) if cff else TTGlyphPen(None)
        if name in drawn and name != "space":
            x = drawn[name]
            pen.moveTo((x, 0))
            pen.lineTo((x, 100))
            pen.lineTo((x + 50, 100))
            pen.closePath()
        outlines[name] = (
            (pen.getCharString() if name in drawn else T2CharString(program=["endchar"])) if cff else pen.glyph()
        )
    if cff:
        builder.setupCFF("Test-Regular", {"FullName": "Test"}, outlines, {"defaultWidthX": 0, "nominalWidthX": 0})
    else:
        builder.setupGlyf(outlines)
    builder.setupHorizontalMetrics({name: (advances[name], drawn.get(name, 0)) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    builder.setupOS2(xAvgCharWidth=500)  # the original font's, as in any subset of it
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


@pytest.mark.parametrize("cff", [True, False], ids=["CFF", "TrueType"])
def test_subset_programs_unite_into_one_with_every_glyph(cff: bool) -> None:
    data = font_union.union_program([_test_font({"A": 10}, cff), _test_font({"B": 20, "space": 0}, cff)])
    united = TTFont(io.BytesIO(data), checkChecksums=2)  # raises for a table checksum that is wrong
    assert sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF == 0xB1B0AFBA  # and the whole font's
    for tag in sorted(united.reader.tables):
        united[tag].compile(united)  # every table reads (and writes)
    glyph_set = united.getGlyphSet()
    bounds = {}
    for name in (".notdef", "A", "B"):
        pen = BoundsPen(glyph_set)
        glyph_set[name].draw(pen)
        bounds[name] = pen.bounds
    assert bounds[".notdef"] is None and bounds["A"] is not None and bounds["B"] is not None
    assert [united["hmtx"][name] for name in ("A", "B", "space")] == [(600, 10), (600, 20), (250, 0)]
    assert united.getBestCmap() == {0x20: "space", 0x41: "A", 0x42: "B", 0x1F600: "B"}
    assert united["maxp"].numGlyphs == 4


@pytest.mark.parametrize("cff", [True, False], ids=["CFF", "TrueType"])
def test_programs_that_draw_a_glyph_differently_are_not_united(cff: bool) -> None:
    with pytest.raises(font_union.Unmergeable, match="glyph 1 differs"):
        font_union.union_program([_test_font({"A": 10}, cff), _test_font({"A": 30}, cff)])
