"""Invoice pages: the list with totals per currency, drafting, the invoice, issuing, paying,
crediting, the client's billing details, and the PDF, UBL and CSV downloads.

Who may do what is in `selectors`. Every invoice is fetched through it: anything out of reach
is a 404, a write by a reader a 403, and a change to an issued invoice a 409.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outhire.accounts import audit
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.billing import pdf, selectors, services, ubl
from outhire.billing.forms import (
    BillingAccountForm,
    CreditForm,
    DraftForm,
    InvoiceFilterForm,
    LineForm,
    PaidForm,
    PoForm,
)
from outhire.billing.models import BillingAccount, Invoice, InvoiceLine, InvoiceLocked
from outhire.engagements.models import Engagement
from outhire.lib.forms import apply_errors
from outhire.lib.spreadsheet_csv import csv_writer

PER_PAGE = 50
CSV_COLUMNS = [
    "number",
    "kind",
    "credits",
    "client",
    "issue_date",
    "due_date",
    "status",
    "po_number",
    "currency",
    "net",
    "tax",
    "gross",
    "tax_category",
    "tax_rate",
    "paid_on",
    "line",
    "line_kind",
    "description",
    "quantity",
    "unit_price",
    "line_amount",
]


def _invoice(request: HttpRequest, invoice_id: int, *, write: bool = False) -> Invoice:
    if write:
        selectors.require_manager(request.access)
    queryset = selectors.invoices_visible(request.access).select_related(
        "client", "engagement", "credits"
    )
    return get_visible_or_404(request.access, queryset, pk=invoice_id)


def _conflict(request: HttpRequest, invoice: Invoice, message: str) -> HttpResponse:
    return render(
        request,
        "billing/invoice_conflict.html",
        {"invoice": invoice, "message": message},
        status=409,
    )


def _clients(request: HttpRequest) -> list[Client]:
    ids = selectors.billing_client_ids(request.access)
    return list(Client.objects.filter(pk__in=ids).order_by("name"))


def _totals(invoices) -> list[dict]:
    """Per currency: invoiced, credited, still unpaid and overdue (after credit notes). One query.

    What is unpaid or overdue of an invoice is its gross total less its issued credit notes
    (`with_credited`), whether or not the filters show those notes; an invoice credited in full
    leaves nothing unpaid or overdue.
    """
    today = timezone.localdate()
    issued = ~Q(status=Invoice.Status.DRAFT)
    invoice = Q(kind=Invoice.Kind.INVOICE)
    note = Q(kind=Invoice.Kind.CREDIT_NOTE) & issued
    unpaid = Q(status=Invoice.Status.ISSUED)
    late = Q(due_date__lt=today)
    left = F("gross_total") - F("credited_gross")
    rows = (
        invoices.with_credited()
        .order_by()
        .values("currency")
        .annotate(
            invoiced=Sum("gross_total", filter=issued & invoice),
            credited=Sum("gross_total", filter=note),
            open_=Sum(left, filter=invoice & unpaid),
            overdue=Sum(left, filter=invoice & unpaid & late),
            drafts=Count("id", filter=Q(status=Invoice.Status.DRAFT)),
        )
        .order_by("currency")
    )
    zero = Decimal("0.00")
    return [
        {
            "currency": row["currency"],
            "invoiced": row["invoiced"] or zero,
            "credited": row["credited"] or zero,
            "open": row["open_"] or zero,
            "overdue": row["overdue"] or zero,
            "drafts": row["drafts"],
        }
        for row in rows
    ]


@login_required
@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    if not selectors.reads_billing(request.access):
        raise Http404
    clients = _clients(request)
    staff = selectors.can_manage_billing(request.access)
    form = InvoiceFilterForm(request.GET or None, clients=clients, staff=staff)
    invoices = form.apply(selectors.invoices_visible(request.access))
    page = Paginator(
        invoices.with_credited().select_related("client", "credits").order_by("-created_at", "-id"),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    accounts = set(BillingAccount.objects.values_list("client_id", flat=True)) if staff else set()
    return render(
        request,
        "billing/invoice_list.html",
        {
            "form": form,
            "page": page,
            "totals": _totals(invoices),
            "can_manage": staff,
            "query": query.urlencode(),
            "billing_clients": clients,
            "clients_without_details": [c for c in clients if c.pk not in accounts]
            if staff
            else [],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def invoice_export(request: HttpRequest) -> HttpResponse:
    """The filtered invoices as CSV, one row per line (audited)."""
    if not selectors.reads_billing(request.access):
        raise Http404
    form = InvoiceFilterForm(
        request.GET or None,
        clients=_clients(request),
        staff=selectors.can_manage_billing(request.access),
    )
    invoices = (
        form.apply(selectors.invoices_visible(request.access))
        .with_credited()
        .select_related("client", "credits")
        .prefetch_related("lines")
        .order_by("issue_date", "number", "id")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"invoices-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for invoice in invoices:
        _write_invoice_rows(writer, invoice, list(invoice.lines.all()))
        count += 1
    audit.record("invoice.exported", request=request, changes={"invoices": count})
    return response


def _write_invoice_rows(writer, invoice: Invoice, lines: list[InvoiceLine]) -> None:
    head = [
        invoice.number,
        invoice.kind,
        invoice.credits.number if invoice.credits_id else "",
        invoice.client.name,
        invoice.issue_date.isoformat() if invoice.issue_date else "",
        invoice.due_date.isoformat() if invoice.due_date else "",
        "overdue" if invoice.is_overdue() else invoice.status,
        invoice.po_number,
        invoice.currency,
        f"{invoice.net_total:.2f}",
        f"{invoice.tax_total:.2f}",
        f"{invoice.gross_total:.2f}",
        invoice.tax_category,
        f"{invoice.tax_rate.normalize():f}",
        invoice.paid_on.isoformat() if invoice.paid_on else "",
    ]
    for index, line in enumerate(lines, start=1):
        writer.writerow(
            head
            + [
                index,
                line.kind,
                line.description,
                f"{line.quantity.normalize():f}",
                f"{line.unit_price:.2f}",
                f"{line.amount:.2f}",
            ]
        )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_new(request: HttpRequest) -> HttpResponse:
    selectors.require_manager(request.access)
    engagements = (
        Engagement.objects.filter(client_id__in=selectors.billing_client_ids(request.access))
        .exclude(status=Engagement.Status.DRAFT)
        .select_related("client")
        .order_by("client__name", "name")
    )
    form = DraftForm(request.POST or None, engagements=engagements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invoice, skipped = services.invoice_draft_for(
                engagement=data["engagement"],
                period=(data["period_start"], data["period_end"]),
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            # What was left off, and why, is on the draft itself (its warnings).
            if not invoice.lines.exists():
                messages.info(
                    request,
                    _(
                        "Nothing in this period was left to invoice: add lines by hand, or delete "
                        "this draft."
                    ),
                )
            return redirect("billing:invoice_detail", invoice.pk)
    return render(request, "billing/invoice_new.html", {"form": form})


def _detail_context(request: HttpRequest, invoice: Invoice, **forms) -> dict:
    lines = list(invoice.lines.all())
    totals = invoice.computed_totals(lines)
    manage = selectors.can_manage_billing(request.access)
    credit_notes = list(invoice.credit_notes.order_by("id")) if not invoice.is_credit_note else []
    credited = sum((n.gross_total for n in credit_notes if not n.is_draft), Decimal("0.00"))
    context = {
        "invoice": invoice,
        "lines": lines,
        "totals": totals,
        "can_manage": manage,
        "credit_notes": credit_notes,
        "credited": credited,
        "balance": invoice.gross_total - credited,
        "account": BillingAccount.objects.filter(client_id=invoice.client_id).first()
        if invoice.is_draft
        else None,
    }
    if manage and invoice.is_draft:
        context["line_form"] = forms.get("line_form") or LineForm(invoice=invoice)
        context["po_form"] = forms.get("po_form") or PoForm(
            initial={"po_number": invoice.po_number}
        )
    if manage and invoice.status == Invoice.Status.ISSUED and not invoice.is_credit_note:
        context["paid_form"] = forms.get("paid_form") or PaidForm(
            initial={"paid_on": timezone.localdate()}
        )
    return context


def _detail_refused(request: HttpRequest, invoice, **forms) -> HttpResponse:
    """The invoice page again with the refused form's errors where it was filled in (400)."""
    return render(
        request,
        "billing/invoice_detail.html",
        _detail_context(request, invoice, **forms),
        status=400,
    )


