"""Importing recruiting costs from a CSV file: check (a dry run), then all or nothing.

`cost_check` reads a file (`rows`), finds each row's requisition among the client's, and
says which rows are new and which were imported before (same row hash). `costs_import` stores
the new rows in one transaction, or nothing when any row has a problem. The staff app keeps the
uploaded file in a `CostImport` between the dry run and the import; the command line and the
API check and import in one go. See docs/costs.md for the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Client, User
from outhire.candidates.imports.rows import decode
from outhire.candidates.models import Candidate
from outhire.costs import rows as cost_rows
from outhire.costs.models import EXTERNAL_CATEGORIES, CostCategory, CostEntry, CostImport
from outhire.costs.rules import CurrencyTotals, totals_by_currency
from outhire.requisitions.models import Requisition

MAX_BYTES = 2 * 1024 * 1024
ABANDONED_AFTER = timedelta(days=1)
BROKEN_BYTES = re.compile("[\udc80-\udcff]")
CATEGORIES = cost_rows.lookup_table(CostCategory.choices)
CHANNELS = cost_rows.lookup_table(Candidate.Source.choices)


@dataclass
class CostCheck:
    """The outcome of a dry run: every row, its problems, and what an import would add."""

    rows: list[cost_rows.CostRow]
    ignored_columns: list[str]
    requisitions: dict[str, Requisition] = field(default_factory=dict)
    already: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[tuple[int, str | None, str]]:
        return [(row.line, column, message) for row in self.rows for column, message in row.errors]

    @property
    def new_rows(self) -> list[cost_rows.CostRow]:
        return [row for row in self.rows if row.ok and row.key not in self.already]

    @property
    def skipped(self) -> int:
        return sum(1 for row in self.rows if row.ok and row.key in self.already)

    def totals(self) -> list[CurrencyTotals]:
        """What the new rows add, per currency."""
        return totals_by_currency(
            ((row.currency, row.category, row.amount, 1) for row in self.new_rows),
            EXTERNAL_CATEGORIES,
        )


def _reference(key: str) -> str:
    return f"import:{key}"


def cost_check(*, client: Client, data: bytes) -> CostCheck:
    """Read and check a costs file for `client`; ValidationError when the file is unreadable."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("This file is larger than %(size)s MB; split it into several.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    try:
        parsed = cost_rows.read_costs(data, categories=CATEGORIES, channels=CHANNELS)
    except cost_rows.CostFileError as error:
        raise ValidationError(str(error)) from None
    check = CostCheck(rows=parsed.rows, ignored_columns=parsed.ignored_columns)
    references = {row.requisition.upper() for row in check.rows if row.requisition}
    if references:
        # One query: references are few (a file covers a client's requisitions).
        found = Requisition.objects.filter(client=client, reference__in=_case_variants(references))
        check.requisitions = {r.reference.upper(): r for r in found}
    latest = timezone.localdate() + timedelta(days=366)
    for row in check.rows:
        if row.requisition and row.requisition.upper() not in check.requisitions:
            row.error("requisition", _("No requisition of this client has this reference."))
        if row.incurred_on is not None and row.incurred_on.year < 1990:
            row.error("date", _("This date is too far in the past."))
        elif row.incurred_on is not None and row.incurred_on > latest:
            row.error("date", _("This date is more than a year ahead."))
    keys = [_reference(row.key) for row in check.rows if row.ok]
    already = set()
    for start in range(0, len(keys), 500):
        already.update(
            CostEntry.objects.filter(
                client=client, origin_ref__in=keys[start : start + 500]
            ).values_list("origin_ref", flat=True)
        )
    check.already = {ref.removeprefix("import:") for ref in already}
    return check


def _case_variants(references: set[str]) -> list[str]:
    variants = set()
    for reference in references:
        variants.update({reference, reference.lower(), reference.upper(), reference.title()})
    return sorted(variants)


