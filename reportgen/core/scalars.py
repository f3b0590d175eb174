"""How a plain YAML scalar becomes a Python value: the JSON subset of YAML 1.2, nothing more.

Only ``null``, ``true``, ``false`` and JSON numbers are anything but text. ``yes``, ``no``, ``on``,
``~``, ``0x1F``, dates and versions such as ``1.10`` with quotes stay text; the schema then says plainly
when a field wanted something else. The fast and the locating parser both follow these rules, and a
property test holds them to it.
"""

from __future__ import annotations

import re

_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?P<frac>\.[0-9]+)?(?P<exp>[eE][-+]?[0-9]+)?\Z")


def resolve_plain(text: str) -> object:
    """The value of an unquoted scalar, as the JSON subset of YAML 1.2 reads it."""
    if text in ("", "null"):
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    match = _JSON_NUMBER.match(text)
    if match:
        try:
            if match.group("frac") is None and match.group("exp") is None:
                return int(text)
            return float(text)
        except ValueError:  # a number too long for Python to read: the schema will reject the text
            return text
    return text
