"""The view model: every figure the templates show is computed here and checked once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from reportgen.checks.validate import validate
from reportgen.core import labels as L
from reportgen.schema import Report
from reportgen.view.build_view import build_view
from reportgen.view.figures import chart_data, composition, current_results, key_figures

BASE = Path(__file__).parent / "corpus" / "base"


def base() -> Report:
    return validate(BASE).report


def with_changes(**sections: Any) -> Report:
    data = copy.deepcopy(base().model_dump(mode="json"))
    data.update(sections)
    return Report.model_validate(data)


def test_labels_and_dates() -> None:
    from datetime import date

    assert L.long_date(date(2026, 3, 14)) == "14 March 2026"
    assert L.short_date(date(2026, 3, 4)) == "4 Mar 2026"
    assert L.percent(1, 3) == "33%" and L.percent(2, 3) == "67%" and L.percent(0, 0) == "–"
    assert L.plural(1, "month") == "1 month" and L.plural(3, "month") == "3 months"
    assert L.quarter(date(2026, 4, 1)) == 2


def test_key_figures_of_the_base_report() -> None:
    figures = {f.label: (f.value, f.note) for f in key_figures(base())}
    assert figures["decisions"][0] == "2"
    assert figures["board meetings"] == ("2", "quorum 3")
    assert figures["red lines"] == ("2", "0 strengthened, 0 weakened")
    assert figures["red lines flagged"] == ("1", "reached or cannot be ruled out")
    assert figures["evaluations"][0] == "1"


def test_the_latest_result_wins_and_the_worst_on_the_same_day() -> None:
    report = base()
    data = report.model_dump(mode="json")
    later = copy.deepcopy(data["evaluations"][0])
    later["id"] = "E-2"
    later["date"] = "2026-09-01"
    later["results"] = [{"red_line": "RL-CYBER", "result": "below"}]
    same_day = copy.deepcopy(later)
    same_day["id"] = "E-3"
    same_day["results"] = [{"red_line": "RL-CYBER", "result": "reached"}]
    updated = with_changes(evaluations=[data["evaluations"][0], later])
    assert current_results(updated)["RL-CYBER"][0] == "below"
    both = with_changes(
        evaluations=[data["evaluations"][0], later, same_day],
        decisions=[
            *data["decisions"],
            {**data["decisions"][1], "id": "D-3", "date": "2026-09-02", "red_lines": ["RL-CYBER"], "vote": None},
        ],
    )
    assert current_results(both)["RL-CYBER"][0] == "reached"
    assert current_results(base())["RL-BIO"][0] == "below"


def test_composition_counts_members_serving_at_year_end() -> None:
    figures = {f.label: f.value for f in composition(base())}
    assert figures["members at year end"] == "4"
    assert figures["left during the year"] == "0"


def test_the_decisions_chart_table_adds_up() -> None:
    chart = chart_data(base())["decisions_by_quarter"]
    totals = [row[1][-1] for row in chart.rows]
    assert sum(totals) == 2
    for _, values in chart.rows:
        assert sum(values[:4]) == values[4]


def test_attendance_and_vote_tallies_in_the_view() -> None:
    view = build_view(base())
    chair = next(m for m in view.members if m.id == "m-chair")
    assert chair.attendance == "2 of 2 (100%)"
    tallies = [d.vote.tally for d in view.decisions if d.vote]
    assert tallies and all("for" in t for t in tallies)
    assert [d.id for d in view.decisions] == sorted(d.id for d in view.decisions)


def test_not_reported_differs_from_none_this_year() -> None:
    view = build_view(with_changes(incidents={"none_this_year": "No incident met the threshold."}))
    assert view.states["incidents"].kind == "none"
    assert view.states["incidents"].statement == "No incident met the threshold."
    assert build_view(base()).states["incidents"].kind == "not_reported"


def test_none_this_year_serialises_without_a_warning() -> None:
    import warnings

    from reportgen.editions.canonical import canonical_json

    report = with_changes(incidents={"none_this_year": "No incident met the threshold."})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pydantic warned on every dump when the union was told apart wrongly
        data = canonical_json(report)
    assert b'"incidents":{"none_this_year":"No incident met the threshold."}' in data


def test_one_model_at_the_line_is_enough_even_if_a_later_model_is_below() -> None:
    data = base().model_dump(mode="json")
    first = copy.deepcopy(data["evaluations"][0])
    first["results"] = [{"red_line": "RL-CYBER", "result": "reached"}]
    other_model = {**copy.deepcopy(first), "id": "E-9", "date": "2026-10-01", "model": "atlas-4"}
    other_model["results"] = [{"red_line": "RL-CYBER", "result": "below"}]
    models = [*data["models"], {**data["models"][0], "id": "atlas-4", "name": "Atlas-4"}]
    report = with_changes(evaluations=[first, other_model], models=models)
    code, evaluation = current_results(report)["RL-CYBER"]
    assert (code, evaluation.id if evaluation else None) == ("reached", first["id"])
