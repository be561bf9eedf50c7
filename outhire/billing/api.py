"""Invoices in the JSON API, scoped exactly as the invoice pages.

Provider admins read every client's invoices and issue, credit and mark them paid; a client's
admins (and their tokens) read their own client's issued invoices and credit notes. Anything
out of reach is 404, a write by a reader 403, a change to an issued invoice 409.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from outhire.accounts import api_auth
from outhire.accounts.tenancy import Access
from outhire.billing import selectors, services, ubl
from outhire.billing.models import Invoice
from outhire.lib.api.fields import Id, IsoDate
from outhire.lib.api.pagination import Pagination


def get_invoice(access: Access, invoice_id: int) -> Invoice:
    invoice = (
        selectors.invoices_visible(access)
        .select_related("client", "engagement", "credits")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is None:
        raise Http404
    return invoice


# An invoice out of reach is a 404 before the body is validated (see accounts.api_auth).
router = Router(tags=["invoices"], auth=api_auth.path_checked_auth({"invoice_id": get_invoice}))


class LineOut(Schema):
    kind: str
    description: str
    evidence: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    currency: str


class InvoiceOut(Schema):
    id: int
    number: str = Field(description="Empty while a draft")
    kind: str = Field(description="invoice or credit_note")
    status: str = Field(description="draft, issued or paid")
    overdue: bool
    credits: str | None = Field(description="The number of the invoice a credit note credits")
    client: str = Field(description="The client's slug")
    engagement: int
    currency: str
    period_start: date
    period_end: date
    po_number: str
    issue_date: date | None
    due_date: date | None
    paid_on: date | None
    tax_category: str = Field(description="S standard, AE reverse charge, O not subject")
    tax_rate: Decimal
    net_total: Decimal
    tax_total: Decimal
    gross_total: Decimal
    lines: list[LineOut]
    created_at: datetime

    @staticmethod
    def resolve_overdue(obj: Invoice) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_credits(obj: Invoice) -> str | None:
        return obj.credits.number if obj.credits_id else None

    @staticmethod
    def resolve_client(obj: Invoice) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_engagement(obj: Invoice) -> int:
        return obj.engagement_id

    @staticmethod
    def resolve_lines(obj: Invoice) -> list:
        return [
            {
                "kind": line.kind,
                "description": line.description,
                "evidence": line.evidence,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "amount": line.amount,
                "currency": line.currency,
            }
            for line in obj.lines.all()
        ]


class PaidIn(Schema):
    model_config = ConfigDict(extra="forbid")

    paid_on: IsoDate
    reference: str = Field("", max_length=100)


class CreditIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


def _manager(request: HttpRequest) -> None:
    if not selectors.can_manage_billing(request.access):
        raise HttpError(403, _("Only the provider's admins issue, credit and settle invoices."))


def _run(action):
    try:
        return action()
    except services.InvoiceConflict as error:
        raise HttpError(409, str(error)) from error


def _out(invoice_id: int) -> Invoice:
    return (
        Invoice.objects.select_related("client", "credits")
        .prefetch_related("lines")
        .get(pk=invoice_id)
    )


@router.get("/invoices", response=list[InvoiceOut], summary="Invoices in reach, newest first")
@paginate(Pagination)
def invoice_list(
    request: HttpRequest, client: str = "", status: str = "", kind: str = "", currency: str = ""
):
    """Filters: a client's slug, a status (draft, issued, paid), a kind, a currency."""
    invoices = selectors.invoices_visible(request.access)
    if client:
        invoices = invoices.filter(client__slug=client)
    if status:
        invoices = invoices.filter(status=status)
    if kind:
        invoices = invoices.filter(kind=kind)
    if currency:
        invoices = invoices.filter(currency=currency.upper())
    return (
        invoices.with_credited()
        .select_related("client", "credits")
        .prefetch_related("lines")
        .order_by("-created_at", "-id")
    )


