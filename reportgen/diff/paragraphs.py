"""A long text's change, paragraph by paragraph: paragraphs matched, each changed one word-diffed, each
rewritten one set beside its successor, and unchanged long paragraphs folded to their first words.

Word-diffing a whole foreword interleaves two different texts into noise (or, past a threshold, strikes
the whole of it and inserts the whole new one); an auditor reads a rewritten text best as its paragraphs
side by side, and an edited one as the few paragraphs that changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .values import words

_PARAGRAPH = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")
# An unchanged paragraph longer than this (in words) is folded to its first FOLDED_WORDS words.
FOLD_AFTER_WORDS = 40
FOLDED_WORDS = 10
# Below this similarity two paragraphs are a rewrite (shown side by side), not an edit (word-diffed).
EDIT_RATIO = 0.5


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a changed text as shown.

    ``kind``: "unchanged" (``text`` in full), "folded" (an unchanged long paragraph: ``text`` is its first
    words, ``words_total`` how many it has), "edited" (``runs``, word by word), "removed" or "added"
    (``text``), or "rewritten" (``old`` beside ``new``)."""

    kind: str
    text: str = ""
    runs: tuple[tuple[str, str], ...] = ()
    old: str = ""
    new: str = ""
    words_total: int = 0


def split_paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH.split(text.strip()) if p.strip()]


def _same(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def is_rewrite(old: str, new: str) -> bool:
    """Whether two texts share too few words for a word diff to read as an edit."""
    matcher = difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False)
    return matcher.ratio() < EDIT_RATIO


def _unchanged(text: str) -> Paragraph:
    count = len(text.split())
    if count > FOLD_AFTER_WORDS:
        return Paragraph("folded", " ".join(text.split()[:FOLDED_WORDS]), words_total=count)
    return Paragraph("unchanged", text)


def _pair(old: str, new: str) -> Paragraph:
    if is_rewrite(old, new):
        return Paragraph("rewritten", old=old, new=new)
    return Paragraph("edited", runs=tuple(words(old, new)))


def _replaced(olds: list[str], news: list[str]) -> list[Paragraph]:
    """Paragraphs of one text replaced by paragraphs of the other: each old one edited into the most similar
    new one after the last pair (in order), else rewritten position by position; the rest removed or added."""
    shown: list[Paragraph] = []
    start = 0
    for old in olds:
        scores = [
            (difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False).ratio(), index)
            for index, new in enumerate(news[start:], start)
        ]
        best = max(scores, default=(0.0, -1))
        if best[0] >= EDIT_RATIO:
            shown += [Paragraph("added", text) for text in news[start : best[1]]]
            shown.append(Paragraph("edited", runs=tuple(words(old, news[best[1]]))))
            start = best[1] + 1
        elif start < len(news):
            shown.append(Paragraph("rewritten", old=old, new=news[start]))
            start += 1
        else:
            shown.append(Paragraph("removed", old))
    shown += [Paragraph("added", text) for text in news[start:]]
    return shown


def paragraph_redline(old: str, new: str) -> list[Paragraph] | None:
    """The change of a text of several paragraphs; None when both are a single paragraph (a word diff, or
    a rewrite side by side, says it whole)."""
    olds, news = split_paragraphs(old), split_paragraphs(new)
    if len(olds) < 2 and len(news) < 2:
        return None
    matcher = difflib.SequenceMatcher(a=[_same(p) for p in olds], b=[_same(p) for p in news], autojunk=False)
    shown: list[Paragraph] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            shown += [_unchanged(text) for text in news[j1:j2]]
        elif op == "delete":
            shown += [Paragraph("removed", text) for text in olds[i1:i2]]
        elif op == "insert":
            shown += [Paragraph("added", text) for text in news[j1:j2]]
        else:
            shown += _replaced(olds[i1:i2], news[j1:j2])
    return shown
