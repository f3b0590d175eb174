"""Comparing two values of the canonical JSON: prose word by word, records by id or natural key, lists of
plain values as multisets (so reordering is never a difference, and ``withheld`` pairs with the id it
stands for)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from ..editions.filtering import WITHHELD_REF
from .redline_rules import unmatched_references

# Natural keys of records that have no id of their own.
RECORD_KEYS: dict[str, tuple[str, ...]] = {
    "history": ("date", "change"),
    "results": ("red_line",),
    "recused": ("member",),
    "dissents": ("member",),
    "tiers": ("name",),
    "timeline": ("date", "event"),
    "glossary": ("term",),
}
_WORD = re.compile(r"\s+|[^\s]+")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: Any
    new: Any
    words: list[tuple[str, str]] | None = None  # ("equal"|"delete"|"insert", text) for prose


def _spacing(token: str) -> str:
    """A token as compared: any spacing within a paragraph is one space, a blank line a paragraph break."""
    if not token.isspace():
        return token
    return "\n\n" if _PARAGRAPH.search(token) else " "


def words(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level edit of prose: runs of equal, deleted and inserted text, never shortened.

    Spacing is compared loosely (a reflowed line is no change; equal runs carry the new text's spacing),
    so a change whose runs are all ``equal`` is no change at all. When less than half the words survive,
    interleaving them reads as noise: the change is then the whole old text deleted and the whole new
    text inserted.
    """
    a, b = _WORD.findall(old.strip()), _WORD.findall(new.strip())
    matcher = difflib.SequenceMatcher(a=[_spacing(t) for t in a], b=[_spacing(t) for t in b], autojunk=False)
    if matcher.ratio() < 0.5:
        return [(op, text) for op, text in (("delete", old.strip()), ("insert", new.strip())) if text]
    opcodes = matcher.get_opcodes()
    groups: list[list[str]] = []  # [kind, old text, new text]; kind "equal" or "change"
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        # A space between two changes belongs to them: "[-on condition-]{+under the+}", not word by word.
        inside = op == "equal" and before.isspace() and 0 < index < len(opcodes) - 1
        if op == "equal" and not inside:
            groups.append(["equal", before, after])
        elif groups and groups[-1][0] == "change":
            groups[-1][1] += before
            groups[-1][2] += after
        else:
            groups.append(["change", before, after])
    out: list[tuple[str, str]] = []
    for kind, before, after in groups:
        if kind == "equal":
            out.append(("equal", after))
            continue
        out += [(op, text) for op, text in (("delete", before), ("insert", after)) if text]
    return out


def _key(record: Any, name: str) -> Any:
    keys = RECORD_KEYS.get(name)
    if isinstance(record, dict):
        if "id" in record:
            return record["id"]
        if keys:
            return tuple(str(record.get(k)) for k in keys)
    return None


def compare_values(old: Any, new: Any, path: str = "", name: str = "") -> list[FieldChange]:
    """Field-level changes between two JSON values; lists matched by id or natural key, never position."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[FieldChange] = []
        for key in sorted(set(old) | set(new)):
            sub = f"{path}.{key}" if path else key
            changes += compare_values(old.get(key), new.get(key), sub, key)
        return changes
    if isinstance(old, list) and isinstance(new, list):
        return _compare_lists(old, new, path, name)
    if isinstance(old, str) and isinstance(new, str) and " " in old + new:
        runs = words(old, new)
        return [FieldChange(path, old, new, runs)] if any(op != "equal" for op, _ in runs) else []
    return [FieldChange(path, old, new)]


def _compare_lists(old: list[Any], new: list[Any], path: str, name: str) -> list[FieldChange]:
    old_keys = [_key(x, name) for x in old]
    new_keys = [_key(x, name) for x in new]
    if old_keys + new_keys and all(k is not None for k in old_keys + new_keys):
        return _compare_records(old, new, old_keys, new_keys, path, name)
    if all(not isinstance(x, (dict, list)) for x in old + new) and unmatched_references(old, new) == ([], []):
        return []  # only the order changed, or an edition put "withheld" for the ids it withholds
    return [FieldChange(path, old, new)]  # the whole lists: list_edit() gives what was removed and added


def _is_redacted_key(key: Any) -> bool:
    return key == WITHHELD_REF or (isinstance(key, tuple) and WITHHELD_REF in key)


def _compare_records(
    old: list[Any], new: list[Any], old_keys: list[Any], new_keys: list[Any], path: str, name: str
) -> list[FieldChange]:
    """Records matched by id or natural key. A record keyed by a redacted reference (an edition's result
    for a red line it withholds reads ``red_line: withheld``) is matched with a record of the other side
    that no record of its own side matches: the one it differs least from."""
    old_by = {k: x for k, x in zip(old_keys, old, strict=True) if not _is_redacted_key(k)}
    new_by = {k: x for k, x in zip(new_keys, new, strict=True) if not _is_redacted_key(k)}
    old_hidden = [x for k, x in zip(old_keys, old, strict=True) if _is_redacted_key(k)]
    new_hidden = [x for k, x in zip(new_keys, new, strict=True) if _is_redacted_key(k)]
    pairs: dict[Any, tuple[Any, Any]] = {}  # key (of the side that shows it): (old record, new record)
    new_hidden = _pair_redacted(new_hidden, old_by, set(new_by), pairs, name, hidden_is_new=True)
    old_hidden = _pair_redacted(old_hidden, new_by, set(old_by), pairs, name, hidden_is_new=False)
    changes: list[FieldChange] = []
    for key in [*old_by, *(k for k in new_by if k not in old_by)]:
        label = key if isinstance(key, str) else " ".join(key)
        before, after = pairs.get(key, (old_by.get(key), new_by.get(key)))
        changes += compare_values(before, after, f"{path}[{label}]", name)
    for record in old_hidden:
        changes += compare_values(record, None, f"{path}[{_record_label(record, name)}]", name)
    for record in new_hidden:
        changes += compare_values(None, record, f"{path}[{_record_label(record, name)}]", name)
    return changes


def _pair_redacted(
    hidden: list[Any],
    others: dict[Any, Any],
    own_keys: set[Any],
    pairs: dict[Any, tuple[Any, Any]],
    name: str,
    *,
    hidden_is_new: bool,
) -> list[Any]:
    """Pair each record keyed by a redacted reference with the other side's unmatched record it differs
    least from (adding to ``pairs``); the records left unpaired."""
    leftover = []
    for record in hidden:
        candidates = [k for k in others if k not in own_keys and k not in pairs]
        if not candidates:
            leftover.append(record)
            continue
        options = {k: (others[k], record) if hidden_is_new else (record, others[k]) for k in candidates}
        best = min(candidates, key=lambda k: len(compare_values(*options[k], "", name)))
        pairs[best] = options[best]
    return leftover


def _record_label(record: Any, name: str) -> str:
    key = _key(record, name)
    return key if isinstance(key, str) else " ".join(key)


def list_edit(old: Any, new: Any) -> tuple[list[Any], list[Any]]:
    """What a change of a list of plain values removed and added (as multisets: order is no change; a
    ``withheld`` reference paired with an id only the other side has is no change either)."""
    before = old if isinstance(old, list) else []
    after = new if isinstance(new, list) else []
    return unmatched_references(before, after)
