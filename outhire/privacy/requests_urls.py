"""/privacy/ routes of the requests pages."""

from __future__ import annotations

from django.urls import path

from outhire.privacy import requests_views as views

ONE = "privacy/requests/<int:data_request_id>/"

urlpatterns: list = [
    path("privacy/requests/", views.request_list, name="request_list"),
    path("privacy/requests/new/", views.request_create, name="request_create"),
    path(ONE, views.request_detail, name="request_detail"),
    path(f"{ONE}owner/", views.request_assign, name="request_assign"),
    path(f"{ONE}extend/", views.request_extend, name="request_extend"),
    path(f"{ONE}close/", views.request_close, name="request_close"),
    path(f"{ONE}export.zip", views.request_export, name="request_export"),
    path(f"{ONE}erase/", views.request_erase, name="request_erase"),
    path(f"{ONE}processing/", views.request_processing, name="request_processing"),
]
