"""Hostile inputs for the loader and the validator: property-based tests (hypothesis) and kept crash examples.

The property, for any bytes in any input file: ``check_report`` returns either a clean model or located
findings (every finding names a file of the folder, line >= 1, col >= 1, a non-empty message), never
raises, and never writes to the folder. Single documents are fed to ``read_data`` the same way.

Budget: in CI each property runs a fixed, derandomised number of examples (the whole file takes well under
a minute on 2 cores). ``REPORTGEN_FUZZ=long python3 -m pytest tests/test_hostile.py`` runs many more, with
fresh randomness each time; copy anything it finds into ``tests/regressions/`` (see the README there) so
that it is checked forever.

Known bug classes are recognised and skipped by the properties (``known_reader_disagreement``,
``KnownCrash``, the end-of-file syntax error one line past the end), so that CI stays green and a long run
reports only new classes; each is pinned by a strict xfail in this file or by a ``tests/regressions/``
case whose NOTE.md starts with ``xfail:``. When a bug is fixed, its xfail turns into a failure: remove the
mark and the matching tolerance.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from helpers import BASE, EXAMPLE, TESTS, reportgen_command
from hypothesis import HealthCheck, Phase, example, given, reject, settings
from hypothesis import strategies as st

from reportgen.checks.validate import check_report
from reportgen.cli.main import cli
from reportgen.core.errors import Finding, findings_json
from reportgen.core.limits import Limits
from reportgen.inputs.locating import ParseFailure, read_located
from reportgen.inputs.parsing import decode, read_data

REGRESSIONS = TESTS / "regressions"
LIMITS = Limits()
LONG = os.environ.get("REPORTGEN_FUZZ", "").lower() == "long"


def fuzz(ci: int, long: int, *, shrink: bool = True) -> settings:
    """A fixed, repeatable budget in CI; many more random examples with REPORTGEN_FUZZ=long.

    ``shrink=False`` skips shrinking in CI for the whole-folder tests, whose examples shrink slowly; the
    derandomised run still names the failing example, and the long mode shrinks it.
    """
    phases = [Phase.explicit, Phase.reuse, Phase.generate] + ([Phase.shrink] if shrink or LONG else [])
    return settings(
        max_examples=long if LONG else ci,
        deadline=None,
        derandomize=not LONG,
        database=None if not LONG else settings.default.database,
        phases=phases,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


# --------------------------------------------------------------------------------------------------------
# The property


_YAML_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@functools.lru_cache(maxsize=256)
def _line_count(data: bytes) -> int:
    """How many lines a reader could count in ``data`` (YAML counts NEL, LS and PS as breaks too)."""
    text = data.decode("utf-8", "replace")
    return max(len(_YAML_BREAKS.findall(text)), data.count(b"\n"), data.count(b"\r")) + 1


def assert_located(finding: Finding, files: dict[str, bytes]) -> None:
    """One finding is located in a file of the folder, at a position inside that file, and says something."""
    assert finding.file in files, f"finding names {finding.file!r}, not a file of the folder: {finding}"
    assert finding.line >= 1 and finding.col >= 1, finding
    lines = _line_count(files[finding.file])
    # known: test_a_syntax_error_at_the_end_is_reported_inside_the_file (xfail)
    if not (finding.code == "syntax" and (finding.line, finding.col) == (lines + 1, 1)):
        assert finding.line <= lines, f"line past the end of the file: {finding}"
    assert finding.message.strip(), finding
    assert "Traceback" not in finding.message, finding
    assert finding.severity in ("error", "warning"), finding
    finding.format()


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file below ``root`` (relative POSIX path -> bytes); symlinks are not followed."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def digest(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


class KnownCrash(Exception):
    """A crash of a class already reported and kept as a strict xfail; the property skips the example."""


def _is_known_crash(exc: BaseException) -> bool:
    """No crash class is open at the moment (lone surrogates were: tests/regressions/surrogate-*)."""
    return False


def check_folder(root: Path, limits: Limits = LIMITS, *, tolerate_known: bool = True) -> tuple[object, list[Finding]]:
    """Run the validator on ``root`` and hold it to the property; returns (model or None, findings)."""
    before = snapshot(root)
    try:
        report, _, findings = check_report(root, limits)
    except Exception as exc:
        if tolerate_known and _is_known_crash(exc):
            raise KnownCrash(str(exc)) from exc
        raise
    after = snapshot(root)
    assert digest(after) == digest(before), "the validator changed a file in the report folder"
    for finding in findings:
        assert_located(finding, before)
    errors = [f for f in findings if f.severity == "error"]
    if report is None:
        assert errors, "no model and no error: the user is not told what is wrong"
    else:
        assert not errors, "a model despite errors"
    payload = json.loads(findings_json(findings, valid=report is not None))
    assert payload["errors"] == len(errors)
    return report, findings


def check_document(data: bytes, name: str, is_json: bool, limits: Limits = LIMITS) -> object:
    """``read_data`` gives plain data or a ParseFailure with located findings; nothing else."""
    try:
        value = read_data(data, name, is_json, limits)
    except ParseFailure as failure:
        assert failure.findings
        for finding in failure.findings:
            assert_located(finding, {name: data})
        return failure
    _assert_plain(value)
    if not is_json:
        _assert_careful_reader_agrees(data, name, value, limits)
    return value


def _assert_careful_reader_agrees(data: bytes, name: str, value: object, limits: Limits) -> None:
    """What the fast reader accepts, the careful reader (the authority, used to locate findings) reads the same."""
    try:
        careful: object = read_located(decode(data, name), name, limits).to_python()
    except ParseFailure as failure:
        careful = failure
    if careful == value or known_reader_disagreement(data, value, careful):
        return
    if isinstance(careful, ParseFailure):
        raise AssertionError(f"the fast reader read {value!r}; the careful reader refuses: {careful.findings}")
    raise AssertionError(f"fast reader: {value!r}; careful reader: {careful!r}")


_KNOWN_MESSAGES = re.compile(r"while scanning an? (anchor|alias)|a control character \(U\+FFF[EF]\)")
_ODD_BREAKS = re.compile(rb"\r(?!\n)|\xc2\x85|\xe2\x80[\xa8\xa9]")
_INDICATOR_START = re.compile(rb"(?m)(?::[ \t]+|^[ \t]*-[ \t]+)[\]}]|:\t")


def known_reader_disagreement(data: bytes, fast: object, careful: object) -> bool:
    """The classes of fast/careful disagreement still open (test_the_two_readers_agree's xfail cases)."""
    if isinstance(careful, ParseFailure) and any(_KNOWN_MESSAGES.search(f.message) for f in careful.findings):
        return True  # a bare '&' or '*', U+FFFE or U+FFFF
    if any(len(line) > 1024 for line in data.splitlines()):
        return True  # an implicit key longer than YAML's 1024 characters
    if _ODD_BREAKS.search(data):
        return True  # a lone CR, NEL, LS or PS: a line break to libyaml, not to rapidyaml
    if _INDICATOR_START.search(data):
        return True  # a plain value starting with ']' or '}', or ':' then a tab
    return _has_empty_key(fast)  # ': x' with no key at all


def _has_empty_key(value: object) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "" in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _assert_plain(value: object) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            assert all(type(k) is str for k in item), "a key that is not text"
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        else:
            assert item is None or type(item) in (str, int, float, bool), f"unexpected {type(item).__name__}"


@contextmanager
def folder_with(files: dict[str, bytes]) -> Iterator[Path]:
    """A fresh report folder holding exactly ``files`` (hypothesis runs many examples per test call)."""
    with tempfile.TemporaryDirectory(prefix="reportgen-hostile-") as tmp:
        root = Path(tmp) / "report"
        for rel, data in {**SUPPORT_FILES, **files}.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield root


def _files(root: Path) -> dict[str, bytes]:
    """The report's own files (the inputs and the logo), not its private .reportgen/ folder."""
    found = sorted(p for p in root.rglob("*") if p.is_file() and ".reportgen" not in p.relative_to(root).parts)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in found}


