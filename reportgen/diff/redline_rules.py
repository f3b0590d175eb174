"""Rules that classify a change to a red line as strengthened, weakened, clarified or retired.

A rule looks at one aspect of the old and new red line (canonical JSON dicts) and says whether the
change makes the commitment stricter or looser. The "Red-line rules" table of docs/auditors.md documents them;
each has a test.

When is a weakening *explained*? A history entry has a date, a change kind (introduced, strengthened,
weakened, clarified, retired), a summary and a reason, but it does not name the field it explains, so
entries cannot be paired with rule hits by content (and matching their prose would be easy to game).
They are paired by count instead: every rule hit that weakens the red line needs its own history entry
of kind ``weakened`` that is new in this version (not in the old history, matched by date and kind as
the diff matches history records) and dated within the new report's period, up to its publication.
Three weakenings with one new ``weakened`` entry are UNEXPLAINED, whatever that entry says. A
retirement needs a new ``retired`` entry instead. A board that makes several weakenings in one
decision records one entry per weakening, each with its own reason: that is what an auditor checks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..editions.filtering import WITHHELD_REF
from ..schema import RESPONSE_SEVERITY

WEAKER, STRONGER, CLARIFIED, RETIRED = "weakened", "strengthened", "clarified", "retired"
UNCHANGED = "commitment unchanged"
TEXT_FIELDS = ("title", "capability", "harm", "decided_by", "notes", "domain", "tier_label")
# History kinds that explain a weakening, and a retirement.
WEAKENING_KINDS = frozenset({"weakened"})
RETIREMENT_KINDS = frozenset({"retired"})
UPWARD, DOWNWARD = frozenset({">=", ">"}), frozenset({"<=", "<"})
# Spellings of one unit: a respelled unit is the same unit.
_UNIT_SPELLINGS = {"percent": "%", "per cent": "%", "pct": "%", "percentage": "%"}
# What a spelling ignores: everything but letters and digits of any script, and "%".
_NOT_WORD = re.compile(r"(?:[^\w%]|_)+")


@dataclass(frozen=True)
class RuleHit:
    rule: str
    effect: str  # weakened, strengthened, clarified or retired
    detail: str


class Classification(NamedTuple):
    classification: str  # strengthened, weakened, mixed, clarified, retired or "commitment unchanged"
    rules: list[RuleHit]
    unexplained: bool
    reason: str = ""  # why it is unexplained, e.g. "3 weakenings, only 1 new history entry of kind weakened"


def _spelling(text: Any) -> Any:
    """A metric or unit as compared: case, hyphens and punctuation ignored, "percent" is "%".

    Letters and digits of every script are kept: "µg" is not "g", and a metric written in Greek or
    Japanese is not blank.
    """
    if not isinstance(text, str):
        return text
    plain = _NOT_WORD.sub(" ", text.casefold()).strip()
    return _UNIT_SPELLINGS.get(plain, plain)


def unmatched_references(old: list[Any], new: list[Any]) -> tuple[list[Any], list[Any]]:
    """What a list of references (ids) lost and gained, as multisets, once redaction is set aside.

    An edition replaces a reference to an item it withholds by ``withheld``: each ``withheld`` on one
    side pairs with (cancels) one id that only the other side has, so redaction alone is no change. A
    ``withheld`` with no such id on the other side stays (a reference was added or dropped), and so does
    an id with no ``withheld`` to pair with. Ids are paired in the order of their list.
    """
    lost = list((Counter(map(repr, old)) - Counter(map(repr, new))).elements())
    gained = list((Counter(map(repr, new)) - Counter(map(repr, old))).elements())
    lookup = {repr(x): x for x in [*old, *new]}
    ref = repr(WITHHELD_REF)
    lost_ids = [r for r in lost if r != ref]
    gained_ids = [r for r in gained if r != ref]
    lost_refs, gained_refs = lost.count(ref), gained.count(ref)
    # A "withheld" the new side gained stands for an id the old side lost, and the reverse.
    paired_new, paired_old = min(gained_refs, len(lost_ids)), min(lost_refs, len(gained_ids))
    lost_out = lost_ids[paired_new:] + [ref] * (lost_refs - paired_old)
    gained_out = gained_ids[paired_old:] + [ref] * (gained_refs - paired_new)
    order = {r: i for i, r in enumerate(map(repr, [*old, *new]))}
    lost_out.sort(key=order.__getitem__)
    gained_out.sort(key=order.__getitem__)
    return [lookup[r] for r in lost_out], [lookup[r] for r in gained_out]


def _references(unmatched: list[str], candidates: list[str], where: str) -> str:
    """The ids a rule names: when a ``withheld`` on the other side stands for some of ``candidates``, which
    of them is unknown, so all are named with how many count."""
    ids = [i for i in unmatched if i != WITHHELD_REF]
    named = [i for i in candidates if i != WITHHELD_REF]
    if len(named) > len(ids):
        withheld = len(named) - len(ids)
        text = f"{len(ids)} of {', '.join(named)} ({withheld} withheld {where})"
    else:
        text = ", ".join(ids)
    refs = len(unmatched) - len(ids)
    return ", ".join(filter(None, [text if ids else "", *([WITHHELD_REF] * refs)]))


def _threshold(old: dict[str, Any] | None, new: dict[str, Any] | None, what: str) -> list[RuleHit]:
    """The rules for a criterion or an early warning: its presence, its definition, comparison and value."""
    label = what.replace("_", " ")
    if old is None or new is None:
        if old is not None:
            return [RuleHit(f"{what}_removed", WEAKER, f"the {label} was removed")]
        return [RuleHit(f"{what}_added", STRONGER, f"an {label} was added")] if new is not None else []
    old_cmp, new_cmp = old.get("comparison"), new.get("comparison")
    old_value, new_value = old.get("value"), new.get("value")
    moved = old_cmp != new_cmp or old_value != new_value
    spelled_old, spelled_new = (old.get("metric"), old.get("unit")), (new.get("metric"), new.get("unit"))
    hits: list[RuleHit] = []
    if tuple(map(_spelling, spelled_old)) != tuple(map(_spelling, spelled_new)):
        if moved:  # another measure and another threshold: no rule can compare them
            detail = f"the {label} was redefined and its threshold changed: cannot be shown to be no weaker"
            return [RuleHit(f"{what}_redefined", WEAKER, detail)]
        if _spelling(old.get("unit")) != _spelling(new.get("unit")) and new_value is not None:
            # the same number in another unit is another threshold (15 µg is not 15 g)
            detail = (
                f"the {label}'s unit changed from {old.get('unit') or '(none)'} to {new.get('unit') or '(none)'} "
                f"with the same value: another threshold, which cannot be shown to be no weaker"
            )
            return [RuleHit(f"{what}_redefined", WEAKER, detail)]
        return [RuleHit(f"{what}_redefined", CLARIFIED, f"the {label} now measures something else, same threshold")]
    if spelled_old != spelled_new:
        hits.append(RuleHit(f"{what}_respelled", CLARIFIED, f"the {label}'s metric or unit was respelled"))
    if old_cmp != new_cmp:
        hit = _comparison(old_cmp, new_cmp, old_value != new_value, what)
        hits.append(hit)
        if hit.rule != f"{what}_comparison" and hit.effect == WEAKER:
            return hits  # the direction is lost or reversed: the value cannot be compared either
    hits += _value(old_value, new_value, new_cmp, what)
    if old.get("description") != new.get("description") and all(h.effect == CLARIFIED for h in hits):
        hits.append(RuleHit(f"{what}_reworded", CLARIFIED, f"the {label} was reworded"))
    return hits


def _comparison(old_cmp: str | None, new_cmp: str | None, value_changed: bool, what: str) -> RuleHit:
    label = what.replace("_", " ")
    if {old_cmp, new_cmp} <= UPWARD or {old_cmp, new_cmp} <= DOWNWARD:
        stricter = new_cmp in (">=", "<=")
        detail = f"the {label} comparison changed from {old_cmp} to {new_cmp}"
        return RuleHit(f"{what}_comparison", STRONGER if stricter else WEAKER, detail)
    if new_cmp is None:
        return RuleHit(f"{what}_comparison_removed", WEAKER, f"the {label} no longer says how it is compared")
    if old_cmp is not None:
        # Reached when the measure rises becomes reached when it falls (or the reverse): the two
        # thresholds catch different models, and no value change makes that provably stricter.
        detail = f"the {label} comparison changed direction ({old_cmp} to {new_cmp}): cannot be shown to be no weaker"
        return RuleHit(f"{what}_reversed", WEAKER, detail)
    if value_changed:
        detail = f"the {label} gained a comparison and a new value: cannot be shown to be no weaker"
        return RuleHit(f"{what}_redefined", WEAKER, detail)
    return RuleHit(f"{what}_comparison_added", CLARIFIED, f"the {label} now says how it is compared")


def _value(old_value: Any, new_value: Any, comparison: str | None, what: str) -> list[RuleHit]:
    label = what.replace("_", " ")
    if isinstance(old_value, (int, float)) and isinstance(new_value, (int, float)) and old_value != new_value:
        moved = f"the {label} moved from {old_value:g} to {new_value:g}"
        if comparison is None:  # which way is looser is unknown
            return [
                RuleHit(f"{what}_value_changed", WEAKER, f"{moved} with no comparison: cannot be shown to be no weaker")
            ]
        looser = new_value > old_value if comparison in UPWARD else new_value < old_value
        return [RuleHit(f"{what}_{'loosened' if looser else 'tightened'}", WEAKER if looser else STRONGER, moved)]
    if (old_value is None) != (new_value is None):
        gone = new_value is None
        detail = f"the {label} value was {'removed' if gone else 'added'}"
        return [RuleHit(f"{what}_value_{'removed' if gone else 'added'}", WEAKER if gone else STRONGER, detail)]
    return []


def _rules(old: dict[str, Any], new: dict[str, Any]) -> list[RuleHit]:
    hits = _threshold(old.get("criterion"), new.get("criterion"), "criterion")
    hits += _threshold(old.get("early_warning"), new.get("early_warning"), "early_warning")
    old_safeguards = sorted(set(old.get("required_safeguards") or []))
    new_safeguards = sorted(set(new.get("required_safeguards") or []))
    lost, gained = unmatched_references(old_safeguards, new_safeguards)
    if lost:
        detail = _references(lost, [s for s in old_safeguards if s not in new_safeguards], "in this edition")
        hits.append(RuleHit("safeguard_dropped", WEAKER, f"required safeguard(s) dropped: {detail}"))
    if gained:
        detail = _references(gained, [s for s in new_safeguards if s not in old_safeguards], "in the earlier edition")
        hits.append(RuleHit("safeguard_added", STRONGER, f"required safeguard(s) added: {detail}"))
    old_actions, new_actions = old["response"]["actions"], new["response"]["actions"]
    old_top = max(RESPONSE_SEVERITY[a] for a in old_actions)
    new_top = max(RESPONSE_SEVERITY[a] for a in new_actions)
    lost = sorted(set(old_actions) - set(new_actions))
    gained = sorted(set(new_actions) - set(old_actions))
    # Every dropped action is a weakening, whatever else changes. A stronger top action, or actions added
    # where none was dropped, is a separate strengthening: with a dropped action the change is mixed, and
    # the dropped actions still need their reason. (An action merely swapped for another strengthens nothing.)
    if lost:  # a weaker top action is a dropped one too
        hits.append(RuleHit("response_softened", WEAKER, f"response actions removed: {', '.join(lost)}"))
    if new_top > old_top or (gained and not lost):
        top = max(new_actions, key=RESPONSE_SEVERITY.__getitem__)
        detail = f"response actions added: {', '.join(gained)}"
        hits.append(RuleHit("response_hardened", STRONGER, detail + (f" (the strongest is now {top})" if lost else "")))
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


def _new_entries(old: dict[str, Any], new: dict[str, Any], window: tuple[str, str] | None) -> Counter[str]:
    """Kinds of the history entries the new version gains, dated within ``window`` (ISO dates, inclusive)."""
    before = Counter((h["date"], h["change"]) for h in old.get("history", []))
    after = Counter((h["date"], h["change"]) for h in new.get("history", []))
    gained = Counter[str]()
    for (day, kind), count in (after - before).items():
        if window is None or window[0] <= day <= window[1]:
            gained[kind] += count
    return gained


def _kinds(kinds: frozenset[str]) -> str:
    return " or ".join(sorted(kinds))


def classify_red_line(
    old: dict[str, Any], new: dict[str, Any], window: tuple[str, str] | None = None
) -> Classification:
    """Classification, rule hits and whether it is unexplained, for a red line present in both versions.

    ``window`` is the new report's period start and publication date: only history entries dated within
    it explain a change (see the module docstring for how entries are paired with weakenings).
    """
    hits = _rules(old, new)
    effects = {hit.effect for hit in hits}
    gained = _new_entries(old, new, window)
    if RETIRED in effects:
        if sum(gained[k] for k in RETIREMENT_KINDS):
            return Classification(RETIRED, hits, False)
        return Classification(RETIRED, hits, True, f"no new history entry of kind {_kinds(RETIREMENT_KINDS)}")
    if WEAKER in effects:
        classification = "mixed" if STRONGER in effects else WEAKER
        needed = sum(1 for hit in hits if hit.effect == WEAKER)
        entries = sum(gained[k] for k in WEAKENING_KINDS)
        if entries >= needed:
            return Classification(classification, hits, False)
        if entries == 0:
            reason = "no history entry gives a reason"
        else:
            reason = (
                f"{needed} weakenings, only {entries} new history "
                f"{'entry' if entries == 1 else 'entries'} of kind {_kinds(WEAKENING_KINDS)}"
            )
        return Classification(classification, hits, True, reason)
    if STRONGER in effects:
        return Classification(STRONGER, hits, False)
    if not hits:
        return Classification(UNCHANGED, hits, False)  # only the record moved: a review date, a past history entry
    return Classification(CLARIFIED, hits, False)
