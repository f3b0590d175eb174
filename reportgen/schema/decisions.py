"""Decisions of the board, with their votes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Closed, IsoDate, Item, ItemId, Markdown, ShortText, Text

DecisionKind = Literal[
    "approve",
    "approve_with_conditions",
    "reject",
    "delay",
    "halt",
    "withdraw",
    "amend_red_line",
    "grant_exception",
    "incident_response",
    "third_party_evaluation",
    "information_sharing",
    "governance",
]


class Recusal(Closed):
    """A member who stood aside from a vote, and why."""

    member: ItemId = Field(description="Id of the recused member.")
    reason: Text = Field(description="The conflict of interest or other reason.")


class Vote(Closed):
    """A roll-call vote: every voting member serving on the date appears exactly once."""

    in_favour: list[ItemId] = Field(default_factory=list, description="Member ids voting for.")
    against: list[ItemId] = Field(default_factory=list, description="Member ids voting against.")
    abstained: list[ItemId] = Field(default_factory=list, description="Member ids abstaining.")
    recused: list[Recusal] = Field(default_factory=list, description="Members who stood aside, with reasons.")
    absent: list[ItemId] = Field(default_factory=list, description="Member ids not present.")


class Dissent(Closed):
    """A dissenting statement published with a decision."""

    member: ItemId = Field(description="Id of the dissenting member.")
    statement: Markdown = Field(description="The statement.")


class Decision(Item):
    """A decision of the board."""

    date: IsoDate = Field(description="Date of the decision.")
    title: ShortText = Field(description="One-line summary, e.g. 'Deployment of Atlas-3 approved with conditions'.")
    kind: DecisionKind = Field(description="The kind of decision.")
    meeting: ItemId | None = Field(None, description="Id of the meeting where it was taken.")
    models: list[ItemId] = Field(default_factory=list, description="Ids of the models concerned.")
    red_lines: list[ItemId] = Field(default_factory=list, description="Ids of the red lines concerned.")
    evaluations: list[ItemId] = Field(default_factory=list, description="Ids of evaluations it relied on.")
    incidents: list[ItemId] = Field(default_factory=list, description="Ids of incidents it responds to.")
    vote: Vote | None = Field(None, description="The vote; leave out for decisions not put to a vote.")
    dissents: list[Dissent] = Field(default_factory=list, description="Dissenting statements.")
    rationale: Markdown = Field(description="Why the board decided as it did.")
    conditions: list[Text] = Field(default_factory=list, description="Conditions attached to the decision.")
    decided_by: ShortText = Field("Board", description="The deciding body, e.g. 'Board' or 'Chair (urgent)'.")
