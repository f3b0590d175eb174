"""PDF layout in worker processes: several editions at once, each bounded in CPU time.

The limit counts the worker's own CPU seconds, not the clock: on a busy machine a build gets slower,
never failed. A job that uses more is stopped by the kernel (``RLIMIT_CPU``) and its temporary file
removed, so the previous output stays in place. A wall-clock backstop, many times the CPU limit, only
catches a worker that hangs without computing.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..core.errors import BuildError, ReportgenError
from ..core.output import readable
from .pdf import PdfJob, render_pdf


@dataclass(frozen=True)
class PdfTask:
    job: PdfJob
    target: Path


def _die_with_parent() -> None:
    """Ask Linux to kill this worker if the build that forked it dies (even by SIGKILL)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent still kills workers on its own exits
        pass


# How many times the CPU limit a worker may take on the clock before it is deemed hung.
WALL_BACKSTOP_FACTOR = 20


def _limit_cpu(seconds: float) -> None:
    """Have the kernel stop this process after ``seconds`` of CPU time (SIGXCPU, then SIGKILL)."""
    import resource

    soft = max(1, math.ceil(seconds))  # a forked child's CPU time starts at zero
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))


def _child(task: PdfTask, tmp: str, conn: Connection, parent: int, cpu_seconds: float) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    _limit_cpu(cpu_seconds)
    try:
        data = render_pdf(task.job)
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        conn.send(("ok", ""))
    except ReportgenError as exc:
        conn.send(("error", str(exc)))
    except BaseException:
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()


def default_parallelism(tasks: int, cores: int | None = None) -> int:
    """How many workers run at once: every task, up to two per core. Three editions of similar length on
    two cores then end together after 1.5 layouts' time; two at a time, the third runs alone on one core
    while the other idles, and the build takes 2 layouts' time."""
    return max(1, min(tasks, 2 * (cores or os.cpu_count() or 1)))


def _import_renderer() -> None:
    """Import WeasyPrint once here, before forking, rather than once in every worker (0.7 s of CPU each)."""
    import weasyprint  # noqa: F401


def run_pdf_tasks(tasks: list[PdfTask], cpu_seconds: float, max_parallel: int | None = None) -> None:
    """Render every task, ``max_parallel`` at a time, each within ``cpu_seconds`` of CPU time; rename the
    results into place if all succeed."""
    if not tasks:
        return
    for task in tasks:  # what a build killed midway left behind (two builds never share an output folder)
        for stale in task.target.parent.glob(f".{task.target.name}.*.tmp"):
            _discard(str(stale))
    context = multiprocessing.get_context("fork")
    parallel = max_parallel or default_parallelism(len(tasks))
    _import_renderer()
    pending = list(tasks)
    running: list[tuple[PdfTask, Any, Connection, str, float]] = []
    failures: list[str] = []
    done: list[tuple[str, Path]] = []
    try:
        while pending or running:
            while pending and len(running) < parallel:
                task = pending.pop(0)
                fd, tmp = tempfile.mkstemp(prefix=f".{task.target.name}.", suffix=".tmp", dir=task.target.parent)
                readable(fd)
                os.close(fd)
                parent_end, child_end = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child, args=(task, tmp, child_end, os.getpid(), cpu_seconds), daemon=True
                )
                process.start()
                child_end.close()
                running.append((task, process, parent_end, tmp, time.monotonic()))
            for entry in list(running):
                task, process, conn, tmp, started = entry
                if conn.poll(0.02):
                    try:
                        status, detail = conn.recv()
                    except EOFError:  # it ended without a word: say why (its CPU limit, a kill)
                        process.join()
                        status, detail = "error", _stopped(task, process.exitcode, cpu_seconds)
                    process.join()
                    running.remove(entry)
                    if status == "ok":
                        done.append((tmp, task.target))
                    else:
                        _discard(tmp)
                        failures.append(detail if status == "error" else f"internal error in PDF worker:\n{detail}")
                elif not process.is_alive():
                    process.join()
                    running.remove(entry)
                    _discard(tmp)
                    failures.append(_stopped(task, process.exitcode, cpu_seconds))
                elif time.monotonic() - started > cpu_seconds * WALL_BACKSTOP_FACTOR:
                    process.kill()
                    process.join()
                    running.remove(entry)
                    _discard(tmp)
                    failures.append(
                        f"{task.target.name}: the PDF worker made no progress for "
                        f"{cpu_seconds * WALL_BACKSTOP_FACTOR:g} s and was stopped"
                    )
    finally:
        for _, process, _, tmp, _ in running:
            process.kill()
            process.join()
            _discard(tmp)
    if failures:
        for tmp, _ in done:
            _discard(tmp)
        raise BuildError("\n".join(failures))
    # All or nothing: only when every edition rendered do the new files replace the old ones.
    for tmp, target in done:
        os.replace(tmp, target)


def _stopped(task: PdfTask, exitcode: int | None, cpu_seconds: float) -> str:
    """Why a worker ended without a word: its CPU limit, or something else."""
    if exitcode == -signal.SIGXCPU:
        return (
            f"{task.target.name}: rendering used more than {cpu_seconds:g} s of CPU time and was stopped "
            "(raise it with --limit render_seconds=N)"
        )
    if exitcode == -signal.SIGKILL:
        return f"the PDF worker for {task.target.name} was killed (out of memory?)"
    return f"the PDF worker for {task.target.name} stopped unexpectedly"


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