# Every folder gets a commitment key (the example withholds items, and a report that does so needs one).
SUPPORT_FILES = {".reportgen/commitment.key": (BASE / ".reportgen" / "commitment.key").read_bytes()}
EXAMPLE_FILES = _files(EXAMPLE)
# On its own, without the year before beside it: the "Changes" chapter is not what is tested here.
EXAMPLE_FILES["report.yaml"] = re.sub(rb"\n  previous_report: [^\n]*", b"", EXAMPLE_FILES["report.yaml"])
BASE_FILES = _files(BASE)
# The example's data as reportgen itself reads it (dates stay text), to mutate and write back out.
EXAMPLE_DATA: dict[str, Any] = {
    rel: json.loads(json.dumps(read_data(data, rel, False, LIMITS))) for rel, data in EXAMPLE_FILES.items()
}  # plain dicts and lists (read_data's mappings are a dict subclass that yaml.safe_dump refuses)


def test_the_unmutated_example_and_base_are_clean() -> None:
    """The starting points pass, so a finding in a mutant is caused by the mutation."""
    for files in (EXAMPLE_FILES, BASE_FILES):
        with folder_with(files) as root:
            report, findings = check_folder(root)
            assert report is not None, [f.format() for f in findings]


# --------------------------------------------------------------------------------------------------------
# Strategies

