"""Human labels for the schema's codes, names and dates: one place, shared by report and diff."""

from __future__ import annotations

from datetime import date

KIND_LABELS: dict[str, str] = {
    "approve": "Approval",
    "approve_with_conditions": "Approval with conditions",
    "reject": "Rejection",
    "delay": "Delay",
    "halt": "Halt",
    "withdraw": "Withdrawal",
    "amend_red_line": "Red-line amendment",
    "grant_exception": "Exception granted",
    "incident_response": "Incident response",
    "third_party_evaluation": "Third-party evaluation",
    "information_sharing": "Information sharing",
    "governance": "Governance",
}
OUTCOME_LABELS: dict[str, str] = {
    "carried": "Carried",
    "not_carried": "Not carried",
    "consensus": "By consensus",
    "no_vote": "No vote",
}
CASTING_VOTE_OUTCOME_LABELS: dict[str, str] = {  # a tie the chair's casting vote broke
    "carried": "Carried on the chair's casting vote",
    "not_carried": "Not carried on the chair's casting vote",
}
UNANIMOUS_LABEL = "Carried unanimously"  # carried with no vote against and no abstention
CASTING_VOTE_LABELS: dict[str, str] = {"in_favour": "In favour", "against": "Against"}
DOMAIN_LABELS: dict[str, str] = {
    "biological_chemical": "Biological and chemical",
    "cybersecurity": "Cybersecurity",
    "ai_self_improvement": "AI self-improvement",
    "autonomous_replication": "Autonomous replication",
    "long_range_autonomy": "Long-range autonomy",
    "harmful_manipulation": "Harmful manipulation",
    "nuclear_radiological": "Nuclear and radiological",
    "sandbagging": "Sandbagging",
    "undermining_safeguards": "Undermining safeguards",
    "misalignment": "Misalignment",
    "other": "Other",
}
RESULT_LABELS: dict[str, str] = {
    "below": "Below threshold",
    "reached": "Reached",
    "cannot_rule_out": "Cannot rule out",
    "not_evaluated": "Not evaluated this year",
}
ACTION_LABELS: dict[str, str] = {
    "halt_development": "Halt development",
    "withdraw_model": "Withdraw the model",
    "halt_deployment": "Halt deployment",
    "delay_deployment": "Delay deployment",
    "restrict_access": "Restrict access",
    "interim_measures": "Interim measures",
    "enhanced_safeguards": "Enhanced safeguards",
    "notify_authorities": "Notify authorities",
    "review": "Board review",
}
EVALUATOR_LABELS = {
    "internal": "Internal",
    "third_party": "Third party",
    "government_institute": "Government institute",
}
ACCESS_LABELS = {
    "api": "API",
    "fine_tuning": "Fine-tuning",
    "helpful_only": "Helpful-only model",
    "no_safety_filters": "Safety filters off",
    "weights": "Model weights",
    "chain_of_thought": "Chain of thought",
}
CATEGORY_LABELS = {
    "member_organisation": "Member organisation",
    "independent_expert": "Independent expert",
    "ethics_expert": "Ethics expert",
    "civil_society": "Civil society",
}
ROLE_LABELS = {"chair": "Chair", "vice_chair": "Vice-chair", "member": "Member", "observer": "Observer"}
AUDIENCE_LABELS = {"public": "Public", "regulator": "Regulator", "internal": "Internal"}
EDITION_TITLES = {
    "public": "Public edition",
    "regulator": "Regulator edition",
    "internal": "Internal edition",
}
STATUS_LABELS = {
    "in_development": "In development",
    "limited_release": "Limited release",
    "general_availability": "Generally available",
    "withdrawn": "Withdrawn",
    "planned": "Planned",
    "implemented": "Implemented",
    "verified": "Verified",
    "active": "Active",
    "retired": "Retired",
}
CHANGE_LABELS = {
    "introduced": "Introduced",
    "strengthened": "Strengthened",
    "weakened": "Weakened",
    "clarified": "Clarified",
    "retired": "Retired",
}
RED_LINE_KIND_LABELS = {
    "capability_threshold": "Capability threshold",
    "safeguard_standard": "Safeguard standard",
    "research_category": "Research category",
}
RESEARCH_STATUS = "Monitored, no threshold"  # a research category: watched, with no trigger, response or tier
# A red line's verdict for the period, in words: computed against the previous report, or from the board's
# history entries of the period when there is none ("unchanged": no change at all to the line).
VERDICT_LABELS = {
    "weakened": "Weakened",
    "strengthened": "Strengthened",
    "mixed": "Weakened and strengthened",
    "clarified": "Clarified",
    "retired": "Retired",
    "introduced": "Introduced",
    "commitment unchanged": "Commitment unchanged",
    "unchanged": "No change",
}
# A result in a sentence: "Alert threshold reached; Critical level not reached".
RESULT_WORDS = {"below": "not reached", "reached": "reached", "cannot_rule_out": "cannot be ruled out"}
DETERMINATION_LABELS = {
    "not_reached": "Not reached",
    "reached": "Reached",
    "treated_as_reached": "Treated as reached (precaution)",
    "cannot_rule_out": "Cannot be ruled out",
}
FRAMEWORK_STATUS_LABELS = {"active": "Active", "superseded": "Superseded", "draft": "Draft"}
CATEGORY_KIND_LABELS = {"tracked": "Tracked category", "research": "Research category"}
# The stages a red line requires safeguards at, earliest first: (field, label).
SAFEGUARD_STAGES = (
    ("development_safeguards", "During development"),
    ("internal_deployment_safeguards", "Before internal deployment"),
    ("required_safeguards", "Before external deployment"),
)
LINEAGE_LABELS = {"split_from": "Split from", "replaces": "Replaces", "merged_into": "Merged into"}
SECTION_LABELS = {
    "meetings": "Meetings",
    "models": "Models",
    "red_lines": "Red lines",
    "evaluations": "Evaluations",
    "decisions": "Decisions",
    "incidents": "Incidents",
    "information_sharing": "Information sharing",
    "partnerships": "Partnerships",
    "safeguards": "Safeguards",
    "access_programmes": "Access programmes",
    "attestations": "Attestations",
    "frameworks": "Frameworks",
    "members": "Board members",
}
ITEM_LABELS = {
    "meetings": "meeting",
    "models": "model",
    "red_lines": "red line",
    "evaluations": "evaluation",
    "decisions": "decision",
    "incidents": "incident",
    "information_sharing": "information-sharing record",
    "partnerships": "partnership",
    "safeguards": "safeguard",
    "access_programmes": "access programme",
    "attestations": "attestation",
    "frameworks": "framework",
    "members": "board member",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: date) -> str:
    """``14 March 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """``14 Mar 2026``."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def label(mapping: dict[str, str], code: str) -> str:
    return mapping.get(code, code.replace("_", " ").capitalize())


def quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def percent(part: int, whole: int) -> str:
    """A whole-number percentage, '–' when there is no whole."""
    return f"{round(100 * part / whole)}%" if whole else "–"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def framework_title(name: str, version: str) -> str:
    """ "Preparedness Framework, version 2"; the name alone when it already says its version ("(Beta)")."""
    if version.lower() in name.lower():
        return name
    if version[:1].isdigit():
        return f"{name}, version {version}"
    return f"{name} ({version})"
