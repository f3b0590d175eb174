"""Where a report folder's items are: which file holds each decision, red line and member, as written.

``import`` updates an item in the file that holds it, ``export`` writes the items as the files hold them,
and ``new`` follows the folder's layout (a ``decisions/`` folder of one file per decision, or one file
holding the list). Everything here is the data as written, before validation.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Finding, UsageError
from ..core.limits import DEFAULT_LIMITS
from ..inputs.discovery import DATA_SUFFIXES
from ..inputs.locating import ParseFailure
from ..inputs.parsing import read_data
from ..inputs.sources import Inputs, load_inputs


@dataclass
class Folder:
    """A report folder's input files, read but not validated."""

    root: Path
    inputs: Inputs
    _documents: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Folder:
        """The folder's files (a folder holding none yet has no items)."""
        try:
            return cls(root, load_inputs(root, DEFAULT_LIMITS))
        except UsageError:
            if not root.is_dir() or find_data_files(root):
                raise
            return cls(root, Inputs(root=root, files=[], data={}, findings=[], limits=DEFAULT_LIMITS))

    @property
    def errors(self) -> list[Finding]:
        """The files that could not be read, as findings."""
        return [f for f in self.inputs.findings if f.severity == "error"]

    def items(self, section: str) -> list[tuple[str, int, dict[str, Any]]]:
        """(file, index in that file's list, item) for every item of a list section, or of ``members``."""
        data = self.inputs.data
        if section == "members":
            board, rel = data.get("board"), self.inputs.origin.get("board")
            members = board.get("members") if isinstance(board, dict) else None
            if rel is None or not isinstance(members, list):
                return []
            return [(rel, i, m) for i, m in enumerate(members) if isinstance(m, dict)]
        merged = data.get(section)
        if not isinstance(merged, list):
            return []
        origins = self.inputs.item_origin.get(section, [])
        return [(rel, i, item) for (rel, i), item in zip(origins, merged, strict=False) if isinstance(item, dict)]

    def file_of(self, section: str) -> str | None:
        """The file a (mapping or list) section is first defined in."""
        return self.inputs.origin.get(section)

    def document(self, rel: str) -> Any:
        """A copy of one file's data, as written (read once)."""
        if rel not in self._documents:
            path = self.root / rel
            try:
                self._documents[rel] = read_data(path.read_bytes(), rel, path.suffix.lower() == ".json", DEFAULT_LIMITS)
            except (OSError, ParseFailure):
                self._documents[rel] = None
        return copy.deepcopy(self._documents[rel])


def find_data_files(root: Path) -> bool:
    """Whether a folder holds any input file at all (outside hidden folders)."""
    return any(
        p.suffix.lower() in DATA_SUFFIXES and not any(part.startswith(".") for part in p.relative_to(root).parts)
        for p in root.rglob("*")
    )
