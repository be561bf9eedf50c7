from __future__ import annotations

from django.urls import path

from outhire.approvals import views as chain
from outhire.requisitions import services, setup_views, views

app_name = "requisitions"
CHAIN = {"kind": services.CHAIN}

urlpatterns = [
    path("", views.requisition_list, name="requisition_list"),
    path("new/", views.requisition_create, name="requisition_create"),
    path("approvals/", views.approval_list, name="approval_list"),
    path("<int:requisition_id>/", views.requisition_detail, name="requisition_detail"),
    path("<int:requisition_id>/edit/", views.requisition_edit, name="requisition_edit"),
    path(
        "<int:requisition_id>/skills/confirm/",
        views.requisition_skills_confirm,
        name="requisition_skills_confirm",
    ),
    path("<int:requisition_id>/submit/", views.requisition_submit, name="requisition_submit"),
    path("<int:requisition_id>/hold/", views.requisition_hold, name="requisition_hold"),
    path("<int:requisition_id>/resume/", views.requisition_resume, name="requisition_resume"),
    path("<int:requisition_id>/cancel/", views.requisition_cancel, name="requisition_cancel"),
    path("<int:requisition_id>/approve/", views.requisition_approve, name="requisition_approve"),
    path("<int:requisition_id>/stages/", setup_views.stage_list, name="stage_list"),
    path(
        "<int:requisition_id>/stages/<int:stage_id>/rename/",
        setup_views.stage_rename,
        name="stage_rename",
    ),
    path(
        "<int:requisition_id>/stages/<int:stage_id>/move/",
        setup_views.stage_move,
        name="stage_move",
    ),
    path(
        "<int:requisition_id>/stages/<int:stage_id>/archive/",
        setup_views.stage_archive,
        name="stage_archive",
    ),
    path("approval-chain/<slug:slug>/", chain.chain_setup, CHAIN, name="approval_chain"),
    path(
        "approval-chain/<slug:slug>/<int:rule_id>/remove/",
        chain.chain_rule_remove,
        CHAIN,
        name="approval_rule_remove",
    ),
    path(
        "approval-chain/<slug:slug>/<int:rule_id>/move/",
        chain.chain_rule_move,
        CHAIN,
        name="approval_rule_move",
    ),
    path("templates/<slug:slug>/", setup_views.template_list, name="template_list"),
    path("templates/<slug:slug>/new/", setup_views.template_create, name="template_create"),
    path(
        "templates/edit/<int:pipeline_template_id>/",
        setup_views.template_edit,
        name="template_edit",
    ),
    path("dispositions/<slug:slug>/", setup_views.disposition_list, name="disposition_list"),
    path(
        "dispositions/<slug:slug>/<int:disposition_id>/deactivate/",
        setup_views.disposition_deactivate,
        name="disposition_deactivate",
    ),
]
