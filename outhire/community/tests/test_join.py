from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from outhire.candidates.models import Candidate, Consent
from outhire.candidates.services import candidate_create
from outhire.community import services
from outhire.community.models import Community, Member
from outhire.community.periods import add_months, describe_months
from outhire.community.tests.helpers import link_in

JOIN = {
    "first_name": "Jo",
    "last_name": "Joiner",
    "email": "jo@example.test",
    "interests": "robotics, embedded software",
    "location": "Lyon",
    "consent": "on",
}


def test_the_join_page_shows_the_consent_period(client, acme, settings):
    settings.OUTHIRE_COMMUNITY_CONSENT_MONTHS = 18
    page = client.get(reverse("community:join_client", args=[acme.slug])).content.decode()
    assert "Acme Robotics talent community" in page
    assert "18 months" in page
    assert 'for="id_email"' in page and 'for="id_consent"' in page


def test_joining_needs_confirmation_before_anything_is_sent(
    client, acme, django_capture_on_commit_callbacks
):
    url = reverse("community:join_client", args=[acme.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, JOIN)
    assert response.status_code == 302 and response["Location"] == reverse("community:joined")
    member = Member.objects.get()
    assert member.community.client == acme and member.confirmed_at is None
    assert member.interests == "robotics, embedded software" and member.location == "Lyon"
    assert member.candidate.email == "jo@example.test"
    assert not Consent.objects.exists()
    assert services.Segment(community=member.community).count() == 0
    (message,) = mail.outbox
    assert message.to == ["jo@example.test"]
    confirm = link_in(message, "confirm")
    assert "jo@example.test" not in confirm
    # The link asks first (mail scanners open links), then a button confirms
    assert client.get(confirm).status_code == 200
    assert Member.objects.get().confirmed_at is None
    assert client.post(confirm).status_code == 200
    member.refresh_from_db()
    assert member.confirmed_at is not None
    consent = member.consent
    assert (consent.purpose, consent.method) == ("talent_pool", "web_form")
    expected = add_months(consent.given_at, 24)
    assert abs(consent.expires_at - expected) < timedelta(seconds=1)
    assert services.Segment(community=member.community).count() == 1


def test_the_provider_community_works_the_same(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:join"), JOIN)
    member = Member.objects.get()
    assert member.community.client is None
    assert member.community.name == services.PROVIDER_COMMUNITY_NAME


def test_an_existing_candidate_is_matched_and_never_changed(client, acme, rita):
    known = candidate_create(
        by=rita, first_name="Joanna", last_name="Known", emails=["JO@example.test"]
    )
    client.post(reverse("community:join_client", args=[acme.slug]), JOIN)
    assert Candidate.objects.count() == 1
    known.refresh_from_db()
    assert (known.first_name, known.last_name, known.location) == ("Joanna", "Known", "")
    assert Member.objects.get().candidate == known


def test_bad_input_keeps_what_was_typed(client, acme):
    data = {**JOIN, "email": "not an address"}
    del data["consent"]
    response = client.post(reverse("community:join_client", args=[acme.slug]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tick this box to join" in body and "robotics, embedded software" in body
    assert not Member.objects.exists() and not Candidate.objects.exists()


def test_the_honeypot_and_the_rate_limit(client, acme, settings):
    url = reverse("community:join_client", args=[acme.slug])
    response = client.post(url, {**JOIN, "website": "http://spam.test"})
    assert response.status_code == 302 and not Member.objects.exists()
    settings.OUTHIRE_COMMUNITY_JOINS_PER_HOUR = 2
    client.post(url, JOIN)
    assert client.post(url, JOIN).status_code == 429


def test_an_old_or_forged_confirmation_link_does_nothing(
    client, acme, django_capture_on_commit_callbacks, time_machine
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:join_client", args=[acme.slug]), JOIN)
    confirm = link_in(mail.outbox[0], "confirm")
    assert client.post(confirm[:-3] + "xx/").status_code == 404
    time_machine.move_to(timezone.now() + timedelta(days=15))
    assert client.post(confirm).status_code == 404
    assert Member.objects.get().confirmed_at is None


def test_an_unknown_or_inactive_client_has_no_join_page(client, acme):
    assert client.get(reverse("community:join_client", args=["nobody"])).status_code == 404
    acme.is_active = False
    acme.save()
    assert client.get(reverse("community:join_client", args=[acme.slug])).status_code == 404
    assert not Community.objects.exists()


def test_the_join_and_confirm_pages_work_with_csrf_checks(acme, django_capture_on_commit_callbacks):
    browser = HttpClient(enforce_csrf_checks=True)
    url = reverse("community:join_client", args=[acme.slug])
    browser.get(url)
    token = browser.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url, {**JOIN, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_month_arithmetic():
    from datetime import datetime

    assert add_months(datetime(2026, 1, 31), 1) == datetime(2026, 2, 28)
    assert add_months(datetime(2026, 11, 15), 24) == datetime(2028, 11, 15)
    assert describe_months(24) == "2 years" and describe_months(18) == "18 months"
    assert describe_months(12) == "1 year" and describe_months(1) == "1 month"