@login_required
@require_GET
def invoice_detail(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice(request, invoice_id)
    return render(request, "billing/invoice_detail.html", _detail_context(request, invoice))


@login_required
@require_POST
def invoice_line_add(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice(request, invoice_id, write=True)
    if not invoice.is_draft:
        return _conflict(request, invoice, _("This invoice is issued: its lines cannot change."))
    form = LineForm(request.POST, invoice=invoice)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.invoice_line_add(invoice=invoice, by=request.user, request=request, **data)
        except ValidationError as error:
            apply_errors(form, error)
        except services.InvoiceConflict as error:
            return _conflict(request, invoice, str(error))
        else:
            messages.success(request, _("Line added."))
            return redirect("billing:invoice_detail", invoice.pk)
    return _detail_refused(request, invoice, line_form=form)


@login_required
@require_POST
def invoice_line_delete(request: HttpRequest, invoice_id: int, line_id: int) -> HttpResponse:
    invoice = _invoice(request, invoice_id, write=True)
    line = invoice.lines.filter(pk=line_id).first()
    if line is None:
        raise Http404
    try:
        services.invoice_line_delete(line=line, by=request.user, request=request)
    except (services.InvoiceConflict, InvoiceLocked) as error:
        return _conflict(request, invoice, str(error))
    messages.success(request, _("Line removed."))
    return redirect("billing:invoice_detail", invoice.pk)


@login_required
@require_POST
def invoice_po(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice(request, invoice_id, write=True)
    form = PoForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_update(
                invoice=invoice,
                po_number=form.cleaned_data["po_number"],
                by=request.user,
                request=request,
            )
        except services.InvoiceConflict as error:
            return _conflict(request, invoice, str(error))
        messages.success(request, _("PO number saved."))
        return redirect("billing:invoice_detail", invoice.pk)
    return _detail_refused(request, invoice, po_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def invoice_issue(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """GET: what issuing means, with the totals, to confirm; POST: issue."""
    invoice = _invoice(request, invoice_id, write=True)
    if not invoice.is_draft:
        return _conflict(request, invoice, f"{invoice} is already issued.")
    problem = ""
    if request.method == "POST":
        try:
            invoice = services.invoice_issue(invoice=invoice, by=request.user, request=request)
        except ValidationError as error:
            problem = " ".join(error.messages)
        except services.InvoiceConflict as error:
            return _conflict(request, invoice, str(error))
        else:
            messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
            return redirect("billing:invoice_detail", invoice.pk)
    lines = list(invoice.lines.all())
    return render(
        request,
        "billing/invoice_issue.html",
        {
            "invoice": invoice,
            "lines": lines,
            "totals": invoice.computed_totals(lines),
            "account": BillingAccount.objects.filter(client_id=invoice.client_id).first(),
            "problem": problem,
        },
        status=400 if problem else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_delete(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice(request, invoice_id, write=True)
    if not invoice.is_draft:
        return _conflict(request, invoice, _("An issued invoice is never deleted; credit it."))
    if request.method == "POST":
        try:
            services.invoice_delete(invoice=invoice, by=request.user, request=request)
        except services.InvoiceConflict as error:
            return _conflict(request, invoice, str(error))
        messages.success(request, _("Draft deleted."))
        return redirect("billing:invoice_list")
    return render(request, "billing/invoice_delete.html", {"invoice": invoice})


@login_required
@require_POST
def invoice_paid(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice(request, invoice_id, write=True)
    form = PaidForm(request.POST)
    if form.is_valid():
        try:
            services.invoice_mark_paid(
                invoice=invoice,
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except services.InvoiceConflict as error:
            return _conflict(request, invoice, str(error))
        else:
            messages.success(request, _("%(number)s marked paid.") % {"number": invoice.number})
            return redirect("billing:invoice_detail", invoice.pk)
    return _detail_refused(request, invoice, paid_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def invoice_credit(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = _invoice(request, invoice_id, write=True)
    if invoice.is_draft or invoice.is_credit_note:
        return _conflict(request, invoice, _("Only an issued invoice can be credited."))
    lines = list(invoice.lines.all())
    left = services.creditable(invoice)
    if not left:
        return _conflict(request, invoice, f"{invoice} is credited in full already.")
    form = CreditForm(request.POST or None, lines=lines, left=left)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.credit_note_issue(
                invoice=invoice,
                lines=form.chosen(),
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        except services.InvoiceConflict as error:
            return _conflict(request, invoice, str(error))
        else:
            messages.success(request, _("Credit note %(number)s issued.") % {"number": note.number})
            return redirect("billing:invoice_detail", note.pk)
    return render(
        request,
        "billing/invoice_credit.html",
        {"invoice": invoice, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _download(request: HttpRequest, invoice_id: int, kind: str) -> HttpResponse:
    invoice = _invoice(request, invoice_id)
    if invoice.is_draft:
        return _conflict(request, invoice, _("A draft has no number yet: issue it to download it."))
    lines = list(invoice.lines.all())
    if kind == "pdf":
        response = HttpResponse(pdf.render(invoice, lines), content_type="application/pdf")
    elif kind == "xml":
        response = HttpResponse(ubl.document(invoice, lines), content_type="application/xml")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv_writer(response)
        writer.writerow(CSV_COLUMNS)
        _write_invoice_rows(writer, invoice, lines)
    response["Content-Disposition"] = f'attachment; filename="{invoice.number}.{kind}"'
    audit.record("invoice.downloaded", request=request, obj=invoice, changes={"format": kind})
    return response


@login_required
@require_GET
def invoice_pdf(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _download(request, invoice_id, "pdf")


@login_required
@require_GET
def invoice_ubl(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _download(request, invoice_id, "xml")


@login_required
@require_GET
def invoice_csv(request: HttpRequest, invoice_id: int) -> HttpResponse:
    return _download(request, invoice_id, "csv")


@login_required
@require_http_methods(["GET", "POST"])
def billing_account_edit(request: HttpRequest, slug: str) -> HttpResponse:
    selectors.require_manager(request.access)
    client = get_visible_or_404(request.access, Client, slug=slug)
    account = BillingAccount.objects.filter(client=client).first()
    form = BillingAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.billing_account_save(
                client=client, values=values, by=request.user, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Billing details of %(client)s saved.") % {"client": client.name}
            )
            return redirect("billing:invoice_list")
    return render(
        request,
        "billing/billing_account_form.html",
        {"client": client, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- The guarantee report ----------------------------------------------------------------------

GUARANTEE_COLUMNS = [
    "claim",
    "hire",
    "requisition",
    "engagement",
    "start_date",
    "left_on",
    "days_worked",
    "guarantee_days",
    "remedy",
    "outcome",
    "currency",
    "fee",
    "credited",
    "withheld",
    "credit_on",
    "replacement",
    "replacement_status",
]


def _report_client(request: HttpRequest, slug: str) -> Client:
    """The client whose claims the caller may read (its billing readers), else 404."""
    client = Client.objects.filter(
        slug=slug, pk__in=selectors.billing_client_ids(request.access)
    ).first()
    if client is None:
        raise Http404
    return client


def _guarantee_rows(request: HttpRequest, client: Client) -> list[dict]:
    """Each claim with its credit line's invoice and its replacement (three queries)."""
    claims = list(
        selectors.guarantee_claims_visible(request.access)
        .filter(client=client)
        .select_related("engagement", "requisition", "replacement")
        .order_by("-left_on", "-id")
    )
    credit_lines = {
        line.source_ref: line
        for line in selectors.invoice_lines_visible(request.access)
        .filter(source_ref__in=[claim.source_ref for claim in claims])
        .select_related("invoice")
        .order_by("invoice__created_at", "id")
    }
    rows = []
    for claim in claims:
        line = credit_lines.get(claim.source_ref)
        rows.append({"claim": claim, "invoice": line.invoice if line else None})
    return rows


def _guarantee_totals(rows: list[dict]) -> list[dict]:
    totals: dict[str, dict] = {}
    for row in rows:
        claim = row["claim"]
        total = totals.setdefault(
            claim.currency,
            {"currency": claim.currency, "credited": Decimal("0.00"), "withheld": Decimal("0.00")},
        )
        total["credited"] += claim.credit_amount
        total["withheld"] += claim.withheld_amount
    return [totals[key] for key in sorted(totals)]


@login_required
@require_GET
def guarantee_report(request: HttpRequest, slug: str) -> HttpResponse:
    client = _report_client(request, slug)
    rows = _guarantee_rows(request, client)
    return render(
        request,
        "billing/guarantee_report.html",
        {
            "client": client,
            "rows": rows,
            "totals": _guarantee_totals(rows),
            "staff": request.access.is_provider_staff,
        },
    )


@login_required
@require_GET
def guarantee_report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The client's guarantee claims, one row each (audited)."""
    client = _report_client(request, slug)
    rows = _guarantee_rows(request, client)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"guarantee-{client.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(GUARANTEE_COLUMNS)
    for row in rows:
        claim, invoice = row["claim"], row["invoice"]
        writer.writerow(
            [
                claim.pk,
                claim.hire_id,
                claim.requisition.reference,
                claim.engagement.name,
                claim.start_date.isoformat(),
                claim.left_on.isoformat(),
                claim.days_worked,
                claim.guarantee_days,
                claim.remedy,
                claim.outcome,
                claim.currency,
                f"{claim.fee_amount:.2f}",
                f"{claim.credit_amount:.2f}",
                f"{claim.withheld_amount:.2f}",
                (invoice.number or f"draft #{invoice.pk}") if invoice else "",
                claim.replacement.reference if claim.replacement else "",
                claim.replacement.status if claim.replacement else "",
            ]
        )
    audit.record(
        "guarantee.exported", request=request, client=client, changes={"claims": len(rows)}
    )
    return response
