"""The careful YAML reader: every value keeps its line and column.

It reads PyYAML's C event stream (libyaml, which has no recursion limit to hit) and builds a tree of
:class:`Node`. It is the authority on what a file means: it refuses duplicate keys, anchors, aliases,
tags and multi-document files with located findings. The fast reader in :mod:`parsing` hands a file to
it when anything looks unusual, and validation asks it where a value stands only when there is a
problem to report, so its cost is paid only by files that need it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from .errors import Finding
from .limits import Limits
from .scalars import resolve_plain

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    fail(line, col, "a file holds one YAML document; remove the extra '---'", "documents")
                    break
                continue
            if isinstance(event, yaml.AliasEvent):
                fail(
                    line,
                    col,
                    f"aliases (*{event.anchor}) are not allowed; write the value out in full",
                    "alias",
                )
                continue
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
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
                    fail(
                        line,
                        col,
                        f"nesting deeper than {limits.max_depth} levels (raise it with --limit max_depth=N)",
                        "depth",
                    )
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
        line, col, message = _explain(exc, text)
        fail(line, col, f"YAML syntax error: {message}", "syntax")
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as a control character
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        fail(
            line,
            col,
            f"YAML syntax error: a control character (U+{code:04X}) is not allowed here; remove it",
            "syntax",
        )
    if findings:
        raise ParseFailure(findings)
    if root is None:
        return Node(1, 1, "scalar", None)
    return root


_HINTS = {
    "did not find expected key": "check the indentation of this line against the lines above",
    "mapping values are not allowed here": "a ': ' inside a value; put the whole value in quotes",
    "mapping values are not allowed in this context": "a ': ' inside a value; put the whole value in quotes",
    "could not find expected ':'": "a key without ':' or a value that runs over several lines; quote it",
    "found character that cannot start any token": "quote the value",
    "did not find expected '-' indicator": "check the indentation of this list item",
}


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where to point and what to say: libyaml's problem, where the enclosing structure began, a hint."""
    mark, context = exc.problem_mark, exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if lines and line > len(lines):  # libyaml reports end-of-file one line past the last: point at its end
        line, col = len(lines), len(lines[-1]) + 1
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        return line, col, "a tab character; YAML indents with spaces only"
    problem = str(exc.problem or exc.context or "unreadable")
    if mark is not None and mark.index >= len(text.rstrip()):
        opened = _last_unclosed_bracket(text)
        if opened is not None:  # the file ended inside a [ or {: point where it opens
            line, col, char = opened
            closer = "]" if char == "[" else "}"
            return line, col, f"the '{char}' that starts here is never closed with '{closer}'"
    if context is not None and context.line < (mark.line if mark else 0):
        # The structure opened here was never closed: point at where it starts, not where reading stopped.
        here = (context.line + 1, context.column + 1)
        if "quoted scalar" in str(exc.context):
            quote = text[context.index] if context.index < len(text) else '"'
            return (*here, f"the quoted text that starts here is never closed (add the closing {quote})")
        if "flow sequence" in str(exc.context):
            return (*here, "the '[' that starts here is never closed with ']'")
        if "flow mapping" in str(exc.context):
            return (*here, "the '{' that starts here is never closed with '}'")
    message = problem
    if exc.context and context is not None:
        message += f" ({exc.context} that starts at line {context.line + 1})"
    hint = _HINTS.get(problem)
    return line, col, (f"{message}; {hint}" if hint else message)


def _last_unclosed_bracket(text: str) -> tuple[int, int, str] | None:
    """The innermost [ or { still open at the end of the text (quotes and comments skipped)."""
    stack: list[tuple[int, int, str]] = []
    line, col, quote, i = 1, 0, "", 0
    while i < len(text):
        char = text[i]
        col += 1
        if char == "\n":
            line, col = line + 1, 0
        elif quote:
            if char == "\\" and quote == '"':
                i += 1
                col += 1
            elif char == quote:
                quote = ""
        elif char in "\"'" and (i == 0 or text[i - 1] in " \t[{,:\n"):
            quote = char
        elif char == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end - 1
            col -= 1
        elif char in "[{":
            stack.append((line, col, char))
        elif char in "]}" and stack:
            stack.pop()
        i += 1
    return stack[-1] if stack else None


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
