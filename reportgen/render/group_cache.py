"""Laid-out page groups kept on disk, so that a rebuild lays out only what changed (see :mod:`.chunks`).

An entry is found by the group's key (its HTML and settings, :attr:`.chunks.GroupTask.key`) and the code that
lays it out (:func:`code_digest`). The entry lists the page numbers the group printed (the contents'); it is
used only while the document gives those anchors the same numbers, and only while every file the layout read
(fonts, images) still has the digest it had. Each entry is a JSON file and the PDF, written to a temporary
file and renamed, and checked against its digest when read: a damaged entry is laid out again, never used.
The folder is kept under a size budget, least recently used first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from .chunks import GroupResult, GroupTask

# The folder is trimmed to this after a build (a few builds' worth of an 80-page report's groups).
BUDGET_BYTES = 200 * 1024 * 1024
_FORMAT = "2"
# The modules whose code decides a group's bytes (the merge comes after the cache, the workers only carry).
LAYOUT_MODULES = (
    "chunks.py",
    "fetcher.py",
    "group_patch.py",
    "page_groups.py",
    "pdf.py",
    "source_patch.py",
    "stylesheet_memo.py",
    "tagging_patch.py",
    "weasyprint_cascade.py",
    "weasyprint_patch.py",
)


@cache
def code_digest() -> str:
    """What the layout's bytes depend on besides the inputs: WeasyPrint and its writer, and reportgen's patches."""
    import fontTools
    import pydyf  # type: ignore[import-untyped]
    import weasyprint

    digest = hashlib.sha256(f"{_FORMAT} {weasyprint.__version__} {pydyf.__version__} {fontTools.version}".encode())
    here = Path(__file__).parent
    for name in LAYOUT_MODULES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


@cache
def _file_digest(path: str, size: int, mtime: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _current_digest(path: str) -> str | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return _file_digest(path, status.st_size, status.st_mtime_ns)


def _numbers_digest(lookups: list[str], numbers: dict[str, int], unknown: int) -> str:
    values = [[anchor, numbers.get(anchor, unknown)] for anchor in lookups]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


class GroupCache:
    """A folder of laid-out groups."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _base(self, task: GroupTask) -> str:
        return hashlib.sha256(f"{code_digest()} {task.key}".encode()).hexdigest()[:40]

    def get(self, task: GroupTask) -> GroupResult | None:
        from .chunks import UNKNOWN_PAGE

        base = self._base(task)
        lookups = self._read_json(self.folder / f"{base}.lookups.json")
        if not isinstance(lookups, list):
            return None
        name = f"{base}-{_numbers_digest(lookups, dict(task.page_numbers), UNKNOWN_PAGE)}"
        meta = self._read_json(self.folder / f"{name}.json")
        try:
            pdf = (self.folder / f"{name}.pdf").read_bytes()
        except OSError:
            return None
        if not isinstance(meta, dict) or hashlib.sha256(pdf).hexdigest() != meta.get("sha256"):
            return None
        if any(_current_digest(path) != digest for path, digest in meta["served"]):
            return None
        for path in (self.folder / f"{name}.pdf", self.folder / f"{name}.json"):
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: kept longest
        return GroupResult(
            pdf=pdf,
            pages=int(meta["pages"]),
            anchors={str(k): int(v) for k, v in meta["anchors"].items()},
            page_names=tuple(str(n) for n in meta["page_names"]),
            lookups={str(k): int(v) for k, v in meta["lookups"].items()},
            served=tuple(path for path, _ in meta["served"]),
            breaks=(bool(meta["breaks"][0]), bool(meta["breaks"][1])),
        )

    def put(self, task: GroupTask, result: GroupResult) -> None:
        """Keep a result (best effort: a folder that cannot be written only means no cache)."""
        served = [[path, _current_digest(path)] for path in result.served]
        if any(digest is None for _, digest in served):
            return
        base = self._base(task)
        lookups = sorted(result.lookups)
        name = f"{base}-{_numbers_digest(lookups, result.lookups, 0)}"
        meta = {
            "sha256": hashlib.sha256(result.pdf).hexdigest(),
            "pages": result.pages,
            "anchors": result.anchors,
            "page_names": list(result.page_names),
            "lookups": result.lookups,
            "served": served,
            "breaks": list(result.breaks),
        }
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write(self.folder / f"{name}.pdf", result.pdf)
            self._write(self.folder / f"{name}.json", json.dumps(meta, sort_keys=True).encode())
            self._write(self.folder / f"{base}.lookups.json", json.dumps(lookups).encode())

    def last_numbers(self, document: str) -> dict[str, int]:
        """The page numbers a document's anchors had when it was last laid out (its first guess this time)."""
        numbers = self._read_json(self.folder / f"numbers-{document}.json")
        if not isinstance(numbers, dict):
            return {}
        return {str(anchor): int(page) for anchor, page in numbers.items() if isinstance(page, int)}

    def keep_numbers(self, document: str, numbers: dict[str, int]) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write(self.folder / f"numbers-{document}.json", json.dumps(numbers, sort_keys=True).encode())

    def trim(self, budget: int = BUDGET_BYTES) -> None:
        """Remove the least recently used entries until the folder fits ``budget`` bytes."""
        try:
            entries = [(path.stat().st_mtime_ns, path.stat().st_size, path) for path in self.folder.iterdir()]
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= budget:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size

    @staticmethod
    def _read_json(path: Path) -> Any:
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            return None

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
