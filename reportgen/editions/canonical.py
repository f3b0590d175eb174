"""The canonical form of a report's data: what is hashed, attached to the PDF and compared by diff."""

from __future__ import annotations

import json

from markupsafe import Markup

from ..schema import Report

__all__ = ["BUILD_ATTACHMENT", "DATA_ATTACHMENT", "canonical_json", "script_safe"]

DATA_ATTACHMENT = "reportgen-data.json"
BUILD_ATTACHMENT = "reportgen-build.json"


def canonical_json(report: Report) -> bytes:
    """Sorted keys, no insignificant white space, UTF-8: the same data always gives the same bytes."""
    data = report.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def script_safe(data: bytes) -> Markup:
    """JSON text that can sit inside ``<script type="application/json">`` without closing it.

    With ``<``, ``>`` and ``&`` escaped as JSON escapes, the text holds nothing HTML would interpret.
    """
    text = data.decode("utf-8").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)
