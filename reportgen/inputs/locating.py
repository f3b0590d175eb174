"""The careful YAML reader: every value keeps its line and column.

It reads PyYAML's C event stream (libyaml, which has no recursion limit to hit) and builds a tree of
:class:`Node`. It is the authority on what a file means: it refuses duplicate keys, anchors, aliases,
tags and multi-document files with located findings. The fast reader in :mod:`parsing` hands a file to
it when anything looks unusual, and validation asks it where a value stands only when there is a
problem to report, so its cost is paid only by files that need it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from ..core.errors import Finding
from ..core.limits import Limits
from ..core.scalars import resolve_plain

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
    anchors: set[str] = set()
    aliased: set[str] = set()
    prose: list[tuple[int, str, int]] = []  # (finding, anchor, where): an anchored one-line plain value
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
                aliased.add(str(event.anchor))
                if event.anchor in anchors:
                    message = f"aliases (*{event.anchor}) are not allowed; write the value out in full"
                else:  # no anchor of that name: prose that starts with '*', such as *Provisional* approval
                    message = "YAML syntax error: " + _quote_advice(text, mark.index if mark is not None else 0)
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
            line, col, message = _explain(exc, text)
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
                message = "YAML syntax error: " + _quote_advice(text, where)
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


_HINTS = {
    "did not find expected key": "check the indentation of this line against the lines above",
    "mapping values are not allowed here": "a ': ' inside a value; put the whole value in quotes",
    "mapping values are not allowed in this context": "a ': ' inside a value; put the whole value in quotes",
    "could not find expected ':'": "a key without ':' or a value that runs over several lines; quote it",
    "found character that cannot start any token": "quote the value",
    "did not find expected '-' indicator": "check the indentation of this list item",
}
# Problems that a line indented differently from the lines around it causes.
_INDENT_PROBLEMS = frozenset(
    {
        "did not find expected key",
        "mapping values are not allowed here",
        "mapping values are not allowed in this context",
        "did not find expected '-' indicator",
    }
)
# Problems that text after a complete value causes (``title: "Approved" with conditions``).
_TRAILING_TEXT = frozenset({"did not find expected key", "did not find expected '-' indicator"})
# A ``key: value`` line (or a list item holding one): its indentation, key, and the ':' after the key.
_KEY_LINE = re.compile(r"(?P<lead> *(?:- +)*)(?P<key>[^\s:#'\"\[\]{},&*!|>%@`-][^:#]*?) *:(?= |$)")
# Where a value starts, after the indentation, any '- ' and any 'key: '.
_VALUE_START = re.compile(r" *(?:- +)*(?:[^\s:#'\"\[\]{},&*!|>%@`-][^:#]*? *: +)?")
# Spaces a word processor pastes that look like a space but are not one to YAML.
_ODD_SPACES = {
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u2007": "a figure space",
    "\u200b": "a zero-width space",
    "\ufeff": "a zero-width no-break space",
}

UTF16_MESSAGE = "this file looks like UTF-16; save it as UTF-8"

# The quotes a word processor types (“...”, ‘...’, „...“): to YAML they are ordinary characters of the text.
CURLY_QUOTES = "“”‘’„‚"


def curly_quoted(text: str) -> bool:
    """Whether a value starts with a curly quote (and is more than the quote)."""
    return len(text) > 1 and text[0] in CURLY_QUOTES


def _unquoted(text: str) -> str:
    """``text`` without its opening curly quote and, if it has one, its closing one."""
    inner = text[1:] if text[:1] in CURLY_QUOTES else text
    return inner[:-1] if inner[-1:] in CURLY_QUOTES else inner


def _plain(text: str) -> bool:
    """Text that reads back as itself, as its number or as true/false without any quotes."""
    return (
        bool(text)
        and (text[0].isalnum() or text[0] in "-+.")
        and not (": " in text or " #" in text or text.endswith(":") or text != text.strip() or text.startswith("- "))
    )


def curly_quote_advice(value: str, key: str | None = None, *, list_item: bool = False) -> str:
    """What to say about a value pasted in curly quotes, with the value written as YAML reads it:
    ``the value is in curly quotes (“>=”), which YAML does not treat as quotes; use straight quotes " or
    none, e.g. comparison: ">="``."""
    shown = value if len(value) <= 40 else value[:37] + "..."
    inner = _unquoted(value)
    if _plain(inner):
        written = inner
    elif '"' not in inner and "\\" not in inner:
        written = f'"{inner}"'
    else:
        written = "'" + inner.replace("'", "''") + "'"
    example = f"{key}: {written}" if key else (f"- {written}" if list_item else written)
    return (
        f"the value is in curly quotes ({shown}), which YAML does not treat as quotes; "
        f'use straight quotes " or none, e.g. {example}'
    )


def looks_like_utf16(data: str | bytes) -> bool:
    """A UTF-16 byte-order mark, or a zero in every other place (UTF-16 text read as single bytes)."""
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return True
        data = data[:512].decode("latin-1")
    sample = data[:512]
    sample = sample[: len(sample) - len(sample) % 2]
    if not sample:
        return False
    even, odd = sample[0::2].count("\0"), sample[1::2].count("\0")
    half = len(sample) // 2
    return max(even, odd) >= 0.9 * half and min(even, odd) <= 0.1 * half


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
    scanning = context is not None and str(exc.context) in ("while scanning an alias", "while scanning an anchor")
    odd = None if scanning else _odd_space_in_indentation(lines, line)
    if odd is not None:
        return odd
    problem = str(exc.problem or exc.context or "unreadable")
    if mark is not None and mark.line < len(lines):
        curly = _curly_value(lines[mark.line])
        if curly is not None:  # “Testing: before...”: the ': ' inside was read as syntax
            at, value, key = curly
            item = key is None and lines[mark.line].lstrip().startswith("-")
            return mark.line + 1, at + 1, curly_quote_advice(value, key, list_item=item)
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
    if scanning and context is not None and context.line < len(lines):
        # '*Provisional* approval', '**Bold** text', '& Co' as a value (not '*[' or inside a flow list: those
        # are not prose, and keep libyaml's words)
        start = _VALUE_START.match(lines[context.line])
        after = text[context.index + 1 : context.index + 2]
        if start and start.end() == context.column and after and after not in "[]{},":
            return context.line + 1, context.column + 1, _quote_advice(text, context.index)
    if mark is not None and mark.line < len(lines):
        found = _misquoted_value(lines[mark.line], mark.column) if problem in _TRAILING_TEXT else None
        if found is not None:
            return mark.line + 1, found + 1, _quote_advice(text, mark.index - mark.column + found, mark.column)
        if problem in _INDENT_PROBLEMS:
            misplaced = _misindented_key(lines, mark.line, mark.column)
            if misplaced is not None:
                return misplaced
    message = problem
    if exc.context and context is not None:
        message += f" ({exc.context} that starts at line {context.line + 1})"
    hint = _HINTS.get(problem)
    list_item = mark is None or mark.line >= len(lines) or lines[mark.line].lstrip(" ").startswith("-")
    if problem == "did not find expected '-' indicator" and not list_item:  # a key line, not a list item
        hint = _HINTS["did not find expected key"]
    return line, col, (f"{message}; {hint}" if hint else message)


def _odd_space_in_indentation(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A non-breaking (or other unusual) space in the indentation of this line or the one above it."""
    for number in (line, line - 1):
        if not 1 <= number <= len(lines):
            continue
        for index, char in enumerate(lines[number - 1]):
            if char in " -":
                continue
            if char in _ODD_SPACES or (char != "\t" and unicodedata.category(char) == "Zs"):
                plain = unicodedata.name(char, "space").lower()  # 'em space', 'ideographic space'
                name = _ODD_SPACES.get(char) or ("an " if plain[0] in "aeiou" else "a ") + plain
                return (
                    number,
                    index + 1,
                    f"{name} (U+{ord(char):04X}) is in the indentation; replace it with ordinary spaces",
                )
            break
    return None


