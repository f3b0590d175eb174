"""The paged layout behind ``reportgen serve --pdf``: the edition's PDF, laid out exactly as ``reportgen build``
lays it out, with its page count and the time of the last layout for the strip on top.

Layout takes seconds, so it runs in worker processes (CPU-bounded like a build's) driven by a thread of its
own: the server answers meanwhile, the strip says a newer layout is on its way, and when changes come faster
than layouts only the latest is laid out. The page groups laid out are kept for the session (see
``reportgen.render.chunks``): after an edit only the chapters it changed are laid out again, and the cover and
contents, so the preview follows a save in the time one chapter takes.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.errors import ReportgenError
from ..core.limits import DEFAULT_LIMITS
from ..render.pdf import PdfJob
from ..render.workers import LAYOUT_CACHE, PdfTask, run_pdf_tasks


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
                run_pdf_tasks([PdfTask(job, target)], self._cpu_seconds, cache=self._folder / LAYOUT_CACHE)
                pdf = target.read_bytes()
                done = Paged(pdf, page_count(pdf), datetime.now().strftime("%H:%M:%S"), time.perf_counter() - started)
            except ReportgenError as exc:
                done = Paged(**{**self._state.__dict__, "error": str(exc)})
            except Exception as exc:  # a reportgen bug: show it on the strip, keep serving
                done = Paged(**{**self._state.__dict__, "error": f"{type(exc).__name__}: {exc}"})
            with self._changed:
                self._state = Paged(**{**done.__dict__, "busy": self._job is not None})
            self._on_done()
