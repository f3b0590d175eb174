"""The build manifest and the build record embedded in each PDF: what was built from what, by what."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from . import __version__
from .discovery import SourceFile

MANIFEST_FORMAT = 1


def tool_versions() -> dict[str, str]:
    """The versions the output bytes depend on."""
    found = {"reportgen": __version__}
    for package in ("weasyprint", "pydyf", "fonttools"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:  # pragma: no cover
            found[package] = "unknown"
    return found


@dataclass(frozen=True)
class BuildRecord:
    """What one edition was built from; attached to its PDF and written into its manifest."""

    edition: str
    theme_sha256: str
    inputs: tuple[SourceFile, ...]
    full_data_sha256: str
    data_sha256: str
    variant: str

    def to_dict(self) -> dict[str, object]:
        return {
            "format": MANIFEST_FORMAT,
            "edition": self.edition,
            "tools": tool_versions(),
            "theme_sha256": self.theme_sha256,
            "pdf_variant": self.variant,
            "inputs": [{"file": f.rel, "sha256": f.sha256, "size": f.size} for f in self.inputs],
            "source_data_sha256": self.full_data_sha256,
            "data_sha256": self.data_sha256,
        }

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True).encode("utf-8") + b"\n"


def manifest_json(record: BuildRecord, outputs: dict[str, str]) -> bytes:
    """The record plus the sha256 of every output file of the edition."""
    data = record.to_dict()
    data["outputs"] = dict(sorted(outputs.items()))
    return json.dumps(data, indent=2, sort_keys=True).encode("utf-8") + b"\n"
