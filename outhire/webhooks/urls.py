from __future__ import annotations

from django.urls import path

from outhire.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/<slug:slug>/", views.endpoint_list, name="endpoint_list"),
    path("webhooks/endpoints/<int:endpoint_id>/", views.endpoint_detail, name="endpoint_detail"),
    path(
        "webhooks/endpoints/<int:endpoint_id>/delete/",
        views.endpoint_delete,
        name="endpoint_delete",
    ),
    path(
        "webhooks/endpoints/<int:endpoint_id>/rotate/",
        views.endpoint_rotate,
        name="endpoint_rotate",
    ),
    path("webhooks/deliveries/<int:delivery_id>/", views.delivery_detail, name="delivery_detail"),
    path(
        "webhooks/deliveries/<int:delivery_id>/redeliver/",
        views.delivery_redeliver,
        name="delivery_redeliver",
    ),
]
