"""Which files make up a report folder, and their digests: cheap enough for the up-to-date check."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .limits import Limits

DATA_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class SourceFile:
    """One input file: its path relative to the report folder, and its bytes' digest."""

    rel: str
    sha256: str
    size: int


def find_input_files(root: Path, limits: Limits) -> list[Path]:
    """Every data file below the report folder, in a stable order; hidden folders are skipped."""
    if not root.exists():
        raise UsageError(f"{root}: no such folder")
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder (give the report's folder, the one with report.yaml)")
    found: list[Path] = []
    outside: list[str] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() not in DATA_SUFFIXES:
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
        raise UsageError(f"{root}: no .yaml, .yml or .json files in this folder")
    return found


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
