"""A stage display for long commands: on a terminal only, and quiet under --quiet or NO_COLOR-free pipes."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from .buildcache import Progress


@contextmanager
def stage_display(quiet: bool) -> Iterator[Progress]:
    """Yield a ``progress(stage)`` callback that shows a spinner with the current stage on stderr."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda stage: None
        return
    started = time.monotonic()
    with console.status("starting") as status:

        def show(stage: str) -> None:
            status.update(f"{stage} ({time.monotonic() - started:.1f} s)")

        yield show
    sys.stderr.flush()
