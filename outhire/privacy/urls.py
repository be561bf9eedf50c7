"""/privacy/: the data protection officer's pages. Each part keeps its own routes."""

from __future__ import annotations

from outhire.privacy import records_urls, requests_urls, retention_urls

app_name = "privacy"

urlpatterns: list = [
    *requests_urls.urlpatterns,
    *retention_urls.urlpatterns,
    *records_urls.urlpatterns,
]
