"""Read every input file of a report folder, on two cores when there is enough to read.

A forked helper reads files from the largest down while this process does whatever else it has to
(building the schema takes a third of a second) and then reads from the smallest up; they meet in
the middle, so the split adapts to however long the other work took. Each side publishes the file
it is about to read in a shared page: at worst both read the file they meet on, never neither.

Nothing but plain data crosses between the processes (orjson bytes, or a pickle of findings). If
the helper cannot be forked, dies or says anything unexpected, this process reads its files itself:
the result never depends on the helper, only the time does.
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import orjson

from ..core.errors import Finding
from ..core.limits import Limits
from .comments import cut_text_warnings
from .discovery import SourceFile, sha256
from .locating import ParseFailure
from .parsing import read_data

# Below this much data a second process costs more than it saves.
PARALLEL_MIN_BYTES = 1_000_000
# The shared page: at 0 the file the helper is on (it goes up), at 4 the one this process is on (down).
_CLAIM = struct.Struct("=i")
_HELPER, _PARENT = 0, _CLAIM.size


@dataclass
class FileRead:
    """One input file: its digest, and its data or the findings that say why it could not be read (or,
    with its data, warnings about how it reads)."""

    source: SourceFile
    document: object
    findings: list[Finding]


def read_file(root: Path, path: Path, limits: Limits) -> FileRead:
    rel = path.relative_to(root).as_posix()
    data = path.read_bytes()
    source = SourceFile(rel, sha256(data), len(data))
    is_json = path.suffix.lower() == ".json"
    try:
        document = read_data(data, rel, is_json, limits)
    except ParseFailure as failure:
        return FileRead(source, None, failure.findings)
    return FileRead(source, document, [] if is_json else cut_text_warnings(data, rel))  # warnings only


class Reading:
    """Files being read; :meth:`finish` returns them all, in the order given."""

    def __init__(self, root: Path, paths: list[Path], limits: Limits) -> None:
        self._root, self._limits = root, limits
        sizes = [path.stat().st_size for path in paths]
        # Largest first for the helper, so that what is left to meet on at the end is small.
        self._order = sorted(range(len(paths)), key=lambda i: -sizes[i])
        self._paths = paths
        self._helper: _Helper | None = None
        if sum(sizes) >= PARALLEL_MIN_BYTES and len(paths) > 1 and _can_fork():
            self._helper = _Helper.start(self._read_ordered, len(paths))

    def _read_ordered(self, position: int) -> FileRead:
        return read_file(self._root, self._paths[self._order[position]], self._limits)

    def finish(self) -> list[FileRead]:
        count = len(self._paths)
        by_position: dict[int, FileRead] = {}
        if self._helper is not None:
            by_position.update(self._helper.meet(self._read_ordered))
        for position in range(count):
            if position not in by_position:  # no helper, or one that failed: read it here
                by_position[position] = self._read_ordered(position)
        reads: list[FileRead | None] = [None] * count
        for position, read in by_position.items():
            reads[self._order[position]] = read
        return [read for read in reads if read is not None]


def _can_fork() -> bool:
    # Forking a process with other threads running can copy a held lock into the child.
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class _Helper:
    """The forked reader and its two channels: a shared page of claims and a pipe of results."""

    def __init__(self, pid: int, results: int, claims: mmap.mmap, count: int) -> None:
        self.pid, self.results, self.claims, self.count = pid, results, claims, count

    @classmethod
    def start(cls, read: Callable[[int], FileRead], count: int) -> _Helper | None:
        claims = mmap.mmap(-1, 2 * _CLAIM.size)
        _CLAIM.pack_into(claims, _HELPER, 0)
        _CLAIM.pack_into(claims, _PARENT, count)
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the helper: read, send, and leave without running any of the parent's cleanup
            status = 1
            try:
                os.close(read_end)
                _serve(read, claims, write_end)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return cls(pid, read_end, claims, count)

    def meet(self, read: Callable[[int], FileRead]) -> dict[int, FileRead]:
        """Read from the smallest file up until meeting the helper; return every file read by either."""
        mine: dict[int, FileRead] = {}
        for position in range(self.count - 1, -1, -1):
            # Claim, then look: when both claim the same file, this side reads it (the helper may too).
            _CLAIM.pack_into(self.claims, _PARENT, position)
            if _CLAIM.unpack_from(self.claims, _HELPER)[0] > position:
                break  # the helper has read this one, and everything before it
            mine[position] = read(position)
        theirs = self._collect()
        return {**theirs, **mine}

    def _collect(self) -> dict[int, FileRead]:
        with os.fdopen(self.results, "rb") as stream:
            payload = stream.read()
        _, status = os.waitpid(self.pid, 0)
        self.claims.close()
        if status != 0:
            return {}
        try:
            sent: list[tuple[int, SourceFile, bytes | None, bytes]] = pickle.loads(payload)
            return {
                position: FileRead(source, orjson.loads(document) if document is not None else None, findings)
                for position, source, document, findings_blob in sent
                for findings in (pickle.loads(findings_blob),)
            }
        except Exception:  # anything odd from the helper: this process reads those files itself
            return {}


def _serve(read: Callable[[int], FileRead], claims: mmap.mmap, out: int) -> None:
    sent = []
    position = 0
    while True:
        _CLAIM.pack_into(claims, _HELPER, position)
        if position >= _CLAIM.unpack_from(claims, _PARENT)[0]:
            break  # the parent has claimed this one, and everything after it
        result = read(position)
        document = None if result.document is None else orjson.dumps(result.document)
        sent.append((position, result.source, document, pickle.dumps(result.findings)))
        position += 1
    with os.fdopen(out, "wb") as stream:
        stream.write(pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL))
