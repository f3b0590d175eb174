"""The careful YAML reader: every value keeps its line and column.

It reads PyYAML's C event stream (libyaml, which has no recursion limit to hit) and builds a tree of
:class:`Node`. It is the authority on what a file means: it refuses duplicate keys, anchors, aliases,
tags and multi-document files with located findings. The fast reader in :mod:`parsing` hands a file to
it when anything looks unusual, and validation asks it where a value stands only when there is a
problem to report, so its cost is paid only by files that need it.

What to say about YAML that cannot be read (a syntax error, curly quotes, UTF-16) is :mod:`.yaml_advice`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from ..core.errors import Finding
from ..core.limits import Limits
from ..core.scalars import resolve_plain
from .yaml_advice import SAFE_LOADER, UTF16_MESSAGE, explain_syntax_error, looks_like_utf16, quote_advice


@dataclass
class Node:
    """A value with its 1-based position; mappings keep each key's position too."""

    line: int
    col: int
    kind: str  # "map", "seq" or "scalar"
    value: object = None
    raw: str = ""  # a scalar as written (keys are always its text)
    entries: dict[str, tuple[Node, Node]] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)

    def to_python(self) -> object:
        if self.kind == "map":
            return {k: v.to_python() for k, (_, v) in self.entries.items()}
        if self.kind == "seq":
            return [c.to_python() for c in self.children]
        return self.value


