"""/privacy/: the data protection officer's overview."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outhire.accounts import audit
from outhire.candidates.models import Candidate
from outhire.privacy.models import Breach, DataRequest, LegalHold, RetentionRun
from outhire.testing import login

pytestmark = pytest.mark.django_db
URL = reverse("privacy:overview")


def _work(n: int) -> None:
    now = timezone.now()
    for i in range(n):
        person = Candidate.objects.create(first_name="Person", last_name=f"Number {i}")
        DataRequest.objects.create(
            candidate=person, kind="access", received_at=now - timedelta(days=40)
        )
        DataRequest.objects.create(
            candidate=person, kind="erasure", received_at=now - timedelta(days=25)
        )
        LegalHold.objects.create(candidate=person, reason="Claim")
        Breach.objects.create(summary=f"Laptop lost {i}", discovered_at=now - timedelta(days=4))
        audit.record("privacy.erased", changes={"record": f"Candidate #{person.pk}"})
        audit.record("privacy.erasure_verified", changes={"clean": i != 0, "findings": []})
    RetentionRun.objects.create(finished_at=now, counts={"anonymised": 3})


def test_it_shows_what_needs_the_officer_in_a_constant_number_of_queries(
    client, alice, django_assert_max_num_queries
):
    login(client, alice)
    _work(1)
    with django_assert_max_num_queries(12) as few:
        client.get(URL)
    _work(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(URL)
    text = page.content.decode()
    assert page.status_code == 200
    assert '<strong>14</strong> open, <span class="overdue">7 overdue</span>' in text
    assert "7 due within a week" in text
    assert "<strong>7</strong> active legal holds" in text
    assert "3 anonymised" in text
    assert "2 with findings to look at" in text  # the first of each batch
    assert "7 past 72 hours and not reported" in text
    assert reverse("privacy:breach_list") in text


def test_a_recruiter_sees_the_overview_without_the_admin_links(client, rita):
    login(client, rita)
    page = client.get(URL)
    assert page.status_code == 200
    assert reverse("privacy:request_list") in page.content.decode()
    assert reverse("privacy:breach_list") not in page.content.decode()


def test_client_users_do_not_find_it(client, carla):
    login(client, carla)
    assert client.get(URL).status_code == 404
    assert reverse("privacy:overview") not in client.get(reverse("work:home")).content.decode()
