"""Helpers shared by the test files: where the reports are, copying and editing them, running ``reportgen``
(in-process and as a child process), reading what a PDF holds, and the validate findings' summary line.

The fixtures that use these live in ``conftest.py``; a test file imports what it needs from here.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from pypdf import PdfReader

from reportgen.cli.main import cli
from reportgen.schema import Report

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = TESTS / "corpus"
BASE = CORPUS / "base"  # the small valid report most tests edit a copy of
INPUTS = ROOT / "inputs"
EXAMPLE = INPUTS / "asab-2026"  # the real example (~77 pages)
PREVIOUS = INPUTS / "asab-2025"  # the example's previous_report

# Debian's chromium, for the browser tests (playwright drives it; it never downloads a browser of its own).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

Edits = list[tuple[str, str | None, str | bytes]]


# --------------------------------------------------------------------------------------------------------
# Copies of the reports, and edits to them


class Case:
    """A copy of ``tests/corpus/base`` in a temporary folder, with helpers for one targeted edit."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def replace(self, file: str, old: str, new: str) -> Case:
        """Replace ``old`` (which must occur exactly once) with ``new`` in ``file``."""
        replace_once(self.root / file, old, new)
        return self

    def write(self, file: str, data: str | bytes) -> Case:
        """Create or overwrite ``file`` with text (UTF-8) or raw bytes."""
        path = self.root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return self

    def apply(self, edits: Edits) -> Case:
        """``(file, old, new)`` replaces text; ``(file, None, data)`` writes the whole file."""
        for file, old, new in edits:
            if old is None:
                self.write(file, new)
            else:
                assert isinstance(new, str)
                self.replace(file, old, new)
        return self


def copy_base(dest: Path) -> Path:
    """A copy of the small base report at ``dest``."""
    shutil.copytree(BASE, dest)
    return dest