ODD_CHARS = [
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u2069",  # POP DIRECTIONAL ISOLATE
    "\u200b",  # ZERO WIDTH SPACE
    "\u200d",  # ZERO WIDTH JOINER
    "\u0301",  # COMBINING ACUTE ACCENT
    "\u0301\u0302\u0303\u0304",  # stacked combining marks
    "\ufeff",  # BOM inside the text
    "\x00",
    "\x07",
    "\x1b[31m",  # an ANSI escape
    "\x7f",
    "\x85",  # NEL, a YAML line break
    "\u2028",
    "\u2029",
    "\t",
    "\r",
    "\r\n",
    "\udcff",  # a lone surrogate: written with surrogateescape it becomes the byte 0xff
    "\ud800",  # a lone high surrogate: written with surrogatepass it becomes bytes no UTF-8 reader accepts
    "😀",
    "\U000e0001",  # LANGUAGE TAG
    "e\u0301",
    "Ａ",  # fullwidth
]

BYTE_TOKENS = [
    b"\xef\xbb\xbf",  # a BOM (a second one, or one in the middle)
    b"\xfe\xff",
    b"\xff",
    b"\x80",
    b"\xc3",  # a truncated two-byte sequence
    b"\xed\xa0\x80",  # an encoded lone surrogate
    b"\xf4\x90\x80\x80",  # above U+10FFFF
    b"\x00",
    b"\r\n",
    b"\r",
    b"\t",
]

YAML_TOKENS = [
    "\n",
    "  ",
    "- ",
    ": ",
    "? ",
    "{",
    "}",
    "[",
    "]",
    ", ",
    "'",
    '"',
    "#",
    "|",
    ">-",
    "&a ",
    "*a",
    "!!str ",
    "!!python/object:os.system ",
    "!x ",
    "<<: ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:example.org,2000:\n",
    "null",
    "~",
    "true",
    "yes",
    "1e999",
    "-.inf",
    ".nan",
    "0x1F",
    "1_000",
    "9" * 5000,
    "2026-02-30",
    "report:",
    "board:",
    "decisions:",
    "id: ",
    "none_this_year: ",
    "\\u0000",
    "\\ud800",
    "\\x00",
    "\\",
]


def _encode(text: str) -> bytes:
    """UTF-8, with lone surrogates written as the bytes they stand for (surrogateescape, else surrogatepass)."""
    out = bytearray()
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            out += ch.encode("utf-8", "surrogateescape")
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return bytes(out)


yamlish_text = st.lists(
    st.one_of(
        st.sampled_from(YAML_TOKENS),
        st.sampled_from(ODD_CHARS),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    ),
    max_size=40,
).map("".join)

yamlish_bytes = st.one_of(
    yamlish_text.map(_encode),
    st.lists(st.one_of(yamlish_text.map(_encode), st.sampled_from(BYTE_TOKENS)), max_size=12).map(b"".join),
    st.binary(max_size=200),
)

odd_text = st.one_of(
    st.text(max_size=20),
    st.lists(st.one_of(st.sampled_from(ODD_CHARS), st.text(max_size=4)), max_size=6).map("".join),
    st.sampled_from(["", " ", "yes", "null", "true", "1.10", "2026-01-01", "D-2026-001", "m-okafor", "RL-CYBER-1"]),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**30, -(2**63), 2**64, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    odd_text,
)

any_value = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)),
    max_leaves=12,
)

