"""The charts of the year at a glance, drawn as accessible inline SVG.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (a sentence summarising the
numbers), ids derived from the chart's name, coordinates printed with one decimal, and every label
escaped. The same numbers are shown as a table under each chart by the template.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup, escape

from .view import ChartData

WIDTH = 560
INK, MUTED, GRID, ACCENT = "#1b1f24", "#5a6572", "#d5dbe1", "#0e5a78"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies; each with a legible text colour.
PALETTE = (
    ("#0072b2", "#ffffff"),
    ("#e69f00", "#1b1f24"),
    ("#009e73", "#ffffff"),
    ("#cc79a7", "#1b1f24"),
    ("#56b4e9", "#1b1f24"),
    ("#d55e00", "#ffffff"),
    ("#f0e442", "#1b1f24"),
    ("#6e7781", "#ffffff"),
)
# Results: a colour and a shape each, so that they differ without colour too.
RESULTS = {
    "below": ("#2f7d59", "circle", "Below threshold"),
    "cannot_rule_out": ("#b26b00", "diamond", "Cannot rule out"),
    "reached": ("#b42318", "square", "Reached"),
    "not_evaluated": ("#8a939d", "ring", "Not evaluated"),
}
STATUS_ORDER = ("below", "cannot_rule_out", "reached", "not_evaluated")


def _f(value: float) -> str:
    """A coordinate: always one decimal, so the output is byte-for-byte stable."""
    return f"{value:.1f}"


def _num(value: float | int | str) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def _count(value: float) -> str:
    return f"{value:g}"


def _text(x: float, y: float, label: str, *, anchor: str = "start", cls: str = "", extra: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{klass}{extra}>{escape(label)}</text>'


def _shape(kind: str, x: float, y: float, r: float, fill: str) -> str:
    if kind == "square":
        return (
            f'<rect x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" fill="{fill}"/>'
        )
    if kind == "diamond":
        d = r * 1.3
        points = f"{_f(x)},{_f(y - d)} {_f(x + d)},{_f(y)} {_f(x)},{_f(y + d)} {_f(x - d)},{_f(y)}"
        return f'<polygon points="{points}" fill="{fill}"/>'
    if kind == "ring":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r - 1)}" fill="#ffffff" stroke="{fill}" stroke-width="2"/>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{fill}"/>'


def _svg(name: str, chart: ChartData, desc: str, height: float, body: list[str]) -> Markup:
    ident = f"chart-{name.replace('_', '-')}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" viewBox="0 0 {WIDTH} {_f(height)}" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'font-family="Inter, system-ui, -apple-system, \'Segoe UI\', Roboto, Arial, sans-serif" font-size="12" '
        f'fill="{INK}">'
        f'<title id="{ident}-title">{escape(chart.title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _empty(name: str, chart: ChartData, message: str) -> Markup:
    body = [
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="59" fill="#f5f7f8" stroke="{GRID}"/>',
        _text(WIDTH / 2, 34, message, anchor="middle", extra=f' fill="{MUTED}"'),
    ]
    return _svg(name, chart, message, 60, body)


def _nice_max(value: float, steps: int = 4) -> tuple[float, float]:
    """An axis maximum at or above ``value`` and a round tick step."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if value <= 10:
        step = max(1.0, math.ceil(raw))
    return step * math.ceil(value / step), step


