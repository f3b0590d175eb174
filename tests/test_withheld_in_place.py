"""Every withheld item and every field that can be withheld leaves a trace where it would be shown.

Each case withholds one thing from the public edition of the example report and looks in the rendered
HTML for the link from the trace in place to its entry in the withheld chapter.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import EXAMPLE

from reportgen.checks.field_checks import withholdable_fields
from reportgen.checks.messages import model_at
from reportgen.checks.validate import validate
from reportgen.editions.filtering import Withheld, filter_report
from reportgen.render.html import render_html
from reportgen.render.theme import Theme
from reportgen.schema import LIST_SECTIONS, FieldWithholding, Report, items
from reportgen.view.build_view import build_view
from reportgen.view.viewmodel import EditionFacts
from reportgen.view.withheld_in_place import register_anchor

SECRET = b"test secret"


@pytest.fixture(scope="module")
def example() -> Report:
    return validate(EXAMPLE).report


def _public_html(report: Report) -> tuple[str, list[Withheld]]:
    public, withheld = filter_report(report, "public", SECRET)
    view = build_view(public, audience="public", facts=EditionFacts(withheld=withheld))
    return render_html(view, Theme.with_overrides(None)), withheld


def _first_public(report: Report, section: str) -> tuple[int, Any]:
    listed = items(getattr(report, section)) if section != "members" else report.board.members
    return next((i, item) for i, item in enumerate(listed) if item.audience == "public" and not item.field_audience)


def _with_item(report: Report, section: str, index: int, item: Any) -> Report:
    if section == "members":
        members = list(report.board.members)
        members[index] = item
        return report.model_copy(update={"board": report.board.model_copy(update={"members": members})})
    listed = list(items(getattr(report, section)))
    listed[index] = item
    return report.model_copy(update={section: listed})


def _model(section: str) -> Any:
    return model_at(("board", "members") if section == "members" else (section,))


FIELD_CASES = [
    (section, name) for section in ("members", *LIST_SECTIONS) for name in withholdable_fields(_model(section))
]


def test_the_cases_cover_the_fields_people_ask_for() -> None:
    assert ("decisions", "rationale") in FIELD_CASES and ("evaluations", "summary") in FIELD_CASES
    assert ("decisions", "date") not in FIELD_CASES and ("decisions", "decided_by") not in FIELD_CASES


@pytest.mark.parametrize(("section", "name"), FIELD_CASES)
def test_a_withheld_field_shows_where_the_field_would_be(example: Report, section: str, name: str) -> None:
    index, item = _first_public(example, section)
    narrowed = item.model_copy(update={"field_audience": {name: FieldWithholding(audience="internal", reason="R")}})
    html, withheld = _public_html(_with_item(example, section, index, narrowed))
    [trace] = [w for w in withheld if w.field and w.item_id == item.id and w.section == section]
    assert trace.field == name
    assert f'href="#{register_anchor(trace)}"' in html  # the notice in place links to the register entry
    assert f'id="{register_anchor(trace)}"' in html


@pytest.mark.parametrize("section", LIST_SECTIONS)
def test_a_withheld_item_leaves_a_placeholder_in_its_section(example: Report, section: str) -> None:
    index, item = _first_public(example, section)
    hidden = item.model_copy(update={"audience": "regulator", "withheld_reason": "Placeholder test"})
    html, withheld = _public_html(_with_item(example, section, index, hidden))
    [trace] = [w for w in withheld if w.section == section and w.reason == "Placeholder test"]
    assert f'href="#{register_anchor(trace)}"' in html
    assert "Placeholder test" in html


def test_lists_built_from_decisions_say_that_withheld_decisions_are_left_out(example: Report) -> None:
    """A meeting's decisions and a red line's addressing decisions cannot mark a withheld decision
    without telling which meeting or red line it concerned: the edition says once per list instead."""
    html, withheld = _public_html(example)
    assert any(w.section == "decisions" and not w.field for w in withheld)
    note = "Decisions this edition withholds are not listed here."
    # under the meetings table only: no red line's history or determination names a withheld decision here
    # (tests/test_view_frameworks.py covers a line that does)
    assert html.count(note) == 1
    internal = filter_report(example, "internal", SECRET)[0]
    view = build_view(internal, audience="internal")
    assert note not in render_html(view, Theme.with_overrides(None))
