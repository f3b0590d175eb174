"""Stage 4: print HTML -> a reproducible, archival PDF (PDF/A-3a by default) with its data attached."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..core.errors import BuildError

# archival (PDF/A-3), tagged, keeps the input data as an attachment
PDF_VARIANT = "pdf/a-3a"


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
    """Lay out and write the PDF; the same job always gives the same bytes."""
    import weasyprint  # imported here: commands that never render a PDF start in a tenth of the time

    from . import tagging_patch
    from .fetcher import BlockedResource, ConfinedFetcher
    from .weasyprint_patch import apply as patch_weasyprint

    # WeasyPrint 70.0's min-content width of break-anywhere text is quadratic in its length; the patch
    # (same bytes out) applies to that exact version only, in this process: the PDF worker, or verify.
    patch_weasyprint()
    # PDF/UA-1 on top of the PDF/A variant: page furniture as artifacts, list, heading and table structure,
    # chart and link descriptions, and the XMP declaration (see tagging_patch); 70.0 only, else plain PDF/A.
    variant = job.variant
    if job.variant.startswith("pdf/a-") and tagging_patch.apply(job.variant):
        variant = tagging_patch.ua_variant(job.variant)
    fetcher = ConfinedFetcher([*job.allowed_roots])
    stamp = f"{job.published.isoformat()}T00:00:00Z"
    moment = datetime(job.published.year, job.published.month, job.published.day, tzinfo=UTC)
    # fontTools (the subsetting fallback when harfbuzz-subset is missing) stamps this date into fonts;
    # set only while this PDF is written, so that nothing else in the process sees it.
    try:
        with _source_date_epoch(_epoch(job.published)):
            html = weasyprint.HTML(string=job.html, base_url=job.theme_dir.as_uri() + "/", url_fetcher=fetcher)
            document = html.render(pdf_tags=True)
            document.metadata.title = job.title
            document.metadata.authors = [job.author]
            document.metadata.created = stamp
            document.metadata.modified = stamp
            document.metadata.generator = "reportgen"
            attachments = [
                weasyprint.Attachment(
                    file_obj=io.BytesIO(data),
                    name=name,
                    description=description,
                    created=moment,
                    modified=moment,
                    relationship="Source",
                    url_fetcher=fetcher,
                )
                for name, description, data in job.attachments
            ]
            pdf = document.write_pdf(
                pdf_variant=variant,
                pdf_identifier=job.identifier.encode("ascii"),
                attachments=attachments,
                pdf_tags=True,
            )
    except BlockedResource as exc:
        raise BuildError(str(exc)) from None
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf returns bytes without a target
        raise BuildError("the PDF renderer returned nothing")
    return pdf
