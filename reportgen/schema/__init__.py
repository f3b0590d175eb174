"""The input schema (pydantic v2): closed, strict, every field described."""

from .activities import (
    AccessProgramme,
    AccessTier,
    Attestation,
    GlossaryEntry,
    Incident,
    InformationSharing,
    Partnership,
    Safeguard,
)
from .base import AUDIENCE_ORDER, Audience, Closed, FieldWithholding, Item, NoneThisYear
from .board import Board, Meeting, Member, Term
from .decisions import Decision, Dissent, Recusal, Vote
from .evaluations import Evaluation, Evaluator, Model, RedLineResult
from .redlines import RESPONSE_SEVERITY, HistoryEntry, RedLine, Response, Review, Threshold
from .report import (
    ALL_SECTIONS,
    LIST_SECTIONS,
    MAP_SECTIONS,
    SCHEMA_VERSION,
    Period,
    Report,
    ReportMeta,
    items,
)

__all__ = [
    "ALL_SECTIONS",
    "AUDIENCE_ORDER",
    "LIST_SECTIONS",
    "MAP_SECTIONS",
    "RESPONSE_SEVERITY",
    "SCHEMA_VERSION",
    "AccessProgramme",
    "AccessTier",
    "Attestation",
    "Audience",
    "Board",
    "Closed",
    "Decision",
    "Dissent",
    "Evaluation",
    "Evaluator",
    "FieldWithholding",
    "GlossaryEntry",
    "HistoryEntry",
    "Incident",
    "InformationSharing",
    "Item",
    "Meeting",
    "Member",
    "Model",
    "NoneThisYear",
    "Partnership",
    "Period",
    "Recusal",
    "RedLine",
    "RedLineResult",
    "Report",
    "ReportMeta",
    "Response",
    "Review",
    "Safeguard",
    "Term",
    "Threshold",
    "Vote",
    "items",
]
