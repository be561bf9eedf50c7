"""Engagement test helpers on top of the shared personas in the project's conftest.py."""

from __future__ import annotations

import pytest

from outhire.engagements.models import Engagement, Intake


@pytest.fixture
def acme_engagement(acme):
    return Engagement.objects.create(
        client=acme,
        name="Acme full cycle",
        functions=["sourcing", "screening"],
        starts_on="2026-01-01",
        fee_model="per_hire",
        per_hire_fee=5000,
        sla_days_to_fill=45,
    )


@pytest.fixture
def globex_engagement(globex):
    return Engagement.objects.create(
        client=globex,
        name="Globex sourcing",
        functions=["sourcing"],
        starts_on="2026-02-01",
        fee_model="management_fee",
        monthly_fee=10000,
    )


@pytest.fixture
def acme_intake(acme, acme_engagement, rita, hank):
    return Intake.objects.create(
        client=acme,
        engagement=acme_engagement,
        job_title="Robotics engineer",
        job_family="specialist",
        purpose="Build the robots",
        hiring_manager=hank,
        must_have_skills=["Python"],
        competencies=["Ownership", "Curiosity"],
        headcount=2,
        created_by=rita,
    )
