"""The fast reader (rapidyaml -> JSON) and the careful reader (libyaml events) must agree."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.core.limits import Limits
from reportgen.core.scalars import resolve_plain
from reportgen.inputs.locating import ParseFailure, read_located
from reportgen.inputs.parsing import _SLOW, _read_fast, read_data

LIMITS = Limits()


def careful(text: str) -> object:
    return read_located(text, "f.yaml", LIMITS).to_python()


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("null", None),
        ("", None),
        ("true", True),
        ("false", False),
        ("12", 12),
        ("-0", 0),
        ("1.10", 1.1),
        ("1e3", 1000.0),
        ("yes", "yes"),
        ("no", "no"),
        ("NO", "NO"),
        ("~", "~"),
        ("True", "True"),
        ("0x1F", "0x1F"),
        ("012", "012"),
        ("+12", "+12"),
        (".inf", ".inf"),
        ("2026-03-14", "2026-03-14"),
    ],
)
def test_plain_scalars_follow_the_json_subset_of_yaml_1_2(plain: str, value: object) -> None:
    assert resolve_plain(plain) == value
    assert type(resolve_plain(plain)) is type(value)


def test_both_readers_give_the_same_data_for_a_typical_file() -> None:
    text = (
        "report:\n  title: 'A: title'\n  period: 2026-01-01/2026-12-31\n  flag: no\n  n: 12\n  f: 1.5\n"
        "decisions:\n  - id: D-1\n    rationale: |\n      Two lines,\n      R&D too.\n    list: [a, 'b', 3]\n"
        '  - {id: D-2, empty: , q: "x\\ty"}\n'
    )
    fast = _read_fast(text.encode(), False, LIMITS)
    assert fast is not _SLOW
    assert fast == careful(text)


def _nested(depth: int, leaf: str) -> str:
    """A mapping ``depth`` levels deep (as the reader counts them) ending in ``leaf``."""
    return "".join(f"{'  ' * level}k{level}:\n" for level in range(depth - 1)) + f"{'  ' * (depth - 1)}k: {leaf}\n"


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("a: 1\nb: {c: 1, c: 2}\n", LIMITS),  # orjson keeps the last duplicate silently
        ("a:\n  - x: 1\n    x: 1\n", LIMITS),
        ("n: 123456789012345678901234567890\n", LIMITS),  # orjson would make it a float
        ("n: [1, -98765432109876543210]\n", LIMITS),
        (_nested(5, "1"), Limits(max_depth=4)),
        (_nested(4, "[]"), Limits(max_depth=4)),  # the empty list is the fifth level
        (_nested(4, "{}"), Limits(max_depth=4)),
        ('a: "ab\\"cd\\"ef\\"gh"\n', Limits(max_string_chars=10)),  # 11 characters, escaped quotes
        ('a: "x\\\\y\\\\z\\\\w\\\\"\n', Limits(max_string_chars=7)),  # 8 characters, backslashes
    ],
    ids=[
        "dup-flow",
        "dup-block",
        "big-int",
        "big-negative-int",
        "deep",
        "deep-empty-list",
        "deep-empty-map",
        "long-escaped-quotes",
        "long-backslashes",
    ],
)
def test_fast_reader_hands_over_what_orjson_would_misread_or_a_limit_refuses(text: str, limits: Limits) -> None:
    assert _read_fast(text.encode(), False, limits) is _SLOW
    try:
        got = read_data(text.encode(), "f.yaml", False, limits)
    except ParseFailure:
        return  # refused by the careful reader, which reports it located (tested below)
    expected = read_located(text, "f.yaml", limits).to_python()
    assert got == expected
    assert json.dumps(got) == json.dumps(expected)  # same types too: an int stays an int


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        (_nested(4, "1"), Limits(max_depth=4)),
        (_nested(3, "[]"), Limits(max_depth=4)),
        ('s: "he said \\"x\\": y"\nt: {"k": "v: w"}\n', LIMITS),  # '": ' inside text is not a key
    ],
    ids=["depth-at-limit", "empty-list-at-limit", "key-like-text"],
)
def test_fast_reader_keeps_what_is_within_the_limits(text: str, limits: Limits) -> None:
    fast = _read_fast(text.encode(), False, limits)
    assert fast is not _SLOW
    assert fast == read_located(text, "f.yaml", limits).to_python()


safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029"),
    max_size=30,
)
PLAIN_WORDS = (
    "null",
    "true",
    "false",
    "yes",
    "no",
    "1",
    "-2",
    "3.5",
    "1e3",
    "012",
    "0x1F",
    "+5",
    "~",
    "2026-01-01",
    "a b",
)
plain_words = st.sampled_from(PLAIN_WORDS)
keys = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
values = st.recursive(
    st.one_of(safe_text, plain_words, st.integers(-(10**6), 10**6)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)),
    max_leaves=20,
)


def _emit(value: object, indent: int = 0) -> str:
    """Block-style YAML with a mix of plain and quoted scalars."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n" + "\n".join(f"{pad}{k}: {_emit(v, indent + 2).lstrip(' ')}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n" + "\n".join(f"{pad}- {_emit(v, indent + 2).lstrip(chr(10)).lstrip(' ')}" for v in value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text in PLAIN_WORDS:
        return text  # plain on purpose: both readers must resolve it alike
    return json.dumps(text, ensure_ascii=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, values, min_size=1, max_size=5))
def test_fast_and_careful_readers_agree(document: dict[str, object]) -> None:
    text = _emit(document).lstrip("\n") + "\n"
    try:
        expected = careful(text)
    except ParseFailure:
        return  # not valid YAML as emitted (a rare key/indent clash): nothing to compare
    fast = _read_fast(text.encode(), False, LIMITS)
    if fast is not _SLOW:
        assert fast == expected
    assert read_data(text.encode(), "f.yaml", False, LIMITS) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a: 1\na: 2\n", "f.yaml:2:1: duplicate key 'a' (first defined at line 1)"),
        (b"a: &x 1\nb: *x\n", "f.yaml:1:4: anchors (&x) are not allowed; write the value out in full"),
        (b"a: !!str 1\n", "f.yaml:1:4: YAML tags (tag:yaml.org,2002:str) are not allowed"),
        (b"a: 1\n---\nb: 2\n", "f.yaml:2:1: a file holds one YAML document; remove the extra '---'"),
        (b"a:\n\tb: 1\n", "f.yaml:2:1: YAML syntax error: a tab character; YAML indents with spaces only"),
        (b"a: caf\xe9\n", "f.yaml:1:7: not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    ],
)
def test_unreadable_files_give_located_findings(data: bytes, message: str) -> None:
    with pytest.raises(ParseFailure) as caught:
        read_data(data, "f.yaml", False, LIMITS)
    assert caught.value.findings[0].format() == message


def test_json_files_are_read_with_duplicate_keys_refused() -> None:
    assert read_data(b'{"a": [1, 2.5, "x", null, true]}', "f.json", True, LIMITS) == {"a": [1, 2.5, "x", None, True]}
    with pytest.raises(ParseFailure) as caught:
        read_data(b'{"a": 1,\n "a": 2}', "f.json", True, LIMITS)
    assert caught.value.findings[0].format() == "f.json:2:2: duplicate key 'a' (first defined at line 1)"


@pytest.mark.parametrize("text", ["inf: []\n", "a: inf\n", "a: [nan, 1]\n", "- -.INF\n"])
def test_inf_and_nan_read_alike_in_both_readers(text: str) -> None:
    """(Found by the property test above: rapidyaml's JSON wrote the key 'inf' as '.inf'.)"""
    fast = _read_fast(text.encode(), False, LIMITS)
    assert fast is _SLOW  # the careful reader decides, as libyaml reads it
