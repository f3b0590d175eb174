"""Models under the board's oversight and the evaluations run against its red lines."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictBool

from .base import Closed, IsoDate, Item, ItemId, Markdown, Number, ShortText, Text

Result = Literal["below", "reached", "cannot_rule_out"]


class Model(Item):
    """An AI model the board oversees."""

    name: ShortText = Field(description="Model name as published (or a code name).")
    developer: ShortText = Field(description="The organisation that develops it.")
    status: Literal["in_development", "limited_release", "general_availability", "withdrawn"] = Field(
        description="Deployment status at the end of the period."
    )
    description: Text | None = Field(None, description="What the model is, in a sentence.")


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
    score: Number | None = Field(None, description="Measured value, in the criterion's unit.")
    uncertainty: Number | None = Field(None, description="Plus-or-minus on the score.")
    note: Text | None = Field(None, description="What the result means.")


class Evaluation(Item):
    """A capability evaluation of one model against one or more red lines."""

    model: ItemId = Field(description="Id of the model evaluated.")
    date: IsoDate = Field(description="Date the results were reported.")
    evaluator: Evaluator = Field(description="Who ran it.")
    access: list[Literal["api", "fine_tuning", "helpful_only", "no_safety_filters", "weights", "chain_of_thought"]] = (
        Field(min_length=1, description="What access the evaluator had.")
    )
    mitigations_on: StrictBool = Field(description="true if safety mitigations were active during testing.")
    method: Text = Field(description="How it was done.")
    results: list[RedLineResult] = Field(min_length=1, description="One result per red line tested.")
    summary: Markdown | None = Field(None, description="Summary of findings.")
