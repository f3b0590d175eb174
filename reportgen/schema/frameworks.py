"""Frameworks: the published safety frameworks (or the board's own) that red lines come from.

A framework is a versioned document: an owner, a version, dates of publication, effect and adoption by
the board, the version it supersedes, its tracked and research risk categories with their ordered levels,
and framework-level commitments (a competitor clause, a pause commitment) that are not red lines.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import WEB_ADDRESS_PATTERN, Closed, IsoDate, Item, ItemId, Markdown, ShortText, Text

WebAddress = Annotated[str, Field(pattern=WEB_ADDRESS_PATTERN, strict=True)]


class Category(Closed):
    """A risk category of a framework, with its levels in order (lowest first)."""

    id: ItemId = Field(description="Stable identifier, unique across all frameworks, e.g. OAI-PF2-BIO.")
    name: ShortText = Field(description="Name as the framework gives it, e.g. 'Biological and Chemical'.")
    kind: Literal["tracked", "research"] = Field(
        "tracked", description="tracked (levels with thresholds) or research (monitored, no threshold yet)."
    )
    levels: list[ShortText] = Field(
        default_factory=list, description="The levels, lowest first, e.g. [High, Critical] or [ASL-3, ASL-4]."
    )
    description: Text | None = Field(None, description="What the category covers.")
    same_scope_as: ItemId | None = Field(
        None,
        description="Id of an earlier framework version's category that this one continues with the same "
        "scope (a renamed or renumbered category); leave out if the scope changed.",
    )
    includes: list[ItemId] = Field(
        default_factory=list,
        description="Ids of earlier categories whose whole scope this one covers and more (a widening or a "
        "merge, e.g. CBRN including an earlier biological category): a line moved into it is not narrowed.",
    )
    renamed_levels: dict[ShortText, ShortText] = Field(
        default_factory=dict,
        description="Levels renamed from the earlier category's, new name: old name (e.g. {'Cyber uplift level "
        "1': 'Cyber enablement level 1'}): a line keeping its level under a new name is not moved.",
    )


class FrameworkCommitment(Closed):
    """A framework-level commitment that is not a red line, e.g. a competitor clause."""

    id: ItemId = Field(description="Stable identifier, e.g. OAI-PF2-LANDSCAPE.")
    title: ShortText = Field(description="Short name.")
    text: Text = Field(description="The commitment, in the framework's words where possible.")
    source: ShortText | None = Field(None, description="Where the framework says it: a URL or section.")


class Framework(Item):
    """A published safety framework, one version of it."""

    name: ShortText = Field(description="Name, e.g. 'Preparedness Framework'.")
    owner: ShortText = Field(description="Who publishes it, e.g. 'OpenAI' or the board itself.")
    version: ShortText = Field(description="Version as published, e.g. '2' or '2.1'.")
    url: WebAddress | None = Field(None, description="https:// address of the published text.")
    published: IsoDate = Field(description="Date it was published.")
    effective: IsoDate | None = Field(None, description="Date it took effect, if not the publication date.")
    adopted: IsoDate | None = Field(None, description="Date the board adopted it for its oversight.")
    supersedes: ItemId | None = Field(None, description="Id of the framework version this one replaces.")
    status: Literal["active", "superseded", "draft"] = Field(
        "active", description="active, superseded (kept for history) or draft."
    )
    categories: list[Category] = Field(default_factory=list, description="Its risk categories.")
    commitments: list[FrameworkCommitment] = Field(
        default_factory=list, description="Framework-level commitments that are not red lines."
    )
    notes: Markdown | None = Field(None, description="Anything else a reader should know.")
