"""One root error class, and the located findings that validation reports.

The CLI turns any :class:`ReportgenError` into a message and an exit code; nothing a user can cause
ever reaches them as a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import Literal

Severity = Literal["error", "warning"]
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def show_invisible(text: str) -> str:
    """``text`` with control, bidirectional, invisible and lone-surrogate characters as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ExitCode(IntEnum):
    """The exit codes of every command, documented in docs/commands.md."""

    OK = 0
    INVALID = 1  # invalid inputs, or (diff) differences found, or (verify) mismatch
    USAGE = 2  # bad command line, missing folder, unreadable output location
    INTERNAL = 3  # a bug in reportgen: please report it


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the inputs, located at ``file:line:col`` (1-based) and a dotted field path."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: Severity = "error"
    code: str = "invalid"

    def __post_init__(self) -> None:
        # A message quotes the user's text: show invisible and control characters as escapes, so that a
        # U+202E cannot reorder the terminal line and an ESC cannot drive the terminal.
        object.__setattr__(self, "message", show_invisible(self.message))
        object.__setattr__(self, "path", show_invisible(self.path))

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        path = f" {self.path}:" if self.path else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}:{path} {prefix}{self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


class ReportgenError(Exception):
    """The root of every error reportgen raises on purpose; the CLI prints it without a traceback."""

    exit_code: ExitCode = ExitCode.USAGE

    def render(self) -> str:
        return f"error: {self}"


class UsageError(ReportgenError):
    """A command-line mistake: a missing folder, an unknown option value, an unwritable output."""

    exit_code = ExitCode.USAGE


class InvalidReport(ReportgenError):
    """The inputs have errors (or warnings under ``--strict``); carries every finding at once."""

    exit_code = ExitCode.INVALID

    def __init__(self, findings: list[Finding], *, strict: bool = False) -> None:
        self.findings = sorted(findings)
        errors = sum(1 for f in self.findings if f.severity == "error")
        warnings = len(self.findings) - errors
        super().__init__(f"{errors} error(s), {warnings} warning(s)")
        self.strict = strict

    def render(self) -> str:
        lines = [f.format() for f in self.findings]
        lines.append(f"invalid: {self}" + (" (--strict fails on warnings)" if self.strict else ""))
        return "\n".join(lines)


class BuildError(ReportgenError):
    """Rendering failed for a reason the user can act on (a blocked resource, a time limit)."""

    exit_code = ExitCode.INVALID


def findings_json(findings: list[Finding], *, valid: bool) -> str:
    """The ``--format json`` shape shared by ``validate`` and ``build``."""
    payload = {
        "valid": valid,
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "findings": [f.to_json() for f in sorted(findings)],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)
