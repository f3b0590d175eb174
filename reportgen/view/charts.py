"""The charts of the year at a glance, drawn as accessible inline SVG.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` (a sentence summarising the
numbers), ids derived from the chart's name, coordinates printed with one decimal, and every label
escaped. Charts are sized in CSS pixels (12px text): 9pt in the PDF, and they scale down on a phone.
The same numbers are shown as a table under each chart by the template.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup, escape

from .build_view import ChartData

INK, MUTED, GRID = "#1b1f24", "#56616d", "#d5dbe1"
FONT = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
CHAR = 6.2  # average advance of a 12px Inter character, for laying out labels
# On screen a chart takes its column's width (the viewBox scales it), but grows to at most 1.2 times its
# drawn size (14px text); print keeps the drawn size (width and height, 9pt text).
ZOOM = 1.2
# Paul Tol's "muted" scheme: distinguishable with the common colour-vision deficiencies, calm in print;
# each colour with a text colour of AA contrast. Past nine kinds the colours repeat, hatched.
PALETTE = (
    ("#332288", "#ffffff"),
    ("#88ccee", "#1b1f24"),
    ("#44aa99", "#1b1f24"),
    ("#117733", "#ffffff"),
    ("#999933", "#1b1f24"),
    ("#ddcc77", "#1b1f24"),
    ("#cc6677", "#1b1f24"),
    ("#882255", "#ffffff"),
    ("#aa4499", "#ffffff"),
)
# Results: a colour and a shape each (the badges in the text use the same pairs), so colour is not needed.
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


def _text(x: float, y: float, label: str, *, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{extra}>{escape(label)}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str, extra: str = "") -> str:
    return f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}"{extra}/>'


def _shape(kind: str, x: float, y: float, r: float, fill: str) -> str:
    if kind == "square":
        return f'<rect x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" fill="{fill}"/>'
    if kind == "diamond":
        d = r * 1.3
        points = f"{_f(x)},{_f(y - d)} {_f(x + d)},{_f(y)} {_f(x)},{_f(y + d)} {_f(x - d)},{_f(y)}"
        return f'<polygon points="{points}" fill="{fill}"/>'
    if kind == "ring":
        ring = f'r="{_f(r - 1)}" fill="#ffffff" stroke="{fill}" stroke-width="2"'
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" {ring}/>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{fill}"/>'


def _svg(name: str, chart: ChartData, desc: str, width: float, height: float, body: list[str]) -> Markup:
    ident = f"chart-{name.replace('_', '-')}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" width="{_f(width)}" '
        f'height="{_f(height)}" viewBox="0 0 {_f(width)} {_f(height)}" style="max-width: {_f(width * ZOOM)}px" '
        'role="img" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" font-family="{FONT}" '
        f'font-size="12" fill="{INK}"><title id="{ident}-title">{escape(chart.title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _empty(name: str, chart: ChartData, message: str) -> Markup:
    body = [
        f'<rect x="0.5" y="0.5" width="419" height="55" fill="#f5f7f8" stroke="{GRID}"/>',
        _text(210, 32, message, anchor="middle", extra=f' fill="{MUTED}"'),
    ]
    return _svg(name, chart, message, 420, 56, body)


def _nice_max(value: float, steps: int = 4) -> tuple[float, float]:
    """An axis maximum at or above ``value`` and a round tick step (whole numbers for counts)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = max(1.0, next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw))
    step = float(math.ceil(step)) if step < 10 else step
    return step * math.ceil(value / step), step


