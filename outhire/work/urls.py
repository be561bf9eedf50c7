from __future__ import annotations

from django.urls import path

from outhire.work import views

app_name = "work"

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("work/<slug:key>/", views.item, name="item"),
]
