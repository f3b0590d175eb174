"""The year's figures: key figures, board composition, each red line's latest result, chart data.

Computed once here and shared by the report and its tests.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..core import labels as L
from ..schema import Evaluation, RedLine, Report, items
from .frameworks import line_order
from .verdicts import line_verdicts
from .viewmodel import ChartData, KeyFigure
from .viewmodel_red_lines import VerdictView

APPROVALS = ("approve", "approve_with_conditions")
STOPS = ("reject", "delay", "halt", "withdraw")


def sorted_red_lines(report: Report) -> list[RedLine]:
    """The red lines in the order the report lists them: by framework, category and level."""
    return sorted(items(report.red_lines), key=line_order(report))


def current_results(report: Report) -> dict[str, tuple[str, Evaluation | None]]:
    """Each red line's standing: per model, its latest result (the worst on a tie); then the worst
    over all models, since one model at the line is enough for the line to be reached."""
    worst = {"below": 0, "cannot_rule_out": 1, "reached": 2}
    latest: dict[tuple[str, str], tuple[date, int, str, Evaluation]] = {}
    for evaluation in items(report.evaluations):
        for result in evaluation.results:
            for model in evaluation.model_ids():
                pair = (result.red_line, model)
                key = (evaluation.date, worst[result.result])
                seen = latest.get(pair)
                if seen is None or key > (seen[0], seen[1]):
                    latest[pair] = (evaluation.date, worst[result.result], result.result, evaluation)
    standing: dict[str, tuple[int, date, str, Evaluation]] = {}
    for (line_id, _), (day, rank, code, evaluation) in latest.items():
        current = standing.get(line_id)
        if current is None or (rank, day) > (current[0], current[1]):
            standing[line_id] = (rank, day, code, evaluation)
    out: dict[str, tuple[str, Evaluation | None]] = {}
    for line in items(report.red_lines):
        found = standing.get(line.id)
        out[line.id] = (found[2], found[3]) if found else ("not_evaluated", None)
    return out


def key_figures(report: Report, verdicts: dict[str, VerdictView] | None = None) -> list[KeyFigure]:
    """The year at a glance. ``verdicts``: each red line's verdict for the period, as the rest of the report
    shows it (:mod:`reportgen.view.verdicts`); without them, the board's own history entries of the period."""
    decisions = items(report.decisions)
    # a motion that was not carried approved nothing and stopped nothing
    carried = Counter[str](d.kind for d in decisions if d.final_outcome() != "not_carried")
    evaluations = items(report.evaluations)
    external = sum(1 for e in evaluations if e.evaluator.kind != "internal")
    current = current_results(report)
    flagged = sum(1 for code, _ in current.values() if code in ("reached", "cannot_rule_out"))
    if verdicts is None:
        verdicts = line_verdicts(report, {}, compared=False)
    changes = Counter(v.code for v in verdicts.values())
    lines_note = f"{changes['strengthened']} strengthened, {changes['weakened']} weakened"
    unexplained = sum(1 for v in verdicts.values() if v.unexplained)
    if unexplained:
        lines_note += f" ({unexplained} unexplained)"
    if changes["mixed"]:
        lines_note += f", {changes['mixed']} weakened and strengthened"
    if changes["introduced"]:
        lines_note += f", {changes['introduced']} introduced"
    meetings = items(report.meetings)
    approvals = sum(carried[k] for k in APPROVALS)
    stops = sum(carried[k] for k in STOPS)
    return [
        KeyFigure(
            str(len(decisions)), "decisions", f"{L.plural(approvals, 'approval')}, {stops} rejections, delays or halts"
        ),
        KeyFigure(str(len(meetings)), "board meetings", f"quorum {report.board.quorum}"),
        KeyFigure(str(len(items(report.red_lines))), "red lines", lines_note),
        KeyFigure(str(flagged), "red lines flagged", "reached or cannot be ruled out"),
        KeyFigure(
            str(len(evaluations)),
            "evaluations",
            f"{external} external ({L.percent(external, len(evaluations))})",
        ),
        KeyFigure(
            str(len(items(report.incidents))),
            "incidents",
            f"{sum(1 for i in items(report.incidents) if i.severity in ('high', 'critical'))} high or critical",
        ),
    ]


def composition(report: Report) -> list[KeyFigure]:
    end = report.report.period.end
    at_end = [m for m in report.board.members if m.serving_on(end)]
    independent = sum(1 for m in at_end if m.independent)
    outside = sum(1 for m in at_end if m.category != "member_organisation")
    return [
        KeyFigure(str(len(at_end)), "members at year end"),
        KeyFigure(f"{independent}", "independent", L.percent(independent, len(at_end))),
        KeyFigure(f"{outside}", "outside seats", "experts and civil society"),
        KeyFigure(str(len(report.board.members) - len(at_end)), "left during the year"),
    ]


def chart_data(report: Report) -> dict[str, ChartData]:
    """The numbers behind the charts; the same numbers appear in each chart's data table."""
    decisions = items(report.decisions)
    kinds = sorted({d.kind for d in decisions}, key=lambda k: list(L.KIND_LABELS).index(k))
    per = Counter((d.kind, L.quarter(d.date)) for d in decisions)
    by_quarter = ChartData(
        title="Decisions by kind and quarter",
        caption="Number of decisions taken in each quarter of the reporting period, by kind.",
        columns=["Kind", "Q1", "Q2", "Q3", "Q4", "Total"],
        rows=[
            (
                L.label(L.KIND_LABELS, k),
                [*(per[(k, q)] for q in range(1, 5)), sum(per[(k, q)] for q in range(1, 5))],
            )
            for k in kinds
        ],
    )
    current = current_results(report)
    status_counts = Counter(code for code, _ in current.values())
    status = ChartData(
        title="Red lines by latest evaluation result",
        caption="Each red line counted once, by the result of its most recent evaluation.",
        columns=["Result", "Red lines"],
        rows=[
            (L.RESULT_LABELS[code], [status_counts[code]])
            for code in ("below", "cannot_rule_out", "reached", "not_evaluated")
        ],
    )
    rows: list[tuple[str, list[float | int | str]]] = []
    for line in sorted_red_lines(report):
        value = line.criterion.value if line.criterion else None
        if line.criterion is None or value is None or line.criterion.example:
            continue
        for evaluation in sorted(items(report.evaluations), key=lambda e: (e.date, e.id)):
            for result in evaluation.results:
                if result.red_line == line.id and result.score is not None:
                    rows.append(
                        (
                            line.id,
                            [
                                evaluation.id,
                                float(result.score),
                                float(result.uncertainty or 0),
                                float(value),
                                line.criterion.unit or "",
                                result.result,
                            ],
                        )
                    )
    against = ChartData(
        title="Evaluation scores against red-line thresholds",
        caption="Each score as a share of its red line's threshold (100% = the threshold), with its uncertainty.",
        columns=["Red line", "Evaluation", "Score", "±", "Threshold", "Unit", "Result"],
        rows=rows,
    )
    return {"decisions_by_quarter": by_quarter, "red_line_status": status, "scores_vs_thresholds": against}
