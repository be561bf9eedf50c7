"""Source attribution: channel from utm_source or ?src=, campaign tags, referrer."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outhire.careers.apply.attribution import channel_of, clean_referrer, tags_of_own_referrer
from outhire.careers.apply.rules import add_months, prefill_from_resume, split_name
from outhire.careers.apply.tests.fixtures import (  # noqa: F401 (fixtures)
    _fresh_rate_limit,
    _posting,
    _requisition,
    apply_url,
    form_data,
    resume_pdf,
)
from outhire.pipeline.models import Application


@pytest.mark.parametrize(
    ("source", "medium", "expected"),
    [
        ("indeed", "", ("job_board", "indeed")),
        ("LinkedIn", "cpc", ("job_board", "linkedin")),
        ("glassdoor", "", ("job_board", "glassdoor")),
        ("facebook", "social", ("social", "facebook")),
        ("twitter", "", ("social", "x")),
        ("x", "social", ("social", "x")),
        ("linkedin_share", "social", ("social", "linkedin")),
        ("email", "social", ("social", "email")),
        ("provider_board", "", ("careers_site", "provider_board")),
        ("newsletter", "email", ("careers_site", "newsletter")),
        ("", "", ("careers_site", "")),
    ],
)
def test_channel_of(source, medium, expected):
    assert channel_of(source, medium) == expected


def test_the_referrer_loses_its_query_and_our_own_pages():
    assert clean_referrer("https://www.indeed.com/viewjob?jk=1&email=a@b.c#x") == (
        "https://www.indeed.com/viewjob"
    )
    assert clean_referrer("https://jobs.example/careers/acme/", own_host="jobs.example") == ""
    assert clean_referrer("javascript:alert(1)") == ""
    assert clean_referrer("http://[::1") == ""
    assert len(clean_referrer("https://a.example/" + "p" * 900)) == 500


def test_tags_of_our_own_job_page_are_read_from_the_referrer():
    url = "http://testserver/careers/acme/jobs/1/?utm_source=indeed&utm_campaign=spring"
    tags = tags_of_own_referrer(url, own_host="testserver")
    assert tags["utm_source"] == "indeed" and tags["utm_campaign"] == "spring"
    assert tags_of_own_referrer(url, own_host="elsewhere") == {}


def test_rules():
    assert add_months(datetime(2024, 1, 31), 1) == datetime(2024, 2, 29)
    assert add_months(datetime(2026, 11, 26), 24) == datetime(2028, 11, 26)
    assert add_months(datetime(2026, 12, 1), 1) == datetime(2027, 1, 1)
    assert split_name("  Jane   van Dyke ") == ("Jane", "van Dyke")
    assert split_name("") == ("", "")
    resume = {"basics": {"name": "Ana Lima", "location": {"city": "Porto", "countryCode": "PT"}}}
    assert prefill_from_resume(resume) == {
        "first_name": "Ana",
        "last_name": "Lima",
        "location": "Porto, PT",
    }


def _cv():
    return SimpleUploadedFile("cv.pdf", resume_pdf(), "application/pdf")


@pytest.mark.django_db
def test_an_application_from_an_indeed_link_records_board_and_campaign(client, posting):
    query = "?utm_source=indeed&utm_medium=cpc&utm_campaign=spring-hiring"
    page = client.get(
        apply_url(posting) + query, HTTP_REFERER="https://uk.indeed.com/viewjob?jk=42"
    ).content.decode()
    # Carried through the form as hidden fields.
    for value in ("indeed", "cpc", "spring-hiring", "https://uk.indeed.com/viewjob"):
        assert f'value="{value}"' in page
    data = form_data(
        resume=_cv(),
        utm_source="indeed",
        utm_medium="cpc",
        utm_campaign="spring-hiring",
        referrer="https://uk.indeed.com/viewjob",
    )
    assert client.post(apply_url(posting), data).status_code == 302
    application = Application.objects.get()
    assert (application.source, application.source_detail) == ("job_board", "indeed")
    assert (application.utm_source, application.utm_medium, application.utm_campaign) == (
        "indeed",
        "cpc",
        "spring-hiring",
    )
    assert application.referrer == "https://uk.indeed.com/viewjob"
    assert application.stage.kind == "applied"


@pytest.mark.django_db
def test_the_resume_step_carries_the_tags_on(client, posting):
    page = client.get(apply_url(posting) + "?src=facebook").content.decode()
    assert 'name="src" value="facebook"' in page
    step = client.post(apply_url(posting), {"action": "upload", "resume": _cv(), "src": "facebook"})
    assert 'name="src" value="facebook"' in step.content.decode()


@pytest.mark.django_db
def test_a_share_link_counts_as_social(client, posting):
    data = form_data(resume=_cv(), src="facebook")
    client.post(apply_url(posting), data)
    application = Application.objects.get()
    assert (application.source, application.source_detail) == ("social", "facebook")


@pytest.mark.django_db
def test_no_tags_is_the_careers_site(client, posting):
    client.post(apply_url(posting), form_data(resume=_cv()))
    application = Application.objects.get()
    assert (application.source, application.source_detail) == ("careers_site", "")
    assert application.utm_source == application.referrer == ""


@pytest.mark.django_db
def test_tags_of_the_job_page_reach_the_application_through_the_referer(client, posting):
    job_page = f"http://testserver/careers/acme/jobs/{posting.requisition_id}/?utm_source=linkedin"
    page = client.get(apply_url(posting), HTTP_REFERER=job_page).content.decode()
    assert 'name="utm_source" value="linkedin"' in page
    referrer = re.search(r'<input[^>]*name="referrer"[^>]*>', page).group(0)
    assert "testserver" not in referrer  # our own job page is not where they came from
