"""The board's logo (``report.logo``): checked by ``validate``, embedded in both editions as a data URL.

Embedding keeps the HTML a single file and gives the PDF renderer nothing to fetch. The file must be
inside the report folder (no link out of it), an SVG or a PNG by content as well as by name, and small:
a logo that is a photograph or a font-laden SVG would swell every edition.
"""

from __future__ import annotations

import base64
from pathlib import Path

from ..core.problems import Problem
from ..inputs.discovery import SourceFile, sha256

MAX_LOGO_BYTES = 1_000_000
_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}
_LOC = ("report", "logo")


def logo_path(root: Path, logo: str) -> Path:
    return root / logo


def logo_problems(root: Path, logo: str | None) -> list[Problem]:
    """Why ``logo`` cannot be used, located at ``report.logo``; empty when it can (or there is none)."""
    if logo is None:
        return []
    path = logo_path(root, logo)
    if Path(logo).is_absolute() or not path.resolve().is_relative_to(root.resolve()):
        return [Problem(_LOC, f"'{logo}' is outside the report folder; copy the logo in and give its path there")]
    suffix = path.suffix.lower()
    if suffix not in _TYPES:
        return [Problem(_LOC, f"'{logo}' is not an .svg or .png file")]
    if not path.is_file():
        return [Problem(_LOC, f"no file '{logo}' in the report folder (the path is relative to it)")]
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        return [Problem(_LOC, f"'{logo}' is {size:,} bytes, over the limit of {MAX_LOGO_BYTES:,} for a logo")]
    if not _looks_like(path.read_bytes(), suffix):
        kind = "an SVG image" if suffix == ".svg" else "a PNG image"
        return [Problem(_LOC, f"'{logo}' is not {kind} (its content does not match its name)")]
    return []


def _looks_like(data: bytes, suffix: str) -> bool:
    if suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    return b"<svg" in data[:4096]


def logo_data_url(root: Path, logo: str | None) -> str:
    """The logo as a ``data:`` URL, or "" when there is none (``validate`` has checked it)."""
    if logo is None:
        return ""
    path = logo_path(root, logo)
    return f"data:{_TYPES[path.suffix.lower()]};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def logo_source(root: Path, logo: str | None) -> list[SourceFile]:
    """The logo as a listed input of a build (its bytes are in every edition), or nothing."""
    if logo is None:
        return []
    data = logo_path(root, logo).read_bytes()
    return [SourceFile(Path(logo).as_posix(), sha256(data), len(data))]
