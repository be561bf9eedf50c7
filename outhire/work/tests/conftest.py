"""A working day of Acme: an open requisition of Rita's with Hank as hiring manager, and
builders for candidates at every point of the pipeline."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from outhire.accounts.tenancy import Access, scope
from outhire.candidates.services import candidate_create
from outhire.engagements.models import Engagement
from outhire.pipeline.services import application_create, application_move
from outhire.requisitions import services as requisitions
from outhire.requisitions.services import dispositions_ensure
from outhire.testing import make_member, make_user
from outhire.work.selectors import SPECS, Context


@pytest.fixture
def requisition(acme, rita, hank):
    """Rita's open requisition of Acme, managed by Hank."""
    req = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={"title": "Robotics Engineer", "openings": 2, "hiring_manager": hank},
    )
    req.recruiters.add(rita)
    requisitions.requisition_submit(requisition=req, by=rita)
    dispositions_ensure(acme)
    req.refresh_from_db()
    return req


@pytest.fixture
def stage(requisition):
    return lambda kind, req=None: (req or requisition).stages.get(kind=kind)


@pytest.fixture
def applicant(requisition, rita, stage):
    """applicant("Ada", kind="screen") -> an active application at the first stage of `kind`."""
    counter = iter(range(10_000))

    def make(first: str = "Ada", *, kind: str = "applied", req=None, email: str = ""):
        n = next(counter)
        candidate = candidate_create(
            by=rita,
            first_name=first,
            last_name=f"Tester{n}",
            emails=[email or f"{first.lower()}.{n}@people.test"],
        )
        req = req or requisition
        application = application_create(
            requisition=req, candidate=candidate, by=rita, stage=stage("applied", req)
        )
        if kind != "applied":
            if kind in {"interview", "assessment", "offer"}:
                application = application_move(
                    application=application, to_stage=stage("submitted", req), by=rita
                )
            application = application_move(
                application=application, to_stage=stage(kind, req), by=rita
            )
        application.refresh_from_db()
        return application

    return make


@pytest.fixture
def coordinator(acme):
    return make_member(
        make_user("cole@provider.test", "Cole Coordinator", "coordinator"), acme, "coordinator"
    )


@pytest.fixture
def sourcer(acme):
    return make_member(make_user("sol@provider.test", "Sol Sourcer", "sourcer"), acme, "sourcer")


@pytest.fixture
def engagement(acme, alice):
    return Engagement.objects.create(
        client=acme,
        name="Acme RPO",
        starts_on=date(2026, 1, 1),
        fee_model="per_hire",
        per_hire_fee=5000,
        account_lead=alice,
        sla_days_to_first_shortlist=10,
        sla_days_to_fill=30,
        sla_feedback_hours=24,
    )


@pytest.fixture
def read():
    """read(user, key) -> the item `key` of `user`'s work, read inside their request scope."""

    def read_(user, key: str, *, now=None, limit: int = 50):
        access = Access(user)
        with scope(access):
            return SPECS[key].read(Context(access, now=now or timezone.now()), limit)

    return read_


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(execute=True):` runs the after-commit work (e-mails) of what it wraps."""
    return django_capture_on_commit_callbacks
