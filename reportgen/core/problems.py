"""What a cross-check reports: a problem at a path in the input document (the caller turns the
path into ``file:line:col``). In a module of its own so that checks can live in several modules."""

from __future__ import annotations

from dataclasses import dataclass

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    loc: Loc
    message: str
    severity: str = "error"
    code: str = "check"
    related: Loc | None = None  # another place the message names as {related}
    refers_to: str | None = None  # for a reference that resolves nowhere: the section it should name an item of
