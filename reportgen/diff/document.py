"""``reportgen diff --format html|pdf``, and the "Changes since the last report" chapter of a build."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from markupsafe import Markup

from ..render.pdf import PdfJob, render_pdf
from ..render.theme import Theme
from .engine import ReportDiff
from .view import DiffView, MemoHeader, build_diff_view


def render_diff_html(view: DiffView, theme: Theme, *, medium: str = "screen", template: str = "diff.html.j2") -> str:
    return theme.environment().get_template(template).render(diff=view, medium=medium)


def changes_chapter(diff: ReportDiff, theme: Theme) -> Markup:
    """The diff body, for the report's own "Changes since the last report" chapter."""
    view = build_diff_view(diff, title="Changes since the last report", in_report=True)
    html = render_diff_html(view, theme, template="sections/diff_body.html.j2")
    return Markup(html)


def diff_document(
    diff: ReportDiff, fmt: str, templates: Path | None, published: date | None = None, memo: MemoHeader | None = None
) -> bytes:
    """The redline as an HTML or PDF document, with the memo header when given."""
    theme = Theme.with_overrides(templates)
    view = build_diff_view(diff)
    if memo is not None:  # the memo says what each side withholds, by side: no "withheld in this edition" badge
        kept = [(value, label) for value, label in view.summary if "withheld in this edition" not in label]
        view = replace(view, memo=memo, summary=kept)
    if fmt == "html":
        return render_diff_html(view, theme).encode("utf-8")
    job = PdfJob(
        html=render_diff_html(view, theme, medium="print"),
        theme_dir=theme.folders[-1],
        allowed_roots=theme.folders,
        title=view.title,
        author="reportgen diff",
        published=published or date(2000, 1, 1),
        identifier="reportgen-diff",
        attachments=(),
        variant="pdf/a-3a",  # archival and tagged: headings, tables and marks reach a screen reader
    )
    return render_pdf(job)
