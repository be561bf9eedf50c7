from __future__ import annotations

from django.urls import path

from outhire.screening import assessment_views, audit_views, profile_views, views

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
    path(
        "candidates/<int:candidate_id>/similar/",
        views.similar_candidates,
        name="similar_candidates",
    ),
    path(
        "candidates/<int:candidate_id>/similar/add/",
        views.similar_candidates_add,
        name="similar_candidates_add",
    ),
    path(
        "requisitions/<int:requisition_id>/ai-decisions/",
        audit_views.decision_log,
        name="decision_log",
    ),
    path(
        "requisitions/<int:requisition_id>/ai-decisions.csv",
        audit_views.decision_log_csv,
        name="decision_log_csv",
    ),
    path("screening/bias-audit/<slug:slug>/", audit_views.bias_audit, name="bias_audit"),
    path(
        "screening/bias-audit/<slug:slug>/export.csv",
        audit_views.bias_audit_csv,
        name="bias_audit_csv",
    ),
    path(
        "screening/assessments/<slug:slug>/",
        assessment_views.assessment_list,
        name="assessment_list",
    ),
    path(
        "screening/assessment/<int:assessment_id>/",
        assessment_views.assessment_detail,
        name="assessment_detail",
    ),
    path(
        "applications/<int:application_id>/assessments/",
        assessment_views.application_assessments,
        name="application_assessments",
    ),
    path(
        "screening/sittings/<int:sitting_id>/",
        assessment_views.sitting_detail,
        name="sitting_detail",
    ),
    path("assessment/<str:token>/", assessment_views.assessment_take, name="assessment_take"),
    # What the client's hiring team sees of a shortlisted candidate.
    path(
        "applications/<int:application_id>/profile/",
        profile_views.application_profile,
        name="application_profile",
    ),
    path(
        "applications/<int:application_id>/profile/resume/<int:document_id>/",
        profile_views.application_resume,
        name="application_resume",
    ),
]
