"""Applying in another language: the language for our messages, the confirmation e-mail in it,
the thanks page in the page's language, the privacy notice and self-identification by country.

The translated texts need the compiled catalogues (outhire/locale, `make messages`)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.candidates.models import Candidate
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
    form_data,
    resume_pdf,
)
from outhire.careers.models import CareerSite
from outhire.pipeline.models import Application

pytestmark = pytest.mark.django_db


def pdf_file():
    return SimpleUploadedFile("jane-cv.pdf", resume_pdf(), content_type="application/pdf")


def url(posting, prefix="") -> str:
    return f"{prefix}/careers/{posting.client.slug}/jobs/{posting.requisition_id}/apply/"


@pytest.fixture
def multilingual(posting):
    CareerSite.objects.update_or_create(
        client=posting.client, defaults={"languages": ["en-gb", "fr", "de"]}
    )
    return posting


def test_the_form_offers_the_site_languages_the_page_language_chosen(client, multilingual):
    body = client.get(url(multilingual, "/fr") + "?mode=full").content.decode()
    assert '<html lang="fr"' in body
    assert "Envoyer ma candidature" in body
    assert '<label for="id_language">Langue de nos messages</label>' in body
    select = re.search(r'<select name="language".*?</select>', body, re.S).group(0)
    assert re.findall(r'<option value="([^"]+)"', select) == ["en-gb", "fr", "de"]
    assert '<option value="fr" selected>Français</option>' in select


def test_a_site_in_one_language_asks_no_language(client, posting):
    body = client.get(url(posting) + "?mode=full").content.decode()
    assert 'name="language"' not in body


def test_an_application_in_french_is_answered_in_french(
    client, multilingual, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(multilingual, "/fr"), form_data(resume=pdf_file(), language="fr")
        )
    assert response.status_code == 302
    assert response["Location"] == url(multilingual, "/fr") + "thanks/"
    candidate = Application.objects.get().candidate
    assert candidate.language == "fr"
    (message,) = mail.outbox
    assert message.subject == "Votre candidature au poste de Robotics Engineer chez Acme Robotics"
    assert "Bonjour Jane," in message.body
    assert "Merci d’avoir postulé au poste de Robotics Engineer chez Acme Robotics." in message.body
    assert f"/fr/careers/{multilingual.client.slug}/" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html and "Merci d’avoir postulé" in html
    thanks = client.get(response["Location"]).content.decode()
    assert "Merci pour votre candidature" in thanks


def test_the_chosen_language_wins_over_the_page_language(
    client, multilingual, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(multilingual), form_data(resume=pdf_file(), language="de"))
    assert Application.objects.get().candidate.language == "de"
    assert mail.outbox[0].subject.startswith("Ihre Bewerbung für Robotics Engineer")


def test_a_known_candidate_gets_the_new_choice(
    client, multilingual, django_capture_on_commit_callbacks
):
    client.post(url(multilingual), form_data(resume=pdf_file(), language="en-gb"))
    assert Candidate.objects.get().language == "en-gb"
    # The same person again (found by e-mail; a repeat of the same job): the new choice stands.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(multilingual, "/de"), form_data(resume=pdf_file(), language="de"))
    assert Candidate.objects.get().language == "de"
    assert mail.outbox[-1].subject == "Ihre Bewerbung für Robotics Engineer liegt uns bereits vor"


def test_a_us_job_asks_self_identification_in_the_page_language(client, multilingual):
    body = client.get(url(multilingual, "/de") + "?mode=full").content.decode()
    assert "Freiwillige Selbstauskunft" in body
    assert '<label for="id_sex">Geschlecht</label>' in body
    assert '<option value="Female">Weiblich</option>' in body
    assert '<option value="Declined">Ich möchte keine Angabe machen</option>' in body


def test_a_german_job_asks_no_self_identification(client, multilingual):
    requisition = multilingual.requisition
    requisition.country = "DE"
    requisition.save(update_fields=["country"])
    body = client.get(url(multilingual, "/de") + "?mode=full").content.decode()
    assert 'name="sex"' not in body and 'name="race_ethnicity"' not in body
    assert "Selbstauskunft" not in body


@pytest.mark.parametrize(
    "country, location, prefix, expected",
    [
        ("DE", "Berlin", "/de", "Gilt für Stellen in: Europäische Union und EWR (DSGVO)"),
        ("FR", "Paris", "/fr", "Zone concernée\u00a0: Union européenne et EEE (RGPD)"),
        ("GB", "London", "", "Information Commissioner's Office (ICO)"),
        ("US", "San Francisco, CA", "", "Notice at collection"),
        ("US", "Austin, TX", "", "Applies to jobs in: Other countries and US states"),
    ],
)
def test_the_privacy_notice_follows_the_job_country(
    client, multilingual, country, location, prefix, expected
):
    requisition = multilingual.requisition
    requisition.country, requisition.location = country, location
    requisition.save(update_fields=["country", "location"])
    body = client.get(url(multilingual, prefix) + "?mode=full").content.decode()
    assert 'class="card privacy-notice"' in body
    assert expected in body.replace("&#x27;", "'")
