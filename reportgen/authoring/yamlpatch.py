"""Change an input file in place: only the values that changed are rewritten, so the file's comments, its
layout and every other byte stay as they were.

``reportgen import`` into a folder that already holds the items uses it: a spreadsheet exported with
``reportgen export``, one cell edited and imported again changes that one value in its file and nothing
else. A changed scalar is replaced where it stands; a value that cannot be (a block of text, a list that
grew, a field added or left empty) is written anew with its key, as :func:`~.scaffold.dump_yaml` writes
it; list items are matched by their ``id``. Whatever cannot be changed in place this way (items in
another order, a file holding anchors) gives None, and the caller writes the whole file anew. The result
is always read back and compared: a patch that does not read as the new data is never used.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..core.limits import DEFAULT_LIMITS
from ..inputs.locating import ParseFailure
from ..inputs.parsing import read_data
from .scaffold import entry_lines, flow_text, item_lines, scalar

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY_PREFIX = re.compile(r" *(?:- +)?\Z")  # what may stand before a key on its line: indentation, one '- '
_ITEM_PREFIX = re.compile(r"(?P<dash> *)- +\Z")  # before an item's value: indentation and its '- '

Edit = tuple[int, int, str]  # replace text[start:end] with this


class _Cannot(Exception):
    """This node cannot be changed in place: the caller writes it anew, with its key or as an item."""


def same(a: object, b: object) -> bool:
    """Equal as YAML writes them: ``1`` is not ``true`` nor ``1.0``; the order of keys does not matter."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def patched_text(text: str, old: object, new: object) -> str | None:
    """``text``, which reads as ``old``, changed to read as ``new`` touching only what differs; None when
    that cannot be done in place."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    patcher = _Patcher(text)
    try:
        edits = patcher.block_mapping(root, old, new)
        result = _apply(text, edits)
    except _Cannot:
        return None
    try:
        if not same(read_data(result.encode("utf-8"), "patched.yaml", False, DEFAULT_LIMITS), new):
            return None
    except ParseFailure:
        return None
    return result


def _apply(text: str, edits: list[Edit]) -> str:
    out, at = [], 0
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0]):  # stable: inserts keep their order
        if start < at:
            raise _Cannot("overlapping changes")
        out += [text[at:start], replacement]
        at = end
    return "".join([*out, text[at:]])


class _Patcher:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)

    # ------------------------------------------------------------------------------------------ nodes

    def node(self, node: yaml.Node, old: object, new: object, in_flow: bool) -> list[Edit]:
        if same(old, new):
            return []
        flow = getattr(node, "flow_style", False)
        if isinstance(node, yaml.MappingNode) and isinstance(old, dict) and isinstance(new, dict):
            return self.flow(node, new) if flow or in_flow else self.block_mapping(node, old, new)
        if isinstance(node, yaml.SequenceNode) and isinstance(old, list) and isinstance(new, list):
            return self.flow(node, new) if flow or in_flow else self.block_sequence(node, old, new)
        if isinstance(node, yaml.ScalarNode) and not isinstance(new, (dict, list)):
            return self.scalar(node, new, in_flow)
        raise _Cannot("a different kind of value")

    def scalar(self, node: yaml.ScalarNode, new: object, in_flow: bool) -> list[Edit]:
        start, end = node.start_mark, node.end_mark
        if node.style in ("|", ">") or start.line != end.line or (node.value == "" and not node.style):
            raise _Cannot("a block of text, a value over several lines or an empty value")
        if isinstance(new, str) and "\n" in new:
            raise _Cannot("text over several lines")
        return [(start.index, end.index, flow_text(new) if in_flow else scalar(new))]

    def flow(self, node: yaml.Node, new: object) -> list[Edit]:
        if node.start_mark.line != node.end_mark.line:
            raise _Cannot("a flow collection over several lines")
        return [(node.start_mark.index, node.end_mark.index, flow_text(new))]

    # ------------------------------------------------------------------------------------ mappings

    def block_mapping(self, node: yaml.MappingNode, old: object, new: object) -> list[Edit]:
        if not isinstance(old, dict) or not isinstance(new, dict) or not new:
            raise _Cannot("not a mapping")
        entries: list[tuple[yaml.Node, yaml.Node]] = node.value
        keys = [k.value for k, _ in entries]
        if sorted(keys) != sorted(old) or len(set(keys)) != len(keys):
            raise _Cannot("the file's keys are not the data's")
        edits: list[Edit] = []
        for k, v in entries:
            name = k.value
            if name not in new:
                edits += self.delete_entry(node, k, v)
            elif not same(old[name], new[name]):
                try:
                    edits += self.node(v, old[name], new[name], in_flow=False)
                except _Cannot:
                    edits += self.replace_entry(k, v, new[name])
        order = list(new)
        for i, name in enumerate(order):
            if name in old:
                continue
            before = [n for n in order[:i] if n in old]
            if not before:
                raise _Cannot("a new first key")
            k, v = entries[keys.index(before[-1])]
            at = self.starts[self.last_line(v) + 1]
            lines = entry_lines(
                " " * entries[0][0].start_mark.column + scalar(name) + ":", new[name], entries[0][0].start_mark.column
            )
            edits.append((at, at, "".join(line + "\n" for line in lines)))
        return edits

    def replace_entry(self, key: yaml.Node, value: yaml.Node, new: object) -> list[Edit]:
        first, last = key.start_mark.line, self.last_line(value)
        prefix = self.lines[first][: key.start_mark.column]
        if not _KEY_PREFIX.match(prefix) or key.end_mark.line != first:
            raise _Cannot("a key that does not start its line")
        written = self.text[key.start_mark.index : key.end_mark.index]
        indent = key.start_mark.column
        lines = entry_lines(prefix + written + ":", new, indent)
        return [(self.starts[first], self.starts[last + 1], "".join(line + "\n" for line in lines))]

    def delete_entry(self, node: yaml.MappingNode, key: yaml.Node, value: yaml.Node) -> list[Edit]:
        prefix = self.lines[key.start_mark.line][: key.start_mark.column]
        if prefix.strip() or len(node.value) < 2:
            raise _Cannot("the first key of a list item, or the only one")
        return [(self.starts[key.start_mark.line], self.starts[self.last_line(value) + 1], "")]

    # ------------------------------------------------------------------------------------------- lists

    def block_sequence(self, node: yaml.SequenceNode, old: object, new: object) -> list[Edit]:
        if not isinstance(old, list) or not isinstance(new, list) or not new:
            raise _Cannot("an empty list")
        children: list[yaml.Node] = node.value
        if len(children) != len(old):
            raise _Cannot("the file's items are not the data's")
        pairs = self.pair(old, new)
        edits: list[Edit] = []
        for child, (o, n) in zip(children, pairs[: len(children)], strict=True):
            if n is _GONE:
                edits.append(self.item_span(child, ""))
            elif not same(o, n):
                try:
                    edits += self.node(child, o, n, in_flow=False)
                except _Cannot:
                    edits.append(self.item_span(child, "".join(x + "\n" for x in item_lines(n, self.dash(child)))))
        added = [n for _, n in pairs[len(children) :]]
        if added:
            at = self.starts[self.last_line(children[-1]) + 1]
            dash = self.dash(children[0])
            edits.append((at, at, "".join(x + "\n" for n in added for x in item_lines(n, dash))))
        return edits

    @staticmethod
    def pair(old: list[Any], new: list[Any]) -> list[tuple[object, object]]:
        """Each old item with its new self (or gone), then the new items: by id when every item has one,
        else by position. Items kept must stay in their order, and new ones come last."""
        ids = [x.get("id") if isinstance(x, dict) else None for x in (*old, *new)]
        if all(isinstance(i, str) for i in ids) and len(set(ids[: len(old)])) == len(old):
            by_id = {x["id"]: x for x in new}
            kept = [x["id"] for x in old if x["id"] in by_id]
            if [x["id"] for x in new][: len(kept)] != kept:
                raise _Cannot("items in another order")
            seen = set(kept)
            return [(x, by_id.get(x["id"], _GONE)) for x in old] + [(_GONE, x) for x in new if x["id"] not in seen]
        common = min(len(old), len(new))
        return (
            list(zip(old[:common], new[:common], strict=True))
            + [(x, _GONE) for x in old[common:]]
            + [(_GONE, x) for x in new[common:]]
        )

    def dash(self, child: yaml.Node) -> int:
        found = _ITEM_PREFIX.match(self.lines[child.start_mark.line][: child.start_mark.column])
        if found is None:
            raise _Cannot("an item that does not start its line")
        return len(found.group("dash"))

    def item_span(self, child: yaml.Node, replacement: str) -> Edit:
        self.dash(child)
        return self.starts[child.start_mark.line], self.starts[self.last_line(child) + 1], replacement

    # ------------------------------------------------------------------------------------------- where

    def last_line(self, node: yaml.Node) -> int:
        """The last line (0-based) holding any of ``node``'s text (a block of text's trailing blank lines not)."""
        if isinstance(node, yaml.ScalarNode):
            start, end = node.start_mark.line, node.end_mark.line
            line = end - 1 if node.end_mark.column == 0 and end > start else end
            while line > start and not self.lines[line].strip():
                line -= 1
            return line
        if getattr(node, "flow_style", False) or not node.value:
            return int(node.end_mark.line)
        last = node.value[-1]
        return self.last_line(last[1] if isinstance(last, tuple) else last)


_GONE: Any = object()
