"""``reportgen serve --pdf``: the paged preview. The edition's PDF, laid out as ``build`` lays it out, is
embedded in the page and served at ``/report.pdf``, with its page count and the time of the last layout
on the strip; a save lays it out again in a worker while the server keeps answering.

The server runs in this process on a free port of 127.0.0.1, watching a copy of the small base report;
every wait is bounded. The browser test reads what headless Chromium's own PDF viewer shows (the
document's title, the page it is on, the page count), before and after a save.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import CHROMIUM, CHROMIUM_ARGS
from pypdf import PdfReader

from reportgen.authoring.preview import Preview
from reportgen.authoring.preview_layout import Paged
from reportgen.authoring.preview_pages import paged_status
from reportgen.authoring.serve import running_preview
from reportgen.cli.main import cli

BASE = Path(__file__).resolve().parent / "corpus" / "base"
LAYOUT_SECONDS = 180  # a first layout of the base report takes seconds; a loaded CI machine, more


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_for_pdf(port: int, unlike: str = "", timeout: float = LAYOUT_SECONDS) -> bytes:
    """The served PDF once there is one (whose digest is not ``unlike``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, _, body = get(port, "/report.pdf")
        if status == 200 and hashlib.sha256(body).hexdigest() != unlike:
            return body
        assert status in (200, 503), status
        time.sleep(0.25)
    raise AssertionError(f"no {'new ' if unlike else ''}PDF within {timeout} s")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BASE, tmp_path / "report"))


@pytest.mark.pdf
def test_the_paged_preview_serves_the_pdf_and_lays_it_out_again_after_a_save(report: Path) -> None:
    said: list[str] = []
    with running_preview(report, 0, edition="public", pdf=True, say=said.append) as server:
        port = server.port
        assert server.server_address[0] == "127.0.0.1"
        pdf = wait_for_pdf(port)
        assert pdf.startswith(b"%PDF-")
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        status, headers, body = get(port, "/")
        page = body.decode("utf-8")
        assert status == 200
        assert "frame-src 'self'" in headers["Content-Security-Policy"]
        digest = hashlib.sha256(pdf).hexdigest()
        assert f'src="/report.pdf?v={digest[:16]}#view=FitH"' in page
        strip = re.search(r'<div role="status"[^>]*>([^<]*)', page)
        assert strip is not None
        assert re.fullmatch(
            rf"Paged preview of the public edition, laid out as reportgen build lays out its PDF: {pages} pages, "
            r"laid out at \d\d:\d\d:\d\d \(in \d+\.\d s\)\.",
            strip.group(1),
        ), strip.group(1)
        assert get(port, "/report.pdf")[1]["Content-Security-Policy"] == "frame-ancestors 'self'"

        version = json.loads(get(port, "/version")[2])["version"]
        decision = report / "decisions" / "D-2.yaml"
        decision.write_text(
            decision.read_text().replace(
                "rationale: The safeguards required by the cyber red line are verified.",
                "rationale: >-\n      " + "The safeguards required by the cyber red line are verified. " * 120,
            )
        )
        started = time.monotonic()
        while json.loads(get(port, "/version")[2])["version"] == version:  # the save is seen, the text rebuilt
            assert time.monotonic() - started < 30, "the save was not seen"
            time.sleep(0.1)
        asked = time.monotonic()  # the server answers while the worker lays the pages out
        assert get(port, "/version")[0] == 200 and time.monotonic() - asked < 2
        again = wait_for_pdf(port, unlike=digest)
        assert again.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(again)).pages) > pages
        page = get(port, "/")[2].decode("utf-8")
        assert f"report.pdf?v={hashlib.sha256(again).hexdigest()[:16]}" in page
    assert said[0].startswith("rebuilt in ") and said[0].endswith("; laying out the pages")