def _curly_value(line: str) -> tuple[int, str, str | None] | None:
    """Where a value in curly quotes starts on ``line``, the value, and its key; None if it does not."""
    start = _VALUE_START.match(line)
    at = start.end() if start else 0
    if at >= len(line) or line[at] not in CURLY_QUOTES:
        return None
    key = _KEY_LINE.match(line)
    value = line[at:].rstrip()
    comment = value.find(" #")
    named = key.group("key") if key is not None and key.end() <= at else None
    return at, value[:comment].rstrip() if comment > 0 else value, named


def _misquoted_value(line: str, column: int) -> int | None:
    """Where a value starts if it opens with a quote or bracket that closes before the value ends
    (``title: "Approved" with conditions``) and reading stopped after that start; else None."""
    start = _VALUE_START.match(line)
    at = start.end() if start else 0
    if at < len(line) and line[at] in "\"'[{*&" and at < column:
        return at
    return None


def _quote_advice(text: str, index: int, stopped: int | None = None) -> str:
    """Advice for a value starting at ``text[index]`` with a character YAML reads as syntax, with the
    line quoted as it should be written (a comment after where reading ``stopped`` is left out)."""
    begin = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[begin : len(text) if end < 0 else end]
    at = index - begin
    lead = line[:at].strip()
    value = line[at:].rstrip("\r")
    after = max(0, (stopped if stopped is not None else at) - at)
    comment = value.find(" #", after)
    value = (value[:comment] if comment > 0 else value).rstrip()
    if "[" in lead or "{" in lead:  # inside a flow list or mapping: the value ends at the next separator
        ends = [i for i in (value.find(c, after) for c in ",]}") if i > 0]
        value, lead = value[: min(ends)].rstrip() if ends else value, ""
    if "'" not in value:
        quoted = f"'{value}'"
    elif '"' not in value and "\\" not in value:
        quoted = f'"{value}"'
    else:
        quoted = "'" + value.replace("'", "''") + "'"
    char = value[:1]
    whole = " as a whole" if char in "\"'[{" else ""
    example = f"{lead} {quoted}" if lead else quoted
    return f"a value that starts with {char} must be put in quotes{whole}, e.g. {example}"


