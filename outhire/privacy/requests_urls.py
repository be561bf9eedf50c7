"""/privacy/ routes of the requests pages."""

from __future__ import annotations

from django.urls import path

from outhire.privacy import requests_views as views

urlpatterns: list = [
    path("privacy/requests/", views.request_list, name="request_list"),
    path("privacy/requests/new/", views.request_create, name="request_create"),
    path("privacy/requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("privacy/requests/<int:request_id>/owner/", views.request_assign, name="request_assign"),
    path("privacy/requests/<int:request_id>/extend/", views.request_extend, name="request_extend"),
    path("privacy/requests/<int:request_id>/close/", views.request_close, name="request_close"),
    path(
        "privacy/requests/<int:request_id>/export.zip",
        views.request_export,
        name="request_export",
    ),
    path("privacy/requests/<int:request_id>/erase/", views.request_erase, name="request_erase"),
    path(
        "privacy/requests/<int:request_id>/processing/",
        views.request_processing,
        name="request_processing",
    ),
]
