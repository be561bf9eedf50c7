from __future__ import annotations

from django.urls import path

from outhire.engagements import cost_views, views

app_name = "engagements"

urlpatterns = [
    path("engagements/", views.engagement_list, name="engagement_list"),
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path("engagements/<int:engagement_id>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:engagement_id>/edit/", views.engagement_edit, name="engagement_edit"),
    path("engagements/<int:engagement_id>/phases/", views.phase_add, name="phase_add"),
    path("intakes/", views.intake_list, name="intake_list"),
    path("intakes/new/", views.intake_create, name="intake_create"),
    path("intakes/<int:intake_id>/", views.intake_detail, name="intake_detail"),
    path("intakes/<int:intake_id>/submit/", views.intake_submit, name="intake_submit"),
    path("intake-templates/", views.template_list, name="template_list"),
    path("intake-templates/new/", views.template_create, name="template_create"),
    path("intake-templates/<int:intake_template_id>/", views.template_edit, name="template_edit"),
    path(
        "intake-templates/<int:intake_template_id>/copy/",
        views.template_copy,
        name="template_copy",
    ),
    # Recruiting costs
    path("costs/", cost_views.cost_overview, name="cost_overview"),
    path("clients/<slug:slug>/costs/", cost_views.cost_list, name="cost_list"),
    path("clients/<slug:slug>/costs/new/", cost_views.cost_create, name="cost_create"),
    path("clients/<slug:slug>/costs/export.csv", cost_views.cost_export, name="cost_export"),
    path(
        "clients/<slug:slug>/costs/import/",
        cost_views.cost_import_upload,
        name="cost_import_upload",
    ),
    path(
        "costs/imports/<int:cost_import_id>/",
        cost_views.cost_import_preview,
        name="cost_import_preview",
    ),
    path("costs/<int:cost_entry_id>/", cost_views.cost_detail, name="cost_detail"),
    path("costs/<int:cost_entry_id>/edit/", cost_views.cost_edit, name="cost_edit"),
    path("costs/<int:cost_entry_id>/delete/", cost_views.cost_delete, name="cost_delete"),
    path("costs/<int:cost_entry_id>/void/", cost_views.cost_void, name="cost_void"),
    path(
        "requisitions/<int:requisition_id>/costs/",
        cost_views.requisition_costs,
        name="requisition_costs",
    ),
]
