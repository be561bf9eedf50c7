from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("outhire.accounts.urls")),
    path("candidates/", include("outhire.candidates.urls")),
    path("api/v1/", include("outhire.api.urls")),
]
