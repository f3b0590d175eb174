"""The HTML editions pass the W3C Nu HTML Checker (``vnu.jar``, its CSS checks included): no error and no
warning, but for the print-only CSS that WeasyPrint reads and the checker does not know.

The checker comes from npm (``tests/checkers/package.json`` pins ``vnu-jar``; ``npm ci --prefix
tests/checkers`` installs it) and runs on Java 17.

The allow-list, and why each entry is there:

- ``bookmark-level``, ``bookmark-label``: the PDF's outline (CSS Generated Content for Paged Media);
- ``string-set`` and ``content: string(...)``: the PDF's running heads (the same module);
- a CSS 3 property inside an ``@page`` margin box (``@top-left``, ``@bottom-right`` ...): the checker
  knows only CSS 2.1 properties there (it says the property "doesn't exist in CSS Level 3 + SVG but
  exists in [css3]"), WeasyPrint lays the page footers out with them.

All of them are in ``print.css``, which the screen HTML carries inside ``@media print`` so that a browser
prints it as the PDF looks; a browser ignores them. Anything else the checker reports fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import TESTS

VNU = TESTS / "checkers" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PRINT_ONLY_PROPERTIES = ("bookmark-level", "bookmark-label", "string-set")
_UNKNOWN_PROPERTY = re.compile(r"^CSS: “([a-z-]+)”: Property “\1” doesn't exist\.$")
_STRING_CONTENT = re.compile(r"^CSS: “content”: “string\([a-z-]+\)” is not a “content” value\.$")
_CSS3_ONLY = re.compile(
    r"^CSS: “[a-z-]+”: Property “[a-z-]+” doesn't exist in “CSS Level 3 \+ SVG” but exists in “\[css3\]”\.$"
)
_MARGIN_BOX = re.compile(r"@(top|bottom|left|right)-[a-z-]+\s*\{")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed (the Nu checker runs on it)"),
    pytest.mark.skipif(not VNU.exists(), reason=f"{VNU} is missing: run `npm ci --prefix tests/checkers`"),
]


def _in_margin_box(lines: list[str], line: int) -> bool:
    """Whether line ``line`` (1-based) of a file sits inside an ``@page`` margin box: the nearest block
    opened above it is ``@top-...``/``@bottom-...`` and not closed before it."""
    for text in reversed(lines[: line - 1]):
        if "}" in text:
            return False
        if "{" in text:
            return bool(_MARGIN_BOX.search(text))
    return False


def allowed(message: dict[str, Any], lines: list[str]) -> bool:
    """Whether a Nu finding is one of the print-only CSS constructs of the allow-list (module docstring)."""
    text = message.get("message", "")
    unknown = _UNKNOWN_PROPERTY.match(text)
    if unknown:
        return unknown.group(1) in PRINT_ONLY_PROPERTIES
    if _STRING_CONTENT.match(text):
        return True
    return bool(_CSS3_ONLY.match(text)) and _in_margin_box(lines, int(message.get("lastLine", 0)))


def nu_findings(path: Path) -> list[str]:
    """Every error and warning the Nu checker reports on ``path`` that the allow-list does not excuse."""
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--also-check-css", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr)["messages"]  # vnu writes its JSON report to stderr
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        f"{m['type']}{'/' + m['subType'] if m.get('subType') else ''} line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error") or m.get("subType") == "warning"
        if not allowed(m, lines)
    ]


@pytest.mark.parametrize("name", ["report.html", "report-internal.html", "report-regulator.html"])
def test_the_nu_checker_finds_nothing_but_print_css(example_html: Path, name: str) -> None:
    assert nu_findings(example_html / name) == []


def test_the_nu_checker_catches_a_figcaption_out_of_place(tmp_path: Path) -> None:
    """The check can fail: the defect of issue 16 (a figcaption inside a div of the figure) is reported."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main>'
        "<h1>t</h1><figure><div><p>chart</p><figcaption>caption</figcaption></div></figure></main></body></html>",
        encoding="utf-8",
    )
    findings = nu_findings(page)
    assert len(findings) == 1
    assert "Element “figcaption” not allowed as child of element “div” in this context." in findings[0]


def test_the_allow_list_excuses_only_print_css(tmp_path: Path) -> None:
    """A print-only property is excused; a misspelt property, and a CSS 3 property outside a margin box's
    own rules, are not."""
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>\n'
        "h2 { string-set: chapter content(text); bookmark-level: 1; }\n"
        "@page {\n  @top-left {\n    content: string(chapter);\n    font-variant-numeric: tabular-nums;\n  }\n}\n"
        "p { colour: red; }\n"
        "</style></head><body><main><h1>t</h1><h2>c</h2><p>x</p></main></body></html>",
        encoding="utf-8",
    )
    findings = nu_findings(page)
    assert len(findings) == 1
    assert "“colour”" in findings[0]
