"""One side of a diff or a verification: a report folder, a single input file, a built PDF or HTML.

A built edition's data leaves out what the edition withholds, without a trace; its placeholders give
each withheld item's kind and date, never its id. An edition records them in machine form (the PDF's
build record, a script in the HTML); a side read from an edition carries them (:attr:`Side.withheld`),
so that a diff can tell an item withheld from one deleted. Editions built before that are read from
their register chapter ("What this edition withholds") as printed.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..core import labels as L
from ..core.errors import UsageError
from ..core.limits import DEFAULT_LIMITS, Limits
from ..editions.canonical import BUILD_ATTACHMENT, DATA_ATTACHMENT
from ..schema import Report
from .engine import PlaceholderKey

if TYPE_CHECKING:
    from pypdf import PdfReader

_DATA_SCRIPT = re.compile(r'<script type="application/json" id="reportgen-data">(?P<json>.*?)</script>', re.DOTALL)
_WITHHELD_SCRIPT = re.compile(
    r'<script type="application/json" id="reportgen-withheld">(?P<json>.*?)</script>', re.DOTALL
)
# The register chapter's entries, as the HTML edition prints them: <dt>Kind</dt><dd>Decision</dd> ...
_HTML_ENTRY = re.compile(r'<article class="entry withheld-entry"[^>]*>(?P<body>.*?)</article>', re.DOTALL)
_HTML_FACT = re.compile(r"<dt>(?P<name>.*?)</dt>\s*<dd[^>]*>(?P<value>.*?)</dd>", re.DOTALL)
# ... and as the PDF's text reads: "Kind\nDecision\nDate\n26 February 2026\nReason\n..."
_PDF_ENTRY = re.compile(r"^Kind\n(?P<kind>[^\n]+)\n(?:Date\n(?P<date>[^\n]+)\n)?Reason\n", re.MULTILINE)
_REGISTER_ENTRY = re.compile(r"W-\d+ ")
_SECTIONS_BY_LABEL = {label.casefold(): section for section, label in L.ITEM_LABELS.items()}
_MONTHS = {L.long_date(date(2000, month, 1)).split()[1]: month for month in range(1, 13)}


@dataclass(frozen=True)
class Side:
    """A report as read from somewhere, with the build record when it came from a built PDF."""

    label: str
    report: Report
    build_record: dict[str, Any] | None = None
    withheld: tuple[PlaceholderKey, ...] = ()  # what a built edition withholds; inputs withhold nothing


def _open_pdf(path: Path) -> PdfReader:
    """pypdf's reader, for the register's text (editions built before the build record listed what they
    withhold): the attachments are read with pikepdf, a tenth of pypdf's time."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        return PdfReader(str(path))
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: not a readable PDF ({exc})") from None


