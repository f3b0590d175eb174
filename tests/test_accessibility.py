"""The HTML editions pass axe-core in headless Chromium with every rule of WCAG 2.2 AA and axe's best
practices, at a phone's and a desktop's width and in dark mode; the keyboard focus ring stands out; charts
fit the viewport; forced colours leave the charts legible."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
F = TypeVar("F", bound=Callable[..., None])


def needs_chromium(test: F) -> F:
    """Marks a test ``browser`` and skips it when Debian's chromium is missing."""
    no_chromium = not CHROMIUM.exists()
    skip = pytest.mark.skipif(no_chromium, reason="Debian chromium is not installed (apt-get install chromium)")
    return skip(pytest.mark.browser(test))  # type: ignore[no-any-return]


@contextmanager
def browser_page(width: int, **media: str) -> Iterator[Any]:
    """A Chromium page ``width`` CSS pixels wide, with ``media`` emulated (color_scheme, forced_colors)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            if media:
                page.emulate_media(**media)
            yield page
        finally:
            browser.close()


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS ``rgb(r, g, b)`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("name", "width", "scheme"),
    [
        ("report.html", 1280, "light"),
        ("report.html", 375, "light"),
        ("report-internal.html", 1280, "light"),
        ("report-internal.html", 375, "light"),
        ("report.html", 1280, "dark"),
    ],
)
@needs_chromium
def test_axe_finds_no_violation(example_html: Path, name: str, width: int, scheme: str) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    with browser_page(width, color_scheme=scheme) as page:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto((example_html / name).as_uri())
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
        violations = axe_module.Axe().run(page, options=options).response["violations"]
    found = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations]
    assert found == []
    # nothing but the file itself was loaded: the HTML is self-contained
    assert [r for r in requests if not r.startswith("file://")] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@needs_chromium
def test_the_focus_ring_has_three_to_one_contrast_with_the_page(example_html: Path, scheme: str) -> None:
    """WCAG 2.4.13: the focus indicator, 3 px wide, contrasts at least 3:1 with the page around it."""
    with browser_page(1280, color_scheme=scheme) as page:
        page.goto((example_html / "report.html").as_uri())
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the first link of the contents
        ring = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement, null);
                       return [s.outlineStyle, s.outlineWidth, s.outlineColor,
                               getComputedStyle(document.documentElement).backgroundColor,
                               document.activeElement.closest('.contents') !== null]; }"""
        )
    style, width, colour, background, in_contents = ring
    assert in_contents
    assert (style, width) == ("solid", "3px")
    assert contrast(colour, background) >= 3.0, (colour, background)


@pytest.mark.parametrize("width", [375, 1280])
@needs_chromium
def test_the_charts_fit_the_viewport(example_html: Path, width: int) -> None:
    """Each chart is drawn whole inside the viewport (no horizontal scrolling, nothing cut off) and, on a
    wide screen, at no more than 1.2 times its drawn size."""
    with browser_page(width) as page:
        page.goto((example_html / "report.html").as_uri())
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('svg.chart')].map(svg => {
                 const box = svg.getBoundingClientRect(), canvas = svg.parentElement;
                 return [box.left, box.right, svg.viewBox.baseVal.width, canvas.scrollWidth - canvas.clientWidth]; })"""
        )
        page_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert len(boxes) == 3
    for left, right, drawn, overflow in boxes:
        assert left >= 0 and right <= width and overflow == 0
        assert right - left <= drawn * 1.2 + 0.5
    assert page_overflow == 0


@needs_chromium
def test_forced_colours_leave_the_chart_labels_legible(example_html: Path) -> None:
    """In forced colours the system paints HTML backgrounds (often black) but not SVG text: the chart card
    keeps its own white, so its dark labels keep their contrast."""
    with browser_page(1280, forced_colors="active", color_scheme="dark") as page:
        page.goto((example_html / "report.html").as_uri())
        pairs = page.evaluate(
            """() => [...document.querySelectorAll('.chart-canvas')].map(canvas =>
                 [getComputedStyle(canvas).backgroundColor,
                  getComputedStyle(canvas.querySelector('svg.chart text')).fill]) """
        )
    assert len(pairs) == 3
    for background, fill in pairs:
        assert contrast(background, fill) >= 4.5, (background, fill)


def test_the_html_needs_no_script_to_read(example_html: Path) -> None:
    html = (example_html / "report.html").read_text(encoding="utf-8")
    body = html.split("<body", 1)[1]
    assert "<script" not in body.replace('<script type="application/json" id="reportgen-data">', "")
