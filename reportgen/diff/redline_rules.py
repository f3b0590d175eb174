"""Rules that classify a change to a red line, and the one verdict each red line gets.

A rule looks at one aspect of the old and new red line (canonical JSON dicts) and says whether the
change makes the commitment stricter or looser (criteria: :mod:`reportgen.diff.thresholds`). The
"Red-line rules" table of docs/auditors.md documents them; each has a test.

One real change is one verdict, with the rules that support it: weakened, strengthened, mixed (both),
clarified, retired or unchanged. When is a weakening *explained*? By a history entry of kind
``weakened`` that is new in this version and that the board adopted within the new report's period
(its ``adopted`` date, else its ``date``), up to publication. One entry explains the weakening of that
line however many rules fire; the entry's reason and deciding decision are shown beside the verdict. A
retirement needs a new ``retired`` entry instead. A board label that the verdict contradicts is flagged
as *mislabelled*: a new entry calling the change ``clarified`` or ``strengthened`` while the rules find
it looser, or ``weakened`` while no rule does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..core import labels as L
from ..editions.filtering import WITHHELD_REF
from ..schema import RESPONSE_SEVERITY
from .thresholds import CLARIFIED, RETIRED, STRONGER, WEAKER, RuleHit, threshold_rules

__all__ = ["CLARIFIED", "RETIRED", "STRONGER", "WEAKER", "Classification", "RuleContext", "RuleHit"]

UNCHANGED = "commitment unchanged"
TEXT_FIELDS = ("title", "capability", "harm", "decided_by", "notes", "tier_label", "framework", "source")
# History kinds that explain a weakening, and a retirement; kinds that say a change is no weakening.
WEAKENING_KINDS = frozenset({"weakened"})
RETIREMENT_KINDS = frozenset({"retired"})
NOT_WEAKER_KINDS = frozenset({"clarified", "strengthened"})
# Response actions by what they act on: a stronger action of the same family replaces a weaker one.
_FAMILIES = {
    "halt_development": "development",
    "withdraw_model": "deployment",
    "halt_deployment": "deployment",
    "delay_deployment": "deployment",
    "restrict_access": "deployment",
    "interim_measures": "deployment",
    "enhanced_safeguards": "safeguards",
    "notify_authorities": "notify",
    "review": "review",
}
# The stages safeguards are required at, earliest first: a safeguard moved to a later stage is required later.
_STAGES = (
    ("development_safeguards", "development"),
    ("internal_deployment_safeguards", "internal deployment"),
    ("required_safeguards", "external deployment"),
)


@dataclass(frozen=True)
class RuleContext:
    """What the rules need of the new report beyond the two red lines: each category's levels in order,
    which category continues which with the same scope, and which safeguards supersede which."""

    levels: dict[str, list[str]] = field(default_factory=dict)
    same_scope: dict[str, frozenset[str]] = field(default_factory=dict)  # category -> earlier ones it continues
    wider: dict[str, frozenset[str]] = field(default_factory=dict)  # category -> earlier ones it covers and more
    renamed_levels: dict[str, dict[str, str]] = field(default_factory=dict)  # category -> {new name: old name}
    supersedes: dict[str, frozenset[str]] = field(default_factory=dict)  # safeguard -> the weaker ones it replaces
    narrower: dict[str, frozenset[str]] = field(default_factory=dict)  # safeguard -> the stricter ones it replaces


class Classification(NamedTuple):
    classification: str  # strengthened, weakened, mixed, clarified, retired or "commitment unchanged"
    rules: list[RuleHit]
    unexplained: bool
    reason: str = ""  # why it is unexplained, e.g. "no new history entry of kind weakened gives a reason"
    mislabelled: str = ""  # why the board's own label contradicts the verdict
    entries: tuple[dict[str, Any], ...] = ()  # the new history entries of the period, oldest first


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


def _safeguards(old: dict[str, Any], new: dict[str, Any], context: RuleContext) -> list[RuleHit]:
    """Safeguards required per stage. One dropped at a stage is a weakening, unless a safeguard the new
    version requires there (or earlier) supersedes it; one moved to a later stage is required later."""
    hits: list[RuleHit] = []
    earlier: set[str] = set()  # what the new version requires at this stage or an earlier one
    for key, stage in _STAGES:
        old_ids = sorted(set(old.get(key) or []))
        new_ids = sorted(set(new.get(key) or []))
        earlier |= set(new_ids)
        lost, gained = unmatched_references(old_ids, new_ids)
        replaced = {
            s for s in lost if any(s in context.supersedes.get(g, frozenset()) for g in earlier if g != WITHHELD_REF)
        }
        moved_earlier = {s for s in lost if s in earlier}
        narrowed = {s for s in lost if any(s in context.narrower.get(g, frozenset()) for g in new_ids)}
        dropped = [s for s in lost if s not in replaced and s not in moved_earlier and s not in narrowed]
        suffix = "" if key == "required_safeguards" else f" ({stage})"
        weaker = sorted(g for g in new_ids if context.narrower.get(g, frozenset()) & narrowed)
        if narrowed:
            detail = f"{', '.join(sorted(narrowed))} replaced by the narrower {', '.join(weaker)}{suffix}"
            hits.append(RuleHit("safeguard_narrowed", WEAKER, detail))
        if dropped:
            detail = _references(dropped, [s for s in old_ids if s not in new_ids], "in this edition")
            hits.append(RuleHit("safeguard_dropped", WEAKER, f"required safeguard(s) dropped{suffix}: {detail}"))
        by = sorted(g for g in earlier if context.supersedes.get(g, frozenset()) & replaced)
        if replaced:
            detail = f"{', '.join(sorted(replaced))} replaced by the stricter {', '.join(by)}{suffix}"
            hits.append(RuleHit("safeguard_superseded", STRONGER, detail))
        gained = [s for s in gained if s not in by and s not in weaker]  # a replacement is told as such
        if gained:
            new_only = [s for s in new_ids if s not in old_ids and s not in by and s not in weaker]
            detail = _references(gained, new_only, "in the earlier edition")
            hits.append(RuleHit("safeguard_added", STRONGER, f"required safeguard(s) added{suffix}: {detail}"))
    return hits


def _steps(response: dict[str, Any] | None) -> list[dict[str, Any]]:
    """A response as ordered steps: plain actions are unconditional steps."""
    if not response:
        return []
    steps = [dict(s) for s in response.get("steps") or []]
    known = {s["action"] for s in steps}
    return steps + [
        {"action": a, "condition": None, "within_days": None} for a in response.get("actions") or [] if a not in known
    ]


def _response(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[RuleHit]:
    """What is done when the line is reached. A dropped action is a softening unless a stronger action of
    the same family replaces it; interim measures added where a stronger action stood soften it (they come
    first, the stronger action only if they fail); an action that became conditional, or slower, softens it."""
    if old is None or new is None:
        if old is not None:
            return [RuleHit("response_removed", WEAKER, "the response was removed")]
        return [RuleHit("response_added", STRONGER, "a response was added")] if new is not None else []
    old_steps, new_steps = {s["action"]: s for s in _steps(old)}, {s["action"]: s for s in _steps(new)}
    hits: list[RuleHit] = []
    lost = sorted(set(old_steps) - set(new_steps), key=lambda a: -RESPONSE_SEVERITY[a])
    gained = sorted(set(new_steps) - set(old_steps), key=lambda a: -RESPONSE_SEVERITY[a])
    replaced = [
        a
        for a in lost
        if any(_FAMILIES[g] == _FAMILIES[a] and RESPONSE_SEVERITY[g] > RESPONSE_SEVERITY[a] for g in gained)
    ]
    dropped = [a for a in lost if a not in replaced]
    if dropped:
        hits.append(RuleHit("response_softened", WEAKER, f"response actions removed: {_actions(dropped)}"))
    by = [
        g
        for g in gained
        if any(_FAMILIES[g] == _FAMILIES[a] and RESPONSE_SEVERITY[g] > RESPONSE_SEVERITY[a] for a in replaced)
    ]
    if replaced:
        detail = f"{', '.join(replaced)} replaced by the stronger {', '.join(by)}"
        hits.append(RuleHit("response_hardened", STRONGER, detail))
    old_top = max((RESPONSE_SEVERITY[a] for a in old_steps), default=0)
    new_top = max((RESPONSE_SEVERITY[a] for a in new_steps), default=0)
    interim = "interim_measures" in gained and old_top > RESPONSE_SEVERITY["interim_measures"]
    if interim:
        detail = "interim measures added: the stronger action now comes only if they are not enough"
        hits.append(RuleHit("response_interim_added", WEAKER, detail))
    others = [g for g in gained if g not in by and not (interim and g == "interim_measures")]
    if others and (not dropped or new_top > old_top):
        hits.append(RuleHit("response_hardened", STRONGER, f"response actions added: {_actions(others)}"))
    for action in sorted(set(old_steps) & set(new_steps), key=lambda a: -RESPONSE_SEVERITY[a]):
        before, after = old_steps[action], new_steps[action]
        if before.get("condition") is None and after.get("condition") is not None:
            detail = f"{action} now applies only {after['condition']}"
            hits.append(RuleHit("response_conditional", WEAKER, detail))
        elif before.get("condition") is not None and after.get("condition") is None:
            hits.append(RuleHit("response_unconditional", STRONGER, f"{action} now applies without condition"))
        old_days, new_days = before.get("within_days"), after.get("within_days")
        if old_days != new_days and old_days is not None and new_days is not None:
            slower = new_days > old_days
            detail = f"{action} within {new_days} days instead of {old_days}"
            hits.append(RuleHit(f"response_{'slower' if slower else 'faster'}", WEAKER if slower else STRONGER, detail))
    if old.get("description") != new.get("description") and not hits:
        hits.append(RuleHit("response_reworded", CLARIFIED, "the response was reworded"))
    return hits


def _scope(old: dict[str, Any], new: dict[str, Any], context: RuleContext) -> list[RuleHit]:
    """What the line covers: its kind, domain, category and level. Narrowing the scope is a weakening."""
    hits: list[RuleHit] = []
    old_kind, new_kind = old.get("kind") or "capability_threshold", new.get("kind") or "capability_threshold"
    if old_kind != new_kind:
        if _research(old) and _research(new):  # an untracked line now says what it is
            hits.append(RuleHit("kind_named", CLARIFIED, "now marked a research category (it was not tracked)"))
        elif new_kind == "research_category":
            hits.append(RuleHit("moved_to_research", WEAKER, "now a research category: monitored, no threshold"))
        elif old_kind == "research_category":
            hits.append(
                RuleHit("now_a_threshold", STRONGER, f"a research category became a {new_kind.replace('_', ' ')}")
            )
        else:
            detail = f"the kind changed from {old_kind.replace('_', ' ')} to {new_kind.replace('_', ' ')}"
            hits.append(RuleHit("kind_changed", WEAKER, detail + ": cannot be shown to be no weaker"))
    elif old.get("tracked", True) != new.get("tracked", True):
        hits.append(
            RuleHit("moved_to_research", WEAKER, "no longer a tracked category with a trigger")
            if not new.get("tracked", True)
            else RuleHit("now_tracked", STRONGER, "now a tracked category with a trigger")
        )
    if old.get("domain") != new.get("domain"):
        detail = f"the domain changed from {old.get('domain')} to {new.get('domain')}: it guards against something else"
        hits.append(RuleHit("domain_changed", WEAKER, detail))
    old_category, new_category = old.get("category"), new.get("category")
    if old_category != new_category:
        if old_category is None:
            hits.append(RuleHit("category_assigned", CLARIFIED, f"now placed in category {new_category}"))
        elif old_category in context.same_scope.get(str(new_category), frozenset()):
            hits.append(RuleHit("category_renewed", CLARIFIED, f"category {old_category} continues as {new_category}"))
        elif old_category in context.wider.get(str(new_category), frozenset()):
            detail = f"now in category {new_category}, which covers all of {old_category} and more"
            hits.append(RuleHit("category_widened", STRONGER, detail))
        else:
            detail = (
                f"the category changed from {old_category} to {new_category or '(none)'}: its scope may be narrower"
            )
            hits.append(RuleHit("category_changed", WEAKER, detail))
    hits += _level(old, new, context)
    return hits


def _level(old: dict[str, Any], new: dict[str, Any], context: RuleContext) -> list[RuleHit]:
    """The category level the line marks: a higher level means it triggers later."""
    old_level, new_level = old.get("level"), new.get("level")
    if old_level == new_level:
        return []
    if old_level is None:
        return [RuleHit("level_assigned", CLARIFIED, f"now marks level {new_level}")]
    if context.renamed_levels.get(str(new.get("category")), {}).get(str(new_level)) == old_level:
        return [RuleHit("level_renamed", CLARIFIED, f"level {old_level} is now called {new_level}")]
    order = context.levels.get(str(new.get("category")), [])
    detail = f"the level moved from {old_level} to {new_level or '(none)'}"
    if old_level in order and new_level in order:
        higher = order.index(new_level) > order.index(old_level)
        return [RuleHit(f"level_{'raised' if higher else 'lowered'}", WEAKER if higher else STRONGER, detail)]
    return [RuleHit("level_changed", WEAKER, detail + ": cannot be shown to be no weaker")]


def _research(line: dict[str, Any]) -> bool:
    """Monitored with no binding threshold: a research category, or a line that is not tracked."""
    return line.get("kind") == "research_category" or not line.get("tracked", True)


def _rules(old: dict[str, Any], new: dict[str, Any], context: RuleContext) -> list[RuleHit]:
    hits = _commitment_rules(old, new, context)
    if _research(old) and _research(new):  # what a monitored category measures binds nobody
        hits = [RuleHit(h.rule, CLARIFIED, f"{h.detail} (a research category: not binding)") for h in hits]
    hits += _scope(old, new, context)
    old_review, new_review = (
        (old.get("review") or {}).get("interval_months"),
        (new.get("review") or {}).get("interval_months"),
    )
    if old_review != new_review and old_review is not None and new_review is not None:
        slower = new_review > old_review
        detail = f"reviewed every {new_review} months instead of {old_review}"
        hits.append(RuleHit(f"review_{'less' if slower else 'more'}_often", WEAKER if slower else STRONGER, detail))
    if old.get("status") != new.get("status"):
        hits.append(
            RuleHit("retired", RETIRED, "the red line was retired")
            if new.get("status") == "retired"
            else RuleHit("reinstated", STRONGER, "the red line was reinstated")
        )
    for name in TEXT_FIELDS:
        if old.get(name) != new.get(name):
            hits.append(RuleHit(f"{name}_reworded", CLARIFIED, f"the {name.replace('_', ' ')} was reworded"))
    return hits


def _commitment_rules(old: dict[str, Any], new: dict[str, Any], context: RuleContext) -> list[RuleHit]:
    """What binds: the criterion, the early warning, the safeguards, the response and the tier."""
    hits = threshold_rules(old.get("criterion"), new.get("criterion"), "criterion")
    hits += threshold_rules(old.get("early_warning"), new.get("early_warning"), "early_warning")
    old_warning, new_warning = old.get("early_warning") or {}, new.get("early_warning") or {}
    if old_warning or new_warning:
        hits += [
            RuleHit(f"early_warning_{h.rule}", h.effect, f"early warning: {h.detail}")
            for h in _response(old_warning.get("response"), new_warning.get("response"))
        ]
    hits += _safeguards(old, new, context)
    hits += _response(old.get("response"), new.get("response"))
    old_tier, new_tier = old.get("tier"), new.get("tier")
    if old_tier != new_tier and old_tier is not None and new_tier is not None:
        lower = new_tier < old_tier
        detail = f"the tier moved from {old_tier} to {new_tier}"
        hits.append(RuleHit(f"tier_{'lowered' if lower else 'raised'}", WEAKER if lower else STRONGER, detail))
    return hits


def _new_entries(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The history entries the new version gains (matched by date and kind, as the diff matches them)."""
    before = Counter((h["date"], h["change"]) for h in old.get("history") or [])
    gained = []
    for entry in new.get("history") or []:
        key = (entry["date"], entry["change"])
        if before[key] > 0:
            before[key] -= 1
        else:
            gained.append(entry)
    return gained


