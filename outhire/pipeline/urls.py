from __future__ import annotations

from django.urls import path

from outhire.pipeline import candidate_views, views
from outhire.pipeline.communication.urls import urlpatterns as communication_urlpatterns

app_name = "pipeline"

urlpatterns = [
    # Board and client portal (pipeline views).
    path("requisitions/<int:requisition_id>/board/", views.board, name="board"),
    path("requisitions/<int:requisition_id>/board/bulk/", views.board_bulk, name="board_bulk"),
    path(
        "requisitions/<int:requisition_id>/applications/new/",
        views.application_create,
        name="application_create",
    ),
    path(
        "requisitions/<int:requisition_id>/candidates/",
        views.portal_candidates,
        name="portal_candidates",
    ),
    path(
        "candidates/<int:candidate_id>/add-to-requisition/",
        candidate_views.candidate_add_to_requisition,
        name="candidate_add_to_requisition",
    ),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:application_id>/move/", views.application_move, name="application_move"
    ),
    path(
        "applications/<int:application_id>/move/preview/",
        views.application_move_preview,
        name="application_move_preview",
    ),
    path(
        "applications/<int:application_id>/reject/",
        views.application_reject,
        name="application_reject",
    ),
    path(
        "applications/<int:application_id>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:application_id>/reopen/",
        views.application_reopen,
        name="application_reopen",
    ),
    path("applications/<int:application_id>/advance/", views.portal_advance, name="portal_advance"),
    path("applications/<int:application_id>/decline/", views.portal_decline, name="portal_decline"),
    # End of board and client portal.
]

# Messages, comments and notifications: communication/urls.py.
urlpatterns += communication_urlpatterns
