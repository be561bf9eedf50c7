from __future__ import annotations

from django.urls import path

from outhire.preboarding import views

app_name = "preboarding"

urlpatterns = [
    path("hires/<int:hire_id>/preboarding/", views.checklist, name="checklist"),
    path(
        "hires/<int:hire_id>/preboarding/items/<int:preboarding_item_id>/",
        views.item_action,
        name="item_action",
    ),
    path("hires/<int:hire_id>/preboarding/hand-over/", views.hand_over, name="hand_over"),
    path("hires/<int:hire_id>/preboarding/welcome/", views.welcome_send, name="welcome_send"),
    path("preboarding/setup/<slug:slug>/", views.setup, name="setup"),
    path("welcome/<str:token>/", views.welcome, name="welcome"),
]
