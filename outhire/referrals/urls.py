from __future__ import annotations

from django.urls import path

from outhire.referrals import views

app_name = "referrals"

urlpatterns = [
    path("r/<str:code>/", views.link_follow, name="link_follow"),
    path("referrals/", views.my_referrals, name="my_referrals"),
    path("referrals/links/", views.referral_links, name="referral_links"),
    path("referrals/links/new/", views.link_create, name="link_create"),
    path("referrals/new/", views.referral_create, name="referral_create"),
    path("referrals/clients/<slug:slug>/", views.client_referrals, name="client_referrals"),
    path("referrals/clients/<slug:slug>/policy/", views.policy_save, name="policy_save"),
    path("referrals/<int:referral_id>/pay/", views.bonus_pay, name="bonus_pay"),
]
