"""Models under the board's oversight and the evaluations run against its red lines."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool

from .base import Closed, IsoDate, Item, ItemId, Markdown, Number, ShortText, Text

Result = Literal["below", "reached", "cannot_rule_out"]
Outcome = Literal["not_reached", "reached", "treated_as_reached", "cannot_rule_out"]


class Determination(Closed):
    """A formal finding about one model against a red line or a category level, e.g. 'treated as High'."""

    date: IsoDate = Field(description="Date of the determination.")
    red_line: ItemId | None = Field(None, description="Id of the red line it concerns.")
    category: ItemId | None = Field(None, description="Id of the framework category it concerns.")
    level: ShortText | None = Field(None, description="The category's level it concerns, e.g. 'High' or 'ASL-3'.")
    outcome: Outcome = Field(
        description="not_reached, reached, treated_as_reached (a precaution without proof) or cannot_rule_out."
    )
    safeguards: list[ItemId] = Field(
        default_factory=list, description="Ids of safeguards (standards) activated because of it."
    )
    decision: ItemId | None = Field(None, description="Id of the decision that made it, if the board did.")
    by: ShortText | None = Field(None, description="Who made it, e.g. 'Safety Advisory Group' or 'RSO and CEO'.")
    note: Text | None = Field(None, description="What it means, in a sentence or two.")
    source: ShortText | None = Field(None, description="Where it was published: a URL.")


class Model(Item):
    """An AI model the board oversees."""

    name: ShortText = Field(description="Model name as published (or a code name).")
    developer: ShortText = Field(description="The organisation that develops it.")
    status: Literal["in_development", "limited_release", "general_availability", "withdrawn"] = Field(
        description="Deployment status at the end of the period."
    )
    description: Text | None = Field(None, description="What the model is, in a sentence.")
    determinations: list[Determination] = Field(
        default_factory=list, description="Formal findings about the model against red lines or levels, oldest first."
    )
    safeguards_active: list[ItemId] = Field(
        default_factory=list, description="Ids of the safeguard standards in force for the model at the period's end."
    )


class Evaluator(Closed):
    """Who ran an evaluation, and how independent they are."""

    name: ShortText = Field(description="Organisation or team.")
    kind: Literal["internal", "third_party", "government_institute"] = Field(
        description="internal team, independent third party, or a government safety institute."
    )
    independent: StrictBool = Field(description="true if the evaluator is independent of the developer.")


class RedLineResult(Closed):
    """The three-valued result of testing one red line."""

    red_line: ItemId = Field(description="Id of the red line tested.")
    result: Result = Field(description="below, reached, or cannot_rule_out.")
    early_warning_result: Result | None = Field(
        None, description="The result against the line's early warning (alert threshold): below, reached, ..."
    )
    level_reached: ShortText | None = Field(
        None, description="The highest level of the line's category reached, e.g. 'Medium' or 'ASL-2'."
    )
    pre_mitigation: Result | None = Field(
        None, description="Result before safeguards, where the framework gates on it (e.g. security)."
    )
    post_mitigation: Result | None = Field(
        None, description="Result with safeguards on, where the framework gates deployment on it."
    )
    score: Number | None = Field(None, description="Measured value, in the criterion's unit.")
    uncertainty: Number | None = Field(None, description="Plus-or-minus on the score.")
    note: Text | None = Field(None, description="What the result means.")


class Evaluation(Item):
    """A capability evaluation of one model against one or more red lines."""

    model: ItemId | None = Field(None, description="Id of the model evaluated (or give models).")
    models: list[ItemId] = Field(
        default_factory=list, description="Ids of the models evaluated, for a joint evaluation of several."
    )
    date: IsoDate = Field(description="Date the results were reported.")
    evaluator: Evaluator = Field(description="Who ran it.")
    access: list[Literal["api", "fine_tuning", "helpful_only", "no_safety_filters", "weights", "chain_of_thought"]] = (
        Field(min_length=1, description="What access the evaluator had.")
    )
    mitigations_on: StrictBool = Field(description="true if safety mitigations were active during testing.")
    method: Text = Field(description="How it was done.")
    results: list[RedLineResult] = Field(min_length=1, description="One result per red line tested.")
    summary: Markdown | None = Field(None, description="Summary of findings.")

    def model_ids(self) -> list[str]:
        """The models evaluated, whichever form names them (a cross-check requires exactly one)."""
        return [self.model] if self.model is not None else list(self.models)
