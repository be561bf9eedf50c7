"""URLs of messages, comments and notifications; included into the `pipeline` namespace."""

from __future__ import annotations

from django.urls import path

from outhire.pipeline.communication import views

urlpatterns = [
    path(
        "messages/templates/<slug:slug>/",
        views.message_templates,
        name="message_templates",
    ),
    path(
        "messages/templates/edit/<int:message_template_id>/",
        views.message_template_edit,
        name="message_template_edit",
    ),
    path(
        "messages/templates/edit/<int:message_template_id>/translations/<str:language>/",
        views.message_template_translation,
        name="message_template_translation",
    ),
    path("messages/sender/<slug:slug>/", views.sender_identity, name="sender_identity"),
    path(
        "applications/<int:application_id>/messages/",
        views.application_messages,
        name="application_messages",
    ),
    path(
        "requisitions/<int:requisition_id>/comments/",
        views.requisition_comments,
        name="requisition_comments",
    ),
    path(
        "applications/<int:application_id>/comments/",
        views.application_comments,
        name="application_comments",
    ),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("notifications/", views.notification_list, name="notification_list"),
    path(
        "notifications/<int:notification_id>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
]
