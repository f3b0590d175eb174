"""The README's two commands stay true: CI runs the second verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"))[:2]


def test_the_readme_opens_with_a_build_command_and_a_test_command() -> None:
    build, test = _commands()
    assert "pip install ." in build and build.endswith("reportgen build inputs/asab-2026")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _commands()[1] in ci


def test_the_input_reference_is_generated_from_the_current_schema() -> None:
    from reportgen.authoring.docs import updated_readme

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert updated_readme(text) == text, "run: python3 -m reportgen.authoring.docs"
