"""Text that YAML silently drops: in an unquoted value, `` #`` starts a comment, so
``title: Approved with conditions #1 and #2`` publishes "Approved with conditions". Both readers agree
on that (it is YAML), so only a warning can save the rest of the text.

A comment written as a comment has a space after ``#``; text cut off this way rarely does ("#1",
"#hashtag"). Only files holding `` #`` followed by a non-space are scanned, by libyaml's scanner in C.
"""

from __future__ import annotations

import re

import yaml

from ..core.errors import Finding

_SUSPECT = re.compile(rb"[ \t]#[^\s#]")
_CUT = re.compile(r"[ \t]+#[^\s#]")


def cut_text_warnings(data: bytes, file: str) -> list[Finding]:
    """A warning at each `` #`` that cuts an unquoted value short; none for a file without one."""
    if (b" #" not in data and b"\t#" not in data) or not _SUSPECT.search(data):
        return []
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    found = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if not (isinstance(token, yaml.ScalarToken) and token.plain):
                continue
            end = token.end_mark
            line_end = text.find("\n", end.index)
            cut = _CUT.match(text, end.index, len(text) if line_end < 0 else line_end)
            if cut is None:
                continue
            hash_col = cut.end() - 2 - (text.rfind("\n", 0, end.index) + 1)
            shown = token.value if len(token.value) <= 40 else token.value[:37] + "..."
            message = (
                f"the text after ' #' is read as a comment and left out: the value is '{shown}'; "
                "to keep the rest, put the whole value in quotes"
            )
            found.append(Finding(file, end.line + 1, hash_col + 1, "", message, "warning", code="cut-by-comment"))
    except yaml.YAMLError:
        return []  # the readers report the syntax error, located
    return found
