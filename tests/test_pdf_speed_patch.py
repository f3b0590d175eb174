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


def _tagged_pdf(html: str) -> bytes:
    data = weasyprint.HTML(string=html).write_pdf(pdf_identifier=b"reportgen-test", pdf_tags=True)
    assert isinstance(data, bytes)
    return data


@pytest.mark.pdf
def test_cached_page_references_give_the_same_tagged_bytes(unpatched: None) -> None:
    """Tagging reads pydyf's page list once per structure element; the cached list is the same list."""
    import pydyf

    rows = "".join(f"<tr><th>D-{n}</th><td>{_text(80, n)}</td></tr>" for n in range(120))
    items = "".join(f"<li><a href='#h{n % 5}'>{_text(40, n)}</a></li>" for n in range(60))
    headings = "".join(
        f"<h2 id='h{n}' style='break-before: page'>Part {n}</h2><p>{_text(300, n)}</p>" for n in range(5)
    )
    body = f"<ul>{items}</ul>{headings}<table>{rows}</table>"
    html = f"<!DOCTYPE html><html lang='en'><head><title>t</title></head><body>{body}</body></html>"
    original = pydyf.PDF.page_references.fget
    reads = 0

    def counting(pdf: object) -> tuple[bytes, ...]:
        nonlocal reads
        reads += 1
        return original(pdf)  # type: ignore[no-any-return]

    def render(getter: property) -> tuple[bytes, int]:
        nonlocal reads
        reads, saved = 0, pydyf.PDF.page_references
        pydyf.PDF.page_references = getter
        try:
            return _tagged_pdf(html), reads
        finally:
            pydyf.PDF.page_references = saved

    assert not weasyprint_patch.page_references_cached()
    plain, plain_reads = render(property(counting))
    assert weasyprint_patch.apply()
    assert weasyprint_patch.page_references_cached()
    patched, patched_reads = render(weasyprint_patch._cached_page_references(counting))
    assert patched == plain
    assert plain_reads > 300  # once per structure element
    assert 0 < patched_reads <= 2  # once for the finished page list (and once more if a page came later)
    weasyprint_patch.remove()
    assert not weasyprint_patch.page_references_cached()


def test_page_references_left_alone_for_another_pydyf(unpatched: None, monkeypatch: pytest.MonkeyPatch) -> None:
    import pydyf

    monkeypatch.setattr(pydyf, "__version__", "0.14.0")
    assert weasyprint_patch.apply()  # the line patch still applies: it is WeasyPrint's
    assert not weasyprint_patch.page_references_cached()


def _cascade_document() -> str:
    """Elements that match the same rules many times over, and what makes a cascade differ: style
    attributes, presentational hints, pseudo-elements, !important, layers, structural selectors,
    inheritance from differently styled parents."""
    rows = "".join(
        f"<tr><td>{n}</td><td align='right'>{_text(30, n)}</td><td style='color: #{n % 9}{n % 7}0'>x</td></tr>"
        for n in range(40)
    )
    paragraphs = "".join(
        f"<p class='{'lead' if n % 5 == 0 else 'body'}'>{_text(90, n)} <em>{n}</em></p>" for n in range(60)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>
      @layer base, theme;
      @layer base {{ p {{ color: #333; margin: 0 0 2pt }} td {{ padding: 1pt }} }}
      @layer theme {{ .lead {{ font-weight: bold }} }}
      body {{ font-family: "DejaVu Sans", sans-serif; font-size: 8pt }}
      p::before {{ content: "¶ " }}
      .lead::after {{ content: " ←" !important; color: red }}
      tr:nth-child(odd) td {{ background: #eee }}
      td:first-child {{ font-weight: bold !important }}
      section.alt p {{ font-style: italic }}
      li::marker {{ color: blue }}
      h2 {{ bookmark-level: 1; string-set: chapter content(text) }}
    </style></head><body>
      <h2>One</h2><table>{rows}</table>{paragraphs}
      <section class="alt"><h2>Two</h2>{paragraphs}<ul><li>a</li><li>b</li><li style="color: green">c</li></ul>
      <font color="red">hint</font></section>
    </body></html>"""


@pytest.mark.pdf
def test_cascade_memo_gives_the_same_tagged_bytes(unpatched: None) -> None:
    from weasyprint.css import StyleFor

    from reportgen.render import weasyprint_cascade

    html = _cascade_document()
    original = StyleFor.__init__
    plain = _tagged_pdf(html)
    assert weasyprint_cascade.apply()
    assert weasyprint_cascade.is_applied()
    memoised = _tagged_pdf(html)
    assert memoised == plain
    weasyprint_cascade.remove()
    assert StyleFor.__init__ is original


def test_cascade_memo_only_for_70_0_source(unpatched: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.css import StyleFor

    from reportgen.render import weasyprint_cascade

    def __init__(self: object) -> None:  # same name, other source
        pass

    assert weasyprint_cascade.patched_init(__init__) is None
    assert weasyprint_cascade.patched_init(StyleFor.__init__) is not None
    monkeypatch.setattr(weasyprint, "__version__", "70.1")
    assert not weasyprint_patch.apply()
    assert not weasyprint_cascade.is_applied()
