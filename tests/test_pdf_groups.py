"""PDFs laid out in page groups (reportgen.render.chunks): the same document as laid out whole, the same bytes
from the cache or not, and an edit that lays out only what it changed."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import EXAMPLE, copy_example, pdftotext, replace_once

from reportgen.build.orchestrator import edition_outputs
from reportgen.checks.validate import validate
from reportgen.render import chunks, stylesheet_memo
from reportgen.render.chunks import GroupResult, GroupTask, forked_runner, render_pdfs
from reportgen.render.group_cache import GroupCache
from reportgen.render.page_groups import split_page_groups
from reportgen.render.pdf import PdfJob, lay_out_document, render_pdf
from reportgen.render.theme import Theme

pytestmark = pytest.mark.pdf


def _jobs(folder: Path, *editions: str) -> list[PdfJob]:
    validated = validate(folder)
    theme = Theme.with_overrides(None)
    return [edition_outputs(validated, edition, theme)[1] for edition in editions]


class Counting:
    """A runner that lays out in forked workers and remembers what it was given."""

    def __init__(self) -> None:
        self.tasks: list[GroupTask] = []
        self._run = forked_runner()

    def __call__(self, tasks: list[GroupTask]) -> list[GroupResult]:
        self.tasks.extend(tasks)
        return self._run(tasks)

    def kinds(self) -> list[str]:
        return [task.kind for task in self.tasks]


def _pages(pdf: Path) -> list[str]:
    return pdftotext(pdf, "-layout").split("\f")


@pytest.fixture(scope="module")
def public_job() -> PdfJob:
    [job] = _jobs(EXAMPLE, "public")
    return job


@pytest.fixture(scope="module")
def grouped_and_whole(public_job: PdfJob, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("groups")
    grouped, whole = folder / "grouped.pdf", folder / "whole.pdf"
    grouped.write_bytes(render_pdf(public_job))
    whole.write_bytes(lay_out_document(public_job.html, public_job).pdf)
    return grouped, whole


def test_the_example_is_laid_out_in_page_groups(public_job: PdfJob) -> None:
    groups = split_page_groups(public_job.html)
    assert len(groups) == 17  # cover and contents, then one group per chapter
    assert "cover" in groups[0].anchors and "contents" in groups[0].anchors
    assert {"main", "foreword"} <= groups[1].anchors


def test_groups_give_the_pages_of_the_whole_document(grouped_and_whole: tuple[Path, Path]) -> None:
    """Every page reads the same, running heads, contents' page numbers and "Page N of M" included."""
    grouped, whole = grouped_and_whole
    assert _pages(grouped) == _pages(whole)


def test_the_contents_give_the_page_each_chapter_starts_on(grouped_and_whole: tuple[Path, Path]) -> None:
    pages = _pages(grouped_and_whole[0])
    entries = re.findall(r"^(\S.*?)\s?(?:\. )+\.?\s*(\d+)$", pages[1], flags=re.MULTILINE)
    assert len(entries) == 16
    for title, number in entries:
        page = pages[int(number) - 1]
        assert re.search(rf"^\s*{re.escape(title.strip())}\s*$", page, flags=re.MULTILINE), (title, number)
    assert ("Decisions", "37") in [(t.strip(), n) for t, n in entries]


def test_links_outline_and_footers_span_the_groups(grouped_and_whole: tuple[Path, Path]) -> None:
    import pikepdf

    with pikepdf.open(grouped_and_whole[0]) as pdf, pikepdf.open(grouped_and_whole[1]) as whole:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def destinations(document: pikepdf.Pdf, numbered: dict[tuple[int, int], int]) -> dict[str, int]:
            names = pikepdf.NameTree(document.Root.Names.Dests)
            return {str(name): numbered[target[0].objgen] for name, target in names.items()}

        whole_pages = {page.objgen: index for index, page in enumerate(whole.pages)}
        assert destinations(pdf, pages) == destinations(whole, whole_pages)
        with pdf.open_outline() as outline, whole.open_outline() as expected:
            assert [item.title for item in outline.root] == [item.title for item in expected.root]
        # a link on the contents page to a chapter in another group is kept, as a named destination
        links = [annot for annot in pdf.pages[1].Annots if annot.get("/Subtype") == "/Link"]
        assert {str(link.Dest) for link in links if "/Dest" in link} >= {"decisions", "red-lines"}
    assert "Page 86 of 86" in _pages(grouped_and_whole[0])[85]