class ParseFailure(Exception):
    """The file cannot be read as data; carries located findings."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings[0].message if findings else "unreadable")
        self.findings = findings


def read_located(text: str, file: str, limits: Limits) -> Node:
    """Parse one document into a located tree, or raise :class:`ParseFailure` with every finding."""
    findings: list[Finding] = []

    def fail(line: int, col: int, message: str, code: str) -> None:
        findings.append(Finding(file, line, col, "", message, code=code))

    stack: list[Node] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    documents = 0
    anchors: set[str] = set()
    aliased: set[str] = set()
    prose: list[tuple[int, str, int]] = []  # (finding, anchor, where): an anchored one-line plain value
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            mark = event.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    fail(line, col, "a file holds one YAML document; remove the extra '---'", "documents")
                    break
                continue
            if isinstance(event, yaml.AliasEvent):
                aliased.add(str(event.anchor))
                if event.anchor in anchors:
                    message = f"aliases (*{event.anchor}) are not allowed; write the value out in full"
                else:  # no anchor of that name: prose that starts with '*', such as *Provisional* approval
                    message = "YAML syntax error: " + quote_advice(text, mark.index if mark is not None else 0)
                fail(line, col, message, "alias")
                placeholder = Node(line, col, "scalar", None)  # keeps the keys and values after it paired
                if stack:
                    _attach(placeholder, stack, pending_key, fail)
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                anchors.add(anchor)
                if mark is not None and isinstance(event, yaml.ScalarEvent) and _plain_on_one_line(event):
                    prose.append((len(findings), anchor, mark.index))  # '&Co review', unless an alias uses it
                fail(line, col, f"anchors (&{anchor}) are not allowed; write the value out in full", "alias")
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit_tag = tag is not None and not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))
            if explicit_tag:
                fail(line, col, f"YAML tags ({tag}) are not allowed", "tag")
            node: Node | None = None
            if isinstance(event, yaml.ScalarEvent):
                plain = not event.style and isinstance(implicit, tuple) and implicit[0]
                value = resolve_plain(event.value) if plain else event.value
                node = Node(line, col, "scalar", value, raw=event.value)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                node = Node(line, col, kind)
                if len(stack) >= limits.max_depth:
                    fail(line, col, _too_deep(limits.max_depth), "depth")
                    break
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                pending_key.pop()
                _attach(done, stack, pending_key, fail)
                if not stack:
                    root = done
                continue
            else:
                continue
            if node.kind == "scalar":
                if not stack:
                    root = node
                else:
                    _attach(node, stack, pending_key, fail)
            else:
                stack.append(node)
                pending_key.append(None)
    except yaml.MarkedYAMLError as exc:
        if str(exc.problem) == LIBYAML_DEPTH_PROBLEM:
            # libyaml 0.2.6 (PyYAML 6.0.4) stops at 1,000 levels, scanning ahead of the events that count
            # ours; any such file is deeper than our limit (at most MAX_DEPTH_CEILING), so say it our way
            mark = exc.problem_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            fail(line, col, _too_deep(limits.max_depth), "depth")
        else:
            line, col, message = explain_syntax_error(exc, text)
            message = f"YAML syntax error: {message}"
            if not any((f.line, f.col, f.message) == (line, col, message) for f in findings):
                fail(line, col, message, "syntax")  # (an alias just told at the same place says it already)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        if code == 0 and looks_like_utf16(text):
            fail(1, 1, UTF16_MESSAGE, "encoding")
        else:
            before = text[: exc.position]
            line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
            fail(
                line,
                col,
                f"YAML syntax error: a control character (U+{code:04X}) is not allowed here; remove it",
                "syntax",
            )
    if prose:
        for index, anchor, where in prose:
            if anchor not in aliased:
                first = findings[index]
                message = "YAML syntax error: " + quote_advice(text, where)
                findings[index] = Finding(file, first.line, first.col, "", message, code="alias")
    if findings:
        raise ParseFailure(findings)
    if root is None:
        return Node(1, 1, "scalar", None)
    return root


# libyaml's own nesting limit (1,000 levels), new in libyaml 0.2.6 (bundled with PyYAML 6.0.4)
LIBYAML_DEPTH_PROBLEM = "exceeded maximum nesting depth"


def _too_deep(max_depth: int) -> str:
    return f"nesting deeper than {max_depth} levels (raise it with --limit max_depth=N)"


def _attach(
    node: Node, stack: list[Node], pending_key: list[Node | None], fail: Callable[[int, int, str, str], None]
) -> None:
    """Put a finished node into its parent: as a key, a value, or a sequence item."""
    if not stack:
        return
    parent = stack[-1]
    if parent.kind == "seq":
        parent.children.append(node)
        return
    key = pending_key[-1]
    if key is None:
        pending_key[-1] = node
        return
    pending_key[-1] = None
    if key.kind != "scalar":
        fail(key.line, key.col, "a key must be a plain word such as 'title'", "key")
        return
    name = key.raw  # keys are text as written ('true:' is the key "true"), as in the fast reader
    if name in parent.entries:
        first = parent.entries[name][0]
        fail(key.line, key.col, f"duplicate key '{name}' (first defined at line {first.line})", "duplicate-key")
        return
    parent.entries[name] = (key, node)


def locate(root: Node, path: tuple[str | int, ...]) -> tuple[int, int, bool]:
    """Where ``path`` stands: (line, col, found). A missing tail points at the nearest parent.

    A path ending in ``("key", name)`` asks for the position of the key itself rather than its value,
    which is where an unknown-key message should point.
    """
    node = root
    for i, step in enumerate(path):
        if step == "@key" and i + 1 < len(path):
            name = path[i + 1]
            if node.kind == "map" and isinstance(name, str) and name in node.entries:
                key = node.entries[name][0]
                return key.line, key.col, True
            return node.line, node.col, False
        if node.kind == "map" and isinstance(step, str) and step in node.entries:
            node = node.entries[step][1]
        elif node.kind == "seq" and isinstance(step, int) and 0 <= step < len(node.children):
            node = node.children[step]
        else:
            return node.line, node.col, False
    return node.line, node.col, True


def _plain_on_one_line(event: yaml.ScalarEvent) -> bool:
    """A plain (unquoted) scalar written on one line: prose, when it starts with an anchor."""
    start, end = event.start_mark, event.end_mark
    return not event.style and start is not None and end is not None and start.line == end.line
