from __future__ import annotations

import pytest

from outhire.candidates.models import Candidate
from outhire.testing import login

BASE = {"first_name": "Someone", "last_name": "Else", "source": "sourced"}


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ({"emails": "ADA@example.org"}, "same e-mail"),
        ({"phones": "+44 (20) 7946-0018"}, "same phone"),
        ({"linkedin_url": "https://linkedin.com/in/Ada-Lovelace?trk=x"}, "same LinkedIn profile"),
        (
            {
                "first_name": "Ada",
                "last_name": "Lovelase",
                "current_employer": "analytical engines",
            },
            "similar name and same employer",
        ),
    ],
)
def test_it_finds_a_duplicate_on_create(client, rita, ada, typed, reason):
    login(client, rita)
    response = client.post("/candidates/new/", {**BASE, **typed})
    assert response.status_code == 200
    body = response.content.decode()
    assert "may already be in the talent network" in body
    assert reason in body
    assert f'href="/candidates/{ada.pk}/"' in body
    assert 'name="allow_duplicate"' in body
    assert Candidate.objects.count() == 1


def test_it_keeps_the_typed_data_when_showing_duplicates(client, rita, ada):
    login(client, rita)
    body = client.post(
        "/candidates/new/", {**BASE, "emails": "ada@example.org", "location": "Paris"}
    ).content.decode()
    assert 'value="Someone"' in body and 'value="Paris"' in body
    assert "ada@example.org</textarea>" in body


def test_it_creates_anyway_when_confirmed(client, rita, ada):
    login(client, rita)
    response = client.post(
        "/candidates/new/", {**BASE, "emails": "ada@example.org", "allow_duplicate": "1"}
    )
    assert response.status_code == 302
    assert Candidate.objects.count() == 2


def test_a_different_person_is_not_a_duplicate(client, rita, ada):
    login(client, rita)
    response = client.post(
        "/candidates/new/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "current_employer": "Elsewhere",
            "source": "sourced",
        },
    )
    assert response.status_code == 302


def test_the_detail_page_lists_likely_duplicates(client, rita, ada, make_candidate):
    twin = make_candidate("Ada", "Lovelace", emails=["ada@example.org"])
    login(client, rita)
    body = client.get(f"/candidates/{twin.pk}/").content.decode()
    assert "Likely duplicates" in body
    assert f"/candidates/{twin.pk}/merge/{ada.pk}/" in body
