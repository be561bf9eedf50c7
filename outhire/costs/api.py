"""Recruiting costs in the JSON API, scoped exactly as the costs pages.

Provider staff read and write the costs of their clients; a client's admins and client
recruiters (and their tokens) read and write their own client's, its hiring managers read them;
interviewers do not reach costs. Anything out of reach is 404, a write by a reader 403.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.models import Client
from outhire.candidates.models import Candidate
from outhire.costs import imports, selectors, services
from outhire.costs.models import EXTERNAL_CATEGORIES, CostCategory, CostEntry
from outhire.lib.api.fields import Id, IsoDate, StrictBool
from outhire.lib.api.pagination import Pagination
from outhire.requisitions.models import Requisition

# A cost entry out of reach is a 404 before the body is validated (see accounts.api_auth).
router = Router(
    tags=["costs"], auth=api_auth.path_checked_auth({"cost_entry_id": selectors.get_cost_entry})
)


# --- Schemas --------------------------------------------------------------------------------


class CostEntryOut(Schema):
    id: int
    client: str = Field(description="The client's slug")
    category: str
    external: bool = Field(description="External (true) or internal cost, per ANSI/SHRM 06001")
    amount: Decimal
    currency: str
    incurred_on: date
    requisition: int | None
    requisition_reference: str | None
    channel: str
    channel_detail: str
    description: str
    origin: str
    created_at: datetime
    voided_at: datetime | None
    void_reason: str

    @staticmethod
    def resolve_client(obj: CostEntry) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_external(obj: CostEntry) -> bool:
        return obj.is_external

    @staticmethod
    def resolve_requisition(obj: CostEntry) -> int | None:
        return obj.requisition_id

    @staticmethod
    def resolve_requisition_reference(obj: CostEntry) -> str | None:
        return obj.requisition.reference if obj.requisition_id else None


class CostPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    category: CostCategory = None
    amount: Decimal = Field(None, gt=0, max_digits=12, decimal_places=2)
    currency: str = Field(None, pattern=r"^[A-Za-z]{3}$")
    incurred_on: IsoDate = None
    requisition: Id | None = Field(None, description="A requisition id of the same client")
    channel: Candidate.Source | None = None
    channel_detail: str = Field(None, max_length=100)
    description: str = Field(None, max_length=500)


class CostIn(CostPatchIn):
    client: str = Field(description="The client's slug")
    category: CostCategory
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    currency: str = Field(pattern=r"^[A-Za-z]{3}$", description="A currency code, such as EUR")
    incurred_on: IsoDate


class VoidIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=300)


class CategoryTotal(Schema):
    category: str
    external: bool
    amount: Decimal


class CurrencyTotalOut(Schema):
    currency: str
    external: Decimal
    internal: Decimal
    total: Decimal
    entries: int
    categories: list[CategoryTotal]


class ImportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    client: str = Field(description="The client's slug")
    csv: str = Field(min_length=1, description="The CSV file's text (see docs/costs.md)")
    file_name: str = Field("api.csv", max_length=200)
    dry_run: StrictBool = Field(False, description="Check only: store nothing")


class ImportOut(Schema):
    dry_run: bool
    rows: int
    added: int = Field(description="Costs added (or, in a dry run, that would be)")
    skipped: int = Field(description="Rows imported before, left alone")


# --- Helpers ---------------------------------------------------------------------------------


def _client(request: HttpRequest, slug: str) -> Client:
    ids = selectors.cost_client_ids(request.access)
    client = Client.objects.filter(slug=slug, pk__in=ids).first()
    if client is None:
        raise DjangoValidationError({"client": _("No client with this slug is in your reach.")})
    return client


def _fields(client: Client, data: dict) -> dict:
    if "requisition" in data and data["requisition"] is not None:
        requisition = Requisition.objects.filter(client=client, pk=data["requisition"]).first()
        if requisition is None:
            raise DjangoValidationError(
                {"requisition": _("No requisition of this client has this id.")}
            )
        data["requisition"] = requisition
    for name in ("category", "channel"):
        if name in data:
            data[name] = str(getattr(data[name], "value", data[name]) or "")
    return data


def _out(entry_id: int) -> CostEntry:
    return CostEntry.objects.select_related("client", "requisition").get(pk=entry_id)


def _totals_out(totals) -> list[dict]:
    return [
        {
            "currency": t.currency,
            "external": t.external,
            "internal": t.internal,
            "total": t.total,
            "entries": t.entries,
            "categories": [
                {"category": c, "external": c in EXTERNAL_CATEGORIES, "amount": amount}
                for c, amount in sorted(t.by_category.items())
            ],
        }
        for t in totals
    ]


def _filtered(
    request: HttpRequest,
    *,
    client: str,
    requisition: int | None,
    category: str,
    channel: str,
    currency: str,
    date_from: date | None,
    date_to: date | None,
):
    entries = selectors.costs_visible(request.access)
    if client:
        entries = entries.filter(client__slug=client)
    if requisition is not None:
        entries = entries.filter(requisition_id=requisition)
    if category:
        entries = entries.filter(category=category)
    if channel:
        entries = entries.filter(channel="" if channel == "none" else channel)
    if currency:
        entries = entries.filter(currency=currency.upper())
    if date_from:
        entries = entries.filter(incurred_on__gte=date_from)
    if date_to:
        entries = entries.filter(incurred_on__lte=date_to)
    return entries


# --- Endpoints -------------------------------------------------------------------------------


@router.get("/costs", response=list[CostEntryOut], summary="Cost entries in reach, newest first")
@paginate(Pagination)
def cost_list(
    request: HttpRequest,
    client: str = "",
    requisition: Id | None = None,
    category: str = "",
    channel: str = "",
    currency: str = "",
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
    include_voided: bool = False,
):
    """Filters: a client's slug, a requisition id, a category, a channel ("none" for no
    channel), a currency, dates incurred (inclusive). Voided entries only when asked."""
    entries = _filtered(
        request,
        client=client,
        requisition=requisition,
        category=category,
        channel=channel,
        currency=currency,
        date_from=date_from,
        date_to=date_to,
    )
    if not include_voided:
        entries = entries.counted()
    return entries.select_related("client", "requisition").order_by("-incurred_on", "-id")


@router.get(
    "/costs/totals",
    response=list[CurrencyTotalOut],
    summary="Totals per currency: external + internal = total, and by category",
)
def cost_totals(
    request: HttpRequest,
    client: str = "",
    requisition: Id | None = None,
    category: str = "",
    channel: str = "",
    currency: str = "",
    date_from: IsoDate | None = None,
    date_to: IsoDate | None = None,
) -> list[dict]:
    """The same filters as the list; voided entries never count. Currencies are never mixed."""
    entries = _filtered(
        request,
        client=client,
        requisition=requisition,
        category=category,
        channel=channel,
        currency=currency,
        date_from=date_from,
        date_to=date_to,
    )
    return _totals_out(entries.totals())


@router.post("/costs", response={201: CostEntryOut}, summary="Record a cost")
def cost_create(request: HttpRequest, payload: CostIn) -> Status:
    data = payload.model_dump(exclude_unset=True)
    client = _client(request, data.pop("client"))
    if not selectors.can_write_costs(request.access, client.pk):
        raise HttpError(403, _("You may read this client's costs, not record them."))
    entry = services.cost_entry_add(
        client=client, by=request.user, request=request, **_fields(client, data)
    )
    return Status(201, _out(entry.pk))


@router.post(
    "/costs/import",
    response=ImportOut,
    summary="Import costs from CSV text: all rows or none; the same rows twice add nothing",
)
def cost_import_run(request: HttpRequest, payload: ImportIn) -> dict:
    """Answers 422 with every problem by line (and stores nothing) when any row is wrong."""
    client = _client(request, payload.client)
    if not selectors.can_write_costs(request.access, client.pk):
        raise HttpError(403, _("You may read this client's costs, not import them."))
    data = payload.csv.encode("utf-8", "replace")
    check = imports.cost_check(client=client, data=data)
    if check.errors:
        # One list per column, each message naming its line: {"field": "amount", ...}
        by_column: dict[str, list] = {}
        for line, column, message in check.errors[:100]:
            by_column.setdefault(column or "__all__", []).append(
                DjangoValidationError(
                    _("Line %(line)s: %(message)s") % {"line": line, "message": message},
                    code="invalid",
                )
            )
        raise DjangoValidationError(by_column)
    if payload.dry_run:
        return {
            "dry_run": True,
            "rows": len(check.rows),
            "added": len(check.new_rows),
            "skipped": check.skipped,
        }
    record = imports.costs_import(
        client=client, data=data, file_name=payload.file_name, by=request.user, request=request
    )
    return {
        "dry_run": False,
        "rows": record.rows,
        "added": record.added,
        "skipped": record.skipped,
    }


@router.get("/costs/{cost_entry_id}", response=CostEntryOut, summary="One cost entry")
def cost_detail(request: HttpRequest, cost_entry_id: int) -> CostEntry:
    return selectors.get_cost_entry(request.access, cost_entry_id)


@router.patch(
    "/costs/{cost_entry_id}",
    response=CostEntryOut,
    summary="Correct a cost typed or imported by a person (409 for generated fees: void them)",
)
def cost_update(request: HttpRequest, cost_entry_id: int, payload: CostPatchIn) -> CostEntry:
    entry = selectors.get_cost_entry(request.access, cost_entry_id, write=True)
    if not entry.is_editable:
        raise HttpError(409, _("This entry was generated from the engagement's fees; void it."))
    fields = _fields(entry.client, payload.model_dump(exclude_unset=True))
    services.cost_entry_update(entry=entry, by=request.user, fields=fields, request=request)
    return _out(entry.pk)


@router.delete(
    "/costs/{cost_entry_id}",
    response={204: None},
    summary="Delete a cost typed or imported by a person (409 for generated fees: void them)",
)
def cost_delete(request: HttpRequest, cost_entry_id: int) -> Status:
    entry = selectors.get_cost_entry(request.access, cost_entry_id, write=True)
    if not entry.is_editable:
        raise HttpError(409, _("This entry was generated from the engagement's fees; void it."))
    services.cost_entry_delete(entry=entry, by=request.user, request=request)
    return Status(204, None)


@router.post(
    "/costs/{cost_entry_id}/void",
    response=CostEntryOut,
    summary="Void a generated fee entry: kept on record, no longer counted (409 otherwise)",
)
def cost_void(request: HttpRequest, cost_entry_id: int, payload: VoidIn) -> CostEntry:
    entry = selectors.get_cost_entry(request.access, cost_entry_id, write=True)
    if not entry.is_voidable:
        raise HttpError(
            409,
            _("This entry is already voided.")
            if entry.is_voided
            else _("Entries typed or imported by people are corrected or deleted, not voided."),
        )
    services.cost_entry_void(entry=entry, by=request.user, reason=payload.reason, request=request)
    return _out(entry.pk)
