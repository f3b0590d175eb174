"""The HTML edition passes axe-core in headless Chromium: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CHROMIUM, CHROMIUM_ARGS


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("name", ["report.html", "report-internal.html"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_serious_or_critical_violation(example_html: Path, name: str, width: int) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto((example_html / name).as_uri())
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            violations = axe_module.Axe().run(page).response["violations"]
        finally:
            browser.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    # nothing but the file itself was loaded: the HTML is self-contained
    assert [r for r in requests if not r.startswith("file://")] == []


def test_the_html_needs_no_script_to_read(example_html: Path) -> None:
    html = (example_html / "report.html").read_text(encoding="utf-8")
    body = html.split("<body", 1)[1]
    assert "<script" not in body.replace('<script type="application/json" id="reportgen-data">', "")
