"""``reportgen serve``: the live preview rebuilds on a change, shows located errors, and serves nothing else.

The browser test drives the real command (a subprocess, stopped with Ctrl-C) in headless Chromium; the
others run the server in a thread and speak HTTP to it directly.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import BASE, CHROMIUM, CHROMIUM_ARGS, replace_once, reportgen_command

from reportgen.authoring.preview import Preview
from reportgen.authoring.preview_pages import error_page
from reportgen.authoring.preview_server import PreviewServer, open_server
from reportgen.core.errors import Finding, UsageError

TITLE = "Annual Transparency Report 2026"
OLD_DECISION = "title: Red line on cyber offence clarified"
NEW_DECISION = "title: Cyber offence red line restated for evaluators"


def _get(port: int, path: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    """One GET with the path sent exactly as given (no normalisation of ``..``)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.fixture
def report(tmp_path: Path) -> Path:
    root = tmp_path / "report"
    shutil.copytree(BASE, root)
    return root


@pytest.fixture
def in_thread(report: Path) -> Iterator[tuple[Preview, PreviewServer]]:
    """A preview server on a free port, serving in a background thread (no file watcher)."""
    preview = Preview(report, None)
    preview.rebuild()
    server = open_server(preview, 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield preview, server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_error_page_escapes_findings() -> None:
    finding = Finding("decisions/D-1.yaml", 3, 5, "decisions[0].title", "bad <script>alert(1)</script> & more")
    page = error_page("The inputs have 1 error", [finding])
    assert "<script>" not in page
    assert "decisions/D-1.yaml:3:5: decisions[0].title: bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_served_error_page_escapes_and_keeps_the_reload_script(
    report: Path, in_thread: tuple[Preview, PreviewServer]
) -> None:
    preview, server = in_thread
    (report / "extra.yaml").write_text('"<script>alert(1)</script>": 1\n', encoding="utf-8")
    assert preview.rebuild() == "1 error: see the browser"
    status, headers, body = _get(server.port, "/")
    assert status == 200
    assert "extra.yaml:1:1: &lt;script&gt;alert(1)&lt;/script&gt;: unknown section" in body
    assert "<script>alert" not in body
    scripts = re.findall(r'<script nonce="([^"]+)">', body)
    assert len(scripts) == 1 and body.count("<script") == 1
    assert f"script-src 'nonce-{scripts[0]}'" in headers["Content-Security-Policy"]


def test_only_three_paths_are_served(in_thread: tuple[Preview, PreviewServer]) -> None:
    _, server = in_thread
    status, headers, body = _get(server.port, "/")
    assert status == 200 and TITLE in body
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    assert "img-src data:;" in csp  # the embedded logo shows; nothing is fetched from anywhere
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce is not None and f'<script nonce="{nonce.group(1)}">' in body
    for path in ("/etc/passwd", "/../../../etc/passwd", "//etc/passwd", "/report.yaml", "/decisions/", "/index.html"):
        assert _get(server.port, path)[0] == 404, path
    assert _get(server.port, "/", host="attacker.example:80")[0] == 403  # DNS rebinding
    status, _, body = _get(server.port, "/version")
    assert status == 200 and json.loads(body)["version"]


def test_events_answers_when_the_version_changes(in_thread: tuple[Preview, PreviewServer]) -> None:
    preview, server = in_thread
    before = json.loads(_get(server.port, "/version")[2])["version"]
    threading.Timer(0.3, preview.rebuild).start()
    started = time.monotonic()
    after = json.loads(_get(server.port, f"/events?since={before}")[2])["version"]
    assert after != before and time.monotonic() - started < 4


def test_a_port_in_use_is_a_usage_error(in_thread: tuple[Preview, PreviewServer]) -> None:
    preview, server = in_thread
    with pytest.raises(UsageError, match=f"port {server.port} on 127.0.0.1 is in use"):
        open_server(preview, server.port)


class ServeProcess:
    """``reportgen serve FOLDER --port 0`` in a subprocess; its stderr is collected line by line."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            reportgen_command("serve", root, "--port", "0"),
            stderr=subprocess.PIPE,
            text=True,
            # as from a terminal: a shell's background job (a CI script run with &) ignores SIGINT, and a
            # Python started with SIGINT ignored never turns Ctrl-C into KeyboardInterrupt
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if match := re.search(pattern, line):
                    return match
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} on stderr within {timeout} s: {self.lines}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
            raise AssertionError("serve did not stop on Ctrl-C") from None
        finally:
            self._reader.join(timeout=5)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (apt install chromium)")
def test_preview_reloads_on_change_and_shows_errors(report: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright: pip install -e '.[test]'")
    server = ServeProcess(report)
    try:
        port = int(server.wait_for(r"serving .* at http://127\.0\.0\.1:(\d+)/", timeout=30).group(1))
        url = f"http://127.0.0.1:{port}/"
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page()
                console: list[str] = []
                page.on("console", lambda message: console.append(message.text))
                page.goto(url, timeout=10_000)
                body = page.locator("body")
                sync_api.expect(body).to_contain_text(TITLE, timeout=5_000)
                sync_api.expect(body).to_contain_text("Red line on cyber offence clarified", timeout=5_000)

                replace_once(report / "decisions" / "D-1.yaml", OLD_DECISION, NEW_DECISION)
                sync_api.expect(body).to_contain_text("Cyber offence red line restated for evaluators", timeout=8_000)

                replace_once(report / "decisions" / "D-1.yaml", "    rationale:", "    rationalle:")
                sync_api.expect(body).to_contain_text("decisions/D-1.yaml:", timeout=8_000)
                sync_api.expect(body).to_contain_text("unknown field 'rationalle'", timeout=2_000)
                assert TITLE not in body.inner_text()

                replace_once(report / "decisions" / "D-1.yaml", "    rationalle:", "    rationale:")
                sync_api.expect(body).to_contain_text(TITLE, timeout=8_000)
                sync_api.expect(body).to_contain_text("Cyber offence red line restated for evaluators", timeout=2_000)
                assert not [m for m in console if "Content Security Policy" in m], console
            finally:
                browser.close()
        status, _, body_text = _get(port, "/")
        assert status == 200 and TITLE in body_text  # the server outlived the broken inputs
        server.wait_for(r"^\d+ errors?: see the browser$", timeout=2)
        server.wait_for(r"^rebuilt in \d+\.\d\d s", timeout=2)
    finally:
        code = server.stop()
    assert code == 0, server.lines
    assert not [line for line in server.lines if "Traceback" in line], server.lines
    assert server.lines[-1] == "stopped"


def test_the_preview_says_which_edition_it_shows_and_lists_the_warnings(report: Path) -> None:
    meta = report / "report.yaml"
    meta.write_text(meta.read_text().replace("period: 2026-01-01/2026-12-31", "period: 2026-01-01/2026-05-31"))
    page, status = Preview(report, None).render()
    assert status.endswith("(2 warnings)")
    bar = page[page.index("<body") :].split("</div>", 1)[0]
    assert (
        "Preview of the internal edition: it shows everything, withheld content included: it is not what the "
        "public will read." in bar
    )
    assert "<summary" in bar and "2 warnings</summary>" in bar
    assert "meetings.yaml:11:11: meetings[M-2].date: warning: 2026-06-02 is outside the reporting period" in bar
    public, _ = Preview(report, None, "public").render()
    assert "Preview of the public edition: it shows what the public will read." in public