def _commit(
    *,
    client: Client,
    check: CostCheck,
    record: CostImport,
    by: User | None,
    request: HttpRequest | None,
) -> CostImport:
    if check.errors:
        raise ValidationError(
            [
                _("Line %(line)s: %(message)s") % {"line": line, "message": message}
                for line, _column, message in check.errors[:50]
            ]
        )
    now = timezone.now()
    creator = by if by is not None and by.is_authenticated else None
    entries = [
        CostEntry(
            client=client,
            category=row.category,
            amount=row.amount,
            currency=row.currency,
            incurred_on=row.incurred_on,
            requisition=check.requisitions.get(row.requisition.upper())
            if row.requisition
            else None,
            channel=row.channel,
            channel_detail=row.channel_detail,
            description=row.description,
            origin=CostEntry.Origin.IMPORT,
            origin_ref=_reference(row.key),
            cost_import=record,
            created_by=creator,
            created_at=now,
        )
        for row in check.new_rows
    ]
    with transaction.atomic():
        # A second import of the same rows racing this one adds nothing: the references clash.
        CostEntry.objects.bulk_create(entries, batch_size=500, ignore_conflicts=True)
        record.rows = len(check.rows)
        record.added = CostEntry.objects.filter(cost_import=record).count()
        record.skipped = len(check.rows) - record.added
        record.imported_at = now
        record.data = ""
        record.save(update_fields=["rows", "added", "skipped", "imported_at", "data"])
        total = {t.currency: str(t.total) for t in check.totals()}
        audit.record(
            "cost.imported",
            actor=creator,
            request=request,
            obj=record,
            changes={
                "file_name": record.file_name,
                "rows": record.rows,
                "added": record.added,
                "skipped": record.skipped,
                "totals": total,
            },
        )
    return record


def costs_import(
    *,
    client: Client,
    data: bytes,
    file_name: str,
    by: User | None,
    request: HttpRequest | None = None,
) -> CostImport:
    """Check and import a file in one go (command line, API); ValidationError lists problems."""
    check = cost_check(client=client, data=data)
    if check.errors:
        raise ValidationError(
            [
                _("Line %(line)s: %(message)s") % {"line": line, "message": message}
                for line, _column, message in check.errors[:50]
            ]
        )
    with transaction.atomic():
        record = CostImport.objects.create(
            client=client,
            file_name=file_name[:200],
            data="",
            created_by=by if by is not None and by.is_authenticated else None,
        )
        return _commit(client=client, check=check, record=record, by=by, request=request)


def cost_import_create(
    *, client: Client, data: bytes, file_name: str, by: User | None
) -> tuple[CostImport, CostCheck]:
    """Keep an uploaded file for its dry run; ValidationError when it cannot be read at all."""
    check = cost_check(client=client, data=data)
    text, _encoding = decode(data)
    record = CostImport.objects.create(
        client=client,
        file_name=file_name[:200],
        # Kept as UTF-8 text; bytes that were not text stay marked, so their rows stay refused.
        data=BROKEN_BYTES.sub("\ufffd", text),
        rows=len(check.rows),
        created_by=by,
    )
    return record, check


def cost_import_check(record: CostImport) -> CostCheck:
    return cost_check(client=record.client, data=record.data.encode("utf-8"))


def cost_import_commit(
    *, record: CostImport, by: User | None, request: HttpRequest | None = None
) -> CostImport:
    """Import a checked file: all its new rows, or nothing when any row has a problem."""
    if record.imported_at is not None:
        raise ValidationError(_("This file was already imported."))
    check = cost_import_check(record)
    return _commit(client=record.client, check=check, record=record, by=by, request=request)


def cost_imports_purge(*, now=None) -> int:
    """Delete files checked but never imported, a day after their upload."""
    now = now or timezone.now()
    deleted, _count = CostImport.objects.filter(
        imported_at__isnull=True, created_at__lt=now - ABANDONED_AFTER
    ).delete()
    return deleted
