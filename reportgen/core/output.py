"""Writing outputs atomically: a temporary file beside the target, fsync, then rename.

A build that fails or is killed midway leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import UsageError


def prepare_output_dir(out_dir: Path, input_root: Path) -> Path:
    """Create the output folder; refuse one inside the report's input folder."""
    out = out_dir.resolve()
    if out.is_relative_to(input_root.resolve()):
        raise UsageError(f"output folder {out_dir} is inside the input folder {input_root}; choose another with -o")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create output folder {out_dir}: {exc.strerror}") from None
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def readable(fd: int) -> None:
    """Give a temporary file the permissions a normally created file would have (mkstemp uses 0600)."""
    os.fchmod(fd, 0o666 & ~_umask())


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, creating its folder if needed; on any failure the old
    file is untouched."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    readable(fd)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk or a folder that is not writable: the user can act on it
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
