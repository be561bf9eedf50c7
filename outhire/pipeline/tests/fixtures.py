"""Hiring fixtures: an open requisition of Acme with its stages, and candidates to move.

A plugin of the root conftest.py, so every app's tests may use them (a test module or
conftest may define its own `requisition`, closer ones win)."""

from __future__ import annotations

import pytest

from outhire.candidates.services import candidate_create
from outhire.pipeline.services import application_create
from outhire.requisitions import services as requisitions
from outhire.requisitions.services import dispositions_ensure


@pytest.fixture
def requisition(acme, rita, hank):
    """An open requisition of Acme with two openings and the default stages."""
    req = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={"title": "Robotics Engineer", "openings": 2, "hiring_manager": hank},
    )
    requisitions.requisition_submit(requisition=req, by=rita)  # no chain: opens at once
    dispositions_ensure(acme)
    req.refresh_from_db()
    return req


@pytest.fixture
def stage(requisition):
    """stage("interview") -> the requisition's first stage of that kind."""
    return lambda kind: requisition.stages.get(kind=kind)


@pytest.fixture
def make_application(requisition, rita):
    def make(first: str, last: str = "Doe", **kwargs):
        candidate = candidate_create(by=rita, first_name=first, last_name=last)
        return application_create(requisition=requisition, candidate=candidate, by=rita, **kwargs)

    return make
