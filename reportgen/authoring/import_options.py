"""``reportgen import``'s options: a local date layout (``--date-format``) and a team's own column headers
(``--columns``), read and checked before any spreadsheet is opened."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import UsageError
from .sheets import Column, Sheet, column_targets, normalise

REFERENCE = "docs/import.md"  # where the column reference is, as messages name it


@dataclass(frozen=True)
class DateFormat:
    """A local date layout such as ``DD/MM/YYYY``: the order of day, month and year, and the separator."""

    text: str
    order: tuple[str, str, str]
    separator: str

    @classmethod
    def parse(cls, text: str) -> DateFormat:
        found = re.fullmatch(r"(DD|MM|YYYY)([./ -])(DD|MM|YYYY)\2(DD|MM|YYYY)", text.strip().upper())
        if found is None or sorted(found.group(1, 3, 4)) != ["DD", "MM", "YYYY"]:
            raise UsageError(
                f"--date-format {text!r}: write the day as DD, the month as MM and the year as YYYY, in your "
                "order, with one separator, e.g. DD/MM/YYYY, MM/DD/YYYY or DD.MM.YYYY"
            )
        order = (found.group(1), found.group(3), found.group(4))
        return cls(found.group(0), order, found.group(2))

    def read(self, text: str) -> str | None:
        """The ISO date ``text`` stands for in this layout, or None if it is not written in it."""
        parts = text.split(self.separator)
        widths = {"DD": (1, 2), "MM": (1, 2), "YYYY": (4, 4)}
        if len(parts) != 3 or not all(
            p.isdigit() and widths[n][0] <= len(p) <= widths[n][1] for p, n in zip(parts, self.order, strict=True)
        ):
            return None
        value = dict(zip(self.order, map(int, parts), strict=True))
        return f"{value['YYYY']:04d}-{value['MM']:02d}-{value['DD']:02d}"


def parse_columns(specs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``--columns`` values as {header: column}: ``'Decision ID=Id,Type=kind'``, or the path of a file
    holding one ``Header=column`` per line (blank lines and lines starting with # are skipped)."""
    pairs: dict[str, str] = {}
    for spec in specs:
        if "=" in spec:
            entries, origin = re.split(r"[,;\n]", spec), f"--columns {spec!r}"
        else:
            path = Path(spec)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise UsageError(
                    f"--columns {spec!r}: give Header=column pairs, e.g. --columns 'Decision ID=Id,Type=Kind', "
                    f"or a file of them ({exc.strerror or exc})"
                ) from None
            entries, origin = [x for x in text.splitlines() if not x.lstrip().startswith("#")], str(path)
        for entry in entries:
            if not entry.strip():
                continue
            header, equals, column = (s.strip() for s in entry.partition("="))
            if not (header and equals and column):
                raise UsageError(f"{origin}: {entry.strip()!r} is not Header=column, e.g. Decision ID=Id")
            pairs[header] = column
    return pairs


def column_mappings(pairs: Mapping[str, str], sheets: list[Sheet]) -> dict[str, dict[str, Column]]:
    """Per sheet: a header as the user writes it (normalised) -> the column it is read as."""
    found: dict[str, dict[str, Column]] = {s.name: {} for s in sheets}
    for header, target in pairs.items():
        hits = [(s, column_targets(s).get(normalise(target))) for s in sheets]
        for sheet, column in hits:
            if column is not None:
                found[sheet.name][normalise(header)] = column
        if not any(column for _, column in hits):
            names = {name: c.header for s in sheets for name, c in column_targets(s).items()}
            close = difflib.get_close_matches(normalise(target), sorted(names), n=1, cutoff=0.6)
            hint = f" (did you mean '{names[close[0]]}'?)" if close else ""
            raise UsageError(
                f"--columns: {header}={target}: '{target}' is not a column{hint}; name a column by its header or "
                f"its field (see the column reference in {REFERENCE})"
            )
    return found