HUGE_LENGTHS = [300, 301, 100_000, 100_001, 250_000]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(root: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    _get(root, path[:-1])[path[-1]] = new
    return root


def _rename(mapping: dict[Any, Any], old: Any, new: Any) -> None:
    """Rename a key in place, keeping the order (a rename onto an existing key merges them)."""
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


MUTATIONS = ["retype", "rename", "drop", "duplicate", "nest", "huge", "unicode", "swap_type"]


@st.composite
def mutated_data(draw: st.DrawFn, data: Any) -> Any:
    """Apply one to four structural mutations at random places of the parsed data."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        target = _get(data, path)
        parent = _get(data, path[:-1]) if path else None
        op = draw(st.sampled_from(MUTATIONS))
        if op == "retype":
            data = _set(data, path, draw(any_value))
        elif op == "swap_type":  # str <-> int <-> list <-> dict <-> null <-> bool, keeping the content
            choices = [
                str(target),
                len(str(target)),
                [target],
                {"value": target},
                None,
                bool(target),
                str(target).lower() in ("true", "yes"),
            ]
            data = _set(data, path, draw(st.sampled_from(choices)))
        elif op == "rename" and isinstance(parent, dict):
            new = draw(
                st.one_of(
                    odd_text,
                    st.sampled_from(sorted(map(str, parent))),  # onto a sibling: merged
                    st.just(str(path[-1])[:-1]),  # a typo
                    st.just(str(path[-1]).upper()),
                    st.builds(lambda c, k=str(path[-1]): k[:1] + c + k[1:], st.sampled_from(ODD_CHARS)),
                )
            )
            _rename(parent, path[-1], new)
        elif op == "drop" and parent is not None:
            del parent[path[-1]]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(target))
        elif op == "duplicate" and isinstance(target, list) and target:
            target.extend(copy.deepcopy(target[: draw(st.integers(1, len(target)))]))
        elif op == "nest":
            depth = draw(st.sampled_from([1, 2, 31, 32, 33, 100]))
            wrapped = target
            for level in range(depth):
                wrapped = [wrapped] if draw(st.booleans()) or level > 40 else {"x": wrapped}
            data = _set(data, path, wrapped)
        elif op == "huge":
            length = draw(st.sampled_from(HUGE_LENGTHS))
            filler = draw(st.sampled_from(["x", "é", "😀", "\u202e", "a\u0301"]))
            data = _set(data, path, (filler * length)[:length])
        elif op == "unicode":
            odd = draw(st.sampled_from(ODD_CHARS))
            if isinstance(target, str):
                at = draw(st.integers(0, len(target)))
                data = _set(data, path, target[:at] + odd + target[at:])
            elif isinstance(parent, dict):
                _rename(parent, path[-1], str(path[-1]) + odd)
    return data


def _dump_yaml(data: Any, allow_unicode: bool, flow: bool | None, width: int) -> str:
    return yaml.safe_dump(data, allow_unicode=allow_unicode, default_flow_style=flow, sort_keys=False, width=width)


@st.composite
def emitted(draw: st.DrawFn, data: Any) -> tuple[str, bytes]:
    """Write data back out as YAML (any style) or, now and then, as JSON: (suffix, bytes)."""
    if draw(st.integers(0, 5)) == 0:
        text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1, "\t"])))
        return ".json", _encode(text)
    try:
        text = _dump_yaml(
            data, draw(st.booleans()), draw(st.sampled_from([False, None, True])), draw(st.sampled_from([80, 10_000]))
        )
    except (yaml.YAMLError, RecursionError):
        text = json.dumps(data)
    return ".yaml", _encode(text)


@st.composite
def text_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    """Byte-level damage: inserted tokens, deleted spans, duplicated lines, CRLF, BOMs, tabs, truncation."""
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["insert", "delete", "dup_line", "crlf", "cr", "bom", "tab", "truncate"]))
        at = draw(st.integers(0, len(data)))
        if op == "insert":
            token = draw(
                st.one_of(
                    st.sampled_from(BYTE_TOKENS),
                    st.sampled_from(YAML_TOKENS).map(_encode),
                    st.sampled_from(ODD_CHARS).map(_encode),
                )
            )
            data = data[:at] + token + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif op == "dup_line":
            lines = data.split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif op == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif op == "cr":
            data = data.replace(b"\n", b"\r")
        elif op == "bom":
            data = b"\xef\xbb\xbf" * draw(st.integers(1, 2)) + data
        elif op == "tab":
            data = data.replace(b"\n  ", b"\n\t", draw(st.integers(1, 3)))
        elif op == "truncate":
            data = data[:at]
    return data


@st.composite
def mutated_example(draw: st.DrawFn) -> dict[str, bytes | None]:
    """One or two files of the example, mutated (structurally, textually or both): name -> bytes, or None for
    the original file that a ``.json`` rewrite replaces. Merge with :func:`with_example`."""
    files: dict[str, bytes | None] = {}
    for rel in draw(st.lists(st.sampled_from(sorted(EXAMPLE_FILES)), min_size=1, max_size=2, unique=True)):
        kind = draw(st.sampled_from(["data", "text", "both"]))
        data, name = EXAMPLE_FILES[rel], rel
        if kind in ("data", "both"):
            suffix, data = draw(emitted(draw(mutated_data(EXAMPLE_DATA[rel]))))
            if suffix == ".json":
                name = rel.rsplit(".", 1)[0] + ".json"
        if kind in ("text", "both"):
            data = draw(text_mutations(data))
        files[rel] = None
        files[name] = data
    return files


def with_example(changes: dict[str, bytes | None]) -> dict[str, bytes]:
    files = dict(EXAMPLE_FILES)
    for rel, data in changes.items():
        if data is None:
            files.pop(rel, None)
        else:
            files[rel] = data
    return files


# --------------------------------------------------------------------------------------------------------
# Single documents


@fuzz(ci=300, long=20_000)
@given(data=yamlish_bytes, is_json=st.booleans())
@example(data=b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n", is_json=False)
@example(data=b"a: 1\r\nb: [\r\n", is_json=False)
@example(data=b"a: \xed\xa0\x80\n", is_json=False)
@example(data=b'{"a": "\\ud800"}', is_json=True)
@example(data=b'a: "\\ud800"\n', is_json=False)
@example(data=b'\xef\xbb\xbf{"a": 1}', is_json=True)
@example(data=b"a: 1e999\n", is_json=False)
@example(data=b'{"a": 1e999}', is_json=True)
@example(data=b"a: b\x85c: d\n", is_json=False)
@example(data=b"? [a]\n: 1\n", is_json=False)
@example(data=b"[" * 100 + b"]" * 100, is_json=True)
def test_any_document_reads_as_data_or_located_findings(data: bytes, is_json: bool) -> None:
    check_document(data, "doc.json" if is_json else "doc.yaml", is_json)


@fuzz(ci=60, long=3_000)
@given(data=yamlish_bytes, target=st.sampled_from(["report.yaml", "decisions/D-1.yaml", "extra.yaml", "extra.json"]))
def test_any_document_in_a_report_folder_gives_a_model_or_located_findings(data: bytes, target: str) -> None:
    files = dict(BASE_FILES)
    files[target] = data
    with folder_with(files) as root, _skip_known():
        check_folder(root)


@contextmanager
def _skip_known() -> Iterator[None]:
    try:
        yield
    except KnownCrash:
        reject()  # hypothesis: not a new failure; try another example


# --------------------------------------------------------------------------------------------------------
# Mutations of the example report


@fuzz(ci=120, long=5_000, shrink=False)
@given(changes=mutated_example())
def test_mutated_example_gives_a_model_or_located_findings(changes: dict[str, bytes | None]) -> None:
    with folder_with(with_example(changes)) as root, _skip_known():
        check_folder(root)


@fuzz(ci=25, long=1_000, shrink=False)
@given(changes=mutated_example())
def test_mutated_example_never_crashes_the_command_line(changes: dict[str, bytes | None]) -> None:
    """The same through ``reportgen validate --format json``: exit 0 or 1, JSON out, no traceback."""
    with folder_with(with_example(changes)) as root:
        _validate_cli(root)


def _validate_cli(root: Path, *, tolerate_known: bool = True) -> dict[str, Any] | None:
    """``reportgen validate --format json`` in-process; CliRunner's stdout is strict UTF-8, like a terminal's."""
    result = CliRunner().invoke(cli, ["validate", str(root), "--format", "json"], catch_exceptions=True)
    if tolerate_known and result.exception is not None and _is_known_crash(result.exception):
        return None  # known bugs: tests/regressions/surrogate-*, test_json_findings_with_a_lone_surrogate_...
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {type(result.exception).__name__}: {result.exception}")
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    assert "Traceback" not in result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    assert payload["valid"] == (result.exit_code == 0)
    return payload


# --------------------------------------------------------------------------------------------------------
# Kept examples: tests/regressions/<name>/ overlays the base folder (see tests/regressions/README.md)


def _regressions() -> list[Any]:
    """Each folder of tests/regressions/ is one case; a NOTE.md starting with 'xfail:' marks a known bug."""
    cases = []
    for folder in sorted(p for p in REGRESSIONS.iterdir() if p.is_dir()) if REGRESSIONS.is_dir() else []:
        note = folder / "NOTE.md"
        first = note.read_text(encoding="utf-8").splitlines()[0] if note.is_file() else ""
        marks = [pytest.mark.xfail(strict=True, reason=first[6:].strip())] if first.startswith("xfail:") else []
        cases.append(pytest.param(folder, id=folder.name, marks=marks))
    return cases


def regression_files(case: Path) -> dict[str, bytes]:
    """The base folder overlaid with the case: its files added or replaced, ``NAME.delete`` removes NAME."""
    files = dict(BASE_FILES)
    for path in sorted(case.rglob("*")):
        if path.is_file() and path.name != "NOTE.md":
            rel = path.relative_to(case).as_posix()
            if rel.endswith(".delete"):
                files.pop(rel.removesuffix(".delete"), None)
            else:
                files[rel] = path.read_bytes()
    return files


@pytest.mark.parametrize("case", _regressions())
def test_kept_regression(case: Path) -> None:
    with folder_with(regression_files(case)) as root:
        check_folder(root, tolerate_known=False)
        assert _validate_cli(root, tolerate_known=False) is not None


# --------------------------------------------------------------------------------------------------------
# Bombs: refused quickly, with little memory


def _alias_bomb(levels: int = 9) -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _quadratic_blowup() -> bytes:
    """One anchor of 100 KB referenced 10,000 times: small file, 1 GB of text if expanded."""
    return b"a: &a '" + b"x" * 100_000 + b"'\nb: [" + b", ".join([b"*a"] * 10_000) + b"]\n"


BOMBS = {
    "billion laughs": (_alias_bomb(), False),
    "alias quadratic blowup": (_quadratic_blowup(), False),
    "10,000 [ deep": (b"[" * 10_000 + b"]" * 10_000, False),
    "10,000 [ deep, never closed": (b"[" * 10_000, False),
    "10,000 [ deep as JSON": (b"[" * 10_000 + b"]" * 10_000, True),
    "10,000 { deep": (b"{a: " * 10_000 + b"1" + b"}" * 10_000, False),
    "10,000 { deep as JSON": (b'{"a": ' * 10_000 + b"1" + b"}" * 10_000, True),
    "1,000 block mappings deep (0.5 MB of indentation)": (
        "".join(f"{' ' * i}k:\n" for i in range(1_000)).encode(),
        False,
    ),
    "10,000 block sequences deep": (b"- " * 10_000 + b"x\n", False),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_bombs_are_refused_quickly_with_little_memory(name: str) -> None:
    data, is_json = BOMBS[name]
    file = "bomb.json" if is_json else "bomb.yaml"
    started = time.perf_counter()
    with suppress(ParseFailure):
        read_data(data, file, is_json, LIMITS)
    elapsed = time.perf_counter() - started  # measured without tracemalloc, which slows allocation down
    tracemalloc.start()
    try:
        outcome = check_document(data, file, is_json)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(outcome, ParseFailure), f"{name} was read: {str(outcome)[:200]}"
    messages = " ".join(f.message for f in outcome.findings)
    assert re.search(r"alias|anchor|nesting deeper than 32", messages), messages
    assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"
    assert peak < 50 * 1024 * 1024, f"{name} peaked at {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("name", ["billion laughs", "10,000 [ deep"])
def test_bombs_in_a_report_folder_give_located_findings_quickly(name: str) -> None:
    data, _ = BOMBS[name]
    files = dict(BASE_FILES)
    files["decisions/bomb.yaml"] = data
    with folder_with(files) as root:
        tracemalloc.start()
        started = time.perf_counter()
        try:
            report, findings = check_folder(root)
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert report is None
    assert {f.file for f in findings} == {"decisions/bomb.yaml"}
    assert elapsed < 1.0 and peak < 50 * 1024 * 1024, (elapsed, peak)


# --------------------------------------------------------------------------------------------------------
# Invisible, bidirectional and control characters in ids

ID_EDITS = [
    ("decisions/D-1.yaml", "  - id: D-1", "  - id: D-{c}1", 2, 9),
    ("decisions/D-1.yaml", "      - RL-CYBER", "      - RL-{c}CYBER", 8, 9),
    ("decisions/D-1.yaml", "        - m-bell", "        - m-{c}bell", 12, 11),
    ("board.yaml", "  chair: m-chair", "  chair: m-{c}chair", 3, 10),
    ("board.yaml", "    - id: m-bell", "    - id: m-{c}bell", 15, 11),
]
BAD_ID_CHARS = ["\u202e", "\u2066", "\u2069", "\u200b", "\u200f", "\ufeff", "\u0301", "\u061c", "\u2060", "\u00ad"]


@pytest.mark.parametrize("char", BAD_ID_CHARS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("edit", ID_EDITS, ids=lambda e: f"{e[0]}:{e[3]}")
def test_invisible_characters_in_ids_give_a_located_message(edit: tuple[str, str, str, int, int], char: str) -> None:
    file, old, new, line, col = edit
    files = dict(BASE_FILES)
    text = files[file].decode()
    assert text.count(old) == 1
    files[file] = text.replace(old, new.format(c=char)).encode()
    with folder_with(files) as root:
        report, findings = check_folder(root)
    assert report is None
    at = [f for f in findings if (f.file, f.line, f.col) == (file, line, col) and f.severity == "error"]
    assert at, [f.format() for f in findings]
    assert re.search(r"invisible, bidirectional or control|not a valid id", at[0].message), at[0].message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"], ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_give_a_located_syntax_error(char: str) -> None:
    files = dict(BASE_FILES)
    files["decisions/D-1.yaml"] = files["decisions/D-1.yaml"].replace(b"id: D-1", b"id: D-" + char.encode() + b"1")
    with folder_with(files) as root:
        report, findings = check_folder(root)
    assert report is None
    assert [(f.file, f.line, f.col) for f in findings] == [("decisions/D-1.yaml", 2, 11)], findings


ECHO_EDITS = {
    "bidi in a choice": ("decisions/D-1.yaml", "kind: amend_red_line", "kind: amend_red\u202e_line"),
    "bidi in a date": ("decisions/D-1.yaml", "date: 2026-03-10", "date: 2026-03\u202e-10"),
    "bidi in a field name": ("decisions/D-1.yaml", "    title:", "    ti\u202etle:"),
    "bidi in a section name": ("decisions/D-1.yaml", "decisions:", "decis\u202eions:"),
    "terminal escape in a field name": ("decisions/D-1.yaml", "    title:", '    "ti\\e]2;owned\\atle":'),
    "terminal escape in a choice": ("decisions/D-1.yaml", "kind: amend_red_line", 'kind: "\\e[2J\\e[3J"'),
}


@pytest.mark.parametrize("case", list(ECHO_EDITS))
def test_messages_never_echo_control_or_bidi_characters(case: str) -> None:
    """Messages quote the user's text: a U+202E must not reorder the line, an ESC must not drive the terminal.

    (Found here: they were echoed verbatim, and click strips CSI colour codes only off a terminal, never OSC.)
    """
    file, old, new = ECHO_EDITS[case]
    files = dict(BASE_FILES)
    text = files[file].decode()
    assert text.count(old) == 1
    files[file] = text.replace(old, new).encode()
    with folder_with(files) as root:
        report, findings = check_folder(root)
        run = CliRunner().invoke(cli, ["validate", str(root)])
    assert report is None and findings
    shown = run.output + "".join(f.format() for f in findings)
    assert "invalid:" in run.output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", shown), repr(shown)


# --------------------------------------------------------------------------------------------------------
# Time: validation stays linear in the number of findings


def test_many_float_errors_are_reported_in_linear_time(tmp_path: Path) -> None:
    """(Found here: Inputs.raw() walked the whole tree for every float-valued error, O(N^2); 3,000 took 40 s.)"""
    root = tmp_path / "report"
    shutil.copytree(BASE, root)
    lines = ["incidents:"]
    lines += [
        f"  - {{id: I-{i}, title: 1.5, detected: 2026-01-01, severity: low, description: x}}" for i in range(3000)
    ]
    (root / "incidents.yaml").write_text("\n".join(lines) + "\n")
    script = (
        "import sys; from pathlib import Path; from reportgen.checks.validate import check_report; "
        "r, i, f = check_report(Path(sys.argv[1])); print(len(f))"
    )
    # The same file with whole numbers (title: 15) takes well under a second: allow ten times that.
    try:
        done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=6)
    except subprocess.TimeoutExpired:
        pytest.fail("validating 3,000 float-valued errors took more than 6 s")
    assert done.stdout.strip() == "3000", done.stderr


# --------------------------------------------------------------------------------------------------------
# The fast reader and the careful reader (the authority, which also locates findings) must agree


def _fixed(data: bytes) -> Any:
    return pytest.param(data)


def _open(data: bytes, reason: str) -> Any:
    return pytest.param(data, marks=pytest.mark.xfail(strict=True, reason=reason))


_RYML_LENIENT = "parsing._read_fast (rapidyaml) reads what libyaml refuses or reads differently"
READER_DISAGREEMENTS = {
    # Found here and fixed since: the fast reader now hands these to the careful reader.
    "backspace U+0008": _fixed(b"a: x\x08y\n"),
    "form feed U+000C": _fixed(b"a: x\x0cy\n"),
    "DEL U+007F": _fixed(b"a: x\x7fy\n"),
    "C1 CSI U+009B": _fixed("a: x\x9b31my\n".encode()),
    "escaped lone surrogate": _fixed(b'a: "\\ud800"\n'),
    "value starting with @": _fixed(b"a: @board\n"),
    "value starting with a backquote": _fixed(b"a: `x`\n"),
    # Found here and fixed since (second round).
    "bare anchor": _fixed(b"a: &\n"),
    "bare anchor before a value": _fixed(b"a: & x\n"),
    "bare anchor in a flow list": _fixed(b"a: [1, &, 2]\n"),
    "bare alias": _fixed(b"a: *\n"),
    "bare alias as a key": _fixed(b"* : 1\n"),
    "empty key": _fixed(b": x\n"),
    "empty key in a list item": _fixed(b"- : 1\n"),
    "key of 1,025 characters": _fixed(b"k" * 1025 + b": 1\n"),
    "U+FFFE": _fixed("a: x\ufffey\n".encode()),
    "lone CR in a plain scalar": _fixed(b"a: x\ry\n"),
    "lone CR in a block scalar": _fixed(b"a: |\n  x\r  y\n"),
    "LINE SEPARATOR U+2028": _fixed("a: x\u2028y\n".encode()),
    "value starting with }": _fixed(b"a: }\n"),
    "colon and tab inside a value": _fixed(b"a: b:\tc\n"),
}


@pytest.mark.parametrize("data", list(READER_DISAGREEMENTS.values()), ids=list(READER_DISAGREEMENTS))
def test_the_two_readers_agree(data: bytes) -> None:
    """Whatever the fast path reads, the careful reader reads the same (or both refuse).

    When they disagree, every finding in that file is placed at 1:1 (locate_in gives up), and what libyaml
    forbids (control characters, ...) reaches the model unreported.
    """
    try:
        fast: object = read_data(data, "doc.yaml", False, LIMITS)
    except ParseFailure as failure:
        fast = [(f.line, f.col, f.message) for f in failure.findings]
    try:
        careful: object = read_located(decode(data, "doc.yaml"), "doc.yaml", LIMITS).to_python()
    except ParseFailure as failure:
        careful = [(f.line, f.col, f.message) for f in failure.findings]
    assert fast == careful


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [(b"a: [", 1, 4), (b"a: [\n", 1, 4), (b"a:\n  - [1,", 2, 5), (b'{"a": [', 1, 7)],
)
def test_an_unclosed_bracket_at_the_end_is_reported_where_it_opens(text: bytes, line: int, col: int) -> None:
    """(Found here: it was reported one line past the end of the file, as 'did not find expected node content'.)"""
    outcome = check_document(text, "doc.yaml", False)
    assert isinstance(outcome, ParseFailure)
    assert [(f.line, f.col) for f in outcome.findings] == [(line, col)], outcome.findings
    assert "never closed" in outcome.findings[0].message


@pytest.mark.parametrize(("text", "line"), [(b"a: 1\nb", 2), (b"a:\n  b: 1\n  c", 3)])
def test_a_syntax_error_at_the_end_is_reported_inside_the_file(text: bytes, line: int) -> None:
    outcome = check_document(text, "doc.yaml", False)
    assert isinstance(outcome, ParseFailure)
    assert [f.line for f in outcome.findings] == [line], outcome.findings


@pytest.mark.parametrize("file", ["report.yaml", "report.json"])
def test_an_escaped_lone_surrogate_is_a_located_error(file: str) -> None:
    """(Found here: the fast path let '\\ud800' through; the finding was 'report.yaml:1:1: ... (string_unicode)'.)"""
    files = {k: v for k, v in BASE_FILES.items() if k != "report.yaml"}
    if file.endswith(".json"):
        data = read_data(BASE_FILES["report.yaml"], "report.yaml", False, LIMITS)
        text = json.dumps(data, indent=1).replace('"Annual Transparency Report 2026"', '"Annual \\ud800 Report"')
    else:
        text = (
            BASE_FILES["report.yaml"]
            .decode()
            .replace("title: Annual Transparency Report 2026", 'title: "Annual \\ud800 Report"')
        )
    assert "\\ud800" in text
    files[file] = text.encode()
    with folder_with(files) as root:
        report, findings = check_folder(root, tolerate_known=False)
    assert report is None
    (finding,) = findings
    assert (finding.file, finding.line) == (file, 2 if file.endswith(".yaml") else 3), finding
    assert "string_unicode" not in finding.message, finding.message


@pytest.mark.parametrize("name", ["extra.json", "extra.yaml"])
def test_json_findings_with_a_lone_surrogate_are_printed(tmp_path: Path, name: str) -> None:
    """A strict UTF-8 stdout (any UTF-8 locale but C/POSIX) and a lone surrogate in a key.

    (Found here: the 'unknown section' message carried the surrogate and printing it failed: exit 3.)
    """
    root = tmp_path / "report"
    shutil.copytree(BASE, root)
    (root / name).write_text('{"x\\udcff": 1}\n' if name.endswith(".json") else '"x\\udcff": 1\n')
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run(
        reportgen_command("validate", root, "--format", "json"),
        capture_output=True,
        text=True,
        errors="replace",
        env=env,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["errors"] == 1


def test_a_value_only_the_fast_reader_accepted_does_not_blind_the_locator() -> None:
    """(Found here: 'subtitle: @board ...' was read by the fast path but not by libyaml, so every finding of
    report.yaml fell back to 1:1 and the '@' itself was never reported.)"""
    files = dict(BASE_FILES)
    text = files["report.yaml"].decode()
    text = text.replace("  subtitle: Test corpus base folder", "  subtitle: @board on every platform")
    files["report.yaml"] = text.replace("  status: draft", "  status: drafty").encode()
    with folder_with(files) as root:
        report, findings = check_folder(root)
    assert report is None
    assert findings and all((f.line, f.col) != (1, 1) for f in findings), findings
    assert {f.line for f in findings if f.file == "report.yaml"} & {3, 10}, findings


# --------------------------------------------------------------------------------------------------------
# Limits


def test_raising_max_depth_never_ends_in_an_internal_error(tmp_path: Path) -> None:
    """(Found here: under --limit max_depth=100000 a 3,000-deep document ended in RecursionError, exit 3.)"""
    root = tmp_path / "report"
    shutil.copytree(BASE, root)
    (root / "extra.yaml").write_text("glossary: " + "[" * 3000 + "]" * 3000 + "\n")
    result = CliRunner().invoke(cli, ["validate", str(root), "--limit", "max_depth=100000"])
    assert not isinstance(result.exception, RecursionError), "RecursionError"
    assert result.exit_code in (1, 2), result.output


@pytest.mark.parametrize("limit", ["render_seconds=nan", "render_seconds=-1", "max_depth=-1", "max_items=0"])
def test_a_limit_must_be_a_positive_finite_number(limit: str) -> None:
    """(Found here: any number was taken; render_seconds=nan never stopped a render.)"""
    result = CliRunner().invoke(cli, ["validate", str(BASE), "--limit", limit])
    assert result.exit_code == 2, (result.exit_code, result.output)
