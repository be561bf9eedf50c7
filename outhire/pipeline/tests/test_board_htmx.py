"""The board's cards (what a recruiter reads on them) and its moves sent by htmx."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outhire.candidates.services import candidate_create
from outhire.interviews.models import Interview, Scorecard
from outhire.pipeline import services
from outhire.pipeline.models import Application
from outhire.pipeline.tests.test_board import _bulk_applications, board_url
from outhire.requisitions.models import DispositionReason
from outhire.screening.models import ScoreLog
from outhire.testing import login

HTMX = {"HTTP_HX_REQUEST": "true"}


def htmx_move(client, application, stage, *, version=None):
    return client.post(
        reverse("pipeline:application_move", args=[application.pk]),
        {"stage": stage.pk, "version": version or application.version, "next": "/back/"},
        **HTMX,
    )


def _card(text: str, application) -> str:
    """The card of `application` in a page or fragment: up to the next card or the list's end."""
    start = text.find(f'id="application-{application.pk}"')
    assert start >= 0, f"no card of application {application.pk}"
    ends = [text.find(mark, start) for mark in ('<li class="board-card', "</ol>", 'id="count-')]
    return text[start : min([e for e in ends if e > 0] or [len(text)])]


def _details(application, rita, *, now):
    """An upcoming interview, an overdue scorecard of a past one, a match score and a twin."""
    client_id = application.client_id
    Interview.objects.create(
        client_id=client_id,
        application=application,
        title="Panel",
        status="scheduled",
        starts_at=now + timedelta(days=3),
    )
    past = Interview.objects.create(
        client_id=client_id,
        application=application,
        title="Phone screen",
        status="completed",
        starts_at=now - timedelta(days=4),
    )
    Scorecard.objects.create(
        client_id=client_id, interview=past, interviewer=rita, due_at=now - timedelta(days=1)
    )
    for score, minutes in ((41.0, 60), (86.4, 5)):  # the later one counts
        ScoreLog.objects.create(
            client_id=client_id,
            requisition=application.requisition,
            candidate=application.candidate,
            application=application,
            matcher_version="2.1",
            input_digest="0" * 64,
            score=score,
            shown_at=now - timedelta(minutes=minutes),
        )


def test_a_card_shows_what_a_recruiter_needs(client, rita, requisition, make_application):
    now = timezone.now()
    application = make_application("Ada", "Lovelace", source="careers_site")
    Application.objects.filter(pk=application.pk).update(
        moved_at=now - timedelta(days=6), needs_review=True
    )
    _details(application, rita, now=now)
    # Another record with the same e-mail address: likely the same person.
    ada = application.candidate
    candidate_create(by=rita, first_name="Ada", last_name="L.", emails=["ada@example.test"])
    ada.contact_points.create(kind="email", value="ada@example.test")
    quiet = make_application("Grace", "Hopper")
    login(client, rita)
    text = client.get(board_url(requisition)).content.decode()

    card = _card(text, application)
    assert "6 days in stage" in card
    assert "Careers site" in card and "careers_site" not in card
    assert "Interview " in card and "86<span" in card and "41<span" not in card
    assert "Feedback overdue (1)" in card
    assert "Possible duplicate" in card
    assert "Knockout answer to review" in card
    quiet_card = _card(text, quiet)
    for word in ("Interview ", "Feedback overdue", "Possible duplicate", "match score"):
        assert word not in quiet_card


@pytest.mark.django_db
def test_card_details_cost_the_same_queries_for_many_cards(client, rita, requisition):
    login(client, rita)
    _bulk_applications(requisition, rita, 7)
    now = timezone.now()
    for application in Application.objects.filter(requisition=requisition).order_by("pk")[:1]:
        _details(application, rita, now=now)
    with CaptureQueriesContext(connection) as few:
        client.get(board_url(requisition))
    _bulk_applications(requisition, rita, 300)
    for application in Application.objects.filter(requisition=requisition).order_by("pk")[1:40]:
        _details(application, rita, now=now)
    with CaptureQueriesContext(connection) as many:
        text = client.get(board_url(requisition)).content.decode()
    assert text.count("Feedback overdue (1)") == 40
    assert len(few) == len(many)


