"""The demo seeding of careers sites and postings."""

from __future__ import annotations

import pytest

from outhire.accounts.models import Client
from outhire.careers.models import CareerSite, JobPosting
from outhire.careers.tests.site_fixtures import _empty_cache, open_requisition  # noqa: F401
from outhire.demo.careers import seed_careers
from outhire.requisitions import services as requisitions

pytestmark = pytest.mark.django_db


def test_it_posts_open_jobs_everywhere_once(client, rita):
    demo = Client.objects.create(name="Acme Robotics", slug="acme-robotics")
    job = open_requisition(demo, rita, title="Demo Welder")
    draft = requisitions.requisition_create(client=demo, by=rita, fields={"title": "Not open"})
    client.get("/careers/acme-robotics/")  # cached before the seed: must not stay stale
    report = seed_careers(clients=[demo])
    assert report.sites == 1 and report.postings == 4
    assert CareerSite.objects.get(client=demo).contact_email == "talent@acme-robotics.example"
    assert set(JobPosting.objects.live().values_list("channel", flat=True)) == {
        "careers",
        "provider_board",
        "indeed",
        "linkedin",
    }
    assert not JobPosting.objects.filter(requisition=draft).exists()
    assert "Demo Welder" in client.get("/careers/acme-robotics/").content.decode()
    again = seed_careers(clients=[demo])
    assert again.sites == 0 and again.postings == 0
    assert JobPosting.objects.filter(requisition=job).count() == 4
