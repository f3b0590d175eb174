"""The wheel, installed for real (not editable), holds every module and the theme, and builds the example.

An editable install reads the source tree, so a subpackage or template left out of ``pyproject.toml``
would go unnoticed until a user installed the release: this installs the wheel into a fresh virtual
environment (reusing this environment's dependencies, so no network is needed for them) and runs it.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("reportgen-*.whl")
    return built


def test_the_wheel_holds_every_module_and_every_theme_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "reportgen").rglob("*.py")}
    theme = {
        "reportgen/theme/" + p.relative_to(ROOT / "templates").as_posix()
        for p in (ROOT / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert modules - names == set()
    assert theme - names == set()


def test_the_installed_wheel_builds_the_example(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--force-reinstall", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # run from elsewhere, so that the source tree's reportgen/ cannot be imported by accident
    where = subprocess.run(
        [python, "-c", "import reportgen.render.theme as t; print(t.__file__, t.default_theme_dir())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(venv)) and where[1].startswith(str(venv)), where
    done = subprocess.run(
        [venv / "bin" / "reportgen", "build", ROOT / "inputs" / "asab-2026", "-o", tmp_path / "out", "--format=html"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<h1" in html and "Joint AI Safety and Alignment Board" in html
