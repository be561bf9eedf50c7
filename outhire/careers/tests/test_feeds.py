"""The job feeds: Indeed XML, LinkedIn XML and RSS 2.0, per client and for the provider's board.

Parsed with real XML parsers; every required field checked; only live postings of the channel.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse

from outhire.careers.models import CareerSite
from outhire.careers.tests.site_fixtures import ALL, open_requisition, post

pytestmark = pytest.mark.django_db

INDEED_REQUIRED = (
    "title",
    "date",
    "referencenumber",
    "url",
    "company",
    "city",
    "country",
    "description",
)
LINKEDIN_REQUIRED = (
    "partnerJobId",
    "company",
    "title",
    "description",
    "applyUrl",
    "location",
)


def feed(client, name, slug=None):
    kwargs = {"slug": slug} if slug else {}
    response = client.get(reverse(f"careers:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response


def titles(root: ET.Element, path: str = "job/title") -> list[str]:
    return [e.text for e in root.findall(path)]


def test_the_indeed_feed_has_every_field_indeed_needs(client, acme, job):
    CareerSite.objects.create(client=acme, contact_email="careers@acme.test")
    response = feed(client, "indeed", "acme")
    assert response["Content-Type"].startswith("application/xml")
    raw = response.content.decode()
    assert "<title><![CDATA[Senior Robot Whisperer]]></title>" in raw
    root = ET.fromstring(response.content)
    assert root.tag == "source"
    assert root.findtext("publisher") == "Acme Robotics"
    assert parsedate_to_datetime(root.findtext("lastBuildDate"))
    (item,) = root.findall("job")
    for name in INDEED_REQUIRED:
        assert (item.findtext(name) or "").strip(), f"<{name}> is empty"
    assert item.findtext("referencenumber") == f"outhire-{job.pk}"
    assert item.findtext("requisitionid") == job.reference
    assert item.findtext("url") == (
        f"http://127.0.0.1:8000/careers/acme/jobs/{job.pk}/?utm_source=indeed&utm_medium=job_board"
    )
    assert item.findtext("city") == "Berlin" and item.findtext("country") == "Germany"
    assert item.findtext("salary") == "€60,000–€75,000 per year"
    assert item.findtext("jobtype") == "fulltime"
    assert item.findtext("email") == "careers@acme.test"
    assert "<p>Teach robots to listen.</p>" in item.findtext("description")
    assert (
        parsedate_to_datetime(item.findtext("date")).date()
        == job.postings.first().publish_at.date()
    )
    assert parsedate_to_datetime(item.findtext("expirationdate"))


def test_the_reference_number_is_stable(client, job):
    first = ET.fromstring(feed(client, "indeed", "acme").content).findtext("job/referencenumber")
    job.title = "Renamed Robot Whisperer"
    job.save()
    again = ET.fromstring(feed(client, "indeed", "acme").content)
    assert again.findtext("job/title") == "Renamed Robot Whisperer"
    assert again.findtext("job/referencenumber") == first


def test_the_linkedin_feed_has_every_field_linkedin_needs(client, acme, job):
    CareerSite.objects.create(
        client=acme, contact_email="careers@acme.test", linkedin_company_id="1337"
    )
    root = ET.fromstring(feed(client, "linkedin", "acme").content)
    assert root.findtext("expectedJobCount") == "1"
    (item,) = root.findall("job")
    for name in LINKEDIN_REQUIRED:
        assert (item.findtext(name) or "").strip(), f"<{name}> is empty"
    assert item.findtext("partnerJobId") == f"outhire-{job.pk}"
    assert item.findtext("companyId") == "1337"
    assert item.findtext("jobPosterEmail") == "careers@acme.test"
    assert item.findtext("location") == "Berlin, Germany"
    assert item.findtext("workplaceTypes") == "On-site"
    assert item.findtext("jobtype") == "FULL_TIME"
    assert "utm_source=linkedin" in item.findtext("applyUrl")
    salary = item.find("salaries/salary")
    assert salary.findtext("highEnd/amount") == "75000.00"
    assert salary.findtext("lowEnd/currencyCode") == "EUR"
    assert salary.findtext("period") == "YEARLY"


def test_the_rss_feed_is_valid_rss_2(client, job):
    response = feed(client, "rss", "acme")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") == "Jobs at Acme Robotics"
    (item,) = channel.findall("item")
    assert item.findtext("title") == "Senior Robot Whisperer (Acme Robotics)"
    assert item.findtext("link").startswith(f"http://127.0.0.1:8000/careers/acme/jobs/{job.pk}/")
    assert item.findtext("guid") == f"outhire-{job.pk}"
    assert parsedate_to_datetime(item.findtext("pubDate"))
    assert item.findtext("category") == "Engineering"


@pytest.mark.parametrize(
    ("name", "path"),
    [("indeed", "job/title"), ("linkedin", "job/title"), ("rss", "channel/item/title")],
)
def test_a_clients_feed_lists_exactly_its_live_postings_of_that_channel(
    client, acme, rita, job, globex_job, hidden_jobs, name, path
):
    other_channel = open_requisition(acme, rita, title="Other channel marker")
    post(other_channel, *[c for c in ALL if c != {"rss": "careers"}.get(name, name)])
    found = titles(ET.fromstring(feed(client, name, "acme").content), path)
    assert [t.replace(" (Acme Robotics)", "") for t in found] == ["Senior Robot Whisperer"]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("board_indeed", "job/title"),
        ("board_linkedin", "job/title"),
        ("board_rss", "channel/item/title"),
    ],
)
def test_the_board_feeds_list_every_clients_live_postings(
    client, job, globex_job, hidden_jobs, name, path
):
    found = titles(ET.fromstring(feed(client, name).content), path)
    found = sorted(t.split(" (")[0] for t in found)
    assert found == ["Globex Nurse Practitioner", "Senior Robot Whisperer"]


def test_hostile_text_still_makes_well_formed_feeds(client, acme, rita):
    # Control characters XML 1.0 forbids; NUL never reaches the database (NullCharacterMiddleware).
    title = "C++ & <Rust> ]]> engineer \x01\x0b"
    nasty = open_requisition(
        acme, rita, title=title, description="Bad ]]> chars \x08 here & <b>there</b>"
    )
    post(nasty, *ALL)
    for name in ("indeed", "linkedin", "rss"):
        raw = feed(client, name, "acme").content
        root = ET.fromstring(raw)
        got = root.findtext("job/title") or root.findtext("channel/item/title")
        assert got.startswith("C++ & <Rust> ]]> engineer")
    description = ET.fromstring(feed(client, "indeed", "acme").content).findtext("job/description")
    assert "Bad ]]&gt; chars" in description or "Bad ]]> chars" in description
    assert "&lt;b&gt;there&lt;/b&gt;" in description


def test_an_empty_feed_is_still_a_valid_feed(client, acme):
    for name in ("indeed", "linkedin"):
        root = ET.fromstring(feed(client, name, "acme").content)
        assert root.findall("job") == []
