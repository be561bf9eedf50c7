"""/privacy/: the data protection officer's pages. Each part keeps its own routes."""

from __future__ import annotations

from django.urls import path

from outhire.privacy import home_views, records_urls, requests_urls, retention_urls

app_name = "privacy"

urlpatterns: list = [
    path("privacy/", home_views.home, name="overview"),
    *requests_urls.urlpatterns,
    *retention_urls.urlpatterns,
    *records_urls.urlpatterns,
]
