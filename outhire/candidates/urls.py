from __future__ import annotations

from django.urls import path

from outhire.candidates import views
from outhire.candidates.imports import views as import_views

app_name = "candidates"

urlpatterns = [
    path("", views.candidate_list, name="candidate_list"),
    path("new/", views.candidate_create, name="candidate_create"),
    path("<int:candidate_id>/", views.candidate_detail, name="candidate_detail"),
    path("<int:candidate_id>/edit/", views.candidate_edit, name="candidate_edit"),
    path("<int:candidate_id>/notes/", views.note_add, name="note_add"),
    path("<int:candidate_id>/consents/", views.consent_add, name="consent_add"),
    path(
        "<int:candidate_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:candidate_id>/pools/", views.pool_membership_add, name="pool_membership_add"),
    path(
        "<int:candidate_id>/pools/<int:pool_id>/remove/",
        views.pool_membership_remove,
        name="pool_membership_remove",
    ),
    path("<int:candidate_id>/profile/", views.entry_add, name="entry_add"),
    path("<int:candidate_id>/profile/<int:entry_id>/", views.entry_edit, name="entry_edit"),
    path("<int:candidate_id>/profile/<int:entry_id>/remove/", views.entry_hide, name="entry_hide"),
    path("<int:candidate_id>/documents/", views.document_upload, name="document_upload"),
    path(
        "<int:candidate_id>/documents/<int:document_id>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        "<int:candidate_id>/documents/<int:document_id>/reparse/",
        views.document_reparse,
        name="document_reparse",
    ),
    path("<int:candidate_id>/merge/<int:other_id>/", views.candidate_merge, name="candidate_merge"),
    path("pools/", views.pool_list, name="pool_list"),
    path("pools/new/", views.pool_create, name="pool_create"),
    path("pools/<int:pool_id>/", views.pool_detail, name="pool_detail"),
    path("pools/<int:pool_id>/edit/", views.pool_edit, name="pool_edit"),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/new/", import_views.import_create, name="import_create"),
    path("imports/<int:job_id>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:job_id>/mapping/", import_views.import_mapping, name="import_mapping"),
    path("imports/<int:job_id>/apply/", import_views.import_apply, name="import_apply"),
    path("imports/<int:job_id>/continue/", import_views.import_continue, name="import_continue"),
    path("imports/<int:job_id>/errors.csv", import_views.import_errors, name="import_errors"),
    path("export/", views.candidate_export, name="export"),
]
