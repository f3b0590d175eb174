"""Which red lines of the old version live on in the new one under another id: replaced, split or merged.

The frameworks split, merge and replace their lines between versions (CBRN became biological and
chemical plus a nuclear and radiological research category; model autonomy became self-improvement
plus research categories). A new line's ``replaces`` and ``split_from``, and an old line's
``merged_into``, pair the old line with its successors, so the diff judges old against new instead of
reporting an unrelated removal and addition.
"""

from __future__ import annotations

from typing import Any

from ..schema import Report, items
from .redline_rules import RuleContext

REPLACES, SPLIT_FROM, MERGED_INTO = "replaces", "split from", "merged into"


def lineage_pairs(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], removed: list[str], added: list[str]
) -> list[tuple[str, str, str]]:
    """(old id, new id, relation) for each removed old line that a line of the new version continues.

    A new line may be one that is added, or one both versions hold (a line that absorbed another)."""
    pairs: list[tuple[str, str, str]] = []
    gone = set(removed)
    for new_id, line in new.items():
        for old_id in line.get("replaces") or []:
            if old_id in gone:
                pairs.append((old_id, new_id, REPLACES))
        parent = line.get("split_from")
        if parent in gone:
            pairs.append((str(parent), new_id, SPLIT_FROM))
    named = {(o, n) for o, n, _ in pairs}
    for old_id in removed:
        target = old[old_id].get("merged_into")
        if target in new and (old_id, target) not in named:
            pairs.append((old_id, str(target), MERGED_INTO))
    order = {item_id: i for i, item_id in enumerate([*old, *new])}
    return sorted(pairs, key=lambda p: (order[p[1]], order[p[0]]))


def rule_context(report: Report) -> RuleContext:
    """What the red-line rules need of the new report: category levels, continuing categories, and which
    safeguards supersede which."""
    categories = [c for f in items(report.frameworks) for c in f.categories]
    continues = {c.id: c.same_scope_as for c in categories if c.same_scope_as}

    def chain(category: str) -> frozenset[str]:
        """Every earlier category this one continues with the same scope, through intermediate versions."""
        found: list[str] = []
        current = continues.get(category)
        while current is not None and current not in found:
            found.append(current)
            current = continues.get(current)
        return frozenset(found)

    safeguards = items(report.safeguards)
    return RuleContext(
        levels={c.id: list(c.levels) for c in categories},
        same_scope={c.id: chain(c.id) for c in categories if c.id in continues},
        wider={c.id: frozenset(c.includes) for c in categories if c.includes},
        renamed_levels={c.id: dict(c.renamed_levels) for c in categories if c.renamed_levels},
        supersedes={s.id: frozenset(s.supersedes) for s in safeguards if s.supersedes},
        narrower={s.id: frozenset(s.replaces_stronger) for s in safeguards if s.replaces_stronger},
    )
