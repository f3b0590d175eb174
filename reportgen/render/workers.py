"""PDF layout in worker processes: the page groups of every edition at once, each bounded in CPU time.

The limit counts the CPU seconds a worker spends on one layout (a page group, or a PDF laid out whole), not
the clock: on a busy machine a build gets slower, never failed. A layout that uses more is stopped by the
kernel (``RLIMIT_CPU``); no output is written until every PDF is done, so the previous outputs stay in place.
A wall-clock backstop, many times the CPU limit, only catches a worker that hangs without computing.
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
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from ..core.errors import BuildError, ReportgenError
from ..core.output import readable
from .chunks import GroupResult, GroupTask, forked_runner, lay_out_group, render_pdfs
from .group_cache import GroupCache
from .pdf import PdfJob


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


# The folder, beside a build's outputs, where laid-out page groups are kept (see group_cache).
LAYOUT_CACHE = ".reportgen-layout"

# How many times the CPU limit a worker may take on the clock before it is deemed hung.
WALL_BACKSTOP_FACTOR = 20


def _limit_cpu(seconds: float) -> None:
    """Have the kernel stop this process after ``seconds`` more of CPU time (SIGXCPU), counted from now."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = max(1, math.ceil(usage.ru_utime + usage.ru_stime + seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _worker(tasks: Connection, results: Connection, parent: int, cpu_seconds: float) -> None:
    """Lay out the tasks the parent sends, one at a time, until it sends None; each within ``cpu_seconds``.

    One process lays out many groups: what every layout needs (fonts found, stylesheets parsed) is paid
    once per worker, not once per group. Two one-way pipes, not a socket pair: a worker opens no socket."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    try:
        while (task := tasks.recv()) is not None:
            _limit_cpu(cpu_seconds)
            try:
                results.send(("ok", lay_out_group(task)))
            except ReportgenError as exc:
                results.send(("error", str(exc)))
            except BaseException:
                results.send(("bug", traceback.format_exc()))
    except EOFError:  # the parent went away
        pass
    finally:
        results.close()


def default_parallelism(tasks: int, cores: int | None = None) -> int:
    """How many workers run at once. Up to two per core, every task at once: three editions laid out whole on
    two cores then end together after 1.5 layouts' time (two at a time, the third would run alone while a
    core idles). More tasks than that (page groups): one worker per core, each taking the next task as it
    finishes one; more workers would only share the cores (measured: 2 workers lay out the example's 17
    groups in 7.4 s on two cores, 4 in 7.9 s)."""
    cores = cores or os.cpu_count() or 1
    return max(1, tasks if tasks <= 2 * cores else cores)


def run_pdf_tasks(
    tasks: list[PdfTask], cpu_seconds: float, max_parallel: int | None = None, cache: Path | None = None
) -> None:
    """Render every task's PDF (page groups in worker processes, ``max_parallel`` at a time, each within
    ``cpu_seconds`` of CPU time; groups kept in ``cache``); rename the results into place if all succeed."""
    if not tasks:
        return
    for task in tasks:  # what a build killed midway left behind (two builds never share an output folder)
        for stale in task.target.parent.glob(f".{task.target.name}.*.tmp"):
            _discard(str(stale))
    store = GroupCache(cache) if cache is not None else None
    runner = forked_runner(cpu_seconds, max_parallel)
    pdfs = render_pdfs([task.job for task in tasks], runner, store, [task.target.name for task in tasks])
    done: list[tuple[str, Path]] = []
    try:
        for task, data in zip(tasks, pdfs, strict=True):
            fd, tmp = tempfile.mkstemp(prefix=f".{task.target.name}.", suffix=".tmp", dir=task.target.parent)
            done.append((tmp, task.target))
            readable(fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in done:
            _discard(tmp)
        raise
    # All or nothing: only when every edition rendered do the new files replace the old ones.
    for tmp, target in done:
        os.replace(tmp, target)
    if store is not None:
        store.trim()


def run_forked(tasks: list[GroupTask], cpu_seconds: float, max_parallel: int | None = None) -> list[GroupResult]:
    """Lay out every task in forked worker processes, ``max_parallel`` of them, each task within ``cpu_seconds``
    of CPU time (longest first, each worker taking the next when it is done); the results in the tasks'
    order, or a BuildError that says what failed."""
    from .pdf import prepare_renderer

    if not tasks:
        return []
    context = multiprocessing.get_context("fork")
    parallel = max_parallel or default_parallelism(len(tasks))
    prepare_renderer()  # once, here: each worker is forked with WeasyPrint loaded (0.7 s of CPU each)
    pending = sorted(range(len(tasks)), key=lambda i: -len(tasks[i].html))
    # worker -> (where its results come, where its tasks go, the task it is on, when it started it)
    running: dict[Any, tuple[Connection, Connection, int, float]] = {}
    failures: list[str] = []
    results: dict[int, GroupResult] = {}

    def give(process: Any, results: Connection, orders: Connection) -> None:
        if pending and not failures:
            index = pending.pop(0)
            orders.send(tasks[index])
            running[process] = (results, orders, index, time.monotonic())
        else:
            with contextlib.suppress(OSError):
                orders.send(None)
            process.join()
            running.pop(process, None)

    try:
        for _ in range(min(parallel, len(tasks))):
            task_end, orders = context.Pipe(duplex=False)
            results_end, result_sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker, args=(task_end, result_sender, os.getpid(), cpu_seconds), daemon=True
            )
            process.start()
            task_end.close()
            result_sender.close()
            give(process, results_end, orders)
        while running:
            ready = set(wait([entry[0] for entry in running.values()], timeout=0.05))
            for process, (conn, orders, index, started) in list(running.items()):
                label = tasks[index].label
                if conn in ready:
                    try:
                        status, detail = conn.recv()
                    except EOFError:  # it ended without a word: say why (its CPU limit, a kill)
                        process.join()
                        running.pop(process)
                        failures.append(_stopped(label, process.exitcode, cpu_seconds))
                        continue
                    if status == "ok":
                        results[index] = detail
                    else:
                        failures.append(detail if status == "error" else f"internal error in PDF worker:\n{detail}")
                    give(process, conn, orders)
                elif not process.is_alive():
                    process.join()
                    running.pop(process)
                    failures.append(_stopped(label, process.exitcode, cpu_seconds))
                elif time.monotonic() - started > cpu_seconds * WALL_BACKSTOP_FACTOR:
                    process.kill()
                    process.join()
                    running.pop(process)
                    failures.append(
                        f"{label}: the PDF worker made no progress for "
                        f"{cpu_seconds * WALL_BACKSTOP_FACTOR:g} s and was stopped"
                    )
    finally:
        for process in running:
            process.kill()
            process.join()
    if failures:
        raise BuildError("\n".join(dict.fromkeys(failures)))
    return [results[i] for i in range(len(tasks))]


def _stopped(label: str, exitcode: int | None, cpu_seconds: float) -> str:
    """Why a worker ended without a word: its CPU limit, or something else."""
    if exitcode == -signal.SIGXCPU:
        return (
            f"{label}: rendering used more than {cpu_seconds:g} s of CPU time and was stopped "
            "(raise it with --limit render_seconds=N)"
        )
    if exitcode == -signal.SIGKILL:
        return f"the PDF worker for {label} was killed (out of memory?)"
    return f"the PDF worker for {label} stopped unexpectedly"


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)
