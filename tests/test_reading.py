"""Reading on two cores gives exactly what reading on one gives, whatever the helper process does."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from helpers import EXAMPLE

from reportgen.core.limits import Limits
from reportgen.inputs import reading
from reportgen.inputs.reading import Reading
from reportgen.inputs.sources import load_inputs

LIMITS = Limits()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The example, plus one file that cannot be read and one duplicate key, so findings cross too."""
    root = tmp_path / "report"
    shutil.copytree(EXAMPLE, root)
    (root / "decisions" / "broken.yaml").write_text("decisions:\n  - id: [unclosed\n", encoding="utf-8")
    (root / "glossary.yaml").write_text("glossary:\n  - term: A\n    term: B\n", encoding="utf-8")
    return root


def _sequential(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[object], list[object]]:
    with monkeypatch.context() as patch:
        patch.setattr(reading, "PARALLEL_MIN_BYTES", 10**12)
        inputs = load_inputs(root, LIMITS)
    return inputs.data, inputs.files, inputs.findings


def _parallel(root: Path) -> tuple[Reading, object, list[object], list[object]]:
    from reportgen.inputs.sources import begin_loading

    started = begin_loading(root, LIMITS)
    inputs = load_inputs(root, LIMITS, started)
    return started, inputs.data, inputs.files, inputs.findings


def test_two_processes_read_what_one_reads(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PARALLEL_MIN_BYTES", 0)
    started, data, files, findings = _parallel(folder)
    assert started._helper is not None  # the helper really ran
    expected = _sequential(folder, monkeypatch)
    assert (data, files, findings) == expected
    assert [(f.file, f.line, f.col, f.message) for f in findings] == [  # type: ignore[attr-defined]
        ("decisions/broken.yaml", 2, 9, "YAML syntax error: the '[' that starts here is never closed with ']'"),
        ("glossary.yaml", 3, 5, "duplicate key 'term' (first defined at line 2)"),
    ]


def test_a_helper_that_dies_costs_time_not_data(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PARALLEL_MIN_BYTES", 0)

    def die(*_: object) -> None:
        os._exit(7)

    monkeypatch.setattr(reading, "_serve", die)
    started, data, files, findings = _parallel(folder)
    assert started._helper is not None
    assert (data, files, findings) == _sequential(folder, monkeypatch)


def test_a_helper_that_sends_garbage_is_ignored(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PARALLEL_MIN_BYTES", 0)

    def garbage(_read: object, _claims: object, out: int) -> None:
        os.write(out, b"not a pickle")

    monkeypatch.setattr(reading, "_serve", garbage)
    _, data, files, findings = _parallel(folder)
    assert (data, files, findings) == _sequential(folder, monkeypatch)


def test_no_helper_is_forked_while_other_threads_run(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PARALLEL_MIN_BYTES", 0)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        started, data, *_ = _parallel(folder)
    finally:
        release.set()
        other.join()
    assert started._helper is None
    assert data == _sequential(folder, monkeypatch)[0]
