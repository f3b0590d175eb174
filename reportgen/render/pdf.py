"""Stage 4: print HTML -> a reproducible, archival PDF (PDF/A-3a by default) with its data attached."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..core.errors import BuildError

# archival (PDF/A-3), tagged, keeps the input data as an attachment
PDF_VARIANT = "pdf/a-3a"
# the page numbers drawn over a merged document's pages: an artifact there, so untagged
FURNITURE_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class PdfJob:
    """Everything one PDF needs; picklable so that it can be laid out in a worker process."""

    html: str
    theme_dir: Path
    allowed_roots: tuple[Path, ...]
    title: str
    author: str
    published: date
    identifier: str
    attachments: tuple[tuple[str, str, bytes], ...]  # (name, description, bytes)
    variant: str = PDF_VARIANT


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` set for the duration of the block, then put back as it was."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def render_pdf(job: PdfJob) -> bytes:
    """Lay out and write the PDF; the same job always gives the same bytes.

    A document with page-group marks is laid out group by group in worker processes and merged
    (:mod:`.chunks`); one without is laid out whole, here."""
    from .chunks import forked_runner, render_pdfs

    return render_pdfs([job], forked_runner())[0]


@dataclass(frozen=True)
class LaidOut:
    """A PDF and what its layout told: pages, each anchor's page (0-based, first wins), the files it read."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]
    served: tuple[str, ...]
    # whether its first box asks for a page break before it, and its last box for one after it
    breaks: tuple[bool, bool] = (False, False)


def prepare_renderer() -> None:
    """Import WeasyPrint and install reportgen's patches (idempotent): before forking workers, or in-process."""
    import weasyprint  # noqa: F401  imported here: commands that never render a PDF start in a tenth of the time

    from . import group_patch, stylesheet_memo, tagging_patch
    from .weasyprint_patch import apply as patch_weasyprint

    # WeasyPrint 70.0's min-content width of break-anywhere text is quadratic in its length; the patch
    # (same bytes out) applies to that exact version only.
    patch_weasyprint()
    # PDF/UA-1 on top of the PDF/A variant: page furniture as artifacts, list, heading and table structure,
    # chart and link descriptions, and the XMP declaration (see tagging_patch); 70.0 only, else plain PDF/A.
    tagging_patch.apply(PDF_VARIANT)
    group_patch.apply()
    # page groups share one parse of the theme's <style> sheets per worker (same bytes: stylesheet_memo)
    stylesheet_memo.apply()


def lay_out_document(html: str, job: PdfJob, *, attachments: bool = True, furniture: bool = False) -> LaidOut:
    """Lay out ``html`` with the job's settings and write it as a PDF: the job's variant, tagged; or, for the
    page furniture that :mod:`.merge` lays over a merged document's pages, untagged PDF/A-3b."""
    import weasyprint

    from . import tagging_patch
    from .fetcher import BlockedResource, ConfinedFetcher

    prepare_renderer()
    chosen = FURNITURE_VARIANT if furniture else job.variant
    if not furniture and chosen.startswith("pdf/a-") and tagging_patch.apply(chosen):
        chosen = tagging_patch.ua_variant(chosen)
    tags = not furniture
    fetcher = ConfinedFetcher([*job.allowed_roots])
    stamp = f"{job.published.isoformat()}T00:00:00Z"
    moment = datetime(job.published.year, job.published.month, job.published.day, tzinfo=UTC)
    # fontTools (the subsetting fallback when harfbuzz-subset is missing) stamps this date into fonts;
    # set only while this PDF is written, so that nothing else in the process sees it.
    try:
        with _source_date_epoch(_epoch(job.published)):
            document = weasyprint.HTML(string=html, base_url=job.theme_dir.as_uri() + "/", url_fetcher=fetcher).render(
                pdf_tags=tags
            )
            document.metadata.title = job.title
            document.metadata.authors = [job.author]
            document.metadata.created = stamp
            document.metadata.modified = stamp
            document.metadata.generator = "reportgen"
            files = [
                weasyprint.Attachment(
                    file_obj=io.BytesIO(data),
                    name=name,
                    description=description,
                    created=moment,
                    modified=moment,
                    relationship="Source",
                    url_fetcher=fetcher,
                )
                for name, description, data in (job.attachments if attachments else ())
            ]
            pdf = document.write_pdf(
                pdf_variant=chosen,
                pdf_identifier=job.identifier.encode("ascii"),
                attachments=files,
                pdf_tags=tags,
            )
    except BlockedResource as exc:
        raise BuildError(str(exc)) from None
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf returns bytes without a target
        raise BuildError("the PDF renderer returned nothing")
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    breaks = (_forced(document.pages[0], 0, "break_before"), _forced(document.pages[-1], -1, "break_after"))
    return LaidOut(pdf, len(document.pages), anchors, tuple(dict.fromkeys(fetcher.served)), breaks)


FORCED_BREAKS = frozenset({"page", "left", "right", "recto", "verso"})


def _forced(page: Any, end: int, side: str) -> bool:
    """Whether a box on the first (or last) chain of boxes of ``page``, from the root down, forces a page
    break before (or after) itself: where a page group may begin (or end) without changing the layout."""
    box = page._page_box.children[0]  # the root box; margin boxes follow it
    while True:
        if box.style[side] in FORCED_BREAKS:
            return True
        children = [child for child in getattr(box, "children", ()) if hasattr(child, "children")]
        if not children:
            return False
        box = children[end]
