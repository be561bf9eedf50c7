from __future__ import annotations

from django.urls import path

from outhire.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("sent/", views.sent, name="sent"),
    path("link/<str:token>/", views.link, name="link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path(
        "applications/<int:application_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
    path("details/", views.details, name="details"),
    path("email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("consents/", views.consents, name="consents"),
    path("data/", views.data, name="data"),
    path("data/download/", views.download, name="download"),
    path("data/erase/", views.erase, name="erase"),
]
