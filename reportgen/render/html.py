"""Stage 3: the view model -> one self-contained HTML document (styles and charts inline)."""

from __future__ import annotations

from jinja2 import TemplateError

from ..core.errors import BuildError
from ..view.build_view import ReportView
from .theme import THEME_ENTRY, Theme


def render_html(
    view: ReportView, theme: Theme, *, medium: str = "screen", data_json: str = "", withheld_json: str = ""
) -> str:
    """Render the report. ``medium`` is "screen" for the HTML edition, "print" for WeasyPrint's input.

    ``data_json`` (the canonical input data) and ``withheld_json`` (the section and date of each item
    the edition withholds, as its placeholders print them) are embedded in the HTML edition so that
    ``diff`` can read an HTML report as well as a PDF, and tell a withheld item from a deleted one.
    """
    from ..view.charts import draw_charts  # imported here: the validate command never needs the theme

    env = theme.environment()
    try:
        template = env.get_template(THEME_ENTRY)
        return template.render(
            view=view, medium=medium, charts=draw_charts(view.charts), data_json=data_json, withheld_json=withheld_json
        )
    except TemplateError as exc:
        where = f" (line {exc.lineno} of {exc.name})" if getattr(exc, "lineno", None) else ""  # type: ignore[attr-defined]
        raise BuildError(f"the theme's templates failed{where}: {exc.message}") from None