@router.get("/invoices/{invoice_id}", response=InvoiceOut, summary="One invoice with its lines")
def invoice_get(request: HttpRequest, invoice_id: Id) -> Invoice:
    return _out(get_invoice(request.access, invoice_id).pk)


@router.get(
    "/invoices/{invoice_id}/ubl",
    summary="The issued invoice as UBL 2.1 (Peppol BIS Billing 3.0) XML",
    response={200: None},
)
def invoice_ubl(request: HttpRequest, invoice_id: Id) -> HttpResponse:
    invoice = get_invoice(request.access, invoice_id)
    if invoice.is_draft:
        raise HttpError(409, _("A draft has no number yet: issue it first."))
    return HttpResponse(
        ubl.document(invoice, list(invoice.lines.all())), content_type="application/xml"
    )


@router.post("/invoices/{invoice_id}/issue", response=InvoiceOut, summary="Issue a draft")
def invoice_issue(request: HttpRequest, invoice_id: Id) -> Invoice:
    _manager(request)
    invoice = get_invoice(request.access, invoice_id)
    _run(lambda: services.invoice_issue(invoice=invoice, by=request.user, request=request))
    return _out(invoice.pk)


@router.post("/invoices/{invoice_id}/paid", response=InvoiceOut, summary="Mark as paid")
def invoice_paid(request: HttpRequest, invoice_id: Id, payload: PaidIn) -> Invoice:
    _manager(request)
    invoice = get_invoice(request.access, invoice_id)
    _run(
        lambda: services.invoice_mark_paid(
            invoice=invoice,
            paid_on=payload.paid_on,
            reference=payload.reference,
            by=request.user,
            request=request,
        )
    )
    return _out(invoice.pk)


@router.post(
    "/invoices/{invoice_id}/credit",
    response={201: InvoiceOut},
    summary="Credit what is left of an issued invoice; answers the credit note",
)
def invoice_credit(request: HttpRequest, invoice_id: Id, payload: CreditIn) -> Status:
    _manager(request)
    invoice = get_invoice(request.access, invoice_id)
    note = _run(
        lambda: services.credit_note_issue(
            invoice=invoice, lines=None, reason=payload.reason, by=request.user, request=request
        )
    )
    return Status(201, _out(note.pk))


# --- Guarantee claims --------------------------------------------------------------------------


class GuaranteeClaimOut(Schema):
    id: int
    client: str = Field(description="The client's slug")
    engagement: int
    hire: int
    requisition: str = Field(description="The reference of the hire's requisition")
    start_date: date
    left_on: date
    days_worked: int
    guarantee_days: int
    remedy: str = Field(description="credit_full, credit_prorata or withhold")
    outcome: str = Field(description="credit, withheld or no_fee")
    currency: str
    fee_amount: Decimal
    credit_amount: Decimal
    withheld_amount: Decimal
    evidence: str = Field(description="As printed under the credit line")
    replacement: str | None = Field(description="The free replacement requisition's reference")
    created_at: datetime

    @staticmethod
    def resolve_client(obj) -> str:
        return obj.client.slug

    @staticmethod
    def resolve_engagement(obj) -> int:
        return obj.engagement_id

    @staticmethod
    def resolve_hire(obj) -> int:
        return obj.hire_id

    @staticmethod
    def resolve_requisition(obj) -> str:
        return obj.requisition.reference

    @staticmethod
    def resolve_replacement(obj) -> str | None:
        return obj.replacement.reference if obj.replacement_id else None


@router.get(
    "/guarantee-claims",
    response=list[GuaranteeClaimOut],
    summary="Replacement guarantee claims in reach, latest departure first",
)
@paginate(Pagination)
def guarantee_claim_list(request: HttpRequest, client: str = ""):
    """Read-only. `client`: a client's slug. Seen by whoever reads that client's invoices."""
    claims = selectors.guarantee_claims_visible(request.access)
    if client:
        claims = claims.filter(client__slug=client)
    return claims.select_related("client", "requisition", "replacement").order_by("-left_on", "-id")