def copy_example(folder: Path, name: str = EXAMPLE.name, source: Path = EXAMPLE) -> Path:
    """A copy of ``source`` (the example report) at ``folder/name``, with last year's report beside it
    (``folder/asab-2025``, where ``previous_report`` finds it)."""
    if not (folder / PREVIOUS.name).exists():
        shutil.copytree(PREVIOUS, folder / PREVIOUS.name)
    target = folder / name
    shutil.copytree(source, target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace ``old``, which must occur exactly once in ``path``, with ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected exactly one {old!r}, found {text.count(old)}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit(path: Path, old: str, new: str, *, after: str = "") -> None:
    """Replace the first ``old`` (after the first ``after``) in ``path``; the text must be there."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old, text.index(after) if after else 0)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")


def edited(item: dict[str, Any], **edits: Any) -> dict[str, Any]:
    """A deep copy of ``item`` with each ``a__b=value`` set at ``item["a"]["b"]``."""
    new = copy.deepcopy(item)
    for path, value in edits.items():
        *parents, last = path.split("__")
        target = new
        for key in parents:
            target = target[key]
        target[last] = value
    return new


def digests(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative POSIX path -> sha256)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with these sheets and rows."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], delimiter: str = ",") -> Path:
    """A CSV file as a spreadsheet program saves it (UTF-8 with a byte order mark)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


# A red line as the diff engine compares it (the dumped model): no early warning, no history yet.
RED_LINE: dict[str, Any] = {
    "id": "RL-1",
    "audience": "public",
    "withheld_reason": None,
    "title": "Autonomous cyber offence",
    "domain": "cybersecurity",
    "tier": 3,
    "tier_label": "High",
    "tracked": True,
    "capability": "End-to-end exploitation of hardened targets.",
    "harm": "Attacks on critical infrastructure.",
    "criterion": {
        "description": "Solves at least half of the expert range tasks.",
        "metric": "range tasks solved",
        "comparison": ">=",
        "value": 50,
        "unit": "%",
    },
    "early_warning": None,
    "required_safeguards": ["SG-1", "SG-2"],
    "response": {"actions": ["halt_deployment", "notify_authorities"], "description": "Halt and notify."},
    "decided_by": "the Board",
    "review": {"interval_months": 6, "last_reviewed": None},
    "status": "active",
    "history": [],
    "notes": None,
}
RED_LINE_WINDOW = ("2026-01-01", "2027-01-15")  # the reporting window a red line's history is read in


# --------------------------------------------------------------------------------------------------------
# Running reportgen


def invoke(*args: str | Path) -> Result:
    """``reportgen ARGS...`` in-process through click's CliRunner; an uncaught exception fails the test."""
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in result.output
    return result


def reportgen_command(*args: str | Path) -> list[str]:
    """The command line of ``python -m reportgen ARGS...``, for a child process."""
    return [sys.executable, "-m", "reportgen", *map(str, args)]


def run_reportgen(*args: str | Path, **options: Any) -> subprocess.CompletedProcess[str]:
    """``reportgen ARGS...`` in a child process, its output captured as text (``options`` go to ``run``)."""
    return subprocess.run(reportgen_command(*args), capture_output=True, text=True, **options)


DIFF_LEVELS = ("unexplained", "weakening", "any")


def diff_json(old: Path, new: Path) -> dict[str, Any]:
    """``reportgen diff OLD NEW --format json``, which must have compared the two (exit 0 or 1)."""
    result = invoke("diff", old, new, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def diff_lines(old: Path, new: Path) -> list[str]:
    """The lines of ``reportgen diff OLD NEW`` (text)."""
    return str(invoke("diff", old, new).stdout).splitlines()


def diff_exit_codes(old: Path, new: Path) -> dict[str, int]:
    """The exit code of ``reportgen diff OLD NEW --fail-on LEVEL`` for each level."""
    return {level: invoke("diff", old, new, "--fail-on", level).exit_code for level in DIFF_LEVELS}


@dataclass
class Run:
    """The outcome of one ``reportgen validate`` run."""

    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """Every line on stderr (findings, then the summary line when invalid)."""
        return self.stderr.splitlines()


def summary(lines: list[str], strict: bool = False) -> str:
    """The last line ``reportgen validate`` prints for these findings."""
    warnings = sum(1 for line in lines if " warning: " in line)
    tail = " (--strict fails on warnings)" if strict else ""
    return f"invalid: {len(lines) - warnings} error(s), {warnings} warning(s){tail}"


def assert_invalid(run: Run, lines: list[str], *, strict: bool = False) -> None:
    """Exit 1, nothing on stdout, exactly these findings then the summary on stderr."""
    assert run.lines == [*lines, summary(lines, strict)]
    assert run.stdout == ""
    assert run.code == 1


# --------------------------------------------------------------------------------------------------------
# What a PDF holds


def pdftotext(path: Path, *options: str) -> str:
    """The text layer, as poppler's pdftotext reads it (pages end with a form feed)."""
    done = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def pdf_attachments(path: Path) -> dict[str, bytes]:
    """The PDF's embedded files, read with pypdf (name -> bytes of the first file of that name)."""
    return {name: contents[0] for name, contents in PdfReader(str(path)).attachments.items()}


def squash(text: str) -> str:
    """Every run of white space as one space."""
    return re.sub(r"\s+", " ", text)


def minimal_report(**sections: Any) -> Report:
    """A valid report of one board member and one period (2026), holding these sections."""
    member = {
        "id": "m-1",
        "name": "A Chair",
        "role": "chair",
        "affiliation": "X",
        "category": "independent_expert",
        "independent": True,
        "term": {"start": "2020-01-01"},
    }
    data = {
        "report": {
            "title": "T",
            "organisation": {"name": "O"},
            "period": "2026-01-01/2026-12-31",
            "edition": "1",
            "status": "final",
            "published": "2027-01-15",
        },
        "board": {"name": "B", "chair": "m-1", "mandate": "M", "quorum": 1, "members": [member]},
        **sections,
    }
    return Report.model_validate(data)