def viewer_state(page: Any) -> tuple[str, str, str] | None:
    """What Chromium's PDF viewer in the preview shows: (document title, current page, page count), or
    None while there is no laid-out PDF in it (the viewer is a frame of its own inside the iframe)."""
    for frame in page.frames:
        if frame.url.startswith("chrome-extension://") and not frame.is_detached():
            try:
                title = frame.evaluate("document.title")
                current = frame.locator("#pageSelector").input_value(timeout=1_000)
                total = frame.locator("#pagelength").inner_text(timeout=1_000)
            except Exception:  # the page reloaded under us: ask again
                return None
            return title, current, total
    return None


def wait_for_viewer(page: Any, wanted: Callable[[tuple[str, str, str]], bool], timeout: float) -> tuple[str, str, str]:
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = viewer_state(page)
        if state is not None and wanted(state):
            return state
        page.wait_for_timeout(250)  # not time.sleep: playwright sees the page reload only while it is called
    raise AssertionError(f"the PDF viewer shows {state} after {timeout} s")


@pytest.mark.pdf
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (apt install chromium)")
def test_the_paged_preview_shows_page_1_in_the_browser_and_follows_an_edit(report: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright: pip install -e '.[test]'")
    preview = running_preview(report, 0, edition="public", pdf=True, say=lambda _: None)
    with preview as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.port}/", timeout=10_000)
            strip = page.get_by_role("status")
            sync_api.expect(strip).to_contain_text(
                re.compile(r": \d+ pages, laid out at"), timeout=LAYOUT_SECONDS * 1000
            )
            pages = re.search(r": (\d+) pages", strip.inner_text())
            assert pages is not None
            # the viewer fills in the page count before the document's title: wait for both
            shown = wait_for_viewer(page, lambda state: state[2] == pages.group(1) and bool(state[0]), timeout=30)
            assert shown == ("Annual Transparency Report 2026 · Public edition", "1", pages.group(1))

            report_file = report / "report.yaml"
            report_file.write_text(
                report_file.read_text().replace(
                    "  title: Annual Transparency Report 2026\n",
                    "  title: Annual Transparency Report 2026, revised\n",
                )
            )
            decision = report / "decisions" / "D-2.yaml"
            decision.write_text(
                decision.read_text().replace(
                    "rationale: The safeguards required by the cyber red line are verified.",
                    "rationale: >-\n      " + "The safeguards required by the cyber red line are verified. " * 120,
                )
            )
            revised = "Annual Transparency Report 2026, revised · Public edition"
            shown = wait_for_viewer(page, lambda state: state[0] == revised, timeout=LAYOUT_SECONDS)
            assert shown[1] == "1" and int(shown[2]) > int(pages.group(1))  # the new pages, from the first
            sync_api.expect(strip).to_contain_text(f": {shown[2]} pages, laid out at", timeout=5_000)
        finally:
            browser.close()


def test_the_screen_preview_stays_the_default_and_serves_no_pdf(report: Path) -> None:
    preview = Preview(report, None)
    assert preview.layout is None
    with running_preview(report, 0) as server:
        status, headers, body = get(server.port, "/")
        assert status == 200 and b"Annual Transparency Report 2026" in body
        assert "frame-src" not in headers["Content-Security-Policy"]
        assert get(server.port, "/report.pdf")[0] == 404


def test_the_strip_says_how_the_layout_stands() -> None:
    start = "Paged preview of the internal edition, laid out as reportgen build lays out its PDF"
    assert paged_status("internal", Paged(busy=True)) == f"{start}. Laying out the pages..."
    done = Paged(b"%PDF", 12, "14:03:07", 4.25)
    assert paged_status("internal", done) == f"{start}: 12 pages, laid out at 14:03:07 (in 4.2 s)."
    busy = Paged(b"%PDF", 1, "14:03:07", 4.0, busy=True, error="rendering used more than 120 s of CPU time")
    assert paged_status("internal", busy) == (
        f"{start}: 1 page, laid out at 14:03:07 (in 4.0 s). The last layout failed: rendering used more than "
        "120 s of CPU time. Laying out the latest change..."
    )


def test_serve_has_a_pdf_option() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--pdf" in result.output and "Show the paged layout" in result.output
