"""What a reader sees on the page: nothing a user can type runs off it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import copy_base, pdftotext

from reportgen.build.orchestrator import BuildOptions, build

LONG_TITLE = "Red_line_on_cyber_offence_clarified_after_the_evaluators_asked_which_tasks_count_joined_by_underscores"
LONG_LINK = "https://example.org/" + "very-long-path-segment/" * 12 + "minutes.pdf"


@pytest.mark.pdf
def test_long_unbroken_words_wrap_inside_the_page(tmp_path: Path) -> None:
    source = copy_base(tmp_path / "report")
    decision = source / "decisions" / "D-1.yaml"
    text = decision.read_text()
    text = text.replace("title: Red line on cyber offence clarified", f"title: {LONG_TITLE}")
    text = text.replace("rationale: Evaluators needed to know which tasks count.", f"rationale: See {LONG_LINK}.")
    decision.write_text(text)
    build(BuildOptions(source, tmp_path / "out", formats=("pdf",), editions=("public",)))
    boxes = pdftotext(tmp_path / "out" / "report.pdf", "-bbox")
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)
    assert any("Red_line_on" in word for _, _, word in words)  # the title is there, in pieces
    overflowing = [(word, float(x_max)) for _, x_max, word in words if float(x_max) > width - 40]
    assert overflowing == []  # nothing reaches into the right margin (40 pt) or beyond the page
