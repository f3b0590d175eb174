"""One side of a diff or a verification: a report folder, a single input file, a built PDF or HTML."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT
from .errors import UsageError
from .limits import DEFAULT_LIMITS, Limits
from .schema import Report
from .validate import validate

_DATA_SCRIPT = re.compile(r'<script type="application/json" id="reportgen-data">(?P<json>.*?)</script>', re.DOTALL)


@dataclass(frozen=True)
class Side:
    """A report as read from somewhere, with the build record when it came from a built PDF."""

    label: str
    report: Report
    build_record: dict[str, Any] | None = None


def pdf_attachments(path: Path) -> dict[str, bytes]:
    """The embedded files of a PDF, by name."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        found = reader.attachments
        return {name: contents[0] for name, contents in found.items() if contents}
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: not a readable PDF ({exc})") from None


def _from_data(label: str, data: bytes | str, record: dict[str, Any] | None = None) -> Side:
    try:
        return Side(label, Report.model_validate(json.loads(data)), record)
    except (ValueError, ValidationError) as exc:
        raise UsageError(f"{label}: the embedded report data is not valid ({str(exc).splitlines()[0]})") from None


def load_side(target: Path, limits: Limits = DEFAULT_LIMITS) -> Side:
    """Read a report from a folder, one input file, a PDF with embedded data, or an HTML edition."""
    label = str(target)
    if target.is_dir():
        return Side(label, validate(target, limits).report)
    if not target.is_file():
        raise UsageError(f"{target}: no such file or folder")
    suffix = target.suffix.lower()
    if suffix == ".pdf":
        attachments = pdf_attachments(target)
        if DATA_ATTACHMENT not in attachments:
            raise UsageError(f"{target}: this PDF carries no reportgen data (was it built by reportgen?)")
        record = json.loads(attachments[BUILD_ATTACHMENT]) if BUILD_ATTACHMENT in attachments else None
        return _from_data(label, attachments[DATA_ATTACHMENT], record)
    if suffix in (".html", ".htm"):
        match = _DATA_SCRIPT.search(target.read_text(encoding="utf-8", errors="replace"))
        if not match:
            raise UsageError(f"{target}: this HTML file embeds no reportgen data")
        return _from_data(label, match["json"])
    if suffix in (".yaml", ".yml", ".json"):
        # A whole report in one file: validate it as a folder holding just that file.
        with tempfile.TemporaryDirectory(prefix="reportgen-side-") as tmp:
            shutil.copy2(target, Path(tmp) / target.name)
            return Side(label, validate(Path(tmp), limits).report)
    raise UsageError(f"{target}: expected a report folder, a .yaml/.json file, a .pdf or an .html report")
