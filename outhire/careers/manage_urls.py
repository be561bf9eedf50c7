"""The staff pages of careers sites and postings (not language-prefixed, unlike the public ones)."""

from __future__ import annotations

from django.urls import path

from outhire.careers import manage_views
from outhire.lib import ids  # noqa: F401 (registers the <id:...> converter)

app_name = "careers_manage"

urlpatterns: list = [
    path(
        "requisitions/<id:requisition_id>/postings/",
        manage_views.postings,
        name="postings",
    ),
    path("sites/", manage_views.site_list, name="site_list"),
    path("sites/<slug:slug>/", manage_views.site_edit, name="site_edit"),
    path("sites/<slug:slug>/preview/", manage_views.site_preview, name="site_preview"),
]
