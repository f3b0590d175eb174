"""Cross-checks for mistakes that pass the schema silently and change what is published.

An empty list printed as "None this year." with no reason given, HTML or images in prose (printed as
written), text still the example from ``reportgen init`` in a final report, a previous report that is
not there. Most reports have none of these, so the common case is decided cheaply: each prose text
is searched for '<' and '!' only (a decision's, in the pass over decisions the references check makes
anyway), example text is looked for only in a final report and only in items whose id is an example's.
On the 10-year archive they cost under a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.problems import Loc, Problem
from ..core.sections import LIST_SECTIONS
from ..inputs.discovery import DATA_SUFFIXES
from ..schema import Report, items
from ..schema.examples import examples
from .shared_scans import decision_scan, section_ids


def authoring_problems(report: Report) -> list[Problem]:
    """Every check of this module that needs only the report (called by ``run_checks``)."""
    return [*_empty_lists(report), *_prose_markup(report), *_scaffold_text(report)]


# ------------------------------------------------------------------------------------ empty lists


def _empty_lists(report: Report) -> Iterator[Problem]:
    for name in LIST_SECTIONS:
        if getattr(report, name) == []:
            yield Problem(
                (name,),
                f"an empty list is published as 'None this year.'; say why with {name}: {{none_this_year: \"...\"}}",
                "warning",
                code="empty-list",
            )


# --------------------------------------------------------------------------------- prose markup

# The Markdown fields (rendered by prose.render_markdown): section -> field of each item; and a
# decision's rationale and dissents, looked at by shared_scans.decision_scan.
_ITEM_PROSE: tuple[tuple[str, str], ...] = (
    ("models", "description"),
    ("red_lines", "notes"),
    ("evaluations", "summary"),
    ("incidents", "description"),
    ("information_sharing", "scope"),
    ("partnerships", "description"),
    ("safeguards", "description"),
    ("access_programmes", "purpose"),
    ("attestations", "statement"),
)
_CODE = re.compile(r"`+[^`]*`+")  # code spans and fences show their text as code, on purpose
# A tag: <b>, </p>, <br/>, or one with attributes (<a href=...>); "a<b and b>c" is not one.
_HTML = re.compile(r"(?<!\\)<(?:/?[A-Za-z][A-Za-z0-9-]*\s*/?>|[A-Za-z][A-Za-z0-9-]*\s[^<>]*=[^<>]*>|!--)")
_LINK_TAG = re.compile(r"</?a\b", re.IGNORECASE)
_IMAGE = re.compile(r"(?<!\\)!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_HTML_MESSAGE = "HTML such as '{tag}' is not allowed in text and is printed as written; {advice}"
_LINK_ADVICE = "for a link write [the minutes](https://...)"
_PLAIN_ADVICE = "write Markdown instead: **bold**, *italics*, [a link](https://...)"
_IMAGE_MESSAGE = (
    "images are not shown: '{image}' is printed as '!' and a link; to link to the picture, write it without the '!'"
)


def _suspect(text: str) -> bool:
    """Whether ``text`` may hold HTML or an image: ``'<'``, or ``'!'`` followed by ``'['``. (A search for
    ``'!['`` takes ten times as long as two searches for one character; ``'!'`` is rare in prose.)"""
    if "<" in text:
        return True
    at = text.find("!")
    while at != -1:
        if text.startswith("[", at + 1):
            return True
        at = text.find("!", at + 1)
    return False


def _markup_in(loc: Loc, text: str | None) -> Iterator[Problem]:
    if not text or not _suspect(text):
        return
    plain = _CODE.sub("", text)
    html = _HTML.search(plain)
    if html:
        tag = html[0] if len(html[0]) <= 40 else html[0][:37] + "..."
        advice = _LINK_ADVICE if _LINK_TAG.match(tag) else _PLAIN_ADVICE
        yield Problem(loc, _HTML_MESSAGE.format(tag=tag, advice=advice), "warning", code="prose-html")
    image = _IMAGE.search(plain)
    if image:
        shown = image[0] if len(image[0]) <= 60 else image[0][:57] + "..."
        yield Problem(loc, _IMAGE_MESSAGE.format(image=shown), "warning", code="prose-image")


def _prose_markup(report: Report) -> Iterator[Problem]:
    meta = report.report
    yield from _markup_in(("report", "foreword"), meta.foreword)
    yield from _markup_in(("report", "methodology"), meta.methodology)
    yield from _markup_in(("board", "mandate"), report.board.mandate)
    # One look at each item, each text searched for two single characters: on a 10-year archive this
    # waits on memory more than it searches, so nothing is gathered, joined or looked at twice.
    for section, field in _ITEM_PROSE:
        for i, item in enumerate(items(getattr(report, section))):
            text = item.__dict__[field]
            if text and ("<" in text or "!" in text):
                yield from _markup_in((section, i, field), text)
    decisions = items(report.decisions)
    for i in decision_scan(report).markup_suspects:  # looked at in the references check's pass
        yield from _markup_in(("decisions", i, "rationale"), decisions[i].rationale)
        for k, dissent in enumerate(decisions[i].dissents):
            yield from _markup_in(("decisions", i, "dissents", k, "statement"), dissent.statement)


# ------------------------------------------------------------------------------- scaffold text

_SCAFFOLD_MESSAGE = "status is final but this text is still the example from reportgen init"


def _example_text(value: object) -> bool:
    """Text of the scaffold that no real report would have by chance: a sentence, a name with "Example"
    in it, an example.org address. Not ids and references (``ada-example``: a leftover one is pointed at
    where its text is), choices such as 'regular' or short labels such as 'First edition'."""
    if not isinstance(value, str):
        return False
    if " " in value:
        return len(value) >= 20 or "example" in value.lower()
    return "example.org" in value


def _first_example(example: object, value: object, loc: Loc) -> Loc | None:
    """Where ``value`` (a model, a list or a scalar) still holds text of ``example`` (the scaffold's
    data for it), or None."""
    if isinstance(example, dict) and isinstance(value, BaseModel):
        for key, part in example.items():
            found = _first_example(part, getattr(value, key, None), (*loc, key))
            if found is not None:
                return found
        return None
    if isinstance(example, list) and isinstance(value, list):
        for i, (part, element) in enumerate(zip(example, value, strict=False)):
            found = _first_example(part, element, (*loc, i))
            if found is not None:
                return found
        return None
    return loc if _example_text(example) and example == value else None


def _scaffold_text(report: Report) -> list[Problem]:
    """In a final report, text left as ``reportgen init`` wrote it: one warning for each field of
    ``report`` and ``board`` and for each item (members, decisions, ...) matched by id."""
    meta = report.report
    if meta.status != "final":
        return []
    ids = section_ids(report)
    scaffold: dict[str, Any] = {}
    for _, document in examples(meta.period.end.year).values():
        scaffold.update(document)
    units: list[tuple[Loc, object, object]] = []
    for section in ("report", "board"):
        for key, example in scaffold[section].items():
            if (section, key) == ("report", "title"):
                continue  # "Annual Transparency Report 2027" is a real title too
            if key == "members":
                if not ids["members"].isdisjoint(m["id"] for m in example):
                    units += _matched_by_id(("board", "members"), example, report.board.members)
            elif isinstance(example, dict):
                model = getattr(getattr(report, section), key)
                units += [((section, key, k), v, getattr(model, k, None)) for k, v in example.items()]
            else:
                units.append(((section, key), example, getattr(getattr(report, section), key)))
    for section in LIST_SECTIONS:
        examples_here = scaffold.get(section, [])
        if not ids[section].isdisjoint(e["id"] for e in examples_here):  # the common case: all replaced
            units += _matched_by_id((section,), examples_here, items(getattr(report, section)))
    terms = {example["term"]: example for example in scaffold["glossary"]}
    units += [(("glossary", i), terms[g.term], g) for i, g in enumerate(report.glossary) if g.term in terms]
    problems = []
    for loc, example, value in units:
        found = _first_example(example, value, loc)
        if found is not None:
            problems.append(Problem(found, _SCAFFOLD_MESSAGE, "warning", code="example-text"))
    return problems


def _matched_by_id(prefix: Loc, examples: list[dict[str, Any]], listed: list[Any]) -> list[tuple[Loc, object, object]]:
    wanted = {example["id"]: example for example in examples}
    return [((*prefix, i), wanted[item.id], item) for i, item in enumerate(listed) if item.id in wanted]


# ------------------------------------------------------------------------------ previous report

_PREVIOUS: Loc = ("report", "previous_report")
_REPORT_FILES = (".pdf", ".html", ".htm", *DATA_SUFFIXES)


def previous_report_problems(root: Path, previous: str | None) -> list[Problem]:
    """Whether ``report.previous_report`` names something ``build`` can read, decided cheaply: a folder
    holding input files, or a report file (.pdf, .html, .yaml ...). Nothing is loaded here; the path is
    relative to the report folder, as ``build`` takes it."""
    if previous is None:
        return []
    target = root / previous
    why = "(the 'Changes since the last report' chapter is built from it); fix the path or remove the line"
    if target.is_dir():
        if _holds_inputs(target):
            return []
        message = f"no report in {previous}: it holds no .yaml, .yml or .json files {why}"
    elif target.is_file():
        if target.suffix.lower() in _REPORT_FILES:
            return []
        message = f"{previous} is not a report: give its folder, or its .pdf or .html file {why}"
    else:
        message = f"no report folder at {previous} {why}"
    return [Problem(_PREVIOUS, message, code="previous-report")]


def _holds_inputs(folder: Path) -> bool:
    if (folder / "report.yaml").is_file():
        return True
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix.lower() in DATA_SUFFIXES and path.is_file():
            return True
    return False
