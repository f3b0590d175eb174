"""Shared fixtures: copy the valid base report folder, edit it, and run ``reportgen validate`` in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli.main import cli

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "base"


class Case:
    """A copy of ``tests/corpus/base`` in a temporary folder, with helpers for one targeted edit."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def replace(self, file: str, old: str, new: str) -> Case:
        """Replace ``old`` (which must occur exactly once) with ``new`` in ``file``."""
        path = self.root / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{file}: expected exactly one {old!r}, found {text.count(old)}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return self

    def write(self, file: str, data: str | bytes) -> Case:
        """Create or overwrite ``file`` with text (UTF-8) or raw bytes."""
        path = self.root / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return self

    def apply(self, edits: list[tuple[str, str | None, str | bytes]]) -> Case:
        """``(file, old, new)`` replaces text; ``(file, None, data)`` writes the whole file."""
        for file, old, new in edits:
            if old is None:
                self.write(file, new)
            else:
                assert isinstance(new, str)
                self.replace(file, old, new)
        return self


@dataclass
class Run:
    """The outcome of one ``reportgen validate`` run."""

    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """Every line on stderr (findings, then the summary line when invalid)."""
        return self.stderr.splitlines()


@pytest.fixture
def make_case(tmp_path: Path) -> Callable[..., Case]:
    def make(edits: list[tuple[str, str | None, str | bytes]] | None = None) -> Case:
        root = tmp_path / "report"
        shutil.copytree(BASE, root)
        return Case(root).apply(edits or [])

    return make


@pytest.fixture
def run_validate() -> Callable[..., Run]:
    """Run ``reportgen validate ARGS...`` through click's CliRunner; never tolerate an uncaught exception."""

    def run(*args: str | Path) -> Run:
        result = CliRunner().invoke(cli, ["validate", *map(str, args)], catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}")
        outcome = Run(result.exit_code, result.stdout, result.stderr)
        assert "Traceback" not in outcome.stdout + outcome.stderr
        return outcome

    return run
