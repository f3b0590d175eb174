"""The live preview's state: the current page and its version, rebuilt in memory on every change.

The page is rendered in memory (validate + screen HTML, never a file written in the report). Invalid inputs
or a broken theme show as a readable error page; the server keeps running. With ``pdf`` the page shows the
paged layout (:mod:`.preview_layout`) rather than the screen HTML.
"""

from __future__ import annotations

import secrets
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from ..build.orchestrator import edition_outputs
from ..checks.validate import Validated, check_report
from ..core.errors import Finding, ReportgenError
from ..core.labels import plural
from ..core.limits import DEFAULT_LIMITS
from ..render.theme import Theme
from .preview_layout import Layout, Paged
from .preview_pages import error_page, paged_page, preview_bar, with_bar


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
