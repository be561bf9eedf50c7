"""Interview fixtures: the pipeline's open requisition of Acme, and interviews on it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from outhire.candidates.services import candidate_update
from outhire.pipeline.services import application_move
from outhire.pipeline.tests.conftest import (  # noqa: F401 (fixtures)
    make_application,
    requisition,
    stage,
)
from outhire.requisitions.models import Competency


@pytest.fixture
def competencies(requisition):  # noqa: F811
    return [
        Competency.objects.create(
            client=requisition.client, requisition=requisition, name=name, position=n
        )
        for n, name in enumerate(["Problem solving", "Robotics", "Communication"])
    ]


@pytest.fixture
def submitted_application(make_application, stage, rita):  # noqa: F811
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


def started(interview, *, hours_ago: int = 2):
    """Mark `interview` as booked for a time already begun: its scorecards may be submitted."""
    from outhire.interviews.models import Interview

    start = timezone.now() - timedelta(hours=hours_ago)
    Interview.objects.filter(pk=interview.pk).update(
        status=Interview.Status.SCHEDULED,
        starts_at=start,
        ends_at=start + timedelta(minutes=interview.duration_minutes),
    )
    interview.refresh_from_db()
    return interview


@pytest.fixture
def held(interview):
    """The `interview`, begun two hours ago (scheduled then): scorecards are open."""
    return started(interview)


def next_weekday(hour: int = 10, *, days: int = 3, zone: str = "UTC"):
    """A weekday `days` or more ahead at `hour` o'clock in `zone` (inside default hours)."""
    from zoneinfo import ZoneInfo

    day = (timezone.now() + timedelta(days=days)).astimezone(ZoneInfo(zone)).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    from datetime import datetime, time

    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(execute=True):` runs the after-commit work (e-mails) of what it wraps."""
    return django_capture_on_commit_callbacks
