"""Diff: two versions of a report -> the changes, judged (red lines first)."""
