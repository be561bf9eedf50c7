from __future__ import annotations

from django.urls import path

from outhire.onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("onboarding/<slug:slug>/", views.checklist, name="checklist"),
    path("onboarding/<slug:slug>/templates/", views.add_templates, name="add_templates"),
]
