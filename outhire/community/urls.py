from __future__ import annotations

from django.urls import path

from outhire.community import views

app_name = "community"

urlpatterns = [
    path("community/", views.community_list, name="community_list"),
    path("community/join/", views.join, name="join"),
    path("community/joined/", views.joined, name="joined"),
    path("community/confirm/<str:token>/", views.confirm, name="confirm"),
    path("community/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("community/campaigns/", views.campaign_list, name="campaign_list"),
    path("community/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("community/campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path(
        "community/campaigns/<int:campaign_id>/resume/",
        views.campaign_resend,
        name="campaign_resume",
    ),
    path("community/<int:community_id>/", views.community_detail, name="community_detail"),
    path("community/<slug:slug>/join/", views.join_client, name="join_client"),
]
