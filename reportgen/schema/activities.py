"""Incidents, information sharing, partnerships, safeguards, access programmes and attestations."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictInt

from .base import Closed, IsoDate, Item, ItemId, Markdown, ShortText, Text


class TimelineEntry(Closed):
    """One step in an incident's timeline."""

    date: IsoDate = Field(description="When it happened.")
    event: Text = Field(description="What happened.")


class Incident(Item):
    """A safety or security incident."""

    title: ShortText = Field(description="Short name of the incident.")
    detected: IsoDate = Field(description="Date the incident was detected.")
    resolved: IsoDate | None = Field(None, description="Date it was resolved; leave out if still open.")
    severity: Literal["low", "medium", "high", "critical"] = Field(description="Severity on the board's scale.")
    models: list[ItemId] = Field(default_factory=list, description="Ids of the models involved.")
    description: Markdown = Field(description="What happened and what was done.")
    timeline: list[TimelineEntry] = Field(default_factory=list, description="Key steps, oldest first.")
    notified: list[ShortText] = Field(default_factory=list, description="Who was notified (authorities, users).")


class InformationSharing(Item):
    """Information shared with other labs, institutes or authorities."""

    date: IsoDate = Field(description="Date it was shared.")
    kind: Literal[
        "vulnerability", "evaluation_results", "incident_report", "threat_intelligence", "safety_research"
    ] = Field(description="What kind of information.")
    counterparties: list[ShortText] = Field(min_length=1, description="Who received it.")
    scope: Text = Field(description="What was shared, in a sentence.")
    tlp: Literal["clear", "green", "amber", "amber+strict", "red"] = Field(
        description="Traffic Light Protocol level the recipients must respect."
    )
    models: list[ItemId] = Field(default_factory=list, description="Ids of the models concerned.")


class Partnership(Item):
    """A standing partnership, for example with a national AI security institute."""

    partner: ShortText = Field(description="The partner organisation.")
    kind: Literal["safety_institute", "academic", "industry", "civil_society"] = Field(description="Kind of partner.")
    since: IsoDate = Field(description="Start date.")
    description: Text = Field(description="What the partnership covers.")


class Safeguard(Item):
    """A safeguard (deployment, security or monitoring measure) and its state."""

    name: ShortText = Field(description="Name of the safeguard.")
    kind: Literal["deployment", "security", "monitoring", "governance"] = Field(description="Kind of safeguard.")
    status: Literal["planned", "implemented", "verified"] = Field(description="planned, implemented or verified.")
    verified_by: ShortText | None = Field(None, description="Who verified it, when status is verified.")
    description: Text = Field(description="What it does.")
    level: ShortText | None = Field(None, description="The standard it meets, e.g. 'ASL-3' or 'High'.")
    supersedes: list[ItemId] = Field(
        default_factory=list,
        description="Ids of weaker safeguards this one replaces: a red line that swaps them drops nothing.",
    )
    replaces_stronger: list[ItemId] = Field(
        default_factory=list,
        description="Ids of stricter safeguards this narrower one replaces: a red line that swaps them is weakened.",
    )


class AccessTier(Closed):
    """One tier of an access programme."""

    name: ShortText = Field(description="Name of the tier.")
    eligibility: Text = Field(description="Who qualifies.")
    models: list[ItemId] = Field(min_length=1, description="Ids of the models available in this tier.")
    participants: StrictInt = Field(ge=0, description="Organisations admitted by the end of the period.")


class AccessProgramme(Item):
    """A tiered programme giving vetted users access to capable models, e.g. for cyber defence."""

    name: ShortText = Field(description="Name of the programme.")
    purpose: Text = Field(description="What it is for.")
    launched: IsoDate = Field(description="Launch date.")
    tiers: list[AccessTier] = Field(min_length=1, description="The tiers, from widest to narrowest access.")
    safeguards: list[ItemId] = Field(default_factory=list, description="Ids of safeguards that apply.")


class Attestation(Item):
    """A signed statement: the chair's, an external auditor's or a member's."""

    kind: Literal["chair_statement", "external_auditor", "member_statement"] = Field(description="Whose statement.")
    by: ShortText = Field(description="Name of the signatory.")
    role: ShortText = Field(description="Role or organisation of the signatory.")
    date: IsoDate = Field(description="Date signed.")
    statement: Markdown = Field(description="The statement.")


class GlossaryEntry(Closed):
    """A term explained for general readers."""

    term: ShortText = Field(description="The term.")
    definition: Text = Field(description="Its meaning in this report.")
