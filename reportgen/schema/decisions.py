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

Outcome = Literal["carried", "not_carried", "consensus", "no_vote"]
CastingVote = Literal["in_favour", "against"]


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
    casting_vote: CastingVote | None = Field(
        None,
        description="The chair's casting vote (the member named in board.chair), recorded only to break a tie "
        "(as many in favour as against): in_favour carries the motion, against defeats it. The chair must "
        "serve on the date, attend the meeting and take part in the vote (in favour, against or abstaining; "
        "not absent or recused). Leave out when the vote is not tied.",
    )

    def tally(self) -> str:
        """``1 for, 2 against``: the two counts that decide the vote, as messages quote them."""
        return f"{len(self.in_favour)} for, {len(self.against)} against"

    def tied(self) -> bool:
        """As many in favour as against (before any casting vote)."""
        return len(self.in_favour) == len(self.against)

    def carried(self) -> bool:
        """More in favour than against, or a tie the chair's casting vote broke in favour."""
        yes, no = len(self.in_favour), len(self.against)
        return yes > no or (yes == no and self.casting_vote == "in_favour")


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
    outcome: Outcome | None = Field(
        None,
        description="How the motion ended. The kind and title say what was put to the board, and the vote is on "
        "that motion: carried (the board decided what the kind says), not_carried (the motion failed, so the "
        "board did not decide it: a failed motion to approve is kind approve with outcome not_carried and a "
        "title that says so, such as 'Motion to approve Atlas-4 not carried'; kind reject is for a motion to "
        "reject that carried), consensus (agreed with no vote against; the vote may be left out) or no_vote "
        "(not put to a vote, e.g. the chair's urgent procedure). Leave out to derive it: with a vote, carried "
        "when more voted in favour than against or the chair's casting vote broke a tie in favour, otherwise "
        "not_carried; without a vote, no_vote. A decision of any kind whose vote did not carry must say "
        "outcome: not_carried, so that a failed motion is never published as if it had passed.",
    )
    dissents: list[Dissent] = Field(default_factory=list, description="Dissenting statements.")
    rationale: Markdown = Field(description="Why the board decided as it did.")
    conditions: list[Text] = Field(default_factory=list, description="Conditions attached to the decision.")
    decided_by: ShortText = Field("Board", description="The deciding body, e.g. 'Board' or 'Chair (urgent)'.")

    def tallied_outcome(self) -> Outcome:
        """What the vote alone says: carried or not_carried, or no_vote when there is none."""
        if self.vote is None:
            return "no_vote"
        return "carried" if self.vote.carried() else "not_carried"

    def final_outcome(self) -> Outcome:
        """The outcome as recorded, or as derived from the vote when left out (:meth:`tallied_outcome`)."""
        return self.outcome or self.tallied_outcome()
