from __future__ import annotations

from django.urls import path

from outhire.screening import views

app_name = "screening"

urlpatterns = [
    path(
        "requisitions/<int:requisition_id>/matches/",
        views.requisition_matches,
        name="requisition_matches",
    ),
    path(
        "requisitions/<int:requisition_id>/matches/add/",
        views.requisition_matches_add,
        name="requisition_matches_add",
    ),
    path("screening/settings/<slug:slug>/", views.screening_settings, name="settings"),
]
