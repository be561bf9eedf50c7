"""URLs of the public apply flow, in the careers namespace (included by careers/urls.py)."""

from __future__ import annotations

from django.urls import path

from outhire.careers import apply_views
from outhire.lib import ids  # noqa: F401 (registers the <id:...> converter)

urlpatterns: list = [
    path(
        "<slug:slug>/jobs/<id:requisition_id>/apply/",
        apply_views.apply,
        name="apply",
    ),
    path(
        "<slug:slug>/jobs/<id:requisition_id>/apply/thanks/",
        apply_views.apply_done,
        name="apply_done",
    ),
]