def _misindented_key(lines: list[str], row: int, column: int) -> tuple[int, int, str] | None:
    """A ``key: value`` line whose key does not line up with the key on the line above (0-based row)."""
    here = _KEY_LINE.match(lines[row])
    if here is None or column not in (here.start("key"), lines[row].index(":", here.end("key"))):
        return None
    prose = _scalar_lines(lines, row)
    above = row - 1
    while above >= 0 and (not lines[above].strip() or lines[above].lstrip().startswith("#") or above in prose):
        above -= 1
    there = _KEY_LINE.match(lines[above]) if above >= 0 else None
    if there is None or there.start("key") == here.start("key"):
        return None
    key, other = here.group("key"), there.group("key")
    return (
        row + 1,
        here.start("key") + 1,
        f"'{key}' is indented {here.start('key')} spaces but '{other}' on line {above + 1} is indented "
        f"{there.start('key')}; the fields of one item must start in the same column",
    )


def _scalar_lines(lines: list[str], row: int) -> set[int]:
    """The 0-based lines before ``row`` that go on a value begun on an earlier line: the text of a block
    scalar (``|``, ``>``), or the second and later lines of a plain or quoted value over several lines.
    They are text, not keys, however they look (``The board found two problems: ...``)."""
    inside: set[int] = set()
    try:
        for token in yaml.scan("\n".join(lines[:row]) + "\n", Loader=_Loader):
            if isinstance(token, yaml.ScalarToken):
                start, end = token.start_mark, token.end_mark
                inside.update(range(start.line + 1, end.line + (1 if end.column else 0)))
    except yaml.YAMLError:
        pass  # the lines read so far are all there is to go on
    return inside


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


def _plain_on_one_line(event: yaml.ScalarEvent) -> bool:
    """A plain (unquoted) scalar written on one line: prose, when it starts with an anchor."""
    start, end = event.start_mark, event.end_mark
    return not event.style and start is not None and end is not None and start.line == end.line
