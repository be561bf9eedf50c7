from __future__ import annotations

from django.urls import path

from outhire.engagements import views

app_name = "engagements"

urlpatterns = [
    path("engagements/", views.engagement_list, name="engagement_list"),
    path("engagements/new/", views.engagement_create, name="engagement_create"),
    path("engagements/<int:engagement_id>/", views.engagement_detail, name="engagement_detail"),
    path("engagements/<int:engagement_id>/edit/", views.engagement_edit, name="engagement_edit"),
    path("engagements/<int:engagement_id>/phases/", views.phase_add, name="phase_add"),
    path("engagements/<int:engagement_id>/sla-terms/", views.sla_term_add, name="sla_term_add"),
    path(
        "engagements/<int:engagement_id>/sla-terms/<int:sla_term_id>/delete/",
        views.sla_term_delete,
        name="sla_term_delete",
    ),
    path(
        "engagements/<int:engagement_id>/sla-terms/<int:sla_term_id>/end/",
        views.sla_term_end,
        name="sla_term_end",
    ),
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
]
