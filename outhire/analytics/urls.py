from __future__ import annotations

from django.urls import path

from outhire.analytics import sla_views, views

app_name = "analytics"

urlpatterns = [
    path("analytics/", views.provider_dashboard, name="provider_dashboard"),
    path("sla/", sla_views.sla_overview, name="sla_overview"),
    path("analytics/<slug:slug>/", views.client_dashboard, name="client_dashboard"),
    path(
        "analytics/<slug:slug>/breaches.csv",
        views.client_breaches_csv,
        name="client_breaches_csv",
    ),
    path("analytics/<slug:slug>/report/", views.report, name="report"),
    path("analytics/<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("analytics/<slug:slug>/report.csv", views.report_csv, name="report_csv"),
    path("analytics/<slug:slug>/surveys/", views.survey_settings, name="survey_settings"),
    path("analytics/<slug:slug>/plans/", views.plans, name="plans"),
    path("analytics/<slug:slug>/plans/upload/", views.plan_upload, name="plan_upload"),
    path(
        "analytics/<slug:slug>/plans/<int:plan_id>/delete/", views.plan_delete, name="plan_delete"
    ),
    path("surveys/<str:token>/", views.survey_answer, name="survey_answer"),
    path("surveys/<str:token>/unsubscribe/", views.survey_unsubscribe, name="survey_unsubscribe"),
    path("ratings/<str:token>/", views.manager_rating, name="manager_rating"),
]
