"""reportgen: annual transparency reports for AI governance boards.

The public API is small: validate a report folder, build it, diff two versions, verify a PDF.
Names are imported on first use, so that ``reportgen build`` on an unchanged report starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .core.version import __version__

_API = {
    "Finding": "core.errors",
    "InvalidReport": "core.errors",
    "ReportgenError": "core.errors",
    "UsageError": "core.errors",
    "Limits": "core.limits",
    "Report": "schema",
    "Validated": "checks.validate",
    "check_report": "checks.validate",
    "validate": "checks.validate",
    "BuildOptions": "build.cache",
    "build": "build.orchestrator",
    "diff_reports": "diff.engine",
    "verify": "audit.verify",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
