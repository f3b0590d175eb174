"""The build manifest and the build record embedded in each PDF: what was built from what, by what."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..core.version import __version__
from ..inputs.discovery import SourceFile

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


@lru_cache(maxsize=1)
def code_digest() -> str:
    """sha256 over reportgen's own modules (names and bytes): the version number alone does not change
    with every commit, and the output bytes depend on the code as much as on the tools."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildRecord:
    """What one edition was built from; attached to its PDF and written into its manifest."""

    edition: str
    theme_sha256: str
    inputs: tuple[SourceFile, ...]
    source_data_commitment: str  # keyed with the board's key: a plain hash would test guesses of withheld text
    data_sha256: str
    variant: str
    # the section and date (ISO, or None) of each whole item the edition withholds, as its placeholders
    # print them: what lets a diff of two editions tell a withheld item from a deleted one
    withheld_items: tuple[tuple[str, str | None], ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "format": MANIFEST_FORMAT,
            "edition": self.edition,
            "tools": tool_versions(),
            "reportgen_code_sha256": code_digest(),
            "theme_sha256": self.theme_sha256,
            "pdf_variant": self.variant,
            # a withheld file (size -1) is listed without its size, which would hint at what it holds
            "inputs": [
                {"file": f.rel, "sha256": f.sha256, **({"size": f.size} if f.size >= 0 else {})} for f in self.inputs
            ],
            "source_data_commitment": self.source_data_commitment,
            "data_sha256": self.data_sha256,
            "withheld_items": [{"section": section, "date": day} for section, day in self.withheld_items],
        }

    def to_json(self) -> bytes:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True).encode("utf-8") + b"\n"


def manifest_json(record: BuildRecord, outputs: dict[str, str]) -> bytes:
    """The record plus the sha256 of every output file of the edition."""
    data = record.to_dict()
    data["outputs"] = dict(sorted(outputs.items()))
    return json.dumps(data, indent=2, sort_keys=True).encode("utf-8") + b"\n"
