"""Referral fixtures: Acme's open requisition (outhire/pipeline/tests/fixtures.py) advertised on its
careers site, and a Globex job to try a link of Acme's on."""

from __future__ import annotations

import pytest

from outhire.careers.models import JobPosting
from outhire.requisitions import services as requisitions


def publish(job) -> JobPosting:
    return JobPosting.objects.create(
        client_id=job.client_id,
        requisition=job,
        channel=JobPosting.Channel.CAREERS,
        status=JobPosting.Status.PUBLISHED,
    )


@pytest.fixture
def posted(requisition):
    publish(requisition)
    return requisition


@pytest.fixture
def globex_job(globex, sam):
    req = requisitions.requisition_create(
        client=globex, by=sam, fields={"title": "Nurse practitioner"}
    )
    requisitions.requisition_submit(requisition=req, by=sam)
    req.refresh_from_db()
    publish(req)
    return req
