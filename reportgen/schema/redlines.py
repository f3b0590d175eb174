"""Red lines: the capability thresholds the board has committed to, and their history."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Closed, IsoDate, Item, ItemId, Markdown, Number, ShortText, Text

Domain = Literal[
    "biological_chemical",
    "cybersecurity",
    "ai_self_improvement",
    "autonomous_replication",
    "long_range_autonomy",
    "harmful_manipulation",
    "nuclear_radiological",
    "sandbagging",
    "undermining_safeguards",
    "misalignment",
    "other",
]
Comparison = Literal[">=", ">", "<=", "<"]
ResponseAction = Literal[
    "halt_development",
    "withdraw_model",
    "halt_deployment",
    "delay_deployment",
    "restrict_access",
    "interim_measures",
    "enhanced_safeguards",
    "notify_authorities",
    "review",
]
# Stronger responses first: a change that drops the strongest action softens the response.
RESPONSE_SEVERITY: dict[str, int] = {
    "halt_development": 9,
    "withdraw_model": 8,
    "halt_deployment": 7,
    "delay_deployment": 6,
    "restrict_access": 5,
    "interim_measures": 4,
    "enhanced_safeguards": 3,
    "notify_authorities": 2,
    "review": 1,
}
ChangeKind = Literal["introduced", "strengthened", "weakened", "clarified", "retired"]


class Threshold(Closed):
    """A measurable condition: metric, comparison and value. Prose describes what it means."""

    description: Text = Field(description="The condition in plain words.")
    metric: ShortText | None = Field(None, description="What is measured, e.g. 'uplift over expert baseline'.")
    comparison: Comparison | None = Field(None, description="How the measured value is compared with the value.")
    value: Number | None = Field(None, description="The threshold value.")
    unit: ShortText | None = Field(None, description="Unit of the value, e.g. '%' or 'tasks'.")


class Response(Closed):
    """What the board commits to do when the line is reached or cannot be ruled out."""

    actions: list[ResponseAction] = Field(min_length=1, description="Committed actions, strongest first.")
    description: Text = Field(description="The response in plain words.")


class Review(Closed):
    """How often the red line is reviewed."""

    interval_months: int = Field(strict=True, ge=1, le=60, description="Months between scheduled reviews.")
    last_reviewed: IsoDate | None = Field(None, description="Date of the most recent review.")


class HistoryEntry(Closed):
    """One change to a red line, with its reason."""

    date: IsoDate = Field(description="Date the change took effect.")
    change: ChangeKind = Field(description="introduced, strengthened, weakened, clarified or retired.")
    summary: Text = Field(description="What changed.")
    reason: Text = Field(description="Why it changed; required for every change, above all a weakening.")
    decision: ItemId | None = Field(None, description="Id of the decision that made the change.")


class RedLine(Item):
    """A capability threshold the board commits not to cross without the stated response."""

    title: ShortText = Field(description="Short name of the red line.")
    domain: Domain = Field(description="Risk domain, after the public frameworks' categories.")
    tier: int = Field(strict=True, ge=1, le=5, description="Severity tier; higher is more severe.")
    tier_label: ShortText = Field(description="Name of the tier, e.g. 'High' or 'Critical'.")
    tracked: bool = Field(
        True, strict=True, description="true for a tracked category with a trigger; false for research only."
    )
    capability: Text = Field(description="The capability the line guards against.")
    harm: Text = Field(description="The harm that capability could cause.")
    criterion: Threshold = Field(description="When the red line counts as reached.")
    early_warning: Threshold | None = Field(None, description="An earlier alert threshold that triggers preparation.")
    required_safeguards: list[ItemId] = Field(
        default_factory=list, description="Ids of safeguards required before deployment past this line."
    )
    response: Response = Field(description="What happens when the line is reached or cannot be ruled out.")
    decided_by: ShortText = Field(description="Who decides on the response, e.g. 'the Board by simple majority'.")
    review: Review = Field(description="The review schedule.")
    status: Literal["active", "retired"] = Field("active", description="active, or retired (kept for history).")
    history: list[HistoryEntry] = Field(min_length=1, description="Every change, oldest first.")
    notes: Markdown | None = Field(None, description="Anything else a reader should know.")