def test_a_move_by_htmx_answers_with_the_card_for_its_new_column(
    client, rita, requisition, make_application, stage
):
    application = make_application("Ada", "Lovelace")
    make_application("Grace", "Hopper")
    login(client, rita)
    response = htmx_move(client, application, stage("applied"))
    assert response.status_code == 200
    assert response["HX-Reswap"] == "delete"  # the card leaves its old column
    text = response.content.decode()
    applied, sourced = stage("applied").pk, stage("sourced").pk
    assert f'<div hx-swap-oob="afterbegin:#cards-{applied}">' in text
    assert _card(text, application)
    # The card's form now proposes the stage after Applied, and keeps where to come back to.
    assert f'<option value="{stage("screen").pk}" selected>' in text
    assert 'name="next" value="/back/"' in text
    assert re.search(rf'id="count-{applied}"[^>]*hx-swap-oob="true">1<', text)
    assert re.search(rf'id="count-{sourced}"[^>]*hx-swap-oob="true">1<', text)
    assert "Ada Lovelace moved to Applied." in text and 'id="messages"' in text
    application.refresh_from_db()
    assert application.stage == stage("applied")


def test_a_stale_move_by_htmx_puts_the_card_where_it_is_and_says_who_moved_it(
    client, rita, requisition, make_application, stage
):
    application = make_application("Ada", "Lovelace")
    seen = application.version
    services.application_move(application=application, to_stage=stage("interview"), by=rita)
    login(client, rita)
    response = htmx_move(client, application, stage("screen"), version=seen)
    assert response.status_code == 409
    assert response["HX-Reswap"] == "delete"
    text = response.content.decode()
    assert f'hx-swap-oob="afterbegin:#cards-{stage("interview").pk}"' in text
    assert 'role="alert">Ada Lovelace was moved to Interviews by Rita Recruiter at' in text
    application.refresh_from_db()
    assert application.stage == stage("interview")


def test_a_refused_move_by_htmx_keeps_the_card_in_place_with_the_reason(
    client, rita, requisition, make_application, stage
):
    application = make_application("Ada", "Lovelace")
    reason = DispositionReason.objects.get(name="No longer interested")
    services.application_reject(
        application=application, by=rita, disposition=reason, withdrawn=True
    )
    login(client, rita)
    response = htmx_move(client, application, stage("screen"))
    assert response.status_code == 422
    assert "HX-Reswap" not in response  # swapped over the card itself
    text = response.content.decode()
    assert 'hx-swap-oob="afterbegin' not in text
    assert "withdrawn: reopen it first" in _card(text, application)
    application.refresh_from_db()
    assert application.stage == stage("sourced")


def test_an_invalid_move_by_htmx_says_why_on_the_card(client, rita, make_application):
    application = make_application("Ada", "Lovelace")
    login(client, rita)
    response = client.post(
        reverse("pipeline:application_move", args=[application.pk]),
        {"stage": "", "version": application.version},
        **HTMX,
    )
    assert response.status_code == 422
    assert 'role="alert">' in _card(response.content.decode(), application)


def test_a_move_needing_confirmation_by_htmx_opens_the_dialog(
    client, rita, requisition, make_application, stage
):
    application = make_application("Ada", "Lovelace")
    login(client, rita)
    response = htmx_move(client, application, stage("submitted"))  # skips two stages
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#move-dialog"
    assert response["HX-Trigger-After-Swap"] == "outhire:confirm-move"
    text = response.content.decode()
    assert "This skips 2 stages" in text and "<html" not in text
    application.refresh_from_db()
    assert application.stage == stage("sourced")


def test_filters_and_bulk_actions_are_folded_unless_a_filter_is_in_use(
    client, rita, requisition, make_application
):
    make_application("Ada", "Lovelace")
    login(client, rita)
    text = client.get(board_url(requisition)).content.decode()
    assert '<details class="board-tool">\n    <summary>Filter</summary>' in text
    text = client.get(board_url(requisition), {"q": "ada"}).content.decode()
    assert '<details class="board-tool" open>\n    <summary>Filter (in use)</summary>' in text


def test_a_card_escapes_what_people_typed(client, rita, requisition, make_application):
    application = make_application('<img src=x onerror="alert(1)">', "O'Brien & Sons")
    Application.objects.filter(pk=application.pk).update(source="<b>fair</b>")
    candidate = application.candidate
    candidate.current_title = "<script>alert(2)</script>"
    candidate.save()
    login(client, rita)
    card = _card(client.get(board_url(requisition)).content.decode(), application)
    assert "<img" not in card and "<script>" not in card and "<b>" not in card
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; O&#x27;Brien &amp; Sons" in card
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in card
    assert "&lt;b&gt;fair&lt;/b&gt;" in card
