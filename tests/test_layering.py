"""The package's stages form layers: a subpackage imports only from subpackages to its left.

The order is the pipeline (load -> check -> editions -> view -> render -> diff -> build -> audit ->
authoring -> cli). An upward import (``checks`` importing ``authoring``) or a cycle between stages
fails here, with the file and line of the offending import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import reportgen

LAYERS = (
    "core",
    "inputs",
    "schema",
    "editions",
    "checks",
    "view",
    "render",
    "diff",
    "build",
    "audit",
    "authoring",
    "cli",
)
PACKAGE = Path(reportgen.__file__).parent


def imported_modules(path: Path, package_root: Path) -> list[tuple[int, str]]:
    """(line, dotted module below ``reportgen``) for every import of the package in ``path``, wherever
    it stands (a function-level import is as much a dependency as one at the top)."""
    module = path.relative_to(package_root).with_suffix("").parts
    here = list(module[:-1])  # the package the file is in
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
                if not node.module:  # from . import x, y: each name may be a module
                    found += [(node.lineno, ".".join([*target, alias.name])) for alias in node.names]
                    continue
                found.append((node.lineno, ".".join(target)))
            elif node.module and node.module.split(".")[0] == "reportgen":
                found.append((node.lineno, node.module.removeprefix("reportgen").lstrip(".")))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, alias.name.removeprefix("reportgen").lstrip("."))
                for alias in node.names
                if alias.name.split(".")[0] == "reportgen"
            ]
    return found


def layering_violations(package_root: Path) -> list[str]:
    """Every import that reaches a stage to the right of (or unknown to) the importing stage."""
    problems = []
    for path in sorted(package_root.rglob("*.py")):
        parts = path.relative_to(package_root).parts
        if len(parts) < 2:  # the root's __init__ (the lazy public API) and __main__ sit above every stage
            continue
        stage = parts[0]
        if stage not in LAYERS:
            problems.append(f"{path.relative_to(package_root)}: '{stage}' is no stage in LAYERS")
            continue
        for line, target in imported_modules(path, package_root):
            target_stage = target.split(".")[0]
            if target_stage not in LAYERS:
                problems.append(f"{path.relative_to(package_root)}:{line}: imports '{target}', which is in no stage")
            elif LAYERS.index(target_stage) > LAYERS.index(stage):
                problems.append(
                    f"{path.relative_to(package_root)}:{line}: '{stage}' imports '{target}' from '{target_stage}', "
                    "a later stage"
                )
    return problems


def test_every_stage_imports_only_from_earlier_stages() -> None:
    assert layering_violations(PACKAGE) == []


def test_every_stage_folder_is_a_layer() -> None:
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert folders == sorted(LAYERS)


def test_an_upward_import_planted_in_a_copy_fails(tmp_path: Path) -> None:
    """The check itself can fail: plant ``checks`` importing ``authoring`` in a copy of the package."""
    for stage in ("checks", "authoring", "core"):
        (tmp_path / stage).mkdir()
        (tmp_path / stage / "__init__.py").write_text("")
    (tmp_path / "core" / "errors.py").write_text("X = 1\n")
    (tmp_path / "authoring" / "scaffold.py").write_text("from ..core.errors import X\n")
    (tmp_path / "checks" / "planted.py").write_text(
        "from ..core import errors\n\n\ndef f():\n    from ..authoring.scaffold import X\n    return X\n"
    )
    assert layering_violations(tmp_path) == [
        "checks/planted.py:5: 'checks' imports 'authoring.scaffold' from 'authoring', a later stage"
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import reportgen.cli.main\n", "cli.main"),
        ("from reportgen.diff import engine\n", "diff"),
        ("from ...cli.main import main\n", "cli.main"),
    ],
)
def test_absolute_and_relative_imports_are_both_seen(tmp_path: Path, source: str, expected: str) -> None:
    (tmp_path / "core" / "deep").mkdir(parents=True)
    (tmp_path / "core" / "deep" / "m.py").write_text(source)
    assert imported_modules(tmp_path / "core" / "deep" / "m.py", tmp_path) == [(1, expected)]


def test_only_the_command_line_imports_click() -> None:
    """Library code returns values and raises errors; printing and exit codes are the CLI's business."""
    users = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "click" for n in names):
                users.append(path.relative_to(PACKAGE).parts[0])
    assert users and set(users) == {"cli"}
