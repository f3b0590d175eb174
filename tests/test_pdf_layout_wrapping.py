"""Long unbroken words in every kind of table cell stay inside the page and inside their column, with the
print theme's fixed table layouts and ``overflow-wrap: break-word`` (``templates/print.css``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import copy_base, pdftotext

from reportgen.build.orchestrator import BuildOptions, build

LONG = "Frontier_evaluations_consortium_for_international_research_collaboration_on_model_safety"
LONG_TITLE = "Red_line_on_cyber_offence_clarified_after_the_evaluators_asked_which_tasks_count"
EDITS = {
    "meetings.yaml": [("summary: Clarified the cyber red line.", f"summary: Clarified the line {LONG}.")],
    "models.yaml": [
        ("developer: Example Lab", f"developer: {LONG}"),
        ("description: A general-purpose language model.", f"description: A model by {LONG}."),
    ],
    "evaluations.yaml": [
        ("name: National AI Security Institute", f"name: {LONG}"),
        ("note: Within the margin of the threshold.", f"note: Within the margin of {LONG}."),
    ],
    "red-lines.yaml": [
        ("title: Autonomous cyber offence", f"title: {LONG_TITLE}"),
        ("summary: Named the task set.", f"summary: Named {LONG}."),
    ],
    "decisions/D-1.yaml": [("title: Red line on cyber offence clarified", f"title: {LONG_TITLE}")],
    "board.yaml": [("affiliation: University of Somewhere", f"affiliation: {LONG}")],
    "report.yaml": [("status: draft", "status: final")],  # no "Draft" watermark across the words
}
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def _overlaps(words: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words on one page whose boxes overlap: text of one column running into the next."""
    found = []
    ordered = sorted(w for w in words if any(c.isalnum() for c in w[4]))  # not leader dots or a big quote
    for i, (x0, y0, x1, y1, text) in enumerate(ordered):
        for u0, v0, u1, v1, other in ordered[i + 1 :]:
            if u0 >= x1 - 1:  # sorted by left edge: nothing further right can overlap this word
                break
            if min(y1, v1) - max(y0, v0) > 2 and min(x1, u1) - max(x0, u0) > 1:
                found.append((text, other))
    return found


@pytest.mark.pdf
def test_pdf_long_words_in_table_cells_stay_in_their_columns(tmp_path: Path) -> None:
    source = copy_base(tmp_path / "report")
    for name, edits in EDITS.items():
        path = source / name
        text = path.read_text()
        for old, new in edits:
            assert text.count(old) == 1, (name, old)
            text = text.replace(old, new)
        path.write_text(text)
    build(BuildOptions(source, tmp_path / "out", formats=("pdf",), editions=("public",)))
    boxes = pdftotext(tmp_path / "out" / "report.pdf", "-bbox")
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    pages = boxes.split("<page ")[1:]
    seen = " ".join(word for *_, word in WORD.findall(boxes))
    assert "Frontier_evaluations" in seen and "Red_line_on" in seen  # the long words are there, in pieces
    for number, page in enumerate(pages, 1):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)]
        beyond = [w for x0, _, x1, _, w in words if x1 > width - 40 or x0 < 40]
        assert beyond == [], f"page {number}: in the margin or beyond the page: {beyond}"
        if number > 1:  # the cover's 118 pt year reaches, as a box, into the title below it by design
            assert _overlaps(words) == [], f"page {number}: words overlap"
