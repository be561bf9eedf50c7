"""URLs of recruiting costs: the staff app and client portal pages, under /costs/ and per client
or requisition."""

from __future__ import annotations

from django.urls import path

from outhire.costs import views

app_name = "costs"

urlpatterns = [
    path("costs/", views.cost_overview, name="cost_overview"),
    path("clients/<slug:slug>/costs/", views.cost_list, name="cost_list"),
    path("clients/<slug:slug>/costs/new/", views.cost_create, name="cost_create"),
    path("clients/<slug:slug>/costs/export.csv", views.cost_export, name="cost_export"),
    path(
        "clients/<slug:slug>/costs/import/",
        views.cost_import_upload,
        name="cost_import_upload",
    ),
    path(
        "costs/imports/<int:cost_import_id>/",
        views.cost_import_preview,
        name="cost_import_preview",
    ),
    path("costs/<int:cost_entry_id>/", views.cost_detail, name="cost_detail"),
    path("costs/<int:cost_entry_id>/edit/", views.cost_edit, name="cost_edit"),
    path("costs/<int:cost_entry_id>/delete/", views.cost_delete, name="cost_delete"),
    path("costs/<int:cost_entry_id>/void/", views.cost_void, name="cost_void"),
    path(
        "requisitions/<int:requisition_id>/costs/",
        views.requisition_costs,
        name="requisition_costs",
    ),
]
