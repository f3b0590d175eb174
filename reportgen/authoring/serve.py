"""``reportgen serve``: a live preview of one edition (internal by default) on 127.0.0.1 that rebuilds on every change.

The page is rendered in memory (validate + screen HTML, never a file written in the report) and served
at ``/``. A tiny script, injected only here, long-polls ``/events`` and reloads the page when the build
version changes. Invalid inputs or a broken theme show as a readable error page; the server keeps running.

With ``pdf`` (``reportgen serve --pdf``) the page shows the paged layout instead: the edition's PDF, laid
out exactly as ``reportgen build`` lays it out, embedded in the page (and at ``/report.pdf``), with its page
count and the time of the last layout on the strip on top. Layout takes seconds, so it runs in a worker
process (CPU-bounded like a build's) driven by a thread of its own: the server answers meanwhile, the strip
says a newer layout is on its way, and when changes come faster than layouts only the latest is laid out.

Library code here never prints: what the command line shows on its console comes through ``say``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import importlib
import io
import json
import secrets
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import watchfiles
from jinja2 import Environment

from ..build.orchestrator import edition_outputs
from ..checks.validate import Validated, check_report
from ..core.errors import Finding, ReportgenError, UsageError
from ..core.labels import plural
from ..core.limits import DEFAULT_LIMITS
from ..render.pdf import PdfJob
from ..render.theme import Theme
from ..render.workers import PdfTask, run_pdf_tasks

Say = Callable[[str], None]  # one line for the console (the command line prints it on stderr)


def _silent(text: str) -> None:
    """Say nothing (a preview run by a test, or by a program)."""


EDITION_NOTES = {
    "internal": "shows everything, withheld content included: it is not what the public will read",
    "regulator": "shows what the regulator edition shows",
    "public": "shows what the public will read",
}
BAR_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:.45rem 1rem;background:#1d2733;color:#fff;"
    "font:14px/1.45 system-ui,sans-serif"
)
POLL_SECONDS = 25.0  # how long one /events request waits for a new version
RELOAD_SCRIPT = """(function () {
  var version = %s;
  function poll() {
    fetch("/events?since=" + encodeURIComponent(version), {cache: "no-store"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (d) { if (d.version !== version) { location.reload(); } else { poll(); } })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();"""
ERROR_STYLE = """body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}
h1{color:#a40000;font-size:1.5rem}ol{padding-left:1.5rem}li{margin:.4rem 0}
code,pre{font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
li.warning code{color:#6b4e00}.hint{color:#555}"""


def error_page(title: str, findings: list[Finding] | None = None, detail: str = "") -> str:
    """A readable, self-contained page listing located findings (or one message); everything escaped."""
    items = "".join(f'<li class="{f.severity}"><code>{html.escape(f.format())}</code></li>\n' for f in findings or [])
    body = f"<ol>\n{items}</ol>" if items else f"<pre>{html.escape(detail)}</pre>"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)} · reportgen preview</title>\n<style>{ERROR_STYLE}</style>\n</head>\n"
        f'<body>\n<main>\n<h1>{html.escape(title)}</h1>\n{body}\n<p class="hint">Fix it and save: '
        "this page reloads by itself.</p>\n</main>\n</body>\n</html>\n"
    )


@dataclass(frozen=True)
class PreviewTheme(Theme):
    """The theme with one Jinja environment kept between rebuilds, so templates compile once, not every time.

    Jinja recompiles a template whose file changed (``auto_reload``); :meth:`forget` drops the environment
    when a file appears or disappears under a theme folder (a new override must win over the default).
    """

    _cache: dict[str, Environment] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def environment(self) -> Environment:
        if "env" not in self._cache:
            self._cache["env"] = super().environment()
        return self._cache["env"]

    def forget(self) -> None:
        self._cache.clear()


@dataclass(frozen=True)
class Paged:
    """The last PDF laid out, and how the layout stands."""

    pdf: bytes = b""
    pages: int = 0
    laid_out: str = ""  # the time of day the PDF was laid out, e.g. 14:03:07
    seconds: float = 0.0
    busy: bool = False  # a layout of a newer version is running or waiting
    error: str = ""  # why the last layout failed ("" when it did not)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()[:16]


def page_count(pdf: bytes) -> int:
    """How many pages a PDF has."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


class Layout:
    """Lays out PDF jobs one at a time in a worker process, from a thread of its own; the newest job wins.

    ``on_done`` is called (from that thread) after each layout, whether it worked or not.
    """

    def __init__(self, on_done: Callable[[], None], cpu_seconds: float = DEFAULT_LIMITS.render_seconds) -> None:
        self._on_done = on_done
        self._cpu_seconds = cpu_seconds
        self._changed = threading.Condition()
        self._job: PdfJob | None = None
        self._stopping = False
        self._state = Paged()
        self._folder = Path(tempfile.mkdtemp(prefix="reportgen-preview-"))
        self._thread = threading.Thread(target=self._run, name="reportgen-layout", daemon=True)
        self._thread.start()

    @property
    def state(self) -> Paged:
        with self._changed:
            return self._state

    def submit(self, job: PdfJob) -> None:
        """Lay out ``job`` next (a job still waiting is dropped: it is out of date)."""
        with self._changed:
            self._job = job
            self._state = Paged(**{**self._state.__dict__, "busy": True})
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._thread.join(timeout=self._cpu_seconds * 2)
        shutil.rmtree(self._folder, ignore_errors=True)

    def _run(self) -> None:
        with contextlib.suppress(Exception):  # the worker says why when it imports it itself
            importlib.import_module("weasyprint")  # once, here: each worker is forked with it loaded
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._job is not None or self._stopping)
                if self._stopping:
                    return
                job, self._job = self._job, None
            assert job is not None
            started = time.perf_counter()
            target = self._folder / "preview.pdf"
            try:
                run_pdf_tasks([PdfTask(job, target)], self._cpu_seconds, max_parallel=1)
                pdf = target.read_bytes()
                done = Paged(pdf, page_count(pdf), datetime.now().strftime("%H:%M:%S"), time.perf_counter() - started)
            except ReportgenError as exc:
                done = Paged(**{**self._state.__dict__, "error": str(exc)})
            except Exception as exc:  # a reportgen bug: show it on the strip, keep serving
                done = Paged(**{**self._state.__dict__, "error": f"{type(exc).__name__}: {exc}"})
            with self._changed:
                self._state = Paged(**{**done.__dict__, "busy": self._job is not None})
            self._on_done()


class Preview:
    """The current page and its version; :meth:`rebuild` replaces both, :meth:`wait` blocks for a change.

    With ``pdf`` the page shows the paged layout (:class:`Layout`), which bumps the version when it is done.
    """

    def __init__(self, root: Path, templates: Path | None, edition: str = "internal", *, pdf: bool = False) -> None:
        self.root = root
        self.edition = edition
        self.pdf = pdf
        self.theme = PreviewTheme(Theme.with_overrides(templates).folders)
        self._instance = secrets.token_hex(4)  # a restarted server never repeats a version
        self._count = 0
        self._page = ""
        self._warnings: list[Finding] = []
        self._valid = False
        self._changed = threading.Condition()
        self._building = threading.Lock()  # one build at a time, published in the order they ran
        self.layout = Layout(self._laid_out) if pdf else None

    def close(self) -> None:
        """Stop the layout worker, if there is one."""
        if self.layout is not None:
            self.layout.close()

    def _laid_out(self) -> None:
        with self._changed:
            self._count += 1
            self._changed.notify_all()

    def paged(self) -> Paged:
        return self.layout.state if self.layout is not None else Paged()

    @property
    def version(self) -> str:
        return f"{self._instance}-{self._count}"

    def render(self) -> tuple[str, str]:
        """Validate and render the screen HTML; ``(page, one-line status)``. Never raises a user error."""
        started = time.perf_counter()
        try:
            report, inputs, findings = check_report(self.root, DEFAULT_LIMITS)
            if report is None:
                errors = sum(1 for f in findings if f.severity == "error")
                title = f"The inputs have {plural(errors, 'error')}"
                return error_page(title, findings), f"{plural(errors, 'error')}: see the browser"
            warnings = [f for f in findings if f.severity == "warning"]
            page, job, _ = edition_outputs(Validated(report, inputs, warnings), self.edition, self.theme)
            self._warnings = warnings
            if self.layout is not None:
                self.layout.submit(job)
        except ReportgenError as exc:
            return error_page("The report could not be built", detail=exc.render()), "build failed: see the browser"
        except Exception as exc:  # a theme or reportgen bug: show it, keep serving
            detail = "".join(traceback.format_exception(exc)[-3:])  # the innermost frames: a template line
            return error_page("Rendering failed", detail=detail), "rendering failed: see the browser"
        seconds = time.perf_counter() - started
        note = f" ({plural(len(warnings), 'warning')})" if warnings else ""
        if self.layout is not None:
            return "", f"rebuilt in {seconds:.2f} s{note}; laying out the pages"
        return with_bar(page, preview_bar(self.edition, warnings)), f"rebuilt in {seconds:.2f} s{note}"

    def rebuild(self, changed: Iterable[Path] = ()) -> str:
        with self._building:
            if any(path.is_relative_to(folder) for path in changed for folder in self.theme.folders):
                self.theme.forget()
            page, status = self.render()
            with self._changed:
                self._page = page
                self._count += 1
                self._changed.notify_all()
        return status

    def current(self) -> tuple[str, str]:
        with self._changed:
            page, version = self._page, self.version
        if self.layout is not None and not page:  # valid inputs: the paged view, as the layout stands now
            page = paged_page(self.edition, self._warnings, self.paged())
        return page, version

    def wait(self, since: str, timeout: float) -> str:
        """The version once it differs from ``since``, or the same one after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != since, timeout)
            return self.version


def preview_bar(edition: str, warnings: list[Finding]) -> str:
    """The strip on top of the preview: which edition it is, and the warnings ``validate`` would print."""
    text = f"Preview of the {edition} edition: it {EDITION_NOTES[edition]}."
    if not warnings:
        return f'<div role="status" style="{BAR_STYLE}">{html.escape(text)}</div>\n'
    items = "".join(f"<li><code>{html.escape(f.format())}</code></li>" for f in warnings)
    return (
        f'<div role="status" style="{BAR_STYLE}">{html.escape(text)} '
        f'<details style="display:inline"><summary style="cursor:pointer;color:#ffd479">'
        f'{plural(len(warnings), "warning")}</summary><ol style="margin:.3rem 0 0;padding-left:1.4rem">'
        f"{items}</ol></details></div>\n"
    )


PAGED_STYLE = (
    "html,body{height:100%;margin:0}body{display:flex;flex-direction:column;background:#525659}"
    "iframe{flex:1;border:0;width:100%;background:#525659}"
    ".waiting{color:#fff;font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem}"
)


def paged_status(edition: str, paged: Paged) -> str:
    """The paged preview's strip, in words: what it shows, how many pages, when they were laid out."""
    text = f"Paged preview of the {edition} edition, laid out as reportgen build lays out its PDF"
    if paged.pdf:
        text += f": {plural(paged.pages, 'page')}, laid out at {paged.laid_out} (in {paged.seconds:.1f} s)"
    if paged.error:
        text += f". The last layout failed: {paged.error}"
    if paged.busy:
        text += ". Laying out the latest change..." if paged.pdf else ". Laying out the pages..."
    return text + ("" if text.endswith(".") else ".")


def paged_page(edition: str, warnings: list[Finding], paged: Paged) -> str:
    """The paged view: the strip on top, then the PDF (``/report.pdf``) embedded below it."""
    bar = preview_bar(edition, warnings).replace(
        html.escape(f"Preview of the {edition} edition: it {EDITION_NOTES[edition]}."),
        html.escape(paged_status(edition, paged)),
        1,
    )
    if paged.pdf:
        body = (
            f'<iframe title="The {edition} edition, page by page" '
            f'src="/report.pdf?v={paged.digest}#view=FitH"></iframe>'
        )
    else:
        body = '<p class="waiting">The pages appear here once they are laid out (a few seconds).</p>'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Paged preview · reportgen</title>\n<style>{PAGED_STYLE}</style>\n</head>\n"
        f"<body>\n{bar}{body}\n</body>\n</html>\n"
    )


def with_bar(page: str, bar: str) -> str:
    """The page with ``bar`` first in its body (only ever in the preview, never in a built file)."""
    at = page.find("<body")
    end = page.find(">", at) + 1 if at >= 0 else 0
    return page[:end] + "\n" + bar + page[end:]


def inject(page: str, version: str, nonce: str) -> str:
    """Add the reload script before ``</body>`` (at the end if there is none); only ever in the preview."""
    script = f'<script nonce="{nonce}">{RELOAD_SCRIPT % json.dumps(version)}</script>\n'
    at = page.lower().rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def content_security_policy(nonce: str, frames: bool = False) -> str:
    """The page's policy; ``frames`` lets it embed this server's own PDF (the paged preview)."""
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "  # the logo is a data: URL
        f"script-src 'nonce-{nonce}'; connect-src 'self'; "
        + ("frame-src 'self'; " if frames else "")
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


# The PDF is shown by the browser's own viewer, which a restrictive policy would block: it may only be
# framed by this server's page.
PDF_POLICY = "frame-ancestors 'self'"


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves ``/`` (the page), ``/events`` (long poll) and ``/version``, and with the paged preview
    ``/report.pdf``; everything else is a 404."""

    server: PreviewServer
    server_version = "reportgen-preview"
    sys_version = ""

    def do_GET(self) -> None:
        if self.headers.get("Host", "") not in self.server.allowed_hosts:
            self._send(HTTPStatus.FORBIDDEN, "text/plain", b"unexpected Host header\n")  # DNS rebinding
            return
        url = urlsplit(self.path)
        preview = self.server.preview
        if url.path == "/":
            page, version = preview.current()
            nonce = secrets.token_urlsafe(16)
            body = inject(page, version, nonce).encode("utf-8")
            policy = content_security_policy(nonce, frames=preview.pdf)
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", body, policy)
        elif url.path == "/report.pdf" and preview.pdf:
            pdf = preview.paged().pdf
            if pdf:
                self._send(HTTPStatus.OK, "application/pdf", pdf, PDF_POLICY)
            else:
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", b"not laid out yet; try again shortly\n")
        elif url.path in ("/events", "/version"):
            since = parse_qs(url.query).get("since", [""])[0]
            wait = POLL_SECONDS if url.path == "/events" and since else 0.0
            version = preview.wait(since, wait) if wait else preview.current()[1]
            self._send(HTTPStatus.OK, "application/json", json.dumps({"version": version}).encode())
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain", b"not found\n")

    def _send(self, status: HTTPStatus, kind: str, body: bytes, csp: str = "default-src 'none'") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: one line per rebuild is all the console shows."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, preview: Preview, port: int) -> None:
        super().__init__(("127.0.0.1", port), PreviewHandler)
        self.preview = preview
        self.port = int(self.server_address[1])
        self.allowed_hosts = {f"{name}:{self.port}" for name in ("127.0.0.1", "localhost")}
        if self.port == 80:
            self.allowed_hosts |= {"127.0.0.1", "localhost"}

    say: Say = staticmethod(_silent)

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):  # a closed tab is not worth a line
            self.say(f"preview: request failed: {type(error).__name__}: {error}")


def open_server(preview: Preview, port: int, say: Say = _silent) -> PreviewServer:
    """Bind 127.0.0.1:port (0: any free port); a port in use is a usage error with a plain message."""
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: choose a port between 1 and 65535 (or 0: any free port)")
    try:
        server = PreviewServer(preview, port)
    except OSError as exc:
        reason = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be opened ({exc.strerror})"
        raise UsageError(f"port {port} on 127.0.0.1 {reason}: choose another with --port") from None
    server.say = say
    return server


def watch_and_rebuild(preview: Preview, stop: threading.Event, say: Say = _silent) -> None:
    """Rebuild after every batch of changes to the inputs or the theme, until ``stop`` is set."""
    paths = [preview.root, *preview.theme.folders]
    try:
        for changes in watchfiles.watch(*paths, stop_event=stop, debounce=400, step=50):
            changed = [Path(name).resolve() for _, name in changes]
            say(preview.rebuild(changed))
    except Exception as exc:  # e.g. the folder was deleted: say so instead of dying silently
        if not stop.is_set():
            say(f"preview: stopped watching for changes: {exc}")


@contextmanager
def running_preview(
    folder: Path,
    port: int = 0,
    templates: Path | None = None,
    edition: str = "internal",
    *,
    pdf: bool = False,
    say: Say = _silent,
) -> Iterator[PreviewServer]:
    """A preview of ``folder`` served from a background thread, rebuilt on every change, until the block ends."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    preview = Preview(folder, templates, edition, pdf=pdf)
    try:
        server = open_server(preview, port, say)
    except BaseException:
        preview.close()
        raise
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(preview, stop, say), name="reportgen-watch", daemon=True)
    serving = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.25}, name="reportgen-serve", daemon=True
    )
    try:
        watcher.start()  # before the first build, so that no change made meanwhile is missed
        say(preview.rebuild())
        serving.start()
        yield server
    finally:
        stop.set()
        if serving.is_alive():
            server.shutdown()
            serving.join(timeout=5)
        server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=2)
        preview.close()


def serve_report(
    folder: Path,
    port: int,
    templates: Path | None,
    edition: str = "internal",
    *,
    pdf: bool = False,
    say: Say = _silent,
) -> None:
    """Serve the live preview of ``folder``'s ``edition`` on 127.0.0.1:port until Ctrl-C."""
    try:
        with running_preview(folder, port, templates, edition, pdf=pdf, say=say) as server:
            view = "paged (PDF) layout" if pdf else "edition"
            what = f"the {view} of the {edition} edition" if pdf else f"the {edition} {view}"
            say(f"serving {what} of {folder} at http://127.0.0.1:{server.port}/ (Ctrl-C to stop)")
            threading.Event().wait()
    except KeyboardInterrupt:
        say("stopped")
