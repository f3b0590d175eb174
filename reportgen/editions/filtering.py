"""Editions: one source, several audiences, filtered on the model before anything is rendered.

Audiences nest from widest to narrowest: public ⊂ regulator ⊂ internal. An item is in an edition when
its audience is at least as wide as the edition's. A withheld item leaves a placeholder (its kind, its
date when it has one, the stated reason) and a salted hash commitment; references to it read
"withheld". A single field with a narrower audience (``field_audience``) is emptied the same way in the
items an edition shows, and leaves the same kind of trace. This is the one place where filtering
happens, so no template can leak.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..core.problems import Loc
from ..core.sections import DATE_FIELDS
from ..inputs.discovery import SourceFile
from ..schema import AUDIENCE_ORDER, LIST_SECTIONS, Item, Report, items
from ..schema.disclosures import Disclosure

WITHHELD_REF = "withheld"
WITHHELD_FILE = "(withheld file)"
DEFAULT_REASON = "Not cleared for this audience"
# What a withheld required text field holds in an edition's data (optional fields are simply left out).
WITHHELD_TEXT = "Withheld from this edition."

# Which reference fields point at which section, for redacting references to withheld items.
_REFERENCES: dict[str, dict[str, str]] = {
    "decisions": {
        "meeting": "meetings",
        "models": "models",
        "red_lines": "red_lines",
        "evaluations": "evaluations",
        "incidents": "incidents",
    },
    "evaluations": {"model": "models", "models": "models"},
    "red_lines": {
        "required_safeguards": "safeguards",
        "internal_deployment_safeguards": "safeguards",
        "development_safeguards": "safeguards",
        "framework": "frameworks",
        "replaces": "red_lines",
        "split_from": "red_lines",
        "merged_into": "red_lines",
    },
    "models": {"safeguards_active": "safeguards"},
    "safeguards": {"supersedes": "safeguards"},
    "frameworks": {"supersedes": "frameworks"},
    "incidents": {"models": "models"},
    "information_sharing": {"models": "models"},
    "access_programmes": {"safeguards": "safeguards"},
}


@dataclass(frozen=True)
class Withheld:
    """The honest trace a withheld item, or a withheld field of a shown item, leaves in an edition."""

    section: str
    day: date | None
    reason: str
    commitment: str
    item_id: str = ""  # for a whole item, only filled in the internal edition, beside the salt
    salt: str = ""
    field: str = ""  # set when one field of an item the edition shows is withheld
    audience: str = ""  # the widest audience that may see what is withheld
    item_audience: str = ""  # for a field: the audience of its item


def shown_in(item_audience: str, edition: str) -> bool:
    return AUDIENCE_ORDER[item_audience] <= AUDIENCE_ORDER[edition]


def item_date(item: Item) -> date | None:
    for name in DATE_FIELDS:
        value = getattr(item, name, None)
        if isinstance(value, date):
            return value
    return None


def commitment(item: Item, salt: bytes) -> str:
    """sha256 over the salt and the item's canonical JSON: proves a later disclosure matches."""
    body = json.dumps(item.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(salt + body.encode("utf-8")).hexdigest()


def keyed_digest(secret: bytes, sha256_hex: str) -> str:
    """What an edition lists instead of the sha256 of a file holding something it withholds: a plain
    hash would let anyone who can guess the rest of the file test guesses of the withheld text."""
    return hmac.new(secret, bytes.fromhex(sha256_hex), hashlib.sha256).hexdigest()


def withheld_file_label(secret: bytes, rel: str) -> str:
    """The name an edition lists a withheld file under: stable while the file keeps its name (so that
    ``verify`` can say which file changed), telling outsiders nothing about the name."""
    digest = hmac.new(secret, b"file name\0" + rel.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{WITHHELD_FILE} {digest[:12]}"


def _salt(secret: bytes, section: str, item_id: str, field: str = "") -> bytes:
    # Derived from the board's commitment key, which outsiders do not have: unguessable, yet reproducible.
    name = f"{section}/{item_id}/{field}" if field else f"{section}/{item_id}"
    return hmac.new(secret, name.encode(), hashlib.sha256).digest()


def field_commitment(item: Item, field: str, salt: bytes) -> str:
    """sha256 over the salt and one field's canonical JSON."""
    value = item.model_dump(mode="json", include={field})[field]
    body = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(salt + body.encode("utf-8")).hexdigest()


def hidden_fields(item: Item, edition: str) -> list[str]:
    """The fields of ``item`` that ``edition`` may not see, in the order the input names them."""
    return [name for name, setting in item.field_audience.items() if not shown_in(setting.audience, edition)]


def _field_trace(section: str, item: Item, field: str, secret: bytes, internal: bool) -> Withheld:
    setting = item.field_audience[field]
    salt = _salt(secret, section, item.id, field)
    return Withheld(
        section=section,
        day=item_date(item),
        reason=setting.reason or DEFAULT_REASON,
        commitment=field_commitment(item, field, salt),
        item_id=item.id,
        salt=salt.hex() if internal else "",
        field=field,
        audience=setting.audience,
        item_audience=item.audience,
    )


def _without_fields(item: Item, fields: list[str]) -> Item:
    """``item`` with ``fields`` emptied: optional ones left out, required text replaced by a placeholder."""
    model_fields = type(item).model_fields
    changes: dict[str, Any] = {}
    for name in fields:
        info = model_fields[name]
        changes[name] = WITHHELD_TEXT if info.is_required() else info.get_default(call_default_factory=True)
    return item.model_copy(update=changes)


def filter_report(report: Report, edition: str, secret: bytes) -> tuple[Report, list[Withheld]]:
    """The report as ``edition`` sees it, and the placeholders of what it withholds."""
    withheld: list[Withheld] = []
    hidden_ids: dict[str, set[str]] = {}
    updates: dict[str, Any] = {}
    for section in LIST_SECTIONS:
        current = getattr(report, section)
        if not isinstance(current, list):
            continue
        kept = []
        for item in current:
            if shown_in(item.audience, edition):
                gone = hidden_fields(item, edition)
                withheld.extend(_field_trace(section, item, name, secret, edition == "internal") for name in gone)
                kept.append(_without_fields(item, gone) if gone else item)
                continue
            hidden_ids.setdefault(section, set()).add(item.id)
            salt = _salt(secret, section, item.id)
            internal = edition == "internal"
            withheld.append(
                Withheld(
                    section=section,
                    day=item_date(item),
                    reason=item.withheld_reason or DEFAULT_REASON,
                    commitment=commitment(item, salt),
                    item_id=item.id if internal else "",
                    salt=salt.hex() if internal else "",
                    audience=item.audience,
                )
            )
        updates[section] = kept
    members = []
    for member in report.board.members:
        gone = hidden_fields(member, edition)
        withheld.extend(_field_trace("members", member, name, secret, edition == "internal") for name in gone)
        members.append(_without_fields(member, gone) if gone else member)
    updates["board"] = report.board.model_copy(update={"members": members})
    filtered = report.model_copy(update=updates)
    # the disclosure index names items of any section: every id this edition withholds reads "withheld"
    hidden = {i for ids in hidden_ids.values() for i in ids}
    filtered = filtered.model_copy(update={"disclosures": redact_disclosures(report.disclosures, hidden)})
    return _redact_references(filtered, hidden_ids), withheld


def _redact_references(report: Report, hidden: dict[str, set[str]]) -> Report:
    """Replace every reference to a withheld item by ``withheld``, so no withheld id survives."""
    if not hidden:
        return report
    updates: dict[str, Any] = {}
    for section, fields in _REFERENCES.items():
        section_items = getattr(report, section)
        if not isinstance(section_items, list):
            continue
        updates[section] = [_redact_item(item, fields, hidden) for item in section_items]
    return report.model_copy(update=updates)


def _redact_item(item: Item, fields: dict[str, str], hidden: dict[str, set[str]]) -> Item:
    changes: dict[str, Any] = {}
    for field, target in fields.items():
        value = getattr(item, field)
        gone = hidden.get(target, set())
        if isinstance(value, list) and any(v in gone for v in value):
            changes[field] = [WITHHELD_REF if v in gone else v for v in value]
        elif isinstance(value, str) and value in gone:
            changes[field] = WITHHELD_REF
    history = getattr(item, "history", None)
    gone_decisions = hidden.get("decisions", set())
    if history and any(h.decision in gone_decisions for h in history):
        changes["history"] = [
            h.model_copy(update={"decision": WITHHELD_REF}) if h.decision in gone_decisions else h for h in history
        ]
    results = getattr(item, "results", None)
    gone_lines = hidden.get("red_lines", set())
    if results and any(r.red_line in gone_lines for r in results):
        changes["results"] = [
            r.model_copy(update={"red_line": WITHHELD_REF}) if r.red_line in gone_lines else r for r in results
        ]
    warning = getattr(item, "early_warning", None)
    gone_safeguards = hidden.get("safeguards", set())
    if warning is not None and any(s in gone_safeguards for s in warning.required_safeguards):
        kept = [WITHHELD_REF if s in gone_safeguards else s for s in warning.required_safeguards]
        changes["early_warning"] = warning.model_copy(update={"required_safeguards": kept})
    determinations = getattr(item, "determinations", None)
    if determinations and any(_names_hidden(d, hidden) for d in determinations):
        changes["determinations"] = [_redacted_determination(d, hidden) for d in determinations]
    tiers = getattr(item, "tiers", None)
    gone_models = hidden.get("models", set())
    if tiers and any(m in gone_models for t in tiers for m in t.models):
        changes["tiers"] = [
            t.model_copy(update={"models": [WITHHELD_REF if m in gone_models else m for m in t.models]}) for t in tiers
        ]
    return item.model_copy(update=changes) if changes else item


def _names_hidden(determination: Any, hidden: dict[str, set[str]]) -> bool:
    return (
        determination.red_line in hidden.get("red_lines", set())
        or determination.decision in hidden.get("decisions", set())
        or any(s in hidden.get("safeguards", set()) for s in determination.safeguards)
    )


def _redacted_determination(determination: Any, hidden: dict[str, set[str]]) -> Any:
    """A model's determination with every id it names that the edition withholds read as ``withheld``."""
    lines, decisions, safeguards = (hidden.get(s, set()) for s in ("red_lines", "decisions", "safeguards"))
    return determination.model_copy(
        update={
            "red_line": WITHHELD_REF if determination.red_line in lines else determination.red_line,
            "decision": WITHHELD_REF if determination.decision in decisions else determination.decision,
            "safeguards": [WITHHELD_REF if s in safeguards else s for s in determination.safeguards],
        }
    )


def redact_disclosures(disclosures: list[Disclosure], hidden: Collection[str]) -> list[Disclosure]:
    """``disclosures`` with every item reference in ``hidden`` (the ids an edition withholds) read as
    ``withheld``, as an edition's data must (the disclosure index names items of any section)."""
    if not hidden or not any(ref in hidden for d in disclosures for a in d.answers for ref in a.items):
        return disclosures
    return [
        d.model_copy(
            update={
                "answers": [
                    a.model_copy(update={"items": [WITHHELD_REF if ref in hidden else ref for ref in a.items]})
                    if any(ref in hidden for ref in a.items)
                    else a
                    for a in d.answers
                ]
            }
        )
        for d in disclosures
    ]


def disclosure_register(report: Report, secret: bytes) -> list[Withheld]:
    """For the internal edition: every item and field another edition withholds, with its salt and commitment."""
    register = []
    listed: list[tuple[str, list[Item]]] = [("members", list(report.board.members))]
    listed += [(section, list(items(getattr(report, section)))) for section in LIST_SECTIONS]
    for section, section_items in listed:
        for item in section_items:
            if item.audience != "public" and section != "members":  # board members are not withheld whole
                salt = _salt(secret, section, item.id)
                register.append(
                    Withheld(
                        section=section,
                        day=item_date(item),
                        reason=f"{item.withheld_reason or DEFAULT_REASON} ({item.audience} only)",
                        commitment=commitment(item, salt),
                        item_id=item.id,
                        salt=salt.hex(),
                        audience=item.audience,
                    )
                )
            for name in item.field_audience:
                trace = _field_trace(section, item, name, secret, True)
                register.append(replace(trace, reason=f"{trace.reason} ({trace.audience} only)"))
    return register


def redact_file_names(
    files: list[SourceFile],
    origin: dict[str, str],
    item_origin: dict[str, list[tuple[str, int]]],
    report: Report,
    shown: Report,
    secret: bytes,
) -> list[SourceFile]:
    """The input files as an edition may list them, given the full ``report`` and what the edition
    ``shown`` prints. A file holding anything the edition does not print as written (an item it
    withholds, a field of one, a reference to a withheld item that reads "withheld") loses its name
    (``decisions/D-2026-017.yaml`` would name what is withheld), its plain hash and its size, replaced by
    :func:`withheld_file_label` and :func:`keyed_digest`, which whoever holds the board's key can check:
    a plain hash would let anyone test guesses of the difference. A size of -1 means "not given"."""
    hiding: set[str] = set()
    for section, origins in item_origin.items():
        printed = {i.id: i for i in items(getattr(shown, section, None)) if isinstance(i, Item)}
        for item, (file, _) in zip(items(getattr(report, section, None)), origins, strict=False):
            if isinstance(item, Item) and printed.get(item.id) != item:
                hiding.add(file)
    if "board" in origin and shown.board != report.board:
        hiding.add(origin["board"])
    if "disclosures" in origin and shown.disclosures != report.disclosures:
        hiding.add(origin["disclosures"])
    listed = [
        replace(f, rel=withheld_file_label(secret, f.rel), sha256=keyed_digest(secret, f.sha256), size=-1)
        if f.rel in hiding
        else f
        for f in files
    ]
    return sorted(listed, key=lambda f: f.rel)


def first_withheld(report: Report) -> Loc | None:
    """Where the first thing some edition withholds is set (an item's audience or a field_audience)."""
    for section in LIST_SECTIONS:
        for index, item in enumerate(items(getattr(report, section, None))):
            if isinstance(item, Item) and item.audience != "public":
                return (section, index, "audience")
            if isinstance(item, Item) and item.field_audience:
                return (section, index, "field_audience")
    for index, member in enumerate(report.board.members):
        if member.field_audience:
            return ("board", "members", index, "field_audience")
    return None


def placeholder_keys(withheld: list[Withheld]) -> tuple[tuple[str, str | None], ...]:
    """The section and ISO date (or None) of each whole item withheld, as its placeholder prints them,
    in a stable order: what an edition records so that a diff can tell withheld from deleted."""
    keys = ((w.section, w.day.isoformat() if w.day else None) for w in withheld if not w.field)
    return tuple(sorted(keys, key=lambda key: (key[0], key[1] or "")))


def withheld_counts(withheld: list[Withheld]) -> list[tuple[str, int]]:
    """How many whole items the edition withholds, by stated reason, most first."""
    counts = Counter(w.reason for w in withheld if not w.field)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
