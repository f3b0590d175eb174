"""reportgen: annual transparency reports for AI governance boards.

The public API is small: validate a report folder, build it, diff two versions, verify a PDF.
"""

__version__ = "0.1.0"

from .errors import Finding, InvalidReport, ReportgenError, UsageError
from .limits import Limits
from .schema import Report
from .validate import Validated, check_report, validate

__all__ = [
    "Finding",
    "InvalidReport",
    "Limits",
    "Report",
    "ReportgenError",
    "UsageError",
    "Validated",
    "__version__",
    "check_report",
    "validate",
]
