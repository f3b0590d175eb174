"""The board, its members and its meetings."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, StrictBool

from .base import Closed, IsoDate, Item, ItemId, Markdown, ShortText, Text


class Term(Closed):
    """A member's term of office; an open end means still serving."""

    start: IsoDate = Field(description="First day of the term.")
    end: IsoDate | None = Field(None, description="Last day of the term; leave out while still serving.")


class Member(Item):
    """One board member."""

    name: ShortText = Field(description="Full name as it should appear in the report.")
    role: Literal["chair", "vice_chair", "member", "observer"] = Field(
        "member", description="Role on the board; observers do not vote."
    )
    affiliation: ShortText = Field(description="Organisation the member comes from or represents.")
    category: Literal["member_organisation", "independent_expert", "ethics_expert", "civil_society"] = Field(
        description="Seat category: from a member organisation, or one of the outside seats."
    )
    independent: StrictBool = Field(description="true only if the member has no employment or board tie to a lab.")
    independence_note: Text | None = Field(
        None, description="Ties that bear on independence (for example a seat on a lab's main board)."
    )
    term: Term = Field(description="Term of office.")
    biography: Text | None = Field(None, description="One or two sentences about the member.")

    def serving_on(self, day: date) -> bool:
        """Whether ``day`` falls within the member's term."""
        return self.term.start <= day and (self.term.end is None or day <= self.term.end)


class Board(Closed):
    """The governance board itself."""

    name: ShortText = Field(description="Name of the board, e.g. 'Joint AI Safety and Alignment Board'.")
    chair: ItemId = Field(description="Member id of the chair; must be a member of the board.")
    mandate: Markdown = Field(description="What the board is for, in a short paragraph.")
    quorum: int = Field(strict=True, ge=1, description="Voting members needed for a quorum.")
    members: list[Member] = Field(min_length=1, description="Everyone who served during the period.")

    def voters_on(self, day: date) -> list[Member]:
        """The members who could vote on ``day``: serving then, and not observers."""
        return [m for m in self.members if m.serving_on(day) and m.role != "observer"]


class Meeting(Item):
    """A board meeting."""

    date: IsoDate = Field(description="Date of the meeting.")
    kind: Literal["regular", "extraordinary", "written_procedure"] = Field(
        "regular", description="Regular, extraordinary (called at short notice) or by written procedure."
    )
    attendees: list[ItemId] = Field(description="Member ids of those present.")
    summary: Text | None = Field(None, description="What the meeting dealt with, in a sentence or two.")
