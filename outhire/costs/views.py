"""Recruiting costs in the staff app and client portal: list, totals, entries, import, export.

Who may read and write is decided in `selectors` (cost_client_ids, can_write_costs); every
object is fetched through it, so anything out of reach is a 404 and a write by a reader a 403.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from outhire.accounts import audit
from outhire.accounts.models import Client
from outhire.analytics import kpi
from outhire.costs import imports, selectors, services
from outhire.costs.forms import CostEntryForm, CostFilterForm, CostImportForm, VoidForm
from outhire.costs.models import (
    CATEGORY_GROUPS,
    EXTERNAL_CATEGORIES,
    CostCategory,
    CostEntry,
)
from outhire.lib import formatting as fmt
from outhire.lib.forms import apply_errors
from outhire.lib.spreadsheet_csv import csv_writer
from outhire.pipeline.models import Application
from outhire.requisitions.models import Requisition

PER_PAGE = 100
CATEGORY_LABELS = dict(CostCategory.choices)


def _category_rows(totals) -> list[dict]:
    """For each currency's totals, its categories in the standard's order with their labels."""
    rows = []
    for group_label, choices in CATEGORY_GROUPS:
        for value, label in choices:
            rows.append({"value": value, "label": label, "group": group_label})
    tables = []
    for t in totals:
        tables.append(
            {
                "totals": t,
                "categories": [
                    {**row, "amount": t.by_category[row["value"]]}
                    for row in rows
                    if row["value"] in t.by_category
                ],
            }
        )
    return tables


@login_required
@require_GET
def cost_overview(request: HttpRequest) -> HttpResponse:
    """The clients whose costs the caller may read; with only one, its costs straight away."""
    ids = selectors.cost_client_ids(request.access)
    clients = list(Client.objects.filter(pk__in=ids, is_active=True).order_by("name"))
    counts = dict(
        CostEntry.objects.visible_to(request.access)
        .filter(client_id__in=ids, voided_at__isnull=True)
        .order_by()
        .values_list("client_id")
        .annotate(n=Count("id"))
    )
    for client in clients:
        client.cost_entries = counts.get(client.pk, 0)
    if len(clients) == 1:
        return redirect("costs:cost_list", slug=clients[0].slug)
    if not clients:
        raise Http404
    return render(request, "costs/cost_overview.html", {"clients": clients})


def _filtered(request: HttpRequest, client: Client):
    form = CostFilterForm(request.GET or None, client=client)
    entries = form.apply(selectors.costs_visible(request.access).filter(client=client))
    return form, entries


@login_required
@require_GET
def cost_list(request: HttpRequest, slug: str) -> HttpResponse:
    client = selectors.get_cost_client(request.access, slug)
    form, entries = _filtered(request, client)
    totals = entries.totals()
    page = Paginator(
        entries.select_related("requisition").order_by("-incurred_on", "-id"), PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "costs/cost_list.html",
        {
            "client": client,
            "form": form,
            "page": page,
            "tables": _category_rows(totals),
            "can_write": selectors.can_write_costs(request.access, client.pk),
            "query": query.urlencode(),
        },
    )


@login_required
@require_GET
def cost_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered list as CSV, in the import's format plus the entry's origin (audited)."""
    client = selectors.get_cost_client(request.access, slug)
    form, entries = _filtered(request, client)
    entries = entries.order_by("incurred_on", "id")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"costs-{client.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv_writer(response)
    writer.writerow(
        [
            "date",
            "category",
            "amount",
            "currency",
            "requisition",
            "channel",
            "channel_detail",
            "description",
            "kind",
            "origin",
            "voided",
        ]
    )
    rows = entries.values_list(
        "incurred_on",
        "category",
        "amount",
        "currency",
        "requisition__reference",
        "channel",
        "channel_detail",
        "description",
        "origin",
        "voided_at",
    )
    count = 0
    for (
        day,
        category,
        amount,
        currency,
        reference,
        channel,
        board,
        text,
        origin,
        voided,
    ) in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                day.isoformat(),
                category,
                f"{amount:.2f}",
                currency,
                reference or "",
                channel,
                board,
                text,
                "external" if category in EXTERNAL_CATEGORIES else "internal",
                origin,
                voided.date().isoformat() if voided else "",
            ]
        )
        count += 1
    filters = {k: v for k, v in request.GET.items() if k != "page"}
    audit.record(
        "cost.exported",
        request=request,
        client=client,
        changes={"entries": count, "filters": filters},
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cost_create(request: HttpRequest, slug: str) -> HttpResponse:
    client = selectors.get_cost_client(request.access, slug, write=True)
    initial = {"currency": selectors.default_currency(client), "incurred_on": timezone.localdate()}
    requisition_id = request.GET.get("requisition", "")
    if requisition_id.isdigit():
        initial["requisition"] = requisition_id
    form = CostEntryForm(
        request.POST if request.method == "POST" else None,
        instance=CostEntry(client=client),
        client=client,
        initial=initial,
    )
    context = {"client": client, "form": form}
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.cost_entry_add(
                    client=client, by=request.user, request=request, **form.entry_fields()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Cost of %(amount)s recorded.")
                    % {"amount": fmt.money(entry.amount, entry.currency)},
                )
                if entry.requisition_id and request.POST.get("next") == "requisition":
                    return redirect("costs:requisition_costs", entry.requisition_id)
                return redirect("costs:cost_list", slug=client.slug)
        return render(request, "costs/cost_form.html", context, status=400)
    return render(request, "costs/cost_form.html", context)


@login_required
@require_GET
def cost_detail(request: HttpRequest, cost_entry_id: int) -> HttpResponse:
    entry = selectors.get_cost_entry(request.access, cost_entry_id)
    can_write = selectors.can_write_costs(request.access, entry.client_id)
    return render(
        request,
        "costs/cost_detail.html",
        {
            "entry": entry,
            "client": entry.client,
            "can_edit": can_write and entry.is_editable,
            "can_void": can_write and entry.is_voidable,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cost_edit(request: HttpRequest, cost_entry_id: int) -> HttpResponse:
    entry = selectors.get_cost_entry(request.access, cost_entry_id, write=True)
    if not entry.is_editable:
        messages.error(
            request, _("Entries generated from the engagement's fees are voided, not edited.")
        )
        return redirect("costs:cost_detail", cost_entry_id=entry.pk)
    write = request.method == "POST"
    form = CostEntryForm(request.POST if write else None, instance=entry, client=entry.client)
    context = {"client": entry.client, "form": form, "entry": entry}
    if write:
        if form.is_valid():
            stored = selectors.get_cost_entry(request.access, cost_entry_id, write=True)
            try:
                services.cost_entry_update(
                    entry=stored, by=request.user, fields=form.entry_fields(), request=request
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Cost saved."))
                return redirect("costs:cost_detail", cost_entry_id=entry.pk)
        return render(request, "costs/cost_form.html", context, status=400)
    return render(request, "costs/cost_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cost_delete(request: HttpRequest, cost_entry_id: int) -> HttpResponse:
    """GET asks to confirm (works without JavaScript); POST deletes."""
    entry = selectors.get_cost_entry(request.access, cost_entry_id, write=True)
    if not entry.is_editable:
        messages.error(
            request, _("Entries generated from the engagement's fees are voided, not deleted.")
        )
        return redirect("costs:cost_detail", cost_entry_id=entry.pk)
    if request.method == "POST":
        slug = entry.client.slug
        services.cost_entry_delete(entry=entry, by=request.user, request=request)
        messages.success(request, _("Cost deleted."))
        return redirect("costs:cost_list", slug=slug)
    return render(request, "costs/cost_delete.html", {"entry": entry, "client": entry.client})


@login_required
@require_http_methods(["GET", "POST"])
def cost_void(request: HttpRequest, cost_entry_id: int) -> HttpResponse:
    entry = selectors.get_cost_entry(request.access, cost_entry_id, write=True)
    if not entry.is_voidable:
        messages.error(
            request,
            _("This entry is already voided.")
            if entry.is_voided
            else _("Entries typed or imported by people are edited or deleted, not voided."),
        )
        return redirect("costs:cost_detail", cost_entry_id=entry.pk)
    form = VoidForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cost_entry_void(
                    entry=entry,
                    by=request.user,
                    reason=form.cleaned_data["void_reason"],
                    request=request,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Entry voided: it no longer counts in the totals."))
                return redirect("costs:cost_detail", cost_entry_id=entry.pk)
        status = 400
    else:
        status = 200
    return render(
        request,
        "costs/cost_void.html",
        {"entry": entry, "client": entry.client, "form": form},
        status=status,
    )


# --- Import ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cost_import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    client = selectors.get_cost_client(request.access, slug, write=True)
    form = CostImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context = {
        "client": client,
        "form": form,
        "categories": CATEGORY_GROUPS,
        "channels": CostEntry._meta.get_field("channel").choices,
    }
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                record, _check = imports.cost_import_create(
                    client=client, data=upload.read(), file_name=upload.name, by=request.user
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect("costs:cost_import_preview", cost_import_id=record.pk)
        return render(request, "costs/cost_import.html", context, status=400)
    return render(request, "costs/cost_import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cost_import_preview(request: HttpRequest, cost_import_id: int) -> HttpResponse:
    """The dry run of a file: every problem by line, what would be added; POST imports."""
    record = selectors.get_cost_import(request.access, cost_import_id)
    if record.imported_at is not None:
        if request.method == "POST":
            messages.info(request, _("This file was already imported."))
        return render(
            request,
            "costs/cost_import_done.html",
            {"record": record, "client": record.client},
        )
    if request.method == "POST":
        try:
            imports.cost_import_commit(record=record, by=request.user, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages[:3]))
        else:
            messages.success(
                request,
                (
                    _("%(added)s cost(s) imported; %(skipped)s already imported before.")
                    if record.skipped
                    else _("%(added)s cost(s) imported.")
                )
                % {"added": record.added, "skipped": record.skipped},
            )
            return redirect("costs:cost_list", slug=record.client.slug)
    try:
        check = imports.cost_import_check(record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("costs:cost_import_upload", slug=record.client.slug)
    return render(
        request,
        "costs/cost_import_preview.html",
        {
            "record": record,
            "client": record.client,
            "check": check,
            "errors": check.errors,
            "new_rows": check.new_rows[:200],
            "new_count": len(check.new_rows),
            "totals": check.totals(),
            "labels": CATEGORY_LABELS,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Per requisition -------------------------------------------------------------------------


@login_required
@require_GET
def requisition_costs(request: HttpRequest, requisition_id: int) -> HttpResponse:
    """The requisition's costs add up: per currency, external + internal = total, by category."""
    requisition = (
        Requisition.objects.visible_to(request.access)
        .filter(pk=requisition_id, client_id__in=selectors.cost_client_ids(request.access))
        .select_related("client")
        .first()
    )
    if requisition is None:
        raise Http404
    entries = selectors.costs_visible(request.access).filter(requisition=requisition)
    totals = entries.totals()
    hires = Application.objects.filter(
        requisition=requisition, status=Application.Status.HIRED
    ).count()
    tables = _category_rows(totals)
    for table in tables:
        t = table["totals"]
        table["per_hire"] = kpi.cost_per_hire(
            [
                kpi.CostEntry(
                    amount=amount, category=category, external=category in EXTERNAL_CATEGORIES
                )
                for category, amount in t.by_category.items()
            ],
            hires,
        )
    listed = entries.counted().select_related("created_by").order_by("-incurred_on", "-id")
    return render(
        request,
        "costs/requisition_costs.html",
        {
            "requisition": requisition,
            "client": requisition.client,
            "tables": tables,
            "hires": hires,
            "entries": listed[:PER_PAGE],
            "entry_count": listed.count(),
            "can_write": selectors.can_write_costs(request.access, requisition.client_id),
            "zero": Decimal(0),
        },
    )
