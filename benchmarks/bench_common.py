"""What the PDF and auditor benchmarks share: a measured ``Sample``, and how one is taken and printed.

A command runs in a new process, as a user runs it (wall seconds, and the CPU seconds and peak RSS of the
process and its workers); work in this process runs in a forked child, as the build's PDF worker does.
``bench_pdf.py`` and ``bench_audit.py`` import from here; neither imports reportgen through this module.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Sample:
    pages: int
    cpu: float
    wall: float
    rss_mb: float
    sha256: str = ""

    @property
    def per_page(self) -> float:
        return self.cpu / max(1, self.pages)


def yardstick() -> float:
    """Seconds a 2M-step Python loop takes (best of three): the same loop as bench_validate.py's."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best


def count_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def in_child(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` in a forked process (as the build's PDF worker does); its JSON-able result."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        try:
            payload = json.dumps(work()).encode()
        except BaseException as exc:
            payload = json.dumps({"error": f"{type(exc).__name__}: {exc}"}).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    result: dict[str, Any] = json.loads(data)
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


def pdf_in_child(make: Callable[[], bytes], keep: Path | None = None) -> Sample:
    """``make()`` (which returns a PDF) in a forked process: its pages, CPU and wall seconds, peak RSS and
    SHA-256; the PDF kept at ``keep`` if given."""

    def work() -> dict[str, Any]:
        # its own CPU and that of the layout workers it forks and waits for (render_pdf lays out page
        # groups in worker processes)
        before = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        start = time.perf_counter()
        pdf = make()
        wall = time.perf_counter() - start
        after = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
            keep.write_bytes(pdf)
        cpu = sum((a.ru_utime - b.ru_utime) + (a.ru_stime - b.ru_stime) for a, b in zip(after, before, strict=True))
        return {
            "pages": count_pages(pdf),
            "cpu": cpu,
            "wall": wall,
            "rss_mb": max(usage.ru_maxrss for usage in after) / 1024,
            "sha256": hashlib.sha256(pdf).hexdigest(),
        }

    return Sample(**in_child(work))


def best_of(runs: int, measure: Callable[[], Sample]) -> Sample:
    """The run with the least CPU time, with the least wall time of all runs."""
    samples = [measure() for _ in range(runs)]
    least = min(samples, key=lambda s: s.cpu)
    return Sample(least.pages, least.cpu, min(s.wall for s in samples), max(s.rss_mb for s in samples), least.sha256)


def run_command(
    command: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,), said: list[str] | None = None
) -> Sample:
    """A command in a new process: wall seconds, and the CPU seconds and peak RSS of it and its workers
    (its standard output appended to ``said`` if given)."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=errors, cwd=ROOT, env=env)
        _, status, usage = os.wait4(process.pid, 0)  # the process's usage and its waited-for workers'
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace"))
            raise subprocess.CalledProcessError(process.returncode, command)
        if said is not None:
            output.seek(0)
            said.append(output.read().decode(errors="replace"))
    return Sample(0, usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def header(title: str) -> None:
    print(f"\n{title}")


def sample_row(label: str, sample: Sample) -> None:
    if sample.pages:
        pages = f"{sample.pages:5d}"
        per_page = f"{sample.per_page:7.3f} {sample.wall / sample.pages:7.3f}"
    else:
        pages, per_page = "    -", "      -       -"
    print(f"  {label:<34} {pages} {sample.cpu:8.2f} {sample.wall:8.2f} {per_page} {sample.rss_mb:7.0f}")


def column_heads() -> None:
    print(f"  {'':<34} {'pages':>5} {'CPU s':>8} {'wall s':>8} {'CPU/pg':>7} {'wall/pg':>7} {'RSS MB':>7}")


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's reportgen, whatever is installed


def reportgen(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "reportgen", *arguments]
