"""Limits on what an input may make reportgen do, documented in docs/security.md."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

from .errors import UsageError

MAX_DEPTH_CEILING = 200  # later stages recurse over the data; Python's stack allows this much safely


@dataclass(frozen=True)
class Limits:
    """Bounds on inputs and rendering; each can be raised with a ``--limit NAME=VALUE`` option."""

    max_file_bytes: int = 16 * 1024 * 1024
    max_files: int = 20_000
    max_depth: int = 32
    max_string_chars: int = 100_000
    max_items: int = 100_000
    render_seconds: float = 600.0  # CPU seconds one PDF's layout may take (not the clock: see render.workers)

    def with_overrides(self, overrides: dict[str, str]) -> Limits:
        """Return a copy with ``name=value`` overrides applied (names as in docs/security.md)."""
        known = {f.name: f.type for f in fields(self)}
        changes: dict[str, int | float] = {}
        for name, raw in overrides.items():
            if name not in known:
                raise UsageError(f"unknown limit {name!r}; known limits: {', '.join(sorted(known))}")
            try:
                value = float(raw) if name == "render_seconds" else int(raw)
            except ValueError:
                raise UsageError(f"limit {name} needs a number, got {raw!r}") from None
            if not math.isfinite(value) or value <= 0:
                raise UsageError(f"limit {name} must be a positive number, got {raw!r}")
            if name == "max_depth" and value > MAX_DEPTH_CEILING:
                raise UsageError(f"limit max_depth can be at most {MAX_DEPTH_CEILING} (deeper data cannot be checked)")
            changes[name] = value
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_LIMITS = Limits()
