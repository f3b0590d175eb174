"""Which files make up a report folder, and their digests: cheap enough for the up-to-date check."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError
from ..core.limits import Limits

DATA_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class SourceFile:
    """One input file: its path relative to the report folder, and its bytes' digest."""

    rel: str
    sha256: str
    size: int


def find_input_files(root: Path, limits: Limits) -> list[Path]:
    """Every data file below the report folder, in a stable order; hidden folders are skipped."""
    return scan_input_files(root, limits)[0]


def misnamed(name: str) -> str | None:
    """The name an input saved with an extra ending should have (``D-1.yaml.txt``: ``D-1.yaml``), or None.

    Only ``.txt`` is taken for a mistake (what Notepad and TextEdit add); backups (``.bak``, ``~``) are
    left alone on purpose."""
    if not name.lower().endswith(".txt"):
        return None
    meant = name[:-4]
    return meant if meant.lower().endswith(DATA_SUFFIXES) and meant[0] != "." else None


def scan_input_files(root: Path, limits: Limits) -> tuple[list[Path], list[Path]]:
    """The data files below the report folder (as :func:`find_input_files`), and the files that look like
    inputs saved under a wrong name (``report.yaml.txt``), which are not read."""
    if not root.exists():
        raise UsageError(f"{root}: no such folder")
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder (give the report's folder, the one with report.yaml)")
    found: list[Path] = []
    outside: list[str] = []
    wrong_names: list[Path] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() not in DATA_SUFFIXES:
            if path.suffix.lower() == ".txt" and misnamed(path.name) and path.is_file():
                wrong_names.append(path)
            continue
        if not path.resolve().is_relative_to(root.resolve()):
            outside.append(rel.as_posix())
            continue  # never read
        if path.is_file():
            found.append(path)
            if len(found) > limits.max_files:
                raise UsageError(
                    f"{root}: more than {limits.max_files:,} input files (raise it with --limit max_files=N)"
                )
    if outside:
        raise UsageError(
            f"{root}: {', '.join(outside)} link to files outside the report folder; "
            "a report reads only its own files (copy them in instead)"
        )
    if not found:
        hint = ""
        if wrong_names:
            first = wrong_names[0]
            hint = f" ({first.relative_to(root).as_posix()} is not read: rename it to {misnamed(first.name)})"
        raise UsageError(f"{root}: no .yaml, .yml or .json files in this folder{hint}")
    return found, wrong_names


def sha256(data: bytes) -> str:
    """The hex sha256 of some bytes: inputs, outputs, canonical data all use this one."""
    return hashlib.sha256(data).hexdigest()


def hash_inputs(root: Path, limits: Limits) -> list[SourceFile]:
    """Every input file with its sha256, without parsing anything."""
    files = []
    for path in find_input_files(root, limits):
        data = path.read_bytes()
        files.append(SourceFile(path.relative_to(root).as_posix(), sha256(data), len(data)))
    return files
