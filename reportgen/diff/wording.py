"""The diff in the report's own words: a field's path and a coded value as the report prints them.

``history[2026-01-22 clarified]`` reads "History entry of 22 January 2026 (clarified)",
``decisions[D-2026-014].vote.in_favour`` "Decision D-2026-014 › Vote › In favour", and a model's
``limited_release`` "Limited release", with the labels the report itself prints (:mod:`reportgen.core.labels`).
The JSON output keeps the paths and codes: it is for programs.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..core import labels as L
from .names import Names, named

# Field names the report prints under another heading, or whose words need more than capitalising.
FIELD_LABELS: dict[str, str] = {
    "criterion": "Red line",  # the card's heading for the threshold
    "early_warning": "Early warning",
    **{name: f"Required safeguards {label[:1].lower()}{label[1:]}" for name, label in L.SAFEGUARD_STAGES},
    "early_warning_safeguards": "Safeguards required from the alert",
    "early_warning_response": "When the alert threshold is reached",
    "in_favour": "In favour",
    "tier_label": "Tier name",
    "field_audience": "Details withheld",
    "withheld_reason": "Reason withheld",
    "any_of": "Any of",
    "all_of": "All of",
    "within_days": "Within (days)",
    "tlp": "TLP",
    "url": "URL",
    "id": "Id",
}
# Records without an id, matched by a natural key (see values.RECORD_KEYS): what one of them is called.
RECORD_NAMES: dict[str, str] = {
    "history": "History entry",
    "timeline": "Timeline entry",
    "results": "Result for",
    "recused": "Recusal of",
    "dissents": "Dissent of",
    "glossary": "Glossary term",
}
# Coded values by the field that holds them; a section's own codes first (a red line's ``kind`` is not a
# decision's).
_SECTION_VALUES: dict[tuple[str, str], dict[str, str]] = {
    ("red_lines", "kind"): L.RED_LINE_KIND_LABELS,
    ("red_lines", "status"): L.STATUS_LABELS,
    ("decisions", "kind"): L.KIND_LABELS,
    ("decisions", "outcome"): L.OUTCOME_LABELS,
    ("evaluations", "outcome"): L.DETERMINATION_LABELS,
    ("evaluations", "kind"): L.EVALUATOR_LABELS,
    ("members", "category"): L.CATEGORY_LABELS,
    ("frameworks", "status"): L.FRAMEWORK_STATUS_LABELS,
    ("frameworks", "kind"): L.CATEGORY_KIND_LABELS,
}
_FIELD_VALUES: dict[str, dict[str, str]] = {
    "status": L.STATUS_LABELS,
    "domain": L.DOMAIN_LABELS,
    "result": L.RESULT_LABELS,
    "actions": L.ACTION_LABELS,
    "action": L.ACTION_LABELS,
    "audience": L.AUDIENCE_LABELS,
    "role": L.ROLE_LABELS,
    "access": L.ACCESS_LABELS,
    "change": L.CHANGE_LABELS,
    "casting_vote": L.CASTING_VOTE_LABELS,
    "determination": L.DETERMINATION_LABELS,
    "edition": L.EDITION_TITLES,
}
_SEGMENT = re.compile(r"\[([^\]]*)\]|([^.\[]+)")
_CODE = re.compile(r"[a-z][a-z0-9_]*")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def field_words(name: str) -> str:
    """One field name as the report heads it: ``last_reviewed`` -> "Last reviewed"."""
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def day_words(text: str) -> str:
    """An ISO date as the report prints it (``2026-01-22`` -> "22 January 2026"); other text as it is."""
    match = _ISO_DAY.fullmatch(text)
    if not match:
        return text
    try:
        return L.long_date(date(int(match[1]), int(match[2]), int(match[3])))
    except ValueError:
        return text


def _record_words(list_name: str, key: str) -> str:
    """One record of a list in words: "History entry of 22 January 2026 (clarified)", "Decision D-2026-014"."""
    if list_name in L.ITEM_LABELS:
        return f"{L.ITEM_LABELS[list_name].capitalize()} {key}"
    first, _, rest = key.partition(" ")
    name = RECORD_NAMES.get(list_name, "")
    if _ISO_DAY.fullmatch(first):
        said = f"{name or field_words(list_name)} of {day_words(first)}"
        if rest:
            change = L.CHANGE_LABELS.get(rest, rest).lower() if list_name == "history" else rest
            said += f" ({change})"
        return said
    return f"{name} {key}" if name else key


def path_words(path: str) -> str:
    """A field's path in words for a reader who does not write YAML: ``review.last_reviewed`` ->
    "Review › Last reviewed", ``history[2026-01-22 clarified]`` -> "History entry of 22 January 2026
    (clarified)", ``tiers[Tier 1].models`` -> "Tier 1 › Models"."""
    parts: list[str] = []
    previous = ""
    for key, name in _SEGMENT.findall(path):
        if name:
            parts.append(field_words(name))
            previous = name
        elif parts and previous:
            parts[-1] = _record_words(previous, key)  # "History" and "[2026-01-22 clarified]" read as one
            previous = ""
        else:
            parts.append(key)
    return " › ".join(parts) or path


def _mapping(section: str, path: str) -> dict[str, str] | None:
    names = [name for _, name in _SEGMENT.findall(path) if name]
    field = names[-1] if names else ""
    if (section, field) in _SECTION_VALUES and len(names) == 1:
        return _SECTION_VALUES[(section, field)]
    if section == "evaluations" and names[-2:] == ["evaluator", "kind"]:
        return L.EVALUATOR_LABELS
    return _FIELD_VALUES.get(field)


def value_words(section: str, path: str, value: Any, names: Names | None = None) -> Any:
    """A value with its codes in the report's words (a list's codes each), and ids by the names of what
    they refer to (``names``, by field); anything else as it is."""
    mapping = _mapping(section, path)
    if mapping is None:
        fields = [name for _, name in _SEGMENT.findall(path) if name]
        return named(names, fields[-1], value) if fields else value
    if isinstance(value, list):
        return [_code_words(mapping, v) for v in value]
    return _code_words(mapping, value)


def _code_words(mapping: dict[str, str], value: Any) -> Any:
    if isinstance(value, str) and _CODE.fullmatch(value) and value in mapping:
        return mapping[value]
    return value


def scalar_words(section: str, path: str, value: Any, names: Names | None = None) -> Any:
    """A single value in words: a code by the report's label, an id by its name, an ISO date as the
    report prints it."""
    value = value_words(section, path, value, names)
    return day_words(value) if isinstance(value, str) else value
