"""URLs of the public apply flow, in the careers namespace (included by careers/urls.py)."""

from __future__ import annotations

from django.urls import path

from outhire.careers.apply import views
from outhire.lib import ids  # noqa: F401 (registers the <id:...> converter)

urlpatterns: list = [
    path(
        "<slug:slug>/jobs/<id:requisition_id>/apply/",
        views.apply,
        name="apply",
    ),
    path(
        "<slug:slug>/jobs/<id:requisition_id>/apply/thanks/",
        views.apply_done,
        name="apply_done",
    ),
]
