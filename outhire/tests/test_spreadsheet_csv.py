"""One helper writes every CSV file, and it defuses formula cells (CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from outhire.lib.spreadsheet_csv import csv_writer, formula_guard, undo_formula_guard

PACKAGE = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+44 20 7946 0018", "+44 20 7946 0018"),
        ("-3.5", "-3.5"),
        ("+12%", "+12%"),
        ("Ada Lovelace", "Ada Lovelace"),
        ("", ""),
    ],
)
def test_it_quotes_only_what_a_spreadsheet_would_run(value, written):
    assert formula_guard(value) == written
    assert undo_formula_guard(formula_guard(value)) == value


def test_it_writes_every_text_cell_through_the_guard():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["name", "amount", "day", "note"])
    writer.writerows(
        [["=HYPERLINK(1)", Decimal("-12.50"), date(2026, 3, 1), None], ["@x", -4, "ok", "-1+1"]]
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [
        ["name", "amount", "day", "note"],
        ["'=HYPERLINK(1)", "-12.50", "2026-03-01", ""],
        ["'@x", "-4", "ok", "'-1+1"],
    ]


def test_it_writes_no_csv_file_any_other_way():
    """csv.writer used directly would skip the guard: every writer is `csv_writer`."""
    helper = PACKAGE / "lib" / "spreadsheet_csv.py"
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path == helper or "tests" in path.parts:
            continue
        if re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []
