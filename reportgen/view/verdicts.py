"""Each red line's one verdict for the period, wherever the report shows the line.

With a previous report the verdict is the one ``diff`` computed against it (``EditionFacts.red_line_verdicts``),
with the board's own label beside it where the two differ; without one it is read from the board's history
entries of the period. The overview, the year at a glance and each red line's card all show this verdict.
"""

from __future__ import annotations

from datetime import date

from ..core import labels as L
from ..core.verdicts import LineVerdict
from ..schema import RedLine, Report, items
from ..schema.redlines import HistoryEntry
from ..schema.report import Period
from .viewmodel_red_lines import VerdictView

# The board's labels that agree with a computed verdict: a clarification is no change of commitment.
_AGREES = {
    "weakened": {"weakened"},
    "mixed": {"weakened"},
    "strengthened": {"strengthened"},
    "retired": {"retired"},
    "introduced": {"introduced"},
    "clarified": {"clarified"},
    "commitment unchanged": {"clarified"},
    "unchanged": {"clarified"},
}
_BOARD_ORDER = ("introduced", "retired", "weakened", "strengthened", "clarified")


def entry_day(entry: HistoryEntry) -> date:
    """The day a history entry counts from: the board's adoption, else the day the change took effect."""
    return entry.adopted or entry.date


def in_period(entry: HistoryEntry, period: Period) -> bool:
    return period.contains(entry_day(entry))


def board_verdict(line: RedLine, period: Period) -> str:
    """The verdict the board's own history entries of the period give: introduced (whatever followed),
    retired, weakened and strengthened (mixed), strengthened, weakened, clarified, or unchanged."""
    kinds = {h.change for h in line.history if in_period(h, period)}
    if "introduced" in kinds:
        return "introduced"
    if "retired" in kinds:
        return "retired"
    if {"weakened", "strengthened"} <= kinds:
        return "mixed"
    for kind in ("weakened", "strengthened", "clarified"):
        if kind in kinds:
            return kind
    return "unchanged"


def _board_label(line: RedLine, period: Period, verdict: str) -> str:
    """ "the board calls it clarified" when the board's entries of the period name none that agrees."""
    kinds = {h.change for h in line.history if in_period(h, period)}
    if not kinds or kinds & _AGREES.get(verdict, set()):
        return ""
    called = " and ".join(k for k in _BOARD_ORDER if k in kinds)
    return f"the board calls it {called}"


def line_verdict(line: RedLine, period: Period, computed: LineVerdict | None, compared: bool) -> VerdictView:
    """One red line's verdict. ``compared``: the edition was compared with a previous report, which gives
    ``computed`` for each line that changed or was introduced (a line it does not list did not change)."""
    if not compared:
        code = board_verdict(line, period)
        return VerdictView(code=code, label=L.VERDICT_LABELS[code], computed=False)
    verdict = computed.verdict if computed is not None else "unchanged"
    return VerdictView(
        code=verdict.replace(" ", "-"),
        label=L.VERDICT_LABELS.get(verdict, verdict.capitalize()),
        board=_board_label(line, period, verdict),
        unexplained=computed.reason if computed and computed.unexplained else "",
        mislabelled=computed.mislabelled if computed else "",
        computed=True,
    )


def line_verdicts(report: Report, computed: dict[str, LineVerdict], compared: bool) -> dict[str, VerdictView]:
    """Every red line's verdict (see :func:`line_verdict`), by id."""
    period = report.report.period
    return {line.id: line_verdict(line, period, computed.get(line.id), compared) for line in items(report.red_lines)}


def verdict_basis(compared: bool) -> str:
    """How the verdicts were reached, in a sentence for the red-lines chapter."""
    if compared:
        return (
            "Verdicts are computed against the previous report (see “Changes since the last report”); "
            "where the board's own label differs, it is shown beside the verdict."
        )
    return "With no previous report to compare with, each verdict is the one the board recorded in the line's history."
