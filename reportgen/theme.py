"""Themes: an ordered search path of template folders, the user's first and the packaged default last.

An override folder may replace any template or stylesheet, or extend the default block by block with
``{% extends "default/report.html.j2" %}`` (the default theme is always reachable under ``default/``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)

from .errors import UsageError

THEME_ENTRY = "report.html.j2"


def default_theme_dir() -> Path:
    """The packaged theme: ``templates/`` in a source checkout, ``reportgen/theme`` when installed."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "templates"
    if (checkout / THEME_ENTRY).is_file():
        return checkout
    return here / "theme"


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
        return cls((override.resolve(), default))

    def environment(self) -> Environment:
        """A Jinja environment with autoescape on and undefined names as errors."""
        search = FileSystemLoader([str(f) for f in self.folders])
        default = FileSystemLoader(str(self.folders[-1]))
        env = Environment(
            loader=ChoiceLoader([PrefixLoader({"default": default}), search]),
            autoescape=select_autoescape(default_for_string=True, enabled_extensions=("html", "j2", "svg", "xml")),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.globals["asset_text"] = self.asset_text
        return env

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
        sha = hashlib.sha256()
        for index, folder in enumerate(self.folders):
            for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
                sha.update(f"{index}:{path.relative_to(folder).as_posix()}\0".encode())
                sha.update(hashlib.sha256(path.read_bytes()).digest())
        return sha.hexdigest()