def _adopted(entry: dict[str, Any]) -> str:
    return str(entry.get("adopted") or entry["date"])


def _kinds(kinds: frozenset[str]) -> str:
    return " or ".join(sorted(kinds))


def _mislabel(verdict: str, entries: list[dict[str, Any]]) -> str:
    kinds = {e["change"] for e in entries}
    if verdict in (WEAKER, "mixed") and kinds & NOT_WEAKER_KINDS and not kinds & WEAKENING_KINDS:
        called = " and ".join(sorted(kinds & NOT_WEAKER_KINDS))
        return f"the board calls the change {called}, but the rules find it weaker"
    if verdict not in (WEAKER, "mixed", RETIRED) and kinds & WEAKENING_KINDS:
        return "the board calls the change weakened, but no rule finds a weakening"
    return ""


def classify_red_line(
    old: dict[str, Any],
    new: dict[str, Any],
    window: tuple[str, str] | None = None,
    context: RuleContext | None = None,
) -> Classification:
    """The one verdict for a red line present in both versions (or paired through lineage), its rules,
    whether it is unexplained and whether the board's own label contradicts it.

    ``window`` is the new report's period start and publication date: only history entries the board
    adopted within it explain a change.
    """
    hits = _rules(old, new, context or RuleContext())
    effects = {hit.effect for hit in hits}
    gained = _new_entries(old, new)
    inside = [e for e in gained if window is None or window[0] <= _adopted(e) <= window[1]]
    kinds = Counter(e["change"] for e in inside)
    if RETIRED in effects:
        verdict = RETIRED
    elif WEAKER in effects:
        verdict = "mixed" if STRONGER in effects else WEAKER
    elif STRONGER in effects:
        verdict = STRONGER
    else:
        verdict = CLARIFIED if hits else UNCHANGED
    mislabelled = _mislabel(verdict, inside)
    entries = tuple(inside)
    if verdict == RETIRED and not sum(kinds[k] for k in RETIREMENT_KINDS):
        reason = f"no new history entry of kind {_kinds(RETIREMENT_KINDS)}"
        return Classification(
            verdict, hits, True, _outside(reason, gained, inside, RETIREMENT_KINDS, window), mislabelled, entries
        )
    if verdict in (WEAKER, "mixed") and not sum(kinds[k] for k in WEAKENING_KINDS):
        reason = f"no new history entry of kind {_kinds(WEAKENING_KINDS)} gives a reason"
        return Classification(
            verdict, hits, True, _outside(reason, gained, inside, WEAKENING_KINDS, window), mislabelled, entries
        )
    return Classification(verdict, hits, False, "", mislabelled, entries)


def _outside(
    reason: str,
    gained: list[dict[str, Any]],
    inside: list[dict[str, Any]],
    kinds: frozenset[str],
    window: tuple[str, str] | None,
) -> str:
    """The reason, with a word on a fitting entry that is dated outside the period (a backdated change)."""
    outside = [e for e in gained if e not in inside and e["change"] in kinds]
    if not outside or window is None:
        return reason
    entry = outside[0]
    return (
        f"{reason}: the {entry['change']} entry is dated {_adopted(entry)}, outside this report's period "
        f"({window[0]} to {window[1]}); if the board adopted the change in the period, give that date as adopted"
    )


def _actions(codes: list[str]) -> str:
    """Response actions as the report names them ("Halt deployment")."""
    return ", ".join(L.label(L.ACTION_LABELS, code) for code in codes)
