"""Fixtures of the careers-site tests: open requisitions of Acme and Globex, postings per channel.

Imported by each test module (not a conftest, so the apply-flow tests keep their own fixtures).
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from outhire.careers.models import JobPosting
from outhire.requisitions import services as requisitions


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def open_requisition(client, by, **fields):
    """An open requisition of `client` (no approval chain: submitting opens it)."""
    fields.setdefault("title", "Robot Whisperer")
    requisition = requisitions.requisition_create(client=client, by=by, fields=fields)
    requisitions.requisition_submit(requisition=requisition, by=by)
    requisition.refresh_from_db()
    return requisition


def post(requisition, *channels, status="published", **fields) -> list[JobPosting]:
    fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    return [
        JobPosting.objects.create(
            client=requisition.client,
            requisition=requisition,
            channel=channel,
            status=status,
            **fields,
        )
        for channel in channels
    ]


ALL = ("careers", "provider_board", "indeed", "linkedin", "social")


@pytest.fixture
def job(acme, rita, hank):
    """An open, fully described requisition of Acme, live on every channel."""
    requisition = open_requisition(
        acme,
        rita,
        title="Senior Robot Whisperer",
        hiring_manager=hank,
        department="Engineering",
        location="Berlin, Germany",
        salary_min=Decimal("60000"),
        salary_max=Decimal("75000"),
        salary_currency="EUR",
        description="Teach robots to listen.\n\nYou will work with ROS every day.",
    )
    post(requisition, *ALL, expires_at=timezone.now() + timedelta(days=30))
    return requisition


@pytest.fixture
def globex_job(globex, sam):
    requisition = open_requisition(globex, sam, title="Globex Nurse Practitioner")
    post(requisition, *ALL)
    return requisition


@pytest.fixture
def hidden_jobs(acme, rita):
    """Acme requisitions whose postings must appear nowhere, by title."""
    titles = {}
    draft = open_requisition(acme, rita, title="Draft posting marker")
    post(draft, *ALL, status="draft")
    withdrawn = open_requisition(acme, rita, title="Withdrawn posting marker")
    post(withdrawn, *ALL, status="withdrawn")
    expired = open_requisition(acme, rita, title="Expired posting marker")
    post(
        expired,
        *ALL,
        publish_at=timezone.now() - timedelta(days=10),
        expires_at=timezone.now() - timedelta(days=1),
    )
    future = open_requisition(acme, rita, title="Future posting marker")
    post(future, *ALL, publish_at=timezone.now() + timedelta(days=2))
    held = open_requisition(acme, rita, title="On hold posting marker")
    post(held, *ALL)
    requisitions.requisition_hold(requisition=held, by=rita, reason="Budget review")
    unopened = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Unopened posting marker"}
    )
    post(unopened, *ALL)
    for r in (draft, withdrawn, expired, future, held, unopened):
        titles[r.title] = r
    return titles


def text(response) -> str:
    return response.content.decode()


def h1_count(body: str) -> int:
    return len(re.findall(r"<h1[\s>]", body))
