"""The live preview's HTTP server on 127.0.0.1: the page at ``/``, the paged preview's PDF at ``/report.pdf``,
and the content-security policy of each.

A tiny script, injected only here, long-polls ``/events`` and reloads the page when the build version
changes. A failed request is said (``say``), never printed: library code here never prints.
"""

from __future__ import annotations

import errno
import json
import secrets
import sys
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ..core.errors import UsageError
from .preview import Preview

Say = Callable[[str], None]  # one line for the console (the command line prints it on stderr)


def silent(text: str) -> None:
    """Say nothing (a preview run by a test, or by a program)."""


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

    say: Say = staticmethod(silent)

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError | TimeoutError):  # a closed tab is not worth a line
            self.say(f"preview: request failed: {type(error).__name__}: {error}")


def open_server(preview: Preview, port: int, say: Say = silent) -> PreviewServer:
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
