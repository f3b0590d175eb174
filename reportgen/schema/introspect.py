"""Reading the schema's own annotations: which models a field can hold, which values it allows.

Shared by the messages (what was expected), ``init`` (comments) and the spreadsheet layout (columns).
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, Union

from pydantic import BaseModel


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every model class reachable through Optional, list, Annotated and unions of an annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in models_in(arg)]


def strip_optional(annotation: Any) -> Any:
    """The annotation without ``Annotated[...]`` and ``| None`` wrappers."""
    while True:
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (Union, types.UnionType) and type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def choices(annotation: Any) -> list[str]:
    """The allowed values of a field (or of its list's items), if it has a fixed set."""
    base = strip_optional(annotation)
    if typing.get_origin(base) is list:
        base = strip_optional(typing.get_args(base)[0])
    return [str(a) for a in typing.get_args(base)] if typing.get_origin(base) is Literal else []
