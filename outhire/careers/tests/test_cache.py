"""Caching of the public pages and feeds: served from the cache, stale never."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from outhire.careers import services
from outhire.careers.models import CareerSite
from outhire.careers.tests.site_fixtures import open_requisition, post, text
from outhire.requisitions import services as requisitions
from outhire.testing import login

pytestmark = pytest.mark.django_db

SITE = "/careers/acme/"
INDEED = "/careers/acme/feeds/indeed.xml"
BOARD = "/careers/"


def test_a_second_visit_is_served_from_the_cache(client, job, django_assert_num_queries):
    for url in (SITE, INDEED, BOARD, f"/careers/acme/jobs/{job.pk}/"):
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content


def test_query_parameters_the_page_does_not_read_share_one_entry(
    client, job, django_assert_num_queries
):
    client.get(SITE + "?q=robot")
    with django_assert_num_queries(0):
        client.get(SITE + "?q=robot&fbclid=abc&junk=1")


def test_it_sends_sensible_headers_and_answers_not_modified(client, job):
    response = client.get(SITE)
    assert response["Cache-Control"] == f"public, max-age={settings.OUTHIRE_CAREERS_MAX_AGE}"
    assert "Cookie" in response["Vary"]
    assert response.cookies == {} or "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies
    etag = response["ETag"]
    assert client.get(SITE, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(SITE).status_code == 200
    missing = client.get("/careers/nobody/")
    assert missing.status_code == 404 and missing["Cache-Control"] == "no-cache"


def test_a_new_title_shows_at_once(client, job, rita):
    client.get(SITE), client.get(INDEED), client.get(BOARD)
    requisitions.requisition_update(
        requisition=job,
        by=rita,
        fields={"title": "Chief Robot Listener"},
        expected_version=job.version,
    )
    for url in (SITE, INDEED, BOARD):
        assert "Chief Robot Listener" in text(client.get(url)), url


def test_withdrawing_a_posting_removes_the_job_at_once(client, job, rita):
    assert "Senior Robot Whisperer" in text(client.get(SITE))
    services.posting_withdraw(posting=job.postings.get(channel="careers"), by=rita)
    assert "Senior Robot Whisperer" not in text(client.get(SITE))
    assert "Senior Robot Whisperer" in text(client.get(INDEED))  # still live there


def test_a_requisition_put_on_hold_leaves_every_page_at_once(client, job, rita):
    url = f"/careers/acme/jobs/{job.pk}/"
    assert client.get(url).status_code == 200
    client.get(INDEED), client.get(BOARD)
    requisitions.requisition_hold(requisition=job, by=rita, reason="Budget")
    assert client.get(url).status_code == 404
    assert "Senior Robot Whisperer" not in text(client.get(INDEED))
    assert "Senior Robot Whisperer" not in text(client.get(BOARD))


def test_branding_changes_show_at_once(client, acme, job):
    client.get(SITE)
    CareerSite.objects.create(client=acme, benefits="Free robot oil")
    assert "Free robot oil" in text(client.get(SITE))
    acme.hero_text = "Robots need you"
    acme.save()
    assert "Robots need you" in text(client.get(SITE))
    acme.is_active = False
    acme.save()
    assert client.get(SITE).status_code == 404


def test_a_scheduled_posting_appears_on_time_without_any_save(client, acme, rita):
    start = timezone.now()
    soon = open_requisition(acme, rita, title="Scheduled Welder")
    post(
        soon,
        "careers",
        publish_at=start + timedelta(minutes=5),
        expires_at=start + timedelta(minutes=20),
    )
    with time_machine.travel(start, tick=False):
        assert "Scheduled Welder" not in text(client.get(SITE))
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert "Scheduled Welder" in text(client.get(SITE))
    with time_machine.travel(start + timedelta(minutes=21), tick=False):
        assert "Scheduled Welder" not in text(client.get(SITE))


def test_signed_in_visitors_bypass_the_cache(client, job, rita, django_assert_max_num_queries):
    client.get(SITE)
    login(client, rita)
    with django_assert_max_num_queries(20) as captured:
        response = client.get(SITE)
    assert response.status_code == 200 and len(captured) > 0
