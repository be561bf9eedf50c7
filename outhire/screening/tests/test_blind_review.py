"""Blind review on the board, the application page and the client portal: on and off."""

from __future__ import annotations

from django.urls import reverse

from outhire.pipeline.services import application_move
from outhire.screening.models import ScreeningSettings
from outhire.testing import login


def _blind(acme, until="interview"):
    ScreeningSettings.objects.create(client=acme, blind_review=True, blind_until_kind=until)


def test_off_everyone_sees_names(client, rita, requisition, make_application):
    app = make_application("Ada", "Lovelace")
    login(client, rita)
    board = client.get(reverse("pipeline:board", args=[requisition.pk])).content.decode()
    detail = client.get(reverse("pipeline:application_detail", args=[app.pk])).content.decode()
    assert "Ada Lovelace" in board and "Ada Lovelace" in detail


def test_on_names_are_hidden_until_the_chosen_stage(
    client, acme, rita, hank, requisition, make_application, stage, django_assert_max_num_queries
):
    _blind(acme)
    app = make_application("Ada", "Lovelace")
    for n in range(5):
        make_application(f"Other{n}", "Person")
    login(client, rita)
    with django_assert_max_num_queries(40):
        board = client.get(reverse("pipeline:board", args=[requisition.pk])).content.decode()
    assert "Ada Lovelace" not in board and f"Candidate #{app.pk}" in board
    detail = client.get(reverse("pipeline:application_detail", args=[app.pk])).content.decode()
    assert "Lovelace" not in detail.split("<main")[1]

    application_move(application=app, to_stage=stage("submitted"), by=rita)
    login(client, hank)
    portal = reverse("pipeline:portal_candidates", args=[requisition.pk])
    html = client.get(portal).content.decode()
    assert "Ada Lovelace" not in html and f"Candidate #{app.pk}" in html

    app.refresh_from_db()
    application_move(application=app, to_stage=stage("interview"), by=rita)
    assert "Ada Lovelace" in client.get(portal).content.decode()


def test_the_client_admin_sets_it_and_it_is_audited(client, acme, carla):
    login(client, carla)
    url = reverse("screening:settings", args=[acme.slug])
    response = client.post(
        url, {"ai_ranking_enabled": "on", "blind_review": "on", "blind_until_kind": "offer"}
    )
    assert response.status_code == 302
    settings = ScreeningSettings.objects.get(client=acme)
    assert settings.blind_review and settings.blind_until_kind == "offer"
    assert 'value="offer" selected' in client.get(url).content.decode()


def test_the_ranked_applicants_hide_names_too(client, acme, rita, requisition, make_application):
    _blind(acme)
    app = make_application("Ada", "Lovelace")
    login(client, rita)
    page = client.get(reverse("screening:requisition_matches", args=[requisition.pk]))
    html = page.content.decode().split("<main")[1]
    assert page.status_code == 200
    assert "Lovelace" not in html and f"Candidate #{app.pk}" in html
    assert reverse("candidates:candidate_detail", args=[app.candidate_id]) not in html
