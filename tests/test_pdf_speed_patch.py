"""reportgen's patch of WeasyPrint 70.0 (``reportgen/render/weasyprint_patch.py``): the min-content width
of break-anywhere text in linear time, with the same PDF bytes as WeasyPrint's own code."""

from __future__ import annotations

import inspect
import resource
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import weasyprint
from weasyprint.layout import preferred
from weasyprint.text import line_break

from reportgen.render import weasyprint_patch
from reportgen.render.pdf import PdfJob, render_pdf
from reportgen.render.theme import default_theme_dir

WORDS = [
    "the",
    "board",
    "approved",
    "a",
    "release",
    "with",
    "conditions",
    "after",
    "evaluators",
    "found",
    "uplift",
    "in",
    "offence",
    "tasks",
]


def _text(length: int, seed: int) -> str:
    words, index = [], seed
    while sum(len(w) + 1 for w in words) < length:
        words.append(WORDS[index % len(WORDS)])
        index = (index * 7 + 3) % 101
    return " ".join(words)


def _document() -> str:
    """Tables whose cells may break anywhere: long prose, long unbroken words, digests, and text that
    tests the patch's edges (grapheme clusters, combining marks, emoji, right-to-left, soft hyphens, a
    cluster longer than the prefix the patch lays out first, so that it falls back to the whole text)."""
    long_word = "Red_line_on_cyber_offence_clarified_after_the_evaluators_asked_which_tasks_count" * 2
    cells = [
        _text(1000, 1),
        f"See {long_word} and https://example.org/" + "very-long-path-segment/" * 8 + "minutes.pdf",
        "e\u0301" * 40 + " " + "👩‍👩‍👧‍👦" * 12 + " 🇬🇧🇫🇷🇩🇪 " + "שלום עולם " * 6 + "Ab\u00adso\u00adlute\u00adly " * 5,
        "x" * 50 + " " + _text(300, 2),
        "a\u0308\u0323" * 30 + " " + "\u0915\u094d\u0937" * 20 + " o" + "\u0301" * 40 + "k",  # a 41-mark cluster
    ]
    changes = [f"<del>{_text(200, n)}</del> <ins>{_text(250, n + 5)}</ins>" for n in range(2)]
    rows = "".join(
        f"<tr><th>D-{n}</th><td>{cell}</td><td>{changes[n] if n < len(changes) else ''}</td></tr>"
        for n, cell in enumerate(cells)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>
      @page {{ size: A5; margin: 12mm }}
      body {{ font-family: "DejaVu Sans", sans-serif; font-size: 8pt }}
      table {{ width: 100%; border-collapse: collapse }}
      td {{ overflow-wrap: anywhere; border: 0.5pt solid #888 }}
      .hash {{ word-break: break-all }}
      .narrow {{ width: 30%; float: left }}
    </style></head><body>
      <table>{rows}</table>
      <table><tr><td class="hash">{"0123456789abcdef" * 8}</td><td lang="de" style="hyphens: auto">
        Donaudampfschifffahrtsgesellschaftskapitän {_text(200, 9)}</td></tr></table>
      <div class="narrow"><p style="overflow-wrap: anywhere">{_text(400, 4)}</p></div>
      <table style="width: auto"><tr><td style="white-space: pre-wrap">{_text(120, 6)}
{_text(120, 7)}</td><td>{"y" * 200}</td></tr></table>
    </body></html>"""


def _pdf(html: str) -> tuple[bytes, float]:
    before = resource.getrusage(resource.RUSAGE_SELF)
    data = weasyprint.HTML(string=html).write_pdf(pdf_identifier=b"reportgen-test")
    after = resource.getrusage(resource.RUSAGE_SELF)
    assert isinstance(data, bytes)
    return data, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.fixture
def unpatched() -> Iterator[None]:
    """WeasyPrint as shipped for the test, and as it was found afterwards."""
    was_applied = weasyprint_patch.is_applied()
    weasyprint_patch.remove()
    yield
    weasyprint_patch.remove()
    if was_applied:
        weasyprint_patch.apply()


@pytest.mark.pdf
def test_pdf_patch_gives_the_same_bytes_faster(unpatched: None) -> None:
    html = _document()
    _pdf("<p>warm up: fonts</p>")
    plain, plain_cpu = _pdf(html)
    assert weasyprint_patch.apply()
    assert weasyprint_patch.is_applied()
    patched, patched_cpu = _pdf(html)
    assert patched == plain
    assert patched_cpu < plain_cpu / 2, (patched_cpu, plain_cpu)  # measured: a quarter
    weasyprint_patch.remove()
    assert preferred.split_first_line is line_break.split_first_line


@pytest.mark.pdf
def test_pdf_worker_applies_the_patch(unpatched: None) -> None:
    theme = default_theme_dir()
    job = PdfJob(
        html="<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><p>Text</p></body></html>",
        theme_dir=theme,
        allowed_roots=(theme,),
        title="t",
        author="a",
        published=date(2026, 1, 1),
        identifier="test",
        attachments=(),
    )
    render_pdf(job)
    assert weasyprint_patch.is_applied()


def test_pdf_patch_only_for_weasyprint_70_0(unpatched: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "70.1")
    assert not weasyprint_patch.apply()
    assert preferred.split_first_line is line_break.split_first_line


def test_pdf_patch_only_for_70_0_source(unpatched: None) -> None:
    def split_first_line() -> None:  # same name, other source
        pass

    assert weasyprint_patch._patched_function(split_first_line) is None
    assert weasyprint_patch._patched_function(line_break.split_first_line) is not None


def test_pdf_patch_is_idempotent_and_leaves_line_layout_alone(unpatched: None) -> None:
    assert weasyprint_patch.apply()
    first = preferred.split_first_line
    assert weasyprint_patch.apply()
    assert preferred.split_first_line is first
    assert line_break.split_first_line is not first  # lines themselves are laid out by WeasyPrint's own code


def test_pdf_patch_is_the_diff_in_the_benchmarks_readme() -> None:
    """benchmarks/README.md carries the change as a diff against 70.0, to send upstream: it must be the
    change that runs."""
    readme = (Path(__file__).resolve().parent.parent / "benchmarks" / "README.md").read_text(encoding="utf-8")
    diff = readme.split("```diff\n", 1)[1].split("```", 1)[0]
    hunk = diff.split("\n@@", 1)[1].split("\n", 1)[1].splitlines()
    before = "".join(line[1:] + "\n" for line in hunk if line[:1] in (" ", "-"))
    after = "".join(line[1:] + "\n" for line in hunk if line[:1] in (" ", "+"))
    source = inspect.getsource(line_break)
    assert source.count(before) == 1
    assert after in source.replace(weasyprint_patch.ORIGINAL, weasyprint_patch.PATCHED)
