"""Interview fixtures: the pipeline's open requisition of Acme, and interviews on it."""

from __future__ import annotations

import pytest

from outhire.candidates.services import candidate_update
from outhire.interviews.tests.helpers import started
from outhire.pipeline.services import application_move
from outhire.requisitions.models import Competency


@pytest.fixture
def competencies(requisition):
    return [
        Competency.objects.create(
            client=requisition.client, requisition=requisition, name=name, position=n
        )
        for n, name in enumerate(["Problem solving", "Robotics", "Communication"])
    ]


@pytest.fixture
def submitted_application(make_application, stage, rita):
    """Ada, shortlisted to Acme (so its people may see her), with an e-mail address."""

    def make(first: str = "Ada", last: str = "Lovelace", email: str = "ada@example.test"):
        application = make_application(first, last)
        candidate_update(candidate=application.candidate, fields={}, emails=[email], by=rita)
        application_move(application=application, to_stage=stage("submitted"), by=rita)
        application_move(application=application, to_stage=stage("interview"), by=rita)
        application.refresh_from_db()
        return application

    return make


@pytest.fixture
def interview(submitted_application, rita, ivy, hank):
    from outhire.interviews import services

    return services.interview_create(
        application=submitted_application(),
        by=rita,
        interviewers=[ivy, hank],
        fields={
            "title": "Technical interview",
            "kind": "video",
            "duration_minutes": 60,
            "time_zone": "Europe/London",
            "video_url": "https://meet.example.test/abc",
        },
    )


@pytest.fixture
def held(interview):
    """The `interview`, begun two hours ago (scheduled then): scorecards are open."""
    return started(interview)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(execute=True):` runs the after-commit work (e-mails) of what it wraps."""
    return django_capture_on_commit_callbacks
