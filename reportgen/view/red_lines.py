"""The red lines and the evaluations run against them, as the report shows them."""

from __future__ import annotations

from ..core import labels as L
from ..editions.filtering import WITHHELD_REF
from ..schema import Evaluation, RedLine, Report, items
from ..schema.evaluations import RedLineResult
from ..schema.redlines import Condition, Response, Threshold
from .figures import current_results, sorted_red_lines
from .frameworks import (
    categories_by_id,
    framework_ref,
    is_research,
    line_group,
    line_place,
    line_ref,
    source_parts,
)
from .links import Links, anchor
from .models import determination_views
from .prose import render_markdown
from .verdicts import in_period
from .viewmodel_base import Ref
from .viewmodel_red_lines import (
    ConditionView,
    DeterminationView,
    EvaluationResultView,
    EvaluationView,
    HistoryView,
    RedLineView,
    ResponseView,
    ResultView,
    StageView,
    ThresholdView,
    VerdictView,
)

_SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_TIGHT_UNITS = ("", "%", "×", "x")  # written against the number: "40%", "3×"


def _number(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _amount(value: float | int, unit: str) -> str:
    return f"{_number(value)}{'' if unit in _TIGHT_UNITS else ' '}{unit}"


def measure(condition: Condition) -> str:
    """A condition's measure: "uplift ≥ 20 percentage points", "time saved: 2–8 hours", "speed-up: e.g. 3×"."""
    unit = condition.unit or ""
    low, high = condition.value_min, condition.value_max
    ranged = low is not None or high is not None
    if low is not None and high is not None:
        amount = f"{_number(low)}–{_amount(high, unit)}"
    elif low is not None:
        amount = f"≥ {_amount(low, unit)}"
    elif high is not None:
        amount = f"≤ {_amount(high, unit)}"
    elif condition.value is not None:
        symbol = _SYMBOLS.get(condition.comparison or "", "")
        amount = f"{symbol} {_amount(condition.value, unit)}".strip()
    else:
        return ""
    if condition.example:
        amount = f"e.g. {amount}"
    if not condition.metric:
        return amount
    if ranged or condition.example or not condition.comparison:
        return f"{condition.metric}: {amount}"
    return f"{condition.metric} {amount}"


def threshold_view(threshold: Threshold) -> ThresholdView:
    """A criterion or early warning with its measure and, if it combines several, its conditions."""
    combine, parts = ("Any of", threshold.any_of) if threshold.any_of else ("All of", threshold.all_of)
    return ThresholdView(
        description=threshold.description,
        measure=measure(threshold),
        example=threshold.example,
        combine=combine if parts else "",
        conditions=[ConditionView(c.description, measure(c), c.example) for c in parts],
    )


def response_view(response: Response) -> ResponseView:
    """A response: its actions, or its steps in order ("If not in place: Halt deployment", within 30 days)."""
    steps = [
        (
            (step.condition[:1].upper() + step.condition[1:]).rstrip(":") if step.condition else "",
            L.label(L.ACTION_LABELS, step.action),
            f"within {L.plural(step.within_days, 'day')}" if step.within_days else "",
        )
        for step in response.steps
    ]
    return ResponseView(
        actions=[L.label(L.ACTION_LABELS, a) for a in response.actions],
        steps=steps,
        description=response.description,
    )


def _score(score: float | int | None, uncertainty: float | int | None, unit: str) -> str:
    if score is None:
        return ""
    spacer = "" if unit in _TIGHT_UNITS else " "
    text = f"{score:g}"
    if uncertainty is not None:
        text += f" ± {uncertainty:g}"
    return f"{text}{spacer}{unit}"


def result_details(result: RedLineResult, line: RedLine | None) -> list[str]:
    """What a result says beyond below / reached: the alert threshold's result beside the line's ("Alert
    threshold reached; Critical level not reached"), the level reached, and the result before and after
    mitigations."""
    details = []
    if result.early_warning_result is not None:
        what = f"{line.level} level" if line is not None and line.level else "red line"
        details.append(
            f"Alert threshold {L.RESULT_WORDS[result.early_warning_result]}; {what} {L.RESULT_WORDS[result.result]}"
        )
    if result.level_reached:
        details.append(f"Level reached: {result.level_reached}")
    mitigation = []
    if result.pre_mitigation is not None:
        mitigation.append(f"before mitigations {L.RESULT_WORDS[result.pre_mitigation]}")
    if result.post_mitigation is not None:
        mitigation.append(f"with mitigations {L.RESULT_WORDS[result.post_mitigation]}")
    if mitigation:
        text = "; ".join(mitigation)
        details.append(text[:1].upper() + text[1:])
    return details


def _unit(line: RedLine | None) -> str:
    return (line.criterion.unit or "") if line is not None and line.criterion is not None else ""


def _model_names(evaluation: Evaluation, names: dict[str, str]) -> str:
    shown = [names.get(m, "a withheld model") for m in evaluation.model_ids()]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def _history(line: RedLine, report: Report, refs: Links) -> list[HistoryView]:
    period = report.report.period
    views = []
    for h in line.history:
        notes = []
        if h.published and h.published != h.date:
            notes.append(f"Published {L.short_date(h.published)}")
        if h.adopted and h.adopted != h.date:
            notes.append(f"adopted {L.short_date(h.adopted)}" if notes else f"Adopted {L.short_date(h.adopted)}")
        views.append(
            HistoryView(
                date=L.short_date(h.date),
                change=L.CHANGE_LABELS[h.change],
                change_code=h.change,
                summary=h.summary,
                reason=h.reason,
                decision=refs.ref("decision", h.decision) if h.decision else None,
                this_period=in_period(h, period),
                dates_note=" · ".join(notes),
            )
        )
    return views


def _lineage(line: RedLine, refs: Links) -> list[tuple[str, Ref]]:
    """ "Split from RL-CBRN", "Replaces RL-A", "Merged into RL-B"."""
    lineage = []
    if line.split_from:
        lineage.append((L.LINEAGE_LABELS["split_from"], line_ref(refs, line.split_from)))
    lineage += [(L.LINEAGE_LABELS["replaces"], line_ref(refs, r)) for r in line.replaces]
    if line.merged_into:
        lineage.append((L.LINEAGE_LABELS["merged_into"], line_ref(refs, line.merged_into)))
    return lineage


def red_line_views(report: Report, refs: Links, verdicts: dict[str, VerdictView]) -> list[RedLineView]:
    """Each red line as its card shows it: its place in a framework, criterion, safeguards per stage,
    responses, lineage, history, the results and determinations against it, and its decisions."""
    current = current_results(report)
    categories = categories_by_id(report)
    lines = {r.id: r for r in items(report.red_lines)}
    decisions_by_line: dict[str, list[str]] = {}
    for decision in sorted(items(report.decisions), key=lambda d: (d.date, d.id)):
        for line_id in decision.red_lines:
            decisions_by_line.setdefault(line_id, []).append(decision.id)
    results_by_line: dict[str, list[ResultView]] = {}
    models = {m.id: m.name for m in items(report.models)}
    for evaluation in sorted(items(report.evaluations), key=lambda e: (e.date, e.id)):
        for result in evaluation.results:
            line = lines.get(result.red_line)
            results_by_line.setdefault(result.red_line, []).append(
                ResultView(
                    evaluation=refs.ref("evaluation", evaluation.id),
                    model=_model_names(evaluation, models),
                    date=L.short_date(evaluation.date),
                    evaluator=evaluation.evaluator.name,
                    result=L.RESULT_LABELS[result.result],
                    result_code=result.result,
                    score=_score(result.score, result.uncertainty, _unit(line)),
                    details=result_details(result, line),
                )
            )
    determinations: dict[str, list[DeterminationView]] = {}
    withheld_determination: set[str] = set()
    for model in items(report.models):
        for d in model.determinations:
            if d.red_line and d.decision == WITHHELD_REF:
                withheld_determination.add(d.red_line)
    for view in determination_views(report, refs):
        if view.red_line_id:
            determinations.setdefault(view.red_line_id, []).append(view)
    views = []
    for line in sorted_red_lines(report):
        code, _ = current[line.id]
        research = is_research(line)
        warning = line.early_warning
        views.append(
            RedLineView(
                anchor=anchor("red-line", line.id),
                id=line.id,
                title=line.title,
                kind=L.RED_LINE_KIND_LABELS["research_category"] if research else L.RED_LINE_KIND_LABELS[line.kind],
                research=research,
                research_status=L.RESEARCH_STATUS if research else "",
                place=line_place(line, categories),
                framework=framework_ref(line, report),
                group=line_group(line, categories),
                domain=L.label(L.DOMAIN_LABELS, line.domain),
                tier=_tier(line, research),
                tracked=line.tracked,
                status=L.label(L.STATUS_LABELS, line.status),
                current_result=L.RESULT_LABELS[code],
                current_result_code=code,
                verdict=verdicts[line.id],
                capability=line.capability,
                harm=line.harm,
                criterion=threshold_view(line.criterion) if line.criterion else None,
                early_warning=threshold_view(warning) if warning else None,
                early_warning_response=response_view(warning.response) if warning and warning.response else None,
                early_warning_safeguards=refs.refs("safeguard", warning.required_safeguards) if warning else [],
                stages=[
                    StageView(field, label, refs.refs("safeguard", getattr(line, field)))
                    for field, label in L.SAFEGUARD_STAGES
                    if getattr(line, field)
                ],
                response=response_view(line.response) if line.response else None,
                decided_by=line.decided_by or "",
                review=_review(line),
                lineage=_lineage(line, refs),
                source=source_parts(line.source)[0],
                source_text=source_parts(line.source)[1],
                source_note=source_parts(line.source)[2],
                history=_history(line, report, refs),
                results=results_by_line.get(line.id, []),
                determinations=determinations.get(line.id, []),
                decisions=refs.refs("decision", decisions_by_line.get(line.id, [])),
                withheld_decisions=line.id in withheld_determination
                or any(h.decision == WITHHELD_REF for h in line.history),
                notes=render_markdown(line.notes),
            )
        )
    return views


def _tier(line: RedLine, research: bool) -> str:
    """ "Tier 3 · Critical capability level"; "Tier 3" when its name is the line's level; none for research."""
    if research or not line.tier:
        return ""
    if line.tier_label and line.tier_label != line.level:
        return f"Tier {line.tier} · {line.tier_label}"
    return f"Tier {line.tier}"


def _review(line: RedLine) -> str:
    text = f"Every {L.plural(line.review.interval_months, 'month')}"
    if line.review.last_reviewed:
        text += f"; last reviewed {L.short_date(line.review.last_reviewed)}"
    return text


def evaluation_views(report: Report, refs: Links) -> list[EvaluationView]:
    """Each evaluation, dated order, with one row per red line it tested and every model it covered."""
    lines = {r.id: r for r in items(report.red_lines)}
    models = {m.id: m.name for m in items(report.models)}
    views = []
    for evaluation in sorted(items(report.evaluations), key=lambda e: (e.date, e.id)):
        results = []
        for result in evaluation.results:
            line = lines.get(result.red_line)
            results.append(
                EvaluationResultView(
                    red_line=line_ref(refs, result.red_line),
                    title=line.title if line is not None else "",
                    result=L.RESULT_LABELS[result.result],
                    result_code=result.result,
                    score=_score(result.score, result.uncertainty, _unit(line)),
                    note=result.note or "",
                    details=result_details(result, line),
                )
            )
        views.append(
            EvaluationView(
                anchor=anchor("evaluation", evaluation.id),
                id=evaluation.id,
                models=refs.refs("model", evaluation.model_ids()),
                models_label="Models (joint evaluation)" if len(evaluation.model_ids()) > 1 else "Model",
                title=_model_names(evaluation, models),
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
