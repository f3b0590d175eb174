"""reportgen: annual transparency reports for AI governance boards.

The public API is small: validate a report folder, build it, diff two versions, verify a PDF.
Names are imported on first use, so that ``reportgen build`` on an unchanged report starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_API = {
    "Finding": "errors",
    "InvalidReport": "errors",
    "ReportgenError": "errors",
    "UsageError": "errors",
    "Limits": "limits",
    "Report": "schema",
    "Validated": "validate",
    "check_report": "validate",
    "validate": "validate",
    "BuildOptions": "buildcache",
    "build": "build",
    "diff_reports": "diffing",
    "verify": "verify",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
