"""The PDF worker's limit counts CPU seconds: a busy machine makes a build slower, never failed."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from reportgen.core.errors import BuildError
from reportgen.render import workers
from reportgen.render.chunks import GroupResult, GroupTask
from reportgen.render.pdf import PdfJob
from reportgen.render.workers import PdfTask, run_pdf_tasks


def _task(tmp_path: Path) -> PdfTask:
    job = PdfJob(
        html="<p>x</p>",
        theme_dir=tmp_path,
        allowed_roots=(tmp_path,),
        title="t",
        author="a",
        published=date(2026, 1, 1),
        identifier="0" * 32,
        attachments=(),
    )
    return PdfTask(job, tmp_path / "report.pdf")


def _result(pdf: bytes) -> GroupResult:
    return GroupResult(pdf=pdf, pages=1, anchors={}, page_names=(), lookups={}, served=())


def test_a_worker_that_computes_past_its_cpu_limit_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def spin(task: GroupTask) -> GroupResult:
        while True:
            pass

    monkeypatch.setattr(workers, "lay_out_group", spin)  # the forked worker inherits the patch
    (tmp_path / "report.pdf").write_bytes(b"previous")
    with pytest.raises(BuildError) as raised:
        run_pdf_tasks([_task(tmp_path)], cpu_seconds=1)
    assert str(raised.value) == (
        "report.pdf: rendering used more than 1 s of CPU time and was stopped (raise it with --limit render_seconds=N)"
    )
    assert (tmp_path / "report.pdf").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]  # no temporary file left


def test_a_worker_that_waits_longer_than_its_cpu_limit_is_not_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Waiting for a core (here: sleeping) is not computing: 2.5 s on the clock, far under 1 s of CPU."""

    def slow(task: GroupTask) -> GroupResult:
        time.sleep(2.5)
        return _result(b"%PDF-1.7 done")

    monkeypatch.setattr(workers, "lay_out_group", slow)
    run_pdf_tasks([_task(tmp_path)], cpu_seconds=1)
    assert (tmp_path / "report.pdf").read_bytes() == b"%PDF-1.7 done"


def test_a_worker_that_hangs_without_computing_is_stopped_by_the_backstop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers, "WALL_BACKSTOP_FACTOR", 2)
    monkeypatch.setattr(workers, "lay_out_group", lambda task: time.sleep(60) or _result(b""))
    with pytest.raises(BuildError) as raised:
        run_pdf_tasks([_task(tmp_path)], cpu_seconds=1)
    assert str(raised.value) == "report.pdf: the PDF worker made no progress for 2 s and was stopped"


def test_three_editions_on_two_cores_are_laid_out_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two at a time, the third edition would run alone while a core idles: all three start together."""
    started = tmp_path / "started"
    started.mkdir()

    def wait_for_the_others(task: GroupTask) -> GroupResult:
        (started / task.job.identifier).touch()
        deadline = time.monotonic() + 20
        while len(list(started.iterdir())) < 3:  # each worker waits until all three have started
            if time.monotonic() > deadline:
                return _result(b"alone")
            time.sleep(0.01)
        return _result(b"together")

    monkeypatch.setattr(workers, "lay_out_group", wait_for_the_others)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)
    tasks = []
    for edition in ("public", "regulator", "internal"):
        folder = tmp_path / edition
        folder.mkdir()
        task = _task(folder)
        tasks.append(PdfTask(replace(task.job, identifier=edition), task.target))
    run_pdf_tasks(tasks, cpu_seconds=30)
    assert [(t.target.parent.name, t.target.read_bytes()) for t in tasks] == [
        ("public", b"together"),
        ("regulator", b"together"),
        ("internal", b"together"),
    ]


def test_workers_run_every_task_at_once_up_to_two_per_core_then_one_per_core() -> None:
    assert [workers.default_parallelism(n, cores=2) for n in (1, 2, 3, 4, 5, 9)] == [1, 2, 3, 4, 2, 2]
    assert workers.default_parallelism(0, cores=1) == 1
