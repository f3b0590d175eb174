"""What to tell a user about YAML that cannot be read as written, in plain language and pointing where the
mistake is: a syntax error explained (:func:`explain_syntax_error`: a tab or an odd space in the
indentation, a key out of line with the one above, a value that needs quotes, a bracket or quote never
closed), a value pasted in curly quotes (:func:`curly_quote_advice`), and a file saved as UTF-16
(:func:`looks_like_utf16`). The careful reader in :mod:`.locating` and validation's messages use it.
"""

from __future__ import annotations

import re
import unicodedata

import yaml

# libyaml's loader when PyYAML has it (no recursion limit to hit), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


def explain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
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
            return context.line + 1, context.column + 1, quote_advice(text, context.index)
    if mark is not None and mark.line < len(lines):
        found = _misquoted_value(lines[mark.line], mark.column) if problem in _TRAILING_TEXT else None
        if found is not None:
            return mark.line + 1, found + 1, quote_advice(text, mark.index - mark.column + found, mark.column)
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


def quote_advice(text: str, index: int, stopped: int | None = None) -> str:
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
        for token in yaml.scan("\n".join(lines[:row]) + "\n", Loader=SAFE_LOADER):
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
