"""Reading recruiting costs out of a CSV file: one `CostRow` per line, with its problems.

Plain Python with no Django imports. Deciding what to do with the rows (find the requisition,
skip rows already imported, store all or nothing) is `outhire.costs.imports`' job.

The format (docs/costs.md): a header line naming the columns, in any order and any case:
`date` (YYYY-MM-DD), `category`, `amount` (a dot for decimals), `currency` (ISO 4217), and
optionally `requisition` (its reference), `channel`, `channel_detail`, `description`. Lines are
numbered as a spreadsheet shows them: the header is line 1.

Each valid row has a `key`: a hash of its values and of how many identical rows came before it
in the file, so importing the same file twice adds nothing, while two identical costs in one
file (two equal ads on one day) are both kept.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from outhire.candidates.imports.rows import (
    ImportFileError,
    decode,
    sniff_delimiter,
)
from outhire.costs.rules import MAX_AMOUNT, is_currency
from outhire.lib.spreadsheet_csv import undo_formula_guard

MAX_ROWS = 10_000
MAX_DESCRIPTION = 500
MAX_CHANNEL_DETAIL = 100
MAX_REFERENCE = 30

COLUMNS = {
    "date": ("date", "incurred_on", "incurred", "cost_date"),
    "category": ("category", "cost_category", "type"),
    "amount": ("amount", "cost", "value"),
    "currency": ("currency", "ccy"),
    "requisition": (
        "requisition",
        "requisition_reference",
        "requisition_ref",
        "reference",
        "job_reference",
    ),
    "channel": ("channel", "source"),
    "channel_detail": ("channel_detail", "board", "site", "source_detail"),
    "description": ("description", "notes", "memo"),
}
REQUIRED = ("date", "category", "amount", "currency")
AMOUNT_RE = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Bytes that were not text in the file's encoding (surrogate escapes, replacement characters).
NOT_TEXT_RE = re.compile("[\udc80-\udcff\ufffd]")


class CostFileError(ImportFileError):
    """The file as a whole cannot be read (empty, binary, columns missing, too long)."""


@dataclass
class CostRow:
    line: int
    incurred_on: date | None = None
    category: str = ""
    amount: Decimal | None = None
    currency: str = ""
    requisition: str = ""
    channel: str = ""
    channel_detail: str = ""
    description: str = ""
    errors: list[tuple[str | None, str]] = field(default_factory=list)
    key: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, column: str | None, message: str) -> None:
        self.errors.append((column, message))


@dataclass
class CostFile:
    rows: list[CostRow]
    columns: list[str]
    ignored_columns: list[str]

    @property
    def errors(self) -> list[tuple[int, str | None, str]]:
        return [(row.line, column, message) for row in self.rows for column, message in row.errors]


def _normalise(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower().lstrip("\ufeff"))


def _column_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    aliases = {alias: key for key, names in COLUMNS.items() for alias in names}
    found: dict[str, int] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        key = aliases.get(_normalise(name))
        if key is None or key in found:
            if name.strip():
                ignored.append(name.strip())
            continue
        found[key] = index
    missing = [key for key in REQUIRED if key not in found]
    if missing:
        raise CostFileError(
            _(
                "The header line must name the columns %(required)s; missing: %(missing)s. "
                "See the format on this page."
            )
            % {"required": ", ".join(REQUIRED), "missing": ", ".join(missing)}
        )
    return found, ignored


def _lookup(value: str, names: dict[str, str]) -> str | None:
    """The stored value for a typed value or label, ignoring case and spacing."""
    return names.get(_normalise(value))


def lookup_table(choices: list[tuple[str, str]]) -> dict[str, str]:
    """{normalised value or label: value} for a list of (value, label) choices."""
    table: dict[str, str] = {}
    for value, label in choices:
        table[_normalise(value)] = value
        table[_normalise(label)] = value
    return table


def parse_amount(raw: str) -> Decimal:
    """A positive amount with at most two decimals; ValueError with a message otherwise."""
    text = raw.strip().replace(" ", "")
    if not AMOUNT_RE.match(text):
        if text.startswith("-"):
            raise ValueError(_("An amount must be more than 0; enter the cost, not a credit."))
        raise ValueError(
            _(
                "Not an amount: write digits with a dot for the decimals and at most two "
                "decimals, such as 1250.50."
            )
        )
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(_("Not an amount.")) from None
    if amount <= 0:
        raise ValueError(_("An amount must be more than 0."))
    if amount > MAX_AMOUNT:
        raise ValueError(_("This amount is too large."))
    return amount


def parse_date(raw: str) -> date:
    text = raw.strip()
    if not DATE_RE.match(text):
        raise ValueError(_("Not a date: write it as YYYY-MM-DD, such as 2026-03-31."))
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("This date does not exist.")) from None


def row_key(row: CostRow, occurrence: int) -> str:
    """The row's identity across imports: a hash of its values and its occurrence in the file."""
    values = [
        row.incurred_on.isoformat() if row.incurred_on else "",
        row.category,
        f"{row.amount:.2f}" if row.amount is not None else "",
        row.currency,
        row.requisition.upper(),
        row.channel,
        row.channel_detail.casefold(),
        " ".join(row.description.split()).casefold(),
        str(occurrence),
    ]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()