def _truncate(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[: chars - 1] + "…"


def _swatch(k: int, x: float, y: float, w: float, h: float, hatch: str) -> str:
    box = f'x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{_f(h)}"'
    rect = f'<rect {box} fill="{PALETTE[k % len(PALETTE)][0]}" stroke="#ffffff" stroke-width="1"/>'
    return rect + (f'<rect {box} fill="url(#{hatch})"/>' if k >= len(PALETTE) else "")


def decisions_by_quarter(name: str, chart: ChartData) -> Markup:
    """Stacked bars per quarter; kinds stacked top to bottom in the table's order, the legend alike."""
    quarters = [c for c in chart.columns[1:] if c != "Total"]
    kinds = [(label, [_num(v) for v in values[: len(quarters)]]) for label, values in chart.rows]
    totals = [sum(values[q] for _, values in kinds) for q in range(len(quarters))]
    if not kinds or not any(totals):
        return _empty(name, chart, "No decisions in this period.")
    width, top_y, bottom_y, left = 420.0, 22.0, 212.0, 30.0
    top, step = _nice_max(max(*totals, 4.0))
    scale = (bottom_y - top_y) / top
    hatch = f"chart-{name.replace('_', '-')}-hatch"
    body: list[str] = []
    if len(kinds) > len(PALETTE):
        body.append(
            f'<defs><pattern id="{hatch}" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="2" height="6" fill="#ffffff" fill-opacity="0.6"/>'
            "</pattern></defs>"
        )
    tick = 0.0
    while tick <= top + 1e-9:
        y = bottom_y - tick * scale
        body.append(_line(left, y, width, y, GRID))
        body.append(_text(left - 8, y + 4, _count(tick), anchor="end", extra=f' fill="{MUTED}"'))
        tick += step
    band = (width - left) / len(quarters)
    bar = min(56.0, band * 0.56)
    for q, quarter in enumerate(quarters):
        x = left + band * q + (band - bar) / 2
        y = bottom_y - totals[q] * scale
        for k, (_, values) in enumerate(kinds):
            if not values[q]:
                continue
            h = values[q] * scale
            body.append(_swatch(k, x, y, bar, h, hatch))
            if h >= 14:
                ink = PALETTE[k % len(PALETTE)][1]
                if k >= len(PALETTE):  # hatched: the count sits on a white chip so that it stays legible
                    ink = INK
                    chip = f'x="{_f(x + bar / 2 - 8)}" y="{_f(y + h / 2 - 7)}" width="16" height="14" rx="3"'
                    body.append(f'<rect {chip} fill="#ffffff"/>')
                body.append(
                    _text(x + bar / 2, y + h / 2 + 4, _count(values[q]), anchor="middle", extra=f' fill="{ink}"')
                )
            y += h
        total_y = bottom_y - totals[q] * scale - 6
        body.append(_text(x + bar / 2, total_y, _count(totals[q]), anchor="middle", extra=' font-weight="600"'))
        body.append(_text(x + bar / 2, bottom_y + 17, quarter, anchor="middle", extra=f' fill="{MUTED}"'))
    body.append(_line(left, bottom_y, width, bottom_y, INK))
    legend_y = bottom_y + 40
    body.append(_text(0, legend_y, "Kind of decision, from the top of each bar down", extra=' font-weight="600"'))
    per_column = math.ceil(len(kinds) / 2)
    for k, (label, _) in enumerate(kinds):
        x, y = (k // per_column) * 214.0, legend_y + 10 + (k % per_column) * 19
        body.append(_swatch(k, x, y, 13, 13, hatch))
        body.append(_text(x + 19, y + 11, _truncate(label, 28)))
    height = legend_y + 10 + per_column * 19 + 4
    parts = ", ".join(f"{q} {_count(t)}" for q, t in zip(quarters, totals, strict=True))
    kinds_text = "; ".join(f"{label} {_count(sum(values))}" for label, values in kinds)
    desc = f"Stacked bar chart. {_count(sum(totals))} decisions by quarter: {parts}. By kind: {kinds_text}."
    return _svg(name, chart, desc, width, height, body)


def red_line_status(name: str, chart: ChartData) -> Markup:
    """One horizontal bar per result, in view order: below, cannot rule out, reached, not evaluated."""
    if not chart.rows:
        return _empty(name, chart, "No red lines in this report.")
    counts = [_num(values[0]) if values else 0.0 for _, values in chart.rows]
    top = max(max(counts), 1.0)
    width, left, right, row = 420.0, 168.0, 390.0, 30.0
    body: list[str] = []
    for i, (label, _) in enumerate(chart.rows):
        colour, shape, _ = RESULTS[STATUS_ORDER[i] if i < len(STATUS_ORDER) else "not_evaluated"]
        y = 4 + i * row
        body.append(_shape(shape, 6, y + 11, 4.5, colour))
        body.append(_text(18, y + 15, _truncate(label, 23)))
        body.append(f'<rect x="{_f(left)}" y="{_f(y + 3)}" width="{_f(right - left)}" height="16" fill="#f0f2f4"/>')
        bar = (right - left) * counts[i] / top
        if bar:
            body.append(f'<rect x="{_f(left)}" y="{_f(y + 3)}" width="{_f(bar)}" height="16" fill="{colour}"/>')
        body.append(_text(left + bar + 7, y + 15, _count(counts[i]), extra=' font-weight="600"'))
    parts = "; ".join(f"{label}: {_count(c)}" for (label, _), c in zip(chart.rows, counts, strict=True))
    desc = f"Bar chart of {_count(sum(counts))} red lines by latest result. {parts}."
    return _svg(name, chart, desc, width, 4 + len(chart.rows) * row + 2, body)


def scores_vs_thresholds(name: str, chart: ChartData) -> Markup:
    """A dot plot: each score as a percentage of its red line's threshold, whiskers for the uncertainty."""
    rows = []
    for line, values in chart.rows:
        evaluation, score, plus, threshold = str(values[0]), _num(values[1]), _num(values[2]), _num(values[3])
        if threshold > 0:
            code = str(values[5]) if len(values) > 5 else "below"
            rows.append((line, evaluation, 100 * score / threshold, 100 * plus / threshold, code))
    if not rows:
        return _empty(name, chart, "No scored results against a numeric threshold.")
    top = max(125.0, 25 * math.ceil(max(share + plus for _, _, share, plus, _ in rows) / 25))
    step = 25.0 if top <= 200 else 50.0 if top <= 400 else 100.0
    width, row_h, head_y = 500.0, 20.0, 48.0
    col2 = min(7.2 * max(len(line) for line, *_ in rows) + 10, 150.0)
    left = col2 + min(CHAR * max(len(e) for _, e, *_ in rows) + 14, 110.0)
    right = width - 46.0

    def x_of(share: float) -> float:
        return left + (right - left) * min(max(share, 0.0), top) / top

    body: list[str] = []
    legend_x = 0.0
    for code, label in (("below", "Below"), ("cannot_rule_out", "Cannot rule out"), ("reached", "Reached")):
        colour, shape, _ = RESULTS[code]
        body.append(_shape(shape, legend_x + 5, 10, 4.5, colour))
        body.append(_text(legend_x + 14, 14, label))
        legend_x += 14 + CHAR * len(label) + 14
    body.append(
        f'<path d="M{_f(legend_x)} 10H{_f(legend_x + 18)}M{_f(legend_x)} 6V14M{_f(legend_x + 18)} 6V14" '
        f'stroke="{INK}" stroke-width="1.2" fill="none"/>'
    )
    body.append(_text(legend_x + 24, 14, "uncertainty"))
    legend_x += 24 + CHAR * 11 + 14
    red = RESULTS["reached"][0]
    body.append(_line(legend_x, 10, legend_x + 18, 10, red, ' stroke-width="1.5" stroke-dasharray="4 3"'))
    body.append(_text(legend_x + 24, 14, "threshold (100%)"))
    y0 = head_y + 8
    gaps = sum(1 for i in range(1, len(rows)) if rows[i][0] != rows[i - 1][0])
    y_end = y0 + len(rows) * row_h + 4 * gaps
    at = x_of(100)
    body.append(
        f'<rect x="{_f(at)}" y="{_f(y0 - 4)}" width="{_f(x_of(top) - at)}" height="{_f(y_end - y0 + 4)}" '
        'fill="#fbeceb"/>'
    )
    tick = 0.0
    while tick <= top + 1e-9:
        body.append(_line(x_of(tick), y0 - 4, x_of(tick), y_end, GRID))
        colour = RESULTS["reached"][0] if tick == 100 else MUTED
        body.append(_text(x_of(tick), y_end + 15, f"{tick:.0f}%", anchor="middle", extra=f' fill="{colour}"'))
        tick += step
    body.append(_line(at, y0 - 4, at, y_end + 4, red, ' stroke-width="1.5" stroke-dasharray="4 3"'))
    body.append(_text(0, head_y - 2, "Red line", extra=' font-weight="600"'))
    body.append(_text(col2, head_y - 2, "Evaluation", extra=' font-weight="600"'))
    body.append(_text(width, head_y - 2, "Share", anchor="end", extra=' font-weight="600"'))
    body.append(_line(0, head_y + 4, width, head_y + 4, INK))
    caption = "Score as a percentage of the red line’s threshold"
    body.append(_text((left + right) / 2, y_end + 32, caption, anchor="middle", extra=f' fill="{MUTED}"'))
    y = y0
    for i, (line, evaluation, share, plus, code) in enumerate(rows):
        first = i == 0 or rows[i - 1][0] != line
        if first and i:
            y += 4
            body.append(_line(0, y - 2, width, y - 2, GRID))
        mid = y + row_h / 2
        if first:
            body.append(_text(0, mid + 4, _truncate(line, 20), extra=' font-weight="600"'))
        body.append(_text(col2, mid + 4, _truncate(evaluation, 16), extra=f' fill="{MUTED}"'))
        colour, shape, _ = RESULTS.get(code, RESULTS["below"])
        if plus:
            x1, x2 = x_of(share - plus), x_of(share + plus)
            body.append(
                f'<path d="M{_f(x1)} {_f(mid)}H{_f(x2)}M{_f(x1)} {_f(mid - 4)}V{_f(mid + 4)}'
                f'M{_f(x2)} {_f(mid - 4)}V{_f(mid + 4)}" stroke="{INK}" stroke-width="1.2" fill="none"/>'
            )
        body.append(_shape(shape, x_of(share), mid, 5, colour))
        body.append(_text(width, mid + 4, f"{share:.0f}%", anchor="end", extra=' font-weight="600"'))
        y += row_h
    at_or_above = sum(1 for _, _, share, _, _ in rows if share >= 100)
    desc = (
        f"Dot plot of {len(rows)} evaluation results for {len({r[0] for r in rows})} red lines, each score "
        f"shown as a percentage of its red line's threshold with its uncertainty. Lowest "
        f"{min(r[2] for r in rows):.0f}%, highest {max(r[2] for r in rows):.0f}%; {at_or_above} at or above "
        "the threshold."
    )
    return _svg(name, chart, desc, width, y_end + 40, body)


DRAWERS: dict[str, Callable[[str, ChartData], Markup]] = {
    "decisions_by_quarter": decisions_by_quarter,
    "red_line_status": red_line_status,
    "scores_vs_thresholds": scores_vs_thresholds,
}


def draw_charts(charts: dict[str, ChartData]) -> dict[str, Markup]:
    """Every known chart drawn as inline SVG; a chart this module does not know is left empty."""
    return {name: DRAWERS[name](name, data) if name in DRAWERS else Markup("") for name, data in charts.items()}