def _truncate(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def decisions_by_quarter(name: str, chart: ChartData) -> Markup:
    """Stacked bars per quarter; kinds stacked top to bottom in the table's order, listed alike."""
    quarters = [c for c in chart.columns[1:] if c != "Total"]
    kinds = [(label, [_num(v) for v in values[: len(quarters)]]) for label, values in chart.rows]
    totals = [sum(values[q] for _, values in kinds) for q in range(len(quarters))]
    if not kinds or not any(totals):
        return _empty(name, chart, "No decisions in this period.")
    top, step = _nice_max(max(totals))
    plot_top, plot_bottom, left, right = 24.0, 230.0, 36.0, 330.0
    scale = (plot_bottom - plot_top) / top
    body: list[str] = []
    tick = 0.0
    while tick <= top + 1e-9:
        y = plot_bottom - tick * scale
        body.append(f'<line x1="{_f(left)}" y1="{_f(y)}" x2="{_f(right)}" y2="{_f(y)}" stroke="{GRID}"/>')
        body.append(_text(left - 8, y + 4, _count(tick), anchor="end", extra=f' fill="{MUTED}"'))
        tick += step
    band = (right - left) / len(quarters)
    bar = min(52.0, band * 0.6)
    for q, quarter in enumerate(quarters):
        x = left + band * q + (band - bar) / 2
        y = plot_bottom - totals[q] * scale
        for k, (_, values) in enumerate(kinds):
            if not values[q]:
                continue
            fill, ink = PALETTE[k % len(PALETTE)]
            h = values[q] * scale
            body.append(
                f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(bar)}" height="{_f(h)}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="1"/>'
            )
            if h >= 15:
                body.append(
                    _text(
                        x + bar / 2, y + h / 2 + 4, _count(values[q]), anchor="middle", extra=f' fill="{ink}"'
                    )
                )
            y += h
        total_y = plot_bottom - totals[q] * scale - 6
        body.append(
            _text(x + bar / 2, total_y, _count(totals[q]), anchor="middle", extra=' font-weight="600"')
        )
        body.append(_text(x + bar / 2, plot_bottom + 18, quarter, anchor="middle", extra=f' fill="{MUTED}"'))
    body.append(
        f'<line x1="{_f(left)}" y1="{_f(plot_bottom)}" x2="{_f(right)}" y2="{_f(plot_bottom)}" stroke="{INK}"/>'
    )
    legend_x, legend_y = 356.0, plot_top + 4
    body.append(_text(legend_x, legend_y, "Kind of decision", extra=' font-weight="600"'))
    for k, (label, _) in enumerate(kinds):
        fill, _ink = PALETTE[k % len(PALETTE)]
        y = legend_y + 14 + k * 19
        body.append(f'<rect x="{_f(legend_x)}" y="{_f(y)}" width="12" height="12" fill="{fill}"/>')
        body.append(_text(legend_x + 18, y + 10, _truncate(label, 28)))
    height = max(plot_bottom + 30, legend_y + 14 + len(kinds) * 19 + 8)
    parts = ", ".join(f"{q} {_count(t)}" for q, t in zip(quarters, totals, strict=True))
    kinds_text = "; ".join(f"{label} {_count(sum(values))}" for label, values in kinds)
    desc = f"Stacked bar chart. {_count(sum(totals))} decisions by quarter: {parts}. By kind: {kinds_text}."
    return _svg(name, chart, desc, height, body)


def red_line_status(name: str, chart: ChartData) -> Markup:
    """One horizontal bar per result, in a fixed order: below, cannot rule out, reached, not evaluated."""
    if not chart.rows:
        return _empty(name, chart, "No red lines in this report.")
    counts = [_num(values[0]) if values else 0.0 for _, values in chart.rows]
    top = max(max(counts), 1.0)
    left, right, row = 170.0, 500.0, 32.0
    body: list[str] = []
    for i, (label, _) in enumerate(chart.rows):
        code = STATUS_ORDER[i] if i < len(STATUS_ORDER) else "not_evaluated"
        colour, shape, _ = RESULTS[code]
        y = 8 + i * row
        body.append(_shape(shape, 8, y + 11, 5, colour))
        body.append(_text(20, y + 15, _truncate(label, 24)))
        body.append(
            f'<rect x="{_f(left)}" y="{_f(y + 2)}" width="{_f(right - left)}" height="18" fill="#f1f3f5"/>'
        )
        width = (right - left) * counts[i] / top
        if width:
            body.append(
                f'<rect x="{_f(left)}" y="{_f(y + 2)}" width="{_f(width)}" height="18" fill="{colour}"/>'
            )
        body.append(_text(left + width + 8, y + 15, _count(counts[i]), extra=' font-weight="600"'))
    parts = "; ".join(f"{label}: {_count(c)}" for (label, _), c in zip(chart.rows, counts, strict=True))
    desc = f"Bar chart of {_count(sum(counts))} red lines by latest result. {parts}."
    return _svg(name, chart, desc, 8 + len(chart.rows) * row + 4, body)


