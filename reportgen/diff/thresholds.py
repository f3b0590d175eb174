"""Rules for a red line's criterion or early warning: is the new condition stricter, looser or the same?

A condition is a metric compared with a value, or a range; a threshold may combine conditions with
``any_of`` (reached when any holds: losing one makes the line harder to reach) or ``all_of`` (reached
only when all hold: gaining one does). A value the framework gives as an illustration ("e.g. 3x",
``example: true``) is never compared as a binding number: moving it is a clarification, and turning a
binding value into an example is a weakening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

WEAKER, STRONGER, CLARIFIED, RETIRED = "weakened", "strengthened", "clarified", "retired"
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


def spelling(text: Any) -> Any:
    """A metric or unit as compared: case, hyphens and punctuation ignored, "percent" is "%".

    Letters and digits of every script are kept: "µg" is not "g", and a metric written in Greek or
    Japanese is not blank.
    """
    if not isinstance(text, str):
        return text
    plain = _NOT_WORD.sub(" ", text.casefold()).strip()
    return _UNIT_SPELLINGS.get(plain, plain)


def threshold_rules(old: dict[str, Any] | None, new: dict[str, Any] | None, what: str) -> list[RuleHit]:
    """The rules for a criterion or an early warning: its presence, its own condition and its parts."""
    label = what.replace("_", " ")
    if old is None or new is None:
        if old is not None:
            return [RuleHit(f"{what}_removed", WEAKER, f"the {label} was removed")]
        return [RuleHit(f"{what}_added", STRONGER, f"an {label} was added")] if new is not None else []
    hits = condition_rules(old, new, what)
    hits += _parts(old.get("any_of") or [], new.get("any_of") or [], what, "any_of")
    hits += _parts(old.get("all_of") or [], new.get("all_of") or [], what, "all_of")
    return hits


def _key(condition: dict[str, Any]) -> Any:
    """What pairs the conditions of two versions: the metric as spelt, else the description."""
    return spelling(condition.get("metric")) or condition.get("description")


def _parts(old: list[dict[str, Any]], new: list[dict[str, Any]], what: str, how: str) -> list[RuleHit]:
    """Conditions combined by ``any_of`` or ``all_of``: matched by metric (else description), then compared.

    Under any_of a lost condition is one way fewer to reach the line (looser) and a gained one a way more
    (stricter); under all_of the reverse."""
    label = what.replace("_", " ")
    old_by = {_key(c): c for c in old}
    new_by = {_key(c): c for c in new}
    hits: list[RuleHit] = []
    for key, condition in old_by.items():
        if key not in new_by:
            effect = WEAKER if how == "any_of" else STRONGER
            hits.append(
                RuleHit(
                    f"{what}_{how}_condition_removed",
                    effect,
                    f"a condition of the {label} ({how.replace('_', ' ')}) was removed: {condition.get('description')}",
                )
            )
        else:
            hits += condition_rules(condition, new_by[key], f"{what}_{how}")
    for key, condition in new_by.items():
        if key not in old_by:
            effect = STRONGER if how == "any_of" else WEAKER
            hits.append(
                RuleHit(
                    f"{what}_{how}_condition_added",
                    effect,
                    f"a condition of the {label} ({how.replace('_', ' ')}) was added: {condition.get('description')}",
                )
            )
    return hits


def condition_rules(old: dict[str, Any], new: dict[str, Any], what: str) -> list[RuleHit]:
    """One condition against another: its definition, its comparison, its value or range, and whether the
    value is binding or only an example."""
    label = what.replace("_", " ")
    old_example, new_example = bool(old.get("example")), bool(new.get("example"))
    binding_left = new.get("value") is not None or new.get("value_min") is not None or new.get("value_max") is not None
    if old_example and not new_example and not binding_left:
        return [RuleHit(f"{what}_example_removed", CLARIFIED, f"the {label}'s illustrative value was removed")]
    if old_example != new_example:
        if new_example:
            detail = f"the {label}'s value is now only an example ('e.g.'), no longer binding"
            return [RuleHit(f"{what}_value_now_example", WEAKER, detail)]
        return [RuleHit(f"{what}_value_now_binding", STRONGER, f"the {label}'s example value is now binding")]
    old_cmp, new_cmp = old.get("comparison"), new.get("comparison")
    old_value, new_value = old.get("value"), new.get("value")
    old_range, new_range = (old.get("value_min"), old.get("value_max")), (new.get("value_min"), new.get("value_max"))
    moved = old_cmp != new_cmp or old_value != new_value or old_range != new_range
    spelled_old, spelled_new = (old.get("metric"), old.get("unit")), (new.get("metric"), new.get("unit"))
    hits: list[RuleHit] = []
    if new_example and moved:  # an illustration moved: nothing binding changed
        return [RuleHit(f"{what}_example_changed", CLARIFIED, f"the {label}'s illustrative value changed")]
    if tuple(map(spelling, spelled_old)) != tuple(map(spelling, spelled_new)):
        if moved:  # another measure and another threshold: no rule can compare them
            detail = f"the {label} was redefined and its threshold changed: cannot be shown to be no weaker"
            return [RuleHit(f"{what}_redefined", WEAKER, detail)]
        if spelling(old.get("unit")) != spelling(new.get("unit")) and (new_value is not None or any(new_range)):
            # the same number in another unit is another threshold (15 µg is not 15 g)
            detail = (
                f"the {label}'s unit changed from {old.get('unit') or '(none)'} to {new.get('unit') or '(none)'} "
                f"with the same value: another threshold, which cannot be shown to be no weaker"
            )
            return [RuleHit(f"{what}_redefined", WEAKER, detail)]
        return [RuleHit(f"{what}_redefined", CLARIFIED, f"the {label} now measures something else, same threshold")]
    if spelled_old != spelled_new:
        hits.append(RuleHit(f"{what}_respelled", CLARIFIED, f"the {label}'s metric or unit was respelled"))
    if old_range != new_range:
        hits.append(_range(old_range, new_range, what))
    if old_cmp != new_cmp:
        hit = _comparison(old_cmp, new_cmp, old_value != new_value, what)
        hits.append(hit)
        if hit.rule != f"{what}_comparison" and hit.effect == WEAKER:
            return hits  # the direction is lost or reversed: the value cannot be compared either
    hits += _value(old_value, new_value, new_cmp, what)
    if old.get("description") != new.get("description") and all(h.effect == CLARIFIED for h in hits):
        hits.append(RuleHit(f"{what}_reworded", CLARIFIED, f"the {label} was reworded"))
    return hits


def _range(old: tuple[Any, Any], new: tuple[Any, Any], what: str) -> RuleHit:
    """A range the measured value falls in (tasks of 2-8 hours): a wider range catches more, a narrower less."""
    label = what.replace("_", " ")

    detail = f"the {label}'s range moved from {_shown(old)} to {_shown(new)}"
    low_old, high_old = (float("-inf") if old[0] is None else old[0]), (float("inf") if old[1] is None else old[1])
    low_new, high_new = (float("-inf") if new[0] is None else new[0]), (float("inf") if new[1] is None else new[1])
    if new == (None, None):
        return RuleHit(f"{what}_range_removed", WEAKER, detail + ": cannot be shown to be no weaker")
    if old == (None, None):
        return RuleHit(f"{what}_range_added", CLARIFIED, detail)  # a value it replaces is judged on its own
    if low_new <= low_old and high_new >= high_old:
        return RuleHit(f"{what}_range_widened", STRONGER, detail)
    if low_new >= low_old and high_new <= high_old:
        return RuleHit(f"{what}_range_narrowed", WEAKER, detail)
    return RuleHit(f"{what}_range_moved", WEAKER, detail + ": cannot be shown to be no weaker")


def _shown(bounds: tuple[Any, Any]) -> str:
    low, high = bounds
    if low is None and high is None:
        return "none"
    return f"{'' if low is None else f'{low:g}'}-{'' if high is None else f'{high:g}'}"


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
