"""A red line's verdict for the period: computed by ``diff`` against the previous report, shown by the report
itself (overview, the year at a glance, the red-line chapter and the Changes chapter alike), so that the
report never shows two different verdicts for one red line."""

from __future__ import annotations

from dataclasses import dataclass

# Verdicts, strongest concern first: what a line that has several (a merge) shows.
VERDICT_ORDER = ("weakened", "mixed", "retired", "strengthened", "introduced", "clarified", "commitment unchanged")


@dataclass(frozen=True)
class LineVerdict:
    """One red line's verdict: weakened, strengthened, mixed, clarified, retired, introduced or commitment
    unchanged; whether a weakening is unexplained (and why); whether the board's own label contradicts it;
    and the earlier line it continues, if any ("split from RL-CBRN")."""

    verdict: str
    unexplained: bool = False
    reason: str = ""  # set whenever unexplained is (diff.redline_rules says why every time)
    mislabelled: str = ""
    lineage: str = ""


def worst(first: LineVerdict, second: LineVerdict) -> LineVerdict:
    """Of two verdicts for one line (a line that absorbed two earlier ones), the one of more concern."""
    rank = {v: i for i, v in enumerate(VERDICT_ORDER)}
    return first if rank.get(first.verdict, 99) <= rank.get(second.verdict, 99) else second
