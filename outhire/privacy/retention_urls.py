"""/privacy/ routes of the retention pages and legal holds (provider admins only)."""

from __future__ import annotations

from django.urls import path

from outhire.privacy import retention_views as views

urlpatterns: list = [
    path("privacy/retention/", views.retention_home, name="retention"),
    path(
        "privacy/retention/policies/new/",
        views.retention_policy_create,
        name="retention_policy_create",
    ),
    path(
        "privacy/retention/policies/<int:policy_id>/",
        views.retention_policy_edit,
        name="retention_policy_edit",
    ),
    path(
        "privacy/retention/policies/<int:policy_id>/delete/",
        views.retention_policy_delete,
        name="retention_policy_delete",
    ),
    path("privacy/retention/preview/", views.retention_preview, name="retention_preview"),
    path("privacy/retention/run/", views.retention_run_now, name="retention_run_now"),
    path("privacy/retention/runs/<int:run_id>/", views.retention_run_detail, name="retention_run"),
    path("privacy/holds/", views.hold_list, name="hold_list"),
    path(
        "privacy/holds/candidate/<int:candidate_id>/",
        views.hold_place_candidate,
        name="hold_place_candidate",
    ),
    path(
        "privacy/holds/requisition/<int:requisition_id>/",
        views.hold_place_requisition,
        name="hold_place_requisition",
    ),
    path("privacy/holds/<int:hold_id>/release/", views.hold_release, name="hold_release"),
]
