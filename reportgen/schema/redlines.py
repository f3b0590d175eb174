"""Red lines: the capability thresholds the board has committed to, and their history.

Shaped after the public frontier-safety frameworks: a red line may belong to a framework and to one of its
risk categories at a named level (High < Critical, ASL-3 < ASL-4); its criterion may combine conditions
(any of, all of), give ranges or illustrative values; safeguards are required per stage; an early warning
may carry its own response; a research category is monitored with no threshold; and lineage says which
earlier lines a line replaces, was split from or was merged into.
"""

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
RedLineKind = Literal["capability_threshold", "safeguard_standard", "research_category"]


class Condition(Closed):
    """One measurable condition: a metric compared with a value, or a range (value_min to value_max)."""

    description: Text = Field(description="The condition in plain words.")
    metric: ShortText | None = Field(None, description="What is measured, e.g. 'uplift over expert baseline'.")
    comparison: Comparison | None = Field(None, description="How the measured value is compared with the value.")
    value: Number | None = Field(None, description="The threshold value.")
    value_min: Number | None = Field(
        None, description="Lower end of a range, e.g. 2 for '2-8 hours' (instead of comparison and value)."
    )
    value_max: Number | None = Field(None, description="Upper end of a range, e.g. 8 for '2-8 hours'.")
    unit: ShortText | None = Field(None, description="Unit of the value, e.g. '%' or 'tasks'.")
    example: bool = Field(
        False,
        strict=True,
        description="true when the framework gives the number as an illustration ('e.g. three times the "
        "baseline'): shown as 'e.g.', never compared as a binding number.",
    )


class Threshold(Condition):
    """When a red line counts as reached: one condition, or several combined with any_of / all_of."""

    any_of: list[Condition] = Field(
        default_factory=list, description="Reached when any of these holds ('A OR B'), as the frameworks write it."
    )
    all_of: list[Condition] = Field(default_factory=list, description="Reached only when all of these hold.")


class ResponseStep(Closed):
    """One step of a response, in order: what is done, and when it applies."""

    action: ResponseAction = Field(description="The action of this step.")
    condition: Text | None = Field(
        None, description="When the step applies, e.g. 'if interim measures are not in place'; none: always."
    )
    within_days: int | None = Field(
        None, strict=True, ge=1, le=3650, description="Days allowed for this step before the next one applies."
    )


class Response(Closed):
    """What the board commits to do when the line is reached or cannot be ruled out."""

    actions: list[ResponseAction] = Field(
        default_factory=list, description="Committed actions, strongest first (or give ordered steps)."
    )
    steps: list[ResponseStep] = Field(
        default_factory=list,
        description="Ordered steps with conditions, e.g. interim measures, then a pause if they are not in place "
        "within 30 days. Give actions or steps.",
    )
    description: Text = Field(description="The response in plain words.")


class EarlyWarning(Threshold):
    """An alert threshold below the red line: reaching it triggers preparation, and may carry its own response."""

    response: Response | None = Field(None, description="What is done when the alert threshold is reached.")
    required_safeguards: list[ItemId] = Field(
        default_factory=list, description="Ids of safeguards required once the alert threshold is reached."
    )


class Review(Closed):
    """How often the red line is reviewed."""

    interval_months: int = Field(strict=True, ge=1, le=60, description="Months between scheduled reviews.")
    last_reviewed: IsoDate | None = Field(None, description="Date of the most recent review.")


class HistoryEntry(Closed):
    """One change to a red line, with its reason."""

    date: IsoDate = Field(description="Date the change took effect.")
    published: IsoDate | None = Field(None, description="Date the change was published, if not the same.")
    adopted: IsoDate | None = Field(
        None,
        description="Date the board adopted the change, if not the same: what 'unexplained' is judged on, so a "
        "change published before the period but adopted in it is explained by this year's entry.",
    )
    change: ChangeKind = Field(description="introduced, strengthened, weakened, clarified or retired.")
    summary: Text = Field(description="What changed.")
    reason: Text = Field(description="Why it changed; required for every change, above all a weakening.")
    decision: ItemId | None = Field(None, description="Id of the decision that made the change.")


class RedLine(Item):
    """A capability threshold the board commits not to cross without the stated response."""

    title: ShortText = Field(description="Short name of the red line.")
    kind: RedLineKind = Field(
        "capability_threshold",
        description="capability_threshold (reached -> response), safeguard_standard (a level of protection "
        "the board requires), or research_category (monitored, no threshold, no response, no tier).",
    )
    framework: ItemId | None = Field(None, description="Id of the framework (in frameworks) this line comes from.")
    category: ItemId | None = Field(
        None, description="Id of the framework's risk category this line belongs to, e.g. OAI-PF2-BIO."
    )
    level: ShortText | None = Field(
        None, description="The category's level this line marks, e.g. 'High' or 'ASL-3' (one of its levels)."
    )
    domain: Domain = Field(description="Risk domain, after the public frameworks' categories.")
    tier: int | None = Field(
        None, strict=True, ge=1, le=5, description="Severity tier; higher is more severe. Not for research categories."
    )
    tier_label: ShortText | None = Field(None, description="Name of the tier, e.g. 'High' or 'Critical'.")
    tracked: bool = Field(
        True, strict=True, description="true for a tracked category with a trigger; false for research only."
    )
    capability: Text = Field(description="The capability the line guards against.")
    harm: Text = Field(description="The harm that capability could cause.")
    criterion: Threshold | None = Field(
        None, description="When the red line counts as reached. Required unless a research category."
    )
    early_warning: EarlyWarning | None = Field(
        None, description="An earlier alert threshold that triggers preparation, with its own response if any."
    )
    required_safeguards: list[ItemId] = Field(
        default_factory=list, description="Ids of safeguards required before external deployment past this line."
    )
    internal_deployment_safeguards: list[ItemId] = Field(
        default_factory=list, description="Ids of safeguards required before internal deployment past this line."
    )
    development_safeguards: list[ItemId] = Field(
        default_factory=list,
        description="Ids of safeguards required during development (training) past this line, e.g. security.",
    )
    response: Response | None = Field(
        None, description="What happens when the line is reached or cannot be ruled out. Required unless research."
    )
    decided_by: ShortText | None = Field(
        None, description="Who decides on the response, e.g. 'the Board by simple majority'. Required unless research."
    )
    review: Review = Field(description="The review schedule.")
    status: Literal["active", "retired"] = Field("active", description="active, or retired (kept for history).")
    history: list[HistoryEntry] = Field(min_length=1, description="Every change, oldest first.")
    replaces: list[ItemId] = Field(
        default_factory=list,
        description="Ids of earlier red lines this one replaces (several: they were merged into this one).",
    )
    split_from: ItemId | None = Field(
        None, description="Id of the earlier red line this one was carved out of, with its siblings."
    )
    merged_into: ItemId | None = Field(None, description="On a retired line: the id of the line that absorbed it.")
    source: ShortText | None = Field(
        None, description="Where the framework says this: a URL, with the section if useful."
    )
    notes: Markdown | None = Field(None, description="Anything else a reader should know.")
