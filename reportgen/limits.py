"""Limits on what an input may make reportgen do, documented in the README's security section."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .errors import UsageError


@dataclass(frozen=True)
class Limits:
    """Bounds on inputs and rendering; each can be raised with a ``--limit NAME=VALUE`` option."""

    max_file_bytes: int = 16 * 1024 * 1024
    max_files: int = 20_000
    max_depth: int = 32
    max_string_chars: int = 100_000
    max_items: int = 100_000
    render_seconds: float = 600.0

    def with_overrides(self, overrides: dict[str, str]) -> Limits:
        """Return a copy with ``name=value`` overrides applied (names as in the README table)."""
        known = {f.name: f.type for f in fields(self)}
        changes: dict[str, int | float] = {}
        for name, raw in overrides.items():
            if name not in known:
                raise UsageError(f"unknown limit {name!r}; known limits: {', '.join(sorted(known))}")
            try:
                changes[name] = float(raw) if name == "render_seconds" else int(raw)
            except ValueError:
                raise UsageError(f"limit {name} needs a number, got {raw!r}") from None
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_LIMITS = Limits()