def pdf_attachments(path: Path) -> dict[str, bytes]:
    """The embedded files of a PDF, by name (read with pikepdf: 0.08 s where pypdf took 0.95 s)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    except (pikepdf.PdfError, OSError, ValueError, KeyError, AttributeError, TypeError) as exc:
        message = str(exc).replace(f"{path}: ", "")
        raise UsageError(f"{path}: not a readable PDF ({message})") from None


@contextmanager
def _pypdf_quiet() -> Iterator[None]:
    """pypdf's parser warnings (about the PDF, not the user's business) silenced within the block only."""
    logger = logging.getLogger("pypdf")
    before = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(before)


def _day(text: str | None) -> str | None:
    """``26 February 2026`` (the register's long date) as ``2026-02-26``; None when there is none."""
    if not text:
        return None
    parts = text.split()
    if len(parts) != 3 or parts[1] not in _MONTHS or not (parts[0].isdigit() and parts[2].isdigit()):
        return None
    return date(int(parts[2]), _MONTHS[parts[1]], int(parts[0])).isoformat()


def _recorded(items: object) -> tuple[PlaceholderKey, ...] | None:
    """The placeholders an edition records in machine form (builds since it did), or None to read them
    from its register chapter instead."""
    if not isinstance(items, list):
        return None
    return tuple(
        PlaceholderKey(str(item["section"]), item["date"] if isinstance(item.get("date"), str) else None)
        for item in items
        if isinstance(item, dict) and "section" in item
    )


def _placeholder(kind: str, day: str | None) -> PlaceholderKey | None:
    section = _SECTIONS_BY_LABEL.get(kind.strip().casefold())
    return PlaceholderKey(section, _day(day)) if section else None


def html_placeholders(text: str) -> tuple[PlaceholderKey, ...]:
    """The whole items an HTML edition's register lists as withheld from it (not the internal register of
    what other editions withhold, whose entries give salts; not withheld fields, which the data names)."""
    found = []
    for entry in _HTML_ENTRY.finditer(text):
        facts = {
            html.unescape(m["name"]).strip(): html.unescape(m["value"]).strip()
            for m in _HTML_FACT.finditer(entry["body"])
        }
        if "Kind" in facts and "Salt" not in facts:
            found.append(_placeholder(facts["Kind"], facts.get("Date")))
    return tuple(p for p in found if p is not None)


def pdf_placeholders(reader: PdfReader, path: Path, record: dict[str, Any] | None) -> tuple[PlaceholderKey, ...]:
    """The whole items a PDF edition's register lists as withheld from it, read from the register's pages
    (found through the outline: the chapter whose entries are ``W-1 …``, ``W-2 …``)."""
    if record is not None and record.get("edition") == "internal":
        return ()  # the internal edition withholds nothing; its register is what the others withhold
    from pypdf.errors import PdfReadError

    try:
        pages: set[int] = set()
        outline = reader.outline
        for index, entry in enumerate(outline):
            children = outline[index + 1] if index + 1 < len(outline) else None
            if isinstance(entry, list) or not isinstance(children, list):
                continue
            leaves = [child for child in children if not isinstance(child, list)]
            if leaves and all(_REGISTER_ENTRY.match(str(child.title)) for child in leaves):
                numbers = [reader.get_destination_page_number(d) for d in (entry, *leaves)]
                known = [n for n in numbers if n is not None]
                if known:
                    pages.update(range(min(known), max(known) + 1))
        text = "\n".join(reader.pages[number].extract_text() for number in sorted(pages))
    except (PdfReadError, OSError, ValueError, KeyError, IndexError) as exc:
        raise UsageError(f"{path}: cannot read what this edition withholds ({exc})") from None
    if "\nSalt\n" in text:
        return ()
    found = [_placeholder(m["kind"], m["date"]) for m in _PDF_ENTRY.finditer(text)]
    return tuple(p for p in found if p is not None)


def _from_data(
    label: str, data: bytes | str, record: dict[str, Any] | None = None, withheld: tuple[PlaceholderKey, ...] = ()
) -> Side:
    try:
        return Side(label, Report.model_validate(json.loads(data)), record, withheld)
    except (ValueError, ValidationError) as exc:
        raise UsageError(f"{label}: the embedded report data is not valid ({str(exc).splitlines()[0]})") from None


def load_side(target: Path, limits: Limits = DEFAULT_LIMITS) -> Side:
    """Read a report from a folder, one input file, a PDF with embedded data, or an HTML edition."""
    from ..checks.validate import validate  # the input readers: only a folder or an input file needs them

    label = str(target)
    if target.is_dir():
        return Side(label, validate(target, limits, to_build=False).report)
    if not target.is_file():
        raise UsageError(f"{target}: no such file or folder")
    suffix = target.suffix.lower()
    if suffix == ".pdf":
        attachments = pdf_attachments(target)
        if DATA_ATTACHMENT not in attachments:
            raise UsageError(f"{target}: this PDF carries no reportgen data (was it built by reportgen?)")
        record = json.loads(attachments[BUILD_ATTACHMENT]) if BUILD_ATTACHMENT in attachments else None
        recorded = _recorded(record.get("withheld_items")) if record else None
        if recorded is None:
            with _pypdf_quiet():
                recorded = pdf_placeholders(_open_pdf(target), target, record)
        placeholders = recorded
        return _from_data(label, attachments[DATA_ATTACHMENT], record, placeholders)
    if suffix in (".html", ".htm"):
        text = target.read_text(encoding="utf-8", errors="replace")
        match = _DATA_SCRIPT.search(text)
        if not match:
            raise UsageError(f"{target}: this HTML file embeds no reportgen data")
        listed = _WITHHELD_SCRIPT.search(text)
        try:
            recorded = _recorded(json.loads(listed["json"])) if listed else None
        except ValueError:
            raise UsageError(f"{target}: its list of withheld items is not readable JSON (was it edited?)") from None
        return _from_data(label, match["json"], withheld=recorded if recorded is not None else html_placeholders(text))
    if suffix in (".yaml", ".yml", ".json"):
        # A whole report in one file: validate it as a folder holding just that file.
        with tempfile.TemporaryDirectory(prefix="reportgen-side-") as tmp:
            shutil.copy2(target, Path(tmp) / target.name)
            return Side(label, validate(Path(tmp), limits, to_build=False).report)
    raise UsageError(f"{target}: expected a report folder, a .yaml/.json file, a .pdf or an .html report")
