from __future__ import annotations

from django.urls import path

from outhire.approvals import views as chain
from outhire.offers import services, views

app_name = "offers"
CHAIN = {"kind": services.CHAIN}

urlpatterns = [
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/<int:application_id>/", views.offer_create, name="offer_create"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:offer_id>/submit/", views.offer_submit, name="offer_submit"),
    path("offers/<int:offer_id>/decide/", views.offer_decide, name="offer_decide"),
    path("offers/<int:offer_id>/send/", views.offer_send, name="offer_send"),
    path("offers/<int:offer_id>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:offer_id>/renegotiate/", views.offer_renegotiate, name="offer_renegotiate"),
    path("offers/<int:offer_id>/letter.pdf", views.offer_letter, name="offer_letter"),
    path("offers/setup/<slug:slug>/", views.offer_setup, name="offer_setup"),
    path("offers/approval-chain/<slug:slug>/", chain.chain_setup, CHAIN, name="offer_chain"),
    path(
        "offers/approval-chain/<slug:slug>/<int:offer_rule_id>/remove/",
        chain.chain_rule_remove,
        CHAIN,
        name="offer_rule_remove",
    ),
    path(
        "offers/approval-chain/<slug:slug>/<int:offer_rule_id>/move/",
        chain.chain_rule_move,
        CHAIN,
        name="offer_rule_move",
    ),
    path("offer/<str:token>/", views.offer_respond, name="offer_respond"),
    path("offer/<str:token>/letter.pdf", views.offer_respond_letter, name="offer_respond_letter"),
    path("hires/", views.hire_list, name="hire_list"),
    path("hires/<int:hire_id>/", views.hire_detail, name="hire_detail"),
    path("hires/<int:hire_id>/handoff.json", views.hire_handoff, name="hire_handoff"),
    path("hires/<int:hire_id>/left/", views.hire_left, name="hire_left"),
    path("hires/<int:hire_id>/reviews/<int:review_id>/", views.review_form, name="review_form"),
    path("hire-survey/<str:token>/", views.review_survey, name="review_survey"),
]
