"""Red lines as the frameworks write them, in the view and the rendered report: frameworks and their
categories, each line's one verdict, research categories, criteria with conditions, ranges and illustrative
values, safeguards per stage, response steps, lineage, alert results, joint evaluations, determinations and
the cover's notice."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from reportgen.checks.validate import validate
from reportgen.core.verdicts import LineVerdict
from reportgen.editions.filtering import filter_report
from reportgen.render.html import render_html
from reportgen.render.theme import Theme
from reportgen.schema import Report
from reportgen.view.build_view import build_view
from reportgen.view.figures import key_figures
from reportgen.view.viewmodel import EditionFacts, ReportView
from reportgen.view.viewmodel_red_lines import EvaluationView, FrameworkView, RedLineView

BASE = Path(__file__).parent / "corpus" / "base"

FRAMEWORKS: list[dict[str, Any]] = [
    {
        "id": "FW-A",
        "name": "Preparedness Framework",
        "owner": "Lab A",
        "version": "2",
        "url": "https://example.org/framework-a.pdf",
        "published": "2025-04-15",
        "effective": "2025-05-01",
        "adopted": "2026-02-10",
        "categories": [
            {"id": "A-BIO", "name": "Biological and chemical", "levels": ["High", "Critical"]},
            {"id": "A-NUKE", "name": "Nuclear and radiological", "kind": "research"},
        ],
        "commitments": [
            {
                "id": "A-LANDSCAPE",
                "title": "Marginal risk clause",
                "text": "Requirements may change if a competitor ships without safeguards.",
                "source": "https://example.org/framework-a.pdf (section 5)",
            }
        ],
    },
    {
        "id": "FW-B",
        "name": "Responsible Scaling Policy",
        "owner": "Lab B",
        "version": "1.0",
        "published": "2024-10-15",
        "categories": [{"id": "B-CBRN", "name": "CBRN weapons", "levels": ["ASL-3", "ASL-4"]}],
    },
]

BIO_CRITICAL: dict[str, Any] = {
    "id": "A-BIO-CRIT",
    "title": "Novel threat design",
    "framework": "FW-A",
    "category": "A-BIO",
    "level": "Critical",
    "domain": "biological_chemical",
    "tier": 4,
    "tier_label": "Critical",
    "capability": "Design of novel agents.",
    "harm": "Pandemic-scale harm.",
    "criterion": {
        "description": "Meaningful uplift to experts.",
        "any_of": [
            {
                "description": "Time saved on wet-lab work",
                "metric": "time saved",
                "value_min": 2,
                "value_max": 8,
                "unit": "hours",
            },
            {
                "description": "Speed-up",
                "metric": "speed-up",
                "comparison": ">=",
                "value": 3,
                "unit": "×",
                "example": True,
            },
        ],
    },
    "early_warning": {
        "description": "An alert before the line.",
        "response": {
            "steps": [{"action": "enhanced_safeguards", "within_days": 14}],
            "description": "Prepare the Critical safeguards.",
        },
        "required_safeguards": ["SG-ACCESS"],
    },
    "development_safeguards": ["SG-ACCESS"],
    "internal_deployment_safeguards": ["SG-ACCESS"],
    "required_safeguards": ["SG-ACCESS"],
    "response": {
        "steps": [
            {"action": "interim_measures", "within_days": 30},
            {"action": "halt_deployment", "condition": "if not in place within 30 days"},
        ],
        "description": "Interim measures, then a halt.",
    },
    "decided_by": "Lab A leadership",
    "review": {"interval_months": 12},
    "split_from": "RL-BIO",
    "source": "https://example.org/framework-a.pdf (Table 1)",
    "history": [
        {"date": "2025-04-15", "adopted": "2026-02-10", "change": "introduced", "summary": "Adopted.", "reason": "New."}
    ],
}
BIO_HIGH: dict[str, Any] = {
    **copy.deepcopy(BIO_CRITICAL),
    "id": "A-BIO-HIGH",
    "title": "Uplift to novices",
    "level": "High",
    "tier": 3,
    "tier_label": "High",
    "early_warning": None,
    "split_from": None,
}
NUKE: dict[str, Any] = {
    "id": "A-NUKE-R",
    "title": "Nuclear (research)",
    "kind": "research_category",
    "framework": "FW-A",
    "category": "A-NUKE",
    "domain": "nuclear_radiological",
    "tracked": False,
    "capability": "Uplift towards nuclear weapons.",
    "harm": "Catastrophe.",
    "review": {"interval_months": 12},
    "history": [{"date": "2024-02-10", "change": "introduced", "summary": "Monitored.", "reason": "Research."}],
}
ASL3: dict[str, Any] = {
    "id": "B-CBRN-3",
    "title": "CBRN uplift",
    "framework": "FW-B",
    "category": "B-CBRN",
    "level": "ASL-3",
    "domain": "biological_chemical",
    "tier": 3,
    "tier_label": "ASL-3",
    "capability": "Uplift to individuals with basic technical backgrounds.",
    "harm": "CBRN attacks.",
    "criterion": {"description": "Significant uplift."},
    "response": {"actions": ["delay_deployment"], "description": "Meet the ASL-3 standards first."},
    "decided_by": "Lab B",
    "review": {"interval_months": 12},
    "history": [{"date": "2024-10-15", "change": "introduced", "summary": "Adopted.", "reason": "New."}],
}


def base_data() -> dict[str, Any]:
    return copy.deepcopy(validate(BASE).report.model_dump(mode="json"))


def with_frameworks() -> dict[str, Any]:
    """The base report with two frameworks, their lines (two levels of one category, a research category,
    a second framework's line), a determination, an alert result and a joint evaluation."""
    data = base_data()
    data["frameworks"] = copy.deepcopy(FRAMEWORKS)
    data["red_lines"] += [
        copy.deepcopy(BIO_CRITICAL),
        copy.deepcopy(BIO_HIGH),
        copy.deepcopy(NUKE),
        copy.deepcopy(ASL3),
    ]
    data["models"][0]["determinations"] = [
        {
            "date": "2026-03-01",
            "red_line": "A-BIO-HIGH",
            "outcome": "treated_as_reached",
            "safeguards": ["SG-ACCESS"],
            "by": "Safety Advisory Group",
            "source": "https://example.org/system-card",
        },
        {"date": "2026-03-02", "category": "B-CBRN", "level": "ASL-3", "outcome": "not_reached", "by": "Lab B"},
    ]
    data["models"][0]["safeguards_active"] = ["SG-ACCESS"]
    data["models"].append({**copy.deepcopy(data["models"][0]), "id": "atlas-4", "name": "Atlas-4"})
    data["evaluations"][0]["results"].append(
        {
            "red_line": "A-BIO-CRIT",
            "result": "below",
            "early_warning_result": "reached",
            "level_reached": "High",
            "pre_mitigation": "reached",
            "post_mitigation": "below",
        }
    )
    data["evaluations"][0]["models"] = ["atlas-3", "atlas-4"]
    del data["evaluations"][0]["model"]
    return data


def report_of(data: dict[str, Any]) -> Report:
    return Report.model_validate(data)


def html_of(view: ReportView) -> str:
    return render_html(view, Theme.with_overrides(None))


def line(view: ReportView, line_id: str) -> RedLineView:
    return next(v for v in view.red_lines if isinstance(v, RedLineView) and v.id == line_id)


def card(html: str, anchor: str) -> str:
    """The rendered card of one item: from its opening tag to the end of its article."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</article>", start)]


def overview(html: str) -> str:
    """The red-line overview table, as text."""
    start = html.index('<table class="red-line-summary')
    return text(html[start : html.index("</table>", start)])


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_computed_verdict_is_the_one_shown_everywhere_with_the_boards_label_beside_it() -> None:
    verdicts = {
        "RL-CYBER": LineVerdict(
            "weakened",
            unexplained=True,
            reason="no new history entry of kind weakened gives a reason",
            mislabelled="the board calls the change clarified, but the rules find it weaker",
        )
    }
    view = build_view(report_of(base_data()), facts=EditionFacts(red_line_verdicts=verdicts))
    cyber, bio = line(view, "RL-CYBER"), line(view, "RL-BIO")
    assert (cyber.verdict.label, cyber.verdict.board) == ("Weakened", "the board calls it clarified")
    assert cyber.verdict.unexplained == "no new history entry of kind weakened gives a reason"
    assert (bio.verdict.label, bio.verdict.changed) == ("No change", False)  # compared, and not listed: unchanged
    figures = {f.label: f.note for f in view.key_figures}
    assert figures["red lines"] == "0 strengthened, 1 weakened (1 unexplained)"
    shown = text(html_of(view))
    table = overview(html_of(view))
    assert "RL-CYBER Autonomous cyber offence" in table
    assert "Weakened (the board calls it clarified) Unexplained" in table
    assert "Clarified" not in table  # the board's own label only beside the computed one
    assert "This period: Weakened (the board calls it clarified) Unexplained" in text(
        card(html_of(view), "red-line-RL-CYBER")
    )
    assert "1 weakened (1 unexplained)" in shown  # the year at a glance


def test_without_a_previous_report_the_boards_history_gives_the_verdict_and_new_lines_read_introduced() -> None:
    data = base_data()
    data["red_lines"][1]["history"].append(
        {"date": "2026-04-01", "change": "weakened", "summary": "Looser.", "reason": "Because."}
    )
    new = copy.deepcopy(data["red_lines"][1])
    new.update(id="RL-NEW", history=[{"date": "2026-05-01", "change": "introduced", "summary": "New.", "reason": "R."}])
    data["red_lines"].append(new)
    view = build_view(report_of(data))
    assert [line(view, i).verdict.label for i in ("RL-CYBER", "RL-BIO", "RL-NEW")] == [
        "Clarified",
        "Weakened",
        "Introduced",
    ]
    assert not line(view, "RL-NEW").verdict.computed
    figures = {f.label: f.note for f in key_figures(report_of(data))}
    assert figures["red lines"] == "0 strengthened, 1 weakened, 1 introduced"
    row = overview(html_of(view)).split("RL-NEW", 1)[1]
    assert "Introduced" in row and "No change" not in row


def test_an_adopted_date_in_the_period_makes_an_earlier_change_this_periods() -> None:
    data = base_data()
    data["red_lines"][1]["history"].append(
        {"date": "2025-11-01", "adopted": "2026-01-20", "change": "strengthened", "summary": "S.", "reason": "R."}
    )
    view = build_view(report_of(data))
    bio = line(view, "RL-BIO")
    assert bio.verdict.label == "Strengthened"
    assert [h.this_period for h in bio.history] == [False, True]
    assert bio.history[1].dates_note == "Adopted 20 Jan 2026"


def test_frameworks_list_their_versions_categories_levels_and_commitments() -> None:
    view = build_view(report_of(with_frameworks()))
    first = view.frameworks[0]
    assert isinstance(first, FrameworkView)
    assert first.title == "Preparedness Framework, version 2"
    assert first.dates == [
        ("Published", "15 April 2025"),
        ("In effect from", "1 May 2025"),
        ("Adopted by the board", "10 February 2026"),
    ]
    assert [(c.name, c.kind, c.levels) for c in first.categories] == [
        ("Biological and chemical", "Tracked", ["High", "Critical"]),
        ("Nuclear and radiological", "Research", []),
    ]
    assert [r.text for r in first.categories[0].red_lines] == ["A-BIO-HIGH", "A-BIO-CRIT"]  # levels in order
    [commitment] = first.commitments
    assert (commitment.source, commitment.source_text, commitment.source_note) == (
        "https://example.org/framework-a.pdf",
        "example.org/framework-a.pdf",
        "(section 5)",
    )
    shown = text(html_of(view))
    assert "Frameworks" in [c.title for c in view.contents]
    assert "Lab A · FW-A · Active Preparedness Framework, version 2" in shown
    assert "Marginal risk clause A-LANDSCAPE" in shown


def test_red_lines_are_grouped_by_framework_then_category_levels_in_order() -> None:
    view = build_view(report_of(with_frameworks()))
    groups = [
        (g.title, [(c.title, [getattr(x, "id", "") for x in c.lines]) for c in g.categories])
        for g in view.red_line_groups
    ]
    assert groups == [
        (
            "Preparedness Framework, version 2",
            [("Biological and chemical", ["A-BIO-HIGH", "A-BIO-CRIT"]), ("Nuclear and radiological", ["A-NUKE-R"])],
        ),
        ("Responsible Scaling Policy, version 1.0", [("CBRN weapons", ["B-CBRN-3"])]),
        ("Red lines outside the frameworks", [("", ["RL-BIO", "RL-CYBER"])]),  # by domain, as before
    ]
    assert view.red_line_groups[0].categories[0].card_level == 5  # framework h3, category h4, card h5
    assert line(view, "A-BIO-CRIT").place == "Biological and chemical · Critical"
    assert line(view, "A-BIO-CRIT").tier == "Tier 4"  # its tier's name is its level: said once


def test_one_framework_needs_no_framework_heading() -> None:
    data = with_frameworks()
    data["red_lines"] = [r for r in data["red_lines"] if r["id"] != "B-CBRN-3"]
    view = build_view(report_of(data))
    assert [g.title for g in view.red_line_groups] == [""]
    assert [c.title for c in view.red_line_groups[0].categories] == [
        "Biological and chemical",
        "Nuclear and radiological",
        "Other red lines",
    ]


def test_a_research_category_is_monitored_with_no_threshold_criterion_response_or_tier() -> None:
    view = build_view(report_of(with_frameworks()))
    nuke = line(view, "A-NUKE-R")
    assert (nuke.kind, nuke.research_status) == ("Research category", "Monitored, no threshold")
    assert (nuke.criterion, nuke.response, nuke.tier, nuke.decided_by) == (None, None, "", "")
    shown = card(html_of(view), "red-line-A-NUKE-R")
    assert "Monitored, no threshold" in shown
    assert "threshold-red" not in shown and "Red line</h" not in shown
    assert "Response" not in text(shown) and "Decided by" not in text(shown) and "Tier" not in text(shown)


def test_criteria_show_conditions_ranges_and_illustrative_values() -> None:
    view = build_view(report_of(with_frameworks()))
    crit = line(view, "A-BIO-CRIT")
    assert crit.criterion is not None
    assert crit.criterion.combine == "Any of"
    assert [c.measure for c in crit.criterion.conditions] == ["time saved: 2–8 hours", "speed-up: e.g. ≥ 3×"]
    shown = text(card(html_of(view), "red-line-A-BIO-CRIT"))
    assert "Any of: Time saved on wet-lab work time saved: 2–8 hours Speed-up speed-up: e.g. ≥ 3×" in shown


def test_safeguards_per_stage_response_steps_early_warning_lineage_and_source() -> None:
    view = build_view(report_of(with_frameworks()))
    crit = line(view, "A-BIO-CRIT")
    assert [(s.label, [r.text for r in s.safeguards]) for s in crit.stages] == [
        ("During development", ["Vetted access"]),
        ("Before internal deployment", ["Vetted access"]),
        ("Before external deployment", ["Vetted access"]),
    ]
    assert crit.response is not None
    assert crit.response.steps == [
        ("", "Interim measures", "within 30 days"),
        ("If not in place within 30 days", "Halt deployment", ""),
    ]
    assert crit.early_warning_response is not None and [r.text for r in crit.early_warning_safeguards] == [
        "Vetted access"
    ]
    assert [(label, r.text, r.anchor) for label, r in crit.lineage] == [("Split from", "RL-BIO", "red-line-RL-BIO")]
    shown = text(card(html_of(view), "red-line-A-BIO-CRIT"))
    assert "During development Vetted access Before internal deployment Vetted access" in shown
    assert "Interim measures within 30 days If not in place within 30 days: Halt deployment" in shown
    assert "When the alert threshold is reached Enhanced safeguards within 14 days" in shown
    assert "Split from RL-BIO" in shown
    assert "example.org/framework-a.pdf (Table 1)" in shown


def test_the_criterion_takes_the_full_width_without_an_early_warning() -> None:
    html = html_of(build_view(report_of(with_frameworks())))
    assert '<div class="thresholds thresholds-single">' in card(html, "red-line-A-BIO-HIGH")
    assert '<div class="thresholds">' in card(html, "red-line-A-BIO-CRIT")


def test_results_show_the_alert_threshold_beside_the_line_the_level_and_mitigations() -> None:
    view = build_view(report_of(with_frameworks()))
    [result] = line(view, "A-BIO-CRIT").results
    assert result.details == [
        "Alert threshold reached; Critical level not reached",
        "Level reached: High",
        "Before mitigations reached; with mitigations not reached",
    ]
    assert result.model == "Atlas-3 and Atlas-4"  # a joint evaluation names every model
    [evaluation] = [e for e in view.evaluations if isinstance(e, EvaluationView)]
    assert [m.text for m in evaluation.models] == ["Atlas-3", "Atlas-4"]
    assert evaluation.models_label == "Models (joint evaluation)"


def test_models_list_their_determinations_in_words_and_safeguards_in_force() -> None:
    view = build_view(report_of(with_frameworks()))
    outcomes = [(d.model.text, d.concerning.text, d.outcome) for d in view.determinations]
    assert outcomes[:2] == [
        ("Atlas-3", "A-BIO-HIGH", "Treated as reached (precaution)"),
        ("Atlas-3", "CBRN weapons · ASL-3", "Not reached"),
    ]
    assert [d.outcome for d in line(view, "A-BIO-HIGH").determinations][:1] == ["Treated as reached (precaution)"]
    shown = text(html_of(view))
    assert "Treated as reached (precaution)" in shown and "Safeguards in force" in shown
    assert "example.org/system-card" in shown


def test_the_cover_prints_the_reports_notice_instead_of_the_standard_words() -> None:
    data = base_data()
    data["report"]["notice"] = "The board is fictional; the frameworks quoted are real."
    html = html_of(build_view(report_of(data)))
    cover = text(html[html.index('<header class="cover"') : html.index("</header>", html.index('class="cover"'))])
    assert "Illustrative example: The board is fictional; the frameworks quoted are real." in cover
    assert "fictional data" not in cover
    standard = html_of(build_view(report_of(base_data())))
    assert "Illustrative example: fictional data. The organisations, people" in text(standard)


def test_approvals_count_only_motions_that_carried() -> None:
    data = base_data()
    data["decisions"][1]["vote"] = {"in_favour": ["m-chair"], "against": ["m-cruz", "m-diaz"]}
    data["decisions"][1]["dissents"] = []
    figures = {f.label: f.note for f in key_figures(report_of(data))}
    assert figures["decisions"] == "0 approvals, 0 rejections, delays or halts"
    assert {f.label: f.note for f in key_figures(report_of(base_data()))}["decisions"].startswith("1 approval,")


def test_the_withheld_decisions_note_is_printed_only_under_lines_a_withheld_decision_concerns() -> None:
    data = base_data()
    data["decisions"][0]["audience"] = "internal"  # D-1, in RL-CYBER's history
    public, withheld = filter_report(report_of(data), "public", b"secret")
    html = html_of(build_view(public, audience="public", facts=EditionFacts(withheld=withheld)))
    note = "Decisions this edition withholds are not listed here."
    assert note in card(html, "red-line-RL-CYBER")
    assert note not in card(html, "red-line-RL-BIO")
    assert html.count(note) == 2  # under the meetings table and under RL-CYBER


def test_a_withheld_framework_leaves_a_placeholder_and_its_lines_still_show() -> None:
    data = with_frameworks()
    data["frameworks"][1]["audience"] = "internal"
    data["frameworks"][1]["withheld_reason"] = "Not yet published"
    public, withheld = filter_report(report_of(data), "public", b"secret")
    view = build_view(public, audience="public", facts=EditionFacts(withheld=withheld, changes=Markup("")))
    assert [f.placeholder for f in view.frameworks] == [False, True]
    html = html_of(view)
    assert "Framework withheld" in html and "Not yet published" in html
    assert line(view, "B-CBRN-3").framework is not None and line(view, "B-CBRN-3").framework.withheld  # type: ignore[union-attr]