def read_costs(data: bytes, *, categories: dict[str, str], channels: dict[str, str]) -> CostFile:
    """Every row of a costs CSV file, checked; CostFileError when the file cannot be read.

    `categories` and `channels` map typed names (values or labels, see `lookup_table`) to the
    stored values.
    """
    try:
        text, _encoding = decode(data)
    except ImportFileError as error:
        raise CostFileError(str(error)) from None
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error:
        raise CostFileError(_("The header line cannot be read as CSV.")) from None
    if header is None:
        raise CostFileError(_("The file is empty. Choose the file again."))
    columns, ignored = _column_map(header)
    rows: list[CostRow] = []
    seen: dict[str, int] = {}
    line = 1  # the header; records are numbered as a spreadsheet numbers its rows
    while True:
        line += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            row = CostRow(line=line)
            row.error(None, _("This line cannot be read as CSV (check its quotes)."))
            rows.append(row)
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CostFileError(
                _("A file may hold at most %(count)s costs; split it into several files.")
                % {"count": f"{MAX_ROWS:,}"}
            )
        row = _row(line, cells, columns, categories, channels)
        if row.ok:
            base = row_key(row, 0)
            row.key = row_key(row, seen.get(base, 0))
            seen[base] = seen.get(base, 0) + 1
        rows.append(row)
    if not rows:
        raise CostFileError(_("The file has a header but no costs."))
    return CostFile(rows=rows, columns=list(columns), ignored_columns=ignored)


def _row(
    line: int,
    cells: list[str],
    columns: dict[str, int],
    categories: dict[str, str],
    channels: dict[str, str],
) -> CostRow:
    row = CostRow(line=line)

    def cell(key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(cells):
            return ""
        return undo_formula_guard(cells[index].strip())

    if NOT_TEXT_RE.search("".join(cells)):
        row.error(None, _("This line holds characters that are not text in the file's encoding."))
        return row
    raw = cell("date")
    if not raw:
        row.error("date", _("The date is missing."))
    else:
        try:
            row.incurred_on = parse_date(raw)
        except ValueError as error:
            row.error("date", str(error))
    raw = cell("category")
    category = _lookup(raw, categories) if raw else None
    if not raw:
        row.error("category", _("The category is missing."))
    elif category is None:
        row.error("category", _("Not a cost category; use one of those listed on this page."))
    else:
        row.category = category
    raw = cell("amount")
    if not raw:
        row.error("amount", _("The amount is missing."))
    else:
        try:
            row.amount = parse_amount(raw)
        except ValueError as error:
            row.error("amount", str(error))
    raw = cell("currency").upper()
    if not raw:
        row.error("currency", _("The currency is missing."))
    elif not is_currency(raw):
        row.error("currency", _("Not an ISO 4217 currency code (such as EUR, USD, GBP)."))
    else:
        row.currency = raw
    row.requisition = cell("requisition")
    if len(row.requisition) > MAX_REFERENCE:
        row.error("requisition", _("This is longer than any requisition reference."))
    raw = cell("channel")
    if raw:
        channel = _lookup(raw, channels)
        if channel is None:
            row.error("channel", _("Not a channel; use one of those listed on this page."))
        else:
            row.channel = channel
    row.channel_detail = cell("channel_detail")
    if len(row.channel_detail) > MAX_CHANNEL_DETAIL:
        row.error(
            "channel_detail", _("At most %(count)s characters.") % {"count": MAX_CHANNEL_DETAIL}
        )
    row.description = cell("description")
    if len(row.description) > MAX_DESCRIPTION:
        row.error("description", _("At most %(count)s characters.") % {"count": MAX_DESCRIPTION})
    return row
