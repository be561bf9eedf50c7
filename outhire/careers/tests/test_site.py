"""The public careers pages: the provider's board, a client's site, a job page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from outhire.careers.models import CareerSite
from outhire.careers.tests.site_fixtures import h1_count, open_requisition, post, text

pytestmark = pytest.mark.django_db


def site_url(slug="acme", **query):
    url = reverse("careers:site", kwargs={"slug": slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def job_url(requisition, slug=None):
    slug = slug or requisition.client.slug
    return reverse("careers:job", kwargs={"slug": slug, "requisition_id": requisition.pk})


@pytest.fixture
def branded(acme):
    acme.about = "We make friendly robots."
    acme.save()
    return CareerSite.objects.create(
        client=acme,
        culture="We ship small things often.",
        values="Curiosity\nKindness",
        benefits="- 30 days of holiday\n- Robot of your own",
        contact_email="careers@acme.test",
        contact_phone="+49 30 123456",
    )


def test_it_shows_a_clients_site_with_its_brand_and_open_jobs(client, branded, job, globex_job):
    response = client.get(site_url())
    body = text(response)
    assert response.status_code == 200
    for expected in (
        "Build robots with Acme",
        "We make friendly robots.",
        "We ship small things often.",
        "<li>Kindness</li>",
        "<li>30 days of holiday</li>",
        "Senior Robot Whisperer",
        "careers@acme.test",
    ):
        assert expected in body
    assert "Globex Nurse Practitioner" not in body


def test_the_site_lists_exactly_the_live_careers_postings(client, acme, rita, job, hidden_jobs):
    board_only = open_requisition(acme, rita, title="Board only marker")
    post(board_only, "provider_board", "indeed")
    body = text(client.get(site_url()))
    assert "Senior Robot Whisperer" in body
    for title in [*hidden_jobs, "Board only marker"]:
        assert title not in body


def test_the_board_lists_every_clients_provider_board_jobs(client, acme, rita, job, globex_job):
    careers_only = open_requisition(acme, rita, title="Careers only marker")
    post(careers_only, "careers")
    body = text(client.get(reverse("careers:board")))
    assert "Senior Robot Whisperer" in body and "Globex Nurse Practitioner" in body
    assert "Acme Robotics" in body and "Globex Health" in body
    assert "Careers only marker" not in body
    assert "utm_source=provider_board" in body


def test_search_and_filters_narrow_the_list(client, acme, rita, job):
    remote = open_requisition(
        acme,
        rita,
        title="Remote Data Analyst",
        location="Lisbon, Portugal",
        remote_policy="remote",
        department="Data",
    )
    post(remote, "careers")
    assert "Remote Data Analyst" not in text(client.get(site_url(q="whisperer")))
    assert "Senior Robot Whisperer" in text(client.get(site_url(q="ROS")))
    body = text(client.get(site_url(remote="remote")))
    assert "Remote Data Analyst" in body and "Senior Robot Whisperer" not in body
    body = text(client.get(site_url(location="Berlin, Germany")))
    assert "Senior Robot Whisperer" in body and "Remote Data Analyst" not in body
    body = text(client.get(site_url(department="Data")))
    assert "Remote Data Analyst" in body and "Senior Robot Whisperer" not in body
    # An option no longer offered, or junk, is ignored rather than an error.
    response = client.get(site_url(location="Atlantis", remote="moon", page="zz"))
    assert response.status_code == 200
    assert "Senior Robot Whisperer" in text(response)


def test_it_pages_long_lists(client, acme, rita):
    for n in range(25):
        post(open_requisition(acme, rita, title=f"Welder {n:02}"), "careers")
    first = text(client.get(site_url()))
    assert first.count('class="job-card"') == 20
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = text(client.get(site_url(page=2)))
    assert second.count('class="job-card"') == 5


def test_the_job_page_shows_the_job_apply_and_share_links(client, branded, job):
    response = client.get(job_url(job))
    body = text(response)
    assert response.status_code == 200
    assert "Senior Robot Whisperer" in body and "Teach robots to listen." in body
    assert "Berlin, Germany" in body and "€60,000–€75,000 per year" in body
    apply = reverse("careers:apply", kwargs={"slug": "acme", "requisition_id": job.pk})
    assert f'href="{apply}"' in body
    for share in (
        "https://www.linkedin.com/sharing/share-offsite/?url=",
        "https://twitter.com/intent/tweet?url=",
        "https://www.facebook.com/sharer/sharer.php?u=",
        "mailto:?subject=",
    ):
        assert share in body


def test_the_job_page_carries_the_visitors_source_to_the_apply_form(client, job):
    body = text(client.get(job_url(job) + "?utm_source=indeed&utm_campaign=spring&junk=1"))
    apply = reverse("careers:apply", kwargs={"slug": "acme", "requisition_id": job.pk})
    assert f'href="{apply}?utm_source=indeed&amp;utm_campaign=spring"' in body


def test_the_job_page_tells_candidates_how_ai_is_used_and_whom_to_ask(client, branded, job):
    body = text(client.get(job_url(job)))
    notice = re.search(r'<aside class="ai-notice".*?</aside>', body, re.S).group(0)
    assert "automated tools" in notice and "never reject" in notice
    assert "reviewed by a person" in notice
    assert "mailto:careers@acme.test" in notice and "+49 30 123456" in notice


def json_ld_of(body: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_the_job_page_has_googles_jobposting_json_ld(client, acme, job):
    acme.website = "https://acme.test"
    acme.save()
    data = json_ld_of(text(client.get(job_url(job))))
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == "Senior Robot Whisperer"
    assert "<p>Teach robots to listen.</p>" in data["description"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["datePosted"])
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Acme Robotics",
        "sameAs": "https://acme.test",
    }
    address = data["jobLocation"]["address"]
    assert address["addressLocality"] == "Berlin" and address["addressCountry"] == "Germany"
    assert data["validThrough"].startswith(str(job.postings.first().expires_at.date()))
    assert data["baseSalary"]["currency"] == "EUR"
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "YEAR",
        "minValue": 60000,
        "maxValue": 75000,
    }
    assert data["identifier"]["value"] == f"outhire-{job.pk}"
    assert data["employmentType"] == "FULL_TIME"
    assert "jobLocationType" not in data


def test_a_remote_job_is_telecommute_with_an_applicant_location(client, acme, rita):
    remote = open_requisition(
        acme, rita, title="Remote Analyst", location="Portugal", remote_policy="remote"
    )
    post(remote, "careers")
    data = json_ld_of(text(client.get(job_url(remote))))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "Portugal"}
    assert "jobLocation" not in data and "baseSalary" not in data and "validThrough" not in data


def test_json_ld_cannot_be_broken_out_of(client, acme, rita):
    nasty = open_requisition(
        acme, rita, title="</script><script>alert(1)</script>", description="a & b < c"
    )
    post(nasty, "careers")
    body = text(client.get(job_url(nasty)))
    assert "<script>alert(1)" not in body
    assert json_ld_of(body)["title"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize("case", ["unknown", "inactive", "draft", "other_client", "held"])
def test_it_answers_a_friendly_404(client, acme, globex, rita, job, hidden_jobs, case):
    url = {
        "unknown": site_url("nobody-here"),
        "inactive": job_url(job),
        "draft": job_url(hidden_jobs["Draft posting marker"]),
        "other_client": job_url(job, slug=globex.slug),
        "held": job_url(hidden_jobs["On hold posting marker"]),
    }[case]
    if case == "inactive":
        acme.is_active = False
        acme.save()
    response = client.get(url)
    assert response.status_code == 404
    body = text(response)
    assert "We could not find that page" in body and 'href="/careers/"' in body
    assert "Senior Robot Whisperer" not in body and "posting marker" not in body


def test_an_inactive_clients_site_and_feeds_are_gone(client, acme, job):
    acme.is_active = False
    acme.save()
    for name in ("site", "indeed", "linkedin", "rss", "theme"):
        assert client.get(reverse(f"careers:{name}", kwargs={"slug": "acme"})).status_code == 404


class Outline(HTMLParser):
    """Collects what the accessibility checks look at."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = None
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.images: list[dict] = []
        self.scripts: list[dict] = []
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "label" and "for" in attrs:
            self.label_for.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type") != "hidden":
            self.fields.append(attrs)
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "a":
            self.links.append(attrs)


