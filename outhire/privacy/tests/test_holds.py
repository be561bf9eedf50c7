"""Legal holds: placed from a candidate's or a requisition's page, listed, released; provider
admins only; a banner where the data is held."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Candidate
from outhire.privacy import retention
from outhire.privacy.models import LegalHold
from outhire.privacy.tests import retention_world
from outhire.privacy.tests.retention_world import months_after
from outhire.testing import login, make_persona, shared_data


@contextmanager
def counted() -> Iterator[list[str]]:
    found: list[str] = []

    def count(execute, sql, params, many, context):
        found.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield found


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_data(django_db_blocker, tmp_path_factory.mktemp("holds")):
        world = retention_world.build()
        world["hank"] = make_persona("hank", world["acme"])
        world["hold"] = LegalHold.objects.get(requisition=world["acme_held"])
        yield world


@pytest.fixture
def world(built, db):
    return built


def _urls(world) -> list[str]:
    return [
        reverse("privacy:hold_list"),
        reverse("privacy:hold_place_candidate", args=[world["people"]["idle"].pk]),
        reverse("privacy:hold_place_requisition", args=[world["acme_fr"].pk]),
        reverse("privacy:hold_release", args=[world["hold"].pk]),
    ]


@pytest.mark.parametrize("who", ["rita", "carla", "sam"])
def test_only_provider_admins_reach_the_hold_pages(client, world, who):
    login(client, world[who])
    listing, *forms = _urls(world)
    assert client.get(listing).status_code == 403
    for url in forms:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"reason": "Mine"}).status_code == 403, url
    assert LegalHold.objects.filter(released_at__isnull=True).count() == 2


def test_a_hold_is_placed_on_a_candidate_from_their_page(client, world):
    login(client, world["alice"])
    idle = world["people"]["idle"]
    page = client.get(reverse("candidates:candidate_detail", args=[idle.pk])).content.decode()
    url = reverse("privacy:hold_place_candidate", args=[idle.pk])
    assert url in page and "Legal hold</strong> since" not in page
    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 400 and "This field is required" in empty.content.decode()
    assert client.post(url, {"reason": "Employment tribunal claim ET/123"}).status_code == 302
    hold = LegalHold.objects.get(candidate=idle)
    assert hold.placed_by == world["alice"] and hold.is_active
    event = AuditEvent.objects.get(action="privacy.legal_hold_placed")
    assert "tribunal" not in str(event.changes)
    page = client.get(reverse("candidates:candidate_detail", args=[idle.pk])).content.decode()
    assert "Legal hold</strong> since" in page
    # The hold stops retention.
    due, held = retention.retention_due(now=months_after(25))
    assert idle.pk not in {record.candidate_id for record in due} and held == 3


def test_recruiters_see_the_banner_but_not_the_button(client, world):
    login(client, world["rita"])
    person = world["people"]["held_person"]
    page = client.get(reverse("candidates:candidate_detail", args=[person.pk])).content.decode()
    assert "Legal hold</strong> since" in page
    assert reverse("privacy:hold_place_candidate", args=[person.pk]) not in page


def test_a_hold_is_placed_on_a_requisition_from_its_page(client, world):
    login(client, world["alice"])
    requisition = world["acme_fr"]
    detail = reverse("requisitions:requisition_detail", args=[requisition.pk])
    url = reverse("privacy:hold_place_requisition", args=[requisition.pk])
    assert url in client.get(detail).content.decode()
    form = client.get(url).content.decode()
    assert "everyone who applied to it" in form and "Engineer in Paris" in form
    assert client.post(url, {"reason": "Regulator's audit"}).status_code == 302
    assert LegalHold.objects.filter(requisition=requisition, released_at__isnull=True).exists()
    assert "Legal hold</strong> since" in client.get(detail).content.decode()
    # The rejected and hired people of that requisition are held now.
    due, held = retention.retention_due(now=months_after(6))
    assert world["ids"]["rejected_fr"] not in {record.candidate_id for record in due}
    assert held == 4


def test_the_client_does_not_see_the_hold(client, world):
    login(client, world["carla"])
    detail = reverse("requisitions:requisition_detail", args=[world["acme_held"].pk])
    page = client.get(detail).content.decode()
    assert "Legal hold" not in page


def test_the_list_shows_active_holds_in_constant_queries(client, world):
    login(client, world["alice"])
    url = reverse("privacy:hold_list")
    with counted() as few:
        page = client.get(url).content.decode()
    assert "Tribunal claim" in page and "Audit of this requisition" in page
    for person in Candidate.objects.filter(last_name="Retentiontest")[:5]:
        retention.legal_hold_place(candidate=person, reason="More", by=world["alice"])
    retention.legal_hold_release(hold=world["hold"], by=world["alice"])
    with counted() as more:
        assert client.get(url).status_code == 200
    assert 0 < len(more) == len(few) < 20


def test_a_hold_is_released_once(client, world):
    login(client, world["alice"])
    url = reverse("privacy:hold_release", args=[world["hold"].pk])
    assert "Release the hold" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Legal hold released" in response.content.decode()
    hold = LegalHold.objects.get(pk=world["hold"].pk)
    assert hold.released_by == world["alice"] and hold.released_at is not None
    assert AuditEvent.objects.filter(action="privacy.legal_hold_released").count() == 1
    again = client.post(url, follow=True)
    assert "already been released" in again.content.decode()
    assert AuditEvent.objects.filter(action="privacy.legal_hold_released").count() == 1
    assert world["ids"]["held_requisition"] in {
        record.candidate_id for record in retention.retention_due(now=months_after(6))[0]
    }


def test_a_hold_is_on_one_thing(world):
    with pytest.raises(ValueError):
        retention.legal_hold_place(reason="x", by=None)
    with pytest.raises(ValueError):
        retention.legal_hold_place(
            reason="x", by=None, candidate=world["people"]["idle"], requisition=world["acme_fr"]
        )
