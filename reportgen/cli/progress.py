"""A stage display for long commands: on a terminal only, and quiet under --quiet or NO_COLOR-free pipes."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from ..build.cache import Progress


@contextmanager
def stage_display(quiet: bool) -> Iterator[Progress]:
    """Yield a ``progress(stage)`` callback that shows a spinner with the current stage on stderr."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda stage: None
        return
    stage = _Stage()
    with console.status(stage):

        def show(name: str) -> None:
            stage.name = name

        yield show
    sys.stderr.flush()


class _Stage:
    """The current stage and the time since the command started, drawn afresh with every spinner frame
    (a long PDF layout would otherwise show the time at which it began)."""

    def __init__(self) -> None:
        self.name = "starting"
        self.started = time.monotonic()

    def __rich__(self) -> str:
        return f"{self.name} ({time.monotonic() - self.started:.1f} s)"