def test_cached_and_uncached_layouts_give_the_same_bytes(public_job: PdfJob, tmp_path: Path) -> None:
    uncached = render_pdf(public_job)
    store = GroupCache(tmp_path / "cache")
    first = Counting()
    assert render_pdfs([public_job], first, store) == [uncached]
    # the cover and contents and the disclosure index print page numbers: laid out first with placeholders
    assert first.kinds() == ["group"] * 19 + ["furniture"]
    again = Counting()
    assert render_pdfs([public_job], again, store) == [uncached]
    assert again.tasks == []  # everything from the cache
    # a damaged entry is laid out again, never used
    for entry in (tmp_path / "cache").glob("*.pdf"):
        entry.write_bytes(entry.read_bytes()[:-10])
    repaired = Counting()
    assert render_pdfs([public_job], repaired, store) == [uncached]
    # each group once: the page numbers of the last layout are right the first time
    assert repaired.kinds() == ["group"] * 17 + ["furniture"]


def test_an_edit_lays_out_only_the_groups_it_changed(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    [before] = _jobs(folder, "public")
    store = GroupCache(tmp_path / "cache")
    render_pdfs([before], forked_runner(), store)
    # the same edit as benchmarks/bench_pdf.py's: a few words of one decision's rationale
    replace_once(
        folder / "decisions" / "D-2026-001.yaml", "adopted its work programme", "adopted its programme of work"
    )
    [after] = _jobs(folder, "public")
    counting = Counting()
    [pdf] = render_pdfs([after], counting, store)
    groups = [group.html for group in split_page_groups(after.html)]
    laid_out = [groups.index(task.html) for task in counting.tasks]
    # the decisions chapter; the provenance appendix (the file's new digest); the cover and contents, which
    # carry the input data as attachments; each once, the page numbers being those of the last layout
    assert sorted(laid_out) == [0, 7, 13]
    assert "programme of work" in groups[7] and "programme of work" not in groups[0] + groups[13]
    assert pdf == render_pdf(after)


def test_editions_share_the_groups_they_have_in_common() -> None:
    jobs = _jobs(EXAMPLE, "public", "regulator", "internal")
    counting = Counting()
    pdfs = render_pdfs(jobs, counting)
    groups = sum(len(split_page_groups(job.html)) for job in jobs)
    laid_out = counting.kinds().count("group")
    assert laid_out < groups - 6  # at least six chapters read the same in all three editions
    assert pdfs[0] == render_pdf(jobs[0])


def test_the_stylesheet_memo_gives_the_same_bytes(public_job: PdfJob, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    import weasyprint.css

    plan = chunks._Plan(public_job, "report.pdf", split_page_groups(public_job.html))
    task = plan.task(11)
    stylesheet_memo.apply()
    memoised = [chunks.lay_out_group(task).pdf for _ in range(2)]  # the second from the memo
    monkeypatch.setattr(weasyprint.css, "CSS", weasyprint.CSS)
    assert memoised == [chunks.lay_out_group(task).pdf] * 2


def test_a_document_without_page_groups_is_laid_out_whole(tmp_path: Path) -> None:
    [job] = _jobs(EXAMPLE, "public")
    html = job.html.replace("<!-- reportgen:page-group -->", "")
    counting = Counting()
    [pdf] = render_pdfs([replace(job, html=html)], counting)
    assert counting.kinds() == ["whole"]
    assert pdf == lay_out_document(html, job).pdf


def test_the_paged_preview_lays_out_again_only_what_an_edit_changed(
    public_job: PdfJob, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve --pdf`` (issue: a one-line edit meant a full PDF layout): its layouts share a cache."""
    import threading

    from reportgen.authoring.preview_layout import Layout
    from reportgen.render import workers

    counting = Counting()
    monkeypatch.setattr(workers, "forked_runner", lambda *args: counting)
    done = threading.Event()
    layout = Layout(done.set)
    try:
        layout.submit(public_job)
        assert done.wait(600) and layout.state.pages == 86, layout.state.error
        first = len(counting.tasks)
        done.clear()
        edited = public_job.html.replace("adopted its work programme", "adopted its programme of work", 1)
        assert edited != public_job.html
        layout.submit(replace(public_job, html=edited))
        assert done.wait(600) and layout.state.pages == 86, layout.state.error
        again = counting.tasks[first:]
        # the decisions chapter only (here the attachments did not change: the edit is in the HTML alone)
        assert [("programme of work" in task.html) for task in again] == [True]
    finally:
        layout.close()


def test_marks_where_the_layout_does_not_break_the_page_give_a_whole_layout(public_job: PdfJob) -> None:
    """A theme whose chapters run on from the page before: laid out alone they would each start a page, so the
    document is laid out whole (the pages the theme asks for), not from its groups."""
    body = "".join(
        f"<!-- reportgen:page-group --><section><h2>Part {n}</h2><p>Text {n}.</p></section>" for n in range(3)
    )
    html = f"<html><head><style>@page {{ size: A6 }}</style></head><body>{body}</body></html>"
    job = replace(public_job, html=html, attachments=())
    counting = Counting()
    [pdf] = render_pdfs([job], counting)
    assert counting.kinds() == ["group"] * 3 + ["whole"]
    assert pdf == lay_out_document(html, job).pdf
