"""Shared fixtures: copies of the small base report with ``reportgen validate`` in-process, and the example
report built once per run.

Markers (declared in pyproject.toml):

- ``pdf``: lays out a PDF with WeasyPrint, directly or through a fixture. Every test that uses one of the
  session builds below is marked by ``pytest_collection_modifyitems``, so none is forgotten.
- ``browser``: drives Debian's chromium through playwright.
- ``slow``: long without a PDF (a wheel installed into a fresh virtual environment).

The inner loop is ``python -m pytest -m "not pdf and not browser"`` (under 90 s on 2 cores); CI runs
everything.

The example builds are shared by every test of the run: a test that changes the outputs or the inputs
works on a copy (``shutil.copytree``). Each build checks at the end of the run that nobody changed it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.register_assert_rewrite("helpers")  # its assert_invalid() shows the differing lines when it fails

from helpers import BASE, EXAMPLE, PREVIOUS, Case, Edits, Run, digests  # noqa: E402

from reportgen.build.orchestrator import BuildOptions, build  # noqa: E402
from reportgen.cli.main import cli  # noqa: E402

# The session builds that lay out PDFs: a test using any of them (directly or through another fixture) is pdf.
PDF_BUILDS = {"built_example", "built_previous_example"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``pdf`` every test that needs a session build with PDFs, before ``-m`` selects."""
    for item in items:
        if PDF_BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.pdf)


def _shared_build(out: Path, options: BuildOptions) -> Iterator[Path]:
    """Build once, hand the folder to every test, and check at the end that no test changed it."""
    build(options)
    before = digests(out)
    yield out
    assert digests(out) == before, f"a test changed the shared build in {out}: copy it first"


@pytest.fixture(scope="session")
def example_html(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``inputs/asab-2026`` built as HTML, every edition (under a second): report.html,
    report-internal.html, report-regulator.html and their manifests. Read it; copy it to change it."""
    out = tmp_path_factory.mktemp("example-html")
    yield from _shared_build(out, BuildOptions(EXAMPLE, out, formats=("html",)))


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``inputs/asab-2026`` built once per run, every edition as HTML and PDF (the PDFs take minutes of
    CPU): the folder ``reportgen build`` writes. Read it; copy it to change it."""
    out = tmp_path_factory.mktemp("example")
    yield from _shared_build(out, BuildOptions(EXAMPLE, out))


@pytest.fixture(scope="session")
def built_previous_example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``inputs/asab-2025`` (the example's previous report) built once per run: its internal edition's PDF,
    the only one a test needs. Read it; copy it to change it."""
    out = tmp_path_factory.mktemp("previous-example")
    yield from _shared_build(out, BuildOptions(PREVIOUS, out, formats=("pdf",), editions=("internal",)))


@pytest.fixture
def make_case(tmp_path: Path) -> Callable[..., Case]:
    def make(edits: Edits | None = None) -> Case:
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
