"""The careers site in several languages: per-site languages, redirects, switcher, hreflang,
JSON-LD inLanguage, a cache that never mixes languages, and the site form that sets them.

The German texts need the compiled catalogues (outhire/locale, `make messages`)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from outhire.careers.cache import page_key
from outhire.careers.models import CareerSite
from outhire.careers.tests.site_fixtures import text
from outhire.testing import login

pytestmark = pytest.mark.django_db


def offer(client, *codes):
    site, _ = CareerSite.objects.get_or_create(client=client)
    site.languages = list(codes)
    site.save()
    return site


def job_path(requisition, prefix=""):
    return f"{prefix}/careers/{requisition.client.slug}/jobs/{requisition.pk}/"


def json_ld(body: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.loads(found.group(1))


def test_a_german_job_page_of_a_site_in_english_and_german(client, job, settings):
    offer(job.client, "en-gb", "de")
    response = client.get(job_path(job, "/de"))
    assert response.status_code == 200
    body = text(response)
    assert '<html lang="de"' in body
    assert "Jetzt bewerben" in body and "Über die Stelle" in body
    assert "Apply for this job" not in body
    site = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="en-GB" href="{site}{job_path(job)}">' in body
    assert f'<link rel="alternate" hreflang="de" href="{site}{job_path(job, "/de")}">' in body
    assert f'<link rel="alternate" hreflang="x-default" href="{site}{job_path(job)}">' in body
    assert json_ld(body)["inLanguage"] == "de"
    # The switcher: plain links, each language in its own name, the current one marked.
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    assert 'aria-label="Sprache"' in switcher
    assert f'<a href="{site}{job_path(job)}" hreflang="en-GB" lang="en-GB">English</a>' in switcher
    assert (
        f'<a href="{site}{job_path(job, "/de")}" hreflang="de" lang="de" aria-current="true">'
        "Deutsch</a>"
    ) in switcher
    assert response["Content-Language"] == "de"


def test_the_english_page_names_its_language_in_the_json_ld(client, job):
    offer(job.client, "en-gb", "de")
    body = text(client.get(job_path(job)))
    assert json_ld(body)["inLanguage"] == "en-GB"
    assert "Apply for this job" in body


def test_a_site_in_one_language_has_no_switcher(client, job):
    body = text(client.get(job_path(job)))
    assert "language-switcher" not in body
    assert 'hreflang="x-default"' in body


def test_a_language_the_site_does_not_offer_redirects_to_its_default(client, job):
    # English only (no languages chosen): /de/ goes to the unprefixed page, query kept.
    response = client.get(job_path(job, "/de") + "?utm_source=x")
    assert response.status_code == 302
    assert response["Location"] == job_path(job) + "?utm_source=x"
    assert client.get(f"/de/careers/{job.client.slug}/").status_code == 302
    # A site in German and French only: the unprefixed (English) page goes to German.
    offer(job.client, "de", "fr")
    response = client.get(f"/careers/{job.client.slug}/")
    assert response.status_code == 302 and response["Location"] == f"/de/careers/{job.client.slug}/"
    assert client.get(job_path(job, "/fr")).status_code == 200
    assert client.get(job_path(job, "/es"))["Location"] == job_path(job, "/de")


def test_the_provider_board_follows_the_url_language(client, job):
    body = text(client.get("/fr/careers/"))
    assert '<html lang="fr"' in body
    assert "Postes dans les entreprises pour lesquelles nous recrutons" in body
    assert 'hreflang="nl"' in body and 'hreflang="x-default"' in body
    assert "Senior Robot Whisperer" in body


def test_the_cache_never_serves_one_language_for_another(client, job):
    offer(job.client, "en-gb", "de")
    english = text(client.get(job_path(job)))  # rendered and cached
    german = text(client.get(job_path(job, "/de")))
    assert "Apply for this job" in english and "Jetzt bewerben" in german
    # Both come from the cache now, each in its own language.
    again_en = client.get(job_path(job))
    again_de = client.get(job_path(job, "/de"))
    assert text(again_en) == english and again_en["Content-Language"] == "en-gb"
    assert text(again_de) == german and again_de["Content-Language"] == "de"
    assert again_en["ETag"] != again_de["ETag"]


def test_the_cache_key_holds_the_language():
    request = RequestFactory().get("/careers/acme/")
    with translation.override("en-gb"):
        english = page_key(request, "v1", ())
    with translation.override("de"):
        german = page_key(request, "v1", ())
    assert english != german


def test_staff_choose_the_site_languages_and_its_default(client, carla, acme):
    login(client, carla)
    url = reverse("careers_manage:site_edit", kwargs={"slug": "acme"})
    page = text(client.get(url))
    assert 'name="languages"' in page and 'name="default_language"' in page
    response = client.post(
        url, {"languages": ["en-gb", "de", "nl"], "default_language": "de", "contact_phone": ""}
    )
    assert response.status_code == 302
    assert CareerSite.objects.get(client=acme).languages == ["de", "en-gb", "nl"]
    refused = client.post(url, {"languages": ["en-gb"], "default_language": "fr"})
    assert refused.status_code == 400
    assert "default" in text(refused)
    assert CareerSite.objects.get(client=acme).language_codes == ["de", "en-gb", "nl"]


def test_the_staff_pages_are_german_for_a_german_user(client, carla, acme):
    carla.language = "de"
    carla.save(update_fields=["language"])
    login(client, carla)
    listing = text(client.get(reverse("careers_manage:site_list")))
    form = text(client.get(reverse("careers_manage:site_edit", kwargs={"slug": "acme"})))
    assert "Karriereseiten" in listing and "Seiten, die Sie bearbeiten können" in listing
    assert "Sprachen der Seite" in form and "Standardsprache" in form
