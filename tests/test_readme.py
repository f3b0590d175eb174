"""The README stays short and true: its two commands work as written (CI runs the second verbatim), it
fits in 8 KB, and every page it links to exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MAX_BYTES = 8192


def _text() -> str:
    return README.read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", _text())[:2]


def test_the_readme_opens_with_a_build_command_and_a_test_command() -> None:
    build, test = _commands()
    assert "pip install ." in build and build.endswith("reportgen build inputs/asab-2026")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    """Some line of .ci/run is the README's test command, whatever else the script does around it."""
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    test = _commands()[1]
    assert test in ci, f"no line of .ci/run is the README's test command:\n{test}"


def test_the_readme_fits_in_8_kb() -> None:
    size = len(README.read_bytes())
    assert size <= MAX_BYTES, f"README.md is {size} bytes, over {MAX_BYTES}: move the detail into docs/"


def test_the_readme_keeps_its_tour_and_error_example() -> None:
    text = _text()
    tour = text[text.index("## A report in five minutes") :]
    for step in ("reportgen init", "reportgen serve", "reportgen validate", "reportgen build"):
        assert step in tour, step
    assert re.search(r"```text\n\S+\.yaml:\d+:\d+: ", tour), "the located error example is gone"


def test_every_relative_link_in_the_readme_leads_to_a_file() -> None:
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)\s]*)?\)", _text())
    relative = [link for link in links if "://" not in link]
    assert any(link.startswith("docs/") for link in relative)
    missing = [link for link in relative if not (ROOT / link).exists()]
    assert not missing, f"README.md links to missing files: {missing}"
