"""``reportgen serve``: a live preview of one edition (internal by default) on 127.0.0.1 that rebuilds on every change.

This module runs the preview: a thread watches the inputs and the theme and rebuilds after each change,
another serves the pages, until the block (or Ctrl-C) ends. Its parts live next to it:
:mod:`.preview` holds the current page and its version, rendered in memory; :mod:`.preview_server` serves
it over HTTP with the reload script and the content-security policy; :mod:`.preview_pages` draws the strip,
the error page and the paged view; :mod:`.preview_layout` lays out the PDF for ``reportgen serve --pdf``.

Library code here never prints: what the command line shows on its console comes through ``say``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import watchfiles

from ..core.errors import UsageError
from .preview import Preview
from .preview_server import PreviewServer, Say, open_server, silent


def watch_and_rebuild(preview: Preview, stop: threading.Event, say: Say = silent) -> None:
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
    say: Say = silent,
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
    say: Say = silent,
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