@pytest.mark.parametrize("page", ["board", "site", "job"])
def test_pages_have_the_accessibility_basics_and_need_no_javascript(
    client, acme, branded, job, page
):
    acme.logo = "logos/acme.png"
    acme.save()
    url = {"board": reverse("careers:board"), "site": site_url(), "job": job_url(job)}[page]
    body = text(client.get(url))
    outline = Outline()
    outline.feed(body)
    assert outline.html_lang == "en-gb"
    assert h1_count(body) == 1
    assert outline.links[0]["href"] == "#main" and "main" in outline.ids
    for field in outline.fields:
        assert field["id"] in outline.label_for, f"unlabelled field {field}"
    if page != "job":
        assert {"id_q", "id_location", "id_remote"} <= {f["id"] for f in outline.fields}
        assert 'role="search"' in body
    for image in outline.images:
        assert image.get("alt"), f"image without alt text: {image}"
    if page != "board":
        assert any(i.get("alt") == "Acme Robotics logo" for i in outline.images)
    # No script runs on these pages: only the JSON-LD data block, which is not executed.
    assert all(s.get("type") == "application/ld+json" for s in outline.scripts)
    assert 'name="viewport"' in body


def test_the_theme_gives_readable_text_on_the_clients_colours(client, acme):
    acme.primary_colour = "#f0e68c"  # a light khaki: dark text must go on it
    acme.save()
    response = client.get(reverse("careers:theme", kwargs={"slug": "acme"}))
    css = text(response)
    assert response["Content-Type"].startswith("text/css")
    assert "--site-brand: #f0e68c;" in css and "--site-brand-ink: #000000;" in css


