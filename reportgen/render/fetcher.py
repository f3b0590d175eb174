"""The only way the PDF renderer reaches a resource: data: URLs and files inside allowed folders.

Everything else (http, https, ftp, a file outside the theme and the report folder, a symlink pointing
out of them) fails the build with a clear message; nothing is ever fetched from the network.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class BlockedResource(FatalURLFetchingError):  # type: ignore[misc]
    """A resource outside what a report may use; WeasyPrint lets this stop the rendering."""


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``data:`` URLs and files below ``roots``; raises :class:`BlockedResource` for the rest."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True, timeout=1)
        self.roots = [root.resolve() for root in roots]
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise BlockedResource(f"blocked a request for {url!r}: reports may not load anything from the network")
        path = Path(unquote(urlsplit(url).path)).resolve()  # resolve() follows symlinks out of the folder
        if not any(path.is_relative_to(root) for root in self.roots):
            raise BlockedResource(f"blocked {path}: a report may only use files inside its own folder and the theme")
        if not path.is_file():
            raise BlockedResource(f"missing file {path}")
        self.served.append(str(path))
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".otf":
            media_type = "font/otf"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": media_type})
