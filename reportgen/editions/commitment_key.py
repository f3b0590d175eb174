"""The board's commitment key: a random secret kept with the inputs, from which every salt, keyed file
digest and source-data commitment of an edition derives.

An edition commits to what it withholds with salted hashes, so that a later disclosure can be proven to
match. Were the salts derived from the data itself, anyone able to guess the withheld text (a one-line
rationale, say) could rebuild the full data from the public edition plus the guess, recompute every salt
and test the guess against the printed commitment. A random key that never leaves the board closes that,
and builds stay reproducible because the key is a file beside the inputs.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.problems import Problem

if TYPE_CHECKING:
    from ..schema import Report

KEY_FILE = Path(".reportgen") / "commitment.key"
_HEADER = (
    "# reportgen commitment key of this report folder. Keep it with the inputs and never publish it:\n"
    "# it proves what withheld items said when they are disclosed, and hides them until then.\n"
)
_KEY_LINE = re.compile(r"^[0-9a-f]{64}$")


class KeyProblem(Exception):
    """The key file exists but cannot be used; the message says why in plain words."""


def key_path(root: Path) -> Path:
    return root / KEY_FILE


def read_key(root: Path) -> bytes | None:
    """The folder's key, or ``None`` when it has none; :class:`KeyProblem` when the file is damaged."""
    path = key_path(root)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyProblem(f"{KEY_FILE} cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if len(lines) != 1 or not _KEY_LINE.match(lines[0]):
        raise KeyProblem(f"{KEY_FILE} is damaged: it should hold one line of 64 hexadecimal digits")
    return bytes.fromhex(lines[0])


def create_key(root: Path) -> tuple[Path, bool]:
    """Write a new random key unless the folder has one (a key is never replaced: that would orphan
    every commitment published with it). Returns the path and whether it was created now."""
    path = key_path(root)
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # readable by its owner only
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(_HEADER + secrets.token_hex(32) + "\n")
    return path, True


def commitment_secret(key: bytes | None) -> bytes:
    """The secret an edition's salts derive from. Without a key (allowed only when nothing is withheld,
    so there is nothing to hide) it is a fixed value."""
    return hmac.new(key or b"", b"reportgen commitment secret v2", hashlib.sha256).digest()


def key_problems(root: Path, report: Report) -> list[Problem]:
    """A report that withholds anything needs a key; a key file that is there must be usable."""
    from .filtering import first_withheld

    try:
        key = read_key(root)
    except KeyProblem as exc:
        return [Problem(("report",), str(exc), code="commitment-key")]
    where = first_withheld(report)
    if key is None and where is not None:
        message = (
            "this is withheld from the public edition, and the commitments that stand in for withheld "
            f"content need the board's private key, which this folder lacks: run `reportgen key {root}` "
            f"once, then keep {KEY_FILE.as_posix()} with the inputs and never publish it"
        )
        return [Problem(where, message, code="commitment-key")]
    return []
