"""Diff outputs: a terminal view grouped by section, and a documented, stable JSON shape."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..core import labels as L
from .engine import NEWLY_WITHHELD, WITHHELD_HERE, Count, ItemChange, ReportDiff, SectionDiff
from .names import Names
from .paragraphs import FOLDED_WORDS, Paragraph, is_rewrite, paragraph_redline
from .summary import SideFacts, verdict_rows, withheld_line
from .values import FieldChange, list_edit
from .wording import path_words, scalar_words, value_words

if TYPE_CHECKING:
    from rich.console import Console

JSON_FORMAT = 2  # 2: list fields give the whole lists, summarised sections list no items
# Words of unchanged text shown on each side of a change in the terminal view (the JSON and the HTML and
# PDF documents carry every word).
CONTEXT_WORDS = 8
_TOKENS = re.compile(r"\s+|\S+")
_SPACES = re.compile(r"\s+")
# What the marks in changed text mean, said once at the top.
LEGEND = (
    "(in changed text, [-old words-] were removed and {+new words+} added; "
    "(unchanged) opens a paragraph left as it was)"
)
LEGEND_COLOUR = "(in changed text, [red strike]struck red words[/] were removed and [green]green words[/] added)"
# The summary's counts as the terminal view says them: (singular, plural).
SUMMARY_WORDS: dict[str, tuple[str, str]] = {
    "added": ("added", "added"),
    "removed": ("removed", "removed"),
    "changed": ("changed", "changed"),
    "weakened": ("weakened", "weakened"),
    "unexplained": ("unexplained", "unexplained"),
    "vanished_decisions": ("vanished decision", "vanished decisions"),
    "newly_withheld": ("newly withheld", "newly withheld"),
    "newly_withheld_details": ("newly withheld detail", "newly withheld details"),
    "withheld": ("withheld", "withheld"),
    "withheld_details": ("withheld detail", "withheld details"),
}


def escape(text: str) -> str:
    """Text as rich markup that prints it as it is (rich is imported only for a terminal in colour)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def value_text(value: Any) -> str:
    """A value as the diff prints it: lists joined, records by their key fields, never shortened."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value) if value else "(empty)"
    if isinstance(value, dict):
        named = [
            str(value[k]) for k in ("date", "change", "red_line", "result", "member", "name", "term") if value.get(k)
        ]
        text = " ".join(named)
        detail = value.get("summary") or value.get("event") or value.get("reason") or value.get("statement")
        if detail:
            text = f"{text}: {detail}" if text else str(detail)
        return value_text(text) if text else json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()  # never shortened: what changed must be readable in full


def record_text(value: Any) -> str:
    """A record whose key its label already gives (a history entry's date and kind): its words alone."""
    if isinstance(value, dict):
        detail = value.get("summary") or value.get("event") or value.get("statement") or value.get("reason")
        if detail:
            return str(detail).strip()
    return value_text(value)


def elide(text: str, before: bool, after: bool) -> str:
    """Unchanged text between changes, shortened to ``CONTEXT_WORDS`` words beside each change: ``before``
    when a change precedes it, ``after`` when one follows."""
    tokens = _TOKENS.findall(text)
    positions = [i for i, token in enumerate(tokens) if not token.isspace()]
    kept = CONTEXT_WORDS * (int(before) + int(after))
    if not kept or len(positions) <= kept + 3:  # eliding would hide fewer words than it costs
        return text
    head = "".join(tokens[: positions[CONTEXT_WORDS - 1] + 1])
    tail = "".join(tokens[positions[-CONTEXT_WORDS] :])
    if before and after:
        return f"{head} … {tail}"
    return f"{head} …" if before else f"… {tail}"


def _flat(text: str) -> str:
    """Text on one line: the terminal view reflows a paragraph's line breaks."""
    return _SPACES.sub(" ", text)


def _runs_text(runs: list[tuple[str, str]] | tuple[tuple[str, str], ...], colour: bool, elided: bool = True) -> str:
    """Word runs with their marks; unchanged text between changes shortened to ``CONTEXT_WORDS`` each side."""
    parts = []
    last = len(runs) - 1
    for index, (op, text) in enumerate(runs):
        text = _flat(text)
        if op == "equal":
            text = elide(text, before=index > 0, after=index < last) if elided else text
            parts.append(escape(text) if colour else text)
        elif op == "delete":
            parts.append(f"[red strike]{escape(text)}[/]" if colour else f"[-{text}-]")
        else:
            parts.append(f"[green]{escape(text)}[/]" if colour else f"{{+{text}+}}")
    return "".join(parts)


def _paragraph_lines(paragraph: Paragraph, colour: bool) -> list[str]:
    def plain(text: str) -> str:
        return escape(text) if colour else text

    if paragraph.kind in ("unchanged", "folded"):
        head = paragraph.text.split()
        shown = " ".join(head[:FOLDED_WORDS]) + (" …" if len(head) > FOLDED_WORDS or paragraph.kind == "folded" else "")
        return [plain(f"(unchanged) {shown}")]
    if paragraph.kind == "edited":
        return [_runs_text(paragraph.runs, colour)]
    if paragraph.kind == "removed":
        return [_runs_text((("delete", paragraph.text),), colour)]
    if paragraph.kind == "added":
        return [_runs_text((("insert", paragraph.text),), colour)]
    return [plain(f"before: {_flat(paragraph.old)}"), plain(f"after:  {_flat(paragraph.new)}")]


def _field_lines(change: FieldChange, colour: bool, section: str, names: Names) -> list[str]:
    """One changed field in words: its label, then the change (word by word, before and after, or paragraph
    by paragraph for a long text of several paragraphs)."""
    label = path_words(change.path)
    head = escape(label) if colour else label
    if change.words is not None and isinstance(change.old, str) and isinstance(change.new, str):
        paragraphs = paragraph_redline(change.old, change.new)
        if paragraphs is not None:
            lines = [f"{head}, paragraph by paragraph:"]
            for paragraph in paragraphs:
                lines += [f"    {line}" for line in _paragraph_lines(paragraph, colour)]
            return lines
        if is_rewrite(change.old, change.new):
            rewrite = Paragraph("rewritten", old=change.old, new=change.new)
            return [f"{head}, rewritten:", *(f"    {line}" for line in _paragraph_lines(rewrite, colour))]
        return [f"{head}: {_runs_text(change.words, colour)}"]
    old = value_words(section, change.path, change.old, names)
    new = value_words(section, change.path, change.new, names)
    if isinstance(old, list) or isinstance(new, list):
        removed, added = list_edit(old, new)
        bits = []
        if removed:
            bits.append(f"removed {value_text(removed)}")
        if added:
            bits.append(f"added {value_text(added)}")
        text = f"{label}: {'; '.join(bits) or f'{value_text(old)} → {value_text(new)}'}"
        return [escape(text) if colour else text]
    if isinstance(old, dict) != isinstance(new, dict):  # a record added or removed: its key is in the label
        text = f"{label}: {'added' if old is None else 'removed'}: {_flat(record_text(new if old is None else old))}"
        return [escape(text) if colour else text]
    old, new = scalar_words(section, change.path, old, names), scalar_words(section, change.path, new, names)
    text = f"{label}: {_flat(value_text(old))} → {_flat(value_text(new))}"
    return [escape(text) if colour else text]


def _item(item_id: str, title: str) -> str:
    return f"{item_id} {title}" if title and title != item_id else item_id


def _section_lines(section: SectionDiff, colour: bool, names: Names) -> list[str]:
    title = L.SECTION_LABELS.get(section.section, section.section)
    if section.summarised:
        return [
            f"{title}: {section.new_count} in the new period, {section.old_count} in the old "
            f"(different periods: listed only in their own reports)"
        ]
    lines = [f"{title}:"]
    for ref in section.added:
        text = f"  + {_item(ref.id, ref.title)}" + (f" ({ref.audience} only)" if ref.audience != "public" else "")
        lines.append(f"[green]{escape(text)}[/]" if colour else text)
    for ref in section.removed:
        flag = f"  [{ref.flag.upper()}]" if ref.flag else ""
        text = f"  - {_item(ref.id, ref.title)}{flag}"
        lines.append(f"[red]{escape(text)}[/]" if colour else text)
    for withheld in section.withheld_fields:
        what = f"{_item(withheld.id, withheld.title)}: {withheld.field}"
        if withheld.flag == NEWLY_WITHHELD:
            text = f"  - {what}  [NEWLY WITHHELD] ({withheld.audience} only)"
        elif withheld.flag == WITHHELD_HERE:
            text = f"  - {what}  [{withheld.flag.upper()}]"
        else:
            text = f"  + {what} ({withheld.audience} only)"
        lines.append(f"[yellow]{escape(text)}[/]" if colour else text)
    for change in section.changed:
        lines.extend(_change_lines(change, section.section, colour, names))
    return lines


def _change_lines(change: ItemChange, section: str, colour: bool, names: Names) -> list[str]:
    head = f"  ~ {_item(change.id, change.title)}"
    if change.lineage:
        head += f" ({change.lineage} {change.renamed_from})"
    elif change.renamed_from:
        head += f" (id was {change.renamed_from})"
    if section == "red_lines":
        head += f": {change.classification.upper()}"
        if change.unexplained:
            head += f" (UNEXPLAINED: {change.unexplained_reason})"
        if change.mislabelled:
            head += f" (MISLABELLED: {change.mislabelled})"
    if change.audience_change:
        head += f" [{change.audience_change}]"
    if colour:
        style = {
            "weakened": "bold red",
            "mixed": "bold red",
            "retired": "bold red",
            "strengthened": "bold green",
        }
        head = f"[{style.get(change.classification, 'yellow')}]{escape(head)}[/]"
    lines = [head]  # the board's entries behind the verdict are in the red-line summary above
    for hit in change.rules:
        if hit.effect != "clarified":
            text = f"      Finding: {hit.detail} ({hit.effect})"
            lines.append(escape(text) if colour else text)
    for f in change.fields:
        lines += [f"      {line}" for line in _field_lines(f, colour, section, names)]
    return lines


def summary_line(diff: ReportDiff) -> str:
    """The counts that are not zero, in words: "1 removed, 1 weakened, 1 vanished decision"."""
    parts = []
    for key, count in summary_counts(diff).items():
        if count:
            singular, plural = SUMMARY_WORDS[key]
            parts.append(f"{count} {singular if count == 1 else plural}")
    return ", ".join(parts)


def render_text(diff: ReportDiff, colour: bool = False, sides: tuple[SideFacts, SideFacts] | None = None) -> str:
    """The terminal view; with ``colour`` it is rich markup, printed through a rich Console. It opens with
    the red lines' verdicts (what an auditor reads first), then every section in detail."""
    head = f"--- {diff.old_label} ({diff.old_period})\n+++ {diff.new_label} ({diff.new_period})"
    lines = [escape(head) if colour else head]
    withheld = withheld_line(*sides) if sides else ""
    if withheld:
        lines.append(escape(withheld) if colour else withheld)
    if diff.empty:
        lines.append("No differences.")
        return "\n".join(lines)
    lines.append(summary_line(diff) or "changes in report fields only")
    lines.append(LEGEND_COLOUR if colour else LEGEND)
    rows = verdict_rows(diff)
    if rows:
        lines.append("Red-line verdicts:")
        for row in rows:
            state = f", {row.explained}" if row.explained else ""
            text = f"  {_item(row.id, row.title)}: {row.verdict.upper()}{state}"
            lines.append(escape(text) if colour else text)
            lines.extend(escape(f"      {n}") if colour else f"      {n}" for n in row.notes)
    if diff.report_fields:
        lines.append("Report and board:")
        for f in diff.report_fields:
            shown = _field_lines(f, colour, "report", diff.names)
            lines += [f"  {'~ ' if index == 0 else '  '}{line}" for index, line in enumerate(shown)]
    for section in diff.sections:
        if not section.empty:
            lines.extend(_section_lines(section, colour, diff.names))
    if diff.disclosures and not diff.disclosures.empty:
        lines.extend(escape(line) if colour else line for line in diff.disclosures.lines())
    return "\n".join(lines)


def print_text(diff: ReportDiff, console: Console, sides: tuple[SideFacts, SideFacts] | None = None) -> None:
    colour = console.is_terminal and not console.no_color
    text = render_text(diff, colour=colour, sides=sides)
    if colour:
        console.print(text, highlight=False, soft_wrap=True)
    else:
        console.file.write(text + "\n")


def summary_counts(diff: ReportDiff) -> dict[str, int]:
    """The summary: items of summarised sections (other periods' items) are not counted, nor listed."""
    return {
        "added": diff.count(Count.ADDED),
        "removed": diff.count(Count.REMOVED),
        "changed": diff.count(Count.CHANGED),
        "weakened": diff.count(Count.WEAKENED),
        "unexplained": diff.count(Count.UNEXPLAINED),
        "vanished_decisions": diff.count(Count.VANISHED),
        "newly_withheld": diff.count(Count.NEWLY_WITHHELD),
        "newly_withheld_details": diff.count(Count.NEWLY_WITHHELD_DETAILS),
        "withheld": diff.count(Count.WITHHELD),
        "withheld_details": diff.count(Count.WITHHELD_DETAILS),
    }


def to_json(diff: ReportDiff, sides: tuple[SideFacts, SideFacts] | None = None) -> str:
    """The ``--format json`` shape (documented in docs/auditors.md; ``format`` changes if it ever breaks).
    With the sides' facts, ``old`` and ``new`` also give each side's SHA-256, edition and what it withholds."""
    old, new = sides if sides else (None, None)
    payload: dict[str, Any] = {
        "format": JSON_FORMAT,
        "old": {"source": diff.old_label, "period": diff.old_period, **(asdict(old) if old else {})},
        "new": {"source": diff.new_label, "period": diff.new_period, **(asdict(new) if new else {})},
        "same_period": diff.same_period,
        "differences": not diff.empty,
        "summary": summary_counts(diff),
        "red_lines": [asdict(row) for row in verdict_rows(diff)],
        "report_fields": [asdict(f) for f in diff.report_fields],
        "disclosures": diff.disclosures.to_json() if diff.disclosures else None,
        "sections": [
            {
                "section": s.section,
                "summarised": s.summarised,  # true: items are only counted (old_count, new_count), not listed
                "old_count": s.old_count,
                "new_count": s.new_count,
                "added": [asdict(r) for r in s.added],
                "removed": [asdict(r) for r in s.removed],
                "changed": [asdict(c) for c in s.changed],
                "withheld_fields": [asdict(w) for w in s.withheld_fields],
            }
            for s in diff.sections
            if not s.empty
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str)
