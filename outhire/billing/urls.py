"""URLs of the invoice pages, under /invoices/ and per client's billing details."""

from __future__ import annotations

from django.urls import path

from outhire.billing import profitability_views, views

app_name = "billing"

urlpatterns = [
    path("invoices/", views.invoice_list, name="invoice_list"),
    path("invoices/export.csv", views.invoice_export, name="invoice_export"),
    path("invoices/new/", views.invoice_new, name="invoice_new"),
    path("invoices/<int:invoice_id>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:invoice_id>/lines/", views.invoice_line_add, name="invoice_line_add"),
    path(
        "invoices/<int:invoice_id>/lines/<int:line_id>/delete/",
        views.invoice_line_delete,
        name="invoice_line_delete",
    ),
    path("invoices/<int:invoice_id>/po/", views.invoice_po, name="invoice_po"),
    path("invoices/<int:invoice_id>/issue/", views.invoice_issue, name="invoice_issue"),
    path("invoices/<int:invoice_id>/delete/", views.invoice_delete, name="invoice_delete"),
    path("invoices/<int:invoice_id>/paid/", views.invoice_paid, name="invoice_paid"),
    path("invoices/<int:invoice_id>/credit/", views.invoice_credit, name="invoice_credit"),
    path("invoices/<int:invoice_id>/invoice.pdf", views.invoice_pdf, name="invoice_pdf"),
    path("invoices/<int:invoice_id>/invoice.xml", views.invoice_ubl, name="invoice_ubl"),
    path("invoices/<int:invoice_id>/invoice.csv", views.invoice_csv, name="invoice_csv"),
    path("clients/<slug:slug>/billing/", views.billing_account_edit, name="billing_account_edit"),
    # Client profitability (the provider's admins only)
    path("profitability/", profitability_views.profitability, name="profitability"),
    path(
        "profitability/export.csv",
        profitability_views.profitability_export,
        name="profitability_export",
    ),
    path(
        "profitability/<slug:slug>/",
        profitability_views.profitability_client,
        name="profitability_client",
    ),
]
