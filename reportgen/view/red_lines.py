"""The red lines and the evaluations run against them, as the report shows them."""

from __future__ import annotations

from ..core import labels as L
from ..schema import RedLine, Report, items
from .figures import current_results, sorted_red_lines
from .links import Links, anchor
from .prose import render_markdown
from .viewmodel import EvaluationView, HistoryView, RedLineView, ResultView


def _measure(threshold: object) -> str:
    metric = getattr(threshold, "metric", None)
    comparison = getattr(threshold, "comparison", None)
    value = getattr(threshold, "value", None)
    if metric is None or comparison is None or value is None:
        return ""
    unit = getattr(threshold, "unit", None) or ""
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    spacer = "" if unit in ("%", "") else " "
    symbol = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}[comparison]
    return f"{metric} {symbol} {shown}{spacer}{unit}"


def _score(score: float | int | None, uncertainty: float | int | None, unit: str) -> str:
    if score is None:
        return ""
    spacer = "" if unit in ("%", "") else " "
    text = f"{score:g}"
    if uncertainty is not None:
        text += f" ± {uncertainty:g}"
    return f"{text}{spacer}{unit}"


def red_line_views(report: Report, refs: Links) -> list[RedLineView]:
    """Each red line with its criterion, response, history, the results against it and its decisions."""
    period = report.report.period
    current = current_results(report)
    decisions_by_line: dict[str, list[str]] = {}
    for decision in sorted(items(report.decisions), key=lambda d: (d.date, d.id)):
        for line_id in decision.red_lines:
            decisions_by_line.setdefault(line_id, []).append(decision.id)
    results_by_line: dict[str, list[ResultView]] = {}
    models = {m.id: m.name for m in items(report.models)}
    for evaluation in sorted(items(report.evaluations), key=lambda e: (e.date, e.id)):
        for result in evaluation.results:
            line = next((r for r in items(report.red_lines) if r.id == result.red_line), None)
            unit = (line.criterion.unit or "") if line and line.criterion else ""
            results_by_line.setdefault(result.red_line, []).append(
                ResultView(
                    evaluation=refs.ref("evaluation", evaluation.id),
                    model=", ".join(models.get(m, "a withheld model") for m in evaluation.model_ids()),
                    date=L.short_date(evaluation.date),
                    evaluator=evaluation.evaluator.name,
                    result=L.RESULT_LABELS[result.result],
                    result_code=result.result,
                    score=_score(result.score, result.uncertainty, unit),
                )
            )
    views = []
    for line in sorted_red_lines(report):
        code, _ = current[line.id]
        history = [
            HistoryView(
                date=L.short_date(h.date),
                change=L.CHANGE_LABELS[h.change],
                change_code=h.change,
                summary=h.summary,
                reason=h.reason,
                decision=refs.ref("decision", h.decision) if h.decision else None,
                this_period=period.contains(h.date),
            )
            for h in line.history
        ]
        views.append(
            RedLineView(
                anchor=anchor("red-line", line.id),
                id=line.id,
                title=line.title,
                domain=L.label(L.DOMAIN_LABELS, line.domain),
                tier=f"Tier {line.tier} · {line.tier_label}" if line.tier else "",
                tracked=line.tracked,
                status=L.label(L.STATUS_LABELS, line.status),
                current_result=L.RESULT_LABELS[code],
                current_result_code=code,
                capability=line.capability,
                harm=line.harm,
                criterion=line.criterion.description if line.criterion else "",
                criterion_measure=_measure(line.criterion) if line.criterion else "",
                early_warning=line.early_warning.description if line.early_warning else "",
                early_warning_measure=_measure(line.early_warning) if line.early_warning else "",
                safeguards=refs.refs("safeguard", line.required_safeguards),
                response_actions=[L.label(L.ACTION_LABELS, a) for a in line.response.actions] if line.response else [],
                response=line.response.description if line.response else "",
                decided_by=line.decided_by or "",
                review=_review(line),
                history=history,
                changed_this_period=[h.change for h in history if h.this_period and h.change_code != "introduced"],
                results=results_by_line.get(line.id, []),
                decisions=refs.refs("decision", decisions_by_line.get(line.id, [])),
                notes=render_markdown(line.notes),
            )
        )
    return views


def _review(line: RedLine) -> str:
    text = f"Every {L.plural(line.review.interval_months, 'month')}"
    if line.review.last_reviewed:
        text += f"; last reviewed {L.short_date(line.review.last_reviewed)}"
    return text


def evaluation_views(report: Report, refs: Links) -> list[EvaluationView]:
    """Each evaluation, dated order, with one row per red line it tested."""
    lines = {r.id: r for r in items(report.red_lines)}
    views = []
    for evaluation in sorted(items(report.evaluations), key=lambda e: (e.date, e.id)):
        results = []
        for result in evaluation.results:
            line = lines.get(result.red_line)
            unit = (line.criterion.unit or "") if line and line.criterion else ""
            results.append(
                (
                    refs.ref("red-line", result.red_line),
                    L.RESULT_LABELS[result.result],
                    result.result,
                    _score(result.score, result.uncertainty, unit),
                    result.note or "",
                )
            )
        views.append(
            EvaluationView(
                anchor=anchor("evaluation", evaluation.id),
                id=evaluation.id,
                model=refs.ref("model", evaluation.model_ids()[0]),
                date=L.long_date(evaluation.date),
                evaluator=evaluation.evaluator.name,
                evaluator_kind=L.EVALUATOR_LABELS[evaluation.evaluator.kind],
                independent=evaluation.evaluator.independent,
                access=", ".join(L.ACCESS_LABELS[a] for a in evaluation.access),
                mitigations="On" if evaluation.mitigations_on else "Off",
                method=evaluation.method,
                results=results,
                summary=render_markdown(evaluation.summary),
            )
        )
    return views
