"""Themes: an ordered search path of template folders, the user's first and the packaged default last.

An override folder may replace any template or stylesheet, or extend the default block by block with
``{% extends "default/report.html.j2" %}`` (the default theme is always reachable under ``default/``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import UsageError

if TYPE_CHECKING:
    from jinja2 import Environment

THEME_ENTRY = "report.html.j2"


def default_theme_dir() -> Path:
    """The packaged theme: ``templates/`` in a source checkout, ``reportgen/theme`` when installed."""
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent / "templates"
    if (checkout / THEME_ENTRY).is_file():
        return checkout
    return package / "theme"


@dataclass(frozen=True)
class Theme:
    """The folders searched for templates and assets, in order."""

    folders: tuple[Path, ...]

    @classmethod
    def with_overrides(cls, override: Path | None) -> Theme:
        default = default_theme_dir()
        if override is None:
            return cls((default,))
        if not override.is_dir():
            raise UsageError(f"--templates {override}: not a folder")
        folder = override.resolve()
        for path in folder.rglob("*"):
            if not path.resolve().is_relative_to(folder):
                raise UsageError(f"--templates {override}: {path.relative_to(folder)} links outside the folder")
        return cls((folder, default))

    def environment(self) -> Environment:
        """A Jinja environment with autoescape on and undefined names as errors (one per theme)."""
        return _environment(self)

    def find(self, name: str) -> Path:
        """The first folder's copy of an asset (a stylesheet, a font); never a path outside the theme."""
        for folder in self.folders:
            candidate = (folder / name).resolve()
            if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                return candidate
        raise UsageError(f"theme file {name!r} not found in {', '.join(str(f) for f in self.folders)}")

    def asset_text(self, name: str) -> str:
        return self.find(name).read_text(encoding="utf-8")

    def digest(self) -> str:
        """sha256 over every file of every theme folder (names and bytes), for the manifest and cache."""
        signature = tuple(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for folder in self.folders
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        )
        return _digest(self.folders, signature)


@lru_cache(maxsize=8)
def _digest(folders: tuple[Path, ...], signature: tuple[tuple[str, int, int], ...]) -> str:
    # Keyed by every file's path, mtime and size: the fonts are hashed once per process, not per build.
    sha = hashlib.sha256()
    for index, folder in enumerate(folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            sha.update(f"{index}:{path.relative_to(folder).as_posix()}\0".encode())
            sha.update(hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


@lru_cache(maxsize=8)
def _environment(theme: Theme) -> Environment:
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        PrefixLoader,
        StrictUndefined,
        select_autoescape,
    )

    search = FileSystemLoader([str(f) for f in theme.folders])
    default = FileSystemLoader(str(theme.folders[-1]))
    env = Environment(
        loader=ChoiceLoader([PrefixLoader({"default": default}), search]),
        autoescape=select_autoescape(default_for_string=True, enabled_extensions=("html", "j2", "svg", "xml")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,  # an edited template is picked up (the preview server relies on it)
    )
    env.globals["asset_text"] = theme.asset_text
    return env