def scores_vs_thresholds(name: str, chart: ChartData) -> Markup:
    """A dot plot: each score as a percentage of its threshold, whiskers for the uncertainty."""
    rows = []
    for line, values in chart.rows:
        evaluation, score, plus, threshold = str(values[0]), _num(values[1]), _num(values[2]), _num(values[3])
        if threshold <= 0:
            continue
        code = str(values[5]) if len(values) > 5 else "below"
        rows.append((line, evaluation, 100 * score / threshold, 100 * plus / threshold, code))
    if not rows:
        return _empty(name, chart, "No scored results against a numeric threshold.")
    high = max(share + plus for _, _, share, plus, _ in rows)
    top = max(125.0, 25 * math.ceil(high / 25))
    step = 25.0 if top <= 200 else 50.0 if top <= 400 else 100.0
    id_chars = max(len(line) for line, *_ in rows)
    col2 = min(6.8 * id_chars + 14, 170.0)
    left = col2 + min(6.8 * max(len(e) for _, e, *_ in rows) + 12, 120.0)
    right, row_h, axis_y = WIDTH - 52.0, 22.0, 46.0

    def x_of(share: float) -> float:
        return left + (right - left) * min(max(share, 0.0), top) / top

    body: list[str] = []
    legend_x = 0.0
    for code in ("below", "cannot_rule_out", "reached"):
        colour, shape, label = RESULTS[code]
        body.append(_shape(shape, legend_x + 5, 10, 4.5, colour))
        body.append(_text(legend_x + 14, 14, label))
        legend_x += 14 + 6.8 * len(label) + 18
    body.append(
        f'<line x1="{_f(legend_x)}" y1="10" x2="{_f(legend_x + 18)}" y2="10" stroke="{INK}" stroke-width="1.5"/>'
    )
    body.append(_text(legend_x + 24, 14, "± uncertainty"))
    y0 = axis_y + 10
    y_end = y0 + len(rows) * row_h + 4 * sum(1 for i in range(1, len(rows)) if rows[i][0] != rows[i - 1][0])
    threshold_x = x_of(100)
    body.append(
        f'<rect x="{_f(threshold_x)}" y="{_f(axis_y)}" width="{_f(x_of(top) - threshold_x)}" '
        f'height="{_f(y_end - axis_y)}" fill="#fbeceb"/>'
    )
    tick = 0.0
    while tick <= top + 1e-9:
        x = x_of(tick)
        body.append(f'<line x1="{_f(x)}" y1="{_f(axis_y)}" x2="{_f(x)}" y2="{_f(y_end)}" stroke="{GRID}"/>')
        body.append(_text(x, axis_y - 6, f"{tick:.0f}%", anchor="middle", extra=f' fill="{MUTED}"'))
        tick += step
    body.append(
        f'<line x1="{_f(threshold_x)}" y1="{_f(axis_y - 2)}" x2="{_f(threshold_x)}" y2="{_f(y_end)}" '
        f'stroke="{RESULTS["reached"][0]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    body.append(_text(threshold_x + 4, axis_y - 20, "threshold", extra=f' fill="{RESULTS["reached"][0]}"'))
    body.append(_text(0, axis_y - 6, "Red line", extra=' font-weight="600"'))
    body.append(_text(col2, axis_y - 6, "Evaluation", extra=' font-weight="600"'))
    y = y0
    for i, (line, evaluation, share, plus, code) in enumerate(rows):
        first = i == 0 or rows[i - 1][0] != line
        if first and i:
            y += 4
            body.append(f'<line x1="0" y1="{_f(y - 2)}" x2="{WIDTH}" y2="{_f(y - 2)}" stroke="{GRID}"/>')
        mid = y + row_h / 2
        if first:
            body.append(_text(0, mid + 4, _truncate(line, 24), extra=' font-weight="600"'))
        body.append(_text(col2, mid + 4, _truncate(evaluation, 17), extra=f' fill="{MUTED}"'))
        colour, shape, _ = RESULTS.get(code, RESULTS["below"])
        if plus:
            x1, x2 = x_of(share - plus), x_of(share + plus)
            body.append(
                f'<path d="M{_f(x1)} {_f(mid)}H{_f(x2)}M{_f(x1)} {_f(mid - 4)}V{_f(mid + 4)}'
                f'M{_f(x2)} {_f(mid - 4)}V{_f(mid + 4)}" stroke="{INK}" stroke-width="1.2" fill="none"/>'
            )
        body.append(_shape(shape, x_of(share), mid, 5, colour))
        body.append(_text(WIDTH, mid + 4, f"{share:.0f}%", anchor="end", extra=' font-weight="600"'))
        y += row_h
    at_or_above = sum(1 for *_, share, _plus, _code in rows if share >= 100)
    lines = len({line for line, *_ in rows})
    desc = (
        f"Dot plot of {len(rows)} evaluation results for {lines} red lines, each score shown as a percentage "
        f"of its red line's threshold with its uncertainty. Lowest {min(r[2] for r in rows):.0f}%, highest "
        f"{max(r[2] for r in rows):.0f}%; {at_or_above} at or above the threshold."
    )
    return _svg(name, chart, desc, y_end + 6, body)


DRAWERS: dict[str, Callable[[str, ChartData], Markup]] = {
    "decisions_by_quarter": decisions_by_quarter,
    "red_line_status": red_line_status,
    "scores_vs_thresholds": scores_vs_thresholds,
}


def draw_charts(charts: dict[str, ChartData]) -> dict[str, Markup]:
    """Every known chart drawn as inline SVG; a chart this module does not know is left empty."""
    return {
        name: DRAWERS[name](name, data) if name in DRAWERS else Markup("") for name, data in charts.items()
    }