def counted(django_assert_max_num_queries, client, url, limit):
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


PAGES_AND_FEEDS = [
    "board",
    "site",
    "job",
    "indeed",
    "linkedin",
    "rss",
    "board_indeed",
    "board_linkedin",
    "board_rss",
]


def test_pages_and_feeds_run_a_constant_number_of_queries(
    client, acme, rita, job, django_assert_max_num_queries
):
    """Every page and feed, with 2 jobs posted and then with 29: at most 8 queries, the same
    number both times. One test for all of them, so the 27 more jobs are posted once (posting
    them again for each page took 1.5 s a page)."""
    urls = {}
    for name in PAGES_AND_FEEDS:
        kwargs = {}
        if name in {"site", "indeed", "linkedin", "rss"}:
            kwargs = {"slug": "acme"}
        elif name == "job":
            kwargs = {"slug": "acme", "requisition_id": job.pk}
        urls[name] = reverse(f"careers:{name}", kwargs=kwargs)
    CareerSite.objects.create(client=acme, contact_email="careers@acme.test")
    for n in range(2):
        post(
            open_requisition(acme, rita, title=f"Small {n}"),
            "careers",
            "provider_board",
            "indeed",
            "linkedin",
        )
    few = {
        name: counted(django_assert_max_num_queries, client, url, 8) for name, url in urls.items()
    }
    for n in range(27):
        post(
            open_requisition(acme, rita, title=f"Big {n}"),
            "careers",
            "provider_board",
            "indeed",
            "linkedin",
        )
    many = {
        name: counted(django_assert_max_num_queries, client, url, 8) for name, url in urls.items()
    }
    assert few == many
