"""Shared field types and the closed base model every input item derives from."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from ..core.describe import describe

Audience = Literal["public", "regulator", "internal"]
AUDIENCE_ORDER: dict[str, int] = {"public": 0, "regulator": 1, "internal": 2}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _iso_date(value: Any) -> Any:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` text and nothing else (no "14/03/2026", no numbers)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not _ISO_DATE.match(value):
            raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real calendar date") from None
    raise ValueError(f"expected a date in the form YYYY-MM-DD, got {describe(value)}")


def _number(value: Any) -> Any:
    """A finite number written as a number: not text, not true/false, not infinity."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"expected a number, got {describe(value)}")
    if not math.isfinite(value):
        raise ValueError("expected a finite number, got infinity or not-a-number")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

# Every pattern a text field must match, and what to tell someone whose text does not (messages.py):
# (what the text is not, what to write instead).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
WEB_ADDRESS_PATTERN = r"^https://[^\s]+$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$"
PATTERN_ADVICE: dict[str, tuple[str, str]] = {
    ID_PATTERN: (
        "a valid id",
        "use unaccented letters a-z or A-Z, digits, '.', '_' and '-', starting with a letter or digit "
        "(at most 64 characters)",
    ),
    WEB_ADDRESS_PATTERN: ("a full web address", "write a web address starting with https://"),
    EMAIL_PATTERN: ("an e-mail address", "write an e-mail address such as name@example.org"),
    LANGUAGE_PATTERN: ("a language code", "write a language code such as en or en-GB"),
}

# The pattern refuses invisible, bidirectional and control characters; messages.py says so in words.
ItemId = Annotated[str, StringConstraints(strict=True, pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100_000)]
ShortText = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=300)]
Markdown = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=100_000)]
Count = Annotated[int, Field(strict=True, ge=0)]
Number = Annotated[float | int, BeforeValidator(_number)]


class Closed(BaseModel):
    """A closed model: unknown keys are errors, strings are not coerced into numbers or booleans."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, validate_default=True)


class FieldWithholding(Closed):
    """A single field shown to a narrower audience than the rest of its item, and why."""

    audience: Audience = Field(description="Widest audience that may see this field: regulator or internal.")
    reason: ShortText | None = Field(None, description="Why the field is withheld; shown where the field would be.")


def _field_withholding(value: Any) -> Any:
    """``rationale: internal`` is short for ``rationale: {audience: internal}``."""
    return {"audience": value} if isinstance(value, str) else value


FieldAudience = Annotated[
    FieldWithholding,
    BeforeValidator(_field_withholding, json_schema_input_type=Audience | FieldWithholding),
]


class Item(Closed):
    """Anything listed in a report: it has a stable id and an audience."""

    id: ItemId = Field(description="Stable identifier, unique within its section; used in links and diffs.")
    audience: Audience = Field(
        "public",
        description="Widest audience that may see this item: public, regulator or internal.",
    )
    withheld_reason: ShortText | None = Field(
        None,
        description="Why this item is withheld from wider audiences; shown in their editions' placeholder.",
    )
    field_audience: dict[str, FieldAudience] = Field(
        default_factory=dict,
        description="Fields shown to a narrower audience than the item, e.g. {rationale: internal} or, with a "
        "reason, {rationale: {audience: internal, reason: Legal advice}}; wider editions show them as withheld.",
    )


class NoneThisYear(Closed):
    """An explicit statement that a section has nothing to report, as opposed to leaving it out."""

    none_this_year: Text = Field(
        description="The statement shown instead of the section, e.g. 'No incidents met the threshold.'"
    )
