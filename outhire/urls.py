from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("outhire.accounts.urls")),
    path("candidates/", include("outhire.candidates.urls")),
    path("requisitions/", include("outhire.requisitions.urls")),
    path("", include("outhire.engagements.urls")),
    path("api/v1/", include("outhire.api.urls")),
    path("", include("outhire.pipeline.urls")),
    path("", include("outhire.screening.urls")),
]
