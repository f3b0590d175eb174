"""What each ``reportgen diff --fail-on`` level counts, in words: light, so that the command line can show
it in ``--help`` without importing the diff machinery."""

from __future__ import annotations

# What each --fail-on level makes exit 1, in words fit for ``reportgen diff --help``.
FAIL_ON_HELP = {
    "any": "any difference at all.",
    "weakening": (
        "a weakening: a red line weakened (or weakened and strengthened), retired, or removed without being "
        "retired; a decision that vanished; an item or a field newly withheld from an audience that saw it. "
        "Also everything 'unexplained' fails on."
    ),
    "unexplained": (
        "a weakening the report gives no reason for: a red line weakened with no new 'weakened' history entry "
        "adopted in the period, or retired without a new 'retired' entry; a red line removed without being "
        "retired (and continued by no new line); a decision that vanished (deleted within one period, with no "
        "placeholder)."
    ),
}

__all__ = ["FAIL_ON_HELP"]
