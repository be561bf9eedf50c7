"""The candidate page's "add to requisition" (the view is pipeline's candidate_views)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client

from outhire.pipeline.models import Application
from outhire.requisitions import services as requisitions
from outhire.testing import login


def _url(candidate) -> str:
    return f"/candidates/{candidate.pk}/add-to-requisition/"


@pytest.fixture
def globex_requisition(globex, sam):
    req = requisitions.requisition_create(client=globex, by=sam, fields={"title": "Globex Chemist"})
    requisitions.requisition_submit(requisition=req, by=sam)
    return req


def test_the_candidate_page_offers_the_open_requisitions_one_works_on(
    client, rita, ada, requisition, globex_requisition
):
    login(client, rita)
    page = client.get(f"/candidates/{ada.pk}/").content.decode()
    assert 'id="add-to-requisition"' in page
    assert "Robotics Engineer (Acme" in page and f'value="{requisition.pk}"' in page
    assert "Globex Chemist" not in page  # not a client Rita serves


def test_it_adds_the_candidate_sourced_by_the_recruiter(client, rita, ada, requisition):
    login(client, rita)
    response = client.post(_url(ada), {"requisition": requisition.pk}, follow=True)
    application = Application.objects.get(candidate=ada, requisition=requisition)
    assert application.stage.kind == "sourced" and application.source == "sourced"
    assert application.owner == rita
    assert response.redirect_chain[-1][0] == f"/candidates/{ada.pk}/"
    page = response.content.decode()
    assert "Ada Lovelace is added to the pipeline of" in page
    assert f'href="/applications/{application.pk}/"' in page


def test_a_second_add_says_where_the_candidate_already_is(client, rita, ada, requisition):
    login(client, rita)
    client.post(_url(ada), {"requisition": requisition.pk})
    page = client.post(_url(ada), {"requisition": requisition.pk}, follow=True).content.decode()
    application = Application.objects.get(candidate=ada, requisition=requisition)
    assert "Ada Lovelace is already in the pipeline of" in page
    assert f'<a href="/applications/{application.pk}/">Robotics Engineer</a>' in page


def test_another_clients_or_a_closed_or_a_junk_requisition_is_refused(
    client, rita, ada, requisition, globex_requisition
):
    login(client, rita)
    requisitions_before = Application.objects.count()
    for value in (globex_requisition.pk, "junk", "", 10**12):
        page = client.post(_url(ada), {"requisition": value}, follow=True).content.decode()
        assert "Choose one of the open requisitions you work on" in page or (
            "This field is required" in page
        )
        assert "Globex Chemist" not in page
    assert Application.objects.count() == requisitions_before


def test_only_provider_staff_who_may_write_see_or_use_it(
    client, carla, hank, gina, ada, requisition
):
    for user in (carla, hank, gina):
        login(client, user)
        assert client.post(_url(ada), {"requisition": requisition.pk}).status_code == 404
    assert not Application.objects.filter(candidate=ada).exists()


def test_a_merged_or_unknown_candidate_is_404(client, rita, requisition, make_candidate):
    gone = make_candidate("Gone", "Away")
    kept = make_candidate("Kept", "Here")
    gone.merged_into = kept
    gone.save(update_fields=["merged_into"])
    login(client, rita)
    assert client.post(_url(gone), {"requisition": requisition.pk}).status_code == 404
    assert client.post("/candidates/999999/add-to-requisition/", {}).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_makes_one_application(rita, requisition, ada):
    """Two (here six) clicks at once: the unique constraint keeps one application, and every
    click gets the candidate page back, never an error page."""
    barrier = threading.Barrier(6)
    codes: list = []

    def click() -> None:
        browser = Client(raise_request_exception=False)
        try:
            login(browser, rita)
            barrier.wait(timeout=30)
            codes.append(browser.post(_url(ada), {"requisition": requisition.pk}).status_code)
        except Exception as error:  # noqa: BLE001 - reported to the test as a result
            codes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert codes == [302] * 6
    assert Application.objects.filter(candidate=ada, requisition=requisition).count() == 1
