"""Rules that classify a change to a red line as strengthened, weakened, clarified or retired.

A rule looks at one aspect of the old and new red line (canonical JSON dicts) and says whether the
change makes the commitment stricter or looser. The README's "Red-line rules" table documents them;
each has a test. A weakening is *explained* only if the new version's history gains a "weakened" (or,
for a retirement, "retired") entry that the old version did not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import RESPONSE_SEVERITY

WEAKER, STRONGER, CLARIFIED, RETIRED = "weakened", "strengthened", "clarified", "retired"
UNCHANGED = "commitment unchanged"
TEXT_FIELDS = ("title", "capability", "harm", "decided_by", "notes", "domain", "tier_label")


@dataclass(frozen=True)
class RuleHit:
    rule: str
    effect: str  # weakened, strengthened, clarified or retired
    detail: str


def _threshold(old: dict[str, Any] | None, new: dict[str, Any] | None, what: str) -> list[RuleHit]:
    hits: list[RuleHit] = []
    if old is None and new is None:
        return hits
    if old is not None and new is None:
        return [RuleHit(f"{what}_removed", WEAKER, f"the {what.replace('_', ' ')} was removed")]
    if old is None and new is not None:
        return [RuleHit(f"{what}_added", STRONGER, f"an {what.replace('_', ' ')} was added")]
    assert old is not None and new is not None
    label = what.replace("_", " ")
    if (old.get("metric"), old.get("unit")) != (new.get("metric"), new.get("unit")):
        hits.append(RuleHit(f"{what}_redefined", CLARIFIED, f"the {label} now measures something else"))
        return hits
    old_cmp, new_cmp = old.get("comparison"), new.get("comparison")
    old_value, new_value = old.get("value"), new.get("value")
    upward = new_cmp in (">=", ">")  # reached when the measure rises to the value
    if old_cmp != new_cmp:
        if {old_cmp, new_cmp} == {">=", ">"} or {old_cmp, new_cmp} == {"<=", "<"}:
            stricter = new_cmp in (">=", "<=")
            hits.append(
                RuleHit(
                    f"{what}_comparison",
                    STRONGER if stricter else WEAKER,
                    f"the {label} comparison changed from {old_cmp} to {new_cmp}",
                )
            )
        else:
            hits.append(RuleHit(f"{what}_redefined", CLARIFIED, f"the {label} comparison changed direction"))
            return hits
    if isinstance(old_value, (int, float)) and isinstance(new_value, (int, float)) and old_value != new_value:
        looser = new_value > old_value if upward else new_value < old_value
        hits.append(
            RuleHit(
                f"{what}_{'loosened' if looser else 'tightened'}",
                WEAKER if looser else STRONGER,
                f"the {label} moved from {old_value:g} to {new_value:g}",
            )
        )
    elif (old_value is None) != (new_value is None):
        hits.append(
            RuleHit(
                f"{what}_value_{'removed' if new_value is None else 'added'}",
                WEAKER if new_value is None else STRONGER,
                f"the {label} value was {'removed' if new_value is None else 'added'}",
            )
        )
    if old.get("description") != new.get("description") and not hits:
        hits.append(RuleHit(f"{what}_reworded", CLARIFIED, f"the {label} was reworded"))
    return hits


def _rules(old: dict[str, Any], new: dict[str, Any]) -> list[RuleHit]:
    hits = _threshold(old.get("criterion"), new.get("criterion"), "criterion")
    hits += _threshold(old.get("early_warning"), new.get("early_warning"), "early_warning")
    dropped = sorted(set(old.get("required_safeguards", [])) - set(new.get("required_safeguards", [])))
    added = sorted(set(new.get("required_safeguards", [])) - set(old.get("required_safeguards", [])))
    if dropped:
        hits.append(RuleHit("safeguard_dropped", WEAKER, f"required safeguard(s) dropped: {', '.join(dropped)}"))
    if added:
        hits.append(RuleHit("safeguard_added", STRONGER, f"required safeguard(s) added: {', '.join(added)}"))
    old_actions, new_actions = old["response"]["actions"], new["response"]["actions"]
    old_top = max(RESPONSE_SEVERITY[a] for a in old_actions)
    new_top = max(RESPONSE_SEVERITY[a] for a in new_actions)
    lost = sorted(set(old_actions) - set(new_actions))
    gained = sorted(set(new_actions) - set(old_actions))
    if new_top < old_top or (lost and new_top == old_top):
        hits.append(
            RuleHit(
                "response_softened",
                WEAKER,
                f"response actions removed: {', '.join(lost) or 'the strongest was weakened'}",
            )
        )
    elif new_top > old_top or gained:
        hits.append(RuleHit("response_hardened", STRONGER, f"response actions added: {', '.join(gained)}"))
    if old["response"]["description"] != new["response"]["description"] and not (lost or gained):
        hits.append(RuleHit("response_reworded", CLARIFIED, "the response was reworded"))
    if new["tier"] != old["tier"]:
        lower = new["tier"] < old["tier"]
        hits.append(
            RuleHit(
                f"tier_{'lowered' if lower else 'raised'}",
                WEAKER if lower else STRONGER,
                f"the tier moved from {old['tier']} to {new['tier']}",
            )
        )
    if old["tracked"] != new["tracked"]:
        hits.append(
            RuleHit("moved_to_research", WEAKER, "no longer a tracked category with a trigger")
            if not new["tracked"]
            else RuleHit("now_tracked", STRONGER, "now a tracked category with a trigger")
        )
    old_months, new_months = old["review"]["interval_months"], new["review"]["interval_months"]
    if new_months != old_months:
        slower = new_months > old_months
        hits.append(
            RuleHit(
                f"review_{'less' if slower else 'more'}_often",
                WEAKER if slower else STRONGER,
                f"reviewed every {new_months} months instead of {old_months}",
            )
        )
    if old["status"] != new["status"]:
        hits.append(
            RuleHit("retired", RETIRED, "the red line was retired")
            if new["status"] == "retired"
            else RuleHit("reinstated", STRONGER, "the red line was reinstated")
        )
    for name in TEXT_FIELDS:
        if old.get(name) != new.get(name):
            hits.append(RuleHit(f"{name}_reworded", CLARIFIED, f"the {name.replace('_', ' ')} was reworded"))
    return hits


def _history_gained(old: dict[str, Any], new: dict[str, Any], kinds: set[str]) -> bool:
    before = {(h["date"], h["change"], h["summary"]) for h in old.get("history", [])}
    return any(
        h["change"] in kinds and (h["date"], h["change"], h["summary"]) not in before for h in new.get("history", [])
    )


def classify_red_line(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, list[RuleHit], bool]:
    """(classification, rule hits, unexplained) for a red line present in both versions."""
    hits = _rules(old, new)
    effects = {hit.effect for hit in hits}
    if RETIRED in effects:
        return RETIRED, hits, not _history_gained(old, new, {"retired"})
    if WEAKER in effects:
        classification = "mixed" if STRONGER in effects else WEAKER
        return classification, hits, not _history_gained(old, new, {"weakened"})
    if STRONGER in effects:
        return STRONGER, hits, False
    if not hits:
        return UNCHANGED, hits, False  # only the record moved: a review date, a past history entry
    return CLARIFIED, hits, False
