"""A requisition's country, which picks the self-identification questions: in the requisition
form, the API (in and out) and the careers site's JobPosting JSON-LD."""

from __future__ import annotations

import pytest
from django.urls import reverse

from outhire.accounts import services as account_services
from outhire.careers import jobdata
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
)
from outhire.careers.selectors import job_record
from outhire.requisitions.models import Requisition, country_names
from outhire.testing import bearer, login

pytestmark = pytest.mark.django_db


def test_the_country_list_is_iso_3166_alpha_2_with_english_names():
    names = country_names()
    assert names["US"] == "United States" and names["DE"] == "Germany"
    assert names["GB"] == "United Kingdom"
    assert all(len(code) == 2 and code.isupper() for code in names)
    for not_a_country in ("EU", "UN", "ZZ", "QO", "XA", "001"):
        assert not_a_country not in names
    assert 240 < len(names) < 260


def test_the_requisition_form_offers_and_saves_the_country(client, rita, acme):
    login(client, rita)
    page = client.get(reverse("requisitions:requisition_create")).content.decode()
    assert 'name="country"' in page and '<option value="US">United States</option>' in page
    response = client.post(
        reverse("requisitions:requisition_create"),
        {
            "client": acme.pk,
            "title": "Robot Tamer",
            "country": "US",
            "remote_policy": "on_site",
            "employment_type": "permanent",
            "salary_currency": "USD",
            "openings": 1,
            "priority": "normal",
        },
    )
    assert response.status_code == 302
    assert Requisition.objects.get().country == "US"
    bad = client.post(
        reverse("requisitions:requisition_create"),
        {"client": acme.pk, "title": "Robot Tamer", "country": "QQ", "openings": 1},
    )
    assert bad.status_code == 400 and "country" in bad.context["form"].errors


def test_the_api_takes_and_gives_the_country(client, rita, acme):
    _, secret = account_services.api_token_create(name="Rita", client=None, can_write=True, by=rita)
    created = client.post(
        "/api/v1/requisitions",
        {"client_id": acme.pk, "title": "Welder", "country": "de"},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["country"] == "DE"
    url = f"/api/v1/requisitions/{body['id']}"
    assert client.get(url, headers=bearer(secret)).json()["country"] == "DE"
    changed = client.patch(
        url,
        {"country": "US", "version": body["version"]},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert changed.status_code == 200 and changed.json()["country"] == "US"
    cleared = client.patch(
        url,
        {"country": "", "version": changed.json()["version"]},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert cleared.status_code == 200 and cleared.json()["country"] == ""
    for bad in ("QQ", "USA", "1"):
        refused = client.patch(
            url,
            {"country": bad, "version": cleared.json()["version"]},
            content_type="application/json",
            headers=bearer(secret),
        )
        assert 400 <= refused.status_code < 500, (bad, refused.status_code)
    assert Requisition.objects.get(pk=body["id"]).country == ""


def test_the_job_posting_json_ld_names_the_country(posting):
    job = job_record(posting)
    assert job.country == "US"
    data = jobdata.json_ld(job)
    assert data["jobLocation"]["address"]["addressCountry"] == "US"
    # Without a country, the last part of the location is used as before.
    requisition = posting.requisition
    requisition.country, requisition.location = "", "Berlin, Germany"
    data = jobdata.json_ld(job_record(posting))
    assert data["jobLocation"]["address"]["addressCountry"] == "Germany"
