"""Redline marks inside rendered Markdown: a word diff's deletions and insertions as ``<del>`` and ``<ins>``
in prose rendered by the report's own sanitised renderer (:func:`reportgen.view.prose.render_markdown`),
so ``**lowered**`` reads bold, not as asterisks, and paragraphs and lists stay what they are.

The marks go into the Markdown source as private-use characters (which Markdown, nh3 and escaping leave
alone) and become tags after rendering. A mark that would cross a paragraph or an emphasis boundary
cannot become well-nested HTML: the text is then shown without rendering its Markdown, marks intact.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..view.prose import render_markdown

_OPEN = {"delete": "\ue000", "insert": "\ue002"}
_CLOSE = {"delete": "\ue001", "insert": "\ue003"}
_TAGS = {"\ue000": "<del>", "\ue001": "</del>", "\ue002": "<ins>", "\ue003": "</ins>"}
_MARKED = re.compile("([\ue000\ue002])(.*?)([\ue001\ue003])", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*?(/?)>")
_SENTINELS = re.compile("[\ue000-\ue003]")


def _nested(inside: str) -> bool:
    """Whether the HTML inside one mark opens and closes its own tags (and no paragraph boundary)."""
    stack: list[str] = []
    for closing, name, empty in _TAG.findall(inside):
        if name in ("p", "ul", "ol", "li", "blockquote", "h3", "h4"):
            return False
        if empty or name == "br":
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def _rendered(source: str, count: int) -> str | None:
    html = str(render_markdown(source))
    marks = _MARKED.findall(html)
    if len(marks) != count or len(_SENTINELS.findall(html)) != 2 * count:
        return None
    if any(_CLOSE_FOR[start] != end or not _nested(inside) for start, inside, end in marks):
        return None
    return _SENTINELS.sub(lambda m: _TAGS[m[0]], html)


_CLOSE_FOR = {"\ue000": "\ue001", "\ue002": "\ue003"}


def plain_runs(runs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> Markup:
    """Word runs as escaped text with their marks, Markdown left as written."""
    out = []
    for op, text in runs:
        tag = {"delete": "del", "insert": "ins"}.get(op)
        out.append(f"<{tag}>{escape(text)}</{tag}>" if tag else str(escape(text)))
    return Markup("".join(out))


def marked_prose(runs: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> Markup:
    """Word runs (equal, delete, insert) of Markdown prose as rendered HTML with ``<del>``/``<ins>`` marks."""
    if any(_SENTINELS.search(text) for _, text in runs):
        return Markup(f"<p>{plain_runs(runs)}</p>")
    source = "".join(f"{_OPEN[op]}{text}{_CLOSE[op]}" if op in _OPEN else text for op, text in runs)
    count = sum(1 for op, _ in runs if op in _OPEN)
    html = _rendered(source, count)
    return Markup(html) if html is not None else Markup(f"<p>{plain_runs(runs)}</p>")


def prose(text: str) -> Markup:
    """A whole text (unchanged, added, removed, or one side of a rewrite) rendered as the report renders it."""
    return render_markdown(text) if text else Markup("")
