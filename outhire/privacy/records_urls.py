"""/privacy/ routes of the records pages: the register, agreements, the breach log."""

from __future__ import annotations

from django.urls import path

from outhire.privacy import records_views as views

urlpatterns: list = [
    path("privacy/register/", views.register, name="register"),
    path(
        "privacy/agreements/<int:engagement_id>/",
        views.agreement_detail,
        name="agreement_detail",
    ),
    path(
        "privacy/agreements/<int:engagement_id>/edit/",
        views.agreement_edit,
        name="agreement_edit",
    ),
    path("privacy/breaches/", views.breach_list, name="breach_list"),
    path("privacy/breaches/new/", views.breach_create, name="breach_create"),
    path("privacy/breaches/<int:breach_id>/", views.breach_detail, name="breach_detail"),
    path("privacy/breaches/<int:breach_id>/report/", views.breach_report, name="breach_report"),
    path(
        "privacy/breaches/<int:breach_id>/subjects-notified/",
        views.breach_subjects_notified,
        name="breach_subjects_notified",
    ),
    path("privacy/breaches/<int:breach_id>/close/", views.breach_close, name="breach_close"),
    path("privacy/breaches/<int:breach_id>/notify/", views.breach_notify, name="breach_notify"),
]
